"""Shared text primitives: decoding raw bytes, stripping converter markup, folding whitespace,
dates and times, and joining lines a PDF conversion broke. Every stage calls these; none
re-implements them."""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.errors import InputError
from pipeline.memo import per_referat
from pipeline.rules import Rule, any_match, first_match

# --------------------------------------------------------------------------- decoding

CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
"""A Windows "Unicode" export is UTF-16 with a byte order mark."""
SNIFF_BYTES = 65536
"""How much of a file is looked at to tell text from binary data."""
BINARY_SHARE = 0.05
"""Share of control bytes (other than tab, newline, carriage return, form feed) above which a
file is binary data, not text; a few stray NUL bytes in a text are removed instead."""
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)


def decode(data: bytes, source: str) -> str:
    """Bytes of a raw file as text (see :func:`decode_counting_nul`)."""
    return decode_counting_nul(data, source)[0]


def decode_counting_nul(data: bytes, source: str) -> tuple[str, int]:
    """Bytes of a raw file as text, and how many stray NUL bytes were removed: UTF-16 with a
    BOM (or without one, told by its NUL pattern), UTF-8 (with or without BOM), else cp1252.

    Raises :class:`InputError` for an empty file, binary data or bytes that are neither UTF-8
    nor cp1252.
    """
    encoding = _utf16(data)
    if encoding:
        return _checked(data.decode(encoding, errors="replace").lstrip("\ufeff"), source), 0
    head = data[:SNIFF_BYTES]
    if head and len(head.translate(None, _NOT_CONTROL)) > BINARY_SHARE * len(head):
        nul = " (NUL bytes)" if b"\x00" in head else ""
        raise InputError(f"{source}: binary data{nul}, not text")
    nul_count = data.count(b"\x00")
    data = data.replace(b"\x00", b"")
    try:
        return _checked(data.decode("utf-8-sig"), source), nul_count
    except UnicodeDecodeError:
        pass
    bad = sorted({b for b in data if b in CP1252_UNDEFINED})
    if bad:
        raise InputError(f"{source}: neither UTF-8 nor cp1252 (byte 0x{bad[0]:02X})")
    return _checked(data.decode("cp1252"), source), nul_count


def _utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 text: a BOM, or every other byte of the head NUL."""
    for bom, encoding in UTF16_BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:SNIFF_BYTES]
    even, odd = head[0::2], head[1::2]
    if len(head) >= 16 and even.count(0) <= len(even) // 10:
        return "utf-16-le" if odd.count(0) > len(odd) * 0.9 else None
    if len(head) >= 16 and odd.count(0) <= len(odd) // 10:
        return "utf-16-be" if even.count(0) > len(even) * 0.9 else None
    return None


def _checked(text: str, source: str) -> str:
    if not text.strip():
        raise InputError(f"{source}: empty file")
    return text


def split_lines(text: str) -> list[str]:
    """Lines of a text with CRLF / CR newlines; a form feed (page break) is not a new line, so
    line numbers match what an editor shows."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# --------------------------------------------------------------------------- markup


def _group(name: str | int) -> Callable[[re.Match[str]], str]:
    """What a match becomes: its group ``name`` (empty when that group took no part). A function
    rather than a template (``\\g<lead>``), which Python 3.11 expands in Python for every match."""
    return lambda match: match[name] or ""


Markup = tuple[str, re.Pattern[str], str | Callable[[re.Match[str]], str]]
"""A markup rule: a line without this mark holds no match, the pattern, what a match becomes."""

_MARKUP: tuple[Markup, ...] = (
    ("<", re.compile(r"</?(?:b|i|u|em|strong|sub|sup|span|br)\b[^>]*>", re.I), ""),  # tags
    ("#", re.compile(r"^(?P<lead>\s*)#{1,6}\s+"), _group("lead")),  # markdown headings
    ("**", re.compile(r"\*\*(.+?)\*\*"), _group(1)),  # bold
    ("*", re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), _group(1)),  # emphasis
    # bold left open by a line break: ``**`` against a word at the start or end of a line; a
    # ``*``, ``**`` or ``***`` before a space or another star is a footnote marker, not bold
    ("**", re.compile(r"^(?P<lead>\s*)\*\*(?=[^\s*])|(?<=[^\s*])\*\*\s*$"), _group("lead")),
    ("](", re.compile(r"\[([^\]]*)\]\([^)]*\)"), _group(1)),  # [text](link)
    ("<http", re.compile(r"<(https?://[^>]+)>"), _group(1)),  # <https://...>
)
"""Converter markup and what it becomes, in the order the rules apply."""
_OTHER_SPACE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\v]")
"""A space character other than the plain space (non-breaking, thin, ideographic, ...)."""
_SPACE_RUN = re.compile(r"  +")
_TAB_SPACES = re.compile(r" *\t *")


def clean(line: str) -> str:
    """A raw line without converter markup: no ``#`` headings, ``**``, ``*``, ``<b>``,
    ``<sub>``, no non-breaking spaces or form feeds; runs of spaces folded to one, ends
    stripped. Tabs are kept: they separate table cells."""
    return clean_lines([line])[0]


def clean_lines(lines: Sequence[str]) -> list[str]:
    """:func:`clean` of every line. A referat's lines are cleaned together: spaces in a few
    passes over the whole text, and the markup rules and tab cells only on the lines that hold
    a mark or a tab (a few in a hundred)."""
    return _cleaned(_plain_spaces(lines)) if lines else []


def clean_and_layout(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """:func:`clean_lines` and :func:`layout_lines` of the same lines, made together: the text
    is joined, its other spaces made plain and the lines holding a mark found once."""
    if not lines:
        return [], []
    text = _plain_spaces(lines)
    marked = lines_holding(text, _MARK_OR_TAB)
    return _cleaned(text, marked), _laid_out(text, marked)


def _plain_spaces(lines: Sequence[str]) -> str:
    """The lines joined, every space character but the plain space, the tab and the form feed
    made a plain space."""
    return _OTHER_SPACE.sub(" ", "\n".join(lines))


def _cleaned(text: str, marked: list[int] | None = None) -> list[str]:
    """:func:`clean_lines` of :func:`_plain_spaces` ``text``; ``marked`` are (at least) the
    lines holding a mark or a tab, when known."""
    marked = lines_holding(text, _MARK_OR_TAB) if marked is None else marked
    text = text.replace("\f", " ")
    text = _SPACE_RUN.sub(" ", text) if "  " in text else text
    out = [line.strip(" ") for line in text.split("\n")]
    for i in marked:
        out[i] = _tabs(_unmark(out[i], _MARKUP)).strip(" ")
    return out


def _tabs(line: str) -> str:
    return _TAB_SPACES.sub("\t", line) if " \t" in line or "\t " in line else line


def _unmark(line: str, rules: tuple[Markup, ...]) -> str:
    for mark, pattern, replacement in rules:
        if mark in line:
            line = pattern.sub(replacement, line)
    return line


def _marks(rules: tuple[Markup, ...], also: str = "") -> re.Pattern[str]:
    """The first character of every rule's mark (and ``also``), as one character class: it is
    in every line holding a mark (and so in every line a rule changes: a rule changes only a
    line with its mark, and adds no other rule's mark to a line that held none)."""
    first = {mark[0] for mark, _, _ in rules} | set(also)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(first)) + "]")


def lines_holding(text: str, pattern: re.Pattern[str]) -> list[int]:
    """The indices (from 0) of the lines of ``text`` (split at ``\\n``) in which ``pattern``
    matches, in order; the pattern must not match across a line break. Each line is searched
    up to its first match."""
    found: list[int] = []
    line = position = 0
    while (match := pattern.search(text, position)) is not None:
        line += text.count("\n", position, match.start())
        found.append(line)
        position = text.find("\n", match.start()) + 1
        if position == 0:  # the last line
            break
        line += 1
    return found


_MARKUP_KEEPING_COLUMNS = (_MARKUP[0], _MARKUP[1], _MARKUP[2], _MARKUP[4])
_MARK_OR_TAB = _marks(_MARKUP, also="\t")
_COLUMN_MARK = _marks(_MARKUP_KEEPING_COLUMNS)


def layout(line: str) -> str:
    """A raw line with its horizontal layout kept: form feeds dropped, every other space
    character one plain space (so columns stay where the converter put them), converter markup
    stripped, trailing blanks removed. Used by the table reader for space-aligned tables."""
    return layout_lines([line])[0]


def layout_lines(lines: Sequence[str]) -> list[str]:
    """:func:`layout` of every line (the markup rules only on the lines that hold a mark)."""
    return _laid_out(_plain_spaces(lines)) if lines else []


def _laid_out(text: str, marked: list[int] | None = None) -> list[str]:
    """:func:`layout_lines` of :func:`_plain_spaces` ``text``; ``marked`` are (at least) the
    lines holding a mark, when known."""
    split = text.replace("\f", "").split("\n")
    out = [line.rstrip() for line in split]
    for i in lines_holding(text, _COLUMN_MARK) if marked is None else marked:
        out[i] = _unmark(split[i], _MARKUP_KEEPING_COLUMNS).rstrip()
    return out


@per_referat
def fold(text: str) -> str:
    """Whitespace (tabs included) folded to single spaces, ends stripped (remembered while one
    referat is read: its readers fold the same lines again and again)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # folded already (a line's text is): no whitespace but single spaces
    return " ".join(text.split())


# --------------------------------------------------------------------------- page furniture

PAGE_FURNITURE: tuple[Rule, ...] = (
    Rule("side_n_af_m", r"^(?:side|page)\s+\d+\s*(?:af|/|of)\s*\d+$", re.I),
    Rule("n_af_m", r"^\d+\s*(?:af|/)\s*\d+$"),
    Rule("dash_n_dash", r"^[-–]\s*\d+\s*[-–]$"),
    Rule(
        "pipe_header",
        r"^(?=.*\b(?:referat|dagsorden)\b)[^|\s][^|]*(?:\s\|\s[^|]+){1,3}$",
        re.I,
        hint=r"\|",
    ),
    Rule(
        "document_date",
        r"^(?:KKR\s+[A-Za-zÆØÅæøå]+\s*[-–,]?\s*)?(?:referat|dagsorden)\s*[-–,]?\s*(?:fra\s+)?"
        r"(?:\d{1,2}\.\s*[a-zæøå]+\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$",
        re.I,
    ),
)
"""Running page headers and footers the PDF conversion leaves in the text: ``Side 3 af 26``,
``3/26``, ``- 3 -``; a header of parts split by pipes that names the document (``KKR
Nordjylland | Referat | 11. juni 2021``); the document and its date (``Referat 11. juni 2021``,
``KKR Syddanmark - Referat - 09-06-2021``)."""


def is_page_furniture(text: str) -> bool:
    """True for a running page header or footer line (``Side 3 af 26``)."""
    return _FURNITURE(text)


_FURNITURE = any_match(PAGE_FURNITURE)
"""The rules of :data:`PAGE_FURNITURE` as one test (it runs on every line of a referat)."""


# --------------------------------------------------------------------------- dates and times

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

DATE_RULES: tuple[Rule, ...] = (
    Rule("numeric", r"(?P<day>\d{1,2})[-./](?P<month>\d{1,2})[-./](?P<year>\d{4})"),
    Rule("iso", r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    Rule("words", r"(?P<day>\d{1,2})\.?\s+(?P<month_name>[a-zæøå]+)\s+(?P<year>\d{4})", re.I),
)
"""Ways a referat writes a meeting date: ``11-06-2021``, ``2021-06-11``, ``11. juni 2021``."""

TIME_RULE = Rule(
    "clock", r"(?<![\d.\-/])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?!\d|[./]\d)"
)
"""A clock time, ``10:00``, ``kl. 9.30`` or the start of ``kl. 13.30-16.00``, but not the
``11.06`` of a date ``11.06.2021``."""


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (see ``DATE_RULES``), or None."""
    match = first_match(DATE_RULES, text)
    if match is None:
        return None
    fields = match.fields
    month = (
        int(fields["month"]) if fields.get("month") else MONTHS.get(fields["month_name"].lower())
    )
    try:
        return dt.date(int(fields["year"]), month or 0, int(fields["day"]))
    except ValueError:
        return None


def parse_time(text: str) -> str | None:
    """The first clock time in ``text`` as ``HH:MM`` (``10:00``, ``kl. 9.45``), or None."""
    match = first_match((TIME_RULE,), text)
    if match is None:
        return None
    return f"{int(match.fields['hour']):02d}:{match.fields['minute']}"


# --------------------------------------------------------------------------- prose

_SOFT_HYPHEN_END = re.compile(r"[a-zæøå]-$")
_SUSPENDED = re.compile(r"^(?:og|eller|samt|til)\b")  # "sundheds- og socialområdet"
_SENTENCE_END = re.compile(r"[.:;!?)\"”]$")
_BILAG_MARKER = re.compile(r"^(?:[-•]\s*)?\./\.\s*")
_END = slice(-3, None)
"""The end of a text the two end rules above look at (a letter, a hyphen, and a newline ``$``
may stand before): so a paragraph grown line by line is not read again from its start."""


def join_prose(lines: list[str]) -> str:
    """Lines of running text as one text, undoing what page breaks did to it.

    A word hyphenated across a break (``indika-`` / ``tioner``) is rejoined (a suspended
    compound, ``sundheds-`` / ``og social...``, keeps its hyphen); a line that goes on
    in lower case after a line with no closing punctuation continues its paragraph; every other
    line starts a new line. The referat's attachment marker ``./.`` is dropped.
    """
    out: list[str] = []
    for raw in lines:
        line = fold(_BILAG_MARKER.sub("", raw) if "./." in raw else raw)
        if not line:
            continue
        if out and line[0].islower() and not _SENTENCE_END.search(out[-1][_END]):
            if _SOFT_HYPHEN_END.search(out[-1][_END]) and not _SUSPENDED.match(line):
                out[-1] = out[-1][:-1] + line
            else:
                out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


@dataclass(frozen=True)
class Paragraph:
    """Consecutive lines of running text joined into one text. ``starts`` holds, for each line,
    the offset in ``text`` where it begins and its line number, so a match in the paragraph can
    be traced to the line it stands on."""

    text: str
    starts: tuple[tuple[int, int], ...]

    def line_at(self, offset: int) -> int:
        """The line number of the character at ``offset``."""
        index = bisect.bisect_right(self.starts, offset, key=lambda start: start[0]) - 1
        return self.starts[max(index, 0)][1]


def paragraphs(lines: Iterable[tuple[int, str]]) -> list[Paragraph]:
    """Paragraphs of ``(line number, text)`` lines: a run of lines with consecutive numbers (a
    blank line ends a paragraph) is one paragraph, however a converter wrapped it
    (``pdftotext -layout`` wraps a sentence over two or three lines). Lines of a table (tabs,
    pipes) belong to no paragraph. A word hyphenated at a line end is rejoined (see
    :func:`join_prose`)."""
    return [join_run(run) for run in paragraph_runs(lines)]


def paragraph_runs(lines: Iterable[tuple[int, str]]) -> list[tuple[tuple[int, str], ...]]:
    """The runs of lines :func:`paragraphs` joins, one per paragraph, each line folded."""
    runs: list[list[tuple[int, str]]] = []
    for number, raw in lines:
        text = fold(_BILAG_MARKER.sub("", raw) if "./." in raw else raw)
        if not text or "\t" in raw or raw.startswith("|"):  # a table line
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1][0] == number - 1:
            runs[-1].append((number, text))
        else:
            runs.append([(number, text)])
    return [tuple(run) for run in runs if run]


@per_referat
def join_run(run: tuple[tuple[int, str], ...]) -> Paragraph:
    """One run of :func:`paragraph_runs` joined (remembered while one referat is read: see
    ``pipeline.memo``)."""
    text, starts = "", []
    for number, line in run:
        if text and _SOFT_HYPHEN_END.search(text[_END]) and not _SUSPENDED.match(line):
            text = text[:-1]
        elif text:
            text += " "
        starts.append((len(text), number))
        text += line
    return Paragraph(text, tuple(starts))


_SENTENCE_BREAK = re.compile(r"(?<=[.!?)])\s+(?=[A-ZÆØÅ\"“*-])")
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:bl\.a|f\.eks|jf|ca|pr|nr|mv|m\.v|inkl|ekskl|evt|iht|vedr)\.)$", re.I
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of a paragraph start and end. A full stop ends a sentence unless it
    ends an abbreviation that never closes one (``bl.a.``, ``jf.``, ``pr.``); ``kr.`` can."""
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if not _NO_BREAK_AFTER.search(text[max(start, match.start() - 8) : match.start()]):
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]
