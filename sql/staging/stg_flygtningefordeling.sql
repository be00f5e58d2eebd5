-- One refugee quota per meeting, year, level and area; typing only.
select
    meeting_id,
    cast(quota_year as smallint) as quota_year,
    level,
    area,
    region,
    cast(kommune_code as smallint) as kommune_code,
    cast(quota as integer) as quota,
    cast(revised_from as integer) as revised_from,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page
from flygtningefordeling
