-- one row per enrolment cohort (half-year), month since enrolment (0-24) and municipality (null =
-- pooled)
-- Who had started a first outcome (the earliest job or education on or after enrolment) within
-- m months of enrolment, counting at month m only young people enrolled at least m months
-- before as_of. The cohorts are the half-years overlapping the period up to as_of; when that
-- gives fewer than two, the last four half-years up to and including the one holding as_of.
-- At month 12 a cohort's share is outcome_12m_share (education_12m_share, job_12m_share) for
-- young people enrolled in its half-year.
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

bounds as (
    select
        make_date(year($start::date), if(month($start::date) <= 6, 1, 7), 1) as first_half_year_on,
        least($end::date, $as_of::date) as last_day_on,
        make_date(year($as_of::date), if(month($as_of::date) <= 6, 1, 7), 1) as as_of_half_year_on,
),

period_half_years as (
    select series.half_year_on::date as cohort_start_on,
    from bounds
    cross join generate_series(
        bounds.first_half_year_on::timestamp, bounds.last_day_on::timestamp, interval 6 month
    ) as series (half_year_on)
),

recent_half_years as (
    select series.half_year_on::date as cohort_start_on,
    from bounds
    cross join generate_series(
        bounds.as_of_half_year_on::timestamp - interval 18 month,
        bounds.as_of_half_year_on::timestamp,
        interval 6 month
    ) as series (half_year_on)
),

half_year_count as (
    select count(*) as count_half_years,
    from period_half_years
),

chosen_half_years as (
    select
        cohort_start_on,
        true as is_in_period,
    from period_half_years
    where (select count_half_years from half_year_count) >= 2
    union all
    select
        cohort_start_on,
        false as is_in_period,
    from recent_half_years
    where (select count_half_years from half_year_count) < 2
),

cohorts as (
    select
        cohort_start_on,
        (cohort_start_on + interval 6 month - interval 1 day)::date as cohort_end_on,
        is_in_period,
    from chosen_half_years
),

months as (
    select series.months_since_enrolment,
    from generate_series(0, 24) as series (months_since_enrolment)
),

firsts as (
    select *
    from participant_first_outcomes($start, $municipalities, $target_groups, $genders, $age_bands)
),

people as (
    select
        participants.municipality,
        participants.record_key,
        cohorts.cohort_start_on,
        participants.enrolled_on,
        firsts.first_outcome_on,
        firsts.first_education_on,
        firsts.first_job_on,
    from participants
    inner join cohorts
        on participants.enrolled_on between cohorts.cohort_start_on and cohorts.cohort_end_on
    left join firsts on firsts.participant_key = participants.participant_key
),

people_months as (
    select
        people.municipality,
        people.record_key,
        people.cohort_start_on,
        months.months_since_enrolment,
        (people.enrolled_on + to_months(months.months_since_enrolment))::date as milestone_on,
        milestone_on <= $as_of as is_followed,
        people.first_outcome_on <= milestone_on as has_outcome,
        people.first_education_on <= milestone_on as has_education,
        people.first_job_on <= milestone_on as has_job,
    from people
    cross join months
),

spine as (
    select
        scope.municipality,
        cohorts.cohort_start_on,
        months.months_since_enrolment,
    from scope
    cross join cohorts
    cross join months
),

aggregated as (
    select
        spine.municipality,
        spine.cohort_start_on,
        spine.months_since_enrolment,
        count(*) filter (where people_months.is_followed) as count_followed,
        count(*) filter (where people_months.is_followed and people_months.has_outcome)
            as count_outcome,
        count(*) filter (where people_months.is_followed and people_months.has_education)
            as count_education,
        count(*) filter (where people_months.is_followed and people_months.has_job) as count_job,
        -- each point's key is over the young people counted at that point (a cumulative sum)
        coalesce(sum(people_months.record_key) filter (where people_months.is_followed), 0)::bigint
            as key_count_followed,
        coalesce(sum(people_months.record_key) filter (
            where people_months.is_followed and people_months.has_outcome
        ), 0)::bigint as key_count_outcome,
        coalesce(sum(people_months.record_key) filter (
            where people_months.is_followed and people_months.has_education
        ), 0)::bigint as key_count_education,
        coalesce(sum(people_months.record_key) filter (
            where people_months.is_followed and people_months.has_job
        ), 0)::bigint as key_count_job,
    from spine
    left join people_months
        on people_months.municipality = spine.municipality
        and people_months.cohort_start_on = spine.cohort_start_on
        and people_months.months_since_enrolment = spine.months_since_enrolment
    group by grouping sets (
        (spine.municipality, spine.cohort_start_on, spine.months_since_enrolment),
        (spine.cohort_start_on, spine.months_since_enrolment)
    )
),

final as (
    select
        aggregated.municipality,
        cohorts.cohort_start_on,
        cohorts.cohort_end_on,
        cohorts.is_in_period,
        aggregated.months_since_enrolment,
        aggregated.count_followed,
        aggregated.count_outcome,
        aggregated.count_education,
        aggregated.count_job,
        aggregated.count_outcome / nullif(aggregated.count_followed, 0) as share_outcome,
        aggregated.count_education / nullif(aggregated.count_followed, 0) as share_education,
        aggregated.count_job / nullif(aggregated.count_followed, 0) as share_job,
        aggregated.key_count_followed,
        aggregated.key_count_outcome,
        aggregated.key_count_education,
        aggregated.key_count_job,
    from aggregated
    inner join cohorts on cohorts.cohort_start_on = aggregated.cohort_start_on
)

select * from final
order by cohort_start_on, municipality nulls last, months_since_enrolment
