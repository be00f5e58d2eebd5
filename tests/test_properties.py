"""Property tests: extraction never fails with anything but a one-line InputError, whatever the
bytes or text, and every line it returns points at a real line of the input; the table reader
and the number readers never fail either."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.constants import REGIONS
from pipeline.errors import InputError
from pipeline.extract import parse_referat
from pipeline.extract.segment import normalise_lines
from pipeline.extract.tables import find_tables
from pipeline.kommuner import resolve_kommune, resolve_region
from pipeline.models import TextLine
from pipeline.numbers import find_amounts, parse_int
from pipeline.text import clean, join_prose, parse_date, parse_time, sentence_spans
from pipeline.transform import transform
from pipeline.transform.attendance import parse_entry
from tests.conftest import RAW_DIR, SEEDS

SEED_LINES = [line for seed in SEEDS for line in (RAW_DIR / seed).read_text("utf-8").splitlines()]

# text built from pieces of real referater and markup, so the parser's deeper paths are reached
referat_like = st.lists(
    st.one_of(
        st.sampled_from(SEED_LINES),
        st.sampled_from(
            [
                "",
                "KKR SJÆLLAND",
                "Dato: 01-02-2024 10:00",
                "Deltagere",
                "Afbud",
                "Beslutning",
                "1. Punkt",
                "1.1. Underpunkt",
                "SAG-2024-00001 x",
                "| a | 1 |",
                "\f",
                "Side 2 af 9",
                "**",
                "<b>",
                "#",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=120,
).map("\n".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_input_error(data: bytes):
    try:
        return parse_referat(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ")
        assert "\n" not in str(exc)
        return None


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data):
    parse_or_input_error(data)


@SETTINGS
@given(referat_like)
def test_referat_like_text_never_crashes_and_lines_are_real(text):
    referat = parse_or_input_error(text.encode("utf-8"))
    if referat is None:
        return
    count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for item in referat.items:
        assert 1 <= item.line <= item.line_end <= count
    transform([referat])  # every table builds from whatever was extracted


@SETTINGS
@given(st.lists(st.text(max_size=60), max_size=30))
def test_attendance_lines_never_crash(lines):
    text = "\n".join(
        [
            "KKR NORDJYLLAND",
            "Dato: 01-02-2024",
            "Deltagere",
            *lines,
            "",
            "1. Punkt",
            "SAG-2024-00001 x",
            "Beslutning",
            "Ok.",
        ]
    )
    referat = parse_or_input_error(text.encode("utf-8"))
    if referat is not None:
        tables = transform([referat])
        assert all(r.source_line >= 1 for r in tables["attendance"])


@SETTINGS
@given(st.lists(st.text(alphabet=st.sampled_from("ab1.,| \t-:Ø"), max_size=30), max_size=15))
def test_table_reader_never_crashes_and_keeps_line_numbers(texts):
    lines = [TextLine(n, clean(t)) for n, t in enumerate(texts, start=1)]
    for table in find_tables(lines):
        assert 1 <= table.first_line <= table.last_line <= len(texts)
        assert all(len(row.cells) == len(table.columns) for row in table.rows)


@SETTINGS
@given(st.text(max_size=200))
def test_amounts_and_numbers_never_crash(text):
    for amount in find_amounts(text):
        assert amount.dkk >= 0 and text[amount.span[0] : amount.span[1]] == amount.text
    value = parse_int(text)
    assert value is None or value >= 0


@SETTINGS
@given(st.text(max_size=120))
def test_every_line_parser_never_crashes(text):
    """Each small parser takes any line: it returns a value or None, and never raises."""
    cleaned = clean(text)
    assert "\n" not in cleaned or "\n" in text
    entry = parse_entry(text)
    assert entry is None or entry.name
    parse_date(text)
    assert parse_time(text) is None or len(parse_time(text)) == 5
    resolved = resolve_kommune(text)
    assert resolved is None or 101 <= resolved.kommune_code <= 860
    assert resolve_region(text) in (None, *REGIONS)
    join_prose(text.split("\n"))
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)


layout_text = st.lists(
    st.text(alphabet=st.sampled_from("ab AØ1234.,|\t-*–\f"), max_size=50), max_size=20
)


@SETTINGS
@given(layout_text)
def test_table_reader_on_any_layout_never_crashes_nor_overfills_a_row(texts):
    """Spaces, tabs, pipes, digits and form feeds in any order: tables of whole rows only."""
    for table in find_tables(normalise_lines(texts)):
        assert 1 <= table.first_line <= table.last_line <= len(texts)
        for row in table.rows:
            assert len(row.cells) == len(table.columns) == len(row.lines)
            assert table.first_line <= row.line <= table.last_line
        turned = table.transposed()
        assert all(len(r.cells) == len(turned.columns) for r in turned.rows)
