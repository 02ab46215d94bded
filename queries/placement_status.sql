-- one row per municipality in scope (plus the pooled total) and status on the period's last day:
-- placements active in the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with statuses as (
    select *
    from (
        values
        (1, 'completed'),
        (2, 'interrupted'),
        (3, 'other'),
        (4, 'unknown'),
        (5, 'ongoing')
    ) as statuses (band_order, status)  -- noqa: AL05
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

classified_in_order as (
    select
        classified.municipality,
        classified.record_key,
        statuses.band_order,
    from classified
    inner join statuses on statuses.status = classified.status
),

final as (
    select
        * rename (
            band_order as status_order,
            count_in_band as count_placements,
            key_count_in_band as key_count_placements,
            share_of_total as share_of_active,
            count_total as count_active,
            key_count_total as key_count_active
        )
    from banded_counts('classified_in_order', 'statuses', $municipalities)
)

select * from final
order by municipality nulls last, status_order
