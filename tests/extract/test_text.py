"""Unit tests of the shared text primitives: decoding, markup, page furniture, dates, prose."""

import datetime as dt

import pytest

from pipeline.errors import InputError
from pipeline.text import (
    clean,
    decode,
    is_page_furniture,
    join_prose,
    parse_date,
    parse_time,
    split_lines,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Dato: 11-06-2021", "Dato: 11-06-2021"),
        ("\ufeffKKR SJÆLLAND".encode(), "KKR SJÆLLAND"),  # UTF-8 with BOM
        ("Mødested: Næstved".encode("cp1252"), "Mødested: Næstved"),  # cp1252 fallback
        ("Ærø Kommune".encode(), "Ærø Kommune"),
    ],
)
def test_decode(data, expected):
    assert decode(data, "x.txt") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "x.txt: empty file"),
        (b"  \n\n", "x.txt: empty file"),
        (b"KKR\x00\x01\x02", "x.txt: binary data (NUL bytes), not text"),
        (b"KKR \x81\x8d broken", "x.txt: neither UTF-8 nor cp1252 (byte 0x81)"),
    ],
)
def test_decode_rejects(data, reason):
    with pytest.raises(InputError) as exc:
        decode(data, "x.txt")
    assert str(exc.value) == reason


def test_split_lines_crlf_and_form_feed_keep_numbering():
    assert split_lines("a\r\nb\rc\n\fd") == ["a", "b", "c", "\fd"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("## 1. Godkendelse af referat", "1. Godkendelse af referat"),
        ("### **Mission**", "Mission"),
        ("## **3.5. SOSU-dimensionering**", "3.5. SOSU-dimensionering"),
        ("<b>1. Godkendelse af referat .....</b>\t<b>4</b>", "1. Godkendelse af referat .....\t4"),
        ("lagring af CO<sub>2</sub>.", "lagring af CO2."),
        ("*Orientering fra BRN*", "Orientering fra BRN"),
        ("**KKR Nordjylland** drøftede sagen", "KKR Nordjylland drøftede sagen"),
        ("Arne M. Jensen (A), Brønderslev Kommune  ", "Arne M. Jensen (A), Brønderslev Kommune"),
        ("Per\u00a0Bach\u00a0Laursen (V)", "Per Bach Laursen (V)"),
        ("\f3.4. Flygtningefordeling", "3.4. Flygtningefordeling"),
        ("En [evaluering](#) af projektet", "En evaluering af projektet"),
        ("- Plejefamilier", "- Plejefamilier"),  # a bullet is not emphasis
        ("Frederikshavn/Læsø (11%***)\t55", "Frederikshavn/Læsø (11%***)\t55"),  # footnote stars
        (
            "* Jobcenter Aalborgs matchningsaktiviteter",
            "* Jobcenter Aalborgs matchningsaktiviteter",
        ),
        ("Kommune \t Antal", "Kommune\tAntal"),  # tabs separate cells and stay
        # a footnote marker before a space or a star is not bold, however far indented
        ("** Erhvervshus Nordjylland", "** Erhvervshus Nordjylland"),
        ("      ** Erhvervshus Nordjylland", "** Erhvervshus Nordjylland"),
        ("***Af arbejdspladser", "***Af arbejdspladser"),
        ("      ***Af arbejdspladser", "***Af arbejdspladser"),
        ("      * Jobcenter Aalborg", "* Jobcenter Aalborg"),
        # bold left open by a line break, indented or not
        ("**3.5. SOSU-dimensionering", "3.5. SOSU-dimensionering"),
        ("      **3.5. SOSU-dimensionering", "3.5. SOSU-dimensionering"),
        ("for 2024**", "for 2024"),
        ("      ## 1. Godkendelse", "1. Godkendelse"),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Side 3 af 26", True),
        ("side 12 af 30", True),
        ("3/26", True),
        ("- 4 -", True),
        ("3.4. Flygtningefordeling 2022", False),
        ("Samlet 73", False),
        ("KKR Nordjylland | Referat | 11. juni 2021", True),
        ("KKR Syddanmark | Dagsorden | 09-06-2021 | Side 2", True),
        ("Referat 11. juni 2021", True),
        ("KKR Syddanmark - Referat - 09-06-2021", True),
        ("REFERAT 2021", False),
        ("| 1. Godkendelse af referat | 5 |", False),
        ("1.1. Godkendelse af referat fra mødet den 20. april 2021", False),
        ("Region | Antal", False),
    ],
)
def test_page_furniture(text, expected):
    assert is_page_furniture(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dato: 11-06-2021 10:00", dt.date(2021, 6, 11)),
        ("Dato: 22.09.2023", dt.date(2023, 9, 22)),
        ("Dato: 2021-06-09", dt.date(2021, 6, 9)),
        ("Dato: 3. september 2021 kl. 9.30", dt.date(2021, 9, 3)),
        ("Mødedato: torsdag den 4. marts 2019", dt.date(2019, 3, 4)),
        ("Dato: 31-02-2021", None),
        ("Dato: i morgen", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11-06-2021 10:00", "10:00"),
        ("22-09-2023 09:45", "09:45"),
        ("kl. 9.30", "09:30"),
        ("11-06-2021", None),
        ("11.06.2021 10:00", "10:00"),
        ("11.06.2021", None),
        ("Mødet starter kl. 9.30.", "09:30"),
        ("25:99", None),
        ("kl. 13.30-16.00", "13:30"),
        ("torsdag den 4. marts 2019 kl. 13.30 - 16.00", "13:30"),
        ("10:00-12:00", "10:00"),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Der er mange indika-", "tioner på, at de unge løftes."],
            "Der er mange indikationer på, at de unge løftes.",
        ),
        (
            ["som blev sat med", "trepartsaftalerne om AUB."],
            "som blev sat med trepartsaftalerne om AUB.",
        ),
        (["Første afsnit.", "andet afsnit"], "Første afsnit.\nandet afsnit"),
        (["Et afsnit", "Nyt Afsnit"], "Et afsnit\nNyt Afsnit"),
        (["./.", "- ./. Tekst med bilag", "Mere."], "Tekst med bilag\nMere."),
        (["sundheds-", "og socialområdet"], "sundheds- og socialområdet"),
    ],
)
def test_join_prose(lines, expected):
    assert join_prose(lines) == expected
