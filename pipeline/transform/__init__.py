"""Transform: referater -> typed rows, one pure function per table (see the modules here)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from pipeline.kommuner import load_kommuner
from pipeline.models import (
    AgendaItemRow,
    AttendanceRow,
    BudgetRow,
    FindingRow,
    FlygtningeRow,
    KommuneRow,
    MeetingRow,
    Referat,
    SosuRow,
    UnparsedLineRow,
    ValidationResultRow,
)
from pipeline.transform.agenda_items import extract_agenda_items, unsectioned_text_findings
from pipeline.transform.attendance import extract_attendance
from pipeline.transform.budgets import extract_budgets
from pipeline.transform.figures import account, unexplained_rows
from pipeline.transform.flygtningefordeling import extract_flygtningefordeling
from pipeline.transform.meetings import extract_meetings
from pipeline.transform.sosu_laerepladser import extract_sosu_laerepladser
from pipeline.transform.unparsed_lines import extract_unparsed_lines

TABLES: dict[str, type] = {
    "meetings": MeetingRow,
    "agenda_items": AgendaItemRow,
    "attendance": AttendanceRow,
    "flygtningefordeling": FlygtningeRow,
    "sosu_laerepladser": SosuRow,
    "budgets": BudgetRow,
    "unparsed_lines": UnparsedLineRow,
    "kommuner": KommuneRow,
    "findings": FindingRow,
    "validation_results": ValidationResultRow,
}
"""Every output table and the dataclass of its rows."""


EXTRACTORS: dict[str, Callable[[Referat], tuple[list, list[FindingRow]]]] = {
    "meetings": lambda r: (extract_meetings(r), []),
    "agenda_items": lambda r: (extract_agenda_items(r), unsectioned_text_findings(r)),
    "attendance": extract_attendance,
    "flygtningefordeling": extract_flygtningefordeling,
    "sosu_laerepladser": extract_sosu_laerepladser,
    "budgets": lambda r: (extract_budgets(r), []),
}
"""The tables read from each referat: name -> f(referat) -> (rows, findings). Unparsed lines
and coverage are computed after all of them."""


def distinct_meetings(referater: Sequence[Referat]) -> tuple[list[Referat], list[FindingRow]]:
    """One referat per meeting: of two files of one meeting the complete one wins (see
    :func:`completeness`); the other is left out and reported, naming the file kept and why."""
    by_meeting: dict[str, list[Referat]] = {}
    for referat in referater:
        by_meeting.setdefault(referat.meeting_id, []).append(referat)
    kept, findings = [], []
    for group in by_meeting.values():
        texts = {}  # one file per distinct text: the first by path
        for referat in sorted(group, key=lambda r: r.source_file):
            texts.setdefault(referat.source_sha256, referat)
        best = min(texts.values(), key=completeness)
        kept.append(best)
        findings += [duplicate_finding(best, other) for other in group if other is not best]
    return sorted(kept, key=lambda r: r.source_file), findings


def completeness(referat: Referat) -> tuple:
    """Sort key, best first: not cut off, more agenda items, newer file, then path (of files
    with the same text, the first by path)."""
    return (referat.cut_off, -len(referat.items), -referat.modified, referat.source_file)


def duplicate_finding(kept: Referat, skipped: Referat) -> FindingRow:
    """The finding on a file left out because another file of the same meeting was kept."""
    return FindingRow(
        "warning",
        "duplicate_meeting",
        skipped.meeting_id,
        skipped.source_file,
        1,
        f"{skipped.meeting_id} is also in {kept.source_file}, which is kept "
        f"({why_kept(kept, skipped)}); this file is skipped",
        stage="extract",
    )


def why_kept(kept: Referat, skipped: Referat) -> str:
    """Why ``kept`` won over ``skipped``, in words."""
    if kept.source_sha256 == skipped.source_sha256:
        return "the same text"
    if skipped.cut_off and not kept.cut_off:
        return "this file is cut off"
    if len(kept.items) != len(skipped.items):
        return f"{len(kept.items)} agenda items against {len(skipped.items)}"
    if kept.modified != skipped.modified:
        return "a newer file"
    return "first by path"


def transform(referater: Sequence[Referat]) -> dict[str, list]:
    """All tables from the referater read (validation_results stays empty: validate fills it)."""
    meetings, findings = distinct_meetings(referater)
    tables: dict[str, list] = {name: [] for name in TABLES}
    tables["kommuner"] = list(load_kommuner())
    for referat in meetings:
        for name, rows in referat_tables(referat).items():
            tables[name] += rows
    tables["findings"] = findings + tables["findings"]
    return tables


def referat_tables(referat: Referat) -> dict[str, list]:
    """Every table's rows read from one referat, its findings included, each row with the page
    of its line: a pure function of the referat."""
    tables: dict[str, list] = {"findings": list(referat.findings)}
    for name, extract in EXTRACTORS.items():
        tables[name], found = extract(referat)
        tables["findings"] += found
    tables["unparsed_lines"], found = extract_unparsed_lines(referat, tables)
    tables["findings"] += found
    listed = {row.source_line for row in tables["unparsed_lines"]}
    lost, found = unexplained_rows(referat, account(referat, tables))
    tables["unparsed_lines"] += [row for row in lost if row.source_line not in listed]
    tables["findings"] += found
    return {name: with_pages(rows, referat) for name, rows in tables.items()}


def with_pages(rows: list, referat: Referat) -> list:
    """``rows`` with ``source_page`` set from the page of their ``source_line`` (unchanged when
    the text does not tell its pages)."""
    page_of = {line.number: line.page for line in referat.lines if line.page is not None}
    if not page_of:
        return rows
    return [
        dataclasses.replace(row, source_page=page_of.get(row.source_line))
        if getattr(row, "source_line", None) is not None
        else row
        for row in rows
    ]
