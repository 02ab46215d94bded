-- one row per young person in scope (participants_in_scope) enrolled in the period, with the
-- flags of the outcome KPIs that count young people (the 12-month outcomes and retention): a
-- flag_num_<kpi> and a flag_den_<kpi> each, as flag_counts counts them; and the person's
-- target group, age band and gender, by which the fair comparison splits them
create or replace macro outcome_flags(
    period_start, period_end, as_of, municipalities, target_groups, genders, age_bands
) as table
    select
        municipality,
        record_key,
        target_group,
        age_band,
        gender,
        (enrolled_on + interval 12 month)::date as followed_12m_on,
        followed_12m_on <= as_of as is_followed_12m,
        retention_on <= as_of as is_followed_6m_after_outcome,
        is_followed_12m and first_outcome_on <= followed_12m_on as flag_num_outcome_12m_share,
        is_followed_12m as flag_den_outcome_12m_share,
        is_followed_12m and first_education_on <= followed_12m_on as flag_num_education_12m_share,
        is_followed_12m as flag_den_education_12m_share,
        is_followed_12m and first_job_on <= followed_12m_on as flag_num_job_12m_share,
        is_followed_12m as flag_den_job_12m_share,
        is_followed_6m_after_outcome and is_in_outcome_6m_later as flag_num_retained_6m_share,
        is_followed_6m_after_outcome as flag_den_retained_6m_share,
    from new_participant_first_outcomes(
            period_start, period_end, municipalities, target_groups, genders, age_bands
        )
