-- one row per municipality in scope (plus the pooled total) and step: the young people enrolled in the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

steps as (
    select *
    from (
        values
        (1, 'enrolled'),
        (2, 'attended_network'),
        (3, 'started_placement'),
        (4, 'first_outcome'),
        (5, 'retained_6m')
    ) as steps (step_order, step)
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

new_participants as (
    select * from participants
    where enrolled_on between $start and $end
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

first_outcomes as (
    select *
    from participant_first_outcomes($start, $municipalities, $target_groups, $genders, $age_bands)
),

people as (
    select
        new_participants.municipality,
        new_participants.record_key,
        network_attendees.participant_key is not null as has_attended_network,
        placed.participant_key is not null as has_started_placement,
        first_outcomes.first_outcome_on is not null as has_first_outcome,
        first_outcomes.retention_on <= $as_of as is_followed_6m_after_outcome,
        first_outcomes.is_in_outcome_6m_later,
    from new_participants
    left join network_attendees
        on network_attendees.participant_key = new_participants.participant_key
    left join placed on placed.participant_key = new_participants.participant_key
    left join first_outcomes on first_outcomes.participant_key = new_participants.participant_key
),

aggregated as (
    select
        scope.municipality,
        count(people.municipality) as count_enrolled,
        count(people.municipality) as enrolled,
        count(*) filter (where people.has_attended_network) as attended_network,
        count(*) filter (where people.has_started_placement) as started_placement,
        count(*) filter (where people.has_first_outcome) as first_outcome,
        count(*) filter (where people.is_followed_6m_after_outcome and people.is_in_outcome_6m_later)
            as retained_6m,
        count(*) filter (where people.is_followed_6m_after_outcome) as count_followed_6m,
        coalesce(sum(people.record_key), 0)::bigint as key_count_enrolled,
        coalesce(sum(people.record_key), 0)::bigint as key_enrolled,
        coalesce(sum(people.record_key) filter (where people.has_attended_network), 0)::bigint
            as key_attended_network,
        coalesce(sum(people.record_key) filter (where people.has_started_placement), 0)::bigint
            as key_started_placement,
        coalesce(sum(people.record_key) filter (where people.has_first_outcome), 0)::bigint
            as key_first_outcome,
        coalesce(sum(people.record_key) filter (
            where people.is_followed_6m_after_outcome and people.is_in_outcome_6m_later
        ), 0)::bigint as key_retained_6m,
        coalesce(sum(people.record_key) filter (
            where people.is_followed_6m_after_outcome
        ), 0)::bigint as key_count_followed_6m,
    from scope
    left join people on people.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

long as (
    select
        municipality,
        count_enrolled,
        count_followed_6m,
        key_count_enrolled,
        key_count_followed_6m,
        step,
        count_participants,
        key_count_participants,
    from aggregated
    unpivot (
        (count_participants, key_count_participants)
        for step in (
            (enrolled, key_enrolled) as enrolled,
            (attended_network, key_attended_network) as attended_network,
            (started_placement, key_started_placement) as started_placement,
            (first_outcome, key_first_outcome) as first_outcome,
            (retained_6m, key_retained_6m) as retained_6m
        )
    )
),

final as (
    select
        long.municipality,
        steps.step_order,
        steps.step,
        long.count_participants,
        long.count_enrolled,
        long.count_followed_6m,
        long.count_participants / nullif(long.count_enrolled, 0) as share_of_enrolled,
        long.key_count_participants,
        long.key_count_enrolled,
        long.key_count_followed_6m,
    from long
    inner join steps on steps.step = long.step
)

select * from final
order by municipality nulls last, step_order
