-- One row per entity, fiscal year, measure and label: the amount, once. A sentence that only
-- summarises a table figure of the same item (36,0 mio. kr. for 36.061.167, within 1 %) is left
-- out for the table's row; where a fact is stated in several places or meetings, the table's
-- statement wins, then the latest meeting's. times_stated counts every place it was stated.
with

budgets as (select * from stg_budgets),
meetings as (select meeting_id, meeting_date from stg_meetings),

summaries as (
    select text_row.meeting_id, text_row.source_line, text_row.amount_text
    from budgets as text_row
    join budgets as table_row
        on text_row.meeting_id = table_row.meeting_id
        and text_row.item_no = table_row.item_no
        and text_row.fiscal_year = table_row.fiscal_year
        and text_row.measure = table_row.measure
        and table_row.basis = 'table'
    where text_row.basis = 'text'
        and abs(text_row.amount_dkk - table_row.amount_dkk) <= 0.01 * table_row.amount_dkk
),

facts as (
    select budgets.*
    from budgets
    anti join summaries using (meeting_id, source_line, amount_text)
),

ranked as (
    select
        facts.*,
        meetings.meeting_date,
        count(*) over fact as times_stated,
        row_number() over (
            fact order by facts.basis = 'table' desc, meetings.meeting_date desc, facts.source_line
        ) as rank
    from facts
    join meetings using (meeting_id)
    window fact as (partition by facts.entity, facts.fiscal_year, facts.measure, facts.label)
),

chosen as (
    select
        entity,
        fiscal_year,
        measure,
        label,
        amount_dkk,
        amount_text,
        percent,
        unit_note,
        basis,
        times_stated,
        meeting_id,
        meeting_date,
        item_no,
        source_file,
        source_line,
        quote
    from ranked
    where rank = 1
)

select * from chosen
order by entity nulls last, fiscal_year nulls last, measure, label
