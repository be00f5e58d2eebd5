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

import dataclasses
import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.models import (
    AppointmentRow,
    AttendanceRow,
    FindingRow,
    MembershipRow,
    PersonAliasRow,
    PersonRow,
)
from pipeline.transform.appointments import DEPARTED

JOIN_AT = 85
"""The score (0–100) at which two spellings are joined into one person."""

REPORT_AT = 70
"""A pair scoring from here up to ``JOIN_AT`` stays apart and is a ``person_ambiguous``
finding."""

FIRST_TERM = 2018
"""The first year of a valgperiode (municipal term): terms run four calendar years from here
(``2018-21``, ``2022-25``) and, backwards, before it (``2014-17``)."""


@dataclass(frozen=True)
class Sighting:
    """One attendance line or appointment that names a person."""

    name: str
    kommune_code: int | None
    party: str | None
    region: str
    meeting_id: str
    meeting_date: dt.date
    source: str
    listed: bool
    """An attendance line (two different names listed at one meeting are two people)."""
    member: bool
    """Listed as a KKR member (present or absent, not as a substitute) or appointed to the KKR."""


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
    start = FIRST_TERM + (day.year - FIRST_TERM) // 4 * 4
    return f"{start}-{(start + 3) % 100:02d}"


def term_end(term: str) -> dt.date:
    """The last day of a valgperiode (``2018-21`` -> 2021-12-31)."""
    return dt.date(int(term[:4]) + 3, 12, 31)


def score_names(a: str, b: str) -> tuple[str, int] | None:
    """The rule that makes ``a`` and ``b`` spellings of one name and its score (0–100), or
    None when no rule compares them (different first names, different numbers of parts that
    are not a missing middle name)."""
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return "case_whitespace", 100
    if fold_name(a) == fold_name(b):
        return "hyphen_space", 100
    ta, tb = fold_name(a).split(), fold_name(b).split()
    if ta[0] != tb[0] and fuzz.ratio(ta[0], tb[0]) < REPORT_AT:
        return None
    if len(ta) == len(tb):
        weakest = min(fuzz.ratio(x, y) for x, y in zip(ta, tb, strict=True))
        return "spelling_distance", int(weakest)
    short, long = sorted((ta, tb), key=len)
    if len(short) >= 2 and short[0] == long[0] and _subsequence(short, long):
        return "missing_middle_name", 90 if short[-1] == long[-1] else 85
    return None


def _subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(token in rest for token in short)


def sightings(tables: dict[str, list]) -> list[Sighting]:
    """Every attendance line and appointment as a sighting, oldest first."""
    dates = {m.meeting_id: (m.meeting_date, m.region) for m in tables.get("meetings", ())}
    found = [
        Sighting(r.name, r.kommune_code, r.party, r.region, r.meeting_id, r.meeting_date,
                 _source(r), True, r.substitute_for is None)
        for r in tables.get("attendance", ())
    ]  # fmt: skip
    for r in tables.get("appointments", ()):
        day, region = dates[r.meeting_id]
        member = r.body.casefold() == f"kkr {region}".casefold()
        found.append(Sighting(r.name, r.kommune_code, r.party, region, r.meeting_id, day,
                              _source(r), False, member))  # fmt: skip
    return sorted(found, key=_order)


def _source(row: AttendanceRow | AppointmentRow) -> str:
    return f"{row.source_file}:{row.source_line}"


def _order(s: Sighting) -> tuple:
    file, line = s.source.rsplit(":", 1)
    return (s.meeting_date, file, int(line))


Spelling = tuple[str, int | None, str]
"""A written name, its kommune code and (for a sighting with no kommune) its region."""


def spellings(found: list[Sighting]) -> dict[Spelling, list[Sighting]]:
    """Sightings grouped by written name and kommune. A sighting with no kommune joins the one
    spelling of its name with a kommune in its KKR, when there is exactly one."""
    known = defaultdict(set)
    for s in found:
        if s.kommune_code is not None:
            known[(s.name, s.region)].add(s.kommune_code)
    groups: dict[Spelling, list[Sighting]] = {}
    for s in found:
        codes = known[(s.name, s.region)]
        code = s.kommune_code if s.kommune_code is not None else _only(codes)
        key = (s.name, code, "" if code is not None else s.region)
        groups.setdefault(key, []).append(s)
    return groups


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
    pairs = {}
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                join = _pair(a, b, groups)
                if join is not None:
                    pairs[tuple(sorted((a, b), key=str))] = join
    return sorted(pairs.values(), key=lambda j: (-j.score, j.a.source, j.b.source))


def _pair(a: Spelling, b: Spelling, groups: dict[Spelling, list[Sighting]]) -> Join | None:
    if a[1] is not None and b[1] is not None and a[1] != b[1]:
        return None
    parties_a = {s.party for s in groups[a]} - {None}
    parties_b = {s.party for s in groups[b]} - {None}
    if parties_a and parties_b and not parties_a & parties_b:
        return None
    scored = score_names(a[0], b[0])
    if scored is None or scored[1] < REPORT_AT:
        return None
    rule, score = scored
    if (a[1] is None or b[1] is None) and rule not in ("case_whitespace", "hyphen_space"):
        score = min(score, JOIN_AT - 1)  # without a kommune only a same-name spelling joins
    return Join(rule, score, groups[a][0], groups[b][0])


@dataclass
class People:
    """Spellings joined into persons: ``root`` points each spelling towards its person's first
    spelling (union-find); ``edges`` are the joins made, each between two spellings."""

    groups: dict[Spelling, list[Sighting]]
    root: dict[Spelling, Spelling]
    edges: list[tuple[Spelling, Spelling, Join]]
    findings: list[FindingRow]

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
    groups = spellings(found)
    people = People(groups, {key: key for key in groups}, [], [])
    listed = {key: {s.meeting_id for s in seen if s.listed} for key, seen in groups.items()}
    by_sighting = {s.source: key for key, seen in groups.items() for s in seen}
    for join in candidate_pairs(groups):
        a, b = by_sighting[join.a.source], by_sighting[join.b.source]
        ra, rb = people.find(a), people.find(b)
        if ra == rb:
            continue
        together = listed[ra] & listed[rb]
        if join.score < JOIN_AT or together:
            why = f"both listed at {min(together)}" if together else "below the bar"
            people.findings.append(_ambiguous(join, why))
            continue
        first, second = sorted((ra, rb), key=lambda k: _order(groups[k][0]))
        people.root[second] = first
        listed[first] |= listed[second]
        people.edges.append((a, b, join))
    return people


def _ambiguous(join: Join, why: str) -> FindingRow:
    file, line = join.b.source.rsplit(":", 1)
    return FindingRow(
        "warning",
        "person_ambiguous",
        join.b.meeting_id,
        file,
        int(line),
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
        seen = [s for key in keys for s in people.groups[key]]
        ids.update(dict.fromkeys(keys, pid))
        rows.append(
            PersonRow(
                person_id=pid,
                name=_most_common((s.name for s in seen), key=lambda n: (len(n), n)),
                kommune_code=_most_common(s.kommune_code for s in seen),
                party=_most_common(s.party for s in seen),
                first_seen=min(s.meeting_date for s in seen),
                last_seen=max(s.meeting_date for s in seen),
            )
        )
    return rows, ids


def _most_common(values: Iterable, key=lambda v: v):
    """The most frequent non-null value; ties go to the largest by ``key``."""
    counts = Counter(v for v in values if v is not None)
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
        for s in seen:
            if s.member:
                spans[(ids[key], f"KKR {s.region}", valgperiode(s.meeting_date))].append(s)
    ended = _ended(people, ids, tables)
    latest = max((m.meeting_date for m in tables.get("meetings", ())), default=None)
    rows = []
    for (pid, kkr, term), seen in sorted(spans.items()):
        last = max(s.meeting_date for s in seen)
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
                kommune_code=_most_common(s.kommune_code for s in seen),
                party=_most_common(s.party for s in seen),
                first_meeting=min(s.meeting_date for s in seen),
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


def link_people(tables: dict[str, list]) -> tuple[dict[str, list], list[FindingRow]]:
    """The corpus step: ``persons``, ``person_aliases`` and ``memberships`` from every
    referat's attendance and appointments, and those rows again with ``person_id`` (and
    ``substitute_for_id``) set."""
    people = match_people(sightings(tables))
    persons, ids = person_rows(people)
    by_source = {s.source: ids[key] for key, seen in people.groups.items() for s in seen}
    appointments = [
        dataclasses.replace(r, person_id=by_source.get(_source(r)))
        for r in tables.get("appointments", ())
    ]
    attendance, found = _with_ids(tables.get("attendance", ()), by_source, people, ids)
    return {
        "persons": sorted(persons, key=lambda p: (p.name, p.person_id)),
        "person_aliases": sorted(alias_rows(people, ids), key=lambda a: (a.person_id, a.name)),
        "memberships": membership_rows(people, ids, tables),
        "attendance": attendance,
        "appointments": appointments,
    }, people.findings + found


def _with_ids(rows, by_source, people: People, ids) -> tuple[list[AttendanceRow], list]:
    """Attendance rows with their person and, for a substitute, the member they stood in for:
    a person listed at the same meeting whose spelling matches the name (or joins it)."""
    at_meeting = defaultdict(list)
    for key, seen in people.groups.items():
        for s in seen:
            if s.listed:
                at_meeting[s.meeting_id].append(key)
    out, findings = [], []
    for r in rows:
        sub_id = None
        if r.substitute_for:
            sub_id = _stood_in_for(r.substitute_for, at_meeting[r.meeting_id], ids)
            if sub_id is None:
                findings.append(FindingRow(
                    "info", "substitute_unmatched", r.meeting_id, r.source_file, r.source_line,
                    f"{r.name} stood in for '{r.substitute_for}', who is not listed at the "
                    "meeting: substitute_for_id left empty",
                ))  # fmt: skip
        out.append(
            dataclasses.replace(r, person_id=by_source[_source(r)], substitute_for_id=sub_id)
        )
    return out, findings


def _stood_in_for(name: str, keys: list[Spelling], ids) -> str | None:
    scored = [(score_names(name, key[0]) or ("", 0))[1] for key in keys]
    best = max(range(len(keys)), key=lambda i: scored[i], default=None)
    return ids[keys[best]] if best is not None and scored[best] >= JOIN_AT else None
