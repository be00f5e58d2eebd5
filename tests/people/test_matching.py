"""People: spellings joined into persons on the seeds, near-names kept apart, ids stable."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import read_referat
from pipeline.models import AttendanceRow, MeetingRow
from pipeline.transform import corpus_tables, transform
from pipeline.transform.people import JOIN_AT, score_names, valgperiode
from tests.conftest import RAW_DIR, SEEDS


@pytest.fixture(scope="module")
def seeds():
    return transform([read_referat(RAW_DIR / seed, RAW_DIR) for seed in SEEDS])


def ids_of(tables, *names):
    rows = tables["attendance"] + tables["appointments"]
    return {r.name: r.person_id for r in rows if r.name in names}


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Jes Lund", "Jes Lunde", "spelling_distance"),
        ("Johannes Lundsryd Jensen", "Johannes Lundsfryd Jensen", "spelling_distance"),
        ("Erik Buhl", "Erik Buhl Nielsen", "missing_middle_name"),
    ],
)
def test_alias_pairs_of_the_seeds_are_joined(seeds, a, b, rule):
    ids = ids_of(seeds, a, b)
    assert ids[a] == ids[b]
    alias = {(x.name, x.rule) for x in seeds["person_aliases"] if x.person_id == ids[a]}
    assert (b if rule != "missing_middle_name" else "Erik Buhl Nielsen", rule) in alias or (
        a,
        rule,
    ) in alias


def test_poul_erik_jense_is_his_own_person(seeds):
    pid = ids_of(seeds, "Poul Erik Jense")["Poul Erik Jense"]
    assert [a.name for a in seeds["person_aliases"] if a.person_id == pid] == ["Poul Erik Jense"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jens Kristian Yde", "Jens Christian Golding"),
        ("Per Bach Laursen", "Per Møller"),
        ("Søren Steen Andersen", "Søren Rishøj Jakobsen"),
        ("Jens Hansen", "Jens Jensen"),
        ("Anne Hansen", "Anna Hansen"),
    ],
)
def test_near_names_of_different_people_score_below_the_bar(a, b):
    scored = score_names(a, b)
    assert scored is None or scored[1] < JOIN_AT


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jens Kristian Yde", "Jens Christian Golding"),
        ("Per Bach Laursen", "Per Møller"),
        ("Søren Steen Andersen", "Søren Rishøj Jakobsen"),
    ],
)
def test_near_names_of_the_seeds_stay_apart(seeds, a, b):
    ids = ids_of(seeds, a, b)
    assert ids[a] != ids[b]


def test_no_two_names_listed_at_one_meeting_are_one_person(seeds):
    seen = {}
    for r in seeds["attendance"]:
        seen.setdefault((r.meeting_id, r.person_id), set()).add(r.name)
    assert all(len(names) == 1 for names in seen.values())


def test_one_person_across_seeds_has_a_membership_per_term(seeds):
    pid = ids_of(seeds, "Per Bach Laursen")["Per Bach Laursen"]
    terms = [(m.kkr, m.valgperiode, m.ended_by) for m in seeds["memberships"] if m.person_id == pid]
    assert sorted(terms) == [
        ("KKR Nordjylland", "2018-21", "term_end"),
        ("KKR Nordjylland", "2022-25", None),
    ]


def test_substitute_points_at_the_member(seeds):
    per = next(r for r in seeds["attendance"] if r.name == "Per Møller")
    assert per.substitute_for_id == ids_of(seeds, "Søren Smalbro")["Søren Smalbro"]


def test_seed_counts(seeds):
    counts = {
        n: len(seeds[n]) for n in ("appointments", "persons", "person_aliases", "memberships")
    }
    assert counts == {"appointments": 19, "persons": 83, "person_aliases": 86, "memberships": 90}


def test_a_listed_pair_below_the_bar_is_reported():
    tables = corpus([(dt.date(2023, 1, 5), [("Anne Hansen", 851), ("Anna Hansen", 851)])])
    assert len({r.person_id for r in tables["attendance"]}) == 2
    assert [f.rule for f in tables["findings"]] == ["person_ambiguous"]


@pytest.mark.parametrize(
    ("day", "term"),
    [(dt.date(2018, 1, 1), "2018-21"), (dt.date(2021, 12, 31), "2018-21"),
     (dt.date(2022, 1, 1), "2022-25"), (dt.date(2017, 6, 1), "2014-17")],
)  # fmt: skip
def test_valgperiode(day, term):
    assert valgperiode(day) == term


# --------------------------------------------------------------------------- stable ids

PEOPLE = (
    ("Jes Lund", "Jes Lunde"),
    ("Johannes Lundsryd Jensen", "Johannes Lundsfryd Jensen"),
    ("Erik Buhl Nielsen", "Erik Buhl"),
    ("Mai-Britt Beith", "Mai Britt Beith"),
    ("Birgit Stenbak Hansen",),
    ("Thomas Hjorth",),
)
"""Distinct people (far apart by every rule), each with the spellings a referat may use."""


def corpus(meetings):
    """Tables of synthetic meetings: (date, [(name, kommune_code)]) each, then the corpus step."""
    tables = {"meetings": [], "attendance": [], "appointments": [], "findings": []}
    for i, (day, people) in enumerate(meetings):
        mid = f"nordjylland-{day.isoformat()}"
        file = f"{i:03}_{day.isoformat()}.txt"
        tables["meetings"].append(MeetingRow(mid, "KKR Nordjylland", "Nordjylland", day, None,
                                             None, True, file, 1, "0"))  # fmt: skip
        tables["attendance"] += [
            AttendanceRow(
                mid,
                day,
                "Nordjylland",
                name,
                None,
                "A",
                "X",
                code,
                None,
                "present",
                None,
                None,
                file,
                n,
            )
            for n, (name, code) in enumerate(people, start=10)
        ]
    return corpus_tables(tables)


a_meeting = st.lists(
    st.tuples(st.integers(0, len(PEOPLE) - 1), st.integers(0, 1)),
    min_size=1, max_size=len(PEOPLE), unique_by=lambda p: p[0],
).map(lambda picks: [(PEOPLE[i][j % len(PEOPLE[i])], 851) for i, j in picks])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(a_meeting, min_size=1, max_size=4), a_meeting)
def test_adding_a_referat_never_changes_a_person_id(earlier, added):
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * i) for i in range(len(earlier) + 1)]
    before = corpus(list(zip(days, earlier, strict=False)))
    after = corpus(list(zip(days, [*earlier, added], strict=True)))
    old = {(r.source_file, r.source_line): r.person_id for r in before["attendance"]}
    new = {(r.source_file, r.source_line): r.person_id for r in after["attendance"]}
    assert all(new[key] == pid for key, pid in old.items())
    assert {p.person_id for p in before["persons"]} <= {p.person_id for p in after["persons"]}


@settings(max_examples=30, deadline=None)
@given(st.lists(a_meeting, min_size=2, max_size=4), st.randoms())
def test_person_ids_do_not_depend_on_the_order_rows_come_in(meetings, rnd):
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * i) for i in range(len(meetings))]
    tables = corpus(list(zip(days, meetings, strict=True)))
    shuffled = {k: list(v) for k, v in tables.items()}
    rnd.shuffle(shuffled["attendance"])
    again = corpus_tables({**shuffled, "findings": []})
    assert {dataclasses.astuple(p) for p in again["persons"]} == {
        dataclasses.astuple(p) for p in tables["persons"]
    }


def test_seeds_dir_is_there():
    assert Path(RAW_DIR).is_dir()
