-- one row per young person in scope (participants_in_scope) enrolled in the period, with the
-- first outcome of participant_first_outcomes beside it (null when none)
create or replace macro new_participant_first_outcomes(
    period_start, period_end, municipalities, target_groups, genders, age_bands
) as table
    select
        participants.*,
        firsts.first_outcome_on,
        firsts.first_education_on,
        firsts.first_job_on,
        firsts.retention_on,
        firsts.is_in_outcome_6m_later,
    from participants_in_scope(
            period_start, municipalities, target_groups, genders, age_bands
        ) as participants
    left join
        participant_first_outcomes(
            period_start, municipalities, target_groups, genders, age_bands
        ) as firsts
        on firsts.participant_key = participants.participant_key
    where participants.enrolled_on between period_start and period_end
