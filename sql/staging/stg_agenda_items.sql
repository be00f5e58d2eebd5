-- One row per agenda item; typing only.
select
    meeting_id,
    item_no,
    title,
    group_no,
    group_title,
    sag_no,
    baggrund,
    indstilling,
    sagsfremstilling,
    beslutning,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page,
    line_end
from agenda_items
