"""A build whose suites find a failed expectation publishes it everywhere the findings go: the
findings table, findings.md, and the database (made again in the loader process once the
results are in), with validation_results loaded there too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from pipeline import run
from tests.conftest import RAW_DIR


def test_a_failed_expectation_reaches_the_findings_the_report_and_the_database(
    tmp_path: Path, monkeypatch
):
    suites = tmp_path / "expectations"
    shutil.copytree(run.SUITES_DIR, suites)
    kommuner = json.loads((suites / "kommuner.json").read_text("utf-8"))
    [count] = [
        e for e in kommuner["expectations"] if e["type"] == "expect_table_row_count_to_equal"
    ]
    count["kwargs"]["value"] = 99  # there are 98
    (suites / "kommuner.json").write_text(json.dumps(kommuner), "utf-8")
    monkeypatch.setattr(run, "SUITES_DIR", suites)  # the validation process is forked after

    out = tmp_path / "out"
    report = run.build(RAW_DIR, out)

    assert report.expectations_failed == 1
    message = "kommuner: expect_table_row_count_to_equal() failed for"
    assert message in (out / "findings.md").read_text("utf-8")
    with duckdb.connect(str(out / "kkr.duckdb"), read_only=True) as con:
        found = con.execute(
            "select count(*) from findings where rule = 'expectation_failed' and message like ?",
            [message + "%"],
        ).fetchone()[0]
        failed = con.execute("select count(*) from validation_results where not success")
        assert (found, failed.fetchone()[0]) == (1, 1)
    written = run.written_tallies(out)  # the summary counts the findings published
    assert (report.rows["findings"], report.findings, report.errors) == written
    assert report.findings["error"] >= 1  # the failed expectation's finding among them
