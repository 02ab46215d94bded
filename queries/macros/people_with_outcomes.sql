-- one row per enrolment in scope (participants_in_scope), with its first outcome on or after
-- enrolment (null when none): the earliest job or education, the first of each type, the day
-- 6 months after the first one (retention_on) and whether the young person is in an outcome
-- (any) on that day
create or replace macro people_with_outcomes(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    select
        * exclude (dates),
        dates.first_outcome_on,
        dates.first_education_on,
        dates.first_job_on,
        dates.retention_on,
        dates.is_in_outcome_6m_later,
    from people_in_scope(period_start, municipalities, target_groups, genders, age_bands)
