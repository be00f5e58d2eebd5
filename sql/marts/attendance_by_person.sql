-- One row per person and membership (KKR and valgperiode): meetings held during the membership,
-- present, absent, absent with a substitute standing in, and the attendance rate; meetings outside
-- the membership never count.
-- A membership runs from its first meeting to its last when it has ended, else to the end of
-- its valgperiode; a meeting counts when its referat records attendance. A person listed at
-- none of those meetings is neither present nor absent there (not recorded).
with

meetings as (select * from stg_meetings),
attendance as (select * from stg_attendance),
memberships as (select * from stg_memberships),
persons as (select * from stg_persons),

windows as (
    select
        *,
        case
            when ended_by is not null then last_meeting
            else make_date(cast(left(valgperiode, 4) as integer) + 3, 12, 31)
        end as window_end
    from memberships
),

held as (
    select windows.person_id, windows.kkr, windows.valgperiode, meetings.meeting_id
    from windows
    join meetings
        on meetings.kkr = windows.kkr
        and meetings.meeting_date between windows.first_meeting and windows.window_end
        and meetings.attendance_recorded
),

covered as (
    select distinct meeting_id, substitute_for_id as person_id
    from attendance
    where substitute_for_id is not null
),

per_meeting as (
    select
        held.person_id,
        held.kkr,
        held.valgperiode,
        held.meeting_id,
        bool_or(attendance.status = 'present' and attendance.substitute_for is null) as present,
        bool_or(attendance.status = 'absent') as absent,
        bool_or(covered.person_id is not null) as covered
    from held
    left join attendance
        on attendance.meeting_id = held.meeting_id and attendance.person_id = held.person_id
    left join covered
        on covered.meeting_id = held.meeting_id and covered.person_id = held.person_id
    group by all
),

counted as (
    select
        person_id,
        kkr,
        valgperiode,
        count(*) as meetings_held,
        count(*) filter (where present) as present,
        count(*) filter (where absent and not coalesce(present, false)) as absent,
        count(*) filter (where absent and not coalesce(present, false) and covered) as absent_covered
    from per_meeting
    group by all
),

joined as (
    select
        counted.person_id,
        persons.name,
        windows.kkr,
        windows.valgperiode,
        windows.kommune_code,
        windows.party,
        windows.first_meeting,
        windows.last_meeting,
        windows.ended_by,
        counted.meetings_held,
        counted.present,
        counted.absent,
        counted.absent_covered,
        round(counted.present / nullif(counted.meetings_held, 0), 3) as rate
    from counted
    join windows using (person_id, kkr, valgperiode)
    join persons using (person_id)
)

select * from joined
order by kkr, valgperiode, name
