"""Test PDFs that look like KL's Word -> PDF referater, made from a seed text with fpdf2.

A seed (``data/raw/*.txt``) becomes an A4 PDF: markup stripped, paragraphs wrapped to the page
width, the contents list with dot leaders and right-aligned page numbers, every table (tab-separated
lines or markdown pipe lines) as positioned columns with right-aligned figures and a narrow label
column that wraps long labels onto a second line (figures stay on the first), tables with or without
ruling lines, and a running footer ``Side N af M``. ``break_after`` forces a page break inside a
table, as Word does when a table runs over a page.

The font is DejaVu Sans from Debian's ``fonts-dejavu-core``
(``/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf`` and ``DejaVuSans-Bold.ttf``): fpdf2's core
fonts are latin-1 only, and a referat needs æøå and the en dash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from pipeline.text import clean

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
"""Where Debian's fonts-dejavu-core puts DejaVu Sans."""
BODY_PT, TABLE_PT, FOOTER_PT = 10, 9, 8
"""Font sizes of running text, tables and the footer, in points."""
LINE_MM = 5.0
"""Height of one line of text."""
MARGIN_MM = 20.0
"""Left, right and top margin; the bottom margin leaves room for the footer."""
LABEL_MM = 30.0
"""Width of a table's label column: narrow, so ``Region Hovedstaden`` wraps onto two lines."""
FIGURE_MM = 28.0
"""Widest a figure column gets."""

_FIGURE = re.compile(r"^[\d.,%\s-]*\d[\d.,%\s-]*$")
_PIPE_BORDER = re.compile(r"^\|[\s:|-]*\|$")
_DOTS = re.compile(r"[.\s]+$")


@dataclass(frozen=True)
class Block:
    """Consecutive source lines drawn as one thing: ``kind`` is text, blank or table."""

    kind: str
    lines: tuple[tuple[int, str], ...]


class _Referat(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", FOOTER_PT)
        self.cell(0, 4, f"Side {self.page_no()} af {{nb}}", align="C")


def make_referat_pdf(
    text: str,
    path: Path | str | None = None,
    *,
    ruled: bool,
    break_after: Mapping[int, int] | None = None,
) -> dict:
    """Draw ``text`` as a referat PDF, written to ``path`` when given.

    ``break_after`` maps a table's index (0 = the first table of the text, the contents
    included) to a row count: a page break is forced after that
    many rows of it (its heading row counted).

    Returns ``{"pdf": bytes, "line_pages": {source line number: page}, "page_count": n}``:
    the page every non-blank source line (1-based, as in the seed) landed on.
    """
    pdf = _new_pdf()
    pages: dict[int, int] = {}
    tables = [b for b in blocks(text) if b.kind == "table"]
    for block in blocks(text):
        if block.kind == "blank":
            pdf.ln(LINE_MM / 2)
        elif block.kind == "text":
            _draw_text(pdf, block, pages)
        elif tables.index(block) == 0 and _is_contents(block):
            _draw_contents(pdf, block, pages)
        else:
            forced = (break_after or {}).get(tables.index(block))
            _draw_table(pdf, block, pages, ruled=ruled, break_after=forced)
    data = bytes(pdf.output())
    if path is not None:
        Path(path).write_bytes(data)
    return {"pdf": data, "line_pages": pages, "page_count": pdf.page_no()}


def _new_pdf() -> _Referat:
    pdf = _Referat(format="A4", unit="mm")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    pdf.add_page()
    return pdf


def blocks(text: str) -> list[Block]:
    """The seed's lines grouped into blank lines, text lines and tables (runs of tab or pipe
    lines), each line with its 1-based number."""
    out: list[Block] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        kind = "table" if "\t" in raw or raw.lstrip().startswith("|") else "text"
        kind = kind if raw.strip() else "blank"
        if out and out[-1].kind == kind == "table":
            out[-1] = Block(kind, (*out[-1].lines, (number, raw)))
        else:
            out.append(Block(kind, ((number, raw),)))
    return out


def cells(raw: str) -> list[str]:
    """The cells of a tab or pipe table line, markup stripped; [] for a pipe border row."""
    if raw.lstrip().startswith("|"):
        if _PIPE_BORDER.match(raw.strip()):
            return []
        return [clean(c) for c in raw.strip().strip("|").split("|")]
    return [clean(c) for c in raw.split("\t")]


def _is_contents(block: Block) -> bool:
    rows = [[c for c in cells(raw) if c] for _, raw in block.lines]
    rows = [r for r in rows if r]
    return bool(rows) and all(len(r) == 2 and r[1].isdigit() for r in rows)


def _bold(raw: str) -> bool:
    return raw.lstrip().startswith("#") or "**" in raw or "<b>" in raw


def _room_for(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()


def _draw_text(pdf: FPDF, block: Block, pages: dict[int, int]) -> None:
    number, raw = block.lines[0]
    pdf.set_font("DejaVu", "B" if _bold(raw) else "", BODY_PT)
    for line in _wrap(pdf, clean(raw), pdf.w - pdf.l_margin - pdf.r_margin - 2):
        _room_for(pdf, LINE_MM)
        pages.setdefault(number, pdf.page_no())
        pdf.cell(0, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")


def _draw_contents(pdf: FPDF, block: Block, pages: dict[int, int]) -> None:
    right = pdf.w - pdf.r_margin
    for number, raw in block.lines:
        row = [c for c in cells(raw) if c]
        if not row:
            continue
        pdf.set_font("DejaVu", "B" if _bold(raw) else "", BODY_PT)
        _room_for(pdf, LINE_MM)
        pages[number] = pdf.page_no()
        *first, last = _wrap(pdf, _DOTS.sub("", row[0]), right - pdf.l_margin - 15)
        for line in first:
            pdf.cell(0, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
        title, page = last + " ", " " + row[1]
        room = right - pdf.l_margin - pdf.get_string_width(title + page)
        leader = "." * max(3, int(room / pdf.get_string_width(".")))
        pdf.cell(0, LINE_MM, title + leader, new_x="LMARGIN")
        pdf.cell(0, LINE_MM, page, align="R", new_x="LMARGIN", new_y="NEXT")


def _widths(pdf: FPDF, n_columns: int) -> list[float]:
    usable = pdf.w - pdf.l_margin - pdf.r_margin - LABEL_MM
    figure = min(FIGURE_MM, usable / max(1, n_columns - 1))
    return [LABEL_MM] + [figure] * (n_columns - 1)


def _draw_table(
    pdf: FPDF, block: Block, pages: dict[int, int], *, ruled: bool, break_after: int | None
) -> None:
    rows = [(number, cells(raw)) for number, raw in block.lines]
    rows = [(number, row) for number, row in rows if row]
    widths = _widths(pdf, max(len(row) for _, row in rows))
    pdf.set_font("DejaVu", "", TABLE_PT)
    pdf.ln(LINE_MM / 2)
    for index, (number, row) in enumerate(rows):
        if break_after is not None and index == break_after:
            pdf.add_page()
        pdf.set_font("DejaVu", "B" if _bold(block.lines[0][1]) and index == 0 else "", TABLE_PT)
        wrapped = [_wrap(pdf, cell, width - 4) for cell, width in zip(row, widths, strict=False)]
        height = LINE_MM * max(len(lines) for lines in wrapped)
        _room_for(pdf, height)
        pages[number] = pdf.page_no()
        _draw_row(pdf, wrapped, widths, height, ruled=ruled)
    pdf.ln(LINE_MM / 2)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` wrapped greedily at spaces to ``width`` mm (a word wider than that is cut), as
    Word does; fpdf2's own multi_cell is too slow for a test suite."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and pdf.get_string_width(candidate) <= width:
            lines[-1] = candidate
        else:
            lines += _cut(pdf, word, width)
    return lines or [""]


def _cut(pdf: FPDF, word: str, width: float) -> list[str]:
    pieces = [""]
    for char in word:
        if pieces[-1] and pdf.get_string_width(pieces[-1] + char) > width:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _draw_row(
    pdf: FPDF, wrapped: list[list[str]], widths: list[float], height: float, *, ruled: bool
) -> None:
    x, y = pdf.l_margin, pdf.get_y()
    for lines, width in zip(wrapped, widths, strict=False):
        align = "R" if all(_FIGURE.match(line) for line in lines if line) else "L"
        for offset, line in enumerate(lines):
            pdf.set_xy(x + 1, y + offset * LINE_MM)
            pdf.cell(width - 2, LINE_MM, line, align=align)
        if ruled:
            pdf.rect(x, y, width, height)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)
