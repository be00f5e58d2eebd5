"""Refugee quotas and SOSU places from small inline referater: every table layout, totals rows,
sentences, and the findings when the numbers disagree."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import parse_referat
from pipeline.models import FlygtningeRow, SosuRow
from pipeline.transform import transform
from pipeline.transform.areas import place_of
from pipeline.validate.checks import (
    across_meetings,
    across_meetings_in,
    check_findings,
    statement,
    statement_columns,
    statements,
)


def referat(title: str, *body: str, region: str = "NORDJYLLAND", date: str = "11-06-2021"):
    text = "\n".join(
        (
            f"KKR {region}",
            f"Dato: {date} 10:00",
            "",
            f"1. {title}",
            "SAG-2021-00001 x",
            "Sagsfremstilling",
            *body,
            "Beslutning",
            "Ok.",
        )
    )
    return parse_referat(text.encode("utf-8"), "r.txt")


def quotas(r):
    rows = transform([r])["flygtningefordeling"]
    return sorted(
        (q.quota_year, q.level, q.area, q.kommune_code, q.quota, q.source_line) for q in rows
    )


def test_kommune_table_with_total_and_prose():
    r = referat(
        "Flygtningefordeling 2022",
        "Udlændingestyrelsen har meddelt, at landstallet for 2022 fastsættes til 600 "
        "personer – heraf 73 i Nordjylland.",
        "Kommune\tAntal flygtninge",
        "Aalborg\t70",
        "Læsø\t3",
        "<b>Samlet</b>\t<b>73</b>",
    )
    assert quotas(r) == [
        (2022, "kommune", "Aalborg", 851, 70, 9),
        (2022, "kommune", "Læsø", 825, 3, 10),
        (2022, "national", "Hele landet", None, 600, 7),
        (2022, "region", "Nordjylland", None, 73, 11),  # the table's row, not the sentence's
    ]
    assert transform([r])["findings"] == []


def test_region_table_total_is_national_and_labels_any_way():
    r = referat(
        "Fordeling af flygtninge 2023",
        "| Region | Antal |",
        "|---|---|",
        "| Region Hovedstaden | 100 |",
        "| KKR Sjælland | 50 |",
        "| Syd | 80 |",
        "| Midtjylland | 90 |",
        "| Nord | 30 |",
        "| I alt | 350 |",
    )
    assert [(y, lvl, a, q) for y, lvl, a, _, q, _ in quotas(r)] == [
        (2023, "national", "Hele landet", 350),
        (2023, "region", "Hovedstaden", 100),
        (2023, "region", "Midtjylland", 90),
        (2023, "region", "Nordjylland", 30),
        (2023, "region", "Sjælland", 50),
        (2023, "region", "Syddanmark", 80),
    ]


def test_named_region_total_and_header_region():
    r = referat(
        "Fordeling af flygtninge 2022",
        "| Region Syddanmark | Antal |",
        "|---|---|",
        "| Odense | 8 |",
        "| Vejle | 10 |",
        "| Region Syddanmark i alt | 18 |",
        region="SYDDANMARK",
    )
    assert quotas(r)[-1] == (2022, "region", "Syddanmark", None, 18, 11)


def test_sentence_and_table_that_differ_keep_the_table_and_report():
    r = referat(
        "Flygtningefordeling 2022",
        "Landstallet er fastsat til 500 personer, hvoraf 74 "
        "flygtninge forventes at skulle boligplaceres i Region Nordjylland.",
        "Kommune\tAntal",
        "Aalborg\t73",
        "Samlet\t73",
    )
    assert (2022, "region", "Nordjylland", None, 73, 10) in quotas(r)
    found = [(f.rule, f.source_line) for f in transform([r])["findings"]]
    assert found == [("quota_conflict", 7)]


def test_totals_that_do_not_add_up_are_a_finding():
    r = referat(
        "Flygtningefordeling 2022", "Kommune\tAntal", "Aalborg\t5", "Thisted\t4", "Samlet\t10"
    )
    tables = transform([r])
    (finding,) = check_findings(tables)
    assert (finding.rule, finding.source_line, finding.stage) == (
        "quota_sum_mismatch", 10, "validate"
    )  # fmt: skip
    assert finding.message == (
        "Nordjylland 2022: stated 10, but its 2 kommune rows (lines 8-9) sum to 9"
    )


def test_kommune_outside_the_meetings_region():
    r = referat("Flygtningefordeling 2022", "Kommune\tAntal", "Aalborg\t5", "Odense\t4")
    (finding,) = check_findings(transform([r]))
    assert (finding.rule, finding.source_line, finding.stage) == (
        "kommune_outside_region", 9, "validate"
    )  # fmt: skip


def test_same_quota_stated_differently_in_two_referater():
    a = referat("Flygtningefordeling 2022", "Landstallet for 2022 fastsættes til 600 personer.")
    b = referat("Flygtninge 2022", "Landstallet er fastsat til 500 personer.", region="SYDDANMARK")
    (finding,) = check_findings(transform([a, b]))
    assert finding.rule == "quota_differs_between_referater"
    assert finding.meeting_id == "syddanmark-2021-06-11"
    assert "600 in nordjylland-2021-06-11 (r.txt:7)" in finding.message


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 3)), max_size=25),
       st.integers(1, 6))  # fmt: skip
def test_quotas_across_meetings_in_batches_are_as_in_one(statements, size):
    """``across_meetings_in`` on rows given a batch at a time (as a build reads the quota
    tables back) finds what ``across_meetings`` finds on the whole table."""
    rows = sorted(
        (FlygtningeRow(f"m-{meeting}", 2022, "kommune", "Aalborg", "Nordjylland", 851, quota,
                       None, f"{meeting}.txt", line)
         for line, (meeting, quota) in enumerate(statements)),
        key=lambda r: (r.meeting_id, r.source_file, r.source_line),
    )  # fmt: skip
    batches = [list(map(statement, rows[i : i + size])) for i in range(0, len(rows), size)]
    whole = across_meetings({"flygtningefordeling": rows, "sosu_laerepladser": []})
    parts = across_meetings_in({"flygtningefordeling": batches, "sosu_laerepladser": []})
    assert parts == whole
    assert len(whole) == sum(r.meeting_id != rows[0].meeting_id and r.quota != rows[0].quota
                             for r in rows)  # fmt: skip


def test_unreadable_row_and_cell_are_findings():
    r = referat(
        "Flygtningefordeling 2022", "Kommune\tAntal", "Atlantis\t5", "Aalborg\tfem", "Thisted\t2"
    )
    found = [(f.severity, f.rule, f.source_line) for f in transform([r])["findings"]]
    assert found == [("error", "quota_row_unread", 8), ("error", "quota_value_unread", 9)]
    assert quotas(r) == [(2022, "kommune", "Thisted", 787, 2, 10)]


def test_year_from_the_header_beats_the_title():
    r = referat("Flygtningefordeling", "Kommune\tKvote 2022\tKvote 2023", "Aalborg\t5\t6")
    assert [(y, q) for y, *_, q, _ in quotas(r)] == [(2022, 5), (2023, 6)]


def test_no_year_anywhere_is_a_finding_not_a_row():
    r = referat("Flygtningefordeling", "Kommune\tAntal", "Aalborg\t5")
    tables = transform([r])
    assert tables["flygtningefordeling"] == []
    assert [f.rule for f in tables["findings"]] == ["quota_year_unknown", "unparsed_lines"]


def test_tables_outside_refugee_items_are_not_quotas():
    r = referat("Vækst Via Viden", "Kommune\tMåltal 2024", "Aalborg\t155")
    assert transform([r])["flygtningefordeling"] == []


def test_sosu_table_long_format():
    r = referat(
        "Fordeling af lærepladser på SOSU-uddannelserne for 2024",
        "\tSocial- og sundhedshjælpere\t\tSocial- og sundhedsassistenter\t",
        "\tDimensionering, 2023\tDimensionering, 2024\tDimensionering, 2023\tDimensionering, 2024",
        "Morsø\t13\t13\t26\t26",
        "Læsø\t1\t1\t4\t4",
        "\t14\t14\t30\t31",
    )
    tables = transform([r])
    rows = sorted((s.area, s.education, s.year, s.places) for s in tables["sosu_laerepladser"])
    assert rows == [
        ("Læsø", "SSA", 2023, 4),
        ("Læsø", "SSA", 2024, 4),
        ("Læsø", "SSH", 2023, 1),
        ("Læsø", "SSH", 2024, 1),
        ("Morsø", "SSA", 2023, 26),
        ("Morsø", "SSA", 2024, 26),
        ("Morsø", "SSH", 2023, 13),
        ("Morsø", "SSH", 2024, 13),
        ("Nordjylland", "SSA", 2023, 30),
        ("Nordjylland", "SSA", 2024, 31),
        ("Nordjylland", "SSH", 2023, 14),
        ("Nordjylland", "SSH", 2024, 14),
    ]
    (mismatch,) = check_findings(tables)
    assert mismatch.rule == "places_sum_mismatch" and "SSA" in mismatch.message


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Region Nordjylland", ("region", "Nordjylland")),
        ("KKR Nordjylland", ("region", "Nordjylland")),
        ("Nord", ("region", "Nordjylland")),
        ("Vesthimmerland", ("kommune", "Vesthimmerlands")),
        ("Faaborg-Midtfyn", ("kommune", "Faaborg-Midtfyn")),
        ("UCN", None),
        ("Samlet", None),
    ],
)
def test_place_of(label, expected):
    place = place_of(label)
    assert ((place.level, place.area) if place else None) == expected


SOSU_BY_REGION = [
    ("Hele landet", "SSA", 2024, 6000),
    ("Hele landet", "SSH", 2024, 3000),
    ("Hovedstaden", "SSA", 2024, 1778),
    ("Hovedstaden", "SSH", 2024, 851),
    ("Nordjylland", "SSA", 2024, 634),
    ("Nordjylland", "SSH", 2024, 313),
]


@pytest.mark.parametrize(
    "table",
    [
        (  # regions as rows
            "                      Social- og sundhedshjælpere   Social- og sundhedsassistenter",
            "                                             2024                             2024",
            "    Region Hovedstaden                        851                            1.778",
            "    Region Nordjylland                        313                              634",
            "    Hele landet                             3.000                            6.000",
        ),
        (  # regions as columns: read turned
            "                                       Hovedstaden   Nordjylland    Hele landet",
            "    Social- og sundhedshjælpere 2024           851           313          3.000",
            "    Social- og sundhedsassistenter 2024      1.778           634          6.000",
        ),
        (  # regions as columns, a tab table
            "\tHovedstaden\tNordjylland\tI alt",
            "Social- og sundhedshjælpere 2024\t851\t313\t3.000",
            "Social- og sundhedsassistenter 2024\t1.778\t634\t6.000",
        ),
    ],
)
def test_sosu_table_either_way_round(table):
    r = referat("Fordeling af lærepladser på SOSU-uddannelserne for 2024", "", *table)
    rows = transform([r])["sosu_laerepladser"]
    found = sorted((s.area, s.education, s.year, s.places) for s in rows)
    assert found == SOSU_BY_REGION
    if len(table) == 3:  # turned: each number keeps the line of its cell
        assert {s.source_line for s in rows if s.education == "SSH"} == {9}
        assert {s.source_line for s in rows if s.education == "SSA"} == {10}


def test_footnotes_and_dashes_in_a_quota_table():
    r = referat(
        "Flygtningefordeling 2022",
        "    Kommune              Antal",
        "    Aalborg                70*",
        "    Læsø                     –",
        "    Samlet               70 *)",
    )
    assert [(a, q) for _, _, a, _, q, _ in quotas(r)] == [
        ("Aalborg", 70),
        ("Læsø", 0),
        ("Nordjylland", 70),
    ]


def test_quota_table_across_a_page_break_is_read_whole_and_its_break_is_no_data():
    r = referat(
        "Flygtningefordeling 2022",
        "",
        "    Kommune              Antal",
        "    Aalborg                 70",
        "",
        "    Side 3 af 26",
        "\f",
        "    Kommune              Antal",
        "    Læsø                     3",
        "    Samlet                  73",
    )
    assert [(a, q, line) for _, _, a, _, q, line in quotas(r)] == [
        ("Aalborg", 70, 9),
        ("Læsø", 3, 14),
        ("Nordjylland", 73, 15),
    ]
    assert transform([r])["unparsed_lines"] == []


@pytest.mark.parametrize(
    "name, row",
    [
        ("flygtningefordeling",
         FlygtningeRow("m", 2022, "kommune", "Aalborg", "Nordjylland", 851, 5, None, "a.txt", 9)),
        ("sosu_laerepladser",
         SosuRow("m", 2023, "SOSU-assistent", "region", "Nordjylland", "Nordjylland", None, 412,
                 "a.txt", 12)),
    ],
)  # fmt: skip
def test_statements_read_from_columns_are_those_of_the_rows(name, row):
    """The check across meetings reads a written quota table back column by column
    (``statement_columns``, ``statements``): the statements are those of its rows."""
    columns = [[getattr(row, column)] for column in statement_columns(name)]
    assert statements(columns) == [statement(row)]
    assert statement(row).series == (
        (2022,) if name == "flygtningefordeling" else (2023, "SOSU-assistent")
    )
    assert statement(row).value == (5 if name == "flygtningefordeling" else 412)
