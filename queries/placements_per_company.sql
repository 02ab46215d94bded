-- one row per municipality and number of placements started in the period (0, 1, 2, 3, 4+):
-- how many of the companies in the network started that many
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

buckets as (
    select
        unnest(['0', '1', '2', '3', '4+']) as placements_band,
        unnest([0, 1, 2, 3, 4]) as band_order,
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
        and joined_on <= $end and (left_on is null or left_on >= $start)
),

started as (
    select
        company_key,
        count(*) as count_placements,
    from stg_placements
    where started_on between $start and $end
    group by company_key
),

banded as (
    select
        companies.municipality,
        case
            when coalesce(started.count_placements, 0) >= 4 then '4+'
            else coalesce(started.count_placements, 0)::varchar
        end as placements_band,
        companies.record_key,
    from companies
    left join started on started.company_key = companies.company_key
),

counted as (
    select
        municipality,
        placements_band,
        count(*) as count_companies,
        sum(record_key)::bigint as key_count_companies,
    from banded
    group by municipality, placements_band
),

final as (
    select
        scope.municipality,
        buckets.placements_band,
        buckets.band_order,
        coalesce(counted.count_companies, 0) as count_companies,
        coalesce(counted.key_count_companies, 0) as key_count_companies,
    from scope
    cross join buckets
    left join counted
        on counted.municipality = scope.municipality
        and counted.placements_band = buckets.placements_band
)

select * from final
order by municipality, band_order
