"""A seed's tab tables re-rendered the way ``pdftotext -layout`` draws tables (columns aligned
by spaces, figures right-aligned, every line indented) give the same rows."""

import dataclasses
import itertools

from pipeline.extract import parse_referat
from pipeline.extract.segment import normalise_lines
from pipeline.extract.tables import find_tables
from pipeline.numbers import parse_cell
from pipeline.transform import transform
from tests.conftest import RAW_DIR

SEED = "002_241b36b2641db069.txt"
GAP = 3
INDENT = 4


def space_aligned(rows: list[list[str]]) -> list[str]:
    """Tab rows as fixed-width columns: figures right-aligned, text left-aligned, a header cell
    followed by empty cells centred over the columns it spans (as the PDF drew it)."""
    width = max(len(r) for r in rows)
    rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    spans = [_spans(r) for r in rows]
    sizes = [
        max((len(r[j]) for r, s in zip(rows, spans, strict=True) if s.get(j, 1) == 1), default=0)
        for j in range(width)
    ]
    for row, span in zip(rows, spans, strict=True):  # a spanning cell widens its last column
        for j, count in span.items():
            covered = sum(sizes[j : j + count]) + GAP * (count - 1)
            sizes[j + count - 1] += max(0, len(row[j]) - covered)
    starts = list(itertools.accumulate([0] + [s + GAP for s in sizes[:-1]]))
    lines = []
    for row, span in zip(rows, spans, strict=True):
        line = ""
        for j, cell in enumerate(row):
            if not cell:
                continue
            size = starts[j + span[j] - 1] + sizes[j + span[j] - 1] - starts[j]
            text = cell.rjust(size) if parse_cell(cell) is not None else cell.center(size)
            text = text if span[j] > 1 or j else cell.ljust(size)
            line = line.ljust(starts[j]) + text
        lines.append(" " * INDENT + line.rstrip())
    return lines


def _spans(row: list[str]) -> dict[int, int]:
    """How many columns each filled cell of a header row covers (itself and the empty cells to
    its right); a row with figures spans nothing."""
    if any(parse_cell(c) is not None for c in row[1:]):
        return {j: 1 for j in range(len(row))}
    spans, last = {}, None
    for j, cell in enumerate(row):
        if cell or j == 0:
            last, spans[j] = j, 1
        elif last:
            spans[last] += 1
    return spans


def rendered(text: str, after_line: int) -> str:
    """The text with each run of tab lines after ``after_line`` (past the contents) re-drawn."""
    lines = text.split("\n")
    out, run = [], []
    for number, line in enumerate([*lines, ""], 1):
        if "\t" in line and number > after_line:
            run.append(line.split("\t"))
            continue
        out += space_aligned(run) if run else []
        run = []
        out.append(line)
    return "\n".join(out[: len(lines)])


def rows_without_line(rows) -> list[tuple]:
    return sorted(
        (tuple(v for k, v in dataclasses.asdict(r).items() if k != "source_line") for r in rows),
        key=repr,
    )


def test_seed_tables_drawn_with_spaces_give_the_same_rows():
    text = (RAW_DIR / SEED).read_text("utf-8")
    spaced = rendered(text, after_line=100)
    assert "\t" not in "\n".join(spaced.split("\n")[100:])
    original = transform([parse_referat(text.encode("utf-8"), SEED)])
    redrawn = transform([parse_referat(spaced.encode("utf-8"), SEED)])
    for name in ("sosu_laerepladser", "budgets"):
        assert rows_without_line(redrawn[name]) == rows_without_line(original[name]), name
    assert len(original["sosu_laerepladser"]) > 0 and len(original["budgets"]) > 0


def test_the_rendering_looks_like_pdftotext_and_reads_back():
    header = ["", "Social- og sundhedshjælpere", "", "Assistenter"]
    drawn = space_aligned([header, ["Region Nord", "13", "1.776", "4"], ["I alt", "1", "-", "40"]])
    assert drawn == [
        "                  Social- og sundhedshjælpere   Assistenter",
        "    Region Nord   13                    1.776             4",
        "    I alt          1                        -            40",
    ]
    (table,) = find_tables(normalise_lines(drawn))
    assert table.columns == ("Social- og sundhedshjælpere",) * 2 + ("Assistenter",)
    assert [(r.label, r.cells) for r in table.rows] == [
        ("Region Nord", ("13", "1.776", "4")),
        ("I alt", ("1", "-", "40")),
    ]
