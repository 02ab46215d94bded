-- one row per municipality in scope, plus the pooled total; only the municipality filter applies
with companies as (
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
        is_in_network as flag_companies_in_network,
        is_hosting or attending.company_key is not null as flag_companies_active,
        is_in_network and is_hosting as flag_num_companies_hosting_share,
        is_in_network as flag_den_companies_hosting_share,
    from companies
    left join hosting on hosting.company_key = companies.company_key
    left join attending on attending.company_key = companies.company_key
),

aggregated as (
    select * from flag_counts('flagged', $municipalities)
),

final as (
    select
        *,
        num_companies_hosting_share / nullif(den_companies_hosting_share, 0)
            as companies_hosting_share,
    from aggregated
)

select * from final
