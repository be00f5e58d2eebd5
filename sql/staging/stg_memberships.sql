-- One row per person, KKR and valgperiode they were a member in; typing only.
select
    person_id,
    kkr,
    valgperiode,
    cast(kommune_code as smallint) as kommune_code,
    party,
    cast(first_meeting as date) as first_meeting,
    cast(last_meeting as date) as last_meeting,
    ended_by
from memberships
