"""The appointment line forms, one line each: (line, expected appointment)."""

import datetime as dt

import pytest

from pipeline.models import AgendaItem, MeetingHeader, Referat, TextLine
from pipeline.transform.appointments import extract_appointments


def referat(*texts: str) -> Referat:
    lines = tuple(TextLine(n, t) for n, t in enumerate(texts, start=10))
    item = AgendaItem("1.3.1", "Udpegninger", 9, 9 + len(texts), None, None, None, (), lines)
    header = MeetingHeader(1, "Nordjylland", dt.date(2023, 9, 22), None, None, 2)
    return Referat("x.txt", "0", header, (), None, (), (item,), lines)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- KKR Nordjylland – Jes Lunde (B), Aalborg Kommune",
         ("Jes Lunde", "B", 851, "KKR Nordjylland", "medlem")),
        ("- Nordjyllands Trafikselskab bestyrelse – Michael Portefée (B), Rebild Kommune.",
         ("Michael Portefée", "B", 840, "Nordjyllands Trafikselskab bestyrelse", "medlem")),
        ("- Erhvervshus Nordjyllands bestyrelse (suppleant) – Jes Lunde (B), Aalborg Kommune",
         ("Jes Lunde", "B", 851, "Erhvervshus Nordjyllands bestyrelse", "suppleant")),
        ("- RAR Nordjylland – Anna Aaen (Ø) (formand), Aalborg",
         ("Anna Aaen", "Ø", 851, "RAR Nordjylland", "formand")),
        ("- Syddansk EU-kontor ved Erik Buhl Nielsen, Varde Kommune",
         ("Erik Buhl Nielsen", None, 573, "Syddansk EU-kontor", "medlem")),
        ("- Trafikselskabet Sydtrafik ved Erik Lauritzen, Sønderborg Kommune.",
         ("Erik Lauritzen", None, 540, "Trafikselskabet Sydtrafik", "medlem")),
        ("- Erhvervshus Fyn ved Kenneth Muhs, Nyborg Kommune: Intet nyt på grund af afbud.",
         ("Kenneth Muhs", None, 450, "Erhvervshus Fyn", "medlem")),
        ("• Praksisplanudvalget PPU ved Karsten Meyer Olesen (A), Aabenraa Kommune",
         ("Karsten Meyer Olesen", "A", 580, "Praksisplanudvalget PPU", "medlem")),
        ("Mogens Christen Gade er efter indstilling fra KKR Nordjylland udpeget af "
         "erhvervsminister Morten Bødskov til Indstillingsudvalget for Fonden "
         "(efter Thomas Kastrup-Larsen).",
         ("Mogens Christen Gade", None, None, "Indstillingsudvalget for Fonden", "medlem")),
        ("Per Møller er udpeget som suppleant til Socialtilsyn Nords bestyrelse.",
         ("Per Møller", None, None, "Socialtilsyn Nords bestyrelse", "suppleant")),
    ],
)  # fmt: skip
def test_appointment_line(line, expected):
    rows, _ = extract_appointments(referat(line))
    assert [(r.name, r.party, r.kommune_code, r.body, r.role) for r in rows] == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "- En matchudfordring, der bl.a. kommer til udtryk, ved at nogle private arbejdspladser",
        "- KKR Nordjylland – Jes Lunde (B), Atlantis Kommune",
        "- Drøfter og evaluerer KKR Nordjyllands arbejde i denne valgperiode",
        "Det indstilles, at KKR Nordjylland udpeger til de nævnte politiske poster.",
    ],
)
def test_not_an_appointment(line):
    assert extract_appointments(referat(line))[0] == []


def test_departure_and_predecessor_are_info_findings():
    _, found = extract_appointments(
        referat(
            "Leon Sebbelin er stoppet som kommunalbestyrelsesmedlem i Rebild Kommune.",
            "Jes Lunde er udpeget til KKR Nordjylland (efter Leon Sebbelin).",
        )
    )
    assert [(f.severity, f.rule, f.source_line) for f in found] == [
        ("info", "person_departed", 10),
        ("info", "appointment_successor", 11),
    ]
    assert found[0].message.startswith("'Leon Sebbelin' departed")
