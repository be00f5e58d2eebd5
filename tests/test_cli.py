"""The kkr command through typer's CliRunner: build, stage commands, sql, exit codes, bad
files beside good ones, atomic output and byte-identical rebuilds."""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.transform import TABLES
from tests.conftest import RAW_DIR, ROOT, SEEDS

runner = CliRunner()


def kkr(*args: str):
    return runner.invoke(app, list(args))


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = kkr("build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_every_table_and_the_database(built):
    expected = [f"{t}.parquet" for t in TABLES] + [
        "kkr.duckdb",
        "findings.md",
        "docs",
        "report.html",
    ]
    own = [".kkr-build", ".lock", "current", "versions"]
    assert sorted(p.name for p in built.iterdir()) == sorted(expected + own)
    assert all(
        (built / name).resolve().parent == (built / "current").resolve() for name in expected
    )
    with duckdb.connect(str(built / "kkr.duckdb"), read_only=True) as con:
        counts = {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in TABLES
            if t not in ("findings", "validation_results")
        }
        views = {
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }
        comment = con.execute(
            "select comment from duckdb_columns() where table_name = 'attendance' "
            "and column_name = 'kommune_code'"
        ).fetchone()[0]
        failed = con.execute(
            "select count(*) from validation_results where not success"
        ).fetchone()[0]
    assert counts == {
        "meetings": 3,
        "agenda_items": 35,
        "attendance": 91,
        "appointments": 19,
        "persons": 83,
        "person_aliases": 86,
        "memberships": 90,
        "flygtningefordeling": 41,
        "sosu_laerepladser": 68,
        "budgets": 28,
        "unparsed_lines": 21,
        "kommuner": 98,
    }
    assert {"stg_meetings", "stg_attendance", "meeting_summaries", "member_attendance"} <= views
    assert {"stg_flygtningefordeling", "stg_sosu_laerepladser", "quota_reconciliations"} <= views
    assert {"attendance_by_person", "attendance_by_party", "attendance_by_kommune"} <= views
    assert comment.startswith("Official 3-digit kommune code")
    assert failed == 0
    index = (built / "docs" / "index.html").read_text("utf-8")
    assert all(suite in index for suite in TABLES if suite != "validation_results")


def test_summary_lists_counts(tmp_path):
    result = kkr("build", "--raw-dir", str(RAW_DIR), "--out-dir", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert "rows in attendance" in result.output and "91" in result.output
    assert "expectations failed" in result.output


def test_sql_prints_the_answer(built):
    result = kkr(
        "sql",
        "select region, meeting_date, count(*) as n from attendance group by all order by all",
        "--out-dir",
        str(built),
    )
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "2021" in line or "2023" in line]
    assert [line.split("│")[1:4] for line in lines] == [
        [" Nordjylland ", " 2021-06-11   ", " 23 "],
        [" Nordjylland ", " 2023-09-22   ", " 23 "],
        [" Syddanmark  ", " 2021-06-09   ", " 45 "],
    ]


def test_sql_error_is_one_line(built):
    result = kkr("sql", "select nope from meetings", "--out-dir", str(built))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("kkr: error: ")


def test_strict_exits_1_on_the_seeds_warning(tmp_path):
    """Seed 004 misspells Odense ('Odens'): a warning, so --strict fails the build."""
    result = kkr("build", "--raw-dir", str(RAW_DIR), "--out-dir", str(tmp_path / "o"), "--strict")
    assert result.exit_code == 1


def test_bad_files_are_skipped_with_one_line_and_good_ones_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "garbage.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "slides.pdf").write_bytes(b"%PDF-1.4")
    (raw / "notes.md").write_text("Husk mælk og brød.\n", "utf-8")
    result = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "o"))
    assert result.exit_code == 0
    skipped = sorted(line for line in result.output.splitlines() if line.startswith("skipped"))
    assert skipped == [
        "skipped empty.txt: empty file",
        "skipped garbage.txt: binary data (NUL bytes), not text",
        "skipped notes.md: not a referat (no 'KKR <region>' line on the first page)",
        "skipped slides.pdf: truncated PDF (no %%EOF end marker)",
    ]
    with duckdb.connect(str(tmp_path / "o" / "kkr.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from attendance").fetchone()[0] == 91
        rules = con.execute(
            "select rule, source_file from findings where meeting_id is null order by source_file"
        ).fetchall()
    assert rules == [
        ("unreadable_file", "empty.txt"),
        ("unreadable_file", "garbage.txt"),
        ("unreadable_file", "notes.md"),
        ("unreadable_file", "slides.pdf"),
    ]


def test_nothing_readable_exits_2_and_keeps_previous_output(tmp_path, built):
    out = tmp_path / "o"
    shutil.copytree(built, out)
    before = digest(out)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    result = kkr("build", "--raw-dir", str(raw), "--out-dir", str(out))
    assert result.exit_code == 2
    assert "nothing was built" in result.output
    assert digest(out) == before


def database_contents(out: Path) -> dict[str, list]:
    with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        names += [
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        ]
        return {n: con.execute(f"select * from {n}").fetchall() for n in sorted(names)}


def test_rebuild_is_byte_identical(tmp_path, built):
    result = kkr("build", "--raw-dir", str(RAW_DIR), "--out-dir", str(tmp_path / "again"))
    assert result.exit_code == 0
    assert digest(tmp_path / "again") == digest(built)
    assert database_contents(tmp_path / "again") == database_contents(built)


def test_rows_are_ordered_by_meeting_then_line(built):
    with duckdb.connect(str(built / "kkr.duckdb"), read_only=True) as con:
        for table in ("agenda_items", "attendance", "budgets", "flygtningefordeling"):
            keys = con.execute(f"select meeting_id, source_line from {table}").fetchall()
            assert keys == sorted(keys), table


def test_stage_commands_one_by_one(tmp_path):
    out = str(tmp_path / "o")
    assert kkr("extract", "--raw-dir", str(RAW_DIR)).exit_code == 0
    assert kkr("transform", "--raw-dir", str(RAW_DIR), "--out-dir", out).exit_code == 0
    assert kkr("validate", "--out-dir", out).exit_code == 0
    assert kkr("load", "--out-dir", out).exit_code == 0
    result = kkr("sql", "select count(*) from agenda_items", "--out-dir", out)
    assert "35" in result.output


def test_stage_commands_without_input_fail_cleanly(tmp_path):
    for args in (["validate"], ["load"], ["sql", "select 1"]):
        result = kkr(*args, "--out-dir", str(tmp_path / "none"))
        assert result.exit_code == 2 and result.output.startswith("kkr: error: ")
        if args != ["sql", "select 1"]:
            assert "no meetings.parquet; run 'kkr build' first" in result.output, args


COMMANDS = ["build", "extract", "transform", "validate", "load", "report", "sql", "docs"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = kkr(command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"kkr {command}" in (ROOT / "README.md").read_text("utf-8")


def test_docs_tables_md_is_current():
    assert kkr("docs", "--check").exit_code == 0, "run 'kkr docs' (make docs)"


def test_seeds_are_the_shared_ones():
    assert SEEDS == [
        "000_8ebe380394a1f244.txt",
        "002_241b36b2641db069.txt",
        "004_3903496f2c70ecd5.txt",
    ]


def test_quota_marts(built):
    with duckdb.connect(str(built / "kkr.duckdb"), read_only=True) as con:
        hjoerring = con.execute(
            "select SSH_2023, SSH_2024, SSA_2023, SSA_2024 from sosu_places_wide "
            "where area = 'Hjørring'"
        ).fetchall()
        reconciled = con.execute(
            "select meeting_id, level, area, stated, summed, parts, expected_parts, difference "
            "from quota_reconciliations where summed is not null order by all"
        ).fetchall()
    assert hjoerring == [(38, 38, 77, 76)]
    assert reconciled == [
        ("nordjylland-2021-06-11", "national", "Hele landet", 600, 73, 1, 5, None),
        ("nordjylland-2021-06-11", "region", "Nordjylland", 73, 73, 11, 11, 0),
        ("syddanmark-2021-06-09", "national", "Hele landet", 500, 500, 5, 5, 0),
        ("syddanmark-2021-06-09", "region", "Syddanmark", 113, 113, 22, 22, 0),
    ]


def test_budget_facts_keep_the_table_figure_for_its_summary(built):
    with duckdb.connect(str(built / "kkr.duckdb"), read_only=True) as con:
        socialtilsyn = con.execute(
            "select fiscal_year, label, amount_dkk, basis from budget_facts "
            "where entity = 'Socialtilsyn Nord' and measure = 'budget' and label = 'Budget samlet' "
            "order by fiscal_year"
        ).fetchall()
        summaries = con.execute(
            "select count(*) from budget_facts where amount_dkk in (36000000, 34700000)"
        ).fetchone()[0]
        total = con.execute("select count(*) from budget_facts").fetchone()[0]
    assert socialtilsyn == [
        (2023, "Budget samlet", 34741043, "table"),
        (2024, "Budget samlet", 36061167, "table"),
    ]
    assert summaries == 0
    assert total == 26  # 28 amounts, less the two sentences that summarise table figures


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "meeting_id,region\nnordjylland-2021-06-11,Nordjylland\n"),
        (
            "json",
            '[\n {\n  "meeting_id": "nordjylland-2021-06-11",\n  "region": "Nordjylland"\n }\n]\n',
        ),
        (
            "markdown",
            "| meeting_id | region |\n| --- | --- |\n| nordjylland-2021-06-11 | Nordjylland |\n",
        ),
    ],
)
def test_sql_formats(built, fmt, expected):
    query = "select meeting_id, region from meetings order by 1"
    result = kkr("sql", query, "--out-dir", str(built), "--format", fmt, "--limit", "1")
    assert result.exit_code == 0
    assert result.stdout == expected
    assert result.stderr == "kkr: 1 of 3 rows shown (--limit 1)\n"


def test_a_wide_result_is_never_cut(built):
    result = kkr(
        "sql", "select * from meeting_summaries order by meeting_id", "--out-dir", str(built)
    )
    assert result.exit_code == 0
    assert "one record per block" in result.output
    assert "attendance_rate     | 0.467" in result.output  # the last column, whole
    assert result.output.count("-[ RECORD") == 3


def test_quota_facts_take_the_landstal_its_regions_sum_to(built):
    with duckdb.connect(str(built / "kkr.duckdb"), read_only=True) as con:
        landstal = con.execute(
            "select value, basis, source, referater, statements from quota_facts "
            "where quota_table = 'flygtningefordeling' and year = 2022 and level = 'national'"
        ).fetchall()
        bases = dict(con.execute("select basis, count(*) from quota_facts group by 1").fetchall())
    assert landstal == [
        (
            500,
            "parts sum to it",
            "004_3903496f2c70ecd5.txt:398",
            2,
            "500 @ 004_3903496f2c70ecd5.txt:398; 600 @ 000_8ebe380394a1f244.txt:410",
        )
    ]
    assert bases == {"stated once": 105, "stated alike in 2 referater": 1, "parts sum to it": 1}


def test_jobs_and_the_cache_do_not_change_the_output(tmp_path, built, monkeypatch):
    """Eight copies of the seeds under other meeting dates, read by 2 processes, then again from
    the cache: byte-identical Parquet either way, and the same as one process."""
    from pipeline import perfile

    raw = tmp_path / "raw"
    raw.mkdir()
    for n, seed in enumerate(SEEDS * 3):
        text = (RAW_DIR / seed).read_text("utf-8")
        text = text.replace("Dato: ", f"Dato: 0{n % 9 + 1}-01-2019 ", 1)
        (raw / f"{n:02d}_{seed}").write_text(text, "utf-8")
    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path / "cache")
    one = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "one"), "--jobs", "1")
    two = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "two"), "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 9
    again = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "again"))
    assert again.exit_code == 0
    assert digest(tmp_path / "one") == digest(tmp_path / "two") == digest(tmp_path / "again")
    # one file changed: eight from the cache and one read again give what a clean build gives
    first = sorted(raw.iterdir())[0]
    first.write_text(first.read_text("utf-8") + "\n", "utf-8")
    warm = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "warm"))
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 10, warm.output
    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path / "cold-cache")
    cold = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "cold"))
    assert warm.exit_code == cold.exit_code == 0
    assert digest(tmp_path / "warm") == digest(tmp_path / "cold") != digest(tmp_path / "one")


def test_results_of_other_code_versions_leave_the_cache(tmp_path, monkeypatch):
    from pipeline import perfile

    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path)
    mine = tmp_path / f"{'a' * 64}-{'b' * 16}-{perfile.code_version()}.pickle"
    old = tmp_path / f"{'a' * 64}-{'b' * 16}-{'0' * 16}.pickle"
    recent = tmp_path / f"{'c' * 64}-{'b' * 16}-{'0' * 16}.pickle"
    for path in (mine, old, recent):
        path.write_bytes(b"x")
    an_hour_ago = time.time() - perfile.PRUNE_AFTER - 1
    for path in (mine, old):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert perfile.prune_cache() == 1
    assert mine.exists() and not old.exists()
    assert recent.exists()  # another build may be using it: kept until an hour after its use
    assert perfile.prune_cache(now=time.time() + perfile.PRUNE_AFTER + 1) == 1
    assert not recent.exists()


def test_a_result_read_from_the_cache_is_marked_as_used(tmp_path, monkeypatch):
    from pipeline import perfile

    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path)
    first = perfile.extract_file(RAW_DIR / SEEDS[0], RAW_DIR)
    (entry,) = tmp_path.glob("*.pickle")
    os.utime(entry, (0, 0))
    assert perfile.extract_file(RAW_DIR / SEEDS[0], RAW_DIR) == first
    assert entry.stat().st_mtime > time.time() - 60


def test_partition_writes_hive_folders_duckdb_reads(tmp_path):
    out = tmp_path / "o"
    result = kkr("build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out), "--partition")
    assert result.exit_code == 0, result.output
    folders = sorted(p.relative_to(out / "partitioned" / "attendance").as_posix()
                     for p in (out / "partitioned" / "attendance").glob("*/*"))  # fmt: skip
    assert folders == [
        "region=nordjylland/year=2021",
        "region=nordjylland/year=2023",
        "region=syddanmark/year=2021",
    ]
    pattern = (out / "partitioned" / "attendance" / "*" / "*" / "*.parquet").as_posix()
    with duckdb.connect() as con:
        counts = con.execute(
            f"select region, year, count(*) from read_parquet('{pattern}', hive_partitioning=true)"
            " group by all order by all"
        ).fetchall()
    assert counts == [
        ("nordjylland", 2021, 23),
        ("nordjylland", 2023, 23),
        ("syddanmark", 2021, 45),
    ]


def test_the_command_starts_no_blas_threads():
    """``kkr`` imports numpy with OpenBLAS on one thread (no stage does linear algebra, and its
    thread pool spins a core as it starts); a value set by the user is kept."""
    code = "import pipeline.cli, pipeline.run, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "1"
    env["OPENBLAS_NUM_THREADS"] = "2"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "2"


def test_a_build_reads_from_the_start_and_stops_its_workers_when_it_stops(tmp_path, monkeypatch):
    """``kkr build`` starts reading the referater before it imports the rest of the build, and
    hands that reading to ``run.build``; a build that stops before it has read them all stops
    the workers, and says why in one line."""
    from pipeline import perfile, run
    from pipeline.errors import InputError

    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(perfile.SERIAL_BELOW):
        shutil.copy(RAW_DIR / SEEDS[n % len(SEEDS)], raw / f"{n:02d}_{SEEDS[n % len(SEEDS)]}")
    handed = []

    def stops(raw_dir, out_dir, on_file, jobs, partition, started):
        handed.append(started)
        raise InputError(f"{out_dir}: cannot be written")

    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path / "cache")
    monkeypatch.setattr(run, "build", stops)
    result = kkr("build", "--raw-dir", str(raw), "--out-dir", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 2
    said = f"kkr: error: {tmp_path / 'out'}: cannot be written"
    assert result.output.strip().splitlines()[-1] == said
    [started] = handed
    assert started.reads(sorted(raw.iterdir()), raw, 2, perfile.IN_PARTS)
    with pytest.raises(RuntimeError):  # stopped: it takes no more work
        started.pool.submit(int)
