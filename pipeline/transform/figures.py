"""Nothing lost, figure by figure. In every agenda item about refugee quotas or SOSU places, and
in every table of any item, each figure is either *read* (a row of a data table was taken from
it) or *explained* as not data by one of the rules in :data:`NOT_DATA` (a date, a year, a
percentage, a count of something else, ...). A figure that is neither is *unexplained*: a
warning finding naming its line, and an ``unparsed_lines`` row. This does not depend on
recognising the layout: a quota table in a layout no reader knows shows up here, not as silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.models import FindingRow, Referat, TextLine, UnparsedLineRow
from pipeline.numbers import find_amounts, parse_cell
from pipeline.rules import Rule, first_match
from pipeline.text import MONTHS

FIGURE = re.compile(
    r"(?<![\w.,/-])(?:\d{1,3}(?:\.\d{3})*\.\d\d \d(?!\d)|(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?)"
    r"(?![\w/]|\.\d)"
)
"""A figure as the referater write it: ``73``, ``1.776``, ``3,8``, ``34.741.04 3`` (a number a
PDF conversion split; not part of a word, a date written with dots, or a sag number)."""

QUOTA_ITEM = re.compile(r"flygtning|sosu|lærepladser|social- og sundhed|kvote", re.I)
"""An agenda item about refugee quotas or SOSU places, by its title: all its figures count."""

MARK = "⟨{}⟩"
"""How a figure is marked in its context for the rules below (``... den ⟨29⟩. april ...``)."""

_MONTH = "(?=[" + "".join(sorted({m[0] for m in MONTHS})) + "])(?:" + "|".join(MONTHS) + ")"
"""A month's name; the lookahead (its first letters) changes nothing it matches, but a regex
searching a context for one tries the twelve names only where one may start (twice as fast)."""
_F = r"⟨[^⟩]+⟩"
_OTHER_THINGS = (
    r"kommuner|institutioner|skoler|medlemmer|inviterede|deltagere|møder|timer|dage|uger|"
    r"måneder|år|årige|aftaler|lærepladsaftaler|plejefamilier|virksomheder|ansøgninger|match|"
    r"sager|punkter|spor|indsatser|regioner|kkr|parter|[a-zæøå-]*elever"
)

NOT_DATA: tuple[Rule, ...] = (
    Rule("date", rf"{_F}\.?\s+{_MONTH}|{_MONTH}\s+{_F}|\d[-./]{_F}[-./]\d|{_F}[-./]\d\d?[-./]\d",
         re.I),
    Rule("period", rf"(?=[12⟨])(?:(?:19|20)\d\d\s*[-–/]\s*{_F}|⟨(?:19|20)\d\d⟩\s*[-–/]\s*"
         r"(?:19|20)?\d\d)"),
    Rule("year", r"⟨(?:19|20)\d\d⟩"),
    Rule("time", rf"(?=[k⟨\d])(?:kl\.\s*{_F}|⟨\d{{1,2}}⟩[.:]\d\d\b|\b\d{{1,2}}[.:]⟨\d\d⟩)"),
    Rule("percentage", rf"{_F}\s*(?:pct\.?|procent|%)", re.I),
    Rule("law_reference", rf"(?=[§sn])(?:§+|stk\.|nr\.)\s*(?:\d+\s*(?:,|og|-)\s*)*{_F}", re.I),
    Rule("number_of_a_point", rf"^(?:\d+\.)*{_F}\.(?:\d+\.?)*\s"),
    Rule("table_number", rf"\b(?=[tfbsn])(?:tabel|figur|bilag|skema|note)\s+{_F}", re.I),
    Rule("previous_figure",
         rf"(?=[mf])(?:mod\s+(?:tidligere\s+)?|fra\s+){_F}(?:\s+\w+)?(?:\s+til\b|$)", re.I),
    Rule("difference", rf"{_F}\s+(?:flere|færre|mere|mindre|større|højere|lavere)\b", re.I),
    Rule("count_of_other", rf"{_F}\s+(?:[a-zæøå-]+\s+){{0,2}}?(?:{_OTHER_THINGS})\b", re.I),
    Rule("share", rf"(?=[⟨u])(?:{_F}\s+(?:ud\s+af|af\s+de)\s+\d|\bud\s+af\s+{_F})", re.I),
    Rule("places_total", rf"{_F}\s+(?:lære)?pladser\b", re.I),
)  # fmt: skip
"""Figures that are not data, by their context, tried in order (a lookahead of the first
letters a rule's alternatives can start with, ``(?=[mf])``, changes nothing it matches but
lets the search skip every other position): a date (``den 29. april``,
``11-06-2021``), a period (``2022-2026``), a year, a clock time (``kl. 13.30``), a percentage
(``40 pct.``, ``11%``), a reference to a law (``§ 8, stk. 3``), the number of a point (``3.4.``),
a previous figure (``mod tidligere 250``, ``fra 2.500 til``), a difference (``315 flere``), a
count of something other than refugees or places (``de 11 nordjyske kommuner``, ``20-25 timer``,
``9.558 lærepladsaftaler``, ``5.577 assistentelever`` hired), a share (``12 ud af 39``), or a
total of places over all educations (``9.000 lærepladser``: the rows are per education). Two
more explanations come from the rows: a figure *restated* (equal to a figure read from another
line of the same item: the sentence that repeats a table's total), and a figure in a table of
counts of something else (:data:`OTHER_COUNTS_TABLE`)."""

OTHER_COUNTS_TABLE = re.compile(r"måltal|\bmatch|besvarelse|deltager|medlemmer|\btimer\b", re.I)
"""A table whose headers count something other than refugees, places or money (the match targets
of ``Samlet måltal 2024``): its figures are counts of something else."""


EXPLANATIONS: dict[str, str] = {
    "date": "part of a date (`den 29. april 2021`, `11-06-2021`)",
    "period": "a period of years (`2022-2026`)",
    "year": "a year (`2024`)",
    "time": "a clock time (`kl. 13.30`, `9.45`)",
    "percentage": "a percentage (`40 pct.`, `11%`)",
    "law_reference": "a reference to a law (`§ 8, stk. 3`)",
    "number_of_a_point": "the number of an agenda point or a list item (`3.4.`)",
    "table_number": "the number of a table, figure, annex or note (`Tabel 1`, `bilag 2`)",
    "previous_figure": "a figure named as the earlier one (`mod tidligere 250`, `fra 2.500 til`)",
    "difference": "a difference (`315 flere end i 2021`)",
    "count_of_other": "a count of something other than refugees, places or money (`de 11 "
    "nordjyske kommuner`, `9.558 lærepladsaftaler`, a table of match targets)",
    "share": "a share (`12 ud af 39`)",
    "places_total": "a total of places over all educations (`9.000 lærepladser`)",
    "restated": "a figure read from another line of the same item, stated again (the sentence "
    "that repeats a table's total)",
    "reported": "a figure a finding on its line already reports (a quota stated twice "
    "differently, a row naming no place, a cell that is not a number, a quota without a year)",
}
"""Every way a figure is explained as not data: the rule names of :data:`NOT_DATA`, and the two
explanations from the rows (``restated``, ``count_of_other`` of a table). The data dictionary
lists them."""


@dataclass(frozen=True)
class Figure:
    """One figure in a line that must be accounted for, and what became of it: ``read``,
    ``explained`` (``reason`` names the rule) or ``unexplained``."""

    line: int
    text: str
    status: str
    reason: str | None


def lines_with_figures(referat: Referat) -> list[TextLine]:
    """The lines whose figures must be accounted for: every line of an item about quotas or
    places, and every line of a table in any item."""
    numbers: set[int] = set()
    for item in referat.items:
        if QUOTA_ITEM.search(item.title):
            numbers.update(line.number for line in item.lines)
        for table in item.tables:
            numbers.update(range(table.first_line, table.last_line + 1))
    return [line for line in referat.lines if line.number in numbers and line.text]


def values_read(referat: Referat, tables: dict[str, list]) -> dict[int, set[int]]:
    """Line -> the whole numbers some row of a data table took from it."""
    read: dict[int, set[int]] = {}
    sources = (("flygtningefordeling", ("quota", "revised_from")),
               ("sosu_laerepladser", ("places",)), ("budgets", ("amount_dkk",)))  # fmt: skip
    for name, fields in sources:
        for row in (r for r in tables.get(name, ()) if r.source_file == referat.source_file):
            values = {getattr(row, f) for f in fields} - {None}
            if name == "budgets":
                values |= {parse_cell(row.amount_text)} - {None}
            read.setdefault(row.source_line, set()).update(values)
    return read


REPORTING_RULES = re.compile(r"_conflict$|_row_unread$|_value_unread$|_year_unknown$")
"""Findings that already report the figures of their line: those figures are not reported twice."""


def account(referat: Referat, tables: dict[str, list]) -> list[Figure]:
    """Every figure of :func:`lines_with_figures`, read, explained or unexplained."""
    read = values_read(referat, tables)
    reported = {
        f.source_line
        for f in tables.get("findings", ())
        if f.source_file == referat.source_file and REPORTING_RULES.search(f.rule)
    }
    money_lines = {
        r.source_line for r in tables.get("budgets", ()) if r.source_file == referat.source_file
    }
    in_item = _restated_values(referat, read)
    counts = {n for item in referat.items for t in item.tables if _counts_other(t)
              for n in range(t.first_line, t.last_line + 1)}  # fmt: skip
    figures = []
    for line in lines_with_figures(referat):
        money = [a.span for a in find_amounts(line.text)] if line.number in money_lines else []
        known = Known(read.get(line.number, set()), in_item.get(line.number, set()), money,
                      line.number in counts, line.number in reported)  # fmt: skip
        figures += [_figure(line, m, known) for m in FIGURE.finditer(line.text)]
    return figures


@dataclass(frozen=True)
class Known:
    """What is known of a line's figures: values read from it, values read elsewhere in its
    item, spans of amounts of money read from it, whether it is in a table of counts, and
    whether a finding on it already reports its figures."""

    read: set[int]
    restated: set[int]
    money: list[tuple[int, int]]
    counts: bool
    reported: bool = False


def _restated_values(referat: Referat, read: dict[int, set[int]]) -> dict[int, set[int]]:
    """Line -> the values read from the other lines of its item."""
    out: dict[int, set[int]] = {}
    for item in referat.items:
        numbers = [line.number for line in item.lines]
        values = {n: read.get(n, set()) for n in numbers}
        everything = set().union(*values.values()) if values else set()
        out.update({n: everything for n in numbers})
    return out


def _counts_other(table) -> bool:
    return any(OTHER_COUNTS_TABLE.search(t) for t in (table.label_header, *table.columns))


def _figure(line: TextLine, match: re.Match, known: Known) -> Figure:
    text, value = match.group(), parse_cell(match.group())
    if value in known.read or any(a <= match.start() < b for a, b in known.money):
        return Figure(line.number, text, "read", None)
    context = line.text[max(0, match.start() - 60) : match.start()] + MARK.format(text)
    rule = first_match(NOT_DATA, context + line.text[match.end() : match.end() + 60])
    if rule:
        return Figure(line.number, text, "explained", rule.rule)
    if value in known.restated:
        return Figure(line.number, text, "explained", "restated")
    if known.counts:
        return Figure(line.number, text, "explained", "count_of_other")
    if known.reported:
        return Figure(line.number, text, "explained", "reported")
    return Figure(line.number, text, "unexplained", None)


def unexplained_rows(
    referat: Referat, figures: Iterable[Figure]
) -> tuple[list[UnparsedLineRow], list[FindingRow]]:
    """An ``unparsed_lines`` row (block ``figure``) per line with an unexplained figure, and a
    warning finding per such figure."""
    lost = [f for f in figures if f.status == "unexplained"]
    text = {line.number: line.text for line in referat.lines}
    rows = [UnparsedLineRow(referat.source_file, n, "figure", text[n])
            for n in sorted({f.line for f in lost})]  # fmt: skip
    findings = [
        FindingRow("warning", "figure_unexplained", referat.meeting_id, referat.source_file, f.line,
                   f"line {f.line}: the figure {f.text} is in no row and no rule explains it: "
                   f"'{text[f.line][:80]}'")
        for f in lost
    ]  # fmt: skip
    return rows, findings
