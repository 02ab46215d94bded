-- one row per municipality in scope, plus the pooled total: outcomes after enrolment
with participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

outcomes as (
    select * from stg_outcomes
    where participant_key in (select participant_key from participants)
),

people as (
    select *
    from outcome_flags($start, $end, $as_of, $municipalities, $target_groups, $genders, $age_bands)
),

jobs as (
    select
        outcomes.outcome_key,
        outcomes.municipality,
        outcomes.company_key,
        outcomes.record_key,
        list(stg_placements.company_key) as earlier_host_keys,
    from outcomes
    inner join stg_placements
        on stg_placements.participant_key = outcomes.participant_key
        and stg_placements.started_on < outcomes.started_on
    where outcomes.outcome_type = 'job' and outcomes.started_on between $start and $end
    group by outcomes.outcome_key, outcomes.municipality, outcomes.company_key, outcomes.record_key
),

jobs_flagged as (
    select
        municipality,
        record_key,
        coalesce(list_contains(earlier_host_keys, company_key), false)
            as flag_num_job_in_host_company_share,
        true as flag_den_job_in_host_company_share,
    from jobs
),

final as (
    select
        people_aggregated.*,
        columns(jobs_aggregated.* exclude (municipality)),
        num_outcome_12m_share / nullif(den_outcome_12m_share, 0) as outcome_12m_share,
        num_education_12m_share / nullif(den_education_12m_share, 0) as education_12m_share,
        num_job_12m_share / nullif(den_job_12m_share, 0) as job_12m_share,
        num_retained_6m_share / nullif(den_retained_6m_share, 0) as retained_6m_share,
        num_job_in_host_company_share / nullif(den_job_in_host_company_share, 0)
            as job_in_host_company_share,
    from flag_counts('people', $municipalities) as people_aggregated
    inner join flag_counts('jobs_flagged', $municipalities) as jobs_aggregated
        on jobs_aggregated.municipality is not distinct from people_aggregated.municipality
)

select * from final
