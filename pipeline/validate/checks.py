"""Cross-table checks over the quota tables: the arithmetic the referater imply (parts sum to
their total), kommuner in the meeting's region, and one number per year, level and area across
referater. Each returns findings; none changes a row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

from pipeline.constants import REGIONS
from pipeline.models import FindingRow, FlygtningeRow, MeetingRow, SosuRow

QuotaRow = FlygtningeRow | SosuRow


def _year(row: QuotaRow) -> int:
    return row.quota_year if isinstance(row, FlygtningeRow) else row.year


def _value(row: QuotaRow) -> int:
    return row.quota if isinstance(row, FlygtningeRow) else row.places


def _series(row: QuotaRow) -> tuple:
    """What makes two rows comparable besides the area: the year (and the education)."""
    return (_year(row),) if isinstance(row, FlygtningeRow) else (row.year, row.education)


def _label(row: QuotaRow) -> str:
    return " ".join(str(part) for part in _series(row))


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
            findings.append(FindingRow(
                "warning", rule, total.meeting_id, total.source_file, total.source_line,
                f"{total.area} {_label(total)}: stated {_value(total)}, but its "
                f"{len(members)} {members[0].level} rows (lines {members[0].source_line}-"
                f"{members[-1].source_line}) sum to {summed}"))  # fmt: skip
    return findings


def kommuner_in_meeting_region(
    rows: Sequence[QuotaRow], meetings: Sequence[MeetingRow]
) -> list[FindingRow]:
    """A kommune row whose kommune lies outside the region of the KKR that met."""
    region_of = {m.meeting_id: m.region for m in meetings}
    return [
        FindingRow("warning", "kommune_outside_region", r.meeting_id, r.source_file,
                   r.source_line, f"{r.area} lies in {r.region}, not in {region_of[r.meeting_id]}")
        for r in rows
        if r.level == "kommune" and r.region != region_of.get(r.meeting_id, r.region)
    ]  # fmt: skip


def same_number_everywhere(rows: Sequence[QuotaRow], rule: str) -> list[FindingRow]:
    """The same series, level and area stated differently in two referater: one finding on
    each later statement, naming the first."""
    first: dict[Hashable, QuotaRow] = {}
    findings = []
    for r in sorted(rows, key=_order):
        key = (_series(r), r.level, r.area)
        seen = first.setdefault(key, r)
        if seen is not r and _value(seen) != _value(r) and seen.meeting_id != r.meeting_id:
            findings.append(FindingRow(
                "warning", rule, r.meeting_id, r.source_file, r.source_line,
                f"{r.area} {_label(r)}: {_value(r)} here, but {_value(seen)} in {seen.meeting_id} "
                f"({seen.source_file}:{seen.source_line})"))  # fmt: skip
    return findings


def _order(row: QuotaRow) -> tuple:
    return (row.meeting_id, row.source_file, row.source_line)


_TABLES = (("flygtningefordeling", "quota"), ("sosu_laerepladser", "places"))

RULES: tuple[str, ...] = (
    "kommune_outside_region",
    *(f"{prefix}_{check}" for _, prefix in _TABLES
      for check in ("sum_mismatch", "differs_between_referater")),
)  # fmt: skip
"""The finding rules of these checks (a re-validation replaces their earlier findings)."""


def quota_findings(tables: dict[str, list]) -> list[FindingRow]:
    """Every cross-table check on both quota tables."""
    findings = []
    for name, prefix in _TABLES:
        rows = tables[name]
        findings += parts_sum_to_totals(rows, f"{prefix}_sum_mismatch")
        findings += kommuner_in_meeting_region(rows, tables["meetings"])
        findings += same_number_everywhere(rows, f"{prefix}_differs_between_referater")
    return findings
