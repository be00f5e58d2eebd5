"""Reading a referat PDF: the text of every page with its horizontal layout kept, as
``pdftotext -layout`` prints it, so the rest of the pipeline reads a PDF as one more converter's
text. Pages are joined by a form feed (``segment.page_numbers`` counts them); on a page, one text
line per visual line, top to bottom, every piece of text at a character column proportional to its
x position, so a table's columns line up across rows and right-aligned figures stay right-aligned.

Built on pypdfium2 (PDFium): per character its text, box and baseline, grouped here into lines
and column segments. ``bench/bench_pdf.py`` compares it with pdfplumber and poppler.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import InputError

POINTS_PER_COLUMN = 4.0
"""Width of one character column in points. Below the width of nearly every glyph of a 9-11 pt
body font, so a piece of text never needs more columns than the space it covers on the page and
columns do not drift (a line is at most 595 / 4 = 149 columns on A4)."""

LINE_TOLERANCE_PT = 2.0
"""Characters whose font boxes' bottoms differ by at most this much stand on one visual line."""

WORD_GAP_PT = 1.0
"""A horizontal gap between two characters wider than this is a space."""

COLUMN_GAP_PT = 4.5
"""A gap wider than this separates two column segments (table cells, a figure after its label):
wider than a word space of a 9-11 pt font (2.5-3.5 pt), narrower than Word's cell padding."""

COLUMN_SPACES = 2
"""At least this many spaces are kept between two segments, so a space-aligned table reader
always sees the column gap even when a long label pushes the next cell."""

PARAGRAPH_GAP = 1.6
"""A blank line is written where the gap between two baselines exceeds this many line heights."""

FIGURE = re.compile(r"[-–+]?\d[\d.,]*(?:\s?%)?")
"""A segment that is one figure (``1.776``, ``36,0``, ``11%``): placed by its right edge."""


PDFIUM_CHARACTERS = str.maketrans({"\ufffe": "-", "\x02": "-"})
"""PDFium reports a hyphen that ends a line as U+FFFE (older builds: U+0002); here it is the
``-`` that ``join_prose`` rejoins (``indika-`` / ``tioner``). Ligatures (``ﬁ``) PDFium splits."""


class Glyph(NamedTuple):
    """One character on a page: its text, left and right edge, the bottom of its font box (the
    same for every glyph of a font size on one baseline) and the box's height, in points."""

    text: str
    left: float
    right: float
    baseline: float
    height: float


@dataclass(frozen=True)
class Segment:
    """Text on one line between two column gaps, with its left and right edge (pt)."""

    text: str
    left: float
    right: float


CONVERTER_VERSION = f"1-pypdfium2-{pdfium.PYPDFIUM_INFO.version}"
"""Part of the cache key: bump it when :func:`pdf_text` changes what it writes."""

CACHE_DIR = Path(
    os.environ.get("KKR_CACHE_DIR") or Path(__file__).resolve().parents[2] / ".cache" / "pdf-text"
)
"""Where converted text is kept, one file per PDF (by SHA-256) and converter version; git-ignored.
``KKR_CACHE_DIR`` overrides it."""


def cached_text(data: bytes, source: str, cache_dir: Path | None = None) -> str:
    """:func:`pdf_text` of ``data``, converted once: the text is kept under its SHA-256, so a
    rebuild does not convert again. A cache that cannot be written is skipped, not an error."""
    folder = cache_dir or CACHE_DIR
    path = folder / f"{hashlib.sha256(data).hexdigest()}-{CONVERTER_VERSION}.txt"
    try:
        return path.read_text("utf-8")
    except OSError:
        pass
    text = pdf_text(data, source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, "utf-8")
        partial.replace(path)
    except OSError:
        pass
    return text


def pdf_text(data: bytes, source: str) -> str:
    """The text of a referat PDF, pages joined by ``\\f``, layout kept (see the module doc).

    Raises :class:`InputError` naming ``source`` when the bytes are not a PDF, are truncated or
    corrupt, are password-protected, or carry no text layer (a scan that needs OCR).
    """
    _check_envelope(data, source)
    document = _document_glyphs(data, source)
    if not any(document):
        raise InputError(f"{source}: PDF has no text layer (a scanned referat?); it needs OCR")
    margin = min(glyph.left for glyphs in document for glyph in glyphs)
    pages = [page_lines(glyphs, margin) for glyphs in document]
    return "\f".join("\n".join(page) + "\n" for page in pages)


ENVELOPE: tuple[tuple[str, str], ...] = (
    ("head", "not a PDF (no %PDF- header)"),
    ("tail", "truncated PDF (no %%EOF end marker)"),
)
"""Checks on the bytes before PDFium sees them: PDFium repairs a truncated file silently and
would return part of the referat."""


def _check_envelope(data: bytes, source: str) -> None:
    present = {"head": b"%PDF-" in data[:1024], "tail": b"%%EOF" in data[-2048:]}
    for check, reason in ENVELOPE:
        if not present[check]:
            raise InputError(f"{source}: {reason}")


def _document_glyphs(data: bytes, source: str) -> list[list[Glyph]]:
    try:
        document = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError, or anything else PDFium's binding raises
        raise InputError(f"{source}: {_open_failure(exc)}") from exc
    try:
        if len(document) == 0:
            raise InputError(f"{source}: PDF has no pages")
        return [_page_glyphs(document[index]) for index in range(len(document))]
    except InputError:
        raise
    except Exception as exc:  # PDFium on a damaged page: any failure is a bad input file
        raise InputError(f"{source}: corrupt PDF, a page cannot be read ({exc})") from exc
    finally:
        document.close()


def _open_failure(exc: Exception) -> str:
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return "PDF is encrypted (password-protected) and cannot be read"
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        return "PDF uses an unsupported security handler and cannot be read"
    return f"corrupt PDF, cannot be opened ({exc})"


def _page_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    textpage = page.get_textpage()
    try:
        return list(_glyphs(textpage))
    finally:
        textpage.close()
        page.close()


def _glyphs(textpage: pdfium.PdfTextPage) -> Iterator[Glyph]:
    raw, box = textpage.raw, pdfium_c.FS_RECTF()
    for index, char in enumerate(_page_chars(textpage)):
        if char.isspace():
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        yield Glyph(char, box.left, box.right, box.bottom, box.top - box.bottom)


def _page_chars(textpage: pdfium.PdfTextPage) -> str:
    """One character per index: the page's text in one call, else character by character
    (where PDFium's text is not one UTF-16 unit per character)."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:
        text = "".join(
            chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
        )
    return text.translate(PDFIUM_CHARACTERS)


def page_lines(glyphs: Sequence[Glyph], margin: float) -> list[str]:
    """The text lines of one page's glyphs, top to bottom, with a blank line at a paragraph
    gap; columns counted from ``margin`` (pt), the document's leftmost glyph, so a table cut by
    a page break keeps its columns."""
    rows = visual_lines(glyphs)
    out: list[str] = []
    for previous, row in zip([None, *rows], rows, strict=False):
        if previous and previous[0].baseline - row[0].baseline > PARAGRAPH_GAP * _height(previous):
            out.append("")
        out.append(place(segments(row), margin))
    return out


def _height(row: Sequence[Glyph]) -> float:
    return max(g.height for g in row)


def visual_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline (within ``LINE_TOLERANCE_PT``), top line first, each line
    left to right."""
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.baseline):
        if rows and rows[-1][0].baseline - glyph.baseline <= LINE_TOLERANCE_PT:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [sorted(row, key=lambda g: g.left) for row in rows]


def segments(row: Sequence[Glyph]) -> list[Segment]:
    """A line's glyphs (left to right) as segments split at column gaps."""
    groups: list[list[Glyph]] = [[row[0]]] if row else []
    for before, glyph in pairwise(row):
        if glyph.left - before.right > COLUMN_GAP_PT:
            groups.append([glyph])
        else:
            groups[-1].append(glyph)
    return [_segment(group) for group in groups]


def _segment(glyphs: Sequence[Glyph]) -> Segment:
    """Glyphs as one segment, a space wherever the gap between two is a word gap."""
    pairs = pairwise(glyphs)
    text = glyphs[0].text + "".join(
        (" " if glyph.left - before.right > WORD_GAP_PT else "") + glyph.text
        for before, glyph in pairs
    )
    return Segment(text, glyphs[0].left, max(glyph.right for glyph in glyphs))


def place(parts: Sequence[Segment], margin: float) -> str:
    """Segments at their character columns: text by its left edge, a figure by its right edge;
    a segment that would overlap the one before moves right, keeping ``COLUMN_SPACES``."""
    line = ""
    for part in parts:
        if FIGURE.fullmatch(part.text):
            column = round((part.right - margin) / POINTS_PER_COLUMN) - len(part.text)
        else:
            column = round((part.left - margin) / POINTS_PER_COLUMN)
        column = max(column, len(line) + COLUMN_SPACES if line else 0)
        line = line.ljust(column) + part.text
    return line
