-- one row per enrolment; keys qualified by municipality, unknown values spelled out
with participants as (
    select * from participants
),

cleaned as (
    select
        municipality || '/' || participant_id as participant_key,
        municipality,
        enrolled_on,
        exited_on,
        birth_year,
        coalesce(gender, 'unknown') as gender,
        coalesce(target_group, 'unknown') as target_group,
        youth_network,
        record_key,
    from participants
)

select * from cleaned
