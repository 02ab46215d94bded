-- one row per spell of education or job
with outcomes as (
    select
        rowid as outcome_row,
        *,
    from outcomes
),

keyed as (
    select
        outcome_row as outcome_key,
        municipality,
        municipality || '/' || participant_id as participant_key,
        outcome_type,
        started_on,
        ended_on,
        company_municipality || '/' || company_id as company_key,
        record_key,
    from outcomes
)

select * from keyed
