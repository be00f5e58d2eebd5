"""The kommuner reference table and kommune resolution."""

from collections import Counter

import pytest

from pipeline.kommuner import load_kommuner, resolve_kommune


def test_98_kommuner_with_unique_codes_and_region_counts():
    rows = load_kommuner()
    assert len(rows) == 98
    assert len({r.kommune_code for r in rows}) == 98
    assert Counter(r.region for r in rows) == {
        "Hovedstaden": 29,
        "Sjælland": 17,
        "Syddanmark": 22,
        "Midtjylland": 19,
        "Nordjylland": 11,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aalborg Kommune", ("Aalborg", 851, True)),
        ("Odense", ("Odense", 461, True)),
        ("Københavns Kommune", ("København", 101, True)),
        ("Bornholms Regionskommune", ("Bornholm", 400, True)),
        ("Vesthimmerland", ("Vesthimmerlands", 820, True)),
        ("Nordfyn", ("Nordfyns", 480, True)),
        ("høje-taastrup kommune", ("Høje-Taastrup", 169, True)),
        ("Odens", ("Odense", 461, False)),
        ("Frederikshvn Kommune", ("Frederikshavn", 813, False)),
    ],
)
def test_resolve(text, expected):
    r = resolve_kommune(text)
    assert (r.kommune, r.kommune_code, r.exact) == expected


@pytest.mark.parametrize("text", ["", "Kommune", "Atlantis", "KL", "Region Syddanmark"])
def test_unknown_is_none(text):
    assert resolve_kommune(text) is None
