-- Before a costs file is written: the costs it replaces, those of its municipalities and
-- those of the municipalities and years it gives.
delete from target.costs
where
    list_contains($municipalities, municipality)
    or exists (
        select 1 from keyed_costs as k
        where k.municipality = costs.municipality and k.year = costs.year
    );
