-- one row per municipality in scope, plus the pooled total: how soon new young people start a
-- placement
with new_participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
    where enrolled_on between $start and $end
),

first_placements as (
    select
        new_participants.participant_key,
        min(stg_placements.started_on) as first_started_on,
    from new_participants
    inner join stg_placements
        on stg_placements.participant_key = new_participants.participant_key
        and stg_placements.started_on >= new_participants.enrolled_on
    group by new_participants.participant_key
),

flagged as (
    select
        new_participants.municipality,
        new_participants.record_key,
        (new_participants.enrolled_on + interval 3 month)::date <= $as_of as is_followed_3m,
        date_diff('day', new_participants.enrolled_on, first_placements.first_started_on)
            as days_to_first_placement,
        is_followed_3m
        and first_placements.first_started_on
        <= (new_participants.enrolled_on + interval 3 month)::date
            as flag_num_placement_within_3m_share,
        is_followed_3m as flag_den_placement_within_3m_share,
        days_to_first_placement is not null as flag_den_median_days_to_first_placement,
    from new_participants
    left join first_placements
        on first_placements.participant_key = new_participants.participant_key
),

medians as (
    select
        municipality,
        quantile_cont(days_to_first_placement, 0.5) as median_days_to_first_placement,
    from flagged
    group by grouping sets ((municipality), ())
),

aggregated as (
    select
        counted.*,
        medians.median_days_to_first_placement,
    from flag_counts('flagged', $municipalities) as counted
    left join medians on medians.municipality is not distinct from counted.municipality
),

final as (
    select
        *,
        num_placement_within_3m_share / nullif(den_placement_within_3m_share, 0)
            as placement_within_3m_share,
    from aggregated
)

select * from final
