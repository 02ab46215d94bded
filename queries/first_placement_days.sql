-- one row per municipality in scope (plus the pooled total) and band of days: young people
-- enrolled in the period, from enrolment to their first placement
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with bands as (
    select *
    from (
        values
        (1, '0-14', 0, 14),
        (2, '15-30', 15, 30),
        (3, '31-60', 31, 60),
        (4, '61-90', 61, 90),
        (5, '91-180', 91, 180),
        (6, '181+', 181, null)
    ) as bands (band_order, days_band, days_from, days_to)  -- noqa: AL05
),

measured as (
    select *
    from new_participant_first_placements(
            $start, $end, $municipalities, $target_groups, $genders, $age_bands
        )
    where first_placement_on is not null
),

banded as (
    select
        measured.municipality,
        measured.record_key,
        bands.band_order,
    from measured
    inner join bands
        on measured.days_to_first_placement >= bands.days_from
        and (bands.days_to is null or measured.days_to_first_placement <= bands.days_to)
),

final as (
    select
        * rename (
            count_in_band as count_participants,
            key_count_in_band as key_count_participants,
            share_of_total as share_of_placed,
            count_total as count_placed,
            key_count_total as key_count_placed
        )
    from banded_counts('banded', 'bands', $municipalities)
)

select * from final
order by municipality nulls last, band_order
