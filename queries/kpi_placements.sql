-- one row per municipality in scope (the young person's), plus the pooled total
with participants as (
    select participant_key
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

placements as (
    select * from stg_placements
    where participant_key in (select participant_key from participants)
),

second_chances as (
    select distinct interrupted.placement_key
    from placements as interrupted
    inner join placements as next_placement
        on next_placement.participant_key = interrupted.participant_key
        and next_placement.placement_key <> interrupted.placement_key
        and next_placement.started_on
        between interrupted.ended_on and (interrupted.ended_on + interval 60 day)::date
    where interrupted.end_reason = 'interrupted'
),

flagged as (
    select
        placements.municipality,
        placements.record_key,
        placements.started_on between $start and $end as is_started,
        placements.ended_on between $start and $end as is_ended,
        placements.end_reason = 'interrupted' as is_interrupted,
        is_started as flag_placements_started,
        placements.started_on <= $end
        and (placements.ended_on is null or placements.ended_on >= $start)
            as flag_placements_active,
        is_ended and placements.end_reason = 'completed' as flag_num_placement_completion_rate,
        is_ended as flag_den_placement_completion_rate,
        is_started and placements.is_chosen_by_participant as flag_num_participant_chosen_share,
        is_started and placements.is_chosen_by_participant is not null
            as flag_den_participant_chosen_share,
        is_ended and is_interrupted and second_chances.placement_key is not null
            as flag_num_second_chance_share,
        is_ended and is_interrupted as flag_den_second_chance_share,
    from placements
    left join second_chances on second_chances.placement_key = placements.placement_key
),

aggregated as (
    select * from flag_counts('flagged', $municipalities)
),

final as (
    select
        *,
        num_placement_completion_rate / nullif(den_placement_completion_rate, 0)
            as placement_completion_rate,
        num_participant_chosen_share / nullif(den_participant_chosen_share, 0)
            as participant_chosen_share,
        num_second_chance_share / nullif(den_second_chance_share, 0) as second_chance_share,
    from aggregated
)

select * from final
