-- The outcomes of a checked export, with the young person's municipality (and the
-- company's, if any).
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target`; the record keys are added there (`with_record_keys`).
insert into target.outcomes by name
select
    p.municipality,
    o.person_id as participant_id,
    o.outcome_type,
    o.started_on,
    o.ended_on,
    c.municipality as company_municipality,
    o.company_id
from keyed_outcomes as o
inner join keyed_participants as p on p.person_id = o.person_id
left join keyed_companies as c on c.company_id = o.company_id;
