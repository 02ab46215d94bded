-- one row per municipality in scope (plus the pooled total) and step: the young people enrolled in
-- the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with steps as (
    select *
    from (
        values
        (1, 'enrolled'),
        (2, 'attended_network'),
        (3, 'started_placement'),
        (4, 'first_outcome'),
        (5, 'retained_6m')
    ) as steps (step_order, step)  -- noqa: AL05
),

new_participants as (
    select *
    from new_participant_first_outcomes(
            $start, $end, $municipalities, $target_groups, $genders, $age_bands
        )
),

network_attendees as (
    select distinct new_participants.participant_key
    from new_participants
    inner join stg_activities
        on stg_activities.participant_key = new_participants.participant_key
        and stg_activities.held_on >= new_participants.enrolled_on
    where stg_activities.activity_type in ('youth_network_meeting', 'joint_meeting')
),

placed as (
    select distinct new_participants.participant_key
    from new_participants
    inner join stg_placements
        on stg_placements.participant_key = new_participants.participant_key
        and stg_placements.started_on >= new_participants.enrolled_on
),

people as (
    select
        new_participants.municipality,
        new_participants.record_key,
        new_participants.retention_on <= $as_of as is_followed_6m_after_outcome,
        true as flag_count_enrolled,
        network_attendees.participant_key is not null as flag_count_attended_network,
        placed.participant_key is not null as flag_count_started_placement,
        new_participants.first_outcome_on is not null as flag_count_first_outcome,
        is_followed_6m_after_outcome and new_participants.is_in_outcome_6m_later
            as flag_count_retained_6m,
        is_followed_6m_after_outcome as flag_count_followed_6m,
    from new_participants
    left join network_attendees
        on network_attendees.participant_key = new_participants.participant_key
    left join placed on placed.participant_key = new_participants.participant_key
),

aggregated as (
    select * from flag_counts('people', $municipalities)
),

by_step as (
    select
        municipality,
        step,
        count_participants,
        key_count_participants,
    from aggregated
    unpivot (
        (count_participants, key_count_participants)
        for step in (
            (count_enrolled, key_count_enrolled) as enrolled,
            (count_attended_network, key_count_attended_network) as attended_network,
            (count_started_placement, key_count_started_placement) as started_placement,
            (count_first_outcome, key_count_first_outcome) as first_outcome,
            (count_retained_6m, key_count_retained_6m) as retained_6m
        )
    )
),

final as (
    select
        by_step.municipality,
        steps.step_order,
        steps.step,
        by_step.count_participants,
        aggregated.count_enrolled,
        aggregated.count_followed_6m,
        by_step.count_participants / nullif(aggregated.count_enrolled, 0) as share_of_enrolled,
        by_step.key_count_participants,
        aggregated.key_count_enrolled,
        aggregated.key_count_followed_6m,
    from by_step
    inner join steps on steps.step = by_step.step
    inner join aggregated on aggregated.municipality is not distinct from by_step.municipality
)

select * from final
order by municipality nulls last, step_order
