"""What the suite tests in ``tests/validate`` share: where the suites are, the parameters they run
with, the names of the expectations, and how to build a table, run a suite and read its rows.

``check_suite_loads`` asserts; ``tests/validate/conftest.py`` has pytest rewrite its asserts.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.models import ValidationResultRow, field_names
from pipeline.validate.expectations import load_suite, run_suites

SUITES = Path(__file__).resolve().parents[2] / "expectations"
KOMMUNE_CODES = [101 + i for i in range(98)]
PARAMS = {"kommune_codes": KOMMUNE_CODES}
MID = "nordjylland-2021-06-11"

NOT_NULL = "expect_column_values_to_not_be_null"
BE_NULL = "expect_column_values_to_be_null"
IN_SET = "expect_column_values_to_be_in_set"
BETWEEN = "expect_column_values_to_be_between"
IN_TYPES = "expect_column_values_to_be_in_type_list"
MATCH = "expect_column_values_to_match_regex"
UNIQUE = "expect_compound_columns_to_be_unique"
PAIR_EQUAL = "expect_column_pair_values_to_be_equal"


def frame(
    row_type: type,
    rows: Iterable,
    nullable_ints: tuple[str, ...] = (),
    floats: tuple[str, ...] = (),
) -> pd.DataFrame:
    """A table with exactly the columns of ``row_type``; ``nullable_ints`` as pandas Int64 and
    ``floats`` as float64 (so that a column of Nones keeps its type)."""
    df = pd.DataFrame([dataclasses.asdict(r) for r in rows], columns=field_names(row_type))
    return df.astype(dict.fromkeys(nullable_ints, "Int64") | dict.fromkeys(floats, "float64"))


def run(name: str, table: pd.DataFrame, params: dict | None = None) -> list[ValidationResultRow]:
    """The rows of suite ``name`` run on ``table``; ``params`` defaults to ``PARAMS``."""
    return run_suites({name: table}, SUITES, PARAMS if params is None else params)


def only(rows: list[ValidationResultRow], expectation: str, column: str) -> ValidationResultRow:
    """The one row of ``expectation`` on ``column``."""
    (row,) = [r for r in rows if r.expectation == expectation and r.column == column]
    return row


def failures(rows: list[ValidationResultRow]) -> list[tuple[str, str | None]]:
    return [(r.expectation, r.column) for r in rows if not r.success]


def conditional_counts(rows: list[ValidationResultRow]) -> dict[tuple[str, str | None], int]:
    """The element count of each row whose expectation has a ``row_condition``."""
    return {
        (r.expectation, r.column): r.element_count
        for r in rows
        if "row_condition" in json.loads(r.kwargs)
    }


def suite_json(name: str) -> dict:
    return json.loads((SUITES / f"{name}.json").read_text(encoding="utf-8"))


def written_row_conditions(name: str) -> list[dict]:
    """The ``row_condition`` kwargs as written in suite ``name``'s JSON file."""
    return [
        e["kwargs"]["row_condition"]
        for e in suite_json(name)["expectations"]
        if "row_condition" in e["kwargs"]
    ]


def loaded_row_conditions(name: str) -> tuple[list[str], list[str]]:
    """The warnings loading suite ``name`` gives, and its row conditions as loaded."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        suite = load_suite(SUITES / f"{name}.json")
    conditions = [repr(e.row_condition) for e in suite.expectations if e.row_condition]
    return [str(w.message) for w in caught], conditions


def check_suite_loads(name: str) -> None:
    """Suite ``name`` loads with every expectation of its file, in order, each with notes."""
    suite = load_suite(SUITES / f"{name}.json")
    written = suite_json(name)["expectations"]
    assert suite.name == name
    assert [e.expectation_type for e in suite.expectations] == [e["type"] for e in written]
    assert all(e["meta"]["notes"] for e in written)
