-- Everything the pipeline noticed; typing only.
select
    severity,
    rule,
    meeting_id,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page,
    message,
    stage
from findings
