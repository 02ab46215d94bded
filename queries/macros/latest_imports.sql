-- one row per municipality with data: when its latest successful import finished, and whether
-- that import was of the demo export
create or replace macro latest_imports() as table
    with per_municipality as (
        select
            unnest(municipalities) as municipality,
            finished_at,
            is_demo,
        from imports
        where status = 'ok'
    ),

    latest as (
        select
            municipality,
            max(finished_at) as finished_at,
            arg_max(is_demo, finished_at) as is_demo,
        from per_municipality
        group by municipality
    )

    select * from latest
