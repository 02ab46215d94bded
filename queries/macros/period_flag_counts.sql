-- flag_counts for several periods at once: one row per period and municipality in scope, plus
-- each period's pooled total (municipality null)
-- `flagged` rows carry a period_id beside their municipality, record_key and flag_<name>
-- columns; `periods` names a relation with one row per period_id, so that a period without
-- rows counts 0.
create or replace macro period_flag_counts(flagged, periods, municipalities) as table
    with per_period as (
        select
            periods.period_id,
            scope.municipality,
            count(if(columns('^flag_(.*)$'), true, null)) as '\1',  -- noqa: RF05
            coalesce(sum(if(columns('^flag_(.*)$'), flags.record_key, null)), 0)::bigint
                as 'key_\1',  -- noqa: RF05
        from query_table(periods) as periods
        cross join unnest(municipalities) as scope (municipality)
        left join query_table(flagged) as flags
            on flags.period_id = periods.period_id
            and flags.municipality = scope.municipality
        group by grouping sets ((periods.period_id, scope.municipality), (periods.period_id))
    )

    select * from per_period
