"""Place resolution: the 98 municipalities from ``pipeline/reference/kommuner.csv`` and the
functions that turn what a referat writes into an official name: a kommune (``Frederikshavn
Kommune``, ``Nordfyns``, ``Vesthimmerlands Kommune``, ``Odens``) into its short name and code, a
region (``Region Nordjylland``, ``KKR Nordjylland``, ``Nord``) into one of the five."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from pipeline.constants import REGION_ALIASES, REGION_CODES, REGIONS
from pipeline.models import KommuneRow

REFERENCE_FILE = "pipeline/reference/kommuner.csv"
FUZZY_CUTOFF = 85
"""Lowest rapidfuzz ratio (0-100) at which a misspelt name is taken as a kommune: ``Odens`` ~
``Odense`` scores 91; unrelated short names score far lower."""

_AFFIXES = re.compile(r"^(?:kommune)\s+|\s+(?:regions)?kommune$|\s+kommunalbestyrelse$", re.I)


@dataclass(frozen=True)
class Resolution:
    """A kommune as resolved from text: ``exact`` is False when it was a near miss."""

    kommune: str
    kommune_code: int
    region: str
    exact: bool


@cache
def load_kommuner() -> tuple[KommuneRow, ...]:
    """The reference table, one row per municipality, in file order."""
    text = resources.files("pipeline").joinpath("reference/kommuner.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        KommuneRow(
            kommune_code=int(r["kommune_code"]),
            kommune=r["kommune"],
            official_name=r["official_name"],
            region=r["region"],
            region_code=REGION_CODES[r["region"]],
            source_file=REFERENCE_FILE,
            source_line=number,
        )
        for number, r in enumerate(rows, start=2)
    )


def _key(text: str) -> str:
    return " ".join(_AFFIXES.sub("", " ".join(text.split())).casefold().split())


@cache
def _index() -> dict[str, KommuneRow]:
    """Every spelling that names a kommune exactly: the short name, the official name, and
    both with and without the genitive ``s`` (``Vesthimmerland(s)``, ``Københavns``)."""
    names = [
        (_key(name), row) for row in load_kommuner() for name in (row.kommune, row.official_name)
    ]
    index = {key: row for key, row in names}
    for key, row in names:  # genitive forms never shadow a real name
        index.setdefault(key.removesuffix("s"), row)
        index.setdefault(key + "s", row)
    return index


def resolve_kommune(text: str) -> Resolution | None:
    """The kommune ``text`` names: exactly, or as the one close spelling (a near miss, to be
    reported). None when nothing is close enough: an unknown name is never guessed."""
    key = _key(text)
    if not key:
        return None
    row = _index().get(key)
    if row:
        return Resolution(row.kommune, row.kommune_code, row.region, exact=True)
    best = process.extract(key, list(_index()), scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < FUZZY_CUTOFF:
        return None
    candidates = {_index()[choice].kommune_code for choice, score, _ in best if score == best[0][1]}
    if len(candidates) > 1:
        return None
    row = _index()[best[0][0]]
    return Resolution(row.kommune, row.kommune_code, row.region, exact=False)


_REGION_AFFIXES = re.compile(r"^(?:region(?:en)?|kkr)\s+", re.I)


def resolve_region(text: str) -> str | None:
    """The region ``text`` names (``Region Nordjylland``, ``Nordjylland``, ``KKR Nordjylland``,
    ``Nord``), or None."""
    key = _REGION_AFFIXES.sub("", " ".join(text.split())).casefold()
    exact = next((r for r in REGIONS if r.casefold() == key), None)
    return exact or REGION_ALIASES.get(key)
