-- one row per company of the municipalities in scope that is in the network during the period
-- (joined by its last day, not left before its first), its industry and size band spelled
-- 'unknown' when not given, with the placements it hosts that started in the period
create or replace macro companies_in_network(period_start, period_end, municipalities) as table
    with started as (
        select
            company_key,
            count(*) as placements_started,
            sum(record_key)::bigint as key_placements_started,
        from stg_placements
        where started_on between period_start and period_end
        group by company_key
    ),

    in_network as (
        select
            stg_companies.* replace (
                coalesce(stg_companies.industry, 'unknown') as industry,
                coalesce(stg_companies.size_band, 'unknown') as size_band
            ),
            coalesce(started.placements_started, 0) as placements_started,
            coalesce(started.key_placements_started, 0) as key_placements_started,
        from stg_companies
        left join started on started.company_key = stg_companies.company_key
        where list_contains(municipalities, stg_companies.municipality)
            and stg_companies.joined_on <= period_end
            and (stg_companies.left_on is null or stg_companies.left_on >= period_start)
    )

    select * from in_network
