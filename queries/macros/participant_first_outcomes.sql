-- one row per enrolment in scope (participants_in_scope) with an outcome on or after enrolment
-- Its first outcome is the earliest job or education starting on or after enrolment (with the
-- first of each type beside it). The young person is retained when in an outcome (any) on the
-- day 6 months after the first one started, retention_on. (The dates are computed when the
-- data is written: mart_people, queries/derived/people.sql.)
create or replace macro participant_first_outcomes(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    select
        participant_key,
        municipality,
        record_key,
        enrolled_on,
        first_outcome_on,
        first_education_on,
        first_job_on,
        retention_on,
        is_in_outcome_6m_later,
    from people_with_outcomes(period_start, municipalities, target_groups, genders, age_bands)
    where first_outcome_on is not null
