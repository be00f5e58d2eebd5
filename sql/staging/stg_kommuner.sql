-- The 98 kommuner (reference data); typing only.
select
    cast(kommune_code as smallint) as kommune_code,
    kommune,
    official_name,
    region,
    cast(region_code as smallint) as region_code
from kommuner
