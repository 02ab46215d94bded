-- one row per municipality and DB07 section with companies in the network during the period,
-- counted by size band; the largest section first
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with in_network as (
    select * from companies_in_network($start, $end, $municipalities)
),

aggregated as (
    select
        municipality,
        industry,
        count(*) filter (where size_band = '1-9') as count_size_1_9,
        count(*) filter (where size_band = '10-49') as count_size_10_49,
        count(*) filter (where size_band = '50-249') as count_size_50_249,
        count(*) filter (where size_band = '250+') as count_size_250_plus,
        count(*) filter (where size_band = 'unknown') as count_size_unknown,
        count(*) as count_companies,
        coalesce(sum(record_key) filter (where size_band = '1-9'), 0)::bigint as key_count_size_1_9,
        coalesce(sum(record_key) filter (where size_band = '10-49'), 0)::bigint
            as key_count_size_10_49,
        coalesce(sum(record_key) filter (where size_band = '50-249'), 0)::bigint
            as key_count_size_50_249,
        coalesce(sum(record_key) filter (where size_band = '250+'), 0)::bigint
            as key_count_size_250_plus,
        coalesce(sum(record_key) filter (where size_band = 'unknown'), 0)::bigint
            as key_count_size_unknown,
        sum(record_key)::bigint as key_count_companies,
    from in_network
    group by municipality, industry
),

ranked as (
    select
        *,
        sum(count_companies) over (partition by industry)::integer as count_companies_in_industry,
        sum(key_count_companies) over (partition by industry)::bigint
            as key_count_companies_in_industry,
    from aggregated
)

select * from ranked
order by
    count_companies_in_industry desc, industry = 'unknown' asc, industry asc, municipality asc
