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

new_participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
    where enrolled_on between $start and $end
),

first_placements as (
    select
        new_participants.participant_key,
        min(stg_placements.started_on) as first_started_on,
    from new_participants
    inner join stg_placements
        on stg_placements.participant_key = new_participants.participant_key
        and stg_placements.started_on >= new_participants.enrolled_on
    group by new_participants.participant_key
),

measured as (
    select
        new_participants.municipality,
        new_participants.record_key,
        date_diff('day', new_participants.enrolled_on, first_placements.first_started_on)
            as days_to_first_placement,
    from new_participants
    inner join first_placements
        on first_placements.participant_key = new_participants.participant_key
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
