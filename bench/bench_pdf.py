"""Benchmark: which PDF library reads KL's referater fastest and most faithfully.

    .venv/bin/python -m bench.bench_pdf [--raw-dir DIR] [--repeat N] [--out bench/PDF_RESULTS.md]

Draws every seed in data/raw as a PDF (ruled and unruled tables, one table cut by a page break;
see tests/pdf/make_pdf.py) and reads it back with each extractor below. Per extractor: pages per
second (median of N runs over all PDFs); per seed and extractor: how many of the seed's table
figures stand on one extracted line with the other figures of their row in order, how many figure
columns keep one character column (right edge) across their rows, and the rows each table gets
when the pipeline reads the extracted text, next to the rows it gets from the seed text.
Prints a Markdown report and writes it to --out.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from pipeline.extract import parse_referat
from pipeline.extract.pdf import Glyph, page_lines, pdf_text
from pipeline.transform import transform
from tests.pdf.make_pdf import blocks, cells, make_referat_pdf

FIGURE = re.compile(r"\d[\d.,]*")
"""A figure in a table row (and in the extracted text)."""
PURE_FIGURE = re.compile(r"[-–]?\d[\d.,]*%?")
"""A cell that is one figure: the generator right-aligns it."""
TABLES = ("meetings", "agenda_items", "attendance", "flygtningefordeling", "sosu_laerepladser",
          "budgets")  # fmt: skip
"""Pipeline tables counted."""
BREAK_AFTER = {1: 6}
"""The second table of every seed (after the contents) is cut by a page break after six rows."""


NOTES = (
    "*figures on their row*: the seed's table figures (contents list left out) that stand on one",
    "extracted line carrying the row's label and the row's other figures in order. *figure",
    "columns aligned*: columns of one-figure cells whose figures end at one character column in",
    "every row found. *rows*: rows per pipeline table when `parse_referat` + `transform` read the",
    "extracted text, next to the seed text's own.",
)
"""What the report's columns mean."""


# --------------------------------------------------------------------------- extractors


def pypdfium2_layout(path: Path) -> str:
    """The pipeline's reader: PDFium characters placed at columns (pipeline/extract/pdf.py)."""
    return pdf_text(path.read_bytes(), path.name)


def pypdfium2_plain(path: Path) -> str:
    """PDFium's own text order: ``PdfTextPage.get_text_range()`` per page."""
    document = pdfium.PdfDocument(path)
    try:
        return "\f".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdfplumber_layout(path: Path) -> str:
    """pdfplumber's ``extract_text(layout=True)``."""
    with pdfplumber.open(path) as pdf:
        return "\f".join(page.extract_text(layout=True) for page in pdf.pages)


def pdfplumber_chars(path: Path) -> str:
    """pdfplumber's characters (pdfminer) placed at columns by the pipeline's layout code."""
    with pdfplumber.open(path) as pdf:
        pages = [[_glyph(c, page.height) for c in page.chars if c["text"].strip()]
                 for page in pdf.pages]  # fmt: skip
    margin = min(g.left for glyphs in pages for g in glyphs)
    return "\f".join("\n".join(page_lines(glyphs, margin)) + "\n" for glyphs in pages)


def _glyph(char: dict, height: float) -> Glyph:
    return Glyph(char["text"], char["x0"], char["x1"], height - char["bottom"], char["height"])


def pdftotext_layout(path: Path) -> str:
    """poppler's ``pdftotext -layout`` (a binary, not a Python package)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").rstrip("\f")


def extractors() -> dict[str, Callable[[Path], str]]:
    """Every extractor that can run here (pdftotext only where poppler-utils is installed)."""
    found = {
        "pypdfium2 chars → columns (pdf_text)": pypdfium2_layout,
        "pypdfium2 get_text_range": pypdfium2_plain,
        "pdfplumber extract_text(layout=True)": pdfplumber_layout,
        "pdfplumber chars → columns": pdfplumber_chars,
    }
    if shutil.which("pdftotext"):
        found["pdftotext -layout"] = pdftotext_layout
    return found


# --------------------------------------------------------------------------- fidelity


def table_rows(seed: str) -> list[list[list[str]]]:
    """The seed's tables (the contents list left out) as rows of cells."""
    tables = [b for b in blocks(seed) if b.kind == "table"]
    rows = [[cells(raw) for _, raw in table.lines] for table in tables[1:]]
    return [[row for row in table if row] for table in rows]


def figures_and_columns(seed: str, text: str) -> tuple[int, int, int, int]:
    """(figures found, figures in the seed's tables, figure columns aligned, figure columns)."""
    lines = [line.lstrip("\f") for line in text.split("\n")]
    found = total = aligned = columns = 0
    for table in table_rows(seed):
        ends: dict[int, set[int]] = {}
        at = 0
        for row in table:
            expected = [f for cell in row for f in FIGURE.findall(cell)]
            total += len(expected)
            hit = _find_row(lines, at, _label(row), expected)
            if hit is None:
                continue
            at, match = hit
            found += len(expected)
            for cell_index, end in _figure_ends(row, match):
                ends.setdefault(cell_index, set()).add(end)
        columns += len(ends)
        aligned += sum(len(where) == 1 for where in ends.values())
    return found, total, aligned, columns


def _label(row: list[str]) -> str:
    """The start of a row's first text cell (six characters: a narrow column may wrap the rest
    onto the next line): the row's line must carry it."""
    words = [c.split()[0] for c in row if c.strip() and not PURE_FIGURE.fullmatch(c.strip())]
    return words[0][:6] if words else ""


def _find_row(
    lines: list[str], start: int, label: str, expected: list[str]
) -> tuple[int, list[re.Match]] | None:
    """The first line from ``start`` on that carries ``label`` and ``expected`` as consecutive
    figures: its index and those figures' matches."""
    if not expected:
        return None
    for index in range(start, len(lines)):
        if label not in lines[index]:
            continue
        matches = list(FIGURE.finditer(lines[index]))
        values = [m.group() for m in matches]
        for first in range(len(values) - len(expected) + 1):
            if values[first : first + len(expected)] == expected:
                return index, matches[first : first + len(expected)]
    return None


def _figure_ends(row: list[str], match: list[re.Match]) -> list[tuple[int, int]]:
    """(cell index, end column) of every cell of ``row`` that is one figure."""
    out, position = [], 0
    for index, cell in enumerate(row):
        count = len(FIGURE.findall(cell))
        if PURE_FIGURE.fullmatch(cell.strip()):
            out.append((index, match[position].end()))
        position += count
    return out


def pipeline_rows(text: str, name: str) -> str:
    """Rows per table when the pipeline reads ``text``, or the error it stops with."""
    try:
        tables = transform([parse_referat(text.encode("utf-8"), name)])
    except Exception as exc:  # a bench reports, it does not stop
        return f"error: {type(exc).__name__}"
    return " / ".join(str(len(tables[t])) for t in TABLES)


# --------------------------------------------------------------------------- report


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def draw_seeds(raw_dir: Path, out_dir: Path) -> list[tuple[str, bool, Path, int]]:
    """(seed text, ruled, PDF path, pages) for every seed, ruled and unruled."""
    drawn = []
    for seed in sorted(raw_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for ruled in (True, False):
            path = out_dir / f"{seed.stem}_{'ruled' if ruled else 'plain'}.pdf"
            made = make_referat_pdf(text, path, ruled=ruled, break_after=BREAK_AFTER)
            drawn.append((text, ruled, path, made["page_count"]))
    return drawn


def speed_table(drawn, found: dict[str, Callable], repeat: int) -> list[str]:
    pages = sum(d[3] for d in drawn)
    out = ["| extractor | pages/s (median) | s per 30-page referat |", "|---|---:|---:|"]
    for name, extract in found.items():
        seconds = median_seconds(lambda e=extract: [e(d[2]) for d in drawn], repeat)
        out.append(f"| {name} | {pages / seconds:.1f} | {30 * seconds / pages:.2f} |")
    return out


def fidelity_table(drawn, found: dict[str, Callable]) -> list[str]:
    out = [
        f"| PDF | extractor | figures on their row | figure columns aligned | rows: "
        f"{' / '.join(TABLES)} |",
        "|---|---|---:|---:|---|",
    ]
    for text, _ruled, path, _pages in drawn:
        out.append(f"| {path.stem} | seed text | | | {pipeline_rows(text, path.stem + '.txt')} |")
        for name, extract in found.items():
            extracted = extract(path)
            got, total, aligned, columns = figures_and_columns(text, extracted)
            rows = pipeline_rows(extracted, path.stem + ".txt")
            out.append(f"| {path.stem} | {name} | {got}/{total} | {aligned}/{columns} | {rows} |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/PDF_RESULTS.md"))
    args = parser.parse_args()
    found = extractors()
    with tempfile.TemporaryDirectory() as tmp:
        drawn = draw_seeds(args.raw_dir, Path(tmp))
        pages = sum(d[3] for d in drawn)
        report = [
            "# PDF extractors on referater drawn from the seeds",
            "",
            f"{len(drawn)} PDFs, {pages} pages, drawn by tests/pdf/make_pdf.py; rerun with",
            "`.venv/bin/python -m bench.bench_pdf`.",
            "",
            *NOTES,
            "",
            *speed_table(drawn, found, args.repeat),
            "",
            *fidelity_table(drawn, found),
            "",
        ]
    text = "\n".join(report)
    print(text)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
