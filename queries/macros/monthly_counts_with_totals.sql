-- the rows of monthly_counts (one per municipality and month, `rows` naming a relation of the
-- calling query that holds them) in their published column order, with each month's pooled
-- total (municipality null) after them
create or replace macro monthly_counts_with_totals(rows) as table
    with per_site as (
        select
            municipality,
            month_start,
            month_end,
            participants_active,
            participants_new,
            placements_started,
            placements_active,
            companies_in_network,
            companies_active,
            key_participants_active,
            key_participants_new,
            key_placements_started,
            key_placements_active,
            key_companies_in_network,
            key_companies_active,
        from query_table(rows)
    ),

    totals as (
        select
            null::varchar as municipality,
            month_start,
            month_end,
            sum(columns(* exclude (municipality, month_start, month_end)))::bigint,
        from per_site
        group by month_start, month_end
    )

    -- per_site and totals have the same columns (a sum for each count)
    select * from per_site  -- noqa: AM07
    union all
    select * from totals
