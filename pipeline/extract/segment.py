"""Segmenting a referat by its structure: meeting header, table of contents, attendance block,
numbered headings, agenda items and their sections. Works on cleaned lines and keeps every
original line number; nothing here depends on a file name or on a known value."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from pipeline.constants import REGIONS
from pipeline.errors import InputError
from pipeline.extract import patterns as p
from pipeline.extract.tables import find_tables
from pipeline.models import (
    AgendaItem,
    AttendanceList,
    FindingRow,
    Heading,
    MeetingHeader,
    Section,
    TextLine,
    TocEntry,
    text_lines,
)
from pipeline.rules import RuleMatch, first_match
from pipeline.text import (
    clean_and_layout,
    fold,
    is_page_furniture,
    parse_date,
    parse_time,
)

HEADER_WINDOW = 60
"""The meeting header stands on the first page: only this many lines are searched for it."""


RUNNING_REPEATS = 3
"""A line is a running page header or footer when it recurs this often, always at a page break."""
PAGE_EDGE = 2
"""How many lines from a page break a running header or footer may stand."""
TOC_ENTRY_LINES = 3
"""A contents entry wraps over at most this many lines (Word and PDF wrap a long title)."""


def normalise_lines(raw_lines: Sequence[str]) -> tuple[TextLine, ...]:
    """Cleaned lines, numbered from 1; page headers and footers become blank lines: those the
    footer rules know (``Side 3 af 26``) and any line that recurs at every page break it
    stands by (``KKR Nordjylland | Referat | 11. juni 2021``)."""
    texts, layouts = clean_and_layout(raw_lines)
    furniture = [bool(text) and is_page_furniture(text) for text in texts]
    breaks = [i for i, (raw, text) in enumerate(zip(raw_lines, furniture, strict=True))
              if text or "\f" in raw]  # fmt: skip
    running = _running_lines(texts, breaks)
    pages = page_numbers(raw_lines)
    return text_lines(
        (number, "", "", page)
        if footer or text in running
        else (number, text, layouts[number - 1] if text else "", page)
        for number, (text, footer, page) in enumerate(zip(texts, furniture, pages, strict=True), 1)
    )


def page_numbers(raw_lines: Sequence[str]) -> list[int | None]:
    """The page of each line. From form feeds (a converter's page breaks): text after the n-th
    form feed stands on page n + 1. Else from ``Side N`` footers: the lines down to the footer
    of page N stand on page N. None for every line of a text that tells neither."""
    if any("\f" in raw for raw in raw_lines):
        return _pages_from_form_feeds(raw_lines)
    footers = [(i, m) for i, raw in enumerate(raw_lines) if (m := SIDE_N.fullmatch(raw.strip()))]
    if not footers:
        return [None] * len(raw_lines)
    pages: list[int | None] = []
    for index, match in footers:
        pages += [int(match["page"])] * (index + 1 - len(pages))
    return pages + [int(footers[-1][1]["page"]) + 1] * (len(raw_lines) - len(pages))


SIDE_N = re.compile(r"(?:side|page)\s+(?P<page>\d+)(?:\s*(?:af|/|of)\s*\d+)?", re.I)
"""A page footer naming its page: ``Side 3 af 26``, ``Side 3``."""


def _pages_from_form_feeds(raw_lines: Sequence[str]) -> list[int | None]:
    pages, page = [], 1
    for raw in raw_lines:
        content = raw.lstrip("\f \t")
        page += raw[: len(raw) - len(content)].count("\f")  # breaks before the line's text
        pages.append(page)
        page += content.count("\f")  # breaks after it
    return pages


def _running_lines(texts: Sequence[str], breaks: Sequence[int]) -> set[str]:
    near_break = {i for b in breaks for i in range(b - PAGE_EDGE, b + PAGE_EDGE + 1)}
    seen: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if text:
            seen.setdefault(text, []).append(index)
    return {
        text for text, where in seen.items()
        if len(where) >= RUNNING_REPEATS and all(i in near_break for i in where)
    }  # fmt: skip


def number_key(number: str) -> tuple[int, ...]:
    """``"3.10"`` as ``(3, 10)``, so item numbers compare in reading order."""
    return tuple(int(part) for part in number.split("."))


# --------------------------------------------------------------------------- header


def find_header(lines: Sequence[TextLine], source: str) -> MeetingHeader:
    """The meeting header: which KKR, date, start time and location.

    Raises :class:`InputError` when the first page names no KKR or no meeting date: such a file
    is not a referat.
    """
    top = [line for line in lines[:HEADER_WINDOW] if line.text]
    kkr = next((x for x in top if _region_of(x.text)), None)
    if kkr is None:
        raise InputError(f"{source}: not a referat (no 'KKR <region>' line on the first page)")
    dated = [(x, parse_date(value)) for x, value in _labelled(top, p.DATE_LINE)]
    dated = [(x, date) for x, date in dated if date]
    if not dated:
        raise InputError(f"{source}: not a referat (no meeting date 'Dato: dd-mm-yyyy')")
    date_line, meeting_date = dated[0]
    times = [
        parse_time(v) for _, v in _labelled(top, p.DATE_LINE) + _labelled(top, p.START_TIME_LINE)
    ]
    locations = [v for _, v in _labelled(top, p.LOCATION_LINE)]
    return MeetingHeader(
        kkr_line=kkr.number,
        region=_region_of(kkr.text) or "",
        meeting_date=meeting_date,
        start_time=next((t for t in times if t), None),
        location=locations[0] if locations and locations[0] else None,
        date_line=date_line.number,
    )


def _region_of(text: str) -> str | None:
    match = first_match(p.KKR_LINE, text, whole=True)
    if match is None:
        return None
    name = match.fields["region"].casefold()
    return next((r for r in REGIONS if r.casefold() == name), None)


def _labelled(top: Sequence[TextLine], rules: tuple) -> list[tuple[TextLine, str]]:
    """The lines of ``top`` that ``rules`` match, with the value after the label."""
    matches = ((line, first_match(rules, line.text, whole=True)) for line in top)
    return [(line, fold(m.fields.get("value", ""))) for line, m in matches if m]


# --------------------------------------------------------------------------- contents


def find_toc(lines: Sequence[TextLine], start: int) -> tuple[TocEntry, ...]:
    """The table of contents: the first run of entry lines (title + page number) after line
    ``start`` and before the body begins (the attendance heading, a sag number or a section
    heading). Blank lines and pipe-table borders inside the run are skipped; an entry wrapped
    over lines is read as one (see :func:`_toc_match`). A run that does not look like contents
    (mostly numbered entries, pages in order) is a table, not the contents."""
    entries: list[TocEntry] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if _starts_body(line.text):
            break
        if not line.text or set(line.text) <= set("|-: "):
            index += 1
            continue
        match, used = _toc_match(lines, index, first=not entries)
        if match is None:
            if entries:
                break
            index += 1
            continue
        entries.append(_toc_entry(match.fields["title"], int(match.fields["page"]), line.number))
        index += used
    return tuple(entries) if _looks_like_contents(entries) else ()


def _toc_match(
    lines: Sequence[TextLine], index: int, *, first: bool
) -> tuple[RuleMatch | None, int]:
    """The contents entry that starts at ``lines[index]``, and how many lines it takes.

    An entry is one line, or (Word and PDF wrap a long title) a title line without a page
    number followed by up to :data:`TOC_ENTRY_LINES` - 1 lines, the last of which ends the
    entry with its page number. A wrapped entry starts with a numbered title (or follows other
    entries); none of its later lines is blank or opens an entry or the body of its own."""
    joined, layout_joined = "", ""
    for used, line in enumerate(lines[index : index + TOC_ENTRY_LINES], 1):
        if not line.text or (used > 1 and _starts_toc_entry(line.text)):
            break
        joined = f"{joined} {line.text}".strip()
        layout_joined = f"{layout_joined} {line.layout.strip()}".strip()
        match = first_match(p.TOC_LINE, joined, whole=True) or first_match(
            p.TOC_LAYOUT_LINE, layout_joined, whole=True
        )
        if match:
            return match, used
        if used == 1 and first and first_match(p.NUMBERED, line.text, whole=True) is None:
            break
    return None, 1


def _starts_toc_entry(text: str) -> bool:
    """A line that opens an entry (a numbered title) or the body, never continues one."""
    numbered = first_match(p.NUMBERED, text, whole=True)
    return bool(
        (numbered and p.HEADING_TITLE.match(numbered.fields["title"])) or _starts_body(text)
    )


def _starts_body(text: str) -> bool:
    return bool(
        p.ATTENDANCE_HEADING.fullmatch(text)
        or p.SECTION_HEADING.fullmatch(text)
        or first_match(p.SAG_LINE, text)
    )


def _looks_like_contents(entries: Sequence[TocEntry]) -> bool:
    pages = [e.page for e in entries]
    numbered = sum(e.number is not None for e in entries)
    return len(entries) >= 2 and 2 * numbered >= len(entries) and pages == sorted(pages)


def _toc_entry(title: str, page: int, number: int) -> TocEntry:
    numbered = first_match(p.NUMBERED, fold(title), whole=True)
    if numbered:
        return TocEntry(numbered.fields["number"], numbered.fields["title"], page, number)
    return TocEntry(None, fold(title), page, number)


# --------------------------------------------------------------------------- headings


def find_headings(
    lines: Sequence[TextLine], start: int, toc: Sequence[TocEntry]
) -> tuple[Heading, ...]:
    """Numbered headings of the body, in reading order, from line number ``start`` on.

    A numbered line is a heading when its number comes after the previous heading's and either
    the table of contents lists it under a similar title, or the next line shows it opens an
    item (a sag number, a section heading, or a sub-item of it), or it stands alone as a point
    of its own (see :func:`_stands_alone`). That keeps numbered lists in running text
    (``1. At sammentænke ...``) out.
    """
    toc_titles = {e.number: e.title for e in toc if e.number}
    headings: list[Heading] = []
    for index in range(start, len(lines)):
        candidate = _numbered(lines[index])
        if candidate is None:
            continue
        previous = headings[-1] if headings else None
        if previous and number_key(candidate.number) <= number_key(previous.number):
            continue
        candidate = _wrapped_heading(candidate, toc_titles.get(candidate.number), lines, index)
        listed = _in_list(lines, index, previous)
        if (
            _same_title(toc_titles.get(candidate.number), candidate.title)
            or _opens_item(candidate, _next_text(lines, index + candidate.title_lines - 1), listed)
            or (
                candidate.number not in toc_titles
                and not listed
                and _stands_alone(candidate, previous, lines, index)
            )
        ):
            headings.append(candidate)
    return tuple(headings)


def _wrapped_heading(
    heading: Heading, toc_title: str | None, lines: Sequence[TextLine], index: int
) -> Heading:
    """``heading`` with its title wrapped over the lines right after it, as far as they go on
    the title the contents give it (a title too long for one line, ``2.4. Godkendelse af notat
    om ... til`` / ``telemedicinsk hjemmemonitorering ...``). Without a contents title, or when
    the next line does not continue it, the heading stays one line."""
    if toc_title is None:
        return heading
    target, title, taken = fold(toc_title).casefold(), heading.title, 1
    for line in lines[index + 1 : index + TOC_ENTRY_LINES]:
        longer = fold(f"{title} {line.text}")
        if not line.text or not target.startswith(longer.casefold()):
            break
        title, taken = longer, taken + 1
    return dataclasses.replace(heading, title=title, title_lines=taken)


def _in_list(lines: Sequence[TextLine], index: int, previous: Heading | None) -> bool:
    """True when the numbered line at ``index`` goes on a list: the line before it introduces
    one (``KKR skal:``) or is itself a numbered line that is not the heading before it."""
    before = next((line for line in reversed(lines[:index]) if line.text), None)
    if before is None:
        return False
    numbered = _numbered(before) is not None
    return bool(p.LIST_INTRO.search(before.text)) or (
        numbered and (previous is None or previous.line != before.number)
    )


def _stands_alone(
    candidate: Heading, previous: Heading | None, lines: Sequence[TextLine], index: int
) -> bool:
    """A numbered point with no SAG line or section heading after it is an item when its number
    is the next one the agenda can have (``N+1``, ``N.1``, ``N.k+1``), its line reads as a title
    and the next line is text, not another numbered line. The caller checks that it goes on no
    list (:func:`_in_list`) and that no contents list names the number under another title."""
    after = _next_text(lines, index)
    return (
        number_key(candidate.number) in next_numbers(previous)
        and bool(p.STANDALONE_TITLE.fullmatch(candidate.title))
        and bool(after)
        and first_match(p.NUMBERED, after, whole=True) is None
    )


def next_numbers(previous: Heading | None) -> set[tuple[int, ...]]:
    """The numbers a point after ``previous`` can have: a sibling at any level (``3.4`` ->
    ``3.5``, ``4``), the first point under it or under the next group (``3.4.1``, ``4.1``); the
    first point of an agenda is ``1`` or ``1.1``."""
    if previous is None:
        return {(1,), (1, 1)}
    key = number_key(previous.number)
    siblings = {(*key[:level], key[level] + 1) for level in range(len(key))}
    return siblings | {(*n, 1) for n in siblings} | {(*key, 1)}


def _numbered(line: TextLine) -> Heading | None:
    if not line.text[:1].isdigit():  # a numbered title starts with its number
        return None
    match = first_match(p.NUMBERED, line.text, whole=True)
    if match is None or "\t" in line.text or len(line.text) > 250:
        return None
    title = fold(match.fields["title"])
    if not p.HEADING_TITLE.match(title):
        return None
    return Heading(match.fields["number"], title, line.number)


def _same_title(toc_title: str | None, title: str) -> bool:
    if toc_title is None:
        return False
    a, b = toc_title.casefold(), title.casefold()
    return a.startswith(b) or b.startswith(a) or fuzz.ratio(a, b) >= 80


def _next_text(lines: Sequence[TextLine], index: int) -> str:
    return next((line.text for line in lines[index + 1 :] if line.text), "")


def _opens_item(heading: Heading, next_text: str, listed: bool) -> bool:
    """A sag number, a sub-item, or (for a line that goes on no list) a section heading next."""
    if first_match(p.SAG_LINE, next_text):
        return True
    if p.SECTION_HEADING.fullmatch(next_text) and not listed:
        return True
    child = first_match(p.NUMBERED, next_text, whole=True)
    return bool(child) and child.fields["number"].startswith(heading.number + ".")


# --------------------------------------------------------------------------- attendance


def find_attendance(
    lines: Sequence[TextLine], start: int, end: int
) -> tuple[AttendanceList, ...] | None:
    """The attendance lists between line numbers ``start`` and ``end`` (exclusive): the lines
    under each ``Deltagere`` / ``Afbud`` sub-heading. A blank line (a page break) does not end
    a list; only the next sub-heading or the first agenda heading does. None when the referat
    has no attendance block."""
    lists: list[AttendanceList] = []
    status, heading_line, body = None, 0, []
    for line in lines[start : end - 1]:
        sub = p.ATTENDANCE_SUBHEADING.fullmatch(line.text)
        if sub:
            if status:
                lists.append(AttendanceList(status, heading_line, tuple(body)))
            status = p.ATTENDANCE_SUBHEADING_STATUS[sub["name"].casefold()]
            heading_line, body = line.number, []
        elif status and line.text:
            body.append(line)
    if status:
        lists.append(AttendanceList(status, heading_line, tuple(body)))
    return tuple(lists) if any(a.lines for a in lists) else None


# --------------------------------------------------------------------------- items


def build_items(
    lines: Sequence[TextLine], headings: Sequence[Heading]
) -> tuple[tuple[AgendaItem, ...], list[Heading]]:
    """Agenda items: every heading with text of its own, up to the next heading. Returns the
    items and the headings that have neither text nor sub-items (empty points)."""
    items, empty = [], []
    ends = [h.line - 1 for h in headings[1:]] + [len(lines)]
    for position, (heading, end) in enumerate(zip(headings, ends, strict=True)):
        span = tuple(lines[heading.line + heading.title_lines - 1 : end])
        body = tuple(line for line in span if line.text)
        if body:
            items.append(_item(heading, span, _parent(headings[:position], heading)))
        elif not _has_children(headings[position + 1 :], heading):
            empty.append(heading)
    return tuple(items), empty


def _parent(before: Sequence[Heading], heading: Heading) -> Heading | None:
    return next((h for h in reversed(before) if heading.number.startswith(h.number + ".")), None)


def _has_children(after: Sequence[Heading], heading: Heading) -> bool:
    return any(h.number.startswith(heading.number + ".") for h in after)


def _item(heading: Heading, span: tuple[TextLine, ...], parent: Heading | None) -> AgendaItem:
    """An item from the lines after its heading; its tables are read from all of them, blank
    lines included (a page break inside a table)."""
    body = tuple(line for line in span if line.text)
    sag_no, sections = split_sections(body)
    return AgendaItem(
        item_no=heading.number,
        title=heading.title,
        line=heading.line,
        line_end=body[-1].number,
        group_no=parent.number if parent else None,
        group_title=parent.title if parent else None,
        sag_no=sag_no,
        sections=sections,
        lines=body,
        tables=find_tables(span),
    )


def split_sections(body: Sequence[TextLine]) -> tuple[str | None, tuple[Section, ...]]:
    """The sag number (first lines before any section) and the sections of an item's body.
    A section named twice is one section with both parts."""
    sag_no: str | None = None
    order: list[str] = []
    parts: dict[str, tuple[int, list[TextLine]]] = {}
    current: str | None = None
    for line in body:
        heading = p.SECTION_HEADING.fullmatch(line.text)
        if heading:
            current = heading["name"].casefold()
            if current not in parts:
                order.append(current)
                parts[current] = (line.number, [])
        elif current:
            parts[current][1].append(line)
        elif sag_no is None and (sag := first_match(p.SAG_LINE, line.text)):
            sag_no = sag.fields["sag_no"]
    sections = tuple(Section(n, parts[n][0], tuple(parts[n][1])) for n in order)
    return sag_no, sections


# --------------------------------------------------------------------------- findings


def contents_findings(
    toc: Sequence[TocEntry],
    headings: Sequence[Heading],
    items: Sequence[AgendaItem],
    empty: Sequence[Heading],
    source: str,
    meeting: str,
) -> list[FindingRow]:
    """Where the table of contents and the body disagree, a body that stops before the contents
    do (a file cut off: what is there is kept), and points that have no text."""

    def finding(severity: str, rule: str, line: int, message: str) -> FindingRow:
        return FindingRow(severity, rule, meeting, source, line, message)

    in_body = {h.number for h in headings}
    last = number_key(headings[-1].number) if headings else ()
    missing = [e for e in toc if e.number and e.number not in in_body]
    after_end = [e for e in missing if number_key(e.number) > last]
    findings = [
        finding("warning", "toc_item_missing_in_body", e.line,
                f"contents lists '{e.number}. {e.title}' but the body has no such point")
        for e in missing if e not in after_end
    ]  # fmt: skip
    if after_end:
        listed = ", ".join(f"{e.number}. {e.title}" for e in after_end)
        findings.append(finding("error", "referat_cut_off", headings[-1].line,
            f"the text ends in point {headings[-1].number} (kept as far as it goes), but the "
            f"contents list {len(after_end)} more: {listed}"))  # fmt: skip
    in_toc = {e.number for e in toc if e.number}
    findings += [
        finding("warning", "item_missing_in_toc", i.line,
                f"item '{i.item_no}. {i.title}' is not in the table of contents")
        for i in items if toc and i.item_no not in in_toc
    ]  # fmt: skip
    findings += [
        finding("info", "point_without_text", h.line,
                f"point '{h.number}. {h.title}' has no text and no sub-items: not an item")
        for h in empty
    ]  # fmt: skip
    return findings
