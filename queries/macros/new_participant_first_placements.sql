-- one row per young person in scope (participants_in_scope) enrolled in the period: the day of
-- the first placement started on or after enrolment (null when none) and the days from
-- enrolment to it (the day is computed when the data is written: mart_people,
-- queries/derived/people.sql)
create or replace macro new_participant_first_placements(
    period_start, period_end, municipalities, target_groups, genders, age_bands
) as table
    select
        * exclude (dates),
        dates.first_placement_on,
        date_diff('day', enrolled_on, dates.first_placement_on) as days_to_first_placement,
    from people_in_scope(period_start, municipalities, target_groups, genders, age_bands)
    where enrolled_on between period_start and period_end
