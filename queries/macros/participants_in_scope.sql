-- one row per enrolment that passes the participant filters (age is counted in the year of
-- $start): the young person's columns of stg_participants and the age band
create or replace macro participants_in_scope(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    select
        * exclude (
            first_outcome_on,
            first_education_on,
            first_job_on,
            retention_on,
            is_in_outcome_6m_later,
            first_placement_on
        ),
    from people_in_scope(period_start, municipalities, target_groups, genders, age_bands)
