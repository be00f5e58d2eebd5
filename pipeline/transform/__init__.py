"""Transform: referater -> typed rows, one pure function per table (see the modules here)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import memo
from pipeline.kommuner import load_kommuner
from pipeline.models import (
    AgendaItemRow,
    AppointmentRow,
    AttendanceRow,
    BudgetRow,
    FindingRow,
    FlygtningeRow,
    KommuneRow,
    MeetingRow,
    MembershipRow,
    PersonAliasRow,
    PersonRow,
    Referat,
    SosuRow,
    UnparsedLineRow,
    ValidationResultRow,
)
from pipeline.transform.agenda_items import extract_agenda_items, unsectioned_text_findings
from pipeline.transform.appointments import extract_appointments
from pipeline.transform.attendance import extract_attendance
from pipeline.transform.budgets import extract_budgets
from pipeline.transform.figures import account, unexplained_rows
from pipeline.transform.flygtningefordeling import extract_flygtningefordeling
from pipeline.transform.meetings import extract_meetings
from pipeline.transform.people import FINDINGS_READ, link_people
from pipeline.transform.sosu_laerepladser import extract_sosu_laerepladser
from pipeline.transform.unparsed_lines import (
    Coverage,
    coverage,
    extract_unparsed_lines,
    lines_to_account_for,
)

Extractor = Callable[[Referat], tuple[list, list[FindingRow]]]
"""What every extractor is: one referat -> its rows of one table, and the findings made on the
way."""

CorpusStep = Callable[[dict[str, list]], tuple[dict[str, list], list[FindingRow]]]
"""What a corpus step is: every table of every referat -> the tables it makes (or remakes, e.g.
attendance with ``person_id`` set) and the findings made on the way; a pure function of the
rows."""


@dataclass(frozen=True)
class Table:
    """One output table, declared once. ``name`` is also its suite (``expectations/<name>.json``)
    and its staging view (``sql/staging/stg_<name>.sql``); ``row`` is its row dataclass (its
    docstring is the table's description). ``made`` says how its rows come about: ``extract``
    (by ``extract`` from each referat), ``referat`` (from the other tables of one referat, after
    every extractor: unparsed lines), ``corpus`` (from every referat's rows together, by
    ``corpus``), ``reference`` (reference data), ``build`` (collected from every stage:
    findings) or ``validate`` (by the validate stage)."""

    name: str
    row: type
    made: str = "extract"
    extract: Extractor | None = None
    golden: bool = True
    """Its rows per seed are kept in ``tests/golden/<seed>/<name>.csv``."""
    corpus: CorpusStep | None = None
    """For ``made="corpus"``: the step that makes it (one step may make several tables; it is
    declared on the first of them and run once)."""


def _rows_only(extract: Callable[[Referat], list]) -> Extractor:
    return lambda referat: (extract(referat), [])


REGISTRY: tuple[Table, ...] = (
    Table("meetings", MeetingRow, extract=_rows_only(extract_meetings)),
    Table("agenda_items", AgendaItemRow,
          extract=lambda r: (extract_agenda_items(r), unsectioned_text_findings(r))),
    Table("attendance", AttendanceRow, extract=extract_attendance),
    Table("appointments", AppointmentRow, extract=extract_appointments),
    Table("persons", PersonRow, made="corpus", corpus=link_people),
    Table("person_aliases", PersonAliasRow, made="corpus"),
    Table("memberships", MembershipRow, made="corpus"),
    Table("flygtningefordeling", FlygtningeRow, extract=extract_flygtningefordeling),
    Table("sosu_laerepladser", SosuRow, extract=extract_sosu_laerepladser),
    Table("budgets", BudgetRow, extract=_rows_only(extract_budgets)),
    Table("unparsed_lines", UnparsedLineRow, made="referat"),
    Table("kommuner", KommuneRow, made="reference", golden=False),
    Table("findings", FindingRow, made="build"),
    Table("validation_results", ValidationResultRow, made="validate", golden=False),
)  # fmt: skip
"""Every output table, in the order they are listed everywhere (dictionary, summary, load).
Adding a table: its module and extractor, its row class, an entry here, its suite, its
dictionary entry and its staging view."""

TABLES: dict[str, type] = {table.name: table.row for table in REGISTRY}
"""Every output table's name and row dataclass."""

EXTRACTORS: dict[str, Extractor] = {t.name: t.extract for t in REGISTRY if t.extract}
"""The tables read from each referat, by their extractors, in registry order."""

CORPUS_STEPS: tuple[CorpusStep, ...] = tuple(t.corpus for t in REGISTRY if t.corpus)
"""The steps run over every referat's rows together, after all referater, in registry order."""

CORPUS_FINDINGS = FINDINGS_READ
"""The rules of the findings the corpus steps read (a build holds each referat's findings of
these rules for them; the others wait in the rows cache: ``pipeline.perfile.findings_apart``)."""


def distinct_meetings(referater: Sequence) -> tuple[list, list[FindingRow]]:
    """One referat per meeting: of two files of one meeting the complete one wins (see
    :func:`completeness`); the other is left out and reported, naming the file kept and why.
    Takes referater or anything with their ``meeting_id``, ``source_file``, ``source_sha256``,
    ``cut_off``, ``items`` and ``modified`` (``perfile.FileResult``)."""
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
    return corpus_tables(tables)


def corpus_tables(tables: dict[str, list]) -> dict[str, list]:
    """``tables`` with every corpus step's tables made from them and its findings added."""
    tables = dict(tables)
    for step in CORPUS_STEPS:
        made, found = step(tables)
        tables.update(made)
        tables["findings"] = tables["findings"] + found
    return tables


def referat_tables(referat: Referat) -> dict[str, list]:
    """Every table's rows read from one referat, its findings included, each row with the page
    of its line: a pure function of the referat."""
    return referat_result(referat)[0]


def referat_result(referat: Referat) -> tuple[dict[str, list], Coverage]:
    """:func:`referat_tables` and the referat's coverage, each of its lines and figures
    accounted for once."""
    memo.forget()  # paragraphs and amounts are remembered within one referat only
    tables: dict[str, list] = {"findings": list(referat.findings)}
    for name, extract in EXTRACTORS.items():
        tables[name], found = extract(referat)
        tables["findings"] += found
    blocks = lines_to_account_for(referat)
    tables["unparsed_lines"], found = extract_unparsed_lines(referat, tables, blocks)
    tables["findings"] += found
    listed = {row.source_line for row in tables["unparsed_lines"]}
    figures = account(referat, tables)
    lost, found = unexplained_rows(referat, figures)
    tables["unparsed_lines"] += [row for row in lost if row.source_line not in listed]
    tables["findings"] += found
    page_of = pages_of(referat)
    paged = {name: with_pages(rows, page_of) for name, rows in tables.items()}
    return paged, coverage(referat, tables, figures, blocks)


def pages_of(referat: Referat) -> dict[int, int]:
    """The page of each line of ``referat`` that has one (none when the text does not tell its
    pages)."""
    return {line.number: line.page for line in referat.lines if line.page is not None}


def with_pages(rows: list, page_of: dict[int, int]) -> list:
    """``rows`` with ``source_page`` set from the page of their ``source_line`` in ``page_of``
    (:func:`pages_of`; unchanged when it is empty)."""
    if not page_of:
        return rows
    return [
        dataclasses.replace(row, source_page=page_of.get(row.source_line))
        if getattr(row, "source_line", None) is not None
        else row
        for row in rows
    ]
