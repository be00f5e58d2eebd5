-- One row per KKR meeting; typing only.
select
    meeting_id,
    kkr,
    region,
    cast(meeting_date as date) as meeting_date,
    start_time,
    location,
    attendance_recorded,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page,
    source_url,
    cast(retrieved as date) as retrieved
from meetings
