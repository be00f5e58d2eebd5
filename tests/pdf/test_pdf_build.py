"""PDF in, through the whole pipeline: a referat PDF in the raw dir gives the rows of its seed
text, with the page of each row; bad PDFs are one line and a finding beside the good seeds;
``kkr convert`` shows the text read; ``sources.csv`` fills where a referat came from."""

import dataclasses
import shutil

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract import parse_referat, pdf, read_referat
from pipeline.transform import TABLES, transform
from tests.conftest import RAW_DIR, SEEDS
from tests.golden_io import rows_frame
from tests.pdf.make_pdf import make_referat_pdf
from tests.pdf.test_pdf import BAD_PDFS, _text_pdf
from tests.test_hostile import SEED_ROWS, rows

runner = CliRunner()
COMPARED = ("meetings", "attendance", "flygtningefordeling", "sosu_laerepladser")
IGNORED = {"source_file", "source_line", "source_page", "source_sha256", "line_end"}
QUOTA_TABLE = {"000_8ebe380394a1f244.txt": 1, "002_241b36b2641db069.txt": 3}
"""Which table of each seed (0 = the contents) the generator cuts by a page break."""


def kkr(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module", params=[(s, r) for s in SEEDS for r in (True, False)],
                ids=lambda p: f"{p[0][:3]}-{'ruled' if p[1] else 'plain'}")  # fmt: skip
def seed_pdf(request, tmp_path_factory):
    seed, ruled = request.param
    folder = tmp_path_factory.mktemp("pdf")
    text = (RAW_DIR / seed).read_text("utf-8")
    cut = {QUOTA_TABLE[seed]: 5} if seed in QUOTA_TABLE else None
    drawn = make_referat_pdf(text, folder / seed.replace(".txt", ".pdf"), ruled=ruled,
                             break_after=cut)  # fmt: skip
    return seed, drawn, read_referat(folder / seed.replace(".txt", ".pdf"), folder)


def comparable(rows: list, name: str) -> pd.DataFrame:
    frame = rows_frame(rows, TABLES[name])
    frame = frame.drop(columns=[c for c in frame.columns if c in IGNORED])
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.mark.parametrize("name", COMPARED)
def test_a_pdf_gives_the_rows_of_its_seed(seed_pdf, name):
    seed, _, referat = seed_pdf
    expected = transform([read_referat(RAW_DIR / seed, RAW_DIR)])[name]
    assert_frame_equal(comparable(transform([referat])[name], name), comparable(expected, name))


def test_every_row_of_a_pdf_has_the_page_the_generator_put_it_on(seed_pdf):
    seed, drawn, referat = seed_pdf
    seed_rows = transform([read_referat(RAW_DIR / seed, RAW_DIR)])["attendance"]
    pdf_rows = transform([referat])["attendance"]
    seed_page = {r.name: drawn["line_pages"][r.source_line] for r in seed_rows}
    assert pdf_rows and {r.name: r.source_page for r in pdf_rows} == seed_page


# --------------------------------------------------------------------------- through the CLI


@pytest.fixture
def raw(tmp_path):
    shutil.copytree(RAW_DIR, tmp_path / "raw")
    return tmp_path / "raw"


def test_a_pdf_beside_the_seeds_builds_with_pages(raw, tmp_path):
    """The same meeting as seed 000 but as a PDF in a folder of its own: read, with pages."""
    alone = tmp_path / "alone"
    alone.mkdir()
    text = (RAW_DIR / "000_8ebe380394a1f244.txt").read_text("utf-8")
    drawn = make_referat_pdf(text, alone / "kkr-nordjylland-2021-06-11.pdf", ruled=True)
    seed_rows = transform([read_referat(RAW_DIR / "000_8ebe380394a1f244.txt", RAW_DIR)])
    pages_drawn = [drawn["line_pages"][r.source_line] for r in seed_rows["attendance"]]
    result = kkr("build", "--raw-dir", alone, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        meeting = con.execute("select meeting_id, source_page from meetings").fetchall()
        pages = con.execute(
            "select min(source_page), max(source_page), count(*) from attendance"
        ).fetchone()
    assert meeting == [("nordjylland-2021-06-11", 1)]
    assert pages == (min(pages_drawn), max(pages_drawn), 23)


BAD_CASES = [(case, make, reason) for case, make, reason in BAD_PDFS] + [
    ("not a referat", _text_pdf, "not a referat"),
]


@pytest.mark.parametrize(("case", "make", "reason"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_a_bad_pdf_is_one_line_and_the_seeds_build(raw, tmp_path, case, make, reason):
    (raw / "bad.pdf").write_bytes(make())
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    (skipped,) = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert skipped.startswith("skipped bad.pdf: ") and reason in skipped
    assert rows(tmp_path / "out") == SEED_ROWS
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        found = con.execute("select rule from findings where source_file = 'bad.pdf'").fetchall()
    assert found == [("unreadable_file",)]


def test_a_pdf_over_the_size_limit_is_not_read(raw, tmp_path):
    with (raw / "huge.pdf").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    assert "skipped huge.pdf: too large for a referat (60.0 MB > 50 MB)" in result.output


def test_the_scanned_pdf_message_says_it_needs_ocr(raw, tmp_path):
    (raw / "scan.pdf").write_bytes(dict((c, m) for c, m, _ in BAD_PDFS)["scanned"]())
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert "skipped scan.pdf: PDF has no text layer (a scanned referat?); it needs OCR" in (
        result.output.splitlines()
    )


def test_convert_writes_the_text_read_and_caches_it(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "2021").mkdir(parents=True)
    text = (RAW_DIR / "000_8ebe380394a1f244.txt").read_text("utf-8")
    make_referat_pdf(text, raw / "2021" / "juni.pdf", ruled=False)
    (raw / "broken.pdf").write_bytes(b"%PDF-1.7\nnothing")
    monkeypatch.setattr(pdf, "CACHE_DIR", tmp_path / "cache")
    result = kkr("convert", "--raw-dir", raw, "--text-dir", tmp_path / "text")
    assert result.exit_code == 0
    converted = (tmp_path / "text" / "2021" / "juni.pdf.txt").read_text("utf-8")
    assert converted.count("\f") >= 5 and "Arne Boelt (A), Hjørring Kommune" in converted
    assert "skipped broken.pdf: truncated PDF (no %%EOF end marker)" in result.output
    assert len(list((tmp_path / "cache").glob("*.txt"))) == 1

    def no_conversion(*args):
        raise AssertionError("converted again")

    monkeypatch.setattr(pdf, "pdf_text", no_conversion)  # a rebuild reads the cache
    referat = read_referat(raw / "2021" / "juni.pdf", raw)
    assert referat.meeting_id == "nordjylland-2021-06-11"
    again = parse_referat(converted.encode(), "2021/juni.pdf", referat.source_sha256)
    assert dataclasses.replace(referat, modified=0.0) == again


def test_convert_never_writes_into_the_raw_dir(tmp_path):
    result = kkr("convert", "--raw-dir", tmp_path, "--text-dir", tmp_path / "text")
    assert result.exit_code == 2
    assert "may not be, contain or lie inside the raw dir" in result.output


def test_sources_csv_fills_source_url_and_retrieved(raw, tmp_path):
    (raw / "sources.csv").write_text(
        "file,url,retrieved\n"
        "000_8ebe380394a1f244.txt,https://www.kl.dk/media/a.pdf,2024-01-05\n"
        "004_3903496f2c70ecd5.txt,https://www.kl.dk/media/b.pdf,last week\n",
        "utf-8",
    )
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    assert "sources.csv" not in "".join(
        line for line in result.output.splitlines() if "skipped" in line
    )
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        meetings = con.execute(
            "select source_file, source_url, retrieved::varchar from meetings order by 1"
        ).fetchall()
        found = con.execute(
            "select source_line, message from findings where rule = 'sources_csv_unread'"
        )
        assert found.fetchall() == [
            (3, "sources.csv line 3: retrieved 'last week' is not a date (yyyy-mm-dd); left empty")
        ]
    assert meetings == [
        ("000_8ebe380394a1f244.txt", "https://www.kl.dk/media/a.pdf", "2024-01-05"),
        ("002_241b36b2641db069.txt", None, None),
        ("004_3903496f2c70ecd5.txt", "https://www.kl.dk/media/b.pdf", None),
    ]
