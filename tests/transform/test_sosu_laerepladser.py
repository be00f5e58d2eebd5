"""Unit tests of the SOSU vocabularies: every way a header names an education, a place or a
total, and a SOSU table turned (educations as rows, KKRs as columns) with its year from the
caption above it."""

import pytest

from pipeline import constants
from pipeline.extract import parse_referat
from pipeline.transform import transform
from pipeline.transform.areas import national, place_of, region_area, total_of
from pipeline.transform.sosu_laerepladser import education_of


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("SSH", "SSH"),
        ("SSA", "SSA"),
        ("PAU", "PAU"),
        ("SSH 2024", "SSH"),
        ("SSA (social- og sundhedsassistent)", "SSA"),
        ("SSH (social- og sundhedshjælper)", "SSH"),
        ("SOSU-hjælper", "SSH"),
        ("SOSU-hjælpere", "SSH"),
        ("SOSU-assistent", "SSA"),
        ("SOSU-assistenter 2023", "SSA"),
        ("social- og sundhedshjælper", "SSH"),
        ("Social- og sundhedshjælpere", "SSH"),
        ("social- og sundhedshjælperelever", "SSH"),
        ("Social- og sundhedsassistent", "SSA"),
        ("social- og sundhedsassistenter", "SSA"),
        ("Social- og sundhedsassistentelever", "SSA"),
        ("Social- og sundheds- hjælpere", "SSH"),  # hyphenated across lines
        ("Social- og sundheds-\nassistenter", "SSA"),
        ("Social- og sundhedshjælpere Dimensionering 2023", "SSH"),
        ("Social- og sundhedsassistenter Dimensionering, 2024", "SSA"),
        ("pædagogisk assistent", "PAU"),
        ("Pædagogiske assistenter", "PAU"),
        ("Den pædagogiske assistentuddannelse", "PAU"),
        ("PA-uddannelsen", "PAU"),
        # no education, or two
        ("I alt", None),
        ("Samlet", None),
        ("Hele landet", None),
        ("Dimensionering 2024", None),
        ("SSH og SSA i alt", None),
        ("Hjælpemidler", None),
        ("SSHX", None),
        ("Assistance", None),
    ],
)
def test_education_of(header, expected):
    assert education_of(header) == expected


def test_every_education_has_a_spelling():
    assert set(constants.EDUCATION_SPELLINGS.values()) == set(constants.EDUCATIONS)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Region Hovedstaden", "Hovedstaden"),
        ("Hovedstaden", "Hovedstaden"),
        ("KKR Hovedstaden", "Hovedstaden"),
        ("Hovedstadsregionen", "Hovedstaden"),
        ("Sjælland", "Sjælland"),
        ("Region Sjælland", "Sjælland"),
        ("Syd", "Syddanmark"),
        ("KKR Syd", "Syddanmark"),
        ("Region Syddanmark", "Syddanmark"),
        ("Midt", "Midtjylland"),
        ("Region Midt", "Midtjylland"),
        ("Nord", "Nordjylland"),
        ("Nordjylland", "Nordjylland"),
        ("KKR Nordjylland", "Nordjylland"),
    ],
)
def test_region_labels(label, expected):
    assert place_of(label) == region_area(expected)


REGION_ROWS = [region_area(r) for r in constants.REGIONS]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Hele landet", national()),
        ("Landstal", national()),
        ("Landstallet", national()),
        ("Total (landstal)", national()),
        ("I alt (hele landet)", national()),
        ("I alt, hele landet", national()),
        ("Hele landet i alt", national()),
        ("Danmark i alt", national()),
        ("Samlet", national()),
        ("I alt", national()),
        ("Total", national()),
        ("", national()),
        ("Region Syddanmark i alt", region_area("Syddanmark")),
        ("KKR Syd samlet", region_area("Syddanmark")),
        ("I alt for KKR Midt", region_area("Midtjylland")),
        ("Uddannelse", None),
    ],
)
def test_total_labels_under_region_rows(label, expected):
    assert total_of(label, REGION_ROWS, "Nordjylland") == expected


def test_total_under_kommune_rows_is_the_region():
    kommune_rows = [place_of("Aalborg"), place_of("Læsø")]
    assert total_of("I alt", kommune_rows, "Nordjylland") == region_area("Nordjylland")


def _referat(title: str, *body: str):
    text = "\n".join(
        ("KKR SJÆLLAND", "Dato: 10-03-2022 14:00", "", f"1. {title}", "SAG-2022-00001 x",
         "Sagsfremstilling", "", *body, "", "Beslutning", "Ok.")
    )  # fmt: skip
    return parse_referat(text.encode("utf-8"), "r.txt")


def _sosu(r):
    rows = transform([r])["sosu_laerepladser"]
    return sorted((s.year, s.education, s.level, s.area, s.places, s.source_line) for s in rows)


TRANSPOSED = [
    (2022, "PAU", "national", "Hele landet", 1250, 12),
    (2022, "PAU", "region", "Hovedstaden", 353, 12),
    (2022, "PAU", "region", "Sjælland", 170, 12),
    (2022, "SSA", "national", "Hele landet", 5997, 11),
    (2022, "SSA", "region", "Hovedstaden", 1776, 11),
    (2022, "SSA", "region", "Sjælland", 955, 11),
    (2022, "SSH", "national", "Hele landet", 3000, 10),
    (2022, "SSH", "region", "Hovedstaden", 849, 10),
    (2022, "SSH", "region", "Sjælland", 474, 10),
]


@pytest.mark.parametrize(
    ("caption", "table"),
    [
        (  # tabs, the year in the caption line
            "Tabel 1. Minimumsdimensionering 2022 fordelt på KKR",
            ("Uddannelse\tHovedstaden\tSjælland\tHele landet",
             "SSH\t849\t474\t3.000",
             "SSA (social- og sundhedsassistent)\t1.776\t955\t5.997",
             "PAU\t353\t170\t1.250"),
        ),
        (  # spaces, short region names, a caption ending in a colon
            "Fordeling af lærepladser 2022:",
            ("                                 Hovedstaden    KKR Sjælland    Landstal",
             "    SOSU-hjælpere                        849             474       3.000",
             "    SOSU-assistenter                   1.776             955       5.997",
             "    Pædagogiske assistenter              353             170       1.250"),
        ),
        (  # a totals column named I alt, a totals row under the educations
            "Fordeling af lærepladser 2022",
            ("Uddannelse\tRegion Hovedstaden\tRegion Sjælland\tI alt",
             "Social- og sundhedshjælpere\t849\t474\t3.000",
             "Social- og sundhedsassistenter\t1.776\t955\t5.997",
             "PA-uddannelsen\t353\t170\t1.250"),
        ),
    ],
)  # fmt: skip
def test_transposed_sosu_table_with_its_year_in_the_caption(caption, table):
    r = _referat("SOSU-dimensionering", caption, *table)
    assert _sosu(r) == TRANSPOSED


def test_a_sentence_above_the_table_is_no_caption_the_title_gives_the_year():
    r = _referat(
        "Fordeling af SOSU-lærepladser 2023",
        "Nøglen blev også anvendt i 2021.",
        "Uddannelse\tHovedstaden\tSjælland",
        "SSH\t849\t474",
    )
    assert [row[:2] for row in _sosu(r)] == [(2023, "SSH"), (2023, "SSH")]
