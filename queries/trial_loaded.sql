-- one row: the latest trial file loaded (none when no trial results are stored)
with loads as (
    select * from trial_loads
),

latest as (
    select
        finished_at as loaded_at,
        source,
        count_rows as file_rows,
        municipalities,
    from loads
    order by load_id desc
    limit 1
)

select * from latest
