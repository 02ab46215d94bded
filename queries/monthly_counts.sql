-- one row per municipality and calendar month touching the period, plus one per month for them
-- all (municipality null): the count KPIs of that month
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

months as (
    select * from calendar_months($start, $end)
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

participant_months as (
    select
        participants.municipality,
        months.month_start,
        count(*) filter (
            where participants.enrolled_on <= months.month_end
            and (participants.exited_on is null or participants.exited_on >= months.month_start)
        ) as participants_active,
        count(*) filter (
            where participants.enrolled_on between months.month_start and months.month_end
        ) as participants_new,
        coalesce(sum(participants.record_key) filter (
            where participants.enrolled_on <= months.month_end
            and (participants.exited_on is null or participants.exited_on >= months.month_start)
        ), 0)::bigint as key_participants_active,
        coalesce(sum(participants.record_key) filter (
            where participants.enrolled_on between months.month_start and months.month_end
        ), 0)::bigint as key_participants_new,
    from participants
    cross join months
    group by participants.municipality, months.month_start
),

placement_months as (
    select
        placements.municipality,
        months.month_start,
        count(*) filter (
            where placements.started_on between months.month_start and months.month_end
        ) as placements_started,
        count(*) filter (
            where placements.started_on <= months.month_end
            and (placements.ended_on is null or placements.ended_on >= months.month_start)
        ) as placements_active,
        coalesce(sum(placements.record_key) filter (
            where placements.started_on between months.month_start and months.month_end
        ), 0)::bigint as key_placements_started,
        coalesce(sum(placements.record_key) filter (
            where placements.started_on <= months.month_end
            and (placements.ended_on is null or placements.ended_on >= months.month_start)
        ), 0)::bigint as key_placements_active,
    from placements
    cross join months
    group by placements.municipality, months.month_start
),

hosting as (
    select distinct
        months.month_start,
        stg_placements.company_key,
    from stg_placements
    inner join months
        on stg_placements.started_on <= months.month_end
        and (stg_placements.ended_on is null or stg_placements.ended_on >= months.month_start)
),

attending as (
    select distinct
        months.month_start,
        stg_activities.company_key,
    from stg_activities
    inner join months on stg_activities.held_on between months.month_start and months.month_end
    where stg_activities.company_key is not null
),

active_companies as (
    select * from hosting
    union
    select * from attending
),

company_months as (
    select
        companies.municipality,
        months.month_start,
        count(*) filter (
            where companies.joined_on <= months.month_end
            and (companies.left_on is null or companies.left_on >= months.month_start)
        ) as companies_in_network,
        count(active_companies.company_key) as companies_active,
        coalesce(sum(companies.record_key) filter (
            where companies.joined_on <= months.month_end
            and (companies.left_on is null or companies.left_on >= months.month_start)
        ), 0)::bigint as key_companies_in_network,
        coalesce(sum(companies.record_key) filter (
            where active_companies.company_key is not null
        ), 0)::bigint as key_companies_active,
    from companies
    cross join months
    left join active_companies
        on active_companies.company_key = companies.company_key
        and active_companies.month_start = months.month_start
    group by companies.municipality, months.month_start
),

spine as (
    select
        scope.municipality,
        months.month_start,
        months.month_end,
    from scope
    cross join months
),

per_site as (
    select
        spine.municipality,
        spine.month_start,
        spine.month_end,
        coalesce(columns(participant_months.* exclude (municipality, month_start)), 0),
        coalesce(columns(placement_months.* exclude (municipality, month_start)), 0),
        coalesce(columns(company_months.* exclude (municipality, month_start)), 0),
    from spine
    left join participant_months
        on participant_months.municipality = spine.municipality
        and participant_months.month_start = spine.month_start
    left join placement_months
        on placement_months.municipality = spine.municipality
        and placement_months.month_start = spine.month_start
    left join company_months
        on company_months.municipality = spine.municipality
        and company_months.month_start = spine.month_start
)

select * from monthly_counts_with_totals('per_site')
order by municipality nulls last, month_start
