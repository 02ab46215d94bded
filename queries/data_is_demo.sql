-- one row: whether the data of every municipality stored came from the demo export
select coalesce(bool_and(is_demo), false) as is_demo,
from latest_imports()
