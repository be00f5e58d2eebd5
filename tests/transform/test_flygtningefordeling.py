"""Unit tests of the quota grammar: every way a sentence states a quota, on one line and wrapped
over two (as ``pdftotext -layout`` wraps a paragraph), and numbers that are no quota."""

import pytest

from pipeline.extract import parse_referat
from pipeline.text import Paragraph, paragraphs
from pipeline.transform.flygtningefordeling import prose_quotas

NAT, NJ, SD, MJ, SJ, HS = (
    ("national", "Hele landet"),
    ("region", "Nordjylland"),
    ("region", "Syddanmark"),
    ("region", "Midtjylland"),
    ("region", "Sjælland"),
    ("region", "Hovedstaden"),
)

FORMS = [
    (
        "Udlændingestyrelsen har meddelt, at landstallet for 2022 fastsættes til 600 personer – "
        "heraf 73 i Nordjylland.",
        [(2022, *NAT, 600, None), (2022, *NJ, 73, None)],
    ),
    (
        "Landstallet er fastsat til 500 personer, hvoraf 113 flygtninge forventes at skulle "
        "boligplaceres i Region Syddanmark.",
        [(2021, *NAT, 500, None), (2021, *SD, 113, None)],
    ),
    (
        "Det forventede flygtningetal for kommunerne i KKR Syddanmark er dermed i alt 113 "
        "personer i 2022.",
        [(2022, *SD, 113, None)],
    ),
    (
        "Landstallet er 2.000, og heraf skal de midtjyske kommuner modtage 437.",
        [(2021, *NAT, 2000, None), (2021, *MJ, 437, None)],
    ),
    ("De sjællandske kommuner skal modtage 75 personer i 2023.", [(2023, *SJ, 75, None)]),
    ("Hovedstadens kommuner forventes boligplaceret 113 flygtninge.", [(2021, *HS, 113, None)]),
    ("De nordjyske kommuner udgør 73 i 2022.", [(2022, *NJ, 73, None)]),
    ("Aarhus Kommune skal modtage 50 flygtninge i 2022.", [(2022, "kommune", "Aarhus", 50, None)]),
    ("Region Nordjylland er opjusteret til 90.", [(2021, *NJ, 90, None)]),
    ("Landstallet er hævet fra 2.500 til 4.000.", [(2021, *NAT, 4000, 2500)]),
    ("Landstallet er nedjusteret fra 1.000 til 750 personer.", [(2021, *NAT, 750, 1000)]),
    (
        "Landstallet er fastsat til henholdsvis 900 personer i 2019 og 1.100 personer i 2020.",
        [(2019, *NAT, 900, None), (2020, *NAT, 1100, None)],
    ),
    ("Kvoten for 2021 udgør 350 mod tidligere 250.", [(2021, *NJ, 350, 250)]),
    ("Landstallet fastsættes således til 500 i 2022.", [(2022, *NAT, 500, None)]),
    (
        "Til sammenligning er der aftalt en kommunefordeling i KKR Sjælland, hvor kvoten udgør "
        "350 flygtninge.",
        [(2021, *SJ, 350, None)],
    ),
    (
        "Kvoterne for de midtjyske kommuner var henholdsvis 900 personer i 2018 og 1.100 "
        "personer i 2019.",
        [(2018, *MJ, 900, None), (2019, *MJ, 1100, None)],
    ),
    ("I KKR Sjælland forventes 560 flygtninge boligplaceret i 2021.", [(2021, *SJ, 560, None)]),
    ("I Nordjylland skal 73 personer modtages.", [(2021, *NJ, 73, None)]),
    # numbers that are not quotas
    ("Landstallet er steget med 12 % i forhold til sidste år.", []),
    ("Landstallet er 12 procent højere.", []),
    ("Kommunerne har indtil den 10. september 2021 til at give besked.", []),
    ("Kvoterne fordeles mellem de 11 nordjyske kommuner.", []),
    ("Heraf er der i Nordjylland 4 institutioner og 11 skoler.", []),
    ("Landstallet er fastsat for 2022.", []),
    ("I Nordjylland forventes 20 nye boliger opført i 2022.", []),
    ("I Nordjylland forventes 4 kommuner at modtage flere.", []),
]


def _wrapped(sentence: str) -> tuple[str, str]:
    """The sentence wrapped at the space nearest its middle, indented like pdftotext."""
    middle = len(sentence) // 2
    cut = min((i for i, c in enumerate(sentence) if c == " "), key=lambda i: abs(i - middle))
    return "    " + sentence[:cut], "    " + sentence[cut + 1 :]


def quotas(*body: str, title: str = "Flygtningefordeling 2021"):
    text = "\n".join(
        ("KKR NORDJYLLAND", "Dato: 11-06-2021 10:00", "", f"1. {title}", "SAG-2021-00001 x",
         "Sagsfremstilling", "", *body, "", "Beslutning", "Ok.")
    )  # fmt: skip
    (item,) = parse_referat(text.encode(), "r.txt").items
    return prose_quotas(item, "Nordjylland")


def _rows(stated):
    return [(s.year, s.area.level, s.area.area, s.value, s.revised_from) for s in stated]


@pytest.mark.parametrize(("sentence", "expected"), FORMS)
def test_quota_sentence(sentence, expected):
    assert _rows(quotas(sentence)) == expected


@pytest.mark.parametrize(("sentence", "expected"), FORMS)
def test_quota_sentence_wrapped_over_two_lines(sentence, expected):
    assert _rows(quotas(*_wrapped(sentence))) == expected


def test_each_figure_keeps_the_line_it_stands_on():
    stated = quotas(
        "  Udlændingestyrelsen har meddelt, at landstallet for 2022",
        "  fastsættes til 600 personer – heraf 73 i Nordjylland, og",
        "  heraf skal de midtjyske kommuner modtage",
        "  437.",
    )
    assert [(s.area.area, s.value, s.line) for s in stated] == [
        ("Hele landet", 600, 9),
        ("Nordjylland", 73, 9),
        ("Midtjylland", 437, 11),
    ]


def test_the_year_of_an_earlier_clause_carries_over():
    stated = quotas("Landstallet for 2023 er 4.000, hvoraf 437 i Region Midtjylland.")
    assert [(s.year, s.area.area) for s in stated] == [(2023, "Hele landet"), (2023, "Midtjylland")]


def test_table_lines_and_blank_lines_end_a_paragraph():
    found = paragraphs([(1, "Landstallet er"), (2, "fastsat"), (4, "til 500"), (5, "A\t1")])
    assert found == [
        Paragraph("Landstallet er fastsat", ((0, 1), (15, 2))),
        Paragraph("til 500", ((0, 4),)),
    ]
    assert found[0].line_at(16) == 2 and found[0].line_at(3) == 1
