"""A table validated a batch of rows at a time (``SuiteRun.validate_batches``) gives what one
validation of the whole table gives: the same rows, and the same GX results (counts,
percentages, listed values and rows, success) for the Data Docs. The tables are the seeds'
tables broken so that every kind of expectation fails somewhere (``test_two_pass``), cut into
batches of a few rows so that failures fall into several batches."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import forked, run
from pipeline.validate import batches
from pipeline.validate import expectations as gx_run
from tests.conftest import RAW_DIR
from tests.validate.helpers import SUITES, suite_json
from tests.validate.test_two_pass import (  # noqa: F401 (fixtures)
    broken_tables,
    every_kind,
    params,
    seed_frames,
)


@dataclasses.dataclass
class FrameBatches:
    """A frame read ``size`` rows at a time (``expectations.TableBatches``); counts its reads."""

    name: str
    frame: pd.DataFrame
    size: int
    read: list[int] = dataclasses.field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def batches(self, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
        for start in range(0, len(self.frame), self.size):
            self.read.append(min(self.size, len(self.frame) - start))
            yield self.frame[list(columns)].iloc[start : start + self.size]

    def whole(self, columns: Sequence[str]) -> pd.DataFrame:
        self.read.append(len(self.frame))
        return self.frame[list(columns)]

    def groups(self, columns: Sequence[str], by: str) -> Iterator[pd.DataFrame]:
        """Groups as ``run.WrittenTable`` makes them (``run.group_numbers``)."""
        count = -(-len(self.frame) // self.size)
        number = run.group_numbers(pa.chunked_array([pa.array(self.frame[by])]), count)
        for group in sorted(set(number)):
            rows = self.frame[list(columns)][number == group]
            self.read.append(-len(rows))  # a group: counted negative
            yield rows


def validated(tables: dict[str, pd.DataFrame], parameters: dict, size: int | None) -> tuple:
    """(rows, each suite's outcome) of the tables validated whole, or in batches of ``size``."""
    suites = gx_run.SuiteRun()
    rows = []
    for name, frame in sorted(tables.items()):
        if size is None:
            rows += suites.validate({name: frame}, SUITES, parameters)
        else:
            rows += suites.validate_batches(FrameBatches(name, frame, size), SUITES, parameters)
    return rows, [outcome for _, outcome in suites.validated]


def results(outcome) -> dict[str, tuple]:
    """Each expectation's success and result (as JSON: a NaN equals a NaN)."""
    return {r.expectation_config.id: (r.success, json.dumps(r.result, default=repr, sort_keys=True))
            for r in outcome.results}  # fmt: skip


@pytest.fixture(scope="module")
def broken(seed_frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:  # noqa: F811
    return broken_tables(seed_frames)


def test_batches_give_the_rows_and_results_of_the_whole_table(broken, params):  # noqa: F811
    rows, outcomes = validated(broken, params, 29)
    whole_rows, whole_outcomes = validated(broken, params, None)
    assert rows == whole_rows
    assert {r.expectation for r in rows if not r.success} == every_kind()
    for outcome, whole in zip(outcomes, whole_outcomes, strict=True):
        assert results(outcome) == results(whole)
        assert outcome.statistics == whole.statistics and outcome.success == whole.success


def test_only_row_wise_expectations_read_batches(broken, params):  # noqa: F811
    """Attendance's suite: row-wise expectations on batches, its uniqueness on groups; the
    whole table is read only when the uniqueness fails in more than one group."""
    table = FrameBatches("attendance", broken["attendance"], 10)
    gx_run.SuiteRun().validate_batches(table, SUITES, params)
    size = len(broken["attendance"])
    batched = [min(10, size - s) for s in range(0, size, 10)]
    assert table.read[: len(batched)] == batched
    groups = table.read[len(batched) :]
    assert all(n < 0 for n in groups[:-1]) and -sum(groups[:-1]) == size
    assert groups[-1] == size  # the broken table repeats rows in several groups


def test_a_uniqueness_failing_in_one_group_is_not_read_whole(seed_frames, params):  # noqa: F811
    frame = seed_frames["attendance"]
    frame = pd.concat([frame, frame.iloc[[3]]], ignore_index=True)
    table = FrameBatches("attendance", frame, 10)
    grouped, whole = gx_run.SuiteRun(), gx_run.SuiteRun()
    rows = grouped.validate_batches(table, SUITES, params)
    assert rows == whole.validate({"attendance": frame}, SUITES, params)
    [row] = [r for r in rows if r.expectation == "expect_compound_columns_to_be_unique"]
    assert not row.success and row.unexpected_count == 2
    assert results(grouped.validated[0][1]) == results(whole.validated[0][1])
    assert len(frame) not in table.read and len([n for n in table.read if n < 0]) > 1


def test_each_suite_kind_is_row_wise_or_not_as_declared():
    """Every expectation type the suites use is split by design: judged on its own row
    (batches) or not (uniqueness across rows, a column's type, the row count)."""
    whole = {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique",
             "expect_column_values_to_be_in_type_list",
             "expect_table_row_count_to_equal"}  # fmt: skip
    assert {k for k in every_kind() if not batches.row_wise(k, {})} == whole
    assert not batches.row_wise("expect_column_values_to_not_be_null", {"mostly": 0.9})
    assert batches.row_wise("expect_column_values_to_not_be_null", {"mostly": 1})


@pytest.mark.parametrize("part", [batches.ROWS, batches.GROUPS])
def test_suite_columns_of_one_part_are_those_its_expectations_name(part):
    path = SUITES / "attendance.json"
    columns = list(run.field_names(run.TABLES["attendance"]))
    named = gx_run.suite_columns(path, columns, part)
    chosen = [e for e in suite_json("attendance")["expectations"]
              if batches.how(e["type"], e["kwargs"]) == part]  # fmt: skip
    words = {w for e in chosen for w in gx_run._WORD.findall(str(e["kwargs"]))}
    assert named == [c for c in columns if c in words or c in gx_run.ROW_COLUMNS]
    every = gx_run.suite_columns(path, columns)
    assert set(named) <= set(every) and (part == batches.ROWS or len(named) < len(every))


@pytest.mark.parametrize(
    ("kind", "kwargs", "how", "column"),
    [
        ("expect_compound_columns_to_be_unique", {"column_list": ["meeting_id", "name"]},
         batches.GROUPS, "meeting_id"),
        ("expect_column_values_to_be_unique", {"column": "meeting_id"}, batches.GROUPS,
         "meeting_id"),
        ("expect_column_values_to_be_unique", {"column": "meeting_id", "mostly": 0.9},
         batches.WHOLE, None),
        ("expect_column_values_to_not_be_null", {"column": "name"}, batches.ROWS, None),
        ("expect_table_row_count_to_equal", {"value": 98}, batches.WHOLE, None),
    ],
)  # fmt: skip
def test_how_an_expectation_runs_in_parts(kind, kwargs, how, column):
    assert (batches.how(kind, kwargs), batches.group_column(kind, kwargs)) == (how, column)


@pytest.mark.parametrize(
    ("values", "groups", "expected"),
    [
        (["a", "b", "a", None, "c", None], 2, [0, 1, 0, 1, 0, 1]),
        (["a", "b", "a"], 1, [0, 0, 0]),
        ([3, 1, 3, 2], 2, [0, 1, 0, 0]),
        ([], 0, []),
    ],
)
def test_group_numbers_put_equal_values_in_one_group(values, groups, expected):
    column = pa.chunked_array([pa.array(values[:2]), pa.array(values[2:])])
    assert run.group_numbers(column, groups).tolist() == expected


def test_a_written_table_validated_in_batches_gives_the_rows_of_one_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``run.suite_rows`` reads a table of more than ``BATCH_ROWS`` rows a batch at a time
    from its Parquet file (each batch indexed by its row numbers)."""
    out, names = tmp_path / "out", ["attendance", "flygtningefordeling", "persons"]
    run.build(RAW_DIR, out)
    parameters = run.suite_parameters(out)
    whole = run.suite_rows(gx_run.SuiteRun(), out, names, parameters)
    monkeypatch.setattr(run, "BATCH_ROWS", 20)
    seen: list[str] = []
    original = gx_run.SuiteRun.validate_batches

    def spy(self, table, suites_dir, values):
        seen.append(table.name)
        return original(self, table, suites_dir, values)

    monkeypatch.setattr(gx_run.SuiteRun, "validate_batches", spy)
    assert run.suite_rows(gx_run.SuiteRun(), out, names, parameters) == whole
    assert seen == names
    frames = list(run.WrittenTable(out, "attendance").batches(["source_line"]))
    assert len(frames) > 1 and [f.index[0] for f in frames] == list(range(0, 20 * len(frames), 20))


def test_the_data_docs_show_a_batched_table_whole(broken, params, tmp_path):  # noqa: F811
    """The validation page of a table validated in batches counts the whole table's rows."""
    table = broken["attendance"]
    suites = gx_run.SuiteRun()
    suites.validate_batches(FrameBatches("attendance", table, 29), SUITES, params)
    suites.build_docs(tmp_path)
    [page] = (tmp_path / "validations").rglob("*.html")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text("utf-8")).split())
    assert f"of {len(table)} total rows" in text and len(table) > 29
    assert "of 29 total rows" not in text


def test_suites_run_in_child_processes_give_what_one_process_gives(tmp_path: Path, monkeypatch):
    """``run.suite_rows`` runs a large table's suite in a child process (``SuiteRun.apart``):
    the same rows, and the same results for the Data Docs, failures and their rows included
    (attendance with a row repeated), whether the child validates the table whole or in
    batches and groups of its Parquet file; the tables validated apart leave nothing in this
    process's GX context."""
    out = tmp_path / "out"
    run.build(RAW_DIR, out)
    attendance = pq.read_table(out / "attendance.parquet")
    pq.write_table(
        pa.concat_tables([attendance, attendance.slice(5, 2)]), out / "attendance.parquet"
    )
    parameters = run.suite_parameters(out)
    validated = {}
    ways = [(10**9, True, 10**9), (0, False, 10**9), (0, True, 10**9), (0, True, 20)]
    for apart, can_fork, batch in ways:  # here, apart here, apart, apart in batches and groups
        monkeypatch.setattr(run, "APART_ROWS", apart)
        monkeypatch.setattr(run, "BATCH_ROWS", batch)
        monkeypatch.setattr(forked, "CAN_FORK", can_fork and forked.CAN_FORK)
        suites = gx_run.SuiteRun()
        rows = run.suite_rows(suites, out, run.DATA_TABLES, parameters)
        validated[apart, can_fork, batch] = rows, [results(o) for _, o in suites.validated]
        assets = [asset.name for asset in suites.source.assets]
        assert assets == ([] if apart == 0 and forked.CAN_FORK else sorted(run.DATA_TABLES))
    assert all(validated[way] == validated[ways[0]] for way in ways)
    rows = validated[0, True, 20][0]
    [failed] = [r for r in rows if not r.success]
    assert (failed.suite, failed.unexpected_count) == ("attendance", 4)
    suites.build_docs(tmp_path / "docs")
    assert len(list((tmp_path / "docs" / "validations").rglob("*.html"))) == len(run.DATA_TABLES)
