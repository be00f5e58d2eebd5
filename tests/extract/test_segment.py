"""Unit tests of the structural rules: header, contents, headings, items, sections, attendance,
on small inline referater in each converter's layout."""

import datetime as dt

import pytest

from pipeline.errors import InputError
from pipeline.extract import parse_referat


def referat(*lines: str, newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return newline.join(lines).encode(encoding)


HEADER = ("REFERAT 2024", "", "KKR SJÆLLAND", "", "Dato: 05-03-2024 09:30", "", "Sted: Ringsted")
TOC = (
    "Deltagerfortegnelse.....\t3",
    "1. Godkendelse\t4",
    "1.1. Dagsorden\t4",
    "2. Sager\t5",
    "2.1. Flygtninge 2025\t5",
)
ATTENDANCE = (
    "Deltagerfortegnelse",
    "Deltagere",
    "Ann Berg (A), Køge Kommune",
    "",
    "Afbud",
    "Bo Dahl (V) Sorø Kommune",
)
BODY = (
    "1. Godkendelse",
    "",
    "1.1. Dagsorden",
    "SAG-2024-00001 abc",
    "Baggrund",
    "Tekst.",
    "Beslutning",
    "Godkendt.",
    "2. Sager",
    "2.1. Flygtninge 2025",
    "SAG-2024-00002 abc",
    "Indstilling",
    "Det indstilles.",
    "1. At gøre noget",
    "2. At gøre mere",
    "Beslutning",
    "Godkendt.",
)
PLAIN = (*HEADER, "", *TOC, "", *ATTENDANCE, "", *BODY)


def test_plain_text_layout():
    r = parse_referat(referat(*PLAIN), "plain.txt")
    assert (r.header.region, r.header.meeting_date, r.header.start_time, r.header.location) == (
        "Sjælland",
        dt.date(2024, 3, 5),
        "09:30",
        "Ringsted",
    )
    assert r.meeting_id == "sjaelland-2024-03-05"
    assert [(e.number, e.title, e.page) for e in r.toc][1:3] == [
        ("1", "Godkendelse", 4),
        ("1.1", "Dagsorden", 4),
    ]
    assert [(i.item_no, i.group_no, i.group_title, i.sag_no) for i in r.items] == [
        ("1.1", "1", "Godkendelse", "SAG-2024-00001"),
        ("2.1", "2", "Sager", "SAG-2024-00002"),
    ]
    assert [s.name for s in r.items[1].sections] == ["indstilling", "beslutning"]
    # a numbered list inside an item is text, not a heading
    assert [t.text for t in r.items[1].section("indstilling").lines] == [
        "Det indstilles.",
        "1. At gøre noget",
        "2. At gøre mere",
    ]
    assert [(a.status, [t.text for t in a.lines]) for a in r.attendance] == [
        ("present", ["Ann Berg (A), Køge Kommune"]),
        ("absent", ["Bo Dahl (V) Sorø Kommune"]),
    ]
    assert r.findings == ()


def test_crlf_bom_and_cp1252_give_the_same_document():
    base = parse_referat(referat(*PLAIN), "a.txt")
    for data in (
        referat(*PLAIN, newline="\r\n"),
        b"\xef\xbb\xbf" + referat(*PLAIN),
        referat(*PLAIN, encoding="cp1252"),
    ):
        other = parse_referat(data, "a.txt")
        assert other.items == base.items
        assert other.attendance == base.attendance


def test_markdown_layout_with_pipe_toc_and_bold_headings():
    lines = (
        "## REFERAT 2024",
        "# KKR SJÆLLAND",
        "**Dato:** 05-03-2024 09:30",
        "**Sted:**",
        "| | |",
        "|---|---|",
        "| 1. Godkendelse..... | 4 |",
        "| 1.1. Dagsorden | 4 |",
        "## Deltagerfortegnelse",
        "### Deltagere",
        "• Ann Berg, A, Køge Kommune",
        "## **1. Godkendelse**",
        "### 1.1. Dagsorden",
        "SAG-2024-00001 abc",
        "#### **Beslutning**",
        "Godkendt.",
    )
    r = parse_referat(referat(*lines), "md.md")
    assert r.header.location is None
    assert [(e.number, e.title) for e in r.toc] == [("1", "Godkendelse"), ("1.1", "Dagsorden")]
    assert [(i.item_no, i.title, i.line, i.line_end) for i in r.items] == [
        ("1.1", "Dagsorden", 13, 16)
    ]
    assert r.items[0].section("beslutning").lines[0].text == "Godkendt."


def test_page_footer_lines_are_blank():
    lines = (*PLAIN, "Side 7 af 9", "Godkendt igen.")
    r = parse_referat(referat(*lines), "f.txt")
    assert [t.text for t in r.items[-1].section("beslutning").lines] == [
        "Godkendt.",
        "Godkendt igen.",
    ]


def test_sub_numbered_items_and_items_without_sub_numbers():
    lines = (
        *HEADER,
        "1.3.1. Udpegninger\t4",
        "2. Eventuelt\t5",
        "",
        "1.3.1. Udpegninger",
        "SAG-2024-00001 x",
        "Beslutning",
        "Ok.",
        "2. Eventuelt",
        "Intet.",
    )
    r = parse_referat(referat(*lines), "n.txt")
    assert [(i.item_no, i.group_no) for i in r.items] == [("1.3.1", None), ("2", None)]
    assert r.attendance is None


def test_toc_and_body_disagree():
    lines = (
        *HEADER,
        "1. Et\t4",
        "2. To\t5",
        "",
        "1. Et",
        "SAG-2024-00001 x",
        "Beslutning",
        "Ok.",
        "3. Tre",
        "SAG-2024-00001 x",
        "Beslutning",
        "Ok.",
    )
    r = parse_referat(referat(*lines), "t.txt")
    assert [(f.rule, f.source_line) for f in r.findings] == [
        ("toc_item_missing_in_body", 9),
        ("item_missing_in_toc", 15),
    ]


def test_empty_point_is_not_an_item_but_a_finding():
    lines = (
        *HEADER,
        "1. Udpegninger\t3",
        "2. KKR\t4",
        "",
        "1. Udpegninger",
        "",
        "2. KKR",
        "SAG-2024-00001 x",
        "Beslutning",
        "Ok.",
    )
    r = parse_referat(referat(*lines), "e.txt")
    assert [i.item_no for i in r.items] == ["2"]
    assert [(f.severity, f.rule, f.source_line) for f in r.findings] == [
        ("info", "point_without_text", 11)
    ]


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (
            ("Indkøbsliste", "Mælk", "Brød"),
            "n.txt: not a referat (no 'KKR <region>' line on the first page)",
        ),
        (
            ("KKR Sjælland", "Ingen dato her"),
            "n.txt: not a referat (no meeting date 'Dato: dd-mm-yyyy')",
        ),
        ((*HEADER, "Bare tekst."), "n.txt: no numbered agenda items found"),
    ],
)
def test_not_a_referat(lines, reason):
    with pytest.raises(InputError) as exc:
        parse_referat(referat(*lines), "n.txt")
    assert str(exc.value) == reason


def test_running_header_at_every_page_break_is_dropped():
    running = "KKR Sjælland | Referat | 5. marts 2024"
    lines = list(PLAIN)
    for at in (len(lines) - 1, len(lines) - 6, len(lines) - 12):  # three page breaks
        lines[at:at] = [f"\f{running}"]
    r = parse_referat(referat(*lines), "r.txt")
    assert not any(running in t.text for t in r.lines)
    assert [i.item_no for i in r.items] == ["1.1", "2.1"]


def test_a_repeated_line_away_from_page_breaks_is_kept():
    lines = (
        *HEADER,
        "1. Punkt\t3",
        "",
        "1. Punkt",
        "Beslutning",
        "Godkendt.",
        "Godkendt.",
        "Godkendt.",
    )
    r = parse_referat(referat(*lines), "k.txt")
    assert [t.text for t in r.items[0].section("beslutning").lines] == ["Godkendt."] * 3


def test_a_body_table_is_not_taken_for_contents():
    lines = (
        *HEADER,
        "",
        "1. Flygtninge",
        "SAG-2024-00001 x",
        "Sagsfremstilling",
        "Kommune\tAntal",
        "Køge\t5",
        "Sorø\t3",
        "Beslutning",
        "Ok.",
    )
    r = parse_referat(referat(*lines), "b.txt")
    assert r.toc == ()
    assert [i.item_no for i in r.items] == ["1"]


def test_date_and_time_from_separate_lines():
    lines = (
        "Kommunekontaktrådet Midtjylland",
        "Tid: kl. 13.00",
        "Dato: 11.06.2021",
        "",
        "1. Punkt",
        "SAG-2024-00001 x",
        "Beslutning",
        "Ok.",
    )
    h = parse_referat(referat(*lines), "d.txt").header
    assert (h.region, h.meeting_date, h.start_time, h.location) == (
        "Midtjylland",
        dt.date(2021, 6, 11),
        "13:00",
        None,
    )


# --------------------------------------------------------------------------- any layout

ITEM = ("1. Godkendelse af dagsorden", "SAG-2024-00001 x", "Beslutning", "Godkendt.")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (("Dato: 11-06-2021 10:00", "Sted: Aalborg"), (dt.date(2021, 6, 11), "10:00", "Aalborg")),
        (("Dato:        11-06-2021 10:00",), (dt.date(2021, 6, 11), "10:00", None)),
        (
            ("Dato  11-06-2021", "Sted     Hotel Scandic"),
            (dt.date(2021, 6, 11), None, "Hotel Scandic"),
        ),
        (("Mødedato: 4. marts 2019", "Tidspunkt: kl. 13.30"), (dt.date(2019, 3, 4), "13:30", None)),
        (("Mødedato: torsdag den 4. marts 2019",), (dt.date(2019, 3, 4), None, None)),
        (("Dato og tid: 4. marts 2019, kl. 13.30-16.00",), (dt.date(2019, 3, 4), "13:30", None)),
        (
            ("Dato og tid    torsdag den 4. marts 2019 kl. 9.00",),
            (dt.date(2019, 3, 4), "09:00", None),
        ),
        (
            ("Tidspunkt      kl. 13.30-16.00", "Dato  4. marts 2019"),
            (dt.date(2019, 3, 4), "13:30", None),
        ),
        (
            ("Mødested: Rådhuset, Vejle", "Dato: 04-03-2019"),
            (dt.date(2019, 3, 4), None, "Rådhuset, Vejle"),
        ),
    ],
)
def test_header_labels_and_values_in_any_layout(header, expected):
    r = parse_referat(referat("KKR SYDDANMARK", *header, "", *ITEM), "h.txt")
    assert (r.header.meeting_date, r.header.start_time, r.header.location) == expected


@pytest.mark.parametrize(
    "contents",
    [
        (
            "   Deltagerfortegnelse ......................................... 3",
            "   1. Godkendelse af dagsorden ................................. 4",
            "   2. Regionalpolitiske sager .................................. 5",
            "      2.1. Flygtningefordeling 2022 ............................ 17",
        ),
        (
            "Deltagerfortegnelse                                  3",
            "1. Godkendelse af dagsorden                          4",
            "2. Regionalpolitiske sager                           5",
            "   2.1. Flygtningefordeling 2022                    17",
        ),
    ],
)
def test_contents_with_dot_leaders_or_spaces_and_indented_lines(contents):
    r = parse_referat(referat("KKR SJÆLLAND", "Dato: 05-03-2024", "", *contents, "", *ITEM), "t")
    assert [(e.number, e.title, e.page) for e in r.toc] == [
        (None, "Deltagerfortegnelse", 3),
        ("1", "Godkendelse af dagsorden", 4),
        ("2", "Regionalpolitiske sager", 5),
        ("2.1", "Flygtningefordeling 2022", 17),
    ]


PDFTOTEXT_BODY = (
    "    Deltagerfortegnelse",
    "    Deltagere",
    "    Ann Berg      (A)     Køge Kommune",
    "",
    "    1. GODKENDELSE AF DAGSORDEN",
    "",
    "    Dagsordenen blev godkendt.",
    "",
    "    2. REGIONALPOLITISKE SAGER",
    "",
    "    2.1. Flygtningefordeling 2022",
    "",
    "    BAGGRUND",
    "    Udlændingestyrelsen har udmeldt landstallet. KKR skal:",
    "",
    "    1. Afdækning af behovet",
    "    for boliger",
    "    2. Drøfte fordelingen",
    "",
    "    3. Orientere kommunerne",
    "",
    "    Sagsfremstilling",
    "    Tekst.",
    "",
    "    BESLUTNING",
    "    Godkendt.",
    "",
    "    2.2. Siden sidst",
    "    Formanden orienterede.",
    "",
    "    3. Eventuelt",
    "    Intet.",
)


def test_a_referat_without_contents_in_capitals_and_points_without_sag_lines():
    r = parse_referat(referat("KKR SJÆLLAND", "Dato  05-03-2024", "", *PDFTOTEXT_BODY), "p")
    assert r.toc == ()
    assert [(i.item_no, i.title, i.group_no) for i in r.items] == [
        ("1", "GODKENDELSE AF DAGSORDEN", None),
        ("2.1", "Flygtningefordeling 2022", "2"),
        ("2.2", "Siden sidst", "2"),
        ("3", "Eventuelt", None),
    ]
    assert r.items[0].group_title is None and r.items[1].group_title == "REGIONALPOLITISKE SAGER"
    assert [s.name for s in r.items[1].sections] == ["baggrund", "sagsfremstilling", "beslutning"]
    assert [len(a.lines) for a in r.attendance] == [1]


@pytest.mark.parametrize(
    ("lines", "items"),
    [
        # a point of its own: title-like, next line text, the next number
        (("1. Godkendelse", "Godkendt.", "", "2. Eventuelt", "Intet."), ["1", "2"]),
        (("1. Godkendelse", "Godkendt.", "1.1. Dagsorden", "Godkendt."), ["1", "1.1"]),
        # a number the agenda cannot have next is text
        (("1. Godkendelse", "Godkendt.", "", "5. Eventuelt", "Intet."), ["1"]),
        # a sentence (final full stop) is text
        (("1. Godkendelse", "Godkendt.", "", "2. Vi drøftede sagen.", "Intet."), ["1"]),
        # a list after a colon is text
        (("1. Godkendelse", "KKR skal:", "2. Drøfte det", "Mere."), ["1"]),
        # a point followed by another numbered line is a list
        (("1. Godkendelse", "Tekst", "", "2. Drøfte det", "3. Orientere", "Mere."), ["1"]),
    ],
)
def test_a_numbered_point_with_text_of_its_own_is_an_item(lines, items):
    r = parse_referat(referat("KKR SJÆLLAND", "Dato: 05-03-2024", "", *lines), "n")
    assert [i.item_no for i in r.items] == items


WRAPPED_TOC = [
    ("1", "Godkendelse af dagsorden", 4),
    ("2", "Regionalpolitiske sager", 5),
    ("2.1", "Godkendelse af notat om udmøntning af midler til telemedicinsk hjemmemonitorering", 6),
    ("2.2", "Flygtningefordeling 2022", 17),
]


@pytest.mark.parametrize(
    "contents",
    [
        (  # dot leaders, the page on the last line of the title
            "1. Godkendelse af dagsorden ........................................ 4",
            "2. Regionalpolitiske sager ......................................... 5",
            "2.1. Godkendelse af notat om udmøntning af midler til",
            "telemedicinsk hjemmemonitorering ................................... 6",
            "2.2. Flygtningefordeling 2022 ...................................... 17",
        ),
        (  # spaces only, right-aligned pages
            "1. Godkendelse af dagsorden                                          4",
            "2. Regionalpolitiske sager                                           5",
            "2.1. Godkendelse af notat om udmøntning af midler til",
            "telemedicinsk hjemmemonitorering                                     6",
            "2.2. Flygtningefordeling 2022                                       17",
        ),
        (  # indented, the continuation indented further, over three lines
            "   1. Godkendelse af dagsorden ..................................... 4",
            "   2. Regionalpolitiske sager ...................................... 5",
            "      2.1. Godkendelse af notat om udmøntning",
            "           af midler til telemedicinsk",
            "           hjemmemonitorering ........................................ 6",
            "      2.2. Flygtningefordeling 2022 ................................. 17",
        ),
        (  # tab before the page
            "1. Godkendelse af dagsorden\t4",
            "2. Regionalpolitiske sager\t5",
            "2.1. Godkendelse af notat om udmøntning af midler til",
            "telemedicinsk hjemmemonitorering.....\t6",
            "2.2. Flygtningefordeling 2022\t17",
        ),
    ],
)
def test_a_contents_entry_wrapped_over_lines_is_one_entry(contents):
    r = parse_referat(referat("KKR SJÆLLAND", "Dato: 05-03-2024", "", *contents, "", *ITEM), "w")
    assert [(e.number, e.title, e.page) for e in r.toc] == WRAPPED_TOC
    assert r.toc[2].line == 6  # the line its number stands on


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        # a title line whose next line is an entry of its own is not part of it: the run ends
        (
            (
                "1. Godkendelse .... 4",
                "2. Sager .... 5",
                "2.1. Uden side",
                "2.2. Flygtninge .... 6",
            ),
            [("1", 4), ("2", 5)],
        ),
        # an unnumbered line before the contents does not join the first entry
        (
            ("Indholdsfortegnelse", "Deltagerfortegnelse .... 3", "1. Godkendelse .... 4"),
            [(None, 3), ("1", 4)],
        ),
        # nor does a title line with a blank line after it
        (("1. Godkendelse .... 4", "2. Sager", "", "resultat .... 5"), []),
    ],
)
def test_what_does_not_join_a_wrapped_contents_entry(contents, expected):
    r = parse_referat(referat("KKR SJÆLLAND", "Dato: 05-03-2024", "", *contents, "", *ITEM), "w")
    assert [(e.number, e.page) for e in r.toc] == expected


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        (  # the title wraps as the contents give it
            (
                "2.1. Godkendelse af notat om udmøntning af midler til",
                "telemedicinsk hjemmemonitorering",
            ),
            "Godkendelse af notat om udmøntning af midler til telemedicinsk hjemmemonitorering",
        ),
        (  # indented, wrapped at another word
            (
                "      2.1. Godkendelse af notat om udmøntning af midler til telemedicinsk",
                "      hjemmemonitorering",
            ),
            "Godkendelse af notat om udmøntning af midler til telemedicinsk hjemmemonitorering",
        ),
        (  # in capitals
            (
                "2.1. GODKENDELSE AF NOTAT OM UDMØNTNING AF MIDLER",
                "TIL TELEMEDICINSK HJEMMEMONITORERING",
            ),
            "GODKENDELSE AF NOTAT OM UDMØNTNING AF MIDLER TIL TELEMEDICINSK HJEMMEMONITORERING",
        ),
        (  # a line that does not go on the contents title is text, not title
            (
                "2.1. Godkendelse af notat om udmøntning af midler til",
                "Kommunerne har drøftet det.",
            ),
            "Godkendelse af notat om udmøntning af midler til",
        ),
    ],
)
def test_a_body_heading_wrapped_over_lines_takes_its_contents_title(heading, title):
    contents = (
        "1. Godkendelse af dagsorden ........ 4",
        "2. Regionalpolitiske sager ......... 5",
        "2.1. Godkendelse af notat om udmøntning af midler til telemedicinsk",
        "hjemmemonitorering ................. 6",
    )
    body = (
        *ITEM,
        "2. Regionalpolitiske sager",
        *heading,
        "SAG-2024-00002 x",
        "Beslutning",
        "Ok.",
    )
    r = parse_referat(referat("KKR SJÆLLAND", "Dato: 05-03-2024", "", *contents, "", *body), "h")
    item = r.items[-1]
    assert (item.item_no, item.title, item.sag_no) == ("2.1", title, "SAG-2024-00002")
    assert [line.text for line in item.section("beslutning").lines] == ["Ok."]
