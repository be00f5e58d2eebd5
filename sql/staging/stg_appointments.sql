-- One row per person named as appointed to a board, council or forum; typing only.
select
    meeting_id,
    person_id,
    name,
    party,
    cast(kommune_code as smallint) as kommune_code,
    body,
    role,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page
from appointments
