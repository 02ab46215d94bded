-- the rows stored per municipality in each table of an export, read from the tables
-- themselves (not the staging views), so that a kept earlier version of the database
-- made by an older schema is read alike
with stored_rows as (
    select
        municipality,
        'participants' as table_name,
    from participants
    union all
    select
        municipality,
        'companies' as table_name,
    from companies
    union all
    select
        municipality,
        'placements' as table_name,
    from placements
    union all
    select
        municipality,
        'activities' as table_name,
    from activities
    union all
    select
        municipality,
        'outcomes' as table_name,
    from outcomes
    union all
    select
        municipality,
        'costs' as table_name,
    from costs
)

select
    municipality,
    table_name,
    count(*) as count_rows,
from stored_rows
group by municipality, table_name
order by municipality, table_name
