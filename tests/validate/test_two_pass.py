"""``run_suites`` validates in two passes and gives the rows one COMPLETE pass gives.

Every suite runs with the cheap BASIC result format; only the expectations that failed run
again with COMPLETE, to name their rows. The reference is the one-pass validation (every
expectation COMPLETE), put in place of ``_validate`` by a monkeypatch. The tables are the seeds'
13 tables as the build makes them, and the same tables broken so that every kind of expectation
in the suites fails somewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline import run
from pipeline.load import to_arrow
from pipeline.models import ValidationResultRow
from pipeline.validate import expectations as gx_run
from tests.validate.helpers import SUITES, suite_json

BAD_TEXT = "¤ not a value ¤"
BAD_NUMBER = -(10**9)
BAD_DATE = dt.date(1900, 1, 1)
LINE_SHIFT = 10_000


@pytest.fixture(scope="module")
def seed_frames(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """The seeds' data tables, as the build hands them to validation."""
    tables, _ = run.extract_and_transform(raw_dir)
    tables["findings"] = list(run.findings_table(tables))
    return {n: run.frame(to_arrow(tables[n], run.TABLES[n])) for n in run.DATA_TABLES}


@pytest.fixture(scope="module")
def params(seed_frames: dict[str, pd.DataFrame]) -> dict[str, list[int]]:
    """The parameters the build passes: the seeds' kommune codes."""
    return {"kommune_codes": sorted(int(c) for c in seed_frames["kommuner"]["kommune_code"])}


def bad_value(column: pd.Series) -> object:
    """A value of the column's kind that no suite allows: a huge negative number, a date long
    before KKR, a text no set or pattern admits (a flag gets a null: it has no bad value)."""
    if pd.api.types.is_bool_dtype(column):
        return None
    if pd.api.types.is_numeric_dtype(column):
        return BAD_NUMBER
    if any(isinstance(v, dt.date) for v in column):
        return BAD_DATE
    return BAD_TEXT


def broken_column(column: pd.Series, position: int) -> pd.Series:
    """``column`` with a null in row ``position`` and a :func:`bad_value` in the next row
    (counted round the end); numbers keep their dtype (whole numbers as nullable ``Int64``),
    anything else becomes object."""
    values = column.tolist()
    size = len(values)
    values[position % size] = None
    values[(position + 1) % size] = bad_value(column)
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    whole = pd.api.types.is_integer_dtype(column)  # with a null: nullable, as run.frame has it
    return pd.Series(values, dtype=("Int64" if whole else column.dtype) if numeric else object)


def broken(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` followed by a copy of itself (so every key repeats) whose lines are shifted
    and whose every column has a null in one row and a bad value in another."""
    if table.empty:
        return table
    copy = table.reset_index(drop=True)
    copy = pd.DataFrame(
        {
            name: copy[name] + LINE_SHIFT
            if name == "source_line"
            else broken_column(copy[name], position)
            for position, name in enumerate(copy.columns)
        }
    )
    return pd.concat([table, copy], ignore_index=True)


def broken_tables(seed_frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table :func:`broken`; and quotas as floats (not an integer type), the first one
    also its own ``revised_from`` (two values of one record equal)."""
    tables = {name: broken(table) for name, table in seed_frames.items()}
    quotas = tables["flygtningefordeling"]
    quotas["quota"] = quotas["quota"].astype("float64")
    quotas.loc[0, "revised_from"] = quotas.loc[0, "quota"]
    return tables


def one_pass_rows(tables: dict[str, pd.DataFrame], params: dict) -> list[ValidationResultRow]:
    """The rows of the one-pass validation: every expectation with the COMPLETE format."""

    def complete(batch, path, suite, frame, parameters):
        outcome = gx_run._run(batch, path, suite, gx_run.naming_format(frame), parameters)
        gx_run._check_ran(path, suite, outcome)
        return outcome

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gx_run, "_validate", complete)
        return gx_run.run_suites(tables, SUITES, params)


def first_pass_rows(tables: dict[str, pd.DataFrame], params: dict) -> list[ValidationResultRow]:
    """The rows of the first pass alone (no table has rows to name, so nothing runs again)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gx_run, "row_columns", lambda frame: [])
        return gx_run.run_suites(tables, SUITES, params)


def counts(rows: list[ValidationResultRow]) -> list[tuple]:
    """Each row without its named rows."""
    return [(r.suite, r.expectation, r.column, r.kwargs, r.success, r.element_count,
             r.unexpected_count) for r in rows]  # fmt: skip


def kinds(rows: list[ValidationResultRow], success: bool) -> set[str]:
    """The expectation types of the rows that passed (``success``) or failed."""
    return {r.expectation for r in rows if r.success is success}


def every_kind() -> set[str]:
    """Every expectation type the suites use."""
    return {e["type"] for p in SUITES.glob("*.json") for e in suite_json(p.stem)["expectations"]}


@pytest.fixture(scope="module")
def broken_case(
    seed_frames: dict[str, pd.DataFrame], params: dict
) -> tuple[dict[str, pd.DataFrame], list[ValidationResultRow]]:
    """(the broken tables, their one-pass rows)."""
    tables = broken_tables(seed_frames)
    return tables, one_pass_rows(tables, params)


def test_good_tables_give_the_one_pass_rows(
    seed_frames: dict[str, pd.DataFrame], params: dict
) -> None:
    rows = gx_run.run_suites(seed_frames, SUITES, params)
    assert sorted({r.suite for r in rows}) == sorted(seed_frames)
    assert kinds(rows, success=True) == every_kind()
    assert kinds(rows, success=False) == set()
    assert rows == one_pass_rows(seed_frames, params)


def test_broken_tables_give_the_one_pass_rows(broken_case: tuple, params: dict) -> None:
    tables, one_pass = broken_case
    rows = gx_run.run_suites(tables, SUITES, params)
    assert rows == one_pass
    assert kinds(rows, success=False) == every_kind()
    named = [r for r in rows if not r.success and r.unexpected_rows]
    lines = [int(n) for r in named for n in re.findall(r":(\d+)", r.unexpected_rows or "")]
    assert max(lines) > LINE_SHIFT  # rows of the broken copy are named


def test_first_pass_counts_are_the_complete_counts(broken_case: tuple, params: dict) -> None:
    """BASIC gives success, element_count and unexpected_count as COMPLETE does, failing or
    not, for every kind of expectation (table-level ones have no counts in either)."""
    tables, one_pass = broken_case
    assert counts(first_pass_rows(tables, params)) == counts(one_pass)


def test_failing_rows_of_a_table_without_row_columns_are_counted_not_named(
    seed_frames: dict[str, pd.DataFrame], params: dict
) -> None:
    persons = broken(seed_frames["persons"])
    assert gx_run.row_columns(persons) == []
    rows = gx_run.run_suites({"persons": persons}, SUITES, params)
    failed = [r for r in rows if not r.success]
    assert failed
    assert all(r.unexpected_rows is None for r in failed)
    assert any(r.unexpected_count for r in failed)
    assert rows == one_pass_rows({"persons": persons}, params)


def test_only_failed_expectations_run_again(
    seed_frames: dict[str, pd.DataFrame], params: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = {"meetings": broken(seed_frames["meetings"]), "kommuner": seed_frames["kommuner"]}
    calls: list[tuple[str, str, int]] = []
    first_run = gx_run._run

    def spy(batch, path, suite, result_format, parameters):
        calls.append((suite.name, result_format["result_format"], len(suite.expectations)))
        return first_run(batch, path, suite, result_format, parameters)

    monkeypatch.setattr(gx_run, "_run", spy)
    rows = gx_run.run_suites(tables, SUITES, params)
    failed = sum(not r.success for r in rows if r.suite == "meetings")
    sizes = {s: sum(r.suite == s for r in rows) for s in tables}
    assert calls == [
        ("kommuner", "BASIC", sizes["kommuner"]),
        ("meetings", "BASIC", sizes["meetings"]),
        ("meetings", "COMPLETE", failed),
    ]
    assert 0 < failed < sizes["meetings"]


def suite_frames(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each table with only the columns its suite names (what the build reads)."""
    return {
        name: table[gx_run.suite_columns(SUITES / f"{name}.json", list(table.columns))]
        for name, table in tables.items()
    }


def test_the_columns_a_suite_names_give_the_rows_of_the_whole_table(
    broken_case: tuple, params: dict
) -> None:
    tables, one_pass = broken_case
    reduced = suite_frames(tables)
    assert "text" not in reduced["agenda_items"].columns  # the column that is left unread
    assert gx_run.run_suites(reduced, SUITES, params) == one_pass


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"column": "quota"}, ["quota"]),
        ({"column_list": ["meeting_id", "area"]}, ["meeting_id", "area"]),
        ({"column_A": "quota", "column_B": "revised_from"}, ["quota", "revised_from"]),
        ({"column": "amount_text", "row_condition": {"column": {"name": "basis"}}},
         ["amount_text", "basis"]),
        ({"column": "x", "row_condition": 'basis == "text"'}, ["basis", "text"]),
        ({"value": 3}, []),
    ],
)  # fmt: skip
def test_suite_columns(tmp_path: Path, kwargs: dict, named: list[str]) -> None:
    """The columns a suite names, and the row columns, in the table's order."""
    columns = ["source_file", "source_line", "meeting_id", "quota", "revised_from", "area",
               "amount_text", "basis", "text"]  # fmt: skip
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"name": "t", "expectations": [{"type": "e", "kwargs": kwargs}]}))
    expected = [c for c in columns if c in named or c in gx_run.ROW_COLUMNS]
    assert gx_run.suite_columns(path, columns) == expected


def test_an_unreadable_suite_names_every_column(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text("{not json")
    assert gx_run.suite_columns(tmp_path / "t.json", ["a", "b"]) == ["a", "b"]
    assert gx_run.suite_columns(tmp_path / "missing.json", ["a"]) == ["a"]


def test_whole_numbers_give_the_same_rows_as_numpy_or_nullable_integers(
    seed_frames: dict[str, pd.DataFrame], params: dict
) -> None:
    """``run.frame`` gives an integer column without nulls as numpy ``int64`` (Great
    Expectations compares it vectorised) and one with nulls as nullable ``Int64`` (compared
    value by value): a suite's rows are the same either way, a failed range included."""
    out_of_range = {name: frame.copy() for name, frame in seed_frames.items()}
    for frame in out_of_range.values():
        if "source_line" in frame and len(frame):
            frame.loc[0, "source_line"] = -5
    numpy = [c for f in out_of_range.values() for c in f.columns if f[c].dtype == "int64"]
    assert "source_line" in numpy
    nullable = {
        name: frame.astype({c: "Int64" for c in frame.columns if frame[c].dtype == "int64"})
        for name, frame in out_of_range.items()
    }
    rows = gx_run.run_suites(out_of_range, SUITES, params)
    assert not all(row.success for row in rows)
    assert rows == gx_run.run_suites(nullable, SUITES, params)
