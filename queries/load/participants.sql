-- The young people of a checked export, each under its id (a pseudonym for a CPR number).
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target`; the record keys are added there (`with_record_keys`).
insert into target.participants by name
select
    municipality,
    person_id as participant_id,
    enrolled_on,
    exited_on,
    birth_year,
    gender,
    target_group,
    youth_network
from keyed_participants;
