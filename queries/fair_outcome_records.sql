-- one row per young person counted by the outcome KPIs of outcome_flags (the 12-month outcomes
-- and retention), with their stratum: the fair comparison counts each stratum from these rows
-- in one query, where it would otherwise run kpi_outcomes once per stratum
select *
from outcome_flags($start, $end, $as_of, $municipalities, $target_groups, $genders, $age_bands)
