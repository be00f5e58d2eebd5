"""What the two quota tables share: reading the numbers of a quota table cell by cell, and
keeping one number per key where a referat states it more than once (a table's totals row and a
sentence that repeat each other)."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from pipeline.extract.tables import TextTable
from pipeline.models import AgendaItem, FindingRow, Referat
from pipeline.numbers import parse_cell
from pipeline.transform.areas import Area, classify_rows, oriented

YEAR = re.compile(r"\b(20\d{2})\b")


@dataclass(frozen=True)
class Stated:
    """One number a referat states for an area: from a table cell or from a sentence."""

    area: Area
    year: int | None
    column: str
    value: int
    line: int
    basis: str
    revised_from: int | None = None


def item_year(item: AgendaItem) -> int | None:
    """The year an item's quotas are for when its tables do not say: the year in its title
    (``Flygtningefordeling 2022``), not the meeting's."""
    match = YEAR.search(item.title)
    return int(match.group(1)) if match else None


CAPTION_NOT = re.compile(r"[.!?]$")
"""The line above a table is no caption when it ends like a sentence (the last line of a
paragraph: ``... Nøglen er skitseret nedenfor.``); ``Fordelingen på landsdele:`` is one."""


def table_year(item: AgendaItem, table: TextTable) -> int | None:
    """The year a quota table's numbers are for when its columns do not say: the one year its
    label header names, else the one year of its caption (the line just above it: ``Tabel 1.
    Minimumsdimensionering 2022 fordelt på KKR``, ``Fordeling af lærepladser 2022``), else the
    item title's (see :func:`item_year`)."""
    above = [line.text for line in item.lines if line.number < table.first_line and line.text]
    caption = above[-1] if above and not CAPTION_NOT.search(above[-1]) else ""
    for text in (table.label_header, caption):
        years = set(YEAR.findall(text))
        if len(years) == 1:
            return int(years.pop())
    return item_year(item)


def table_numbers(
    referat: Referat, table: TextTable, default_year: int | None
) -> tuple[list[Stated], list[FindingRow]]:
    """Every number of a quota table with its area and year, the table turned first when its
    columns name the places (see ``areas.oriented``); rows that name no known place and
    are no total, and cells that are not whole numbers, become findings."""
    stated, findings = [], []
    table = oriented(table)
    for index, area in classify_rows(table, referat.header.region):
        row = table.rows[index]
        if area is None:
            message = f"row '{row.label}' names no region or kommune"
            findings.append(_finding(referat, row.line, "error", "quota_row_unread", message))
            continue
        if not area.exact:
            message = f"row '{row.label}' read as {area.area} ({area.kommune_code})"
            findings.append(_finding(referat, row.line, "warning", "kommune_misspelt", message))
        for column, cell, line in zip(table.columns, row.cells, row.lines, strict=True):
            value = parse_cell(cell)
            if value is not None:
                stated.append(
                    Stated(area, _year(column) or default_year, column, value, line, "table")
                )
            elif cell:
                message = f"{area.area}, {column}: '{cell}' is not a whole number"
                findings.append(_finding(referat, line, "error", "quota_value_unread", message))
    return stated, findings


def _year(text: str) -> int | None:
    match = YEAR.search(text)
    return int(match.group(1)) if match else None


def one_per_key(
    referat: Referat, stated: Sequence[Stated], key: Callable[[Stated], Hashable], what: str
) -> tuple[list[Stated], list[FindingRow]]:
    """One number per key: a table's before a sentence's, the first line before later ones. A
    number stated differently elsewhere in the referat is a finding naming both lines."""
    groups: dict[Hashable, list[Stated]] = {}
    for s in stated:
        groups.setdefault(key(s), []).append(s)
    kept, findings = [], []
    for group in groups.values():
        first = min(group, key=lambda s: (s.basis != "table", s.line))
        kept.append(first)
        findings += [
            _finding(referat, other.line, "warning", f"{what}_conflict",
                     f"{first.area.area} {first.year or ''}: line {other.line} ({other.basis}) "
                     f"says {other.value}, line {first.line} ({first.basis}) says {first.value}; "
                     f"kept {first.value}")
            for other in group if other.value != first.value
        ]  # fmt: skip
    return kept, findings


def without_year(referat: Referat, kept: Sequence[Stated]) -> list[FindingRow]:
    """Numbers kept for which neither the table nor the item's title gives a year: not in a
    table (a quota without its year cannot be compared), but reported."""
    return [
        _finding(referat, s.line, "error", "quota_year_unknown",
                 f"{s.area.area} {s.value}: no year in the column '{s.column}' or the item title")
        for s in kept if s.year is None
    ]  # fmt: skip


def _finding(referat: Referat, line: int, severity: str, rule: str, message: str) -> FindingRow:
    return FindingRow(severity, rule, referat.meeting_id, referat.source_file, line, message)
