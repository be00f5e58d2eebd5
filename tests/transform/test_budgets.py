"""Budgets from small inline referater: entity, year, measure, unit, percentage, tables."""

import pytest

from pipeline.extract import parse_referat
from pipeline.transform import transform
from pipeline.transform.unparsed_lines import consumed_lines, lines_to_account_for
from pipeline.validate.checks import budget_findings


def referat(title: str, *body: str):
    text = "\n".join(
        (
            "KKR NORDJYLLAND",
            "Dato: 22-09-2023 09:45",
            "",
            f"2.5. {title}",
            "SAG-2023-00001 x",
            "Sagsfremstilling",
            *body,
            "Beslutning",
            "Ok.",
        )
    )
    return parse_referat(text.encode("utf-8"), "b.txt")


def budgets(*body: str, title: str = "Socialtilsyn Nord – budget og takster for 2024"):
    rows = transform([referat(title, *body)])["budgets"]
    return [
        (
            b.entity,
            b.fiscal_year,
            b.measure,
            b.amount_dkk,
            b.percent,
            b.unit_note,
            b.basis,
            b.source_line,
        )
        for b in rows
    ]


def test_sentence_with_two_years_and_a_tied_percentage():
    assert budgets(
        "Det samlede budget for 2024 udgør 36,0 mio. kr. mod 34,7 mio. kr. i 2023. Det svarer "
        "til en stigning med 1.320.124 kr., svarende til 3,8 pct."
    ) == [
        ("Socialtilsyn Nord", 2024, "budget", 36000000, None, None, "text", 7),
        ("Socialtilsyn Nord", 2023, "budget", 34700000, None, None, "text", 7),
        ("Socialtilsyn Nord", None, "stigning", 1320124, 3.8, None, "text", 7),
    ]


def test_percentage_before_the_amount_and_not_an_amount_itself():
    rows = budgets("Budgettet medfører en stigning på 3,8 pct. svarende til 1,3 mio. kr.")
    assert rows == [("Socialtilsyn Nord", None, "stigning", 1300000, 3.8, None, "text", 7)]


def test_entity_from_the_sentence_when_the_title_names_none():
    rows = budgets(
        "Region Nordjylland forventer at budgettere med et udviklingsbidrag på 122 kr. pr. "
        "indbygger for 2024.",
        "Borgerne skal spare 5 mio. kr.",
        title="Siden sidst",
    )
    assert rows == [
        ("Region Nordjylland", 2024, "bidrag", 122, None, "pr. indbygger", "text", 7),
        (None, None, "besparelse", 5000000, None, None, "text", 8),
    ]


def test_period_and_dates_are_not_fiscal_years():
    rows = budgets(
        "Lånepuljen på 1,5 mia. kr. i perioden 2024-2026 blev aftalt den 30. juni 2023.",
        "Ekspertgruppen kommer medio 2023 med forslag, der skal tilvejebringe 2 mia. kr. årligt.",
        title="Siden sidst",
    )
    assert rows == [
        (None, None, "pulje", 1500000000, None, "i perioden 2024-2026", "text", 7),
        (None, None, "besparelse", 2000000000, None, "årligt", "text", 8),
    ]


def test_money_table_with_broken_numbers_and_words():
    body = (
        "Tabel 1: Udviklingen i budgettet:",
        "\tÅr 2023 (i 2024 pri- ser)\tÅr 2024",
        "Budget samlet\t34.741.04 3\t36.061.16 7",
        "Heraf Tilbudsafdelin- gen\t16.301.01 3\t16.905.10 9",
        "Heraf Plejefamilieaf- delingen\t18.440.03 0\t19.156.05 8",
    )
    rows = transform([referat("Socialtilsyn Nord – budget og takster for 2024", *body)])["budgets"]
    assert [(b.label, b.fiscal_year, b.amount_dkk, b.amount_text, b.unit_note) for b in rows] == [
        ("Budget samlet", 2023, 34741043, "34.741.04 3", "i 2024-priser"),
        ("Budget samlet", 2024, 36061167, "36.061.16 7", None),
        ("Heraf Tilbudsafdelingen", 2023, 16301013, "16.301.01 3", "i 2024-priser"),
        ("Heraf Tilbudsafdelingen", 2024, 16905109, "16.905.10 9", None),
        ("Heraf Plejefamilieafdelingen", 2023, 18440030, "18.440.03 0", "i 2024-priser"),
        ("Heraf Plejefamilieafdelingen", 2024, 19156058, "19.156.05 8", None),
    ]
    assert {(b.measure, b.basis, b.entity) for b in rows} == {
        ("budget", "table", "Socialtilsyn Nord")
    }
    assert rows[0].quote == "Budget samlet | 34.741.04 3 | 36.061.16 7"
    assert budget_findings(rows) == []


def test_a_table_of_counts_is_not_money():
    rows = budgets(
        "Samlet måltal for 2024", "Aalborg\t155", "Hjørring\t55", title="Vækst Via Viden"
    )
    assert rows == []


def test_parts_that_do_not_sum_to_the_total():
    body = ("Tabel 1: Budget", "\tÅr 2024", "Budget samlet\t100", "Heraf A\t60", "Heraf B\t30")
    rows = transform([referat("Socialtilsyn Nord – budget og takster for 2024", *body)])["budgets"]
    (finding,) = budget_findings(rows)
    assert (finding.rule, finding.source_line) == ("budget_parts_mismatch", 9)
    assert (
        finding.message == "Budget samlet 2024: 100 stated, but its parts on lines 10, 11 sum to 90"
    )


def test_a_stated_difference_that_is_not_the_difference():
    body = (
        "Det samlede budget for 2024 udgør 36,1 mio. kr. Det svarer til en stigning med "
        "1.000.000 kr.",
        "Tabel 1: Budget",
        "\tÅr 2023\tÅr 2024",
        "Budget samlet\t34.741.043\t36.061.167",
    )
    rows = transform([referat("Socialtilsyn Nord – budget og takster for 2024", *body)])["budgets"]
    (finding,) = budget_findings(rows)
    assert (finding.rule, finding.source_line) == ("budget_difference_mismatch", 7)
    assert "minus 2023 is 1320124 (line 10)" in finding.message


def test_rounded_figures_against_the_exact_table():
    body = (
        "Det samlede budget for 2024 udgør 36,0 mio. kr. mod 34,8 mio. kr. i 2023.",
        "Tabel 1: Budget",
        "\tÅr 2023\tÅr 2024",
        "Budget samlet\t34.741.043\t36.061.167",
    )
    rows = transform([referat("Socialtilsyn Nord – budget og takster for 2024", *body)])["budgets"]
    found = [(f.severity, f.rule, f.message) for f in budget_findings(rows)]
    assert found == [
        (
            "info",
            "rounded_amount_truncated",
            "36,0 mio. kr. (line 7) vs 36061167 (line 10): truncated, not rounded",
        ),
        (
            "warning",
            "rounded_amount_disagrees",
            "34,8 mio. kr. (line 7) vs 34741043 (line 10): rounds to 34700000",
        ),
    ]


def text_rows(*body: str, title: str = "Socialtilsyn Nord – budget og takster for 2024"):
    """The text rows of ``body`` (lines 7, 8, ...) with what a wrap could change."""
    rows = transform([referat(title, *body)])["budgets"]
    return [
        (b.fiscal_year, b.measure, b.label, b.amount_text, b.percent, b.unit_note, b.source_line)
        for b in rows
        if b.basis == "text"
    ]


UNWRAPPED = (
    "Det samlede budget for 2024 udgør 36,0 mio. kr. mod 34,7 mio. kr. i 2023. Det svarer til "
    "en stigning med 1.320.124 kr., svarende til 3,8 pct."
)
UNWRAPPED_ROWS = [
    (2024, "budget", "Det samlede budget for 2024 udgør 36,0 mio. kr. mod 34,7 mio. kr. i 2023",
     "36,0 mio. kr.", None, None, 7),
    (2023, "budget", "Det samlede budget for 2024 udgør 36,0 mio. kr. mod 34,7 mio. kr. i 2023",
     "34,7 mio. kr.", None, None, 7),
    (None, "stigning", "Det svarer til en stigning med 1.320.124 kr.", "1.320.124 kr.", 3.8, None,
     7),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((UNWRAPPED,), UNWRAPPED_ROWS),
        # the amount split between scale and kr.: the row stands on the line of its number
        (("Det samlede budget for 2024 udgør 36,0 mio.", "kr. mod 34,7 mio. kr. i 2023. Det",
          "svarer til en stigning med 1.320.124 kr., svarende til 3,8 pct."),
         [(*r[:-1], line) for r, line in zip(UNWRAPPED_ROWS, (7, 8, 9), strict=True)]),
        # the number alone at the end of a line, kr. on the next
        (("Det samlede budget for 2024 udgør 36,0", "mio. kr. mod 34,7 mio. kr. i 2023. Det svarer",
          "til en stigning med 1.320.124", "kr., svarende til 3,8 pct."),
         [(*r[:-1], line) for r, line in zip(UNWRAPPED_ROWS, (7, 8, 9), strict=True)]),
        # the year on the line before the amount, the tied percentage on the line after
        (("Det samlede budget for", "2024 udgør 36,0 mio. kr. mod 34,7 mio. kr. i", "2023. Det",
          "svarer til en stigning med 1.320.124 kr., svarende til", "3,8 pct."),
         [(*r[:-1], line) for r, line in zip(UNWRAPPED_ROWS, (8, 8, 10), strict=True)]),
        # the measure word and the percentage before the amount, on earlier lines
        (("Budgettet medfører en stigning", "på 3,8 pct. svarende", "til 1,3 mio. kr."),
         [(None, "stigning", "Budgettet medfører en stigning på 3,8 pct. svarende til 1,3 mio. kr.",
           "1,3 mio. kr.", 3.8, None, 9)]),
        # the unit words on the next line; a period over a line break
        (("Lånepuljen på 1,5 mia. kr. i perioden", "2024-2026 blev aftalt den 30. juni 2023.",
          "Region Nordjylland forventer et udviklingsbidrag på 122 kr.", "pr. indbygger for 2024."),
         [(None, "pulje", "Lånepuljen på 1,5 mia. kr. i perioden 2024-2026 blev aftalt den 30. "
           "juni 2023", "1,5 mia. kr.", None, "i perioden 2024-2026", 7),
          (2024, "bidrag", "Region Nordjylland forventer et udviklingsbidrag på 122 kr. pr. "
           "indbygger for 2024", "122 kr.", None, "pr. indbygger", 9)]),
        # a heading and a list point without a full stop are not part of the next sentence
        (("Økonomi", "- Halvdelen af overskuddet på 250.990 kr. er overført",
          "- Budget 2024 er opjusteret med 150.000 kr."),
         [(None, "overskud", "Halvdelen af overskuddet på 250.990 kr. er overført",
           "250.990 kr.", None, None, 8),
          (2024, "stigning", "Budget 2024 er opjusteret med 150.000 kr.", "150.000 kr.", None,
           None, 9)]),
        # paragraphs end at a blank line: the year of one is not the year of the next
        (("Regnskab 2022.", "", "Der er afsat 5 mio. kr."),
         [(None, "bevilling", "Der er afsat 5 mio. kr.", "5 mio. kr.", None, None, 9)]),
    ],
)  # fmt: skip
def test_amounts_and_sentences_wrapped_over_lines(lines, expected):
    assert text_rows(*lines) == expected


def test_wrapped_amount_keeps_its_text_folded_and_its_quote_whole():
    (row,) = transform([referat("Siden sidst", "Der er afsat 36,0 mio.", "  kr. til Region",
                                "Nordjylland i 2024.")])["budgets"]  # fmt: skip
    assert (row.amount_text, row.amount_dkk, row.fiscal_year, row.source_line) == (
        "36,0 mio. kr.", 36000000, 2024, 7,
    )  # fmt: skip
    assert row.quote == "Der er afsat 36,0 mio. kr. til Region Nordjylland i 2024."


def test_a_wrapped_amount_is_accounted_for_on_the_line_it_starts():
    doc = referat("Siden sidst", "Der er afsat 36,0", "mio. kr. i alt.", "Tabel 1: Budget",
                  "\tÅr 2024", "Budget samlet\t100")  # fmt: skip
    blocks = lines_to_account_for(doc)
    assert {n: b for n, b in blocks.items() if b == "money"} == {7: "money"}
    tables = transform([doc])
    assert {r.source_line for r in tables["budgets"] if r.basis == "text"} == {7}
    assert 7 in consumed_lines(doc, tables) and 8 not in blocks
