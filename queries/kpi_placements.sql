-- one row per municipality in scope (the young person's), plus the pooled total
with scope as (
    select unnest($municipalities) as municipality
),

participants as (
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
        placements.started_on <= $end
        and (placements.ended_on is null or placements.ended_on >= $start) as is_active,
        placements.ended_on between $start and $end as is_ended,
        placements.end_reason = 'completed' as is_completed,
        placements.end_reason = 'interrupted' as is_interrupted,
        placements.is_chosen_by_participant,
        second_chances.placement_key is not null as is_followed_by_new_placement,
    from placements
    left join second_chances on second_chances.placement_key = placements.placement_key
),

aggregated as (
    select
        scope.municipality,
        count(*) filter (where flagged.is_started) as placements_started,
        coalesce(sum(flagged.record_key) filter (where flagged.is_started), 0) as key_placements_started,
        count(*) filter (where flagged.is_active) as placements_active,
        coalesce(sum(flagged.record_key) filter (where flagged.is_active), 0) as key_placements_active,
        count(*) filter (where flagged.is_ended and flagged.is_completed) as num_placement_completion_rate,
        coalesce(sum(flagged.record_key) filter (where flagged.is_ended and flagged.is_completed), 0) as key_num_placement_completion_rate,
        count(*) filter (where flagged.is_ended) as den_placement_completion_rate,
        coalesce(sum(flagged.record_key) filter (where flagged.is_ended), 0) as key_den_placement_completion_rate,
        count(*) filter (where flagged.is_started and flagged.is_chosen_by_participant)
            as num_participant_chosen_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_started and flagged.is_chosen_by_participant), 0) as key_num_participant_chosen_share,
        count(*) filter (where flagged.is_started and flagged.is_chosen_by_participant is not null)
            as den_participant_chosen_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_started and flagged.is_chosen_by_participant is not null), 0) as key_den_participant_chosen_share,
        count(*) filter (where flagged.is_ended and flagged.is_interrupted and flagged.is_followed_by_new_placement)
            as num_second_chance_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_ended and flagged.is_interrupted and flagged.is_followed_by_new_placement), 0) as key_num_second_chance_share,
        count(*) filter (where flagged.is_ended and flagged.is_interrupted) as den_second_chance_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_ended and flagged.is_interrupted), 0) as key_den_second_chance_share,
    from scope
    left join flagged on flagged.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
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
