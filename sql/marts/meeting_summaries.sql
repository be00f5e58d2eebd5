-- One row per meeting: how many items it treated and who came, with its findings.
with

meetings as (select * from stg_meetings),
agenda_items as (select * from stg_agenda_items),
attendance as (select * from stg_attendance),
findings as (select * from stg_findings),

item_counts as (
    select meeting_id, count(*) as agenda_items
    from agenda_items
    group by meeting_id
),

attendance_counts as (
    select
        meeting_id,
        count(*) filter (where status = 'present') as present,
        count(*) filter (where status = 'absent') as absent,
        count(*) filter (where substitute_for is not null) as substitutes
    from attendance
    group by meeting_id
),

finding_counts as (
    select
        meeting_id,
        count(*) filter (where severity = 'error') as errors,
        count(*) filter (where severity = 'warning') as warnings
    from findings
    group by meeting_id
),

joined as (
    select
        meetings.meeting_id,
        meetings.kkr,
        meetings.region,
        meetings.meeting_date,
        meetings.start_time,
        meetings.location,
        coalesce(item_counts.agenda_items, 0) as agenda_items,
        meetings.attendance_recorded,
        -- NULL, not 0, where the referat records no attendance
        case when meetings.attendance_recorded then coalesce(attendance_counts.present, 0) end as present,
        case when meetings.attendance_recorded then coalesce(attendance_counts.absent, 0) end as absent,
        case when meetings.attendance_recorded then coalesce(attendance_counts.substitutes, 0) end as substitutes,
        coalesce(finding_counts.errors, 0) as errors,
        coalesce(finding_counts.warnings, 0) as warnings,
        meetings.source_file
    from meetings
    left join item_counts using (meeting_id)
    left join attendance_counts using (meeting_id)
    left join finding_counts using (meeting_id)
),

rated as (
    select
        *,
        round(present / nullif(present + absent, 0), 3) as attendance_rate
    from joined
)

select * from rated
order by meeting_date, region
