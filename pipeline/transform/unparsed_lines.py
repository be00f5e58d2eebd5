"""The ``unparsed_lines`` table: nothing lost. The lines of a referat that carry data — the
attendance block, every table, every line with an amount of money — either reached a table or are
listed here, each run of them with a finding saying why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.models import FindingRow, Referat, UnparsedLineRow
from pipeline.text import fold
from pipeline.transform.budgets import (
    heading_lines,
    money_lines,
    money_paragraphs,
    paragraph_amounts,
)
from pipeline.transform.figures import Figure, account

DATA_TABLES = ("attendance", "flygtningefordeling", "sosu_laerepladser", "budgets")
"""The tables whose rows consume lines of a referat."""

REASONS = {
    "attendance": ("warning", "an attendance line no rule could read"),
    "table": ("info", "a table no extractor took rows from (not a quota or money table)"),
    "money": ("warning", "an amount of money no extractor took"),
}
"""Severity and reason of a run of unparsed lines, by block."""


@dataclass(frozen=True)
class Coverage:
    """How many of a referat's data-carrying lines reached a table, and what became of the
    figures of its quota items and tables (see ``figures.py``)."""

    source_file: str
    checked: int
    consumed: int
    figures: int = 0
    figures_read: int = 0
    figures_explained: int = 0

    @property
    def unexplained(self) -> int:
        return self.figures - self.figures_read - self.figures_explained

    @property
    def share(self) -> float:
        return self.consumed / self.checked if self.checked else 1.0


def lines_to_account_for(referat: Referat) -> dict[int, str]:
    """Line number -> block (``attendance``, ``table``, ``money``) of every line that carries
    data; a table line with an amount is a table line. Amounts are read over paragraphs as the
    budgets reader reads them, so an amount wrapped over two lines is the line it starts on."""
    blocks: dict[int, str] = {}
    for line in (x for listing in referat.attendance or () for x in listing.lines):
        blocks[line.number] = "attendance"
    written = {line.number for line in referat.lines if line.text}  # a page break is no data
    for table in (t for item in referat.items for t in item.tables):
        span = range(table.first_line, table.last_line + 1)
        blocks.update(dict.fromkeys((n for n in span if n in written), "table"))
    headings = {n for item in referat.items for n in heading_lines(item)}
    for paragraph in money_paragraphs(referat.lines, set(blocks), headings, money_lines(referat)):
        for number, _ in paragraph_amounts(paragraph):
            blocks.setdefault(number, "money")
    return blocks


def consumed_lines(referat: Referat, tables: dict[str, list]) -> set[int]:
    """Lines some row was read from; a table whose rows were read has its header read too."""
    used = {
        row.source_line
        for name in DATA_TABLES
        for row in tables[name]
        if row.source_file == referat.source_file
    }
    for table in (t for item in referat.items for t in item.tables):
        if any(row.line in used for row in table.rows):
            used.update(range(table.first_line, table.last_line + 1))
    return used


def extract_unparsed_lines(
    referat: Referat, tables: dict[str, list], blocks: dict[int, str] | None = None
) -> tuple[list[UnparsedLineRow], list[FindingRow]]:
    """The data-carrying lines of a referat (``blocks``, from :func:`lines_to_account_for`) that
    no table took, and a finding per run of them."""
    blocks = blocks if blocks is not None else lines_to_account_for(referat)
    used = consumed_lines(referat, tables)
    text = {line.number: line.text for line in referat.lines}
    rows = [
        UnparsedLineRow(referat.source_file, number, block, text[number])
        for number, block in sorted(blocks.items())
        if number not in used
    ]
    return rows, [_finding(referat, run) for run in _runs(rows)]


def coverage(
    referat: Referat,
    tables: dict[str, list],
    figures: list[Figure] | None = None,
    blocks: dict[int, str] | None = None,
) -> Coverage:
    """A referat's coverage, given the tables built from it (and its figures and data lines,
    when the caller has them already)."""
    checked = len(blocks if blocks is not None else lines_to_account_for(referat))
    missed = sum(
        row.source_file == referat.source_file and row.block != "figure"
        for row in tables["unparsed_lines"]
    )
    status = Counter(
        f.status for f in (figures if figures is not None else account(referat, tables))
    )
    return Coverage(referat.source_file, checked, checked - missed, sum(status.values()),
                    status["read"], status["explained"])  # fmt: skip


def _runs(rows: list[UnparsedLineRow]) -> Iterable[list[UnparsedLineRow]]:
    """Unparsed lines grouped into runs of the same block, a run ending at a gap of text."""
    run: list[UnparsedLineRow] = []
    for row in rows:
        if run and (row.block != run[-1].block or row.source_line > run[-1].source_line + 2):
            yield run
            run = []
        run.append(row)
    if run:
        yield run


def _finding(referat: Referat, run: list[UnparsedLineRow]) -> FindingRow:
    severity, reason = REASONS[run[0].block]
    first, last = run[0].source_line, run[-1].source_line
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    message = f"{where} ({run[0].block}): {reason}: '{fold(run[0].text)[:60]}'"
    return FindingRow(severity, "unparsed_lines", referat.meeting_id, referat.source_file, first,
                      message)  # fmt: skip
