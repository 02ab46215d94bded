-- one row per municipality in scope, plus the pooled total (municipality is null)
with scope as (
    select unnest($municipalities) as municipality
),

participants as (
    select *
    from participants_in_scope($start, $municipalities, $target_groups, $genders, $age_bands)
),

network_attendees as (
    select distinct participant_key
    from stg_activities
    where activity_type in ('youth_network_meeting', 'joint_meeting')
        and held_on between $start and $end
        and participant_key is not null
),

flagged as (
    select
        participants.municipality,
        participants.record_key,
        participants.enrolled_on <= $end
        and (participants.exited_on is null or participants.exited_on >= $start) as is_active,
        participants.enrolled_on between $start and $end as is_new,
        network_attendees.participant_key is not null as has_attended_network,
    from participants
    left join network_attendees on network_attendees.participant_key = participants.participant_key
),

aggregated as (
    select
        scope.municipality,
        count(*) filter (where flagged.is_active) as participants_active,
        coalesce(sum(flagged.record_key) filter (where flagged.is_active), 0) as key_participants_active,
        count(*) filter (where flagged.is_new) as participants_new,
        coalesce(sum(flagged.record_key) filter (where flagged.is_new), 0) as key_participants_new,
        count(*) filter (where flagged.is_active and flagged.has_attended_network)
            as num_network_attendance_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_active and flagged.has_attended_network), 0) as key_num_network_attendance_share,
        count(*) filter (where flagged.is_active) as den_network_attendance_share,
        coalesce(sum(flagged.record_key) filter (where flagged.is_active), 0) as key_den_network_attendance_share,
    from scope
    left join flagged on flagged.municipality = scope.municipality
    group by grouping sets ((scope.municipality), ())
),

final as (
    select
        *,
        num_network_attendance_share / nullif(den_network_attendance_share, 0)
            as network_attendance_share,
    from aggregated
)

select * from final
