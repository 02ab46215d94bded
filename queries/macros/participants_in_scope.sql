-- one row per enrolment that passes the participant filters (age is counted in the year of
-- $start): the young person's columns of stg_participants and the age band
create or replace macro participants_in_scope(
    period_start, municipalities, target_groups, genders, age_bands
) as table
    select * exclude (dates),
    from people_in_scope(period_start, municipalities, target_groups, genders, age_bands)
