-- one row per municipality (null = pooled) and type of first outcome (education, job)
-- Young people whose first outcome started in the period. A first outcome is the earliest job
-- or education starting on or after enrolment; when an education and a job start on that same
-- day, it counts as education.
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with outcome_types as (
    select
        unnest([1, 2]) as band_order,
        unnest(['education', 'job']) as outcome_type,
),

firsts as (
    select *
    from participant_first_outcomes($start, $municipalities, $target_groups, $genders, $age_bands)
),

firsts_in_period as (
    select
        municipality,
        record_key,
        if(first_education_on = first_outcome_on, 1, 2) as band_order,
    from firsts
    where first_outcome_on between $start and $end
),

final as (
    select
        municipality,
        outcome_type,
        count_in_band as count_people,
        count_total as count_first_outcomes,
        share_of_total as share_people,
        key_count_in_band as key_count_people,
        key_count_total as key_count_first_outcomes,
    from banded_counts('firsts_in_period', 'outcome_types', $municipalities)
)

select * from final
order by municipality nulls last, outcome_type
