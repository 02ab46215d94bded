-- the strata (target group, age band, gender) that the young people in scope fall in, with
-- the same filters as the KPI queries; the fair comparison re-runs a KPI's query per stratum
with participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
)

select distinct
    target_group,
    age_band,
    gender
from participants
order by target_group, age_band, gender
