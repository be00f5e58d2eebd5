"""The fast paths of issue "Scale" in the corpus step give what the plain code gave. Each is
checked against a reference written the plain way: names folded afresh for every pair, sightings
grouped one at a time, every pair of a block compared, rows copied by ``dataclasses.replace``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from pipeline.models import AppointmentRow, AttendanceRow, MeetingRow
from pipeline.transform.people import (
    REPORT_AT,
    Meetings,
    Sighting,
    _block_pairs,
    _setter,
    fold_name,
    link_people,
    match_people,
    score_names,
    spellings,
)

# --------------------------------------------------------------------------- references


def reference_score_names(a: str, b: str) -> tuple[str, int] | None:
    """``score_names`` as it was written before the fast path."""
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return "case_whitespace", 100
    if fold_name(a) == fold_name(b):
        return "hyphen_space", 100
    ta, tb = fold_name(a).split(), fold_name(b).split()
    if ta[0] != tb[0] and fuzz.ratio(ta[0], tb[0]) < REPORT_AT:
        return None
    if len(ta) == len(tb):
        return "spelling_distance", int(min(fuzz.ratio(x, y) for x, y in zip(ta, tb)))  # noqa: B905
    short, long = sorted((ta, tb), key=len)
    rest = iter(long)
    if len(short) >= 2 and short[0] == long[0] and all(t in rest for t in short):
        return "missing_middle_name", 90 if short[-1] == long[-1] else 85
    return None


def reference_spellings(found):
    """``spellings`` as it was written before the fast path: one sighting at a time."""
    known = defaultdict(set)
    for s in found:
        if s.kommune_code is not None:
            known[(s.name, s.region)].add(s.kommune_code)
    groups = {}
    for s in found:
        codes = known[(s.name, s.region)]
        one = next(iter(codes)) if len(codes) == 1 else None
        code = s.kommune_code if s.kommune_code is not None else one
        groups.setdefault((s.name, code, "" if code is not None else s.region), []).append(s)
    return groups


def reference_block_pairs(keys):
    """Every pair of a block, the earlier first."""
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]


def comparable(a, b) -> bool:
    """What ``_pair`` asks of a pair before its score: not two kommuner, and a score."""
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        return False
    return score_names(a[0], b[0]) is not None


# --------------------------------------------------------------------------- strategies

FIRST = ["Jens", "Jes", "Jess", "Anne", "Anna", "Ane", "Per", "Søren", "Soren", "Mai-Britt"]
LAST = ["Lund", "Lunde", "Hansen", "Hanssen", "Buhl", "Møller", "Moller", "Nielsen"]

a_name = st.builds(
    lambda first, middle, last, upper, gap: (
        f"{first}{gap}{' '.join(middle)}{' ' if middle else ''}{last}".upper()
        if upper
        else f"{first}{gap}{' '.join(middle)}{' ' if middle else ''}{last}"
    ),
    st.sampled_from(FIRST),
    st.lists(st.sampled_from(LAST), max_size=2),
    st.sampled_from(LAST),
    st.booleans(),
    st.sampled_from([" ", "  ", "-"]),
)
a_code = st.sampled_from([None, 851, 860])


@settings(max_examples=300, deadline=None)
@given(a_name, a_name)
def test_score_names_is_the_plain_rule(a, b):
    assert score_names(a, b) == reference_score_names(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(a_name, a_code), max_size=40))
def test_block_pairs_are_every_comparable_pair_in_order(keyed):
    keys = list(dict.fromkeys((name, code, "" if code else "Nordjylland") for name, code in keyed))
    fast = list(_block_pairs(keys))
    assert [p for p in reference_block_pairs(keys) if comparable(*p)] == [
        p for p in fast if comparable(*p)
    ]
    assert all(a[1] is None or b[1] is None or a[1] == b[1] for a, b in fast)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(a_name, a_code, st.sampled_from(["Nordjylland", "Sjælland"]))))
def test_spellings_group_as_one_at_a_time(seen):
    day = dt.date(2022, 1, 1)
    found = [
        Sighting(name, code, None, region, "m", day, True, True, "f", n)
        for n, (name, code, region) in enumerate(seen)
    ]
    assert list(spellings(found).items()) == list(reference_spellings(found).items())
    people = match_people(found)
    for key, seen_as in people.groups.items():  # each sighting's spelling is its group's
        assert all(people.spelling(sighting) == key for sighting in seen_as)


def test_two_names_on_one_line_keep_their_own_spellings():
    """A sighting's spelling is made from what it holds, not looked up by its file and line:
    two names read from one line are two spellings (an index by line kept only one)."""
    day = dt.date(2022, 1, 1)
    found = [
        Sighting(name, code, None, "Nordjylland", "m", day, True, True, "f", 7)
        for name, code in (("Anna Berg", 851), ("Bo Holm", 860))
    ]
    people = match_people(found)
    assert [people.spelling(s) for s in found] == [("Anna Berg", 851, ""), ("Bo Holm", 860, "")]


ATTENDANCE = AttendanceRow(
    "m", dt.date(2022, 1, 1), "Nordjylland", "Jes Lund", None, "A", "Aalborg", 851, None,
    "present", "Per Møller", None, "f.txt", 12, 3,
)  # fmt: skip
APPOINTMENT = AppointmentRow("m", None, "Jes Lund", "A", 851, "KKR Nordjylland", "medlem", "f", 3)


@pytest.mark.parametrize(
    ("row", "changes"),
    [
        (ATTENDANCE, {"person_id": "p1", "substitute_for_id": None}),
        (ATTENDANCE, {"person_id": None, "substitute_for_id": "p2"}),
        (APPOINTMENT, {"person_id": "p3"}),
    ],
)
def test_setter_gives_what_replace_gives(row, changes):
    made = _setter(type(row), *changes)(row, *changes.values())
    assert type(made) is type(row)
    assert made == dataclasses.replace(row, **changes)
    assert hash(made) == hash(dataclasses.replace(row, **changes))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.person_id = "changed"  # type: ignore[misc]


@dataclasses.dataclass(frozen=True)
class Checked:
    name: str
    person_id: str | None = None

    def __post_init__(self):
        if not self.name:
            raise ValueError("a name")


def test_setter_runs_a_post_init():
    assert _setter(Checked, "person_id")(Checked("x"), "p1") == Checked("x", "p1")
    with pytest.raises(ValueError, match="a name"):
        _setter(Checked, "name")(Checked("x"), "")


def test_a_member_listed_twice_is_who_the_substitute_stood_in_for():
    day = dt.date(2023, 1, 5)
    meeting = MeetingRow("m", "KKR Nordjylland", "Nordjylland", day, None, None, True, "f", 1, "0")
    lines = [("Søren Smalbro", None), ("Søren Smalbro", None), ("Per Møller", "Søren Smalbro")]
    attendance = [
        AttendanceRow("m", day, "Nordjylland", name, None, "A", "X", 851, None, "present", sub,
                      None, "f", n)
        for n, (name, sub) in enumerate(lines, start=10)
    ]  # fmt: skip
    tables, found = link_people({"meetings": [meeting], "attendance": attendance})
    rows = tables["attendance"]
    assert rows[0].person_id == rows[1].person_id == rows[2].substitute_for_id
    assert found == []


@pytest.mark.parametrize(
    ("ids", "asked", "expected"),
    [
        (["b", "a", "c"], ["a", "c"], ["a", "c"]),  # in the order of the ids
        (["m1", "m2"], ["m2", "m2"], ["m2"]),  # each once
        (["m1"], ["elsewhere"], []),  # a meeting not of the corpus is in no set
        ([], [], []),
    ],
)
def test_meetings_are_sets_of_bits(ids, asked, expected):
    meetings = Meetings(ids)
    assert meetings.ids(meetings.of(asked)) == expected


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from([f"m{i}" for i in range(70)])),
       st.sets(st.sampled_from([f"m{i}" for i in range(70)])))  # fmt: skip
def test_meetings_meet_and_join_as_sets(a, b):
    meetings = Meetings([f"m{i}" for i in range(70)])
    assert meetings.ids(meetings.of(a) & meetings.of(b)) == sorted(a & b)
    assert meetings.ids(meetings.of(a) | meetings.of(b)) == sorted(a | b)
