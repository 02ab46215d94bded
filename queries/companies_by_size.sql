-- one row per municipality in scope and size band found among companies in the network during
-- the period: how many companies (0 included)
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

in_network as (
    select
        municipality,
        coalesce(size_band, 'unknown') as size_band,
        record_key,
    from companies
    where joined_on <= $end and (left_on is null or left_on >= $start)
),

aggregated as (
    select
        municipality,
        size_band,
        count(*) as count_companies,
        sum(record_key)::bigint as key_count_companies,
    from in_network
    group by municipality, size_band
),

bands as (
    select distinct
        size_band,
        list_position(['1-9', '10-49', '50-249', '250+', 'unknown'], size_band) as size_order,
    from in_network
),

final as (
    select
        scope.municipality,
        bands.size_band,
        bands.size_order,
        coalesce(aggregated.count_companies, 0) as count_companies,
        coalesce(aggregated.key_count_companies, 0) as key_count_companies,
    from scope
    cross join bands
    left join aggregated
        on aggregated.municipality = scope.municipality
        and aggregated.size_band = bands.size_band
)

select * from final
order by municipality, size_order
