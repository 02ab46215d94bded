-- one row per company and day on which it attended a company network meeting or a joint meeting.
-- Computed when the data is written (`nextwork.ingest.marts`), read by principle_indicators.
select distinct
    company_key,
    held_on,
from stg_activities
where activity_type in ('company_network_meeting', 'joint_meeting')
    and company_key is not null
