-- one row per enrolment in scope (participants_in_scope) with an outcome on or after enrolment
-- Its first outcome is the earliest job or education starting on or after enrolment (with the
-- first of each type beside it). The young person is retained when in an outcome (any) on the
-- day 6 months after the first one started, retention_on. (The dates are computed when the
-- data is written: mart_people, queries/derived/people.sql.)
create or replace macro participant_first_outcomes(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    select
        participants.participant_key,
        participants.municipality,
        participants.record_key,
        participants.enrolled_on,
        people.first_outcome_on,
        people.first_education_on,
        people.first_job_on,
        people.retention_on,
        people.is_in_outcome_6m_later,
    from participants_in_scope(
            period_start, municipalities, target_groups, genders, age_bands
        ) as participants
    inner join mart_people as people on people.participant_key = participants.participant_key
    where people.first_outcome_on is not null
