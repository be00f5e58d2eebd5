-- materialized: table
-- SOSU places in the layout the referat uses: one row per meeting and area, a column per
-- education and year (SSH_2023, SSH_2024, SSA_2023, ...). A pivot's columns come from the data,
-- so this mart is built as a table on every load rather than kept as a view.
with

places as (select * from stg_sosu_laerepladser),

keyed as (
    select meeting_id, level, area, region, kommune_code, education || '_' || year as column_name, places
    from places
)

pivot keyed
on column_name
using sum(places)
group by meeting_id, level, area, region, kommune_code
order by meeting_id, case level when 'national' then 0 when 'region' then 1 else 2 end, area
