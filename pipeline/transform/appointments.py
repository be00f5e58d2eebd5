"""The ``appointments`` table: who the KKR appointed (udpegede) to which board, council or forum.

Read from every agenda item: the list lines of an item about appointments (``- KKR Nordjylland
– Jes Lunde (B), Aalborg Kommune``), the lists of KKR appointees reporting from their fora
(``- Syddansk EU-kontor ved Erik Buhl Nielsen, Varde Kommune``) and sentences that say who was
appointed (``X er ... udpeget ... til Body (efter Y).``). A stated departure (``X er stoppet som
kommunalbestyrelsesmedlem ...``) and a stated predecessor (``(efter Y)``) are ``info`` findings;
the corpus step (``pipeline.transform.people``) ends the person's membership from them.
"""

from __future__ import annotations

import re

from pipeline.constants import APPOINTMENT_ROLES
from pipeline.kommuner import resolve_kommune
from pipeline.models import AgendaItem, AppointmentRow, FindingRow, Referat, TextLine
from pipeline.rules import Rule, first_match
from pipeline.text import fold

_NAME = r"(?P<name>[A-ZÆØÅ][\w.'-]*(?:\s+[A-ZÆØÅ][\w.'-]*){1,4})"
_PARTY = r"(?:\s*\((?P<party>[A-ZÆØÅ])\))?"
_ROLES = "|".join(APPOINTMENT_ROLES)
_ROLE = r"(?:\s*\((?P<role>" + _ROLES + r")\))?"
_ROLE_AFTER = r"(?:\s*\((?P<role_after>" + _ROLES + r")\))?"
_KOMMUNE = r",\s*(?P<kommune>[A-ZÆØÅ][\w -]*?(?:\s+Kommune)?)"
_BULLET = r"^[-–•*·]\s+"
_BODY = r"(?P<body>[A-ZÆØÅ0-9][^:]*?)"
_END = r"\s*(?:\.|:\s.*)?$"

APPOINTMENT_LINES: tuple[Rule, ...] = (
    Rule("body_dash_name", _BULLET + _BODY + _ROLE + r"\s+[–—-]\s+" + _NAME + _PARTY + _ROLE_AFTER
         + _KOMMUNE + _END, hint="(?s)" + _BULLET + r".*\s[–—-]\s"),
    Rule("body_ved_name", _BULLET + _BODY + _ROLE + r"\s+ved\s+" + _NAME + _PARTY + _ROLE_AFTER
         + _KOMMUNE + _END, hint="(?s)" + _BULLET + r".*\sved\s"),
    Rule("name_udpeget_til", r"^" + _NAME + r"\s+er\s+(?:[^.]*?\s)?udpeget\s+(?:[^.]*?\s)??"
         r"(?:som\s+(?P<role2>suppleant|formand|næstformand)\s+)?til\s+(?P<body>[^.()]+?)"
         r"(?:\s*\((?:efter|i stedet for)\s+(?P<predecessor>[^)]+)\))?\.$", hint="udpeget"),
)  # fmt: skip
"""The ways a referat names an appointment, tried in order, on one line: ``- Body – Name (B),
X Kommune``, ``- Body ved Name, X Kommune`` (a report after a colon may follow), ``Name er
udpeget til Body (efter Predecessor).``. A role in parentheses (``(suppleant)``) may follow the
body or the party; otherwise the role is ``medlem``. A list line counts only when its kommune is
a known kommune, so a bullet of prose with ``ved`` in it is never an appointment."""

DEPARTURE = Rule(
    "departure",
    r"^" + _NAME + r"\s+er\s+(?:stoppet|udtrådt|fratrådt)\s+(?:som|af|fra)\s+(?P<what>[^.]+)",
    hint=r"er\s+(?:stoppet|udtrådt|fratrådt)",
)
"""``Leon Sebbelin er stoppet som kommunalbestyrelsesmedlem i Rebild Kommune ...``."""

MEMBERSHIP_LINES: tuple[Rule, ...] = (DEPARTURE, *APPOINTMENT_LINES)
"""What a line may say of a membership, tried in order: a departure first, then an
appointment (one search of a line for all of them)."""

DEPARTED = re.compile(r"^'(?P<name>[^']+)' (?:departed|was succeeded)")
"""Reads back the person named by a ``person_departed`` or ``appointment_successor`` finding
(the corpus step ends their membership)."""


def extract_appointments(referat: Referat) -> tuple[list[AppointmentRow], list[FindingRow]]:
    """Every appointment named in the referat's items, each (body, name, role) once per meeting
    (the first line naming it), and the departures and predecessors stated."""
    rows: dict[tuple, AppointmentRow] = {}
    findings: list[FindingRow] = []
    for item in referat.items:
        for line in item.lines:
            row, found = _read_line(referat, item, line)
            if row is not None:
                rows.setdefault((row.body, row.name, row.role), row)
            findings += found
    return list(rows.values()), findings


def _read_line(referat: Referat, item: AgendaItem, line: TextLine):
    match = first_match(MEMBERSHIP_LINES, fold(line.text))
    if match is None:
        return None, []
    if match.rule == DEPARTURE.name:
        name, what = match.fields["name"], match.fields["what"]
        message = f"'{name}' departed (er stoppet som {what}): their membership ends"
        return None, [_finding(referat, line, "person_departed", message)]
    row = _row(referat, line, match.fields)
    if row is None:
        return None, []
    found = []
    if predecessor := match.fields.get("predecessor"):
        message = f"'{fold(predecessor)}' was succeeded on {row.body} by {row.name}"
        found.append(_finding(referat, line, "appointment_successor", message))
    return row, found


def _row(referat: Referat, line: TextLine, fields: dict[str, str]) -> AppointmentRow | None:
    kommune_code = None
    if "kommune" in fields:
        resolved = resolve_kommune(fields["kommune"])
        if resolved is None:
            return None
        kommune_code = resolved.kommune_code
    return AppointmentRow(
        meeting_id=referat.meeting_id,
        person_id=None,  # set across referater by pipeline.transform.people
        name=fold(fields["name"]),
        party=fields.get("party"),
        kommune_code=kommune_code,
        body=fold(fields["body"]).strip(" –-"),
        role=fields.get("role") or fields.get("role_after") or fields.get("role2") or "medlem",
        source_file=referat.source_file,
        source_line=line.number,
    )


def _finding(referat: Referat, line: TextLine, rule: str, message: str) -> FindingRow:
    return FindingRow("info", rule, referat.meeting_id, referat.source_file, line.number, message)
