-- The placements of a checked export, with the municipality of the young person and of
-- the company.
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target`; the record keys are added there (`with_record_keys`).
insert into target.placements by name
select
    p.municipality,
    pl.placement_id,
    pl.person_id as participant_id,
    c.municipality as company_municipality,
    pl.company_id,
    pl.started_on,
    pl.ended_on,
    pl.end_reason,
    pl.chosen_by_participant as is_chosen_by_participant,
    pl.hours_per_week
from keyed_placements as pl
inner join keyed_participants as p on p.person_id = pl.person_id
inner join keyed_companies as c on c.company_id = pl.company_id;
