"""The one table reader: tab-separated tables (converters 1 and 2) and markdown pipe tables
(converter 3), with headers over one or more lines, as a label column and value columns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.models import TextLine
from pipeline.numbers import parse_int
from pipeline.text import fold

_PIPE_BORDER = re.compile(r":?-{2,}:?")
_BROKEN_WORD = re.compile(r"([a-zæøå])- (?!og\b|eller\b)([a-zæøå])")
"""A word the PDF conversion broke inside a cell: ``Tilbudsafdelin- gen``, ``pri- ser``; a
suspended compound (``Social- og``) keeps its hyphen."""


@dataclass(frozen=True)
class TableRow:
    """A data row: its label (first cell, may be empty) and its value cells, as written."""

    label: str
    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class TextTable:
    """A table found in the text. ``columns`` names each value column: the header lines above
    it joined top to bottom, a header cell that spans empty cells to its right repeated over
    them (``Social- og sundheds- hjælpere Dimensionering 2023``)."""

    label_header: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    first_line: int
    last_line: int


def find_tables(lines: Sequence[TextLine]) -> tuple[TextTable, ...]:
    """Every table in ``lines``: a run of consecutive tab-separated or pipe-table lines with at
    least one row of numbers."""
    tables, run = [], []
    for line in [*lines, TextLine(0, "")]:
        if _is_table_line(line.text) and (not run or line.number == run[-1].number + 1):
            run.append(line)
            continue
        if run:
            tables.append(read_table(run))
        run = [line] if _is_table_line(line.text) else []
    return tuple(t for t in tables if t is not None)


def _is_table_line(text: str) -> bool:
    return "\t" in text or (text.startswith("|") and text.count("|") >= 2)


def split_cells(text: str) -> list[str]:
    """The cells of one table line, markup-free, whitespace-folded, broken words mended."""
    cells = text.strip().strip("|").split("|") if text.startswith("|") else text.split("\t")
    return [_BROKEN_WORD.sub(r"\1\2", fold(c)) for c in cells]


def read_table(run: Sequence[TextLine]) -> TextTable | None:
    """A run of table lines as a table: header lines are the leading lines without a number in
    any value cell (and those above a pipe-table border); None when no line holds a number."""
    rows = [(line, split_cells(line.text)) for line in run]
    rows = [(line, cells) for line, cells in rows if not _is_border(cells)]
    if not rows:
        return None
    width = max(len(cells) for _, cells in rows)
    rows = [(line, cells + [""] * (width - len(cells))) for line, cells in rows]
    first_data = next((i for i, (_, c) in enumerate(rows) if _has_number(c[1:])), None)
    if first_data is None:
        return None
    header = [cells for _, cells in rows[:first_data]]
    return TextTable(
        label_header=" ".join(h[0] for h in header if h[0]),
        columns=_column_names(header, width - 1),
        rows=tuple(TableRow(c[0], tuple(c[1:]), line.number) for line, c in rows[first_data:]),
        first_line=run[0].number,
        last_line=run[-1].number,
    )


def _is_border(cells: list[str]) -> bool:
    return bool(cells) and all(_PIPE_BORDER.fullmatch(c) for c in cells if c) and any(cells)


def _has_number(cells: Sequence[str]) -> bool:
    return any(parse_int(c) is not None for c in cells)


def _column_names(header: list[list[str]], count: int) -> tuple[str, ...]:
    names = [""] * count
    for cells in header:
        spanned, last = [], ""
        for cell in cells[1:]:
            last = cell or last
            spanned.append(last)
        names = [f"{n} {s}".strip() for n, s in zip(names, spanned, strict=True)]
    return tuple(names)
