-- one row per municipality in scope, plus the pooled total; only the municipality filter applies
with scope as (
    select unnest($municipalities) as municipality
),

companies as (
    select * from stg_companies
    where list_contains($municipalities, municipality)
),

hosting as (
    select distinct company_key
    from stg_placements
    where started_on <= $end and (ended_on is null or ended_on >= $start)
),

attending as (
    select distinct company_key
    from stg_activities
    where company_key is not null and held_on between $start and $end
),

flagged as (
    select
        companies.municipality,
        companies.record_key,
        companies.joined_on <= $end
        and (companies.left_on is null or companies.left_on >= $start) as is_in_network,
        hosting.company_key is not null as is_hosting,
        attending.company_key is not null as has_attended,
    from companies
    left join hosting on hosting.company_key = companies.company_key
    left join attending on attending.company_key = companies.company_key
),

aggregated as (
    select
        scope.municipality,
        count(*) filter (where flagged.is_in_network) as companies_in_network,
        coalesce(sum(flagged.record_key) filter (where flagged.is_in_network), 0) as key_companies_in_network,
        count(*) filter (where flagged.is_hosting or flagged.has_attended) as companies_active,
        coalesce(sum(flagged.record_key) filter (where flagged.is_hosting or flagged.has_attended), 0) as key_companies_active,
        count(*) filter (where flagged.is_in_network and flagged.is_hosting) as num_companies_hosting_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_in_network and flagged.is_hosting), 0) as key_num_companies_hosting_share,
        count(*) filter (where flagged.is_in_network) as den_companies_hosting_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_in_network), 0) as key_den_companies_hosting_share,
    from scope
    left join flagged on flagged.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

final as (
    select
        *,
        num_companies_hosting_share / nullif(den_companies_hosting_share, 0)
            as companies_hosting_share,
    from aggregated
)

select * from final
