-- one row per enrolment in scope (participants_in_scope) with an outcome on or after enrolment
-- Its first outcome is the earliest job or education starting on or after enrolment (with the
-- first of each type beside it). The young person is retained when in an outcome (any) on the
-- day 6 months after the first one started, retention_on.
create or replace macro participant_first_outcomes(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    with participants as (
        select *
        from participants_in_scope(period_start, municipalities, target_groups, genders, age_bands)
    ),

    outcomes as (
        select * from stg_outcomes
        where participant_key in (select participant_key from participants)
    ),

    firsts as (
        select
            participants.participant_key,
            any_value(participants.municipality) as municipality,
            any_value(participants.record_key) as record_key,
            any_value(participants.enrolled_on) as enrolled_on,
            min(outcomes.started_on) as first_outcome_on,
            min(outcomes.started_on) filter (where outcomes.outcome_type = 'education')
                as first_education_on,
            min(outcomes.started_on) filter (where outcomes.outcome_type = 'job') as first_job_on,
            (min(outcomes.started_on) + interval 6 month)::date as retention_on,
        from participants
        inner join outcomes
            on outcomes.participant_key = participants.participant_key
            and outcomes.started_on >= participants.enrolled_on
        group by participants.participant_key
    ),

    retention as (
        select
            firsts.*,
            bool_or(
                outcomes.started_on <= firsts.retention_on
                and (outcomes.ended_on is null or outcomes.ended_on >= firsts.retention_on)
            ) as is_in_outcome_6m_later,
        from firsts
        inner join outcomes on outcomes.participant_key = firsts.participant_key
        group by all
    )

    select * from retention
