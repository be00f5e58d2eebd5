-- One row per person listed in a meeting's attendance block; typing only.
select
    meeting_id,
    cast(meeting_date as date) as meeting_date,
    region,
    name,
    person_id,
    party,
    kommune,
    cast(kommune_code as smallint) as kommune_code,
    role,
    status,
    substitute_for,
    substitute_for_id,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page
from attendance
