-- The costs of a checked export, a row per municipality and year.
-- Run by nextwork.ingest.importer.writing on the import's scratch database, with the new file
-- attached as `target` (costs carry no record keys).
insert into target.costs by name
select
    municipality,
    year,
    cost_dkk,
    staff_fte
from keyed_costs;
