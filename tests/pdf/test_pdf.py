"""pdf_text on PDFs drawn like KL's referater: names, figures, columns and pages survive, and
every kind of bad PDF is an InputError with a one-line reason."""

import random
import re

import pytest
from fpdf import FPDF
from PIL import Image

from pipeline.errors import InputError
from pipeline.extract import parse_referat
from pipeline.extract.pdf import pdf_text
from pipeline.extract.segment import page_numbers
from pipeline.text import split_lines
from tests.pdf.make_pdf import FONT_DIR

FIGURES = re.compile(r"\d[\d.,]*")


def lines_of(pdf: dict) -> list[str]:
    return split_lines(pdf_text(pdf["pdf"], "seed.pdf"))


def row_line(lines: list[str], label: str, figures: list[str]) -> int:
    """Index of the extracted line that starts with ``label`` and carries ``figures`` in order."""
    for index, line in enumerate(lines):
        found = FIGURES.findall(line.replace(label, ""))
        if line.lstrip("\f ").startswith(label) and found == figures:
            return index
    raise AssertionError(f"no line {label!r} with {figures}")


def end_column(line: str, figure: str, nth: int = 0) -> int:
    """The character column just after the ``nth`` occurrence of ``figure`` (a page's first line
    starts with the form feed, which is not a column)."""
    line = line.lstrip("\f")
    starts = [m.start() for m in re.finditer(rf"(?<![\d.]){re.escape(figure)}(?![\d.])", line)]
    return starts[nth] + len(figure)


def test_pages_are_separated_by_form_feeds(quota_pdf):
    text = pdf_text(quota_pdf["pdf"], "seed.pdf")
    assert text.count("\f") == quota_pdf["page_count"] - 1
    assert "Side 1 af 13" in text.split("\f")[0]


def test_attendance_names_survive(quota_pdf):
    text = pdf_text(quota_pdf["pdf"], "seed.pdf")
    for name in (
        "Birgit Stenbak Hansen (A), Frederikshavn Kommune",
        "Arne M. Jensen (A)",
        "Thomas Kastrup-Larsen (A), Aalborg Kommune",
        "Karsten Nielsen (O), Læsø",
    ):
        assert name in text


QUOTA_ROWS = (("Brønderslev", "5"), ("Mariagerfjord", "6"), ("Morsø", "3"), ("Aalborg", "24"))
"""Quota rows of seed 000 before and after the forced page break."""


def test_quota_figures_share_a_column_across_a_page_break(quota_pdf):
    lines = lines_of(quota_pdf)
    ends = {end_column(lines[row_line(lines, label, [f])], f) for label, f in QUOTA_ROWS}
    assert len(ends) == 1, ends


def test_pages_of_rows_are_where_the_generator_put_them(quota_pdf):
    lines = lines_of(quota_pdf)
    pages = page_numbers(lines)
    by_source = quota_pdf["line_pages"]
    for source_line, label, figure in (
        (423, "Brønderslev", "5"),
        (428, "Mariagerfjord", "6"),
        (429, "Morsø", "3"),
        (433, "Aalborg", "24"),
    ):
        assert pages[row_line(lines, label, [figure])] == by_source[source_line]
    assert by_source[428] == by_source[427] + 1  # the forced break after six rows


def test_sosu_columns_line_up_and_wrapped_labels_keep_figures_on_the_first_line(sosu_pdf):
    lines = lines_of(sosu_pdf)
    rows = [
        ("Region", ["849", "851", "1.776", "1.778"]),
        ("Region Sjælland", ["474", "474", "955", "955"]),
        ("Hele landet", ["3.000", "3.000", "5.997", "6.000"]),
    ]
    found = [(lines[row_line(lines, label, figs)], figs) for label, figs in rows]
    assert lines[row_line(lines, "Region", rows[0][1]) + 1].strip() == "Hovedstaden"
    for column in range(4):
        ends = {
            end_column(line, figs[column], figs[:column].count(figs[column]))
            for line, figs in found
        }
        assert len(ends) == 1, (column, ends)


def test_every_table_figure_of_the_seed_is_read(sosu_pdf):
    text = pdf_text(sosu_pdf["pdf"], "seed.pdf")
    table_lines = [line for line in sosu_pdf["text"].splitlines() if "\t" in line]
    seed = [f for line in table_lines for f in FIGURES.findall(line)]
    assert all(f in text for f in seed)


def test_the_pipeline_reads_the_pdf_text_with_pages(quota_pdf):
    referat = parse_referat(pdf_text(quota_pdf["pdf"], "seed.pdf").encode(), "seed.pdf")
    assert (referat.header.region, str(referat.header.meeting_date)) == (
        "Nordjylland",
        "2021-06-11",
    )
    present = next(block for block in referat.attendance if block.status == "present")
    assert sum(bool(line.text) for line in present.lines) == 16
    morso = next(line for line in referat.lines if line.text.startswith("Morsø 3"))
    assert morso.page == quota_pdf["line_pages"][429]


# --------------------------------------------------------------------------- bad PDFs


def _pdf(**encryption) -> FPDF:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=10)
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.add_page()
    return pdf


def _text_pdf(**encryption) -> bytes:
    pdf = _pdf(**encryption)
    pdf.cell(0, 5, "KKR Nordjylland – Dato: 11-06-2021")
    return bytes(pdf.output())


def _image_pdf() -> bytes:
    pdf = _pdf()
    pdf.image(Image.new("L", (200, 280), 200), x=10, y=10, w=190)
    return bytes(pdf.output())


def _drawing_pdf() -> bytes:
    pdf = _pdf()
    pdf.rect(20, 20, 100, 50)
    pdf.line(20, 100, 190, 100)
    return bytes(pdf.output())


def _garbage(tail: bytes) -> bytes:
    return b"%PDF-1.7\n" + random.Random(7).randbytes(4000) + tail


BAD_PDFS = [
    ("encrypted", lambda: _text_pdf(owner_password="o", user_password="u"), "encrypted"),
    ("scanned", _image_pdf, "no text layer"),
    ("drawings only", _drawing_pdf, "no text layer"),
    ("random bytes", lambda: _garbage(b""), "truncated"),
    ("random bytes, end marker", lambda: _garbage(b"\n%%EOF\n"), "corrupt"),
    ("first half", lambda: _text_pdf()[: len(_text_pdf()) // 2], "truncated"),
    ("not a PDF", lambda: b"<html>Referat</html>", "not a PDF"),
]


@pytest.mark.parametrize(("case", "make", "reason"), BAD_PDFS, ids=[c[0] for c in BAD_PDFS])
def test_a_bad_pdf_is_an_input_error(case, make, reason):
    with pytest.raises(InputError) as error:
        pdf_text(make(), "kkr/referat.pdf")
    message = str(error.value)
    assert message.startswith("kkr/referat.pdf: ") and reason in message
    assert "\n" not in message


def test_owner_password_only_still_reads():
    assert "KKR Nordjylland" in pdf_text(_text_pdf(owner_password="o"), "x.pdf")


def test_a_hyphen_ending_a_line_stays_a_hyphen_and_ligatures_split():
    pdf = _pdf()
    for line in ("Social- og sundheds-", "hjælpere indika-", "tioner ﬁnansiering – æøå"):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    text = pdf_text(bytes(pdf.output()), "x.pdf")
    assert text == "Social- og sundheds-\nhjælpere indika-\ntioner finansiering – æøå\n"


@pytest.mark.parametrize("seed", range(12))
def test_a_damaged_pdf_is_text_or_an_input_error(seed):
    data = bytearray(_text_pdf())
    rng = random.Random(seed)
    for _ in range(20):
        data[rng.randrange(len(data))] = rng.randrange(256)
    try:
        assert isinstance(pdf_text(bytes(data), "x.pdf"), str)
    except InputError as error:
        assert str(error).startswith("x.pdf: ")
