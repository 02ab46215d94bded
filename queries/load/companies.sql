-- The companies of a checked export.
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target`; the record keys are added there (`with_record_keys`).
insert into target.companies by name
select
    municipality,
    company_id,
    name,
    industry,
    size_band,
    postcode,
    latitude,
    longitude,
    joined_on,
    left_on
from keyed_companies;
