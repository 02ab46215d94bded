-- monthly_counts read from its mart: the same rows as queries/monthly_counts.sql for a view
-- without participant filters, over months the mart covers (nextwork/ingest/marts.py decides).
-- mart_monthly_counts holds one row per municipality with data and calendar month; a
-- municipality or month without a row there counts zero, as in the query it replaces.
with scope as (
    select unnest($municipalities) as municipality
),

per_site as (
    select
        scope.municipality,
        months.month_start,
        months.month_end,
        coalesce(columns(mart.* exclude (municipality, month_start, month_end)), 0),
    from scope
    cross join calendar_months($start, $end) as months
    left join mart_monthly_counts as mart
        on mart.municipality = scope.municipality
        and mart.month_start = months.month_start
)

select * from monthly_counts_with_totals('per_site')
order by municipality nulls last, month_start
