-- one row per municipality in scope and calendar year overlapping the period, plus each year's
-- pooled total
-- The team's cost and staff (from `costs`) beside what the site did that whole calendar year, and
-- the cost per unit. Only the municipality filter applies: a cost is the whole team's. A site
-- and year without a costs row has no cost (never 0); the pooled total has a cost only when
-- every site in scope has one that year (likewise its staff). Two rows for one site and year
-- are added up. Counts follow the KPI definitions for the year as the period; a first outcome
-- is the earliest job or education starting on or after enrolment, retained when the young
-- person is in an outcome 6 months after it started (counted once that day is on or before
-- as_of).
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

years as (
    select
        series.year::integer as period_id,
        make_date(series.year::integer, 1, 1) as year_start_on,
        make_date(series.year::integer, 12, 31) as year_end_on,
    from generate_series(year($start::date), year($end::date)) as series (year)  -- noqa: RF04
),

participants as (
    select * from stg_participants
    where list_contains($municipalities, municipality)
),

-- the records counted, each with the year it counts in
flagged as (
    select
        years.period_id,
        participants.municipality,
        participants.record_key,
        true as flag_participants_active,
    from participants
    inner join years
        on participants.enrolled_on <= years.year_end_on
        and (participants.exited_on is null or participants.exited_on >= years.year_start_on)
    union all by name
    select
        years.period_id,
        stg_placements.municipality,
        stg_placements.record_key,
        true as flag_placements_started,
    from stg_placements
    inner join years
        on stg_placements.started_on between years.year_start_on and years.year_end_on
    where stg_placements.participant_key in (select participant_key from participants)
    union all by name
    -- only the municipality filter applies
    select
        years.period_id,
        firsts.municipality,
        firsts.record_key,
        true as flag_count_first_outcomes,
        firsts.retention_on <= $as_of and firsts.is_in_outcome_6m_later
            as flag_count_retained_outcomes,
    from participant_first_outcomes($start, $municipalities, null, null, null) as firsts
    inner join years
        on firsts.first_outcome_on between years.year_start_on and years.year_end_on
    union all by name
    select
        years.period_id,
        stg_companies.municipality,
        stg_companies.record_key,
        true as flag_companies_in_network,
    from stg_companies
    inner join years
        on stg_companies.joined_on <= years.year_end_on
        and (stg_companies.left_on is null or stg_companies.left_on >= years.year_start_on)
    where list_contains($municipalities, stg_companies.municipality)
),

-- two rows for one site and year are added up
site_costs as (
    select
        years.period_id,
        scope.municipality,
        sum(stg_costs.cost_dkk) as cost_dkk,
        sum(stg_costs.staff_fte) as staff_fte,
    from scope
    cross join years
    left join stg_costs
        on stg_costs.municipality = scope.municipality
        and stg_costs.year = years.period_id
    group by years.period_id, scope.municipality
),

-- the pooled total has a cost only when every site in scope has one (likewise its staff)
costs as (
    select
        period_id,
        municipality,
        if(count(cost_dkk) = count(*), sum(cost_dkk), null) as cost_dkk,
        if(count(staff_fte) = count(*), sum(staff_fte), null) as staff_fte,
    from site_costs
    group by grouping sets ((period_id, municipality), (period_id))
),

final as (
    select
        counted.municipality,
        counted.period_id as year,  -- noqa: RF04
        years.year_end_on <= $as_of as is_year_complete,
        -- every first outcome of the year has had its 6 months by as_of
        (years.year_end_on + interval 6 month)::date <= $as_of as is_retention_complete,
        costs.cost_dkk is not null as has_costs,
        costs.cost_dkk,
        costs.staff_fte,
        counted.participants_active,
        counted.placements_started,
        counted.count_first_outcomes,
        counted.count_retained_outcomes,
        counted.companies_in_network,
        costs.cost_dkk / nullif(counted.participants_active, 0) as cost_per_participant,
        costs.cost_dkk / nullif(counted.placements_started, 0) as cost_per_placement,
        costs.cost_dkk / nullif(counted.count_first_outcomes, 0) as cost_per_outcome,
        costs.cost_dkk / nullif(counted.count_retained_outcomes, 0) as cost_per_retained_outcome,
        counted.participants_active / nullif(costs.staff_fte, 0) as participants_per_fte,
        counted.companies_in_network / nullif(costs.staff_fte, 0) as companies_per_fte,
        counted.key_participants_active,
        counted.key_placements_started,
        counted.key_count_first_outcomes,
        counted.key_count_retained_outcomes,
        counted.key_companies_in_network,
    from period_flag_counts('flagged', 'years', $municipalities) as counted
    inner join years on years.period_id = counted.period_id
    inner join costs
        on costs.period_id = counted.period_id
        and costs.municipality is not distinct from counted.municipality
)

select * from final
order by year, municipality nulls last
