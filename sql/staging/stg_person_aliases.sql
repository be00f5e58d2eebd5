-- One row per person and spelling of their name, with the rule that joined it; typing only.
select
    person_id,
    name,
    rule,
    cast(score as smallint) as score,
    source_a,
    source_b
from person_aliases
