-- one row per young person in scope (participants_in_scope) enrolled in the period: the day of
-- the first placement started on or after enrolment (null when none) and the days from
-- enrolment to it
create or replace macro new_participant_first_placements(
    period_start, period_end, municipalities, target_groups, genders, age_bands
) as table
    with new_participants as (
        select *
        from participants_in_scope(period_start, municipalities, target_groups, genders, age_bands)
        where enrolled_on between period_start and period_end
    ),

    first_placements as (
        select
            new_participants.participant_key,
            min(stg_placements.started_on) as first_placement_on,
        from new_participants
        inner join stg_placements
            on stg_placements.participant_key = new_participants.participant_key
            and stg_placements.started_on >= new_participants.enrolled_on
        group by new_participants.participant_key
    ),

    measured as (
        select
            new_participants.*,
            first_placements.first_placement_on,
            date_diff('day', new_participants.enrolled_on, first_placements.first_placement_on)
                as days_to_first_placement,
        from new_participants
        left join first_placements
            on first_placements.participant_key = new_participants.participant_key
    )

    select * from measured
