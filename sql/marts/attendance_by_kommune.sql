-- One row per KKR, valgperiode and kommune: members, meetings held during their memberships (summed
-- over members), present, absent, absent with a substitute, and the attendance rate.
-- Built on attendance_by_person, so a person counts once however their name is spelt, and a
-- meeting outside a membership never counts.
with

by_person as (select * from attendance_by_person),
kommuner as (select * from stg_kommuner),

per_kommune as (
    select
        kkr,
        valgperiode,
        kommune_code,
        count(distinct person_id) as members,
        sum(meetings_held) as meetings_held,
        sum(present) as present,
        sum(absent) as absent,
        sum(absent_covered) as absent_covered
    from by_person
    group by all
),

rated as (
    select
        per_kommune.*,
        kommuner.kommune,
        round(present / nullif(meetings_held, 0), 3) as rate
    from per_kommune
    left join kommuner using (kommune_code)
)

select * from rated
order by kkr, valgperiode, kommune
