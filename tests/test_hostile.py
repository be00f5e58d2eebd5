"""Hostile input beside the good seeds: each bad file gets one line naming it and the reason, no
traceback, and every row of the good seeds is still built."""

import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import RAW_DIR

runner = CliRunner()
SEED_ROWS = {
    "meetings": 3,
    "agenda_items": 35,
    "attendance": 91,
    "flygtningefordeling": 41,
    "sosu_laerepladser": 68,
    "budgets": 28,
}
SEED_004 = (RAW_DIR / "004_3903496f2c70ecd5.txt").read_bytes()


def write_binary_garbage(raw):
    (raw / "garbage.txt").write_bytes(bytes(range(256)) * 64)


def write_undecodable(raw):
    (raw / "latin.txt").write_bytes(b"KKR SYDDANMARK\nDato: 09-06-2021\n\x81\x8d\x8f\x90 \xff\n")


def write_50_mb(raw):
    with (raw / "huge.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: written in no time, read never


HOSTILE = [
    ("empty", lambda raw: (raw / "empty.txt").write_bytes(b""), "skipped empty.txt: empty file"),
    ("binary", write_binary_garbage, "skipped garbage.txt: binary data (NUL bytes), not text"),
    ("undecodable", write_undecodable, "skipped latin.txt: neither UTF-8 nor cp1252 (byte 0x81)"),
    (
        "not a referat",
        lambda raw: (raw / "liste.md").write_text("# Indkøb\n\n- mælk\n", "utf-8"),
        "skipped liste.md: not a referat (no 'KKR <region>' line on the first page)",
    ),
    (
        "pdf",
        lambda raw: (raw / "referat.pdf").write_bytes(b"%PDF-1.7\n"),
        "skipped referat.pdf: truncated PDF (no %%EOF end marker)",
    ),
    (
        "docx",
        lambda raw: (raw / "referat.docx").write_bytes(b"PK\x03\x04"),
        "skipped referat.docx: not a .pdf, .txt or .md file; skipped",
    ),
    ("50 MB", write_50_mb, "skipped huge.txt: too large for a referat (50.0 MB > 10 MB)"),
]


def build(raw, out):
    result = runner.invoke(app, ["build", "--raw-dir", str(raw), "--out-dir", str(out)])
    assert "Traceback" not in result.output
    return result


def rows(out) -> dict[str, int]:
    with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in SEED_ROWS}


@pytest.fixture
def raw(tmp_path):
    shutil.copytree(RAW_DIR, tmp_path / "raw")
    return tmp_path / "raw"


@pytest.mark.parametrize(("case", "write", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_beside_the_seeds(raw, tmp_path, case, write, message):
    write(raw)
    result = build(raw, tmp_path / "out")
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if line.startswith("skipped")] == [message]
    assert rows(tmp_path / "out") == SEED_ROWS


def test_referat_cut_off_half_way_keeps_what_is_complete(raw, tmp_path):
    lines = SEED_004.decode("utf-8").split("\n")
    (raw / "004_3903496f2c70ecd5.txt").write_text("\n".join(lines[:400]), "utf-8")  # ends in 3.6
    result = build(raw, tmp_path / "out")
    assert result.exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        items = con.execute(
            "select item_no from agenda_items where meeting_id like 'syd%' order by source_line"
        ).fetchall()
        (cut,) = con.execute(
            "select severity, source_line, message from findings where rule = 'referat_cut_off'"
        ).fetchall()
        attendance = con.execute("select count(*) from attendance where meeting_id like 'syd%'")
        assert attendance.fetchone()[0] == 45
    assert [i[0] for i in items] == ["1.1", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]
    assert cut[:2] == ("error", 361)
    assert cut[2].startswith(
        "the text ends in point 3.6 (kept as far as it goes), but the contents "
        "list 8 more: 3.7. Status fra de syddanske vækstteams, "
    )


def test_same_referat_twice_under_two_names_is_one_meeting(raw, tmp_path):
    (raw / "kopi af referat.txt").write_bytes(SEED_004)
    result = build(raw, tmp_path / "out")
    assert result.exit_code == 0
    assert rows(tmp_path / "out") == SEED_ROWS
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        found = con.execute(
            "select source_file, message from findings where rule = 'duplicate_meeting'"
        ).fetchall()
    assert found == [
        (
            "kopi af referat.txt",
            "syddanmark-2021-06-09 is also in 004_3903496f2c70ecd5.txt, which is kept "
            "(the same text); this file is skipped",
        )
    ]


def test_referat_in_a_nested_folder_is_read(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2021" / "syddanmark").mkdir(parents=True)
    (raw / "2021" / "syddanmark" / "juni.txt").write_bytes(SEED_004)
    result = build(raw, tmp_path / "out")
    assert result.exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        (source,) = con.execute("select source_file from meetings").fetchone()
    assert source == "2021/syddanmark/juni.txt"


def test_every_hostile_file_at_once_with_strict(raw, tmp_path):
    for _, write, _ in HOSTILE:
        write(raw)
    result = runner.invoke(
        app, ["build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "o"), "--strict"]
    )
    assert result.exit_code == 1  # built, with findings
    assert rows(tmp_path / "o") == SEED_ROWS
    assert len([line for line in result.output.splitlines() if line.startswith("skipped")]) == 7


def test_only_hostile_files_exit_2_and_keep_the_previous_build(raw, tmp_path):
    out = tmp_path / "out"
    assert build(raw, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    bad = tmp_path / "bad"
    bad.mkdir()
    for _, write, _ in HOSTILE:
        write(bad)
    result = build(bad, out)
    assert result.exit_code == 2
    assert (
        result.output.splitlines()[-1] == "kkr: error: no referat could be read; nothing was built"
    )
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before
