-- one row: whether the data of every municipality stored came from the demo export
with imports as (
    select * from imports
    where status = 'ok'
),

per_municipality as (
    select
        unnest(municipalities) as municipality,
        finished_at,
        is_demo,
    from imports
),

latest as (
    select
        municipality,
        arg_max(is_demo, finished_at) as is_demo,
    from per_municipality
    group by municipality
)

select coalesce(bool_and(is_demo), false) as is_demo from latest
