"""Transform: referater -> typed rows, one pure function per table (see the modules here)."""

from __future__ import annotations

from collections.abc import Sequence

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


EXTRACTORS = {
    "attendance": extract_attendance,
    "flygtningefordeling": extract_flygtningefordeling,
    "sosu_laerepladser": extract_sosu_laerepladser,
}
"""Tables whose extractor also reports findings: name -> f(referat) -> (rows, findings)."""


def distinct_meetings(referater: Sequence[Referat]) -> tuple[list[Referat], list[FindingRow]]:
    """One referat per meeting: a second file for a meeting already read (the same referat
    under another name, or a second version) is left out and reported."""
    kept: dict[str, Referat] = {}
    findings = []
    for referat in referater:
        first = kept.setdefault(referat.meeting_id, referat)
        if first is not referat:
            same = (
                "the same file"
                if first.source_sha256 == referat.source_sha256
                else "a different text"
            )
            findings.append(
                FindingRow(
                    "warning",
                    "duplicate_meeting",
                    referat.meeting_id,
                    referat.source_file,
                    1,
                    f"{referat.meeting_id} is already read from {first.source_file} "
                    f"({same}); skipped",
                )
            )
    return list(kept.values()), findings


def transform(referater: Sequence[Referat]) -> dict[str, list]:
    """All tables from the referater read (validation_results stays empty: validate fills it)."""
    meetings, findings = distinct_meetings(referater)
    tables: dict[str, list] = {name: [] for name in TABLES}
    tables["kommuner"] = list(load_kommuner())
    for referat in meetings:
        tables["meetings"] += extract_meetings(referat)
        tables["agenda_items"] += extract_agenda_items(referat)
        tables["budgets"] += extract_budgets(referat)
        findings += [*referat.findings, *unsectioned_text_findings(referat)]
        for name, extract in EXTRACTORS.items():
            rows, found = extract(referat)
            tables[name] += rows
            findings += found
        unparsed, found = extract_unparsed_lines(referat, tables)
        tables["unparsed_lines"] += unparsed
        findings += found
    tables["findings"] = findings
    return tables
