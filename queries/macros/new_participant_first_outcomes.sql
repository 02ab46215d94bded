-- one row per young person in scope (participants_in_scope) enrolled in the period, with the
-- first outcome of participant_first_outcomes beside it (null when none)
create or replace macro new_participant_first_outcomes(
    period_start, period_end, municipalities, target_groups, genders, age_bands
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
        first_outcome_on,
        first_education_on,
        first_job_on,
        retention_on,
        is_in_outcome_6m_later,
    from people_in_scope(period_start, municipalities, target_groups, genders, age_bands)
    where enrolled_on between period_start and period_end
