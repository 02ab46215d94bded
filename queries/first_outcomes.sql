-- one row per municipality (null = pooled) and type of first outcome (education, job)
-- Young people whose first outcome started in the period. A first outcome is the earliest job
-- or education starting on or after enrolment; when an education and a job start on that same
-- day, it counts as education.
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

outcome_types as (
    select unnest(['education', 'job']) as outcome_type
),

firsts as (
    select *
    from participant_first_outcomes($start, $municipalities, $target_groups, $genders, $age_bands)
),

firsts_in_period as (
    select
        municipality,
        if(first_education_on = first_outcome_on, 'education', 'job') as outcome_type,
        record_key,
    from firsts
    where first_outcome_on between $start and $end
),

spine as (
    select
        scope.municipality,
        outcome_types.outcome_type,
    from scope
    cross join outcome_types
),

counted as (
    select
        spine.municipality,
        spine.outcome_type,
        count(firsts_in_period.outcome_type) as count_people,
        coalesce(sum(firsts_in_period.record_key), 0)::bigint as key_count_people,
    from spine
    left join firsts_in_period
        on firsts_in_period.municipality = spine.municipality
        and firsts_in_period.outcome_type = spine.outcome_type
    group by grouping sets ((spine.municipality, spine.outcome_type), (spine.outcome_type))
),

final as (
    select
        municipality,
        outcome_type,
        count_people,
        sum(count_people) over (partition by municipality)::bigint as count_first_outcomes,
        count_people / nullif(count_first_outcomes, 0) as share_people,
        key_count_people,
        sum(key_count_people) over (partition by municipality)::bigint as key_count_first_outcomes,
    from counted
)

select * from final
order by municipality nulls last, outcome_type
