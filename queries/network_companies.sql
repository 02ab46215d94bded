-- one row per company in the network during the period that has a location (for the map)
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with final as (
    select
        company_key,
        company_name,
        municipality,
        industry,
        size_band,
        latitude,
        longitude,
        is_placed_by_postcode,
        placements_started as count_placements,
        key_placements_started as key_count_placements,
    from companies_in_network($start, $end, $municipalities)
    where latitude is not null and longitude is not null
)

select * from final
order by municipality, company_name
