-- one row per company in the network during the period that has a location (for the map)
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
        and joined_on <= $end and (left_on is null or left_on >= $start)
        and latitude is not null and longitude is not null
),

started as (
    select
        company_key,
        count(*) as count_placements,
        sum(record_key)::bigint as key_count_placements,
    from stg_placements
    where started_on between $start and $end
    group by company_key
),

final as (
    select
        companies.company_key,
        companies.company_name,
        companies.municipality,
        coalesce(companies.industry, 'unknown') as industry,
        coalesce(companies.size_band, 'unknown') as size_band,
        companies.latitude,
        companies.longitude,
        companies.is_placed_by_postcode,
        coalesce(started.count_placements, 0) as count_placements,
        coalesce(started.key_count_placements, 0) as key_count_placements,
    from companies
    left join started on started.company_key = companies.company_key
)

select * from final
order by municipality, company_name
