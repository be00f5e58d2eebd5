"""Unit tests of the attendance rules: every way a list line is written, and kommune findings."""

import pytest

from pipeline.extract import parse_referat
from pipeline.transform.attendance import Entry, extract_attendance, parse_entry


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Birgit Stenbak Hansen (A), Frederikshavn Kommune",
            Entry("Birgit Stenbak Hansen", "A", "Frederikshavn Kommune", None),
        ),
        (
            "Ulla Vestergaard (A) Thisted Kommune",
            Entry("Ulla Vestergaard", "A", "Thisted Kommune", None),
        ),
        ("Bent Iversen, Haderslev", Entry("Bent Iversen", None, "Haderslev", None)),
        ("Anna Hansen, Ø, Aalborg Kommune", Entry("Anna Hansen", "Ø", "Aalborg Kommune", None)),
        ("• Per Clausen (Ø), Aalborg Kommune", Entry("Per Clausen", "Ø", "Aalborg Kommune", None)),
        ("- Mads Duedal (V) Aalborg Kommune", Entry("Mads Duedal", "V", "Aalborg Kommune", None)),
        (
            "Per Møller (C) Hjørring Kommune (suppleant for Søren Smalbro)",
            Entry("Per Møller", "C", "Hjørring Kommune", "Søren Smalbro"),
        ),
        (
            "Arne M. Jensen (A), Brønderslev Kommune",
            Entry("Arne M. Jensen", "A", "Brønderslev Kommune", None),
        ),
        (
            "Jens  Kristian\tYde (C),  Thisted Kommune",
            Entry("Jens Kristian Yde", "C", "Thisted Kommune", None),
        ),
        ("Lone Lund (A)", Entry("Lone Lund", "A", "", None)),
        ("Her står ingen deltager", None),
        # separators
        ("Lars Krarup (V) – Herning Kommune", Entry("Lars Krarup", "V", "Herning Kommune", None)),
        ("Lars Krarup (V): Herning Kommune", Entry("Lars Krarup", "V", "Herning Kommune", None)),
        ("Lars Krarup (V) - Herning Kommune", Entry("Lars Krarup", "V", "Herning Kommune", None)),
        (
            "Lars Krarup        (V)          Herning Kommune",
            Entry("Lars Krarup", "V", "Herning Kommune", None),
        ),
        (
            "   •   Hans-Henrik Ravn     (A)     Ikast-Brande Kommune",
            Entry("Hans-Henrik Ravn", "A", "Ikast-Brande Kommune", None),
        ),
        # roles
        (
            "Birgit Hansen (A), formand, Frederikshavn Kommune",
            Entry("Birgit Hansen", "A", "Frederikshavn Kommune", None, "formand"),
        ),
        (
            "Mads Duedal (V), næstformand, Aalborg Kommune",
            Entry("Mads Duedal", "V", "Aalborg Kommune", None, "næstformand"),
        ),
        (
            "Mads Duedal (V), 1. næstformand, Aalborg Kommune",
            Entry("Mads Duedal", "V", "Aalborg Kommune", None, "næstformand"),
        ),
        (
            "Bent Iversen, borgmester, Haderslev Kommune",
            Entry("Bent Iversen", None, "Haderslev Kommune", None, "borgmester"),
        ),
        (
            "Ulla Vestergaard (A) borgmester i Thisted Kommune",
            Entry("Ulla Vestergaard", "A", "Thisted Kommune", None, "borgmester"),
        ),
        (
            "Anna Hansen, Ø, viceborgmester, Aalborg Kommune",
            Entry("Anna Hansen", "Ø", "Aalborg Kommune", None, "viceborgmester"),
        ),
        (
            "Jacob Bundsgaard (A) – Rådmand, Aarhus Kommune",
            Entry("Jacob Bundsgaard", "A", "Aarhus Kommune", None, "rådmand"),
        ),
        (
            "Per Møller (C), Hjørring Kommune, udvalgsformand",
            Entry("Per Møller", "C", "Hjørring Kommune", None, "udvalgsformand"),
        ),
        (
            "Per Møller (C) byrådsmedlem, Hjørring Kommune (suppleant for Søren Smalbro)",
            Entry("Per Møller", "C", "Hjørring Kommune", "Søren Smalbro", "medlem"),
        ),
        (
            "Per Møller (C), suppleant, Hjørring Kommune",
            Entry("Per Møller", "C", "Hjørring Kommune", None, "suppleant"),
        ),
    ],
)
def test_parse_entry(line, expected):
    assert parse_entry(line) == expected


def referat_with(*attendance_lines: str):
    lines = (
        "KKR SYDDANMARK",
        "Dato: 09-06-2021 10:00",
        "1. Punkt\t4",
        "",
        "Deltagerfortegnelse",
        "Deltagere",
        *attendance_lines,
        "",
        "1. Punkt",
        "Beslutning",
        "Ok.",
    )
    return parse_referat("\n".join(lines).encode(), "a.txt")


def test_kommune_forms_resolve_to_official_short_names():
    rows, findings = extract_attendance(
        referat_with(
            "A (A), Nordfyns Kommune", "B, Faaborg-Midtfyn", "C (V) Odense Kommune", "D, Vejle"
        )
    )
    assert [(r.kommune, r.kommune_code) for r in rows] == [
        ("Nordfyns", 480),
        ("Faaborg-Midtfyn", 430),
        ("Odense", 461),
        ("Vejle", 630),
    ]
    assert findings == []


def test_genitive_and_other_region():
    rows, findings = extract_attendance(referat_with("E (V), Vesthimmerlands Kommune"))
    assert (rows[0].kommune, rows[0].kommune_code) == ("Vesthimmerlands", 820)
    assert [(f.severity, f.rule, f.source_line) for f in findings] == [
        ("warning", "kommune_outside_region", 7)
    ]


def test_misspelt_kommune_resolves_with_a_warning():
    rows, findings = extract_attendance(referat_with("Peter Rahbæk Juel, Odens"))
    assert (rows[0].kommune, rows[0].kommune_code) == ("Odense", 461)
    assert [(f.severity, f.rule, f.message) for f in findings] == [
        ("warning", "kommune_misspelt", "Peter Rahbæk Juel: kommune 'Odens' read as Odense (461)")
    ]


def test_unknown_kommune_is_null_and_an_error_never_a_guess():
    rows, findings = extract_attendance(referat_with("F (A), Atlantis Kommune", "G, Xyzborg"))
    assert [(r.kommune, r.kommune_code) for r in rows] == [(None, None), (None, None)]
    assert [(f.severity, f.rule) for f in findings] == [("error", "kommune_unknown")] * 2


def test_unreadable_line_is_a_finding_not_a_row():
    rows, findings = extract_attendance(referat_with("Ann Berg (A), Køge Kommune", "(((("))
    assert [r.name for r in rows] == ["Ann Berg"]
    assert [(f.rule, f.source_line) for f in findings] == [
        ("kommune_outside_region", 7),
        ("attendance_line_unparsed", 8),
    ]


def test_a_role_or_a_separator_is_never_part_of_the_kommune():
    rows, findings = extract_attendance(
        referat_with(
            "A (A) – Odense Kommune", "B (V), formand, Vejle Kommune", "C, borgmester, Kolding"
        )
    )
    assert [(r.kommune, r.role) for r in rows] == [
        ("Odense", None),
        ("Vejle", "formand"),
        ("Kolding", "borgmester"),
    ]
    assert findings == []


@pytest.mark.parametrize(
    "footer",
    [
        "KKR Syddanmark | Referat | 9. juni 2021",
        "Side 2 af 26",
        "Referat 09-06-2021",
        "KKR Syddanmark - Referat - 9. juni 2021",
    ],
)
def test_a_page_footer_inside_the_block_is_no_person(footer):
    rows, findings = extract_attendance(referat_with("A (A), Odense Kommune", footer, "B, Vejle"))
    assert [r.name for r in rows] == ["A", "B"]
    assert findings == []
