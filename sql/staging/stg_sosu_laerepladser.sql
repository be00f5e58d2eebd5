-- SOSU apprenticeships per meeting, year, education, level and area; typing only.
select
    meeting_id,
    cast(year as smallint) as year,
    education,
    level,
    area,
    region,
    cast(kommune_code as smallint) as kommune_code,
    cast(places as integer) as places,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page
from sosu_laerepladser
