-- one row per municipality with data: the day of its latest successful import
with latest as (
    select
        municipality,
        finished_at as imported_at,
    from latest_imports()
)

select * from latest
order by municipality
