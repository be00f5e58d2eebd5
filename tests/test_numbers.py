"""Danish whole numbers as the referater write them."""

import pytest

from pipeline.numbers import parse_cell, parse_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("73", 73),
        ("0", 0),
        ("1.776", 1776),
        ("3.000", 3000),
        (" 1.320.124 ", 1320124),
        ("34.741.04 3", 34741043),
        ("16.301.01 3", 16301013),
        ("1 776", 1776),
        ("36,0", None),
        ("1.77", None),
        ("12.3456", None),
        ("", None),
        ("Kommer i løbet af 2024", None),
        ("11%", None),
        ("-5", None),
    ],
)
def test_parse_int(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("81", 81),
        ("81*", 81),
        ("81**", 81),
        ("81 *)", 81),
        ("81¹", 81),
        ("81²", 81),
        ("81a)", 81),
        ("1.776*", 1776),
        ("34.741.04 3", 34741043),
        ("-", 0),
        ("–", 0),
        ("—", 0),
        (" - ", 0),
        ("--", None),
        ("", None),
        ("*", None),
        ("36,0", None),
        ("Kommer i løbet af 2024", None),
    ],
)
def test_parse_cell(text, expected):
    assert parse_cell(text) == expected
