-- one row per municipality and number of placements started in the period (0, 1, 2, 3, 4+):
-- how many of the companies in the network started that many
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with bands as (
    select
        unnest([0, 1, 2, 3, 4]) as band_order,
        unnest(['0', '1', '2', '3', '4+']) as placements_band,
),

banded as (
    select
        municipality,
        record_key,
        least(placements_started, 4) as band_order,
    from companies_in_network($start, $end, $municipalities)
),

final as (
    select
        municipality,
        placements_band,
        band_order,
        count_in_band as count_companies,
        key_count_in_band as key_count_companies,
    from banded_counts('banded', 'bands', $municipalities)
    where municipality is not null
)

select * from final
order by municipality, band_order
