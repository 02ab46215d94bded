-- one row per enrolment: every column of stg_participants, and in `dates` the dates that the
-- KPIs about young people follow, none of which depends on the period asked for: the first outcome
-- started on or after enrolment (and the first of each type), the day 6 months after it and
-- whether the young person is in an outcome (any) on that day, and the first placement started
-- on or after enrolment. Computed when the data is written (`nextwork.ingest.marts`), read by
-- the macros (people_in_scope).
with participants as (
    select * from stg_participants
),

outcomes as (
    select * from stg_outcomes
),

first_outcomes as (
    select
        participants.participant_key,
        min(outcomes.started_on) as first_outcome_on,
        min(outcomes.started_on) filter (where outcomes.outcome_type = 'education')
            as first_education_on,
        min(outcomes.started_on) filter (where outcomes.outcome_type = 'job') as first_job_on,
        (min(outcomes.started_on) + interval 6 month)::date as retention_on,
    from participants
    inner join outcomes
        on outcomes.participant_key = participants.participant_key
        and outcomes.started_on >= participants.enrolled_on
    group by participants.participant_key
),

retention as (
    select
        first_outcomes.*,
        bool_or(
            outcomes.started_on <= first_outcomes.retention_on
            and (outcomes.ended_on is null or outcomes.ended_on >= first_outcomes.retention_on)
        ) as is_in_outcome_6m_later,
    from first_outcomes
    inner join outcomes on outcomes.participant_key = first_outcomes.participant_key
    group by all
),

first_placements as (
    select
        participants.participant_key,
        min(stg_placements.started_on) as first_placement_on,
    from participants
    inner join stg_placements
        on stg_placements.participant_key = participants.participant_key
        and stg_placements.started_on >= participants.enrolled_on
    group by participants.participant_key
),

final as (
    select
        participants.*,
        struct_pack(
            first_outcome_on := retention.first_outcome_on,
            first_education_on := retention.first_education_on,
            first_job_on := retention.first_job_on,
            retention_on := retention.retention_on,
            is_in_outcome_6m_later := retention.is_in_outcome_6m_later,
            first_placement_on := first_placements.first_placement_on
        ) as dates,
    from participants
    left join retention on retention.participant_key = participants.participant_key
    left join first_placements on first_placements.participant_key = participants.participant_key
)

select * from final
