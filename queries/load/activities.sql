-- The activities of a checked export; a row names a young person, a company or neither.
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target`; the record keys are added there (`with_record_keys`).
insert into target.activities by name
select
    a.municipality,
    a.activity_id,
    a.activity_type,
    a.held_on,
    p.municipality as participant_municipality,
    a.person_id as participant_id,
    c.municipality as company_municipality,
    a.company_id
from keyed_activities as a
left join keyed_participants as p on p.person_id = a.person_id
left join keyed_companies as c on c.company_id = a.company_id;
