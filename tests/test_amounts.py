"""Amounts of money in running text: every number form, and what must not be read as money."""

import pytest

from pipeline.numbers import find_amounts, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en stigning med 1.320.124 kr.", [(1320124, "1.320.124 kr.", 1)]),
        (
            "udgør 36,0 mio. kr. mod 34,7 mio. kr. i 2023",
            [(36000000, "36,0 mio. kr.", 100000), (34700000, "34,7 mio. kr.", 100000)],
        ),
        ("en lånepulje på 1,5 mia. kr.", [(1500000000, "1,5 mia. kr.", 100000000)]),
        ("I 2024 er der 0,2 mia. kr. i lånepuljen", [(200000000, "0,2 mia. kr.", 100000000)]),
        ("en rammebevilling på DKK 450.000.", [(450000, "DKK 450.000", 1)]),
        ("et udviklingsbidrag på 122 kr. pr. indbygger", [(122, "122 kr.", 1)]),
        ("der blev afsat syv mio. kr. til", [(7000000, "syv mio. kr.", 1000000)]),
        ("reduceres med tre mia. kr. i 2030", [(3000000000, "tre mia. kr.", 1000000000)]),
        ("en besparelse ind på 700 mio.kr. i alt", [(700000000, "700 mio.kr.", 1000000)]),
        ("et beløb på 25 kroner", [(25, "25 kroner", 1)]),
        ("halvanden mia. kr. årligt", [(1500000000, "halvanden mia. kr.", 1000000000)]),
        (
            "2 millioner kr. og 3 milliarder kroner",
            [
                (2000000, "2 millioner kr.", 1000000),
                (3000000000, "3 milliarder kroner", 1000000000),
            ],
        ),
    ],
)
def test_amounts(text, expected):
    assert [(a.dkk, a.text, a.precision) for a in find_amounts(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mødet den 30. juni 2023 kl. 10.00",  # dates and times
        "SAG-2021-02944 hast",  # sag numbers
        "en stigning på 3,8 pct.",  # percentages
        "landstallet fastsættes til 600 personer",  # counts of people
        "9.000 lærepladser årligt",  # counts of places
        "i perioden 2024-2026",  # years
        "Tabel 1: Udviklingen i budgettet",
        "krav om tværkommunale samarbejder",  # 'kr' inside a word
        "2.400 match mellem virksomheder og studerende",
    ],
)
def test_not_money(text):
    assert find_amounts(text) == []


def test_parse_amount_takes_one_whole_amount():
    assert parse_amount("36,0 mio. kr.").dkk == 36000000
    assert parse_amount("36,0 mio. kr. og mere") is None
    assert parse_amount("34.741.04 3") is None  # a table cell is a number, not an amount with kr.
