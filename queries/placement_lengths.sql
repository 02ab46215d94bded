-- one row per municipality in scope (plus the pooled total) and length band: placements ended in the period
-- Beside each count C, key_C is its cell key: the sum of the record_key of the records C counts.
with scope as (
    select unnest($municipalities) as municipality
),

bands as (
    select *
    from (
        values
        (1, '0-4', 0, 4),
        (2, '5-8', 5, 8),
        (3, '9-12', 9, 12),
        (4, '13-16', 13, 16),
        (5, '17+', 17, null)
    ) as bands (band_order, length_band, weeks_from, weeks_to)
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

counted as (
    select
        scope.municipality,
        bands.band_order,
        bands.length_band,
        bands.weeks_from,
        bands.weeks_to,
        count(banded.band_order) as count_placements,
        coalesce(sum(banded.record_key), 0)::bigint as key_count_placements,
    from scope
    cross join bands
    left join banded
        on banded.municipality = scope.municipality
        and banded.band_order = bands.band_order
    group by grouping sets (
        (scope.municipality, bands.band_order, bands.length_band, bands.weeks_from, bands.weeks_to),
        (bands.band_order, bands.length_band, bands.weeks_from, bands.weeks_to)
    )
),

final as (
    select
        *,
        count_placements / nullif(sum(count_placements) over (partition by municipality), 0)
            as share_of_ended,
        -- the placements ended, which the share is of
        sum(count_placements) over (partition by municipality)::bigint as count_ended,
        sum(key_count_placements) over (partition by municipality)::bigint as key_count_ended,
    from counted
)

select * from final
order by municipality nulls last, band_order
