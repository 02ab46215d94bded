-- one row per placement, with the young person's and the host company's keys
with placements as (
    select * from placements
),

keyed as (
    select
        municipality || '/' || placement_id as placement_key,
        municipality,
        municipality || '/' || participant_id as participant_key,
        company_municipality || '/' || company_id as company_key,
        company_municipality,
        started_on,
        ended_on,
        end_reason,
        is_chosen_by_participant,
        hours_per_week,
        record_key,
    from placements
)

select * from keyed
