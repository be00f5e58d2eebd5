"""The ``sosu_laerepladser`` table: apprenticeships (lærepladser) on the SOSU educations and the
pædagogisk assistentuddannelse per year, from the tables that distribute them between the KKR
and between the kommuner: educations as columns and places as rows, or turned (educations as
rows, KKRs as columns)."""

from __future__ import annotations

import re

from pipeline.constants import EDUCATION_ENDINGS, EDUCATION_SPELLINGS, EDUCATIONS
from pipeline.extract.tables import TextTable
from pipeline.memo import per_referat
from pipeline.models import FindingRow, Referat, SosuRow
from pipeline.rules import Rule, all_matches
from pipeline.transform.quotas import Stated, one_per_key, table_numbers, table_year, without_year


def _spelling(word: str) -> str:
    """A spelling as a pattern: spaces as any whitespace, and a compound broken across lines
    (``sundheds- hjælpere``) read whole."""
    return r"\s+".join(re.escape(w) for w in word.split()).replace("sundheds", r"sundheds-?\s*")


EDUCATION_HEADER: tuple[Rule, ...] = tuple(
    Rule(
        code,
        r"(?<![\w-])(?:"
        + "|".join(_spelling(w) for w, c in EDUCATION_SPELLINGS.items() if c == code)
        + r")(?:"
        + "|".join(EDUCATION_ENDINGS)
        + r")?(?![\w-])",
        re.I,
    )
    for code in EDUCATIONS
)
"""Which education a column header or row label names, one rule per code of ``EDUCATIONS``
built from the vocabulary ``EDUCATION_SPELLINGS``: ``Social- og sundheds- hjælpere
Dimensionering 2023`` is SSH, ``SSA (social- og sundhedsassistent)`` SSA, ``PAU`` PAU; ``I alt``
and ``Samlet`` name none."""


_WORD_BREAK = re.compile(r"(?<=[a-zæøå]) (?=[a-zæøå])")
"""A space inside a word that a narrow column broke without a hyphen (``sundhedshjæl pere``)."""


@per_referat
def education_of(header: str) -> str | None:
    """The code of the one education a column header or row label names, else None (none, or
    two: ``SSH og SSA i alt``). A word a narrow column broke is read whole. Remembered within a
    referat (see ``pipeline.memo``): each figure of a table asks for its column's."""
    mended = [header[: m.start()] + header[m.end() :] for m in _WORD_BREAK.finditer(header)]
    for text in (header, *mended):
        codes = {match.rule for match in all_matches(EDUCATION_HEADER, text)}
        if codes:
            return codes.pop() if len(codes) == 1 else None
    return None


def names_educations(table: TextTable) -> bool:
    """A table is a SOSU table when its columns or its row labels name educations."""
    return any(education_of(h) for h in (*table.columns, *(r.label for r in table.rows)))


def extract_sosu_laerepladser(referat: Referat) -> tuple[list[SosuRow], list[FindingRow]]:
    """Every number of places in the SOSU tables of a referat, one row per year, education,
    level and area (long format)."""
    stated, findings = [], []
    for item in referat.items:
        for table in filter(names_educations, item.tables):
            numbers, problems = table_numbers(referat, table, table_year(item, table))
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
