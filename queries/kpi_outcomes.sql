-- one row per municipality in scope, plus the pooled total: outcomes after enrolment
with scope as (
    select unnest($municipalities) as municipality
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

outcomes as (
    select * from stg_outcomes
    where participant_key in (select participant_key from participants)
),

new_participants as (
    select * from participants
    where enrolled_on between $start and $end
),

firsts as (
    select *
    from participant_first_outcomes($start, $municipalities, $target_groups, $genders, $age_bands)
),

people as (
    select
        new_participants.municipality,
        new_participants.record_key,
        (new_participants.enrolled_on + interval 12 month)::date <= $as_of as is_followed_12m,
        firsts.first_outcome_on
        <= (new_participants.enrolled_on + interval 12 month)::date as has_outcome_12m,
        firsts.first_education_on
        <= (new_participants.enrolled_on + interval 12 month)::date as has_education_12m,
        firsts.first_job_on
        <= (new_participants.enrolled_on + interval 12 month)::date as has_job_12m,
        firsts.retention_on <= $as_of as is_followed_6m_after_outcome,
        firsts.is_in_outcome_6m_later,
    from new_participants
    left join firsts on firsts.participant_key = new_participants.participant_key
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
        coalesce(list_contains(earlier_host_keys, company_key), false) as is_in_host_company,
    from jobs
),

people_aggregated as (
    select
        scope.municipality,
        count(*) filter (where people.is_followed_12m and people.has_outcome_12m) as num_outcome_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m and people.has_outcome_12m), 0) as key_num_outcome_12m_share,
        count(*) filter (where people.is_followed_12m) as den_outcome_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m), 0) as key_den_outcome_12m_share,
        count(*) filter (where people.is_followed_12m and people.has_education_12m) as num_education_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m and people.has_education_12m), 0) as key_num_education_12m_share,
        count(*) filter (where people.is_followed_12m) as den_education_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m), 0) as key_den_education_12m_share,
        count(*) filter (where people.is_followed_12m and people.has_job_12m) as num_job_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m and people.has_job_12m), 0) as key_num_job_12m_share,
        count(*) filter (where people.is_followed_12m) as den_job_12m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_12m), 0) as key_den_job_12m_share,
        count(*) filter (where people.is_followed_6m_after_outcome and people.is_in_outcome_6m_later)
            as num_retained_6m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_6m_after_outcome and people.is_in_outcome_6m_later), 0) as key_num_retained_6m_share,
        count(*) filter (where people.is_followed_6m_after_outcome) as den_retained_6m_share,
        coalesce(sum(people.record_key) filter (where people.is_followed_6m_after_outcome), 0) as key_den_retained_6m_share,
    from scope
    left join people on people.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

jobs_aggregated as (
    select
        scope.municipality,
        count(*) filter (where jobs_flagged.is_in_host_company) as num_job_in_host_company_share,
        coalesce(sum(jobs_flagged.record_key) filter (where jobs_flagged.is_in_host_company), 0) as key_num_job_in_host_company_share,
        count(jobs_flagged.municipality) as den_job_in_host_company_share,
        coalesce(sum(jobs_flagged.record_key), 0) as key_den_job_in_host_company_share,
    from scope
    left join jobs_flagged on jobs_flagged.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

final as (
    select
        people_aggregated.*,
        jobs_aggregated.num_job_in_host_company_share,
        jobs_aggregated.den_job_in_host_company_share,
        jobs_aggregated.key_num_job_in_host_company_share,
        jobs_aggregated.key_den_job_in_host_company_share,
        num_outcome_12m_share / nullif(den_outcome_12m_share, 0) as outcome_12m_share,
        num_education_12m_share / nullif(den_education_12m_share, 0) as education_12m_share,
        num_job_12m_share / nullif(den_job_12m_share, 0) as job_12m_share,
        num_retained_6m_share / nullif(den_retained_6m_share, 0) as retained_6m_share,
        jobs_aggregated.num_job_in_host_company_share
        / nullif(jobs_aggregated.den_job_in_host_company_share, 0) as job_in_host_company_share,
    from people_aggregated
    inner join jobs_aggregated
        on jobs_aggregated.municipality is not distinct from people_aggregated.municipality
)

select * from final
