-- one row per municipality in scope (plus the pooled total) and length band: placements ended in
-- the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with bands as (
    select *
    from (
        values
        (1, '0-4', 0, 4),
        (2, '5-8', 5, 8),
        (3, '9-12', 9, 12),
        (4, '13-16', 13, 16),
        (5, '17+', 17, null)
    ) as bands (band_order, length_band, weeks_from, weeks_to)  -- noqa: AL05
),

participants as (
    select participant_key
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

ended_placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
        and ended_on between $start and $end
),

measured as (
    select
        municipality,
        record_key,
        -- both the first and the last day count, and a started week counts as a week
        ceil((date_diff('day', started_on, ended_on) + 1) / 7)::integer as length_weeks,
    from ended_placements
),

banded as (
    select
        measured.municipality,
        measured.record_key,
        bands.band_order,
    from measured
    inner join bands
        on measured.length_weeks >= bands.weeks_from
        and (bands.weeks_to is null or measured.length_weeks <= bands.weeks_to)
),

final as (
    select
        * rename (
            count_in_band as count_placements,
            key_count_in_band as key_count_placements,
            share_of_total as share_of_ended,
            count_total as count_ended,
            key_count_total as key_count_ended
        )
    from banded_counts('banded', 'bands', $municipalities)
)

select * from final
order by municipality nulls last, band_order
