-- one row per municipality in scope, plus the pooled total (municipality is null)
with participants as (
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
        network_attendees.participant_key is not null as has_attended_network,
        is_active as flag_participants_active,
        participants.enrolled_on between $start and $end as flag_participants_new,
        is_active and has_attended_network as flag_num_network_attendance_share,
        is_active as flag_den_network_attendance_share,
    from participants
    left join network_attendees on network_attendees.participant_key = participants.participant_key
),

aggregated as (
    select * from flag_counts('flagged', $municipalities)
),

final as (
    select
        *,
        num_network_attendance_share / nullif(den_network_attendance_share, 0)
            as network_attendance_share,
    from aggregated
)

select * from final
