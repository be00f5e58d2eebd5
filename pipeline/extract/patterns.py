"""The structural rules of a referat, as data. Each tuple is a rule set tried in order; the named
groups of the first rule that matches become fields. Lines are matched after ``text.clean``, so
markup from the converters (``#``, ``**``, ``<b>``) is already gone."""

import re

from pipeline.rules import Rule

KKR_LINE: tuple[Rule, ...] = (
    Rule("kkr", r"KKR\s+(?P<region>[A-Za-zÆØÅæøå]+)", re.I),
    Rule(
        "spelt_out", r"Kommunekontaktråd(?:et)?(?:\s+\(KKR\))?\s+(?P<region>[A-Za-zÆØÅæøå]+)", re.I
    ),
)
"""The meeting's body: ``KKR NORDJYLLAND`` (or ``Kommunekontaktrådet Nordjylland``) alone on a
line near the top."""

_LABEL_END = r"(?:\s*:\s*|\s+)"
"""A label ends in a colon, or (``pdftotext -layout``) in the spaces before its value."""

DATE_LINE: tuple[Rule, ...] = (
    Rule("dato", r"(?:Dato\s+og\s+(?:tid|tidspunkt|sted)|Mødedato|Dato)" + _LABEL_END
         + r"(?P<value>.+)", re.I),
)  # fmt: skip
"""``Dato: 11-06-2021 10:00``, ``Mødedato: torsdag den 4. marts 2019``, ``Dato og tid:
4. marts 2019, kl. 13.30-16.00``, ``Dato        11-06-2021`` — the date, and usually the start
time."""

START_TIME_LINE: tuple[Rule, ...] = (
    Rule(
        "tidspunkt",
        r"(?:Tidspunkt|Mødestart|Starttidspunkt|Tid)" + _LABEL_END + r"(?P<value>.+)",
        re.I,
    ),
)
"""A separate start-time line, where the date line has no time."""

LOCATION_LINE: tuple[Rule, ...] = (
    Rule("sted", r"(?:Mødested|Sted)(?:\s*:\s*|\s+(?=\S))(?P<value>.*)", re.I),
)
"""``Sted: Hotel Scandic, ...``; an empty value means the referat names no location."""

TOC_LINE: tuple[Rule, ...] = (
    Rule("pipe", r"\|\s*(?P<title>[^|]*?[^|.\s])[.\s]*\|\s*(?P<page>\d{1,3})\s*\|"),
    Rule("tab", r"(?P<title>[^\t]*?[^\t.\s])[.\s]*\t+(?P<page>\d{1,3})"),
    Rule("dots", r"(?P<title>.*?[^.\s])\s*\.{3,}\s*(?P<page>\d{1,3})"),
)
"""A table-of-contents entry: a title (dot leaders optional) and a page number, separated by a
pipe-table cell border, a tab or a dot leader."""

TOC_LAYOUT_LINE: tuple[Rule, ...] = (
    Rule("spaces", r"(?P<title>\S.*?[^.\s])[.\s]*\s{2}(?P<page>\d{1,3})"),
)
"""A contents entry whose page number stands right-aligned after a run of spaces
(``pdftotext -layout``: ``3.4. Flygtningefordeling 2022            17``); matched on the line's
layout, where the run of spaces is still there."""

NUMBERED: tuple[Rule, ...] = (
    Rule("dotted", r"(?P<number>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<title>\S.*)"),
    Rule("undotted", r"(?P<number>\d{1,2}(?:\.\d{1,2})+)\s+(?P<title>\S.*)"),
)
"""A numbered title: ``3.4. Flygtningefordeling 2022``, ``2. Siden sidst``, ``1.3.1 Udpeg``."""

HEADING_TITLE = re.compile(r"[A-ZÆØÅ0-9\"'“«(]")
"""A heading's title starts with a capital, a digit or a quote; ``1. januar`` is not a heading."""

STANDALONE_TITLE = re.compile(r"[^\t]{2,120}(?<![.:;,])")
"""A numbered line that opens an item by itself (no SAG line, no section heading after it) is
short and reads as a title: at most 120 characters, no closing full stop, colon or comma."""

LIST_INTRO = re.compile(r"[:;,]$")
"""A line that introduces a list (``Det indstilles, at KKR:``): the numbered lines after it are
the list's points, never items."""

SAG_LINE: tuple[Rule, ...] = (
    Rule("kl_sag", r"(?P<sag_no>SAG-\d{4}-\d{3,6})\b"),
    Rule("sagsnr", r"Sags?nr\.?\s*:?\s*(?P<sag_no>[\w./-]*\d[\w./-]*)", re.I),
)
"""The case number under an item's heading: ``SAG-2021-02944 hast`` (the initials after it are the
case officer's, not part of the number)."""

ATTENDANCE_HEADING = re.compile(r"(?:Deltagerfortegnelse|Deltagerliste|Fremmødte)\s*:?", re.I)
"""The start of the attendance block in the body (the table of contents names it too)."""

ATTENDANCE_SUBHEADING = re.compile(r"(?P<name>Deltagere|Afbud|Fraværende)\s*:?", re.I)
"""Sub-headings of the attendance block: who came, who sent apologies."""

ATTENDANCE_SUBHEADING_STATUS = {"deltagere": "present", "afbud": "absent", "fraværende": "absent"}

SECTION_HEADING = re.compile(
    r"(?P<name>Baggrund|Indstilling|Sagsfremstilling|Beslutning)\s*:?", re.I
)
"""The standard sections of an agenda item, each on a line of its own."""
