"""Trust II: the pipeline never touches what it did not write, never hangs on a runaway line,
never prints a traceback, keeps the complete referat of a meeting, and reads only what lies in
the raw dir. Every case runs beside the seeds, whose rows must stay intact."""

import fcntl
import os
import re
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from bench.bench_scale import make_corpus
from pipeline import run
from pipeline.cli import app
from pipeline.discovery import discover
from tests.conftest import RAW_DIR
from tests.test_hostile import SEED_004, SEED_ROWS, rows

runner = CliRunner()


def kkr(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("kkr: error:")]


@pytest.fixture
def raw(tmp_path):
    shutil.copytree(RAW_DIR, tmp_path / "raw")
    return tmp_path / "raw"


# --------------------------------------------------------------------------- the out dir


def test_a_users_folder_survives_out_dir_pointing_at_it(raw, tmp_path):
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "speech.docx").write_bytes(b"my own words")
    (mine / "notes").mkdir()
    result = kkr("build", "--raw-dir", raw, "--out-dir", mine)
    assert result.exit_code == 2
    assert errors(result) == [
        f"kkr: error: {mine}: holds files the pipeline did not write ('notes' and 1 more); "
        "left untouched: choose an empty or new folder as --out-dir"
    ]
    assert sorted(p.name for p in mine.iterdir()) == ["notes", "speech.docx"]
    assert (mine / "speech.docx").read_bytes() == b"my own words"


@pytest.mark.parametrize("where", ["raw", "parent", "inside"])
def test_out_dir_over_the_raw_dir_is_refused(raw, where):
    out = {"raw": raw, "parent": raw.parent, "inside": raw / "out"}[where]
    before = sorted(p.name for p in raw.iterdir())
    result = kkr("build", "--raw-dir", raw, "--out-dir", out)
    assert result.exit_code == 2
    assert errors(result) == [
        f"kkr: error: {out}: the out dir may not be, contain or lie inside the raw dir {raw}"
    ]
    assert sorted(p.name for p in raw.iterdir()) == before


def test_raw_dir_root_is_refused_not_walked(tmp_path):
    result = kkr("build", "--raw-dir", "/", "--out-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert errors(result)[0].endswith("may not be, contain or lie inside the raw dir /")


def test_out_dir_that_is_a_file_is_refused(raw, tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("keep me", "utf-8")
    result = kkr("build", "--raw-dir", raw, "--out-dir", target)
    assert result.exit_code == 2
    assert errors(result) == [
        f"kkr: error: {target}: is a file, not a folder; choose another --out-dir"
    ]
    assert target.read_text("utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "raw"]


def test_out_dir_dot_is_refused(raw, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "Makefile").write_text("all:\n", "utf-8")
    monkeypatch.chdir(work)
    result = kkr("build", "--raw-dir", raw, "--out-dir", ".")
    assert result.exit_code == 2
    assert errors(result) == [
        "kkr: error: .: holds files the pipeline did not write ('Makefile'); "
        "left untouched: choose an empty or new folder as --out-dir"
    ]


def test_unwritable_out_location_is_one_line(raw):
    result = kkr("build", "--raw-dir", raw, "--out-dir", "/proc/kkr-out")
    assert result.exit_code == 2
    assert errors(result) == [
        "kkr: error: /proc/kkr-out: cannot write there (No such file or directory)"
    ]


def test_empty_folder_and_previous_build_are_replaced(raw, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    assert kkr("build", "--raw-dir", raw, "--out-dir", out, "--force").exit_code == 0
    assert rows(out) == SEED_ROWS
    assert (out / ".kkr-build").is_file() and (out / "current").is_symlink()
    assert len(list((out / "versions").iterdir())) == 2  # the published build and the one before


def test_a_build_of_an_earlier_release_is_taken_over(raw, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "meetings.parquet").write_bytes(b"old")
    (out / "findings.md").write_text("old", "utf-8")
    (out / "docs").mkdir()
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    assert (out / "meetings.parquet").is_symlink() and (out / "docs").is_symlink()
    assert rows(out) == SEED_ROWS


def test_stale_folders_of_killed_builds_are_removed(raw, tmp_path):
    out = tmp_path / "out"
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    stale = out / "versions" / ".building-123"
    stale.mkdir()
    (stale / "meetings.parquet").write_bytes(b"half")
    assert kkr("build", "--raw-dir", raw, "--out-dir", out, "--force").exit_code == 0
    assert not stale.exists()


def test_a_second_build_at_the_same_time_is_refused(raw, tmp_path):
    out = tmp_path / "out"
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    with open(out / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = kkr("build", "--raw-dir", raw, "--out-dir", out, "--force")
    assert result.exit_code == 2
    assert errors(result) == [
        f"kkr: error: {out}: another kkr command is writing here; try again when it has finished"
    ]
    assert rows(out) == SEED_ROWS


def test_a_reader_keeps_working_while_a_build_is_published(raw, tmp_path):
    out = tmp_path / "out"
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    before = (out / "current").resolve()
    with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
        (raw / "002_241b36b2641db069.txt").unlink()
        assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
        assert con.execute("select count(*) from meetings").fetchone()[0] == 3  # the old build
    assert (out / "current").resolve() != before
    with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from meetings").fetchone()[0] == 2  # the new one


def test_a_failed_build_publishes_nothing(raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    current = (out / "current").resolve()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(run, "build_database", broken)
    result = kkr("build", "--raw-dir", raw, "--out-dir", out, "--force")
    assert result.exit_code == 2
    assert errors(result)[0].startswith(
        "kkr: error: unexpected RuntimeError: disk on fire (trace in "
    )
    assert (out / "current").resolve() == current
    assert [p.name for p in (out / "versions").iterdir() if p.name.startswith(".")] == []


# --------------------------------------------------------------------------- bounded work


def test_a_5_mb_line_finishes_and_is_cut_with_a_finding(raw, tmp_path):
    unit = "I 2023 blev der afsat 1,5 mio. kr. til projektet og i 2024 yderligere 2.000 kr. "
    text = SEED_004.decode("utf-8").replace(
        "Næste møde i KKR Syddanmark er den 31. august 2021.", unit * (5_000_000 // len(unit))
    )
    (raw / "004_3903496f2c70ecd5.txt").write_text(text, "utf-8")
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        (found,) = con.execute("select message from findings where rule = 'line_cut'").fetchall()
        counts = rows(tmp_path / "out")
    assert re.fullmatch(
        r"line 644 is [\d,]{9} characters long; only the first 20,000 are read", found[0]
    )
    assert {k: v for k, v in counts.items() if k != "budgets"} == {
        k: v for k, v in SEED_ROWS.items() if k != "budgets"
    }


# --------------------------------------------------------------------------- the complete referat


def test_the_complete_referat_wins_over_a_cut_copy_that_sorts_first(raw, tmp_path):
    lines = SEED_004.decode("utf-8").split("\n")
    (raw / "000_a_cut_copy.txt").write_text("\n".join(lines[:300]), "utf-8")
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    assert rows(tmp_path / "out") == SEED_ROWS
    assert (
        "skipped 000_a_cut_copy.txt: syddanmark-2021-06-09 is also in 004_3903496f2c70ecd5.txt, "
        "which is kept (this file is cut off); this file is skipped"
    ) in result.output


def test_of_two_complete_versions_the_one_with_more_items_wins(raw, tmp_path):
    text = SEED_004.decode("utf-8")
    start = text.index("3.8. Justering af arbejdet med den klimastrategiske ramme\n\nSAG")
    end = text.index("4. KKR\n\n4.1")
    shorter = text[:start] + text[end:]
    shorter = shorter.replace(
        "| 3.8. Justering af arbejdet med den klimastrategiske ramme | 18 |\n", ""
    )
    (raw / "004_3903496f2c70ecd5.txt").write_text(shorter, "utf-8")
    (raw / "zz_full.txt").write_bytes(SEED_004)
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        sources = con.execute("select source_file from meetings order by 1").fetchall()
    assert sources == [
        ("000_8ebe380394a1f244.txt",),
        ("002_241b36b2641db069.txt",),
        ("zz_full.txt",),
    ]
    assert "which is kept (13 agenda items against 12)" in result.output, result.output


# --------------------------------------------------------------------------- discovery


def test_links_outside_the_raw_dir_are_not_followed(raw, tmp_path):
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (raw / "elsewhere").symlink_to(tmp_path)
    (raw / "same.txt").symlink_to(raw / "000_8ebe380394a1f244.txt")
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    skipped = sorted(line for line in result.output.splitlines() if line.startswith("skipped"))
    assert skipped == [
        "skipped elsewhere: a link to a folder; not followed",
        "skipped gone.txt: a broken link",
        "skipped passwd.txt: a link to /etc/passwd, outside the raw dir; not followed",
        "skipped same.txt: nordjylland-2021-06-11 is also in 000_8ebe380394a1f244.txt, which is "
        "kept (the same text); this file is skipped",
    ]
    assert rows(tmp_path / "out") == SEED_ROWS


def test_hidden_folders_are_skipped_and_special_files_reported(raw, tmp_path):
    (raw / ".venv" / "lib").mkdir(parents=True)
    (raw / ".venv" / "lib" / "LICENSE.txt").write_text("MIT", "utf-8")
    os.mkfifo(raw / "pipe.txt")
    found = discover(raw)
    assert [p.name for p in found.referater] == sorted(p.name for p in RAW_DIR.glob("*.txt"))
    assert found.problems == [("pipe.txt", "not a regular file")]


def test_an_unreadable_folder_is_a_finding_and_the_rest_builds(raw, tmp_path, monkeypatch):
    (raw / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    assert "skipped locked: cannot be read (Permission denied)" in result.output.splitlines()
    assert rows(tmp_path / "out") == SEED_ROWS


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(raw, tmp_path, encoding):
    (raw / "004_3903496f2c70ecd5.txt").write_bytes(SEED_004.decode("utf-8").encode(encoding))
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    assert rows(tmp_path / "out") == SEED_ROWS


def test_nul_bytes_after_64_kib_are_removed_with_a_finding(raw, tmp_path):
    padding = "Dette er en lang tekst om ingenting. " * 500  # 2 KB, so the NULs lie past 64 KiB
    data = (RAW_DIR / "002_241b36b2641db069.txt").read_bytes()
    data = data.replace(b"Dagsorden er udsendt den 14. september 2023.", padding.encode())
    at = data.index(b"Per M\xc3\xb8ller redegjorde")
    assert at > 65536
    (raw / "002_241b36b2641db069.txt").write_bytes(data[:at] + b"\x00\x00" + data[at:])
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out")
    assert result.exit_code == 0
    with duckdb.connect(str(tmp_path / "out" / "kkr.duckdb"), read_only=True) as con:
        found = con.execute("select message from findings where rule = 'nul_bytes_removed'")
        assert found.fetchall() == [("2 NUL bytes removed from the text",)]
        text = con.execute("select beslutning from agenda_items where item_no = '2.5'")
        assert "\x00" not in text.fetchone()[0]
    assert rows(tmp_path / "out") == SEED_ROWS


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("query", ["", "   ", "-- only a comment", "/* nothing */ ;"])
def test_empty_sql_is_one_line_exit_2(query, tmp_path, raw):
    out = tmp_path / "out"
    assert kkr("build", "--raw-dir", raw, "--out-dir", out).exit_code == 0
    result = kkr("sql", "--out-dir", out, "--", query)
    assert result.exit_code == 2
    assert (
        result.output == "kkr: error: the query is empty (or only comments); give a SQL statement\n"
    )


def test_missing_raw_dir_is_one_line_exit_2(tmp_path):
    result = kkr("build", "--raw-dir", tmp_path / "nope", "--out-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert errors(result) == [
        f"kkr: error: {tmp_path / 'nope'}: the raw dir does not exist or is not a folder"
    ]


def test_strict_says_what_it_found(raw, tmp_path):
    result = kkr("build", "--raw-dir", raw, "--out-dir", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert "kkr: --strict: 2 warning findings (see findings.md)" in result.output.splitlines()


def test_transform_then_validate_keeps_the_findings_of_a_build(raw, tmp_path):
    """Attendance (transform) and the quota checks (validate) share the rule
    kommune_outside_region: a re-validation replaces only its own stage's findings."""
    text = SEED_004.decode("utf-8").replace("Kasper Olesen, Kerteminde", "Kasper Olesen, Aarhus")
    (raw / "004_3903496f2c70ecd5.txt").write_text(text, "utf-8")
    built, staged = tmp_path / "built", tmp_path / "staged"
    assert kkr("build", "--raw-dir", raw, "--out-dir", built).exit_code == 0
    assert kkr("transform", "--raw-dir", raw, "--out-dir", staged).exit_code == 0
    assert kkr("validate", "--out-dir", staged).exit_code == 0
    assert kkr("validate", "--out-dir", staged).exit_code == 0  # twice: nothing doubles

    def findings(out):
        with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
            return con.execute("select * from findings order by all").fetchall()

    assert kkr("load", "--out-dir", staged).exit_code == 0
    assert findings(staged) == findings(built)
    assert [f[4] for f in findings(built) if f[1] == "kommune_outside_region"] == [96]


def test_a_build_checks_as_validate_does_on_a_corpus(tmp_path):
    """A build runs the checks within a meeting on each referat as it is read and those across
    meetings on the quota tables written; ``kkr validate`` runs them on the whole tables. On a
    corpus of many meetings (``bench``'s: each copy of a seed another KKR and date) both find
    the same, of several rules."""
    raw, built, staged = tmp_path / "raw", tmp_path / "built", tmp_path / "staged"
    make_corpus(raw, 12)
    assert kkr("build", "--raw-dir", raw, "--out-dir", built).exit_code == 0
    assert kkr("transform", "--raw-dir", raw, "--out-dir", staged).exit_code == 0
    assert kkr("validate", "--out-dir", staged).exit_code == 0
    query = "select * from read_parquet(?) where stage = 'validate' order by all"
    found = {}
    for out in (built, staged):
        with duckdb.connect() as con:
            found[out] = con.execute(query, [str(out / "findings.parquet")]).fetchall()
    assert found[built] == found[staged]
    assert {f[1] for f in found[built]} >= {
        "kommune_outside_region", "quota_differs_between_referater", "rounded_amount_truncated"
    }  # fmt: skip
