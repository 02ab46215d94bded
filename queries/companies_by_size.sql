-- one row per municipality in scope and size band found among companies in the network during
-- the period: how many companies (0 included)
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with in_network as (
    select
        municipality,
        size_band,
        record_key,
        list_position(['1-9', '10-49', '50-249', '250+', 'unknown'], size_band) as band_order,
    from companies_in_network($start, $end, $municipalities)
),

bands as (
    select distinct
        band_order,
        size_band,
    from in_network
),

final as (
    select
        municipality,
        size_band,
        band_order as size_order,
        count_in_band as count_companies,
        key_count_in_band as key_count_companies,
    from banded_counts('in_network', 'bands', $municipalities)
    where municipality is not null
)

select * from final
order by municipality, size_order
