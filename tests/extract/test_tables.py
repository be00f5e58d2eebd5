"""The table reader on every layout in the seeds, on small inline tables."""

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import read_referat
from pipeline.extract.segment import normalise_lines
from pipeline.extract.tables import _may_be_row, find_tables
from pipeline.models import TextLine
from pipeline.numbers import parse_cell
from pipeline.text import clean
from tests.conftest import RAW_DIR, SEEDS


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


# --------------------------------------------------------------------------- space-aligned
# (pdftotext -layout: columns aligned by spaces, every line indented, figures right-aligned)


def layout_lines(text: str) -> tuple[TextLine, ...]:
    """Lines as the normaliser makes them (layout kept, page footers blanked, form feeds)."""
    return normalise_lines(text.split("\n"))


def grid(table) -> tuple:
    return (
        table.label_header,
        table.columns,
        [(r.label, r.cells) for r in table.rows],
    )


QUOTA = """\
    Kommune                 2023      2024
    Aalborg                   24        25
    Læsø                                 0
    Brønderslev                5         6
    I alt                     29        31"""

QUOTA_GRID = (
    "Kommune",
    ("2023", "2024"),
    [
        ("Aalborg", ("24", "25")),
        ("Læsø", ("", "0")),
        ("Brønderslev", ("5", "6")),
        ("I alt", ("29", "31")),
    ],
)

HEADER, AALBORG, LAESOE, REST = (
    "\n".join(QUOTA.split("\n")[:1]),
    "\n".join(QUOTA.split("\n")[1:2]),
    "\n".join(QUOTA.split("\n")[2:3]),
    "\n".join(QUOTA.split("\n")[3:]),
)


def test_space_aligned_quota_table_with_an_empty_cell():
    (t,) = find_tables(layout_lines(QUOTA))
    assert grid(t) == QUOTA_GRID
    assert [r.line for r in t.rows] == [2, 3, 4, 5]
    assert (t.first_line, t.last_line) == (1, 5)


@pytest.mark.parametrize(
    "text",
    [
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\n\n{REST}",  # blank lines
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\f\n{REST}",  # a form feed line
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\f{REST}",  # a form feed before the next row
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\n    Side 3 af 26\n\f\n{REST}",  # a blanked footer
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\n    Side 3 af 26\n\f\n{HEADER}\n{REST}",  # header again
        f"{HEADER}\n{AALBORG}\n\f\n{HEADER}\n{LAESOE}\n{REST}",  # header again, empty cell below
        f"{HEADER}\n{AALBORG}\n{LAESOE}\n\f\n{HEADER}\n{REST}",  # header again, two rows
    ],
)
def test_space_table_cut_by_a_page_break_is_one_table(text):
    (t,) = find_tables(layout_lines(text))
    assert grid(t) == QUOTA_GRID


def test_tab_table_cut_by_a_page_break_is_one_table():
    text = "Kommune\tAntal\nAalborg\t24\n\n    Side 3 af 26\n\fKommune\tAntal\nLæsø\t0\nI alt\t24"
    (t,) = find_tables(layout_lines(text))
    assert grid(t) == (
        "Kommune",
        ("Antal",),
        [("Aalborg", ("24",)), ("Læsø", ("0",)), ("I alt", ("24",))],
    )


SOSU_COLUMNS = (
    "Social- og sundhedshjælpere 2023",
    "Social- og sundhedshjælpere 2024",
    "Social- og sundhedsassistenter 2023",
    "Social- og sundhedsassistenter 2024",
)


YEARS = "                                2023            2024              2023            2024"


def test_space_group_header_written_from_the_left_is_over_its_sub_headers():
    """pdftotext prints a caption over two columns from the left: it juts less than half into
    the second column, but stands over that column's sub-header, so over the column."""
    text = (
        "                      Social- og sundheds- hjælpere                 Social- og sundheds- assistenter\n"  # noqa: E501
        "                      Dimensionering 2023    Dimensionering 2024    Dimensionering 2023    Dimensionering 2024\n"  # noqa: E501
        "Region Hovedstaden                    849                    851                  1.776                  1.778\n"  # noqa: E501
        "Hele landet                         3.000                  3.000                  5.997                  6.000"  # noqa: E501
    )
    (t,) = find_tables(layout_lines(text))
    assert t.columns == tuple(
        f"{education} Dimensionering {year}"
        for education in ("Social- og sundhedshjælpere", "Social- og sundhedsassistenter")
        for year in (2023, 2024)
    )


@pytest.mark.parametrize(
    "header",
    [
        # a caption centred over two year columns
        "                         Social- og sundhedshjælpere    Social- og sundhedsassistenter\n"
        + YEARS,
        # the captions wrapped over two lines, broken with a hyphen
        "                             Social- og sundheds-            Social- og sundheds-\n"
        "                                   hjælpere                      assistenter\n" + YEARS,
        # a caption jutting out over the next column is over the two it covers
        "                      Social- og sundhedshjælpere       Social- og sundhedsassistenter\n"
        + YEARS,
    ],
)
def test_space_header_spanning_and_wrapped(header):
    body = (
        "    Region Hovedstaden           849             851             1.776           1.778\n"
        "    Hele landet                3.000           3.000             5.997           6.000"
    )
    (t,) = find_tables(layout_lines(f"{header}\n{body}"))
    assert t.columns == SOSU_COLUMNS
    assert [(r.label, r.cells) for r in t.rows] == [
        ("Region Hovedstaden", ("849", "851", "1.776", "1.778")),
        ("Hele landet", ("3.000", "3.000", "5.997", "6.000")),
    ]


WRAPPED = [("Region Hovedstaden", ("849", "851")), ("Region Sjælland", ("474", "474"))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # labels end below their figures: join upward
            "    Region           849     851\n    Hovedstaden\n"
            "    Region           474     474\n    Sjælland",
            WRAPPED,
        ),
        (  # labels start above their figures: join downward
            "    Region\n    Hovedstaden      849     851\n"
            "    Region\n    Sjælland         474     474",
            WRAPPED,
        ),
        (  # the figures between the two lines of the label
            "    Region\n                     849     851\n    Hovedstaden\n"
            "    Region\n                     474     474\n    Sjælland",
            WRAPPED,
        ),
        (  # a label going on in lower case joins the row above, a broken word mended
            "    Social- og sund-   13      13\n    hedshjælpere\n    Aalborg            98    98",
            [("Social- og sundhedshjælpere", ("13", "13")), ("Aalborg", ("98", "98"))],
        ),
        (  # an unlabelled total takes no label
            "    Region           849     851\n    Hovedstaden\n                     849     851",
            [("Region Hovedstaden", ("849", "851")), ("", ("849", "851"))],
        ),
        (  # figures on the first line of one label, the last of the next: each label starts
            # at the repeated first line
            "    Region           849     851\n    Hovedstaden\n"
            "    Region\n    Sjælland         474     474\n"
            "    Hele landet    3.000   3.000",
            [*WRAPPED, ("Hele landet", ("3.000", "3.000"))],
        ),
    ],
)
def test_wrapped_row_labels(text, expected):
    (t,) = find_tables(layout_lines(text))
    assert [(r.label, r.cells) for r in t.rows] == expected


def test_labels_wrapped_at_a_repeated_first_line_keep_the_line_of_their_figures():
    text = "    Region           849     851\n    Hovedstaden\n    Region\n    Sjælland   474   474"
    (t,) = find_tables(layout_lines(text))
    assert [(r.label, r.line) for r in t.rows] == [
        ("Region Hovedstaden", 1),
        ("Region Sjælland", 4),
    ]


def test_wrapped_label_keeps_the_line_of_its_figures():
    (t,) = find_tables(
        layout_lines("    Region\n    Hovedstaden      849     851\n    Aalborg   1   2")
    )
    assert [r.line for r in t.rows] == [2, 3]


@pytest.mark.parametrize(
    ("cells", "read"),
    [
        (("81*", "81 *)"), (81, 81)),
        (("81¹", "81²"), (81, 81)),
        (("81a)", "1.776*"), (81, 1776)),
        (("-", "–"), (0, 0)),
        (("—", "34.741.04 3"), (0, 34741043)),
    ],
)
def test_footnote_markers_and_dashes_in_cells(cells, read):
    text = f"    Kommune       A          B\n    Aalborg     {cells[0]:>6}     {cells[1]:>12}"
    (t,) = find_tables(layout_lines(text))
    assert t.rows[0].cells == cells
    assert tuple(parse_cell(c) for c in t.rows[0].cells) == read


def test_transposed_table_turns_the_grid_and_keeps_each_cells_line():
    (t,) = find_tables(
        layout_lines(
            "                  Hovedstaden   Sjælland   I alt\n"
            "    SSH 2023              849        474   1.323\n"
            "    SSA 2023            1.776        955   2.731"
        )
    )
    turned = t.transposed()
    assert turned.columns == ("SSH 2023", "SSA 2023")
    assert [(r.label, r.cells, r.lines) for r in turned.rows] == [
        ("Hovedstaden", ("849", "1.776"), (2, 3)),
        ("Sjælland", ("474", "955"), (2, 3)),
        ("I alt", ("1.323", "2.731"), (2, 3)),
    ]
    assert turned.transposed().rows == t.rows


@pytest.mark.parametrize(
    "text",
    [
        "    Det  er  en  lang  linje  med  tekst  som  er  justeret  og  har  2024  i  sig\n"
        "    og  her  er  en  linje  mere  med  tal  som  12  og  mere  tekst  til  slut.",
        "    I 2024 fordeles  9.000  lærepladser blandt de fem KKR efter den nøgle, som\n"
        "    blev aftalt i 2019,  og  kommunerne kan oprette  flere  pladser end  300.",
        "    Lærepladserne     fordeles  efter  en  nøgle  fra  2019.",
    ],
)
def test_justified_prose_with_double_spaces_is_no_table(text):
    assert find_tables(layout_lines(text)) == ()


@pytest.mark.parametrize(
    "text",
    [
        f"{QUOTA}\n\n    Her følger fordelingen på de nordjyske kommuner i 2024:\n\n{QUOTA}",
        f"{QUOTA}\n    Her følger fordelingen på de nordjyske kommuner i 2024:\n{QUOTA}",
        "Aalborg\t24\nLæsø\t0\n\nTekst imellem.\n\nA\t1\nB\t2",
    ],
)
def test_two_tables_separated_by_text_stay_two(text):
    assert len(find_tables(layout_lines(text))) == 2


def test_two_tab_tables_with_different_headers_across_a_break_stay_two():
    text = "Kommune\tAntal\nAalborg\t24\n\nRegion\tAntal\nNordjylland\t73"
    assert [t.label_header for t in find_tables(layout_lines(text))] == ["Kommune", "Region"]


@pytest.mark.parametrize(
    ("line", "may_be_row"),
    [
        (TextLine(1, "Kommuner har modtaget 73 flygtninge i 2024."), False),  # prose
        (TextLine(1, ""), False),  # blank
        (TextLine(1, "Aalborg\t73"), True),  # tab-separated
        (TextLine(1, "| Aalborg | 73 |"), True),  # pipe table
        (TextLine(1, "| 73"), False),  # one pipe: prose that starts with one
        (TextLine(1, "Aalborg 73", "Aalborg     73"), True),  # space-aligned layout
        (TextLine(1, "Aalborg 73", "Aalborg\u200373"), True),  # another space character
    ],
)
def test_a_line_may_be_a_row_only_when_it_may_hold_cells(line, may_be_row):
    """``_may_be_row`` decides which items are read for tables at all: prose-only items are not.
    It says True for every line the table reader takes a cell from."""
    assert _may_be_row(line) is may_be_row


def test_an_item_of_prose_only_has_no_tables_even_with_figures():
    assert find_tables(lines("I 2024 modtager kommunerne 1.234 flygtninge.", "", "Side 3")) == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Aalborg\t73", "| A | 1 |", "Aalborg  73", "Tekst 3.", "", "x"])))
def test_the_prose_shortcut_finds_what_the_whole_reader_finds(texts):
    """Every line sent through the reader (no shortcut) gives the tables the shortcut gives."""
    found = find_tables(lines(*texts))
    with patch("pipeline.extract.tables._may_be_row", lambda line: True):
        assert find_tables(lines(*texts)) == found


@pytest.mark.parametrize("seed", SEEDS)
def test_the_prose_shortcut_finds_every_seed_table(seed):
    referat = read_referat(RAW_DIR / seed, RAW_DIR)
    with patch("pipeline.extract.tables._may_be_row", lambda line: True):
        assert all(find_tables(item.lines) == item.tables for item in referat.items)
