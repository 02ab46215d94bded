-- one row per municipality (null = the chosen sites together) and week since randomisation:
-- each arm's young people randomised, in job or education and on benefits, with their cell keys
with results as (
    select * from trial_results
    where list_contains($municipalities, municipality)
),

-- a site's cohorts added up; its count in job or education is known only when every
-- cohort's is (the statistics agency may have suppressed one)
per_site as (
    select
        municipality,
        arm,
        weeks,
        sum(randomised)::bigint as randomised,
        sum(key_randomised)::bigint as key_randomised,
        case
            when count(in_job_or_education) = count(*) then sum(in_job_or_education)::bigint
        end as in_job_or_education,
        sum(key_in_job_or_education)::bigint as key_in_job_or_education,
        case when count(on_benefits) = count(*) then sum(on_benefits)::bigint end as on_benefits,
        coalesce(sum(key_on_benefits), 0)::bigint as key_on_benefits,
    from results
    group by municipality, arm, weeks
),

-- the chosen sites together: the same young people every week, so a count is known only
-- when every site's is
pooled as (
    select
        null::varchar as municipality,
        arm,
        weeks,
        sum(randomised)::bigint as randomised,
        sum(key_randomised)::bigint as key_randomised,
        case
            when count(in_job_or_education) = count(*) then sum(in_job_or_education)::bigint
        end as in_job_or_education,
        sum(key_in_job_or_education)::bigint as key_in_job_or_education,
        case when count(on_benefits) = count(*) then sum(on_benefits)::bigint end as on_benefits,
        coalesce(sum(key_on_benefits), 0)::bigint as key_on_benefits,
    from per_site
    group by arm, weeks
),

both_levels as (
    select * from per_site
    union all
    select * from pooled
),

wide as (
    select
        municipality,
        weeks,
        max(randomised) filter (where arm = 'nextwork') as count_randomised_nextwork,
        max(key_randomised) filter (where arm = 'nextwork') as key_count_randomised_nextwork,
        max(in_job_or_education) filter (where arm = 'nextwork') as count_outcome_nextwork,
        max(key_in_job_or_education) filter (
            where arm = 'nextwork'
        ) as key_count_outcome_nextwork,
        max(on_benefits) filter (where arm = 'nextwork') as count_benefits_nextwork,
        max(key_on_benefits) filter (where arm = 'nextwork') as key_count_benefits_nextwork,
        max(randomised) filter (where arm = 'control') as count_randomised_control,
        max(key_randomised) filter (where arm = 'control') as key_count_randomised_control,
        max(in_job_or_education) filter (where arm = 'control') as count_outcome_control,
        max(key_in_job_or_education) filter (
            where arm = 'control'
        ) as key_count_outcome_control,
        max(on_benefits) filter (where arm = 'control') as count_benefits_control,
        max(key_on_benefits) filter (where arm = 'control') as key_count_benefits_control,
    from both_levels
    group by municipality, weeks
)

select * from wide
order by municipality nulls first, weeks
