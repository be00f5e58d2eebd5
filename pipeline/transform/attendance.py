"""The ``attendance`` table: one row per person in a referat's attendance lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.constants import ROLE_SPELLINGS, ROLES
from pipeline.kommuner import resolve_kommune
from pipeline.models import AttendanceRow, FindingRow, Referat, TextLine
from pipeline.rules import Rule, first_match
from pipeline.text import fold, is_page_furniture

BULLET = re.compile(r"^(?:[•\-–*·▪◦]|\d{1,2}[.)])\s+")
"""List bullets some converters keep: ``•``, ``-``, ``1.``."""

SUBSTITUTE: tuple[Rule, ...] = (
    Rule(
        "substitute",
        r"\s*\((?:suppleant|stedfortræder)\s+for\s+(?P<substitute_for>[^)]+)\)\s*$",
        re.I,
    ),
)
"""``(suppleant for Søren Smalbro)`` at the end of an entry: who this person stood in for."""

_ROLE_WORDS = sorted([*ROLES, *ROLE_SPELLINGS], key=len, reverse=True)
_ROLE = r"(?P<role>(?i:" + "|".join(re.escape(w) for w in _ROLE_WORDS) + r"))(?![\wæøå])"
_SEP = r"\s*[,:–—-]?\s*"
_KOMMUNE = r"(?:(?<=\s)(?:i|for)\s+)?(?P<kommune>[^()]*?)"
_ROLE_AFTER = r"(?:" + _SEP + _ROLE + r")?"

ENTRY: tuple[Rule, ...] = (
    Rule("party_in_parens",
         r"(?P<name>[^(),:–—]+?)\s*\((?P<party>[A-ZÆØÅ])\)" + _ROLE_AFTER + _SEP + _KOMMUNE),
    Rule("party_after_comma",
         r"(?P<name>[^,()]+?),\s*(?P<party>[A-ZÆØÅ])" + _ROLE_AFTER + r",\s*" + _KOMMUNE),
    Rule("role_after_comma", r"(?P<name>[^,()]+?),\s*" + _ROLE + _SEP + _KOMMUNE),
    Rule("name_comma_kommune", r"(?P<name>[^,()]+?),\s*(?P<kommune>[^,()]+)"),
)  # fmt: skip
"""The ways an attendance line is written, tried in order (after a bullet and a ``(suppleant for
...)`` are taken off): ``Name (A), X Kommune``, ``Name (A) X Kommune``, ``Name (A) – X Kommune``,
``Name (A): X Kommune`` (pdftotext's space-aligned columns fold to the second); ``Name, A, X
Kommune``; ``Name, borgmester, X Kommune``; ``Name, X``. A role (``ROLES``) may stand after the
party or the name (``Name (A), formand, X Kommune``, ``Name (A) borgmester i X Kommune``) or
after the kommune (``Name (A), X Kommune, næstformand``); it is never part of the kommune."""

TRAILING_ROLE = Rule("trailing_role", _SEP + _ROLE + r"\s*$")
"""A role after the kommune: ``..., Aalborg Kommune, formand``."""


@dataclass(frozen=True)
class Entry:
    """One attendance line split into its parts, before the kommune is resolved."""

    name: str
    party: str | None
    kommune_text: str
    substitute_for: str | None
    role: str | None = None


def parse_entry(text: str) -> Entry | None:
    """An attendance line as name, party, kommune text, substitute and role, or None."""
    text = BULLET.sub("", fold(text))
    substitute = first_match(SUBSTITUTE, text)
    if substitute:
        text = text[: substitute.span[0]]
    match = first_match(ENTRY, text, whole=True)
    if match is None:
        return None
    kommune = fold(match.fields.get("kommune", "")).strip(" ,:–—-").rstrip(".")
    role = match.fields.get("role")
    trailing = first_match((TRAILING_ROLE,), kommune)
    if trailing and not role:
        kommune, role = kommune[: trailing.span[0]], trailing.fields["role"]
    return Entry(
        name=fold(match.fields["name"]),
        party=match.fields.get("party"),
        kommune_text=kommune,
        substitute_for=fold(substitute.fields["substitute_for"]) if substitute else None,
        role=_role(role),
    )


def _role(written: str | None) -> str | None:
    if written is None:
        return None
    key = fold(written).lower()
    return ROLE_SPELLINGS.get(key, key)


def extract_attendance(referat: Referat) -> tuple[list[AttendanceRow], list[FindingRow]]:
    """Every person listed under Deltagere (present) and Afbud (absent), with the findings of
    lines that could not be read and kommuner that were misspelt or unknown."""
    rows: list[AttendanceRow] = []
    findings: list[FindingRow] = []
    for listing in referat.attendance or ():
        for line in listing.lines:
            row, found = _row(referat, listing.status, line)
            rows += [row] if row else []
            findings += found
    return rows, findings


def _row(referat: Referat, status: str, line: TextLine) -> tuple[AttendanceRow | None, list]:
    entry = parse_entry(line.text)
    if entry is None:
        return None, [
            _finding(
                referat,
                line,
                "error",
                "attendance_line_unparsed",
                f"cannot read '{line.text}' as 'Name (party), Kommune'",
            )
        ]
    resolved = resolve_kommune(entry.kommune_text)
    if resolved is None and entry.party is None and is_page_furniture(line.text):
        return None, []  # a running header or footer the normaliser did not know
    row = AttendanceRow(
        meeting_id=referat.meeting_id,
        meeting_date=referat.header.meeting_date,
        region=referat.header.region,
        name=entry.name,
        person_id=None,  # set across referater by pipeline.transform.people
        party=entry.party,
        kommune=resolved.kommune if resolved else None,
        kommune_code=resolved.kommune_code if resolved else None,
        role=entry.role,
        status=status,
        substitute_for=entry.substitute_for,
        substitute_for_id=None,
        source_file=referat.source_file,
        source_line=line.number,
    )
    return row, _kommune_findings(referat, line, entry, resolved)


def _kommune_findings(referat, line, entry, resolved) -> list[FindingRow]:
    where = f"{entry.name}: kommune '{entry.kommune_text}'"
    if resolved is None:
        reason = "missing" if not entry.kommune_text else "not a known kommune; left empty"
        return [_finding(referat, line, "error", "kommune_unknown", f"{where} {reason}")]
    found = []
    if not resolved.exact:
        found.append(
            _finding(
                referat,
                line,
                "warning",
                "kommune_misspelt",
                f"{where} read as {resolved.kommune} ({resolved.kommune_code})",
            )
        )
    if resolved.region != referat.header.region:
        found.append(
            _finding(
                referat,
                line,
                "warning",
                "kommune_outside_region",
                f"{where}: {resolved.kommune} lies in {resolved.region}",
            )
        )
    return found


def _finding(referat: Referat, line: TextLine, severity: str, rule: str, message: str):
    return FindingRow(severity, rule, referat.meeting_id, referat.source_file, line.number, message)
