-- one row per municipality and size band with companies in the network during the period
with companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

in_network as (
    select
        municipality,
        coalesce(size_band, 'unknown') as size_band,
    from companies
    where joined_on <= $end and (left_on is null or left_on >= $start)
),

aggregated as (
    select
        municipality,
        size_band,
        count(*) as count_companies,
    from in_network
    group by municipality, size_band
),

ordered as (
    select
        *,
        list_position(['1-9', '10-49', '50-249', '250+', 'unknown'], size_band) as size_order,
    from aggregated
)

select * from ordered order by municipality, size_order
