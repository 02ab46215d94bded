-- one row per enrolment that passes the participant filters (age is counted in the year of
-- $start), with the young person's `dates` of mart_people (queries/derived/people.sql)
create or replace macro people_in_scope(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    with participants as (
        select * from mart_people
    ),

    banded as (
        select
            *,
            case
                when birth_year is null then 'unknown'
                when year(period_start) - birth_year < 18 then 'under 18'
                when year(period_start) - birth_year <= 24 then '18-24'
                when year(period_start) - birth_year <= 29 then '25-29'
                else '30+'
            end as age_band,
        from participants
    ),

    in_scope as (
        select *
        from banded
        where list_contains(municipalities, municipality)
            and (target_groups is null or list_contains(target_groups, target_group))
            and (genders is null or list_contains(genders, gender))
            and (age_bands is null or list_contains(age_bands, age_band))
    )

    select * from in_scope
