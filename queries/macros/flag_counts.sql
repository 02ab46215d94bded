-- one row per municipality in scope, plus the pooled total (municipality null): for each flag
-- of `flagged`, how many of its rows have it, and beside it the cell key
-- `flagged` names a relation of the calling query: one row per record counted, with its
-- municipality, its record_key and any number of boolean columns flag_<name>. The result has
-- a count <name> per flag and then key_<name> per flag: the sum of the record_key of the rows
-- it counts (0 when none).
create or replace macro flag_counts(flagged, municipalities) as table
    with counted as (
        select
            scope.municipality,
            -- each flag_<name> gives <name> and key_<name> (DuckDB's renaming by pattern)
            count(if(columns('^flag_(.*)$'), true, null)) as '\1',  -- noqa: RF05
            coalesce(sum(if(columns('^flag_(.*)$'), flags.record_key, null)), 0)::bigint
                as 'key_\1',  -- noqa: RF05
        -- (municipalities and flagged are the macro's parameters, not columns)
        from unnest(municipalities) as scope (municipality)  -- noqa: RF03
        left join query_table(flagged) as flags  -- noqa: RF03
            on flags.municipality = scope.municipality
        group by grouping sets ((scope.municipality), ())
    )

    select * from counted
