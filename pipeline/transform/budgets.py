"""The ``budgets`` table: every amount of money an agenda item states, in a money table or in a
sentence, with the body it belongs to, its year, what it measures and its unit."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.extract.tables import TextTable
from pipeline.models import AgendaItem, BudgetRow, Referat, TextLine
from pipeline.numbers import Amount, find_amounts, lines_that_may_hold_amounts, parse_cell
from pipeline.rules import Rule, first_match
from pipeline.text import Paragraph, fold, join_run, paragraph_runs, paragraphs, sentence_spans

MEASURE_RULES: tuple[Rule, ...] = tuple(
    Rule(name, pattern, re.I)
    for name, pattern in (
        ("overskud", r"overskud"),
        ("underskud", r"underskud"),
        ("stigning", r"stigning|opjuster|forøg|merudgift"),
        ("fald", r"\bfald|nedjuster"),
        ("besparelse", r"besparelse|spare|reducer|tilvejebringe|effektivisering"),
        ("kontingent", r"kontingent"),
        ("bidrag", r"bidrag|medfinansiering"),
        ("pulje", r"pulje"),
        ("bevilling", r"bevilling|afsat|afsætte|tilskud|støtte|midler|udmønt"),
        ("regnskab", r"regnskab"),
        ("budget", r"budget"),
    )
)
"""What an amount measures (``constants.MEASURES``), from the words of its clause, then its
sentence; the first rule that matches wins, so ``overskuddet fra Regnskab 2022`` is an overskud."""

ENTITY_RULES: tuple[Rule, ...] = (
    Rule("title_before_dash", r"(?P<entity>[A-ZÆØÅ][\w-]*(?: [A-ZÆØÅ][\w-]*)*) – "
         r"(?:budget|regnskab|årsrapport|takst)", re.I, hint=" – "),
    Rule("title_for", r"(?:budget|regnskab|årsrapport)\b.*\bfor (?P<entity>[A-ZÆØÅ][\w-]*"
         r"(?: [A-ZÆØÅ][\w-]*)*)$", hint="for "),
    Rule("title_arbejdet_i", r"arbejdet i (?P<entity>[A-ZÆØÅ][\w-]*(?: [A-ZÆØÅ][\w-]*)*)",
         hint="arbejdet i "),
)  # fmt: skip
"""The body an item's amounts belong to, from the item's title: ``Socialtilsyn Nord – budget og
takster for 2024``; ``Årsrapport og regnskab 2020 og budget 2022 for Fælleskommunalt
Socialsekretariat``; ``Status for arbejdet i Syddansk EU-kontor``."""

SUBJECT_RULE: tuple[Rule, ...] = (
    Rule("subject", r"^(?P<entity>[A-ZÆØÅ][\w-]*(?: [A-ZÆØÅ][\w-]*)+) "
         r"(?:har|forventer|skal|vil|budgetterer|afsætter|bevilger)\b"),
)  # fmt: skip
"""Otherwise the body a sentence starts with: ``Region Nordjylland forventer at budgettere ...``
(two capitalised words at least, so ``Borgerne skal`` is no body)."""

MONEY_TABLE = re.compile(
    r"budget|regnskab|\bkr\b|kroner|mio\.|mia\.|dkk|udgift|indtægt|beløb", re.I
)
"""A table is about money when its caption, headers or row labels say so."""

YEAR = re.compile(r"(?<![\d.-])(20\d{2})(?![\d-])")
NOT_A_FISCAL_YEAR = re.compile(
    r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    r"medio|primo|ultimo|udgangen af|halvår af|siden|perioden)\s+$", re.I)  # fmt: skip
"""A year after a month or a time phrase dates an event (``den 30. juni 2023``), not an amount."""
YEAR_AFTER = re.compile(r"^\s*(?:i alt\s+)?(?:i|for)\s+(20\d{2})(?![\d-])")
PERIOD = re.compile(r"i perioden\s+(20\d{2}\s*[-–]\s*20\d{2})")

UNIT_AFTER: tuple[Rule, ...] = (
    Rule("per", r"^\s*(?P<note>pr\.\s*(?:indbygger|borger|elev|plads|år|måned))", re.I),
    Rule("yearly", r"^\s*(?P<note>årligt|om året)", re.I),
    Rule("period", r"^\s*(?P<note>i perioden\s+20\d{2}\s*[-–]\s*20\d{2})", re.I),
    Rule("total", r"^\s*(?P<note>i alt)", re.I),
)
"""The unit words right after an amount: ``122 kr. pr. indbygger``, ``2 mia. kr. årligt``."""
PRICES = re.compile(r"i\s+(20\d{2})[\s-]*priser", re.I)
PERCENT = r"(?P<pct>\d+(?:,\d+)?)\s*(?:pct\.?|procent|%)"
PERCENT_AFTER = re.compile(r"^\s*,?\s*svarende til\s+" + PERCENT, re.I)
PERCENT_BEFORE = re.compile(PERCENT + r"\s*,?\s*svarende til\s*$", re.I)
CLAUSE_BREAK = re.compile(r",(?!\d)|(?<!\d),|[;()–]")
"""Where a clause ends: a comma (not the decimal comma of ``3,8``), a semicolon, a parenthesis,
a dash."""


@dataclass(frozen=True)
class Place:
    """Where an amount stands in its paragraph: its sentence and clause, and the text of its
    sentence before and after it."""

    sentence: str
    clause: str
    before: str
    after: str


def extract_budgets(referat: Referat) -> list[BudgetRow]:
    """Every amount of money in every agenda item: one row per amount per place stated."""
    rows = []
    may = money_lines(referat)
    for item in referat.items:
        entity = title_entity(item.title)
        for table in item.tables:
            if is_money_table(item, table):
                rows += table_amounts(referat, item, table, entity)
        for paragraph in money_paragraphs(item.lines, table_lines(item), heading_lines(item), may):
            rows += text_amounts(referat, item, paragraph, entity)
    return rows


def table_lines(item: AgendaItem) -> set[int]:
    """The lines of an item's tables (any table: their amounts are read as cells, if at all)."""
    return {n for t in item.tables for n in range(t.first_line, t.last_line + 1)}


def heading_lines(item: AgendaItem) -> set[int]:
    """The item's heading and its section headings (``Sagsfremstilling``): lines that stand
    alone, never the start of the sentence under them."""
    return {item.line, *(s.heading_line for s in item.sections)}


BULLET = re.compile(r"[-–•]\s")
"""A line that starts a point of a list (``- Halvdelen af overskuddet ...``): a new paragraph,
even when the point before it ends without a full stop."""


def prose_paragraphs(lines: Iterable[TextLine], skip: set[int], alone: set[int]) -> list[Paragraph]:
    """The paragraphs of running text in ``lines`` (see :func:`pipeline.text.paragraphs`), so an
    amount or a sentence wrapped over lines is read whole: lines in ``skip`` (tables) belong to
    none and end the paragraph before them, a line in ``alone`` (a heading) is a paragraph of
    its own."""
    return [p for group in _prose_groups(lines, skip, alone) for p in paragraphs(group)]


def money_lines(referat: Referat) -> set[int]:
    """The lines of ``referat`` that may hold an amount of money
    (:func:`pipeline.numbers.lines_that_may_hold_amounts`): the budgets reader and the coverage
    count ask for them, and the referat is searched once (``numbers._hinted_lines``)."""
    return lines_that_may_hold_amounts([(line.number, line.text) for line in referat.lines])


def money_paragraphs(
    lines: Sequence[TextLine], skip: set[int], alone: set[int], may: set[int]
) -> list[Paragraph]:
    """The :func:`prose_paragraphs` that may hold an amount of money, in order: those with a
    line in ``may`` (:func:`money_lines`, or :func:`pipeline.numbers.lines_that_may_hold_amounts`
    of ``lines``). The others, most of a referat, are never joined."""
    if not any(line.number in may for line in lines):  # half of all items: nothing to join
        return []
    return [
        join_run(run)
        for group in _prose_groups(lines, skip, alone)
        if any(number in may for number, _ in group)
        for run in paragraph_runs(group)
        if any(number in may for number, _ in run)
    ]


def _prose_groups(
    lines: Iterable[TextLine], skip: set[int], alone: set[int]
) -> list[list[tuple[int, str]]]:
    groups: list[list[tuple[int, str]]] = [[]]
    for line in lines:
        if line.number in alone:
            groups += [[(line.number, line.text)], []]
        elif line.number not in skip:
            if BULLET.match(line.text):
                groups.append([])
            groups[-1].append((line.number, line.text))
    return groups


def paragraph_amounts(paragraph: Paragraph) -> list[tuple[int, Amount]]:
    """The amounts of a paragraph, each with the line its number starts on."""
    return [(paragraph.line_at(a.span[0]), a) for a in find_amounts(paragraph.text)]


def title_entity(title: str) -> str | None:
    """The body named in an item's title (see ``ENTITY_RULES``), or None."""
    match = first_match(ENTITY_RULES, title)
    return match.fields["entity"] if match else None


def is_money_table(item: AgendaItem, table: TextTable) -> bool:
    """A table of amounts: its caption (the line above it), headers or labels speak of money."""
    caption = next((x.text for x in reversed(item.lines) if x.number < table.first_line), "")
    texts = [caption, table.label_header, *table.columns, *(r.label for r in table.rows)]
    return any(MONEY_TABLE.search(t) for t in texts)


def table_amounts(referat: Referat, item: AgendaItem, table: TextTable, entity: str | None):
    """The amounts of a money table, cell by cell: the row label is the label, the column header
    gives the year and any unit note (``År 2023 (i 2024 priser)``)."""
    rows = []
    for row in table.rows:
        context = [row.label, *table.columns, item.title]
        measure = next((m for t in context if (m := _measure(t))), "beløb")
        for column, cell, line in zip(table.columns, row.cells, row.lines, strict=True):
            value = parse_cell(cell)
            if value is None:
                continue
            year = YEAR.search(column)
            prices = PRICES.search(column)
            rows.append(_row(referat, item, entity, int(year.group(1)) if year else None,
                             measure, row.label, value, cell, None,
                             f"i {prices.group(1)}-priser" if prices else None, "table", line,
                             " | ".join([row.label, *row.cells])))  # fmt: skip
    return rows


def text_amounts(referat: Referat, item: AgendaItem, paragraph: Paragraph, entity: str | None):
    """The amounts stated in one paragraph of running text, each on the line where its number
    stands."""
    rows = []
    amounts = paragraph_amounts(paragraph)
    spans = sentence_spans(paragraph.text) if amounts else []
    for line, amount in amounts:
        place = _place(paragraph.text, amount, spans)
        rows.append(_row(
            referat, item, entity or _subject(place.sentence), fiscal_year(place),
            _measure(place.clause) or _measure(place.sentence) or "beløb", place.clause,
            amount.dkk, fold(amount.text), tied_percent(place), unit_note(place), "text",
            line, place.sentence))  # fmt: skip
    return rows


SENTENCE_REACH = 400
"""How far from an amount its sentence is read (for its year, measure, clause): a sentence is
rarely longer, and the bound keeps the work per amount constant on a runaway paragraph."""


def _place(text: str, amount: Amount, spans: list[tuple[int, int]]) -> Place:
    start, end = amount.span
    at = bisect.bisect_right(spans, (start, len(text))) - 1  # the last sentence starting here
    a, b = spans[at] if at >= 0 and start < spans[at][1] else (0, len(text))
    a, b = max(a, start - SENTENCE_REACH), min(b, end + SENTENCE_REACH)
    sentence = text[a:b]
    before, after = text[a:start], text[end:b]
    left = [m.end() for m in CLAUSE_BREAK.finditer(before)]
    right = CLAUSE_BREAK.search(after)
    clause = (
        before[left[-1] if left else 0 :] + amount.text + after[: right.start() if right else None]
    )
    clause = fold(clause).strip(" -")
    if clause.endswith(".") and not clause.endswith(amount.text):
        clause = clause[:-1]
    return Place(fold(sentence), clause, before, after)


def _measure(text: str) -> str | None:
    match = first_match(MEASURE_RULES, text)
    return match.rule if match else None


def _subject(sentence: str) -> str | None:
    match = first_match(SUBJECT_RULE, sentence.lstrip("- "))
    return match.fields["entity"] if match else None


def fiscal_year(place: Place) -> int | None:
    """The year an amount is for: one right after it (``34,7 mio. kr. i 2023``), else the
    nearest before it in its sentence that is not a date or a period, else the nearest after.
    None for an amount over a period (``1,5 mia. kr. i perioden 2024-2026``)."""
    if PERIOD.match(place.after.strip()):
        return None
    after = YEAR_AFTER.match(place.after)
    if after:
        return int(after.group(1))
    before = [m for m in YEAR.finditer(place.before) if not _dated(place.before[: m.start()])]
    if before:
        return int(before[-1].group(1))
    later = [m for m in YEAR.finditer(place.after) if not _dated(place.after[: m.start()])]
    return int(later[0].group(1)) if later else None


DATING_WINDOW = 40
"""How far before a year the words that make it a date (``juni``, ``udgangen af``) may stand;
looking only this far keeps the rule linear in the length of the sentence."""


def _dated(text_before_year: str) -> bool:
    window = text_before_year[-DATING_WINDOW:]
    return bool(NOT_A_FISCAL_YEAR.search(window) or re.search(r"\d\.\s*$", window))


def unit_note(place: Place) -> str | None:
    """``pr. indbygger``, ``årligt``, ``i perioden 2024-2026``, ``i 2024-priser`` or None."""
    match = first_match(UNIT_AFTER, place.after)
    if match:
        return fold(match.fields["note"])
    period = PERIOD.search(place.sentence)
    if period:
        return f"i perioden {period.group(1).replace(' ', '')}"
    prices = PRICES.search(place.sentence)
    return f"i {prices.group(1)}-priser" if prices else None


def tied_percent(place: Place) -> float | None:
    """The percentage a sentence ties to the amount (``en stigning på 3,8 pct. svarende til
    1,3 mio. kr.``, ``1.320.124 kr., svarende til 3,8 pct.``), or None."""
    match = PERCENT_AFTER.match(place.after) or PERCENT_BEFORE.search(place.before)
    return float(match.group("pct").replace(",", ".")) if match else None


def _row(referat, item, entity, year, measure, label, dkk, text, pct, note, basis, line, quote):
    return BudgetRow(
        meeting_id=referat.meeting_id,
        item_no=item.item_no,
        entity=entity,
        fiscal_year=year,
        measure=measure,
        label=fold(label),
        amount_dkk=dkk,
        amount_text=text,
        percent=pct,
        unit_note=note,
        basis=basis,
        source_file=referat.source_file,
        source_line=line,
        quote=fold(quote),
    )
