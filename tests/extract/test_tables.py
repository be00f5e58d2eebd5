"""The table reader on every layout in the seeds, on small inline tables."""

from pipeline.extract.tables import find_tables
from pipeline.models import TextLine
from pipeline.text import clean


def lines(*texts: str, start: int = 10) -> list[TextLine]:
    return [TextLine(start + i, clean(t)) for i, t in enumerate(texts)]


def test_tab_table_with_bold_total():
    (t,) = find_tables(
        lines("Kommune\tAntal flygtninge", "Brønderslev\t5", "Læsø\t0", "<b>Samlet</b>\t<b>5</b>")
    )
    assert (t.label_header, t.columns) == ("Kommune", ("Antal flygtninge",))
    assert [(r.label, r.cells, r.line) for r in t.rows] == [
        ("Brønderslev", ("5",), 11),
        ("Læsø", ("0",), 12),
        ("Samlet", ("5",), 13),
    ]
    assert (t.first_line, t.last_line) == (10, 13)


def test_pipe_table_with_border_row():
    (t,) = find_tables(
        lines(
            "| Region | Antal |",
            "|-----|------|",
            "| Hovedstaden | 113 |",
            "| Total (landstal) | 500 |",
        )
    )
    assert (t.label_header, t.columns) == ("Region", ("Antal",))
    assert [(r.label, r.cells) for r in t.rows] == [
        ("Hovedstaden", ("113",)),
        ("Total (landstal)", ("500",)),
    ]


def test_header_over_two_lines_with_spanning_cells_and_unlabelled_total():
    (t,) = find_tables(
        lines(
            "\tSocial- og sundheds- hjælpere\t\tSocial- og sundheds- assistenter\t",
            "\tDimensionering 2023\tDimensionering 2024\tDimensionering 2023\tDimensionering 2024",
            "Region Hovedstaden\t849\t851\t1.776\t1.778",
            "\t313\t313\t635\t634",
        )
    )
    assert t.columns == (
        "Social- og sundhedshjælpere Dimensionering 2023",
        "Social- og sundhedshjælpere Dimensionering 2024",
        "Social- og sundhedsassistenter Dimensionering 2023",
        "Social- og sundhedsassistenter Dimensionering 2024",
    )
    assert [(r.label, r.cells) for r in t.rows] == [
        ("Region Hovedstaden", ("849", "851", "1.776", "1.778")),
        ("", ("313", "313", "635", "634")),
    ]


def test_table_without_header_and_two_tables_split_by_text():
    found = find_tables(lines("Aalborg\t24", "Læsø\t0", "Tekst imellem.", "A\t1", "B\t2"))
    assert [[r.label for r in t.rows] for t in found] == [["Aalborg", "Læsø"], ["A", "B"]]
    assert found[0].columns == ("",)


def test_text_without_numbers_is_no_table():
    assert find_tables(lines("Navn\tRolle", "Ann\tFormand")) == ()
    assert find_tables(lines("Bare tekst", "og mere tekst")) == ()


def test_words_broken_by_conversion_are_mended_in_cells():
    (t,) = find_tables(
        lines(
            "\tÅr 2023 (i 2024 pri- ser)\tÅr 2024",
            "Budget samlet\t34.741.04 3\t36.061.16 7",
            "Heraf Tilbudsafdelin- gen\t16.301.01 3\t16.905.10 9",
        )
    )
    assert t.columns == ("År 2023 (i 2024 priser)", "År 2024")
    assert [r.label for r in t.rows] == ["Budget samlet", "Heraf Tilbudsafdelingen"]
