"""The contract between the stages.

``extract`` produces a :class:`Referat` (a normalised document that keeps every original line
number); ``transform`` turns it into rows, one dataclass per output table. A row's docstring says
what one row means; ``docs/tables.md`` says what each column means.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.extract.tables import TextTable

# --------------------------------------------------------------------------- the document
# (TextTable and TableRow, the tables found in an item, live with their reader in
# pipeline/extract/tables.py)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One physical line of a referat, markup stripped and whitespace folded.

    ``number`` is the 1-based line number in the file as delivered (after newline
    normalisation), so every value can be traced to the line it came from. ``layout`` is the same
    line with its horizontal layout kept (markup stripped, but runs of spaces and tabs as
    delivered, every character at its column), for readers of space-aligned tables. ``page`` is
    the page the line stands on (from form feeds, a PDF's pages or ``Side N`` footers), None when
    the text does not tell.
    """

    number: int
    text: str
    layout: str = ""
    page: int | None = None

    @property
    def aligned(self) -> str:
        """The line with its layout when known, else the cleaned text."""
        return self.layout or self.text


_TEXT_LINE_SLOTS = tuple(
    getattr(TextLine, f.name).__set__ for f in dataclasses.fields(TextLine)
)  # fmt: skip


def text_lines(fields: Iterable[tuple[int, str, str, int | None]]) -> tuple[TextLine, ...]:
    """``TextLine(number, text, layout, page)`` of each of ``fields``, made without the frozen
    dataclass's ``__init__``, which sets each field through ``object.__setattr__``: each slot
    is set directly, in half the time (a referat makes one per line: 0.15 ms of some 9 ms a
    referat). The lines are the same (tested)."""
    made, new = [], object.__new__
    set_number, set_text, set_layout, set_page = _TEXT_LINE_SLOTS
    for number, text, layout, page in fields:
        line = new(TextLine)
        set_number(line, number)
        set_text(line, text)
        set_layout(line, layout)
        set_page(line, page)
        made.append(line)
    return tuple(made)


@dataclass(frozen=True, slots=True)
class Section:
    """One of the standard sections of an agenda item (see ``constants.SECTION_NAMES``)."""

    name: str
    heading_line: int
    lines: tuple[TextLine, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading in the body of a referat (``3.4. Flygtningefordeling 2022``);
    ``title_lines`` is how many lines its title takes (a long title wraps)."""

    number: str
    title: str
    line: int
    title_lines: int = 1


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A numbered point with text of its own, from its heading to the next heading."""

    item_no: str
    title: str
    line: int
    line_end: int
    group_no: str | None
    group_title: str | None
    sag_no: str | None
    sections: tuple[Section, ...]
    lines: tuple[TextLine, ...]
    tables: tuple[TextTable, ...] = ()

    def section(self, name: str) -> Section | None:
        """The section called ``name``, or None when the item has none."""
        return next((s for s in self.sections if s.name == name), None)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of the table of contents: ``number`` is None for unnumbered entries."""

    number: str | None
    title: str
    page: int | None
    line: int


@dataclass(frozen=True, slots=True)
class AttendanceList:
    """The lines listed under one attendance sub-heading (``Deltagere`` or ``Afbud``)."""

    status: str
    heading_line: int
    lines: tuple[TextLine, ...]


@dataclass(frozen=True, slots=True)
class MeetingHeader:
    """The meeting header on the first page: ``KKR NORDJYLLAND``, ``Dato:``, ``Sted:``."""

    kkr_line: int
    region: str
    meeting_date: dt.date
    start_time: str | None
    location: str | None
    date_line: int


@dataclass(frozen=True, slots=True)
class Referat:
    """A referat as extract hands it to transform."""

    source_file: str
    source_sha256: str
    header: MeetingHeader
    toc: tuple[TocEntry, ...]
    attendance: tuple[AttendanceList, ...] | None
    headings: tuple[Heading, ...]
    items: tuple[AgendaItem, ...]
    lines: tuple[TextLine, ...]
    findings: tuple[FindingRow, ...] = field(default=())
    modified: float = 0.0
    """The file's modification time (seconds since the epoch), 0 when not read from a file."""

    @property
    def cut_off(self) -> bool:
        """True when the text stops before its contents do (a ``referat_cut_off`` finding)."""
        return any(f.rule == "referat_cut_off" for f in self.findings)

    @property
    def meeting_id(self) -> str:
        return meeting_id(self.header.region, self.header.meeting_date)


def meeting_id(region: str, meeting_date: dt.date) -> str:
    """Stable readable id: ``nordjylland-2021-06-11`` (æ/ø/å spelt ae/oe/aa)."""
    slug = region.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return f"{slug}-{meeting_date.isoformat()}"


# --------------------------------------------------------------------------- the tables


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One KKR meeting, as described by one referat."""

    meeting_id: str
    kkr: str
    region: str
    meeting_date: dt.date
    start_time: str | None
    location: str | None
    attendance_recorded: bool
    source_file: str
    source_line: int
    source_sha256: str
    source_url: str | None = None
    retrieved: dt.date | None = None
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class AgendaItemRow:
    """One numbered agenda item with text of its own, with its four sections as text."""

    meeting_id: str
    item_no: str
    title: str
    group_no: str | None
    group_title: str | None
    sag_no: str | None
    baggrund: str | None
    indstilling: str | None
    sagsfremstilling: str | None
    beslutning: str | None
    source_file: str
    source_line: int
    line_end: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One person listed in a meeting's attendance block, as present or as absent."""

    meeting_id: str
    meeting_date: dt.date
    region: str
    name: str
    person_id: str | None
    party: str | None
    kommune: str | None
    kommune_code: int | None
    role: str | None
    status: str
    substitute_for: str | None
    substitute_for_id: str | None
    source_file: str
    source_line: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class AppointmentRow:
    """One person a referat names as appointed (udpeget) to, or seated on, a board, council or
    forum on behalf of the KKR: an item about appointments or a list of KKR appointees."""

    meeting_id: str
    person_id: str | None
    name: str
    party: str | None
    kommune_code: int | None
    body: str
    role: str
    source_file: str
    source_line: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person, however the referater spell their name: every attendance line and appointment
    that names them carries this ``person_id``."""

    person_id: str
    name: str
    kommune_code: int | None
    party: str | None
    first_seen: dt.date
    last_seen: dt.date


@dataclass(frozen=True, slots=True)
class PersonAliasRow:
    """One spelling of a person's name as written in the referater, with the rule, score and
    the two sightings that joined it to the person."""

    person_id: str
    name: str
    rule: str
    score: int
    source_a: str
    source_b: str


@dataclass(frozen=True, slots=True)
class MembershipRow:
    """One person's membership of one KKR in one valgperiode (municipal term), from the meetings
    they were listed at as a member or the appointments to the KKR."""

    person_id: str
    kkr: str
    valgperiode: str
    kommune_code: int | None
    party: str | None
    first_meeting: dt.date
    last_meeting: dt.date
    ended_by: str | None


@dataclass(frozen=True, slots=True)
class FlygtningeRow:
    """One refugee quota (flygtningekvote) a referat states: for the whole country, a region or
    a kommune, for one quota year."""

    meeting_id: str
    quota_year: int
    level: str
    area: str
    region: str | None
    kommune_code: int | None
    quota: int
    revised_from: int | None
    source_file: str
    source_line: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class SosuRow:
    """The number of SOSU apprenticeships (lærepladser) set for one education and year, for the
    whole country, a region or a kommune."""

    meeting_id: str
    year: int
    education: str
    level: str
    area: str
    region: str | None
    kommune_code: int | None
    places: int
    source_file: str
    source_line: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One amount of money a referat states, in a table cell or in a sentence, once per place it
    is stated."""

    meeting_id: str
    item_no: str
    entity: str | None
    fiscal_year: int | None
    measure: str
    label: str
    amount_dkk: int
    amount_text: str
    percent: float | None
    unit_note: str | None
    basis: str
    source_file: str
    source_line: int
    quote: str
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class UnparsedLineRow:
    """A line that carries data (in the attendance block, in a table, or with an amount of
    money) that no extractor took into a table."""

    source_file: str
    source_line: int
    block: str
    text: str
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class KommuneRow:
    """One of the 98 Danish municipalities (reference data, not read from referater)."""

    kommune_code: int
    kommune: str
    official_name: str
    region: str
    region_code: int
    source_file: str
    source_line: int
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class FindingRow:
    """Something the pipeline noticed and could not, or would not, fix silently."""

    severity: str
    rule: str
    meeting_id: str | None
    source_file: str | None
    source_line: int | None
    message: str
    stage: str = "transform"
    source_page: int | None = None


@dataclass(frozen=True, slots=True)
class ValidationResultRow:
    """The outcome of one expectation of one suite on one build."""

    suite: str
    expectation: str
    column: str | None
    kwargs: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_rows: str | None


def field_names(row_type: type) -> list[str]:
    """Column names of a row dataclass, in declaration order."""
    return [f.name for f in dataclasses.fields(row_type)]
