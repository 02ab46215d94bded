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
        series.year::integer as year,  -- noqa: RF04
        make_date(series.year::integer, 1, 1) as year_start_on,
        make_date(series.year::integer, 12, 31) as year_end_on,
    from generate_series(year($start::date), year($end::date)) as series (year)
),

participants as (
    select * from stg_participants
    where list_contains($municipalities, municipality)
),

placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

costs as (
    select
        municipality,
        year,
        sum(cost_dkk) as cost_dkk,
        sum(staff_fte) as staff_fte,
    from stg_costs
    where list_contains($municipalities, municipality)
    group by municipality, year
),

-- only the municipality filter applies
first_outcomes_followed as (
    select
        *,
        retention_on <= $as_of as is_followed_6m,
    from participant_first_outcomes($start, $municipalities, null, null, null)
),

spine as (
    select
        scope.municipality,
        years.year,
        years.year_start_on,
        years.year_end_on,
    from scope
    cross join years
),

participant_counts as (
    select
        spine.municipality,
        spine.year,
        count(participants.participant_key) as count_participants_active,
        coalesce(sum(participants.record_key), 0)::bigint as key_count_participants_active,
    from spine
    left join participants
        on participants.municipality = spine.municipality
        and participants.enrolled_on <= spine.year_end_on
        and (participants.exited_on is null or participants.exited_on >= spine.year_start_on)
    group by spine.municipality, spine.year
),

placement_counts as (
    select
        spine.municipality,
        spine.year,
        count(placements.placement_key) as count_placements_started,
        coalesce(sum(placements.record_key), 0)::bigint as key_count_placements_started,
    from spine
    left join placements
        on placements.municipality = spine.municipality
        and placements.started_on between spine.year_start_on and spine.year_end_on
    group by spine.municipality, spine.year
),

outcome_counts as (
    select
        spine.municipality,
        spine.year,
        count(first_outcomes_followed.first_outcome_on) as count_first_outcomes,
        count(first_outcomes_followed.first_outcome_on) filter (
            where first_outcomes_followed.is_followed_6m
            and first_outcomes_followed.is_in_outcome_6m_later
        ) as count_retained_outcomes,
        coalesce(sum(first_outcomes_followed.record_key), 0)::bigint as key_count_first_outcomes,
        coalesce(sum(first_outcomes_followed.record_key) filter (
            where first_outcomes_followed.is_followed_6m
            and first_outcomes_followed.is_in_outcome_6m_later
        ), 0)::bigint as key_count_retained_outcomes,
    from spine
    left join first_outcomes_followed
        on first_outcomes_followed.municipality = spine.municipality
        and first_outcomes_followed.first_outcome_on
        between spine.year_start_on and spine.year_end_on
    group by spine.municipality, spine.year
),

company_counts as (
    select
        spine.municipality,
        spine.year,
        count(companies.company_key) as count_companies_in_network,
        coalesce(sum(companies.record_key), 0)::bigint as key_count_companies_in_network,
    from spine
    left join companies
        on companies.municipality = spine.municipality
        and companies.joined_on <= spine.year_end_on
        and (companies.left_on is null or companies.left_on >= spine.year_start_on)
    group by spine.municipality, spine.year
),

per_site as (
    select
        spine.municipality,
        spine.year,
        spine.year_end_on,
        costs.cost_dkk,
        costs.staff_fte,
        participant_counts.count_participants_active,
        placement_counts.count_placements_started,
        outcome_counts.count_first_outcomes,
        outcome_counts.count_retained_outcomes,
        company_counts.count_companies_in_network,
        participant_counts.key_count_participants_active,
        placement_counts.key_count_placements_started,
        outcome_counts.key_count_first_outcomes,
        outcome_counts.key_count_retained_outcomes,
        company_counts.key_count_companies_in_network,
    from spine
    inner join participant_counts
        on participant_counts.municipality = spine.municipality
        and participant_counts.year = spine.year
    inner join placement_counts
        on placement_counts.municipality = spine.municipality
        and placement_counts.year = spine.year
    inner join outcome_counts
        on outcome_counts.municipality = spine.municipality
        and outcome_counts.year = spine.year
    inner join company_counts
        on company_counts.municipality = spine.municipality
        and company_counts.year = spine.year
    left join costs
        on costs.municipality = spine.municipality
        and costs.year = spine.year
),

pooled as (
    select
        null::varchar as municipality,
        year,
        year_end_on,
        if(count(cost_dkk) = count(*), sum(cost_dkk), null) as cost_dkk,
        if(count(staff_fte) = count(*), sum(staff_fte), null) as staff_fte,
        sum(count_participants_active)::bigint as count_participants_active,
        sum(count_placements_started)::bigint as count_placements_started,
        sum(count_first_outcomes)::bigint as count_first_outcomes,
        sum(count_retained_outcomes)::bigint as count_retained_outcomes,
        sum(count_companies_in_network)::bigint as count_companies_in_network,
        sum(key_count_participants_active)::bigint as key_count_participants_active,
        sum(key_count_placements_started)::bigint as key_count_placements_started,
        sum(key_count_first_outcomes)::bigint as key_count_first_outcomes,
        sum(key_count_retained_outcomes)::bigint as key_count_retained_outcomes,
        sum(key_count_companies_in_network)::bigint as key_count_companies_in_network,
    from per_site
    group by year, year_end_on
),

combined as (
    select * from per_site
    union all by name
    select * from pooled
),

final as (
    select
        municipality,
        year,
        year_end_on <= $as_of as is_year_complete,
        -- every first outcome of the year has had its 6 months by as_of
        (year_end_on + interval 6 month)::date <= $as_of as is_retention_complete,
        cost_dkk is not null as has_costs,
        cost_dkk,
        staff_fte,
        count_participants_active,
        count_placements_started,
        count_first_outcomes,
        count_retained_outcomes,
        count_companies_in_network,
        cost_dkk / nullif(count_participants_active, 0) as cost_per_participant,
        cost_dkk / nullif(count_placements_started, 0) as cost_per_placement,
        cost_dkk / nullif(count_first_outcomes, 0) as cost_per_outcome,
        cost_dkk / nullif(count_retained_outcomes, 0) as cost_per_retained_outcome,
        count_participants_active / nullif(staff_fte, 0) as participants_per_fte,
        count_companies_in_network / nullif(staff_fte, 0) as companies_per_fte,
        key_count_participants_active,
        key_count_placements_started,
        key_count_first_outcomes,
        key_count_retained_outcomes,
        key_count_companies_in_network,
    from combined
)

select * from final
order by year, municipality nulls last
