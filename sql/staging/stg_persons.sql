-- One row per person, however the referater spell their name; typing only.
select
    person_id,
    name,
    cast(kommune_code as smallint) as kommune_code,
    party,
    cast(first_seen as date) as first_seen,
    cast(last_seen as date) as last_seen
from persons
