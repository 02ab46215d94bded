-- one row per municipality in scope (plus the pooled total, municipality null) and band: how
-- many of the items fall in the band, and the share of the municipality's items that is
-- `items` and `bands` name relations of the calling query: items(municipality, record_key,
-- band_order), one row per item counted; bands(band_order, ...), one row per band, its other
-- columns carried to the result. A band without items counts 0.
create or replace macro banded_counts(items, bands, municipalities) as table
    with counted as (
        select
            scope.municipality,
            bands.band_order,
            count(items.band_order) as count_in_band,
            coalesce(sum(items.record_key), 0)::bigint as key_count_in_band,
        from unnest(municipalities) as scope (municipality)
        cross join query_table(bands) as bands
        left join query_table(items) as items
            on items.municipality = scope.municipality
            and items.band_order = bands.band_order
        group by grouping sets ((scope.municipality, bands.band_order), (bands.band_order))
    ),

    final as (
        select
            counted.municipality,
            bands.*,
            counted.count_in_band,
            counted.key_count_in_band,
            counted.count_in_band
            / nullif(sum(counted.count_in_band) over (partition by counted.municipality), 0)
                as share_of_total,
            -- all the municipality's items, whom the share is of
            sum(counted.count_in_band) over (partition by counted.municipality)::bigint
                as count_total,
            sum(counted.key_count_in_band) over (partition by counted.municipality)::bigint
                as key_count_total,
        from counted
        inner join query_table(bands) as bands on bands.band_order = counted.band_order
    )

    select * from final
