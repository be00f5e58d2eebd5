-- One row per person and kommune: at how many recorded meetings of their KKR they were present
-- or absent. A person is matched by name as written and kommune; spelling variants of a name
-- count as different people.
with

attendance as (select * from stg_attendance),

per_member as (
    select
        region,
        name,
        kommune,
        kommune_code,
        any_value(party order by meeting_date desc) as latest_party,
        count(*) filter (where status = 'present') as meetings_present,
        count(*) filter (where status = 'absent') as meetings_absent,
        count(*) filter (where status = 'present' and substitute_for is not null) as as_substitute,
        min(meeting_date) as first_meeting,
        max(meeting_date) as last_meeting
    from attendance
    group by region, name, kommune, kommune_code
),

rated as (
    select
        *,
        round(meetings_present / (meetings_present + meetings_absent), 3) as attendance_rate
    from per_member
)

select * from rated
order by region, name, kommune
