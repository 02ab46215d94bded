-- one row per municipality (null = the chosen sites together) and week since randomisation:
-- each arm's young people randomised and in job or education, with their cell keys
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
        sum(randomised) as randomised,
        sum(key_randomised) as key_randomised,
        case
            when count(in_job_or_education) = count(*) then sum(in_job_or_education)
        end as in_job_or_education,
        sum(key_in_job_or_education) as key_in_job_or_education,
    from results
    group by municipality, arm, weeks
),

-- the chosen sites together, over the sites whose count is known that week
pooled as (
    select
        null::varchar as municipality,
        arm,
        weeks,
        sum(randomised) as randomised,
        sum(key_randomised) as key_randomised,
        sum(in_job_or_education) as in_job_or_education,
        sum(key_in_job_or_education) as key_in_job_or_education,
    from per_site
    where in_job_or_education is not null
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
        max(randomised) filter (where arm = 'control') as count_randomised_control,
        max(key_randomised) filter (where arm = 'control') as key_count_randomised_control,
        max(in_job_or_education) filter (where arm = 'control') as count_outcome_control,
        max(key_in_job_or_education) filter (
            where arm = 'control'
        ) as key_count_outcome_control,
    from both_levels
    group by municipality, weeks
)

select * from wide
order by municipality nulls first, weeks
