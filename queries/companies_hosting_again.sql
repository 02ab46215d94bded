-- one row per municipality in scope, plus the pooled total: companies hosting a placement that
-- overlaps the period, and how many of them had hosted another placement started before it
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

overlapping as (
    select
        company_key,
        placement_key
    from stg_placements
    where started_on <= $end and (ended_on is null or ended_on >= $start)
),

earlier as (
    select
        company_key,
        placement_key
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
        companies.record_key,
        true as flag_count_hosting,
        returning_companies.company_key is not null as flag_count_returning,
    from companies
    inner join hosting on hosting.company_key = companies.company_key
    left join returning_companies on returning_companies.company_key = companies.company_key
),

aggregated as (
    select * from flag_counts('flagged', $municipalities)
),

final as (
    select
        *,
        count_returning / nullif(count_hosting, 0) as share_returning,
    from aggregated
)

select * from final
order by municipality nulls last
