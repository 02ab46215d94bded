-- one row per calendar month touching the period: its first and last day
create or replace macro calendar_months(period_start, period_end) as table
    select
        series.month_start::date as month_start,
        (series.month_start + interval 1 month - interval 1 day)::date as month_end,
    from generate_series(
            date_trunc('month', period_start::date)::timestamp,
            period_end::timestamp,
            interval 1 month
        ) as series (month_start)
