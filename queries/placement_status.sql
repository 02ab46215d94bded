-- one row per municipality in scope (plus the pooled total) and status on the period's last day: placements active in the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

statuses as (
    select *
    from (
        values
        (1, 'completed'),
        (2, 'interrupted'),
        (3, 'other'),
        (4, 'unknown'),
        (5, 'ongoing')
    ) as statuses (status_order, status)
),

participants as (
    select participant_key
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

active_placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
        and started_on <= $end
        and (ended_on is null or ended_on >= $start)
),

classified as (
    select
        municipality,
        case
            when ended_on is null or ended_on > $end then 'ongoing'
            -- ended without a reason given
            else coalesce(end_reason, 'unknown')
        end as status,
        record_key,
    from active_placements
),

counted as (
    select
        scope.municipality,
        statuses.status_order,
        statuses.status,
        count(classified.status) as count_placements,
        coalesce(sum(classified.record_key), 0)::bigint as key_count_placements,
    from scope
    cross join statuses
    left join classified
        on classified.municipality = scope.municipality
        and classified.status = statuses.status
    group by grouping sets (
        (scope.municipality, statuses.status_order, statuses.status),
        (statuses.status_order, statuses.status)
    )
),

final as (
    select
        *,
        count_placements / nullif(sum(count_placements) over (partition by municipality), 0)
            as share_of_active,
        -- the placements active, which the share is of
        sum(count_placements) over (partition by municipality)::bigint as count_active,
        sum(key_count_placements) over (partition by municipality)::bigint as key_count_active,
    from counted
)

select * from final
order by municipality nulls last, status_order
