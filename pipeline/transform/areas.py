"""What a quota table's row is about: the whole country, a region, a kommune, or the total of
the rows above it. Shared by ``flygtningefordeling`` and ``sosu_laerepladser``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.constants import NATIONAL_AREA
from pipeline.extract.tables import TextTable
from pipeline.kommuner import resolve_kommune, resolve_region
from pipeline.rules import Rule, first_match

_TOTAL = r"(?:i alt|samlet|total|sum)"
_COUNTRY = r"(?:hele landet|landet|landstal(?:let)?|danmark|alle kkr)"

TOTAL_LABELS: tuple[Rule, ...] = (
    Rule("national",
         rf"(?:{_TOTAL},?\s+(?:for\s+)?)?{_COUNTRY}(?:,?\s+{_TOTAL})?"
         rf"|{_TOTAL}\s+\((?:hele landet|landstal(?:let)?)\)", re.I),
    Rule("region_total",
         rf"(?:region(?:en)?|kkr)\s+(?P<region>\S+),?\s+{_TOTAL}"
         rf"|{_TOTAL},?\s+(?:for\s+)?(?:region(?:en)?|kkr)\s+(?P<region_after>\S+)", re.I),
    Rule("total", rf"{_TOTAL}?", re.I),  # or no label at all
)  # fmt: skip
"""Labels of totals rows, tried in order (whole label). A totals row is not a data row: it is
the row of the level above (the region for kommune rows, the country for region rows).
``national``: ``Hele landet``, ``Landstal``, ``Landstallet``, ``Total (landstal)``, ``Danmark i
alt``, ``I alt, hele landet``; ``region_total``: ``Region Nordjylland i alt``, ``KKR Syd
samlet``, ``I alt for KKR Midt``; ``total`` (the level above the rows): ``Samlet``, ``I alt``,
``Total``, ``Sum``. An unlabelled row with numbers is a total too (``\t313\t313\t635\t634``)."""


@dataclass(frozen=True)
class Area:
    """A place a number is stated for. ``exact`` is False for a misspelt kommune."""

    level: str
    area: str
    region: str | None
    kommune_code: int | None
    exact: bool = True


def national() -> Area:
    return Area("national", NATIONAL_AREA, None, None)


def region_area(region: str) -> Area:
    return Area("region", region, region, None)


def place_of(label: str) -> Area | None:
    """The region or kommune a row label names, or None. A name a narrow column broke at its
    last letters (``Vesthimmerlan`` / ``d``) is read whole."""
    for text in dict.fromkeys((label, re.sub(r"(?<=[a-zæøå]) (?=[a-zæøå]{1,3}$)", "", label))):
        region = resolve_region(text)
        if region:
            return region_area(region)
        kommune = resolve_kommune(text)
        if kommune and (kommune.exact or text == label):
            return Area("kommune", kommune.kommune, kommune.region, kommune.kommune_code,
                        kommune.exact)  # fmt: skip
    return None


def total_of(label: str, places: Sequence[Area], context_region: str | None) -> Area | None:
    """The area a totals row stands for, or None when ``label`` is not a totals label."""
    match = first_match(TOTAL_LABELS, label, whole=True)
    if match is None:
        return None
    if match.rule == "national":
        return national()
    if match.rule == "region_total":
        region = resolve_region(match.fields.get("region") or match.fields["region_after"])
        return region_area(region) if region else None
    if places and all(p.level == "region" for p in places):
        return national()
    return region_area(context_region) if context_region else None


def table_region(table: TextTable, meeting_region: str) -> str:
    """The region a table of kommuner is about: named in its header (``Region Syddanmark``),
    else the meeting's."""
    return resolve_region(table.label_header) or meeting_region


def classify_rows(table: TextTable, meeting_region: str) -> list[tuple[int, Area | None]]:
    """Each row's area, by position: a place, a total of the places, or None (unreadable)."""
    places = [place_of(row.label) if row.label else None for row in table.rows]
    found = [p for p in places if p]
    region = table_region(table, meeting_region)
    return [
        (i, place or total_of(row.label, found, region))
        for i, (row, place) in enumerate(zip(table.rows, places, strict=True))
    ]


def oriented(table: TextTable) -> TextTable:
    """A quota table with the places as rows: as it is when its row labels name places, turned
    (:meth:`TextTable.transposed`) when instead its column headers name them (``Hovedstaden
    Sjælland ... I alt`` over rows of educations and years). Row labels that name only totals
    (``I alt`` under rows of educations) do not keep a table with places as columns from
    being turned."""
    labels = [r.label for r in table.rows]
    if any(label and place_of(label) for label in labels):
        return table
    if any(place_of(c) for c in table.columns):
        return table.transposed()
    return table
