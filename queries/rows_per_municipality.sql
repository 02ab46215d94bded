-- one row per municipality asked for: the rows stored for it in each table of an export
with scope as (
    select unnest($municipalities) as municipality
),

participants as (
    select municipality from stg_participants
),

companies as (
    select municipality from stg_companies
),

placements as (
    select municipality from stg_placements
),

activities as (
    select municipality from stg_activities
),

outcomes as (
    select municipality from stg_outcomes
),

costs as (
    select municipality from stg_costs
),

stored_rows as (
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
),

counted as (
    select
        scope.municipality,
        count(*) filter (where stored_rows.table_name = 'participants') as count_participants,
        count(*) filter (where stored_rows.table_name = 'companies') as count_companies,
        count(*) filter (where stored_rows.table_name = 'placements') as count_placements,
        count(*) filter (where stored_rows.table_name = 'activities') as count_activities,
        count(*) filter (where stored_rows.table_name = 'outcomes') as count_outcomes,
        count(*) filter (where stored_rows.table_name = 'costs') as count_costs,
    from scope
    left join stored_rows
        on stored_rows.municipality = scope.municipality
    group by scope.municipality
)

select * from counted
order by municipality
