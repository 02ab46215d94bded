-- one row per youth network meeting: the municipality holding it, its id and day, and its cell
-- key, the smallest key of its rows (one row per attendance). Computed when the data is written
-- (`nextwork.ingest.marts`), read by principle_indicators, which would otherwise group every
-- attendance of the period on each query.
select
    municipality,
    activity_id,
    held_on,
    min(record_key) as record_key,
from stg_activities
where activity_type = 'youth_network_meeting'
group by municipality, activity_id, held_on
