"""The ``flygtningefordeling`` table: refugee quotas (landstal, region and kommune quotas) from
the items about them, read from their tables and from the sentences that state them."""

from __future__ import annotations

import re

from pipeline.kommuner import resolve_region
from pipeline.models import AgendaItem, FindingRow, FlygtningeRow, Referat
from pipeline.numbers import parse_int
from pipeline.rules import Rule, all_matches
from pipeline.transform.areas import national, region_area
from pipeline.transform.quotas import Stated, item_year, one_per_key, table_numbers, without_year

FLYGTNINGE_ITEM = re.compile(r"flygtning", re.I)
"""An item is about refugee quotas when its title says so (``Flygtningefordeling 2022``,
``Fordeling af flygtninge 2022``)."""

_N = r"(?P<quota>\d{1,3}(?:\.\d{3})*|\d+)"
_REGION = r"(?P<region>(?:Region(?:en)?\s+|KKR\s+)?[A-ZÆØÅ][a-zæøå]+)"
PROSE: tuple[Rule, ...] = (
    Rule("landstal", r"landstal(?:let)?(?:\s+for\s+(?P<year>20\d{2}))?\s+(?:er\s+|bliver\s+)?"
         r"(?:fastsat|fastsættes|udgør)(?:\s+[a-zæøå]+)?\s+til\s+" + _N +
         r"(?:\s+personer)?(?:\s+i\s+(?P<year_after>20\d{2}))?", re.I),
    Rule("heraf_region", r"\b(?:heraf|hvoraf)\s+" + _N +
         r"\s+(?:[a-zæøå]+\s+){0,6}?i\s+" + _REGION),
    Rule("region_sum", r"(?:flygtningetal(?:let)?|kvoten?)\s+for\s+kommunerne\s+i\s+" + _REGION +
         r"\s+(?:er|udgør)\s+(?:dermed\s+)?(?:i alt\s+)?" + _N +
         r"(?:\s+personer)?(?:\s+i\s+(?P<year_after>20\d{2}))?", re.I),
)  # fmt: skip
"""Quotas stated in sentences: ``landstallet for 2022 fastsættes til 600 personer – heraf 73 i
Nordjylland``; ``Det forventede flygtningetal for kommunerne i KKR Syddanmark er dermed i alt
113 personer i 2022``."""


def extract_flygtningefordeling(referat: Referat) -> tuple[list[FlygtningeRow], list[FindingRow]]:
    """Every quota the refugee items of a referat state, one row per year, level and area."""
    stated, findings = [], []
    for item in referat.items:
        if not FLYGTNINGE_ITEM.search(item.title):
            continue
        for table in item.tables:
            numbers, problems = table_numbers(referat, table, item_year(item))
            stated += numbers
            findings += problems
        stated += prose_quotas(item)
    kept, conflicts = one_per_key(referat, stated, lambda s: (s.year, s.area.level, s.area.area),
                                  "quota")  # fmt: skip
    return [_row(referat, s) for s in kept if s.year], findings + conflicts + without_year(
        referat, kept
    )


def prose_quotas(item: AgendaItem) -> list[Stated]:
    """The quotas stated in the sentences of an item (see ``PROSE``)."""
    stated = []
    for line in item.lines:
        for match in all_matches(PROSE, line.text):
            fields = match.fields
            area = (
                region_area(resolve_region(fields["region"]) or "")
                if "region" in fields
                else national()
            )
            year = fields.get("year") or fields.get("year_after")
            quota = parse_int(fields["quota"])
            if area.area and quota is not None:
                stated.append(Stated(area, int(year) if year else item_year(item), match.rule,
                                     quota, line.number, "text"))  # fmt: skip
    return stated


def _row(referat: Referat, s: Stated) -> FlygtningeRow:
    return FlygtningeRow(
        meeting_id=referat.meeting_id,
        quota_year=s.year or 0,
        level=s.area.level,
        area=s.area.area,
        region=s.area.region,
        kommune_code=s.area.kommune_code,
        quota=s.value,
        source_file=referat.source_file,
        source_line=s.line,
    )
