"""The one table reader. Every converter's table becomes the same grid of cells with line and page
numbers: tab-separated tables (converters 1 and 2), markdown pipe tables (converter 3) and
columns aligned by runs of spaces (``pdftotext -layout``), with headers over one or more lines,
a table cut by a page break read as one, as a label column and value columns."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.models import TextLine
from pipeline.numbers import parse_cell
from pipeline.text import fold

_PIPE_BORDER = re.compile(r":?-{2,}:?")
_BROKEN_WORD = re.compile(r"([a-zæøå])- (?!og\b|eller\b)([a-zæøå])")
"""A word the PDF conversion broke inside a cell: ``Tilbudsafdelin- gen``, ``pri- ser``; a
suspended compound (``Social- og``) keeps its hyphen."""

SPACE_CELL = re.compile(r"\S+(?: \S+)*")
"""A cell of a space-aligned line: text without a run of two spaces in it."""
YEAR_CELL = re.compile(r"(?:19|20)\d{2}")
"""A value cell that is a year: leading rows of years only are header rows (``2023  2024``)."""
SHORT_LINE = 40
"""A one-cell line in a space-aligned table (a wrapped label, a header) is at most this long;
a longer one is running text."""
SENTENCE_END = re.compile(r"[.:;!?]$")
"""A one-cell line ending like a sentence is running text, not a table line."""
SPACE_NUMERIC_SHARE = 0.5
"""At least this share of a space-aligned table's filled value cells are numbers: justified prose
with double spaces is not a table."""
HEADER_OVERLAP = 0.5
"""A header cell stands over a column when it covers this share of the column's region (or of
itself): a caption centred over two columns may jut a little into a third."""
COLUMN_SLACK = 2
"""How many characters the columns of a table may shift across a page break and still continue."""


@dataclass(frozen=True)
class TableRow:
    """A data row: its label (first cell, may be empty), its value cells as written, the line it
    stands on and each cell's line (``lines``, one per cell: a transposed table's row gathers
    cells from several lines)."""

    label: str
    cells: tuple[str, ...]
    line: int
    lines: tuple[int, ...] = ()
    page: int | None = None

    def __post_init__(self):
        if len(self.lines) != len(self.cells):
            object.__setattr__(self, "lines", (self.line,) * len(self.cells))


@dataclass(frozen=True)
class TextTable:
    """A table found in the text. ``columns`` names each value column: the header lines above
    it joined top to bottom, a header cell that spans several columns repeated over them
    (``Social- og sundhedshjælpere Dimensionering 2023``)."""

    label_header: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    first_line: int
    last_line: int

    def transposed(self) -> TextTable:
        """The same grid turned: columns become row labels and row labels columns; every cell
        keeps the line it was read from."""
        rows = tuple(
            TableRow(
                column,
                tuple(r.cells[j] for r in self.rows),
                min((r.lines[j] for r in self.rows), default=self.first_line),
                tuple(r.lines[j] for r in self.rows),
            )
            for j, column in enumerate(self.columns)
        )
        labels = tuple(r.label for r in self.rows)
        return TextTable(self.label_header, labels, rows, self.first_line, self.last_line)


@dataclass(frozen=True)
class _Grid:
    """A table before it is named: header lines with each cell over every column it spans
    (label cell first), body rows, and for a space-aligned table its columns' character spans."""

    kind: str
    header: tuple[tuple[str, ...], ...]
    body: tuple[TableRow, ...]
    first_line: int
    last_line: int
    spans: tuple[tuple[int, int], ...] = field(default=())
    fragment: bool = False
    """A single space-aligned line of figures: a table only as the continuation of one above a
    page break."""

    @property
    def width(self) -> int:
        return 1 + len(self.body[0].cells)


# --------------------------------------------------------------------------- finding tables


def find_tables(lines: Sequence[TextLine]) -> tuple[TextTable, ...]:
    """Every table in ``lines``: runs of tab-separated, pipe-table or space-aligned lines with at
    least one row of numbers. Blank lines, skipped line numbers and page changes are breaks: a
    table goes on after one when the lines after it have the same columns (a repeated header is
    dropped); a line of text ends it."""
    if not any(map(_may_be_row, lines)):
        return ()  # prose only (most items)
    pieces: list[_Grid | str] = []
    for kind, block in _blocks(lines):
        if kind == "break":
            pieces.append("break")
        elif kind == "plain":
            pieces += _space_pieces(block)
        else:
            pieces.append(_delimited_grid(kind, block) or "text")
    return tuple(_named(grid) for grid in _joined_across_breaks(pieces))


def _may_be_row(line: TextLine) -> bool:
    """Whether ``line`` may be a row of a table: a tab-separated or pipe-table line, or a
    plain line that may hold two cells (a plain block with none is text, :func:`_space_pieces`)."""
    kind = _kind(line.text)
    return kind != "break" and (kind != "plain" or _may_split(line.aligned))


def _kind(text: str) -> str:
    if not text:
        return "break"
    if "\t" in text:
        return "tab"
    if text.startswith("|") and text.count("|") >= 2:
        return "pipe"
    return "plain"


def _blocks(lines: Sequence[TextLine]) -> list[tuple[str, list[TextLine]]]:
    """Consecutive lines of one kind; a blank line, a skipped number or a new page is a break."""
    blocks: list[tuple[str, list[TextLine]]] = []
    previous: TextLine | None = None
    for line in lines:
        kind = _kind(line.text)
        cut = previous is not None and (
            line.number != previous.number + 1 or line.page != previous.page
        )
        if cut and blocks and blocks[-1][0] != "break":
            blocks.append(("break", []))
        if kind == "break":
            if blocks and blocks[-1][0] != "break":
                blocks.append(("break", []))
        elif blocks and blocks[-1][0] == kind and not cut:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
        previous = line
    return blocks


def _joined_across_breaks(pieces: Sequence[_Grid | str]) -> list[_Grid]:
    """Grids separated only by breaks, with the same columns, as one grid."""
    grids: list[_Grid] = []
    joinable = False
    for piece in pieces:
        if piece == "text":
            joinable = False
        elif isinstance(piece, _Grid):
            if joinable and grids and _continues(grids[-1], piece):
                grids[-1] = _join(grids[-1], piece)
            elif piece.fragment:
                joinable = False
                continue
            else:
                grids.append(piece)
            joinable = True
    return grids


def _continues(above: _Grid, below: _Grid) -> bool:
    if above.kind != below.kind or above.width != below.width:
        return False
    if below.header and below.header != above.header:
        return False  # a new header: a new table
    return not above.spans or all(
        a0 - COLUMN_SLACK <= b1 and b0 - COLUMN_SLACK <= a1
        for (a0, a1), (b0, b1) in zip(above.spans, below.spans, strict=True)
    )


def _join(above: _Grid, below: _Grid) -> _Grid:
    """One grid of two a page break cut apart; a label wrapped across the cut is joined."""
    body = above.body + below.body
    if above.kind == "plain":
        body = tuple(join_wrapped_labels(body))
    return replace(above, body=body, last_line=below.last_line)


def _named(grid: _Grid) -> TextTable:
    header, width = grid.header, grid.width
    return TextTable(
        label_header=_mend(" ".join(h[0] for h in header if h[0])),
        columns=tuple(_mend(" ".join(h[j] for h in header if h[j])) for j in range(1, width)),
        rows=grid.body,
        first_line=grid.first_line,
        last_line=grid.last_line,
    )


def _mend(text: str) -> str:
    return _BROKEN_WORD.sub(r"\1\2", text)


# --------------------------------------------------------------------------- tabs and pipes


def split_cells(text: str) -> list[str]:
    """The cells of one tab or pipe table line, markup-free, whitespace-folded, broken words
    mended."""
    cells = text.strip().strip("|").split("|") if text.startswith("|") else text.split("\t")
    return [_mend(fold(c)) for c in cells]


def read_table(run: Sequence[TextLine]) -> TextTable | None:
    """A run of tab or pipe table lines as a table, or None when no line holds a number."""
    grid = _delimited_grid(_kind(run[0].text), run) if run else None
    return _named(grid) if grid else None


def _delimited_grid(kind: str, run: Sequence[TextLine]) -> _Grid | None:
    """Header lines are the leading lines without a number in any value cell (and those above a
    pipe-table border); a header cell spans the empty cells to its right."""
    rows = [(line, split_cells(line.text)) for line in run]
    rows = [(line, cells) for line, cells in rows if not _is_border(cells)]
    if not rows:
        return None
    width = max(len(cells) for _, cells in rows)
    rows = [(line, cells + [""] * (width - len(cells))) for line, cells in rows]
    first_data = _first_data([cells for _, cells in rows])
    if first_data is None or width < 2:
        return None
    return _Grid(
        kind=kind,
        header=tuple(_spread_right(cells) for _, cells in rows[:first_data]),
        body=tuple(
            TableRow(c[0], tuple(c[1:]), line.number, page=line.page)
            for line, c in rows[first_data:]
        ),
        first_line=run[0].number,
        last_line=run[-1].number,
    )


def _spread_right(cells: list[str]) -> tuple[str, ...]:
    spread, last = [cells[0]], ""
    for cell in cells[1:]:
        last = cell or last
        spread.append(last)
    return tuple(spread)


def _is_border(cells: list[str]) -> bool:
    return bool(cells) and all(_PIPE_BORDER.fullmatch(c) for c in cells if c) and any(cells)


def _has_number(cells: Sequence[str]) -> bool:
    return any(parse_cell(c) is not None for c in cells)


def _is_year_row(cells: Sequence[str]) -> bool:
    values = [c for c in cells[1:] if c]
    return bool(values) and all(YEAR_CELL.fullmatch(c) for c in values)


def _first_data(rows: Sequence[Sequence[str]]) -> int | None:
    """The first row with a number in a value cell, past leading rows of years (a header)."""
    numbered = [i for i, cells in enumerate(rows) if _has_number(cells[1:])]
    past_years = [i for i in numbered if not _is_year_row(rows[i])]
    return past_years[0] if past_years else (numbered[0] if numbered else None)


# --------------------------------------------------------------------------- space-aligned

Cell = tuple[int, int, str]  # start column, end column, text


def space_cells(aligned: str) -> list[Cell]:
    """The cells of a space-aligned line with the columns they stand in."""
    return [(m.start(), m.end(), m.group()) for m in SPACE_CELL.finditer(aligned)]


def _is_core(cells: Sequence[Cell]) -> bool:
    return len(cells) >= 2 and _has_number([text for _, _, text in cells[1:]])


def _is_candidate(cells: Sequence[Cell]) -> bool:
    if len(cells) >= 2:
        return True
    text = cells[0][2] if cells else ""
    return len(text) <= SHORT_LINE and not SENTENCE_END.search(text)


def _space_pieces(block: Sequence[TextLine]) -> list[_Grid | str]:
    """The space-aligned tables in a block of plain lines, and ``"text"`` for the lines between."""
    if not any(_may_split(line.aligned) for line in block):
        return ["text"]  # every line one cell: no table (most blocks of prose)
    cells = [space_cells(line.aligned) for line in block]
    pieces: list[_Grid | str] = []
    start = 0
    for lo, hi in _candidate_runs(cells):
        grid, used = _space_grid(block[lo:hi], cells[lo:hi])
        if grid is None:
            continue
        if lo + used[0] > start:
            pieces.append("text")
        pieces.append(grid)
        start = lo + used[1]
    if start < len(block):
        pieces.append("text")
    return pieces


def _may_split(aligned: str) -> bool:
    """Whether a line may hold two cells: a gap of two spaces, or a space character other than
    the plain space (a cell ends at any run of two). A line with neither is one cell."""
    return "  " in aligned or not aligned.isprintable()


def _candidate_runs(cells: Sequence[Sequence[Cell]]) -> list[tuple[int, int]]:
    runs, lo = [], None
    for i, row in enumerate([*cells, []]):
        if row and _is_candidate(row):
            lo = i if lo is None else lo
            continue
        run = cells[lo:i] if lo is not None else []
        if any(_is_core(r) for r in run):
            runs.append((lo, i))
        lo = None
    return runs


def column_spans(rows: Sequence[Sequence[Cell]]) -> tuple[tuple[int, int], ...]:
    """The columns shared by ``rows``: character positions covered by a cell in some row, split
    where a position is blank in every row (right-aligned figures share their end column)."""
    covered = sorted({p for row in rows for start, end, _ in row for p in range(start, end)})
    spans: list[tuple[int, int]] = []
    for p in covered:
        if spans and spans[-1][1] == p:
            spans[-1] = (spans[-1][0], p + 1)
        else:
            spans.append((p, p + 1))
    return tuple(spans)


def _space_grid(
    run: Sequence[TextLine], cells: Sequence[Sequence[Cell]]
) -> tuple[_Grid | None, tuple[int, int]]:
    """A run of candidate lines as a table: columns from the lines with figures; lines above the
    first of them are header lines (a caption running from the label column over the figures is
    text); the run's used part as (from, to) indexes."""
    core = [i for i, row in enumerate(cells) if _is_core(row)]
    spans = _with_label_column(column_spans([cells[i] for i in core]), cells)
    if len(spans) < 2:
        return None, (0, 0)
    top = max((i + 1 for i in range(core[0]) if _crosses_label_gap(cells[i], spans)), default=0)
    grid_rows = [_placed(r, spans) for r in cells]
    first = _first_data(grid_rows[top:])
    if first is None:
        return None, (0, 0)
    first += top
    while first > top and _label_only_cells(grid_rows[first - 1]):
        if any(any(row[1:]) for row in grid_rows[top : first - 1]):
            break
        first -= 1  # labels above their figures, no header with value cells above them
    figures = [i for i in range(first, len(run)) if any(grid_rows[i][1:])]
    end = len(run)
    if not any(_label_only_cells(r) for r in grid_rows[figures[0] : figures[-1]]):
        # no label wrapped between figures: label-only lines above them are header, below text
        first, end = figures[0], figures[-1] + 1
    body = [
        TableRow(c[0], tuple(c[1:]), line.number, page=line.page)
        for line, c in zip(run[first:end], grid_rows[first:end], strict=True)
    ]
    values = [c for row in body for c in row.cells if c]
    if sum(parse_cell(c) is not None for c in values) < SPACE_NUMERIC_SHARE * len(values):
        return None, (0, 0)
    grid = _Grid(
        kind="space",
        header=tuple(tuple(row) for row in _header_rows(cells[top:first], spans)),
        body=tuple(join_wrapped_labels(body)),
        first_line=run[top].number,
        last_line=run[end - 1].number,
        spans=spans,
        fragment=sum(len(row) >= 2 for row in cells[top:end]) < 2,
    )
    return grid, (top, end)


def _with_label_column(
    spans: tuple[tuple[int, int], ...], cells: Sequence[Sequence[Cell]]
) -> tuple[tuple[int, int], ...]:
    """The columns, with a label column in front when only one-cell lines left of every figure
    hold labels (the figures of a wrapped label on a line of their own)."""
    left = [row[0] for row in cells if len(row) == 1 and spans and row[0][1] < spans[0][0]]
    if not left:
        return spans
    return ((min(c[0] for c in left), max(c[1] for c in left)), *spans)


def _label_only_cells(row: Sequence[str]) -> bool:
    return bool(row[0]) and not any(row[1:])


def _crosses_label_gap(row: Sequence[Cell], spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < spans[0][1] and end > spans[1][0] for start, end, _ in row)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> list[int]:
    return [min(end, b) - max(start, a) for a, b in spans]


def _placed(row: Sequence[Cell], spans: Sequence[tuple[int, int]]) -> list[str]:
    """A body line's cells in the table's columns: each in the column it overlaps most, else the
    nearest (a figure standing in a gap)."""
    placed = [""] * len(spans)
    for start, end, text in row:
        overlaps = _overlaps(start, end, spans)
        best = max(range(len(spans)), key=lambda j: overlaps[j])
        nearest = min(range(len(spans)), key=lambda j: abs(spans[j][0] - start))
        j = best if overlaps[best] > 0 else nearest
        placed[j] = f"{placed[j]} {text}".strip()
    return [_mend(cell) for cell in placed]


def _header_regions(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a header cell over each column may stand: a value column's figures are
    right-aligned, so its header stands anywhere from the end of the column before it to the
    figures' end (centred over them, or over several columns)."""
    return [spans[0]] + [(spans[j - 1][1], spans[j][1]) for j in range(1, len(spans))]


def _header_targets(
    start: int, end: int, spans: Sequence[tuple[int, int]], regions: Sequence[tuple[int, int]]
) -> list[int]:
    """The columns a header cell stands over: those whose figures it covers by at least
    ``HEADER_OVERLAP``, or whose region it covers by that share of the region or of itself;
    else the one it overlaps most or the nearest."""
    overlaps = _overlaps(start, end, regions)
    over_figures = _overlaps(start, end, spans)
    targets = [
        j
        for j, ((a, b), (c, d)) in enumerate(zip(regions, spans, strict=True))
        if over_figures[j] >= HEADER_OVERLAP * (d - c)
        or (overlaps[j] > 0 and overlaps[j] >= HEADER_OVERLAP * min(b - a, end - start))
    ]
    best = max(range(len(regions)), key=lambda j: overlaps[j])
    nearest = min(range(len(regions)), key=lambda j: abs(regions[j][0] - start))
    return targets or [best if overlaps[best] > 0 else nearest]


def _header_rows(
    rows: Sequence[Sequence[Cell]], spans: Sequence[tuple[int, int]]
) -> list[list[str]]:
    """Header lines in the table's columns: a cell over every column its characters overlap; a
    cell that goes on in lower case, or under a cell ending in ``-``, continues the cell above
    it and stands over the same columns (``Social- og sundheds-`` / ``hjælpere``); a cell over
    the sub-headers of the line below stands over their columns too, however it is aligned
    (``Social- og sundhedshjælpere`` written from the left over ``Dimensionering 2023`` and
    ``Dimensionering 2024``)."""
    placed_rows: list[list[str]] = []
    above: list[_HeaderCell] = []
    regions = _header_regions(spans)
    for row in rows:
        placed, here = [""] * len(spans), []
        for start, end, text in row:
            cell = _HeaderCell(start, end, _header_targets(start, end, spans, regions), [])
            parent = max(above, key=lambda a: a.overlap(start, end), default=None)
            under = parent is not None and parent.overlap(start, end) > 0
            if under and (text[0].islower() or parent.pieces[-1][1].endswith("-")):
                cell = _HeaderCell(start, end, parent.targets, parent.pieces)
            cell.pieces.append((len(placed_rows), text))
            for j in cell.targets:
                placed[j] = f"{placed[j]} {text}".strip()
            here.append(cell)
        placed_rows.append(placed)
        for group in above:  # a group header: over the columns of the sub-headers below it
            below = [j for c in here if group.overlap(c.start, c.end) > 0 for j in c.targets]
            for j in (j for j in dict.fromkeys(below) if j and j not in group.targets):
                group.targets.append(j)
                for index, text in group.pieces:
                    placed_rows[index][j] = f"{placed_rows[index][j]} {text}".strip()
        above = here
    return _merged_cells_right(placed_rows)


def _merged_cells_right(rows: list[list[str]]) -> list[list[str]]:
    """A header line that names a value column and leaves the next one empty, where a lower
    header line names that one, names it too: a merged cell whose text is written at its left
    in a narrow column (as Word prints ``Social- og`` / ``sundheds-`` / ``hjælpere`` over two
    ``Dimensionering`` columns), like a tab table's cell spanning the empty cells to its right."""
    for r, placed in enumerate(rows):
        for j in range(2, len(placed)):
            if not placed[j] and placed[j - 1] and any(lower[j] for lower in rows[r + 1 :]):
                placed[j] = placed[j - 1]
    return rows


@dataclass
class _HeaderCell:
    """A header cell while header lines are placed: where it stands, the columns it is over,
    and its text as (header line, text) pieces (a wrapped cell has one piece per line)."""

    start: int
    end: int
    targets: list[int]
    pieces: list[tuple[int, str]]

    def overlap(self, start: int, end: int) -> int:
        return min(end, self.end) - max(start, self.start)


# --------------------------------------------------------------------------- wrapped labels


def _label_only(row: TableRow) -> bool:
    return bool(row.label) and not any(row.cells)


def _figures_only(row: TableRow) -> bool:
    return not row.label and any(row.cells)


def _with_label(row: TableRow, label: str) -> TableRow:
    return replace(row, label=_mend(fold(label)))


def join_wrapped_labels(rows: Sequence[TableRow]) -> list[TableRow]:
    """Body rows with a label a narrow column wrapped over lines put back together: a label-only
    line going on in lower case (or after a label ending in ``-``) joins the row above; a line
    of figures between two label-only lines takes both; other label-only lines join downward
    when the body's first labelled line is one (labels start above their figures), upward when
    its last labelled line is one (labels end below them). Only rows with a label of their own
    take a join: an unlabelled total does not."""
    out: list[TableRow] = []
    for row in rows:
        if out and _label_only(row) and (row.label[0].islower() or out[-1].label.endswith("-")):
            out[-1] = _with_label(out[-1], f"{out[-1].label} {row.label}")
        else:
            out.append(row)
    started = _joined_at_repeated_starts(out)
    if started is not None:
        return started
    middle: list[TableRow] = []
    i = 0
    while i < len(out):
        trio = out[i : i + 3]
        if (
            len(trio) == 3
            and _label_only(trio[0])
            and _figures_only(trio[1])
            and _label_only(trio[2])
        ):
            middle.append(_with_label(trio[1], f"{trio[0].label} {trio[2].label}"))
            i += 3
            continue
        middle.append(out[i])
        i += 1
    labelled = [r for r in middle if r.label]
    if not any(_label_only(r) for r in labelled):
        return middle
    if _label_only(labelled[0]):
        return _joined_down(middle)
    if _label_only(labelled[-1]):
        return _joined_down(middle[::-1], upward=True)[::-1]
    return middle


def _joined_at_repeated_starts(rows: Sequence[TableRow]) -> list[TableRow] | None:
    """Labels wrapped over lines that share their first line (``Region`` / ``Hovedstaden``),
    with the figures on the first line of some and the last of others: each label starts at a
    line whose text repeats, and takes the label-only lines after it and the one line of figures
    among them. None when the rows do not fall into such labels (no repeated first line, a
    label-only line outside them, a label with no or two lines of figures)."""
    labels = Counter(r.label for r in rows if r.label)
    starts = {label for label, n in labels.items() if n >= 2}
    if not starts or not any(_label_only(r) for r in rows):
        return None
    groups: list[list[TableRow]] = []
    for row in rows:
        group = groups[-1] if groups and groups[-1][0].label in starts else None
        figured = group is not None and any(any(r.cells) for r in group)
        joins = row.label and (_label_only(row) or not figured)
        if group is not None and row.label not in starts and joins:
            group.append(row)
        elif _label_only(row) and row.label not in starts:
            return None
        else:
            groups.append([row])
    joined = []
    for group in groups:
        figures = [r for r in group if any(r.cells)]
        if len(figures) != 1:
            return None
        joined.append(_with_label(figures[0], " ".join(r.label for r in group)))
    return joined


def _joined_down(rows: Sequence[TableRow], upward: bool = False) -> list[TableRow]:
    """Each run of label-only rows joined to the next row that has a label of its own (in
    reading order; ``upward`` is given the rows reversed). A row of figures without a label (a
    total) takes no join: the label-only rows before it stay rows of their own."""
    out: list[TableRow] = []
    waiting: list[TableRow] = []
    for row in rows:
        if _label_only(row):
            waiting.append(row)
        elif waiting and row.label:
            parts = [w.label for w in waiting] + [row.label]
            out.append(_with_label(row, " ".join(parts[::-1] if upward else parts)))
            waiting = []
        else:
            out += [*waiting, row]
            waiting = []
    return out + waiting
