-- one row per attendance (or per activity with unknown attendance)
with activities as (
    select * from activities
),

keyed as (
    select
        municipality,
        activity_id,
        activity_type,
        held_on,
        participant_municipality || '/' || participant_id as participant_key,
        company_municipality || '/' || company_id as company_key,
        company_municipality,
        record_key,
    from activities
)

select * from keyed
