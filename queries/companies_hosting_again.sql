-- one row per municipality in scope, plus the pooled total: companies hosting a placement that
-- overlaps the period, and how many of them had hosted another placement started before it
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

overlapping as (
    select company_key, placement_key
    from stg_placements
    where started_on <= $end and (ended_on is null or ended_on >= $start)
),

earlier as (
    select company_key, placement_key
    from stg_placements
    where started_on < $start
),

hosting as (
    select distinct company_key from overlapping
),

returning_companies as (
    select distinct overlapping.company_key
    from overlapping
    inner join earlier
        on earlier.company_key = overlapping.company_key
        and earlier.placement_key <> overlapping.placement_key
),

flagged as (
    select
        companies.municipality,
        returning_companies.company_key is not null as is_returning,
        companies.record_key,
    from companies
    inner join hosting on hosting.company_key = companies.company_key
    left join returning_companies on returning_companies.company_key = companies.company_key
),

aggregated as (
    select
        scope.municipality,
        count(flagged.municipality) as count_hosting,
        count(*) filter (where flagged.is_returning) as count_returning,
        coalesce(sum(flagged.record_key), 0)::bigint as key_count_hosting,
        coalesce(sum(flagged.record_key) filter (where flagged.is_returning), 0)::bigint
            as key_count_returning,
    from scope
    left join flagged on flagged.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

final as (
    select
        *,
        count_returning / nullif(count_hosting, 0) as share_returning,
    from aggregated
)

select * from final order by municipality nulls last
