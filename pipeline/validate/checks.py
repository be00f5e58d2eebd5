"""Cross-table checks: the arithmetic the referater imply (parts sum to their total, a stated
difference equals the difference of the stated amounts, a rounded figure agrees with the exact one),
kommuner in the meeting's region, and one number per year, level and area across referater. Each
returns findings (of the validate stage); none changes a row."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import NamedTuple

from pipeline.constants import REGIONS
from pipeline.models import BudgetRow, FindingRow, FlygtningeRow, MeetingRow, SosuRow
from pipeline.numbers import parse_amount

QuotaRow = FlygtningeRow | SosuRow


def _finding(
    severity: str, rule: str, row: QuotaRow | BudgetRow | Statement, message: str
) -> FindingRow:
    """A check's finding on ``row``'s line (the validate stage's)."""
    return FindingRow(severity, rule, row.meeting_id, row.source_file, row.source_line, message,
                      stage="validate")  # fmt: skip


def _year(row: QuotaRow) -> int:
    return row.quota_year if isinstance(row, FlygtningeRow) else row.year


def _value(row: QuotaRow) -> int:
    return row.quota if isinstance(row, FlygtningeRow) else row.places


def _series(row: QuotaRow) -> tuple:
    """What makes two rows comparable besides the area: the year (and the education)."""
    return (_year(row),) if isinstance(row, FlygtningeRow) else (row.year, row.education)


def _label(series: tuple) -> str:
    """A series in words: ``2022``, ``2023 SOSU-assistent``."""
    return " ".join(str(part) for part in series)


def parts_sum_to_totals(rows: Sequence[QuotaRow], rule: str) -> list[FindingRow]:
    """Per meeting and series: the kommune rows of a region sum to the region's row, and the five
    region rows sum to the national row (checked only when all five regions are stated)."""
    by_key: dict[Hashable, QuotaRow] = {
        (r.meeting_id, _series(r), r.level, r.area): r for r in rows
    }
    parts: dict[Hashable, list[QuotaRow]] = defaultdict(list)
    for r in rows:
        if r.level == "kommune" and r.region:
            parts[(r.meeting_id, _series(r), "region", r.region)].append(r)
        elif r.level == "region":
            parts[(r.meeting_id, _series(r), "national", "Hele landet")].append(r)
    findings = []
    for key, members in sorted(parts.items(), key=lambda kv: str(kv[0])):
        total = by_key.get(key)
        if total is None or (total.level == "national" and len(members) < len(REGIONS)):
            continue
        summed = sum(_value(m) for m in members)
        if summed != _value(total):
            findings.append(
                _finding(
                    "warning",
                    rule,
                    total,
                    f"{total.area} {_label(_series(total))}: stated {_value(total)}, but its "
                    f"{len(members)} {members[0].level} rows (lines {members[0].source_line}-"
                    f"{members[-1].source_line}) sum to {summed}",
                )
            )
    return findings


def kommuner_in_meeting_region(
    rows: Sequence[QuotaRow], meetings: Sequence[MeetingRow]
) -> list[FindingRow]:
    """A kommune row whose kommune lies outside the region of the KKR that met."""
    region_of = {m.meeting_id: m.region for m in meetings}
    return [
        _finding(
            "warning",
            "kommune_outside_region",
            r,
            f"{r.area} lies in {r.region}, not in {region_of[r.meeting_id]}",
        )
        for r in rows
        if r.level == "kommune" and r.region != region_of.get(r.meeting_id, r.region)
    ]


class Statement(NamedTuple):
    """What the check across meetings reads of a quota row: where it stands, its series (year,
    and education for SOSU places), level, area and value."""

    meeting_id: str
    source_file: str
    source_line: int
    series: tuple
    level: str
    area: str
    value: int


def statement(row: QuotaRow) -> Statement:
    """A quota row as a :class:`Statement`."""
    return Statement(row.meeting_id, row.source_file, row.source_line, _series(row), row.level,
                     row.area, _value(row))  # fmt: skip


STATEMENT_COLUMNS = {
    "flygtningefordeling": ("quota", "quota_year"),
    "sosu_laerepladser": ("places", "year", "education"),
}
"""Each quota table's value column, then the columns of its series."""


def statement_columns(name: str) -> tuple[str, ...]:
    """The columns of quota table ``name`` that :func:`statements` takes, in its order."""
    return ("meeting_id", "source_file", "source_line", "level", "area", *STATEMENT_COLUMNS[name])


def statements(columns: Sequence[list]) -> list[Statement]:
    """Statements from the values of :func:`statement_columns`, one list per column (as Arrow
    gives a batch of a Parquet file): no row of the table is made."""
    rows = zip(*columns, strict=True)
    return [Statement(meeting, source, line, tuple(series), level, area, value)
            for meeting, source, line, level, area, value, *series in rows]  # fmt: skip


class FirstStatements:
    """The same series, level and area stated differently in two referater: one finding on
    each later statement, naming the first. Statements come a batch at a time, in the order of
    ``(meeting_id, source_file, source_line)`` (the order a quota table is written in); only
    the first of each series, level and area is held, so a table of any size is checked in
    little memory."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.first: dict[Hashable, Statement] = {}

    def findings(self, batch: Iterable[Statement]) -> list[FindingRow]:
        """The findings on ``batch``, which follows every statement given before."""
        findings = []
        for s in batch:
            seen = self.first.setdefault((s.series, s.level, s.area), s)
            if seen is not s and seen.value != s.value and seen.meeting_id != s.meeting_id:
                findings.append(_finding("warning", self.rule, s, _differs(s, seen)))
        return findings


def _differs(row: Statement, first: Statement) -> str:
    return (f"{row.area} {_label(row.series)}: {row.value} here, but {first.value} in "
            f"{first.meeting_id} ({first.source_file}:{first.source_line})")  # fmt: skip


def _order(row: QuotaRow) -> tuple:
    return (row.meeting_id, row.source_file, row.source_line)


QUOTA_TABLES = (("flygtningefordeling", "quota"), ("sosu_laerepladser", "places"))
"""The quota tables, and the prefix of their findings' rules."""

CHECKED_TABLES = ("meetings", "flygtningefordeling", "sosu_laerepladser", "budgets")
"""The tables the checks read."""

RULES: tuple[str, ...] = (
    "kommune_outside_region",
    "budget_parts_mismatch",
    "budget_difference_mismatch",
    "rounded_amount_truncated",
    "rounded_amount_disagrees",
    *(
        f"{prefix}_{check}"
        for _, prefix in QUOTA_TABLES
        for check in ("sum_mismatch", "differs_between_referater")
    ),
)
"""The finding rules of these checks (a re-validation replaces their earlier findings)."""


def check_findings(tables: dict[str, list]) -> list[FindingRow]:
    """Every check, on the rows of :data:`CHECKED_TABLES` (each table in the order it is
    written in)."""
    return meeting_findings(tables) + across_meetings(tables)


def meeting_findings(tables: dict[str, list]) -> list[FindingRow]:
    """The checks that compare rows of one meeting only (parts and their totals, kommuner and
    the region, budgets). On one referat's rows they give that referat's findings, so a build
    runs them as it reads each referat and caches them with its rows (``pipeline.perfile``)."""
    findings = []
    for name, prefix in QUOTA_TABLES:
        findings += parts_sum_to_totals(tables[name], f"{prefix}_sum_mismatch")
        findings += kommuner_in_meeting_region(tables[name], tables["meetings"])
    return findings + budget_findings(tables["budgets"])


def across_meetings(tables: dict[str, list]) -> list[FindingRow]:
    """The checks that compare meetings (one number per series, level and area), on whole
    tables."""
    ordered = {name: sorted(tables[name], key=_order) for name, _ in QUOTA_TABLES}
    return across_meetings_in(
        {name: [list(map(statement, rows))] for name, rows in ordered.items()}
    )


def across_meetings_in(batches: Mapping[str, Iterable[Sequence[Statement]]]) -> list[FindingRow]:
    """:func:`across_meetings` on each quota table's rows as statements given a batch at a
    time, in the order of ``(meeting_id, source_file, source_line)``: see
    :class:`FirstStatements`."""
    findings = []
    for name, prefix in QUOTA_TABLES:
        first = FirstStatements(f"{prefix}_differs_between_referater")
        for batch in batches[name]:
            findings += first.findings(batch)
    return findings


# --------------------------------------------------------------------------- budgets

PART_LABEL = re.compile(r"^(?:heraf|deraf|heraf:)\s", re.I)
"""A table row that is part of the row above it: ``Heraf Tilbudsafdelingen``."""


def _by_item(rows: Sequence[BudgetRow]) -> dict[tuple[str, str], list[BudgetRow]]:
    items: dict[tuple[str, str], list[BudgetRow]] = defaultdict(list)
    for r in rows:
        items[(r.meeting_id, r.item_no)].append(r)
    return items


def budget_parts_sum(rows: Sequence[BudgetRow]) -> list[FindingRow]:
    """In a money table, the ``Heraf ...`` rows under a row sum to it, column by column
    (16.301.013 + 18.440.030 = 34.741.043)."""
    findings = []
    for item_rows in _by_item([r for r in rows if r.basis == "table"]).values():
        for year in sorted({r.fiscal_year for r in item_rows}, key=str):
            column = sorted(
                (r for r in item_rows if r.fiscal_year == year), key=lambda r: r.source_line
            )
            findings += _parts_of(column)
    return findings


def _parts_of(column: list[BudgetRow]) -> list[FindingRow]:
    findings, total, parts = [], None, []
    for row in [*column, None]:
        if row is not None and PART_LABEL.match(row.label) and total is not None:
            parts.append(row)
            continue
        summed = sum(p.amount_dkk for p in parts)
        if total is not None and parts and summed != total.amount_dkk:
            lines = ", ".join(str(p.source_line) for p in parts)
            findings.append(
                _finding(
                    "warning",
                    "budget_parts_mismatch",
                    total,
                    f"{total.label} {total.fiscal_year or ''}: {total.amount_dkk} stated, but its "
                    f"parts on lines {lines} sum to {summed}",
                )
            )
        total, parts = row, []
    return findings


TOTAL_CHANGE = re.compile(r"samlede budget|budgettet", re.I)
"""Words that tie a stated increase to the total budget (``en stigning i det samlede budget``)."""


def budget_differences(rows: Sequence[BudgetRow]) -> list[FindingRow]:
    """A stated increase or decrease of the total budget equals the difference of the item's
    table totals for its last two years (36.061.167 − 34.741.043 = 1.320.124), within how
    precisely it is written. A change is of the total when its sentence says so or stands in
    the paragraph that states the budget."""
    findings = []
    for item_rows in _by_item(rows).values():
        totals = sorted(_year_totals(item_rows).items())
        budget_lines = {
            r.source_line for r in item_rows if r.basis == "text" and r.measure == "budget"
        }
        for r in item_rows:
            of_total = TOTAL_CHANGE.search(r.quote) or r.source_line in budget_lines
            if r.measure not in ("stigning", "fald") or not of_total or len(totals) < 2:
                continue
            (y0, old), (y1, new) = totals[-2:]
            diff = abs(new.amount_dkk - old.amount_dkk)
            if abs(diff - r.amount_dkk) * 2 > _precision(r):
                lines = sorted({old.source_line, new.source_line})
                findings.append(_finding("warning", "budget_difference_mismatch", r,
                    f"{r.amount_text} {r.measure} (line {r.source_line}), but {new.label} {y1} "
                    f"minus {y0} is {diff} (line {', '.join(map(str, lines))})"))  # fmt: skip
    return findings


def _year_totals(item_rows: Sequence[BudgetRow]) -> dict[int, BudgetRow]:
    """The first (total) row of the item's money table for each year it gives."""
    totals: dict[int, BudgetRow] = {}
    for r in sorted(item_rows, key=lambda r: r.source_line):
        if r.basis == "table" and r.fiscal_year and not PART_LABEL.match(r.label):
            totals.setdefault(r.fiscal_year, r)
    return totals


def _precision(row: BudgetRow) -> int:
    amount = parse_amount(row.amount_text) if row.basis == "text" else None
    return amount.precision if amount else 1


def rounded_amounts(rows: Sequence[BudgetRow]) -> list[FindingRow]:
    """A rounded figure in the text (``36,0 mio. kr.``) agrees with the exact table figure of the
    same item, year and measure that it summarises: rounded, it must give the same. A figure
    that only truncation gives is noted; one that neither gives is a warning."""
    findings = []
    for item_rows in _by_item(rows).values():
        exact = [r for r in item_rows if r.basis == "table"]
        for r in item_rows:
            precision = _precision(r)
            match = _summarised(r, exact, precision)
            if precision == 1 or match is None:
                continue
            rounded = (match.amount_dkk * 2 + precision) // (2 * precision) * precision
            truncated = match.amount_dkk // precision * precision
            where = (
                f"{r.amount_text} (line {r.source_line}) vs {match.amount_dkk} "
                f"(line {match.source_line})"
            )
            if rounded != r.amount_dkk and truncated == r.amount_dkk:
                findings.append(
                    _finding(
                        "info", "rounded_amount_truncated", r, f"{where}: truncated, not rounded"
                    )
                )
            elif rounded != r.amount_dkk:
                findings.append(
                    _finding(
                        "warning", "rounded_amount_disagrees", r, f"{where}: rounds to {rounded}"
                    )
                )
    return findings


def _summarised(row: BudgetRow, exact: Sequence[BudgetRow], precision: int) -> BudgetRow | None:
    """The exact table amount a rounded one stands for: same year and measure, within 10 %."""
    same = [e for e in exact if (e.fiscal_year, e.measure) == (row.fiscal_year, row.measure)]
    close = [
        e
        for e in same
        if abs(e.amount_dkk - row.amount_dkk) <= max(precision, row.amount_dkk // 10)
    ]
    return min(close, key=lambda e: abs(e.amount_dkk - row.amount_dkk), default=None)


def budget_findings(rows: Sequence[BudgetRow]) -> list[FindingRow]:
    """Every check on the budgets table."""
    return [*budget_parts_sum(rows), *budget_differences(rows), *rounded_amounts(rows)]
