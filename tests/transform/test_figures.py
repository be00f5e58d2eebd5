"""Nothing lost, figure by figure: every figure of a quota item or a table is read, explained by
a rule, or reported. A quota table in a layout no reader knows is reported, never silent."""

import pytest

from pipeline.extract import parse_referat
from pipeline.models import TextLine
from pipeline.rules import first_match
from pipeline.transform import referat_tables
from pipeline.transform.figures import EXPLANATIONS, FIGURE, MARK, NOT_DATA, Known, _figure

NOTHING = Known(set(), set(), [], False)


@pytest.mark.parametrize(
    ("text", "figure", "expected"),
    [
        ("meddelt den 29. april 2021, at", "29", "date"),
        ("meddelt den 29. april 2021, at", "2021", "date"),
        ("Mødet 11-06-2021 kl. 10", "11", "date"),
        ("i perioden 2022-2026 fordelt", "2022", "period"),
        ("flygtningefordelingen for 2022", "2022", "year"),
        ("fra kl. 13 til", "13", "time"),
        ("en stigning på 40 pct. i", "40", "percentage"),
        ("Frederikshavn/Læsø (11%***)", "11", "percentage"),
        ("jf. integrationslovens § 8, stk. 3", "8", "law_reference"),
        ("jf. integrationslovens § 8, stk. 3", "3", "law_reference"),
        ("2. Flygtningefordeling", "2", "number_of_a_point"),
        ("Tabel 1. Minimumsdimensionering 2022", "1", "table_number"),
        ("kvoten udgør 350 mod tidligere 250", "250", "previous_figure"),
        ("hævet fra 2.500 til 4.000", "2.500", "previous_figure"),
        ("Det er 315 flere end i 2021", "315", "difference"),
        ("mellem de 11 nordjyske kommuner", "11", "count_of_other"),
        ("indgik kommunerne 9.558 lærepladsaftaler", "9.558", "count_of_other"),
        ("I alt har 29, ud af 83 inviterede", "83", "count_of_other"),
        ("12 ud af 39 har svaret", "12", "share"),
        ("fordeles 9.000 lærepladser blandt", "9.000", "places_total"),
        ("heraf 73 i Nordjylland", "73", None),
        ("Aalborg: 24, Hjørring: 7", "24", None),
        ("skal modtage 437 flygtninge", "437", None),
    ],
)
def test_a_rule_explains_a_figure_or_none_does(text, figure, expected):
    match = next(m for m in FIGURE.finditer(text) if m.group() == figure)
    result = _figure(TextLine(1, text), match, NOTHING)
    assert (result.reason, result.status) == (expected, "explained" if expected else "unexplained")


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Budget samlet\t34.741.04 3\t36.061.16 7", ["34.741.04 3", "36.061.16 7"]),
        ("SAG-2021-02944 hast", []),
        ("Aalborg 1.776 og 3,8", ["1.776", "3,8"]),
        ("den 11.06.2021", []),
        ("3.4. Flygtningefordeling kl. 13.30", []),
    ],
)
def test_figures_are_found_whole(text, figures):
    assert [m.group() for m in FIGURE.finditer(text)] == figures


def test_every_rule_is_in_the_dictionary():
    assert {r.name for r in NOT_DATA} | {"restated", "reported"} == set(EXPLANATIONS)
    assert first_match(NOT_DATA, MARK.format("2024")).rule == "year"


REFERAT = """KKR NORDJYLLAND
Dato: 11-06-2021 10:00

1. Flygtningefordeling 2022
SAG-2021-02944 hast
Baggrund
Landstallet for 2022 er fastsat til 600 personer, heraf 73 i Nordjylland.
Fordelingen er: Aalborg: 24 · Hjørring: 7 · Thisted: 5 · Rebild: 5.
Beslutning
Godkendt den 11. juni 2021.
"""


def test_a_quota_table_no_reader_knows_is_reported_figure_by_figure():
    tables = referat_tables(parse_referat(REFERAT.encode(), "x.txt"))
    assert [(r.quota, r.area) for r in tables["flygtningefordeling"]] == [
        (600, "Hele landet"),
        (73, "Nordjylland"),
    ]
    found = [f.message for f in tables["findings"] if f.rule == "figure_unexplained"]
    assert [m.split(":")[1].strip() for m in found] == [
        "the figure 24 is in no row and no rule explains it",
        "the figure 7 is in no row and no rule explains it",
        "the figure 5 is in no row and no rule explains it",
        "the figure 5 is in no row and no rule explains it",
    ]
    assert [(r.source_line, r.block) for r in tables["unparsed_lines"]] == [(8, "figure")]
