"""People across referater: one ``person_id`` per person however their name is spelt.

A *sighting* is one attendance line or one appointment. Sightings with the same written name
and kommune are one *spelling*; spellings are joined into persons by the rules of
``ALIAS_RULES`` (``pipeline/constants.py``), only inside one kommune (or, for a sighting with no
kommune, one KKR) and with no conflicting party, strongest pair first. Two spellings listed in
the same meeting's attendance block are two people and are never joined. A pair that scores
below the bar but above ``REPORT_AT`` stays apart and is a ``person_ambiguous`` finding naming
both: the pipeline lists what it could not match rather than guess (as parlparse and Open
States do).

``person_id`` is a short hash of the first-seen spelling's folded name and kommune code: it
depends on no row number, so it survives rebuilds, and a referat added later never changes it.
Everything here is a pure function of the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from heapq import merge
from itertools import chain, compress
from operator import attrgetter
from typing import NamedTuple

from rapidfuzz import fuzz

from pipeline.models import (
    AppointmentRow,
    AttendanceRow,
    FindingRow,
    MembershipRow,
    PersonAliasRow,
    PersonRow,
)
from pipeline.rows import field_names, values_of
from pipeline.transform.appointments import DEPARTED

JOIN_AT = 85
"""The score (0–100) at which two spellings are joined into one person."""

REPORT_AT = 70
"""A pair scoring from here up to ``JOIN_AT`` stays apart and is a ``person_ambiguous``
finding."""

FIRST_TERM = 2018
"""The first year of a valgperiode (municipal term): terms run four calendar years from here
(``2018-21``, ``2022-25``) and, backwards, before it (``2014-17``)."""


class Sighting(NamedTuple):
    """One attendance line or appointment that names a person (a named tuple: a corpus has one
    per attendance line and appointment, and a tuple is made three times faster than a frozen
    dataclass)."""

    name: str
    kommune_code: int | None
    party: str | None
    region: str
    meeting_id: str
    meeting_date: dt.date
    listed: bool
    """An attendance line (two different names listed at one meeting are two people)."""
    member: bool
    """Listed as a KKR member (present or absent, not as a substitute) or appointed to the KKR."""
    file: str
    line: int
    """The row's ``source_file`` and ``source_line``."""

    @property
    def source(self) -> str:
        """``file:line``: the sighting's row, as findings name it."""
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Join:
    """Why two spellings are one person: the rule, its score and the two sightings."""

    rule: str
    score: int
    a: Sighting
    b: Sighting


def fold_name(name: str) -> str:
    """A name for comparison: lower case, hyphens as spaces, single spaces."""
    return " ".join(name.casefold().replace("-", " ").split())


def valgperiode(day: dt.date) -> str:
    """The four-year municipal term ``day`` falls in: 2021-06-11 is ``2018-21``."""
    return _term_of(day.year)


@cache
def _term_of(year: int) -> str:
    start = FIRST_TERM + (year - FIRST_TERM) // 4 * 4
    return f"{start}-{(start + 3) % 100:02d}"


def term_end(term: str) -> dt.date:
    """The last day of a valgperiode (``2018-21`` -> 2021-12-31)."""
    return dt.date(int(term[:4]) + 3, 12, 31)


def score_names(a: str, b: str) -> tuple[str, int] | None:
    """The rule that makes ``a`` and ``b`` spellings of one name and its score (0–100), or
    None when no rule compares them (different first names, different numbers of parts that
    are not a missing middle name)."""
    if _spaced(a) == _spaced(b):
        return "case_whitespace", 100
    ta, tb = _tokens(a), _tokens(b)
    if ta == tb:
        return "hyphen_space", 100
    if ta[0] != tb[0] and fuzz.ratio(ta[0], tb[0]) < REPORT_AT:
        return None
    if len(ta) == len(tb):
        weakest = min(fuzz.ratio(x, y) for x, y in zip(ta, tb, strict=True))
        return "spelling_distance", int(weakest)
    short, long = sorted((ta, tb), key=len)
    if len(short) >= 2 and short[0] == long[0] and _subsequence(short, long):
        return "missing_middle_name", 90 if short[-1] == long[-1] else 85
    return None


@lru_cache(maxsize=1 << 16)
def _spaced(name: str) -> str:
    """A name in lower case with single spaces (remembered: every spelling is compared with
    every other of its kommune)."""
    return " ".join(name.casefold().split())


@lru_cache(maxsize=1 << 16)
def _tokens(name: str) -> tuple[str, ...]:
    """The parts of a name's ``fold_name`` (remembered, as ``_spaced``)."""
    return tuple(fold_name(name).split())


_scored = lru_cache(maxsize=1 << 16)(score_names)
"""``score_names`` remembered: the corpus step compares the same few names again and again
(every substitute with everyone listed at their meeting)."""


def _subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(token in rest for token in short)


def sightings(tables: dict[str, list]) -> list[Sighting]:
    """Every attendance line and appointment as a sighting, oldest first."""
    return sorted(_row_sightings(tables), key=_order)


def _row_sightings(tables: dict[str, list]) -> list[Sighting]:
    """Every attendance line and then every appointment as a sighting, in row order."""
    dates = {m.meeting_id: (m.meeting_date, m.region) for m in tables.get("meetings", ())}
    found = [
        Sighting(r.name, r.kommune_code, r.party, r.region, r.meeting_id, r.meeting_date, True,
                 r.substitute_for is None, r.source_file, r.source_line)
        for r in tables.get("attendance", ())
    ]  # fmt: skip
    for r in tables.get("appointments", ()):
        day, region = dates[r.meeting_id]
        member = r.body.casefold() == f"kkr {region}".casefold()
        found.append(Sighting(r.name, r.kommune_code, r.party, region, r.meeting_id, day, False,
                              member, r.source_file, r.source_line))  # fmt: skip
    return found


_order = attrgetter("meeting_date", "file", "line")
"""A sighting's place in time: its meeting date, file and line."""


Spelling = tuple[str, int | None, str]
"""A written name, its kommune code and (for a sighting with no kommune) its region."""


def spellings(found: list[Sighting]) -> dict[Spelling, list[Sighting]]:
    """Sightings grouped by written name and kommune (see :func:`spelling_keys`)."""
    return _grouped(found, spelling_keys(found))


def spelling_keys(found: list[Sighting]) -> dict[tuple[str, int | None, str], Spelling]:
    """The spelling of each written name, kommune code and region of ``found`` (a corpus has a
    few thousand): the name and its kommune. A sighting with no kommune joins the one spelling
    of its name with a kommune in its KKR, when there is exactly one."""
    distinct = dict.fromkeys(map(_WRITTEN, found))
    known = defaultdict(set)
    for name, code, region in distinct:
        if code is not None:
            known[(name, region)].add(code)
    key_of = {}
    for name, code, region in distinct:
        found_code = code if code is not None else _only(known[(name, region)])
        key_of[(name, code, region)] = (name, found_code, "" if found_code is not None else region)
    return key_of


def _grouped(found: list[Sighting], key_of: dict) -> dict[Spelling, list[Sighting]]:
    groups: dict[Spelling, list[Sighting]] = {key: [] for key in key_of.values()}
    into = {at: groups[key] for at, key in key_of.items()}
    for s in found:
        into[_WRITTEN(s)].append(s)
    return groups


_WRITTEN = attrgetter("name", "kommune_code", "region")
"""A sighting's name, kommune code and region as written: the few distinct ones are resolved
into spellings once each."""


def _only(codes: set[int]) -> int | None:
    return next(iter(codes)) if len(codes) == 1 else None


def candidate_pairs(groups: dict[Spelling, list[Sighting]]) -> list[Join]:
    """Every pair of spellings in one kommune (or one KKR, without a kommune) that a rule
    compares, with no conflicting party, strongest first."""
    blocks = defaultdict(list)
    for key, seen in groups.items():
        blocks[key[1:] if key[1] is not None else (None, seen[0].region)].append(key)
        if key[1] is not None:
            blocks[(None, seen[0].region)].append(key)
    parties = {key: {s.party for s in seen} - {None} for key, seen in groups.items()}
    pairs = {}
    for keys in blocks.values():
        for a, b in _block_pairs(keys):
            join = _pair(a, b, groups, parties)
            if join is not None:
                pairs[tuple(sorted((a, b), key=str))] = join
    return sorted(pairs.values(), key=lambda j: (-j.score, j.a.source, j.b.source))


def _block_pairs(keys: list[Spelling]) -> Iterator[tuple[Spelling, Spelling]]:
    """The pairs of a block's spellings that ``_pair`` may join, the earlier first and in the
    order of the block: not two in different kommuner (a KKR's block holds every spelling of
    the KKR) nor two whose first names ``score_names`` tells apart without comparing more.
    Indexed by kommune and first name, so a block is not compared every spelling with every
    other."""
    at = defaultdict(list)
    for i, key in enumerate(keys):
        at[(key[1], _first_name(key[0]))].append(i)
    firsts = {first for _, first in at}
    near = {first: [other for other in firsts if _near(first, other)] for first in firsts}
    codes = {code for code, _ in at}
    for i, a in enumerate(keys):
        later = [
            at[(code, first)]
            for code in (codes if a[1] is None else (a[1], None))
            for first in near[_first_name(a[0])]
            if (code, first) in at
        ]
        for j in merge(*(indices[bisect_right(indices, i) :] for indices in later)):
            yield a, keys[j]


def _first_name(name: str) -> str | None:
    """The first part of a name's ``fold_name`` (None for a name with none)."""
    tokens = _tokens(name)
    return tokens[0] if tokens else None


def _near(a: str | None, b: str | None) -> bool:
    """Whether ``score_names`` goes on past the first names ``a`` and ``b`` (None for a name
    with no parts, which it compares with every name)."""
    return a is None or b is None or a == b or fuzz.ratio(a, b) >= REPORT_AT


def _pair(
    a: Spelling,
    b: Spelling,
    groups: dict[Spelling, list[Sighting]],
    parties: dict[Spelling, set[str]],
) -> Join | None:
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        return None
    parties_a, parties_b = parties[a], parties[b]
    if parties_a and parties_b and not parties_a & parties_b:
        return None
    scored = _scored(a[0], b[0])
    if scored is None or scored[1] < REPORT_AT:
        return None
    rule, score = scored
    if (a[1] is None or b[1] is None) and rule not in ("case_whitespace", "hyphen_space"):
        score = min(score, JOIN_AT - 1)  # without a kommune only a same-name spelling joins
    return Join(rule, score, groups[a][0], groups[b][0])


@dataclass
class People:
    """Spellings joined into persons: ``root`` points each spelling towards its person's first
    spelling (union-find); ``edges`` are the joins made, each between two spellings;
    ``key_of`` the spelling of each written name, kommune and region (:meth:`spelling`);
    ``listed`` the meetings where an attendance line lists each spelling (a set of
    ``meetings``)."""

    groups: dict[Spelling, list[Sighting]]
    root: dict[Spelling, Spelling]
    edges: list[tuple[Spelling, Spelling, Join]]
    findings: list[FindingRow]
    key_of: dict[tuple[str, int | None, str], Spelling]
    listed: dict[Spelling, int]
    meetings: Meetings

    def spelling(self, sighting: Sighting) -> Spelling:
        """The spelling ``sighting`` is grouped under (made from what it holds, so a corpus's
        sightings need no index of their own)."""
        return self.key_of[_WRITTEN(sighting)]

    def members(self) -> dict[Spelling, list[Spelling]]:
        """Each person's first spelling -> all its spellings."""
        out = defaultdict(list)
        for key in self.groups:
            out[self.find(key)].append(key)
        return out

    def find(self, key: Spelling) -> Spelling:
        """The first spelling of ``key``'s person."""
        while self.root[key] != key:
            key = self.root[key]
        return key


def match_people(found: list[Sighting]) -> People:
    """Join spellings into persons, strongest pair first; report the pairs left apart."""
    key_of = spelling_keys(found)
    groups = _grouped(found, key_of)
    meetings = Meetings(s.meeting_id for s in filter(_LISTED, found))
    listed = listed_at(groups, meetings)
    people = People(groups, {key: key for key in groups}, [], [], key_of, listed.copy(), meetings)
    for join in candidate_pairs(groups):
        a, b = people.spelling(join.a), people.spelling(join.b)
        ra, rb = people.find(a), people.find(b)
        if ra == rb:
            continue
        together = listed[ra] & listed[rb]
        if join.score < JOIN_AT or together:
            why = f"both listed at {min(meetings.ids(together))}" if together else "below the bar"
            people.findings.append(_ambiguous(join, why))
            continue
        first, second = sorted((ra, rb), key=lambda k: _order(groups[k][0]))
        people.root[second] = first
        listed[first] = listed[first] | listed[second]  # people.listed keeps each its own
        people.edges.append((a, b, join))
    return people


def listed_at(groups: dict[Spelling, list[Sighting]], meetings: Meetings) -> dict[Spelling, int]:
    """Each spelling's meetings where an attendance line lists it (a set of ``meetings``)."""
    return {key: meetings.of(map(_MEETING, filter(_LISTED, seen))) for key, seen in groups.items()}


class Meetings:
    """Sets of a corpus's meetings as the bits of an int, a bit a meeting (in the order of their
    ids). The meetings each spelling is listed at are joined and met pair by pair: as sets of
    ids they took a hash table of up to every meeting a spelling (some 10 MB, two copies, for
    the 4,000 generated referater, where a name recurs at a third of all meetings), as bits a
    few hundred bytes."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.order = sorted(set(ids))
        self.bit = {meeting: 1 << i for i, meeting in enumerate(self.order)}

    def of(self, meetings: Iterable[str]) -> int:
        """The set of ``meetings`` (those of the corpus)."""
        return sum(self.bit[m] for m in set(meetings) if m in self.bit)

    def ids(self, meetings: int) -> list[str]:
        """The ids of a set of meetings, in order."""
        out = []
        while meetings:
            lowest = meetings & -meetings
            out.append(self.order[lowest.bit_length() - 1])
            meetings ^= lowest
        return out


def _ambiguous(join: Join, why: str) -> FindingRow:
    return FindingRow(
        "warning",
        "person_ambiguous",
        join.b.meeting_id,
        join.b.file,
        join.b.line,
        f"'{join.a.name}' ({join.a.source}) and '{join.b.name}' ({join.b.source}) may be one "
        f"person ({join.rule} {join.score}, {why}): kept apart",
    )


def person_id(first: Spelling) -> str:
    """``p`` and 10 hex digits of the SHA-1 of the first-seen spelling's folded name and
    kommune code (or KKR region when it has none)."""
    key = f"{fold_name(first[0])}|{first[1] if first[1] is not None else first[2]}"
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def person_rows(people: People) -> tuple[list[PersonRow], dict[Spelling, str]]:
    """One row per person, and each spelling's person_id."""
    rows, ids = [], {}
    for first, keys in people.members().items():
        pid = person_id(first)
        seen = list(chain.from_iterable(map(people.groups.__getitem__, keys)))
        ids.update(dict.fromkeys(keys, pid))
        names = Counter()
        for key in keys:  # every sighting of a spelling has its name
            names[key[0]] += len(people.groups[key])
        rows.append(
            PersonRow(
                person_id=pid,
                name=_most_common(names, key=lambda n: (len(n), n)),
                kommune_code=_most_common(map(_KOMMUNE_CODE, seen)),
                party=_most_common(map(_PARTY, seen)),
                first_seen=min(map(_DATE, seen)),
                last_seen=max(map(_DATE, seen)),
            )
        )
    return rows, ids


_KOMMUNE_CODE, _PARTY, _DATE, _MEETING, _LISTED, _MEMBER = map(
    attrgetter, ("kommune_code", "party", "meeting_date", "meeting_id", "listed", "member")
)
"""A sighting's fields, read in C over every sighting of a spelling, person or membership."""


def _most_common(values: Iterable | Counter, key=lambda v: v):
    """The most frequent non-null value (of ``values``, or counted already); ties go to the
    largest by ``key``."""
    counts = Counter(values)
    counts.pop(None, None)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], key(v)))


def alias_rows(people: People, ids: dict[Spelling, str]) -> list[PersonAliasRow]:
    """One row per person and spelling (name as written): the first spelling as ``exact``,
    every other by the join that reached it from the first (its sighting first)."""
    links = defaultdict(list)
    for a, b, join in people.edges:
        links[a].append((b, join))
        links[b].append((a, join))
    rows = {}
    for first, _keys in people.members().items():
        seen = people.groups[first]
        rows[(ids[first], first[0])] = PersonAliasRow(
            ids[first], first[0], "exact", 100, seen[0].source, seen[-1].source
        )
        reached, todo = {first}, [first]
        while todo:
            here = todo.pop(0)
            for there, join in sorted(links[here], key=lambda link: str(link[0])):
                if there not in reached:
                    reached.add(there)
                    todo.append(there)
                    mine, theirs = _ends(join, there, people)
                    row = PersonAliasRow(ids[there], there[0], join.rule, join.score, mine, theirs)
                    rows.setdefault((ids[there], there[0]), row)
    return list(rows.values())


def _ends(join: Join, key: Spelling, people: People) -> tuple[str, str]:
    """The join's two sightings, this spelling's first."""
    mine = {s.source for s in people.groups[key]}
    a, b = join.a.source, join.b.source
    return (a, b) if a in mine else (b, a)


def membership_rows(
    people: People, ids: dict[Spelling, str], tables: dict[str, list]
) -> list[MembershipRow]:
    """One row per person, KKR and valgperiode they were listed or appointed as a member."""
    spans = defaultdict(list)
    for key, seen in people.groups.items():
        pid = ids[key]
        for s in filter(_MEMBER, seen):
            spans[(pid, f"KKR {s.region}", _term_of(s.meeting_date.year))].append(s)
    ended = _ended(people, ids, tables)
    latest = max((m.meeting_date for m in tables.get("meetings", ())), default=None)
    rows = []
    for (pid, kkr, term), seen in sorted(spans.items()):
        last = max(map(_DATE, seen))
        stated = [
            (day, why)
            for day, region, why in ended.get(pid, ())
            if f"KKR {region}" == kkr and valgperiode(day) == term and day >= last
        ]
        over = latest is not None and latest > term_end(term)
        rows.append(
            MembershipRow(
                person_id=pid,
                kkr=kkr,
                valgperiode=term,
                kommune_code=_most_common(map(_KOMMUNE_CODE, seen)),
                party=_most_common(map(_PARTY, seen)),
                first_meeting=min(map(_DATE, seen)),
                last_meeting=last,
                ended_by=min(stated)[1] if stated else ("term_end" if over else None),
            )
        )
    return rows


def _ended(people: People, ids: dict[Spelling, str], tables: dict[str, list]) -> dict:
    """person_id -> (date, region, why) of each stated departure or successor that names one of
    their spellings in the KKR of the meeting that states it."""
    meetings = {m.meeting_id: m for m in tables.get("meetings", ())}
    by_name = defaultdict(set)
    for key, seen in people.groups.items():
        by_name[(fold_name(key[0]), seen[0].region)].add(ids[key])
    out = defaultdict(list)
    for f in tables.get("findings", ()):
        read = DEPARTED.match(f.message) if f.rule in _ENDING else None
        if read is None or f.meeting_id not in meetings:
            continue
        if f.rule == "appointment_successor" and " on KKR " not in f.message:
            continue  # succeeded on another body: the KKR membership goes on
        meeting = meetings[f.meeting_id]
        for pid in by_name.get((fold_name(read["name"]), meeting.region), ()):
            out[pid].append((meeting.meeting_date, meeting.region, _ENDING[f.rule]))
    return out


_ENDING = {"person_departed": "departure", "appointment_successor": "successor"}
FINDINGS_READ = frozenset(_ENDING)
"""The rules of the findings this step reads (a build holds these for it; see
``pipeline.perfile.findings_apart``)."""


def link_people(tables: dict[str, list]) -> tuple[dict[str, list], list[FindingRow]]:
    """The corpus step: ``persons``, ``person_aliases`` and ``memberships`` from every
    referat's attendance and appointments, and those rows again with ``person_id`` (and
    ``substitute_for_id``) set."""
    found = _row_sightings(tables)
    people = match_people(sorted(found, key=_order))
    persons, ids = person_rows(people)
    pids = [ids[people.spelling(s)] for s in found]  # in row order, as ``found``
    listed = tables.get("attendance", ())
    attendance, substitutes = _with_ids(listed, pids[: len(listed)], people, ids)
    with_id = _setter(AppointmentRow, "person_id")
    return {
        "persons": sorted(persons, key=lambda p: (p.name, p.person_id)),
        "person_aliases": sorted(alias_rows(people, ids), key=lambda a: (a.person_id, a.name)),
        "memberships": membership_rows(people, ids, tables),
        "attendance": attendance,
        "appointments": list(map(with_id, tables.get("appointments", ()), pids[len(listed) :])),
    }, people.findings + substitutes


@cache
def _setter(row_type: type, *names: str) -> Callable[..., object]:
    """``(row, *values) -> row`` with the fields ``names`` set to ``values``: what
    ``dataclasses.replace`` does, with the fields looked up once per row type (it runs once per
    attendance line and appointment)."""
    values_of_row = values_of(row_type)
    at = [field_names(row_type).index(name) for name in names]

    def setter(row, *values):
        changed = list(values_of_row(row))
        for index, value in zip(at, values, strict=True):
            changed[index] = value
        return row_type(*changed)

    return setter


def _with_ids(rows, pids, people: People, ids) -> tuple[list[AttendanceRow], list]:
    """Attendance rows with their person (``pids``, in row order) and, for a substitute, the
    member they stood in for: a person listed at the same meeting whose spelling matches the
    name (or joins it)."""
    stood_in: list[str | None] = [None] * len(rows)
    substitutes = list(compress(range(len(rows)), map(_SUBSTITUTE_FOR, rows)))
    at_meeting = _listed_spellings(people, {rows[i].meeting_id for i in substitutes})
    findings = []
    for i in substitutes:
        r = rows[i]
        stood_in[i] = _stood_in_for(r.substitute_for, at_meeting[r.meeting_id], ids)
        if stood_in[i] is None:
            findings.append(FindingRow(
                "info", "substitute_unmatched", r.meeting_id, r.source_file, r.source_line,
                f"{r.name} stood in for '{r.substitute_for}', who is not listed at the "
                "meeting: substitute_for_id left empty",
            ))  # fmt: skip
    with_ids = _setter(AttendanceRow, "person_id", "substitute_for_id")
    return list(map(with_ids, rows, pids, stood_in)), findings


_SUBSTITUTE_FOR = attrgetter("substitute_for")


def _listed_spellings(people: People, meetings: set[str]) -> defaultdict[str, list[Spelling]]:
    """The spellings listed at each of ``meetings``, in spelling order, each once (a spelling
    listed twice at a meeting scores the same twice, so ``_stood_in_for`` picks the same)."""
    out = defaultdict(list)
    wanted = people.meetings.of(meetings)
    for key, listed in people.listed.items():
        for meeting in people.meetings.ids(listed & wanted):
            out[meeting].append(key)
    return out


def _stood_in_for(name: str, keys: list[Spelling], ids) -> str | None:
    scored = [(_scored(name, key[0]) or ("", 0))[1] for key in keys]
    best = max(range(len(keys)), key=lambda i: scored[i], default=None)
    return ids[keys[best]] if best is not None and scored[best] >= JOIN_AT else None
