-- One amount of money per place a referat states it; typing only.
select
    meeting_id,
    item_no,
    entity,
    cast(fiscal_year as smallint) as fiscal_year,
    measure,
    label,
    amount_dkk,
    amount_text,
    percent,
    unit_note,
    basis,
    source_file,
    source_line,
    cast(source_page as smallint) as source_page,
    quote
from budgets
