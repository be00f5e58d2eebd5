"""Re-print a seed referat in the layouts other converters produce (metamorphic test input).

Every function takes the text of a referat (str) and returns text (str). The structural ones
(``pdftotext_layout``, ``pipes``, ``tabs``, ``capital_headings``, ``running_footers``) take a
referat in one of the seeds' layouts and locate its structure with ``parse_referat``; the purely
textual ones (``indented``, ``crlf``) take any text, so they can be applied on top. ``render``
is the one engine behind them: each named layout is a preset of its keywords, and any mix of
keywords is a combined layout.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from pipeline.extract import parse_referat
from pipeline.models import Referat

WIDTH = 95
"""pdftotext -layout wraps KL's body text at about this many characters."""
PAGE_LINES = 55
"""Lines per page before a page break is placed (at the next blank line)."""
INDENT = 6
"""pdftotext's left margin for KL's PDFs."""
TOC_PAGE_COLUMN = 90
"""The column the contents list's page numbers end at (right-aligned)."""
GAP = 4
"""Spaces between the columns of a space-aligned table (pdftotext leaves at least 2)."""

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")  # fmt: skip

_MARKUP = (
    (re.compile(r"^\s*#+\s*"), ""),
    (re.compile(r"</?(?:b|sub|sup|i|u)>"), ""),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),  # bold; a lone ``**`` or ``***`` is a footnote marker
    (re.compile(r"^(?P<lead>\s*)\*\*(?=[^\s*])|(?<=[^\s*])\*\*$"), r"\g<lead>"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
)
_NUMBER_CELL = re.compile(r"[-–]?\d[\d.,]*\s*\d*\*?%?")
_AMOUNT = re.compile(r"\d[\d.,]*(?: (?:mio\.|mia\.|mill\.))? (?:kr\.|DKK)|DKK \d[\d.,]*")
_GLUE = "\u2060"  # placeholder for a space wrapping must not break at


# --------------------------------------------------------------------------- named layouts


def pdftotext_layout(text: str, *, wrap_amounts: bool = False) -> str:
    """What ``pdftotext -layout`` prints from KL's PDF: no markup, every line indented, long
    paragraphs wrapped, a contents list with dot leaders and right-aligned page numbers, tables
    as columns aligned by spaces, group headings in capitals, form feeds with a running footer
    every page, and page breaks inside the quota/SOSU tables and the attendance block."""
    return render(
        text,
        strip_markup=True,
        tables="spaces",
        toc="dots",
        capitals=True,
        wrap=WIDTH,
        wrap_amounts=wrap_amounts,
        footers=True,
        breaks_inside=True,
        indent=INDENT,
    )


def pdftotext_all(text: str) -> str:
    """``pdftotext_layout`` with everything: amounts wrapped too, and CRLF line ends."""
    return crlf(pdftotext_layout(text, wrap_amounts=True))


def pipes(text: str) -> str:
    """Every table (and the contents list) as a markdown pipe table with a border row."""
    return render(text, tables="pipes", toc="pipes")


def tabs(text: str) -> str:
    """Every table (and the contents list) tab-separated, as seeds 000 and 002."""
    return render(text, tables="tabs", toc="tabs")


def capital_headings(text: str) -> str:
    """The group headings of the agenda (``3. Regionalpolitiske sager``) in capitals."""
    return render(text, capitals=True)


def running_footers(text: str) -> str:
    """A running footer and a form feed every page, and page breaks inside the quota/SOSU
    tables and the attendance block."""
    return render(text, footers=True, breaks_inside=True)


def indented(text: str, n: int = INDENT) -> str:
    """Every non-empty line indented by ``n`` spaces (after any form feed)."""
    out = []
    for line in text.split("\n"):
        ff = "\f" if line.startswith("\f") else ""
        rest = line.removeprefix("\f")
        out.append(ff + (" " * n + rest if rest.strip() else rest))
    return "\n".join(out)


def crlf(text: str) -> str:
    """Windows line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


LAYOUTS = {
    "pdftotext_layout": pdftotext_layout,
    "pdftotext_wrap_amounts": lambda t: pdftotext_layout(t, wrap_amounts=True),
    "pipes": pipes,
    "tabs": tabs,
    "capital_headings": capital_headings,
    "indented": indented,
    "crlf": crlf,
    "running_footers": running_footers,
    "pdftotext_all": pdftotext_all,
}
"""Every layout by name, the combination of all last."""


# --------------------------------------------------------------------------- the engine


@dataclass
class _Out:
    """The rendered lines, and the lines (1-based) after which a page break is forced."""

    lines: list[str]
    force_break_after: set[int]


def render(
    text: str,
    *,
    strip_markup: bool = False,
    tables: str = "keep",
    toc: str = "keep",
    capitals: bool = False,
    wrap: int | None = None,
    wrap_amounts: bool = False,
    footers: bool = False,
    breaks_inside: bool = False,
    indent: int = 0,
) -> str:
    """The seed ``text`` re-printed; see the named layouts for what each keyword does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    raw = text.split("\n")
    referat = parse_referat(text.encode("utf-8"), "render.txt")
    toc_lines = {e.line for e in referat.toc}
    toc_header = _toc_header_lines(raw, toc_lines)
    group_lines = {h.line for h in referat.headings if "." not in h.number}
    table_runs = _table_runs(raw, toc_lines | toc_header)
    forced_rows = _forced_table_breaks(referat) if breaks_inside else set()
    forced_rows |= _forced_attendance_break(referat) if breaks_inside else set()

    out = _Out([], set())
    number = 1
    while number <= len(raw):
        line = raw[number - 1]
        if number in table_runs:
            last = table_runs[number]
            _render_table(raw[number - 1 : last], tables, strip_markup, number,
                                     forced_rows, out)  # fmt: skip
            number = last + 1
            continue
        if number in toc_header and toc != "keep":
            number += 1
            continue
        if number in toc_lines and toc != "keep":
            entry = next(e for e in referat.toc if e.line == number)
            if toc == "pipes" and number == min(toc_lines):
                out.lines += ["| | |", "|---|-----------|"]
            out.lines += _toc_line(entry.number, entry.title, entry.page, toc)
            number += 1
            continue
        if strip_markup:
            line = _strip(line)
        if capitals and number in group_lines:
            line = line.upper() if strip_markup else _upper_keeping_markup(line)
        if wrap and len(line) > wrap:
            out.lines += _wrap(line, wrap, wrap_amounts)
        else:
            out.lines.append(line)
        if number in forced_rows:
            out.force_break_after.add(len(out.lines))
        number += 1
    lines = _paginate(out, referat) if footers else out.lines
    text = "\n".join(lines)
    return indented(text, indent) if indent else text


def _strip(line: str) -> str:
    for pattern, replacement in _MARKUP:
        line = pattern.sub(replacement, line)
    return line.rstrip()


def _upper_keeping_markup(line: str) -> str:
    return re.sub(r"(?<![<\/])\b([^\W\d_][\w]*)", lambda m: m.group(1).upper(),
                  line).replace("<B>", "<b>").replace("</B>", "</b>")  # fmt: skip


# --------------------------------------------------------------------------- contents list


def _toc_header_lines(raw: list[str], toc_lines: set[int]) -> set[int]:
    """The pipe-table header of a contents list (``| | |`` and its border), when it has one."""
    if not toc_lines:
        return set()
    first = min(toc_lines)
    return {n for n in (first - 2, first - 1) if n >= 1 and raw[n - 1].startswith("|")}


def _toc_line(number: str | None, title: str, page: int | None, style: str) -> list[str]:
    label = f"{number}. {title}" if number else title
    page_text = "" if page is None else str(page)
    if style == "pipes":
        return [f"| {label}..... | {page_text} |"]
    if style == "tabs":
        return [f"{label}.....\t{page_text}"]
    first: list[str] = []
    room = TOC_PAGE_COLUMN - len(page_text) - 6
    if len(label) > room:  # a long title wraps; the leaders and the page go with its last line
        parts = textwrap.wrap(label, room)
        first, label = parts[:-1], parts[-1]
    leaders = "." * max(3, TOC_PAGE_COLUMN - len(page_text) - len(label) - 2)
    return [*first, f"{label} {leaders} {page_text}".rstrip()]


# --------------------------------------------------------------------------- tables


def _is_table_line(line: str) -> bool:
    return "\t" in line or (line.lstrip().startswith("|") and line.count("|") >= 2)


def _table_runs(raw: list[str], skip: set[int]) -> dict[int, int]:
    """First line -> last line of every run of tab or pipe lines outside the contents list."""
    runs, start = {}, None
    for number, line in enumerate([*raw, ""], 1):
        inside = number <= len(raw) and number not in skip and _is_table_line(line)
        if inside and start is None:
            start = number
        elif not inside and start is not None:
            runs[start] = number - 1
            start = None
    return runs


def _cells(line: str) -> list[str]:
    if line.lstrip().startswith("|"):
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in line.split("\t")]


def _is_border(cells: list[str]) -> bool:
    return any(cells) and all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c)


def _is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(_strip(cell)))


def _render_table(lines, style, strip_markup, first, forced_rows, out: _Out) -> None:
    """Append one table to ``out`` in ``style`` (keep, tabs, pipes, spaces)."""
    numbered = [(first + i, _cells(line)) for i, line in enumerate(lines)]
    if style == "keep":
        for number, line in zip(range(first, first + len(lines)), lines, strict=True):
            out.lines.append(_strip(line) if strip_markup else line)
            if number in forced_rows:
                out.force_break_after.add(len(out.lines))
        return
    rows = [(n, c) for n, c in numbered if not _is_border(c)]
    if strip_markup or style == "spaces":
        rows = [(n, [_strip(c) for c in cells]) for n, cells in rows]
    width = max(len(c) for _, c in rows)
    rows = [(n, c + [""] * (width - len(c))) for n, c in rows]
    first_data = next((i for i, (_, c) in enumerate(rows) if any(map(_is_number, c[1:]))), 0)
    had_border = any(_is_border(c) for _, c in numbered)
    header_count = first_data if first_data or not had_border else 1
    rendered = _grid(rows, header_count, style)
    for (number, _), text in zip(rows, rendered, strict=True):
        out.lines.append(text)
        if style == "pipes" and rows.index((number, _)) == max(header_count, 1) - 1:
            out.lines.append("|" + "|".join("---" for _ in range(width)) + "|")
        if number in forced_rows:
            out.force_break_after.add(len(out.lines))


def _grid(rows, header_count: int, style: str) -> list[str]:
    if style == "tabs":
        return ["\t".join(cells).rstrip("\t") if any(cells[1:]) else "\t".join(cells)
                for _, cells in rows]  # fmt: skip
    if style == "pipes":
        return ["| " + " | ".join(cells) + " |" for _, cells in rows]
    return _space_grid([c for _, c in rows], header_count)


def _space_grid(rows: list[list[str]], header_count: int) -> list[str]:
    """Columns aligned by spaces: the label column left-aligned and padded, figures
    right-aligned; a header cell that spans the empty cells to its right stands left over
    them."""
    ncols = len(rows[0])
    widths = [0] * ncols
    spans: list[list[tuple[int, int, str]]] = []
    for index, cells in enumerate(rows):
        row_spans = []
        for col, cell in enumerate(cells):
            if not cell:
                continue
            end = col
            if index < header_count and col > 0:
                while end + 1 < ncols and not cells[end + 1]:
                    end += 1
            row_spans.append((col, end, cell))
            if end == col:
                widths[col] = max(widths[col], len(cell))
        spans.append(row_spans)
    for row_spans in spans:  # a spanning header cell wider than its columns widens the last
        for col, end, cell in row_spans:
            room = sum(widths[col : end + 1]) + GAP * (end - col)
            if end > col and len(cell) > room:
                widths[end] += len(cell) - room
    starts = [0] * ncols
    for col in range(1, ncols):
        starts[col] = starts[col - 1] + widths[col - 1] + GAP
    out = []
    for index, row_spans in enumerate(spans):
        line = ""
        for col, end, cell in row_spans:
            if col == 0 or (index < header_count and end > col):
                start = starts[col]
            else:
                start = starts[col] + widths[col] - len(cell)
            line = line.ljust(start) + (" " if line and len(line) >= start else "") + cell
        out.append(line.rstrip())
    return out


# --------------------------------------------------------------------------- wrapping


def _wrap(line: str, width: int, wrap_amounts: bool) -> list[str]:
    """A long paragraph wrapped at spaces; numbers are never broken, and an amount stays with
    its number and unit unless ``wrap_amounts``."""
    lead = len(line) - len(line.lstrip(" "))
    body = line.strip()
    if not wrap_amounts:
        body = _AMOUNT.sub(lambda m: m.group(0).replace(" ", _GLUE), body)
    parts = textwrap.wrap(body, width, break_long_words=False, break_on_hyphens=False)
    return [" " * lead + p.replace(_GLUE, " ") for p in parts]


# --------------------------------------------------------------------------- pages


def _forced_table_breaks(referat: Referat) -> set[int]:
    """Source lines after which a page break goes: the middle data row of every quota or SOSU
    table (a refugee item's table, or a table whose columns name a SOSU education)."""
    rows = set()
    for item in referat.items:
        for table in item.tables:
            sosu = any(re.search(r"hjælper|assistent", c, re.I) for c in table.columns)
            if ("flygtning" in item.title.lower() or sosu) and len(table.rows) >= 3:
                rows.add(table.rows[len(table.rows) // 2 - 1].line)
    return rows


def _forced_attendance_break(referat: Referat) -> set[int]:
    """The source line after which a page break goes inside the attendance block."""
    lists = [a for a in referat.attendance or () if len([x for x in a.lines if x.text]) >= 4]
    if not lists:
        return set()
    people = [x for x in lists[0].lines if x.text]
    return {people[len(people) // 2 - 1].number}


def _footer(referat: Referat) -> str:
    date = referat.header.meeting_date
    return (
        f"KKR {referat.header.region} | Referat | {date.day}. {MONTHS[date.month - 1]} {date.year}"
    )


def _paginate(out: _Out, referat: Referat) -> list[str]:
    """Pages of about ``PAGE_LINES`` lines (broken at a blank line, or where forced), each
    ending in the running footer and ``Side N af M``; the next page starts with a form feed."""
    pages: list[list[str]] = [[]]
    for index, line in enumerate(out.lines, 1):
        pages[-1].append(line)
        full = len(pages[-1]) >= PAGE_LINES and not line.strip()
        if index in out.force_break_after or full:
            pages.append([])
    pages = [p for p in pages if p]
    total = len(pages)
    lines: list[str] = []
    for n, page in enumerate(pages, 1):
        body = ["\f" + page[0], *page[1:]] if n > 1 else page
        lines += [*body, "", _footer(referat), f"Side {n} af {total}"]
    return lines
