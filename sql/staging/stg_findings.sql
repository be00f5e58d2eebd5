-- Everything the pipeline noticed; typing only.
select
    severity,
    rule,
    meeting_id,
    source_file,
    source_line,
    message,
    stage
from findings
