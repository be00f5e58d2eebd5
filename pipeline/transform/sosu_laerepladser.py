"""The ``sosu_laerepladser`` table: apprenticeships (lærepladser) on the two SOSU educations per
year, from the tables that distribute them between the KKR and between the kommuner."""

from __future__ import annotations

import re

from pipeline.models import FindingRow, Referat, SosuRow
from pipeline.rules import Rule, first_match
from pipeline.transform.areas import oriented
from pipeline.transform.quotas import Stated, item_year, one_per_key, table_numbers, without_year

EDUCATION_COLUMN: tuple[Rule, ...] = (
    Rule("SSH", r"hjælper", re.I),
    Rule("SSA", r"assistent", re.I),
)
"""Which education a column header names: ``Social- og sundheds- hjælpere Dimensionering 2023``
is SSH; ``... assistenter ...`` is SSA. A table is a SOSU table when its columns name them."""


def education_of(column: str) -> str | None:
    """``SSH`` or ``SSA`` for a column header that names the education, else None."""
    match = first_match(EDUCATION_COLUMN, column)
    return match.rule if match else None


def extract_sosu_laerepladser(referat: Referat) -> tuple[list[SosuRow], list[FindingRow]]:
    """Every number of places in the SOSU tables of a referat, one row per year, education,
    level and area (long format)."""
    stated, findings = [], []
    for item in referat.items:
        for table in map(oriented, item.tables):
            if not any(education_of(c) for c in table.columns):
                continue
            numbers, problems = table_numbers(referat, table, item_year(item))
            stated += [s for s in numbers if education_of(s.column)]
            findings += problems
    key = lambda s: (s.year, education_of(s.column), s.area.level, s.area.area)  # noqa: E731
    kept, conflicts = one_per_key(referat, stated, key, "places")
    return [_row(referat, s) for s in kept if s.year], findings + conflicts + without_year(
        referat, kept
    )


def _row(referat: Referat, s: Stated) -> SosuRow:
    return SosuRow(
        meeting_id=referat.meeting_id,
        year=s.year or 0,
        education=education_of(s.column) or "",
        level=s.area.level,
        area=s.area.area,
        region=s.area.region,
        kommune_code=s.area.kommune_code,
        places=s.value,
        source_file=referat.source_file,
        source_line=s.line,
    )
