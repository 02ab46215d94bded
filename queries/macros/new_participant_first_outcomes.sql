-- one row per young person in scope (participants_in_scope) enrolled in the period, with the
-- first outcome of participant_first_outcomes beside it (null when none)
create or replace macro new_participant_first_outcomes(
    period_start, period_end, municipalities, target_groups, genders, age_bands
) as table
    select *
    from people_with_outcomes(period_start, municipalities, target_groups, genders, age_bands)
    where enrolled_on between period_start and period_end
