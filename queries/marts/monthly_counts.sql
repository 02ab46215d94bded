-- monthly_counts read from its mart: the same rows as queries/monthly_counts.sql for a view
-- without participant filters, over months the mart covers (nextwork/marts.py decides).
-- mart_monthly_counts holds one row per municipality with data and calendar month; a
-- municipality or month without a row there counts zero, as in the query it replaces.
with scope as (
    select unnest($municipalities) as municipality
),

months as (
    select
        month_start::date as month_start,
        (month_start + interval 1 month - interval 1 day)::date as month_end,
    from generate_series(
        date_trunc('month', $start::date)::timestamp, $end::timestamp, interval 1 month
    ) as series (month_start)
),

final as (
    select
        scope.municipality,
        months.month_start,
        months.month_end,
        coalesce(mart.participants_active, 0) as participants_active,
        coalesce(mart.participants_new, 0) as participants_new,
        coalesce(mart.placements_started, 0) as placements_started,
        coalesce(mart.placements_active, 0) as placements_active,
        coalesce(mart.companies_in_network, 0) as companies_in_network,
        coalesce(mart.companies_active, 0) as companies_active,
        coalesce(mart.key_participants_active, 0) as key_participants_active,
        coalesce(mart.key_participants_new, 0) as key_participants_new,
        coalesce(mart.key_placements_started, 0) as key_placements_started,
        coalesce(mart.key_placements_active, 0) as key_placements_active,
        coalesce(mart.key_companies_in_network, 0) as key_companies_in_network,
        coalesce(mart.key_companies_active, 0) as key_companies_active,
    from scope
    cross join months
    left join mart_monthly_counts as mart
        on mart.municipality = scope.municipality
        and mart.month_start = months.month_start
),

totals as (
    select
        null::varchar as municipality,
        month_start,
        month_end,
        sum(participants_active)::bigint as participants_active,
        sum(participants_new)::bigint as participants_new,
        sum(placements_started)::bigint as placements_started,
        sum(placements_active)::bigint as placements_active,
        sum(companies_in_network)::bigint as companies_in_network,
        sum(companies_active)::bigint as companies_active,
        sum(key_participants_active)::bigint as key_participants_active,
        sum(key_participants_new)::bigint as key_participants_new,
        sum(key_placements_started)::bigint as key_placements_started,
        sum(key_placements_active)::bigint as key_placements_active,
        sum(key_companies_in_network)::bigint as key_companies_in_network,
        sum(key_companies_active)::bigint as key_companies_active,
    from final
    group by month_start, month_end
),

with_totals as (
    select * from final
    union all
    select * from totals
)

select * from with_totals order by municipality nulls last, month_start
