-- one row per municipality with data: the day of its latest successful import
with imports as (
    select * from imports
    where status = 'ok'
),

per_municipality as (
    select
        unnest(municipalities) as municipality,
        finished_at,
    from imports
),

latest as (
    select
        municipality,
        max(finished_at) as imported_at,
    from per_municipality
    group by municipality
)

select * from latest
order by municipality
