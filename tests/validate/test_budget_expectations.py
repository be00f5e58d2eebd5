"""The suite of the ``budgets`` table (``expectations/budgets.json``).

Small inline tables, as in ``test_expectations.py``: good rows (a table cell and a sentence)
pass every expectation; an unknown measure, a negative or non-integer amount, a percentage on a
table row, a sentence amount written without its currency or a missing value fails, and the
failing rows are named by ``source_file:source_line``.

An amount is recorded once per place it is stated, so the suite has no unique key: the same
amount twice on one line passes.

The checks that depend on ``basis`` use GX 1.x's structured ``row_condition``
(``{"type": "comparison", "column": {"name": "basis"}, "operator": "==", "parameter": ...}``),
not the string + ``condition_parser`` form GX 1.9 deprecated.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd
import pytest

from pipeline import constants
from pipeline.models import BudgetRow, field_names
from pipeline.numbers import find_amounts
from tests.validate.helpers import (
    BE_NULL,
    BETWEEN,
    IN_SET,
    IN_TYPES,
    MATCH,
    MID,
    NOT_NULL,
    UNIQUE,
    check_suite_loads,
    conditional_counts,
    failures,
    frame,
    loaded_row_conditions,
    only,
    run,
    suite_json,
    written_row_conditions,
)

NAME = "budgets"

REQUIRED = (
    "meeting_id",
    "item_no",
    "measure",
    "label",
    "amount_dkk",
    "amount_text",
    "basis",
    "source_file",
    "source_line",
    "quote",
)
"""The columns the suite checks are never null (the brief's list; entity, fiscal_year, percent
and unit_note may be)."""


# --------------------------------------------------------------------------- tables


def cell(line: int, **changes) -> BudgetRow:
    """An amount read from a table cell: a bare number, no percentage."""
    row = BudgetRow(
        MID,
        "4",
        "KKR Nordjylland",
        2024,
        "budget",
        "Administration",
        34_741_043,
        "34.741.04 3",
        None,
        None,
        "table",
        "nj.txt",
        line,
        "Administration 34.741.04 3 33.468.000",
    )
    return dataclasses.replace(row, **changes)


def sentence(line: int, **changes) -> BudgetRow:
    """An amount read from running text, with the percentage stated next to it."""
    row = BudgetRow(
        MID,
        "4.1",
        None,
        2025,
        "stigning",
        "kontingent til KL",
        36_000_000,
        "36,0 mio. kr.",
        3.8,
        "mio. kr.",
        "text",
        "nj.txt",
        line,
        "Kontingentet stiger med 3,8 pct. til 36,0 mio. kr. i 2025.",
    )
    return dataclasses.replace(row, **changes)


def budgets(*rows: BudgetRow) -> pd.DataFrame:
    """A table with exactly BudgetRow's columns; fiscal_year (nullable) as pandas Int64."""
    return frame(BudgetRow, rows or (cell(10), sentence(20)), ("fiscal_year",), ("percent",))


# --------------------------------------------------------------------------- the suite


def test_suite_loads_with_every_expectation() -> None:
    check_suite_loads(NAME)
    assert suite_json(NAME)["meta"]["notes"]


def test_row_conditions_load_without_deprecation_warnings() -> None:
    warned, conditions = loaded_row_conditions(NAME)
    assert warned == []
    assert conditions == ["basis == text", "basis == table"]


def test_row_condition_bases_are_constants_bases() -> None:
    conditions = written_row_conditions(NAME)
    assert {c["column"]["name"] for c in conditions} == {"basis"}
    assert {c["operator"] for c in conditions} == {"=="}
    assert sorted(c["parameter"] for c in conditions) == sorted(constants.BASES)


def test_required_columns_are_exactly_the_not_nulls() -> None:
    not_null = [
        e["kwargs"]["column"]
        for e in suite_json(NAME)["expectations"]
        if e["type"] == NOT_NULL and "row_condition" not in e["kwargs"]
    ]
    assert sorted(not_null) == sorted(REQUIRED)
    assert set(REQUIRED) < set(field_names(BudgetRow))


def test_no_unique_key() -> None:
    assert [e for e in suite_json(NAME)["expectations"] if e["type"] == UNIQUE] == []


# --------------------------------------------------------------------------- good rows pass


def test_good_rows_pass_everything() -> None:
    rows = run(NAME, budgets(), {})
    assert failures(rows) == []
    assert all(r.unexpected_rows is None for r in rows)
    assert len(rows) == len(suite_json(NAME)["expectations"])
    assert {r.suite for r in rows} == {NAME}


def test_good_rows_pass_with_every_integer_as_Int64() -> None:
    """``pipeline.run.frame`` hands every int64 Arrow column over as pandas Int64."""
    ints = ["fiscal_year", "amount_dkk", "source_line"]
    assert failures(run(NAME, budgets().astype(dict.fromkeys(ints, "Int64")), {})) == []


def test_nullable_columns_may_all_be_null() -> None:
    table = budgets(
        cell(10, entity=None, fiscal_year=None),
        sentence(20, fiscal_year=None, percent=None, unit_note=None),
    )
    rows = run(NAME, table, {})
    assert failures(rows) == []
    assert only(rows, BETWEEN, "fiscal_year").element_count == 2
    assert only(rows, BETWEEN, "percent").unexpected_count == 0


def test_conditional_expectations_see_only_their_basis() -> None:
    rows = run(NAME, budgets(cell(10), cell(11, amount_text="1.250"), sentence(20)), {})
    assert conditional_counts(rows) == {(MATCH, "amount_text"): 1, (BE_NULL, "percent"): 2}
    assert json.loads(only(rows, BE_NULL, "percent").kwargs) == {
        "row_condition": {
            "type": "comparison",
            "column": {"name": "basis"},
            "operator": "==",
            "parameter": "table",
        }
    }


def test_same_amount_twice_on_one_line_is_not_a_duplicate() -> None:
    """A table row can hold the same amount text in two columns: no unique key to break."""
    table = budgets(cell(10), cell(10, fiscal_year=2025), sentence(20), sentence(20))
    assert failures(run(NAME, table, {})) == []


@pytest.mark.parametrize(
    "amount_text",
    ["36,0 mio. kr.", "1,2 mia.kr.", "500.000 kroner", "DKK 450.000", "250 t.kr.", "Syv Mio. Kr."],
)
def test_written_currencies_pass(amount_text: str) -> None:
    assert failures(run(NAME, budgets(sentence(20, amount_text=amount_text)), {})) == []


def test_every_amount_numbers_finds_in_text_matches_the_regex() -> None:
    """Text rows take amount_text from ``numbers.find_amounts``: all of its forms pass."""
    (regex,) = [
        e["kwargs"]["regex"]
        for e in suite_json(NAME)["expectations"]
        if e["type"] == MATCH and e["kwargs"]["column"] == "amount_text"
    ]
    line = (
        "Kontingentet er 36,0 mio. kr., heraf 1.320.124 kr. og DKK 450.000, i alt 700 mio.kr.; "
        "Syv Mio. Kr. og 2 millioner kroner er afsat."
    )
    texts = [a.text for a in find_amounts(line)]
    assert texts == [
        "36,0 mio. kr.",
        "1.320.124 kr.",
        "DKK 450.000",
        "700 mio.kr.",
        "Syv Mio. Kr.",
        "2 millioner kroner",
    ]
    assert [t for t in texts if not re.search(regex, t)] == []


# --------------------------------------------------------------------------- bad rows fail


def test_unknown_measure() -> None:
    table = budgets(cell(10), sentence(20, measure="udgift"), cell(30, measure="Budget"))
    rows = run(NAME, table, {})
    assert failures(rows) == [(IN_SET, "measure")]
    row = only(rows, IN_SET, "measure")
    assert (row.element_count, row.unexpected_count) == (3, 2)
    assert row.unexpected_rows == "nj.txt:20; nj.txt:30"


def test_negative_amount() -> None:
    rows = run(NAME, budgets(cell(10), sentence(20, amount_dkk=-2_000_000)), {})
    assert failures(rows) == [(BETWEEN, "amount_dkk")]
    row = only(rows, BETWEEN, "amount_dkk")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:20")
    assert json.loads(row.kwargs) == {"min_value": 0}


def test_zero_amount_passes() -> None:
    assert failures(run(NAME, budgets(cell(10, amount_dkk=0, amount_text="0")), {})) == []


def test_amount_that_is_not_an_integer_column() -> None:
    table = budgets()
    table["amount_dkk"] = table["amount_dkk"].astype(float)
    rows = run(NAME, table, {})
    assert failures(rows) == [(IN_TYPES, "amount_dkk")]
    assert only(rows, IN_TYPES, "amount_dkk").unexpected_rows is None  # a column-level check


def test_percent_on_a_table_row() -> None:
    rows = run(NAME, budgets(cell(10), cell(11, percent=3.8), sentence(20)), {})
    assert failures(rows) == [(BE_NULL, "percent")]
    row = only(rows, BE_NULL, "percent")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:11")


def test_text_amount_without_currency() -> None:
    table = budgets(cell(10), sentence(20), sentence(21, amount_text="36,0 mio."))
    rows = run(NAME, table, {})
    assert failures(rows) == [(MATCH, "amount_text")]
    row = only(rows, MATCH, "amount_text")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:21")
    assert json.loads(row.kwargs)["regex"] == "(?i:kr|dkk|kroner)"


def test_bare_number_passes_in_a_table_cell_only() -> None:
    assert failures(run(NAME, budgets(cell(10, amount_text="1.250")), {})) == []
    rows = run(NAME, budgets(sentence(20, amount_text="1.250")), {})
    assert failures(rows) == [(MATCH, "amount_text")]
    assert only(rows, MATCH, "amount_text").unexpected_rows == "nj.txt:20"


@pytest.mark.parametrize("year", [1989, 2101, 24])
def test_fiscal_year_out_of_range(year: int) -> None:
    rows = run(NAME, budgets(cell(10, fiscal_year=year)), {})
    assert failures(rows) == [(BETWEEN, "fiscal_year")]
    assert only(rows, BETWEEN, "fiscal_year").unexpected_rows == "nj.txt:10"


@pytest.mark.parametrize(
    ("percent", "ok"), [(-100.0, True), (1000.0, True), (-100.5, False), (1380.0, False)]
)
def test_percent_range(percent: float, ok: bool) -> None:
    rows = run(NAME, budgets(sentence(20, percent=percent)), {})
    assert failures(rows) == ([] if ok else [(BETWEEN, "percent")])


def test_bad_basis_fails_only_the_basis_check() -> None:
    """A basis outside BASES is seen by neither row_condition: only the in-set check fails."""
    table = budgets(cell(10), sentence(20, basis="pdf", amount_text="36,0", percent=3.8))
    rows = run(NAME, table, {})
    assert failures(rows) == [(IN_SET, "basis")]
    assert only(rows, IN_SET, "basis").unexpected_rows == "nj.txt:20"


@pytest.mark.parametrize("column", [c for c in REQUIRED if c not in ("source_file", "source_line")])
def test_required_column_null(column: str) -> None:
    rows = run(NAME, budgets(cell(10), sentence(20, **{column: None})), {})
    assert (NOT_NULL, column) in failures(rows)
    row = only(rows, NOT_NULL, column)
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:20")


def test_null_source_file_and_line_are_named_with_a_question_mark() -> None:
    table = budgets(cell(10), sentence(20, source_file=None), cell(30)).astype(
        {"source_line": "Int64"}
    )
    table.loc[2, "source_line"] = pd.NA
    rows = run(NAME, table, {})
    assert failures(rows) == [(NOT_NULL, "source_file"), (NOT_NULL, "source_line")]
    assert only(rows, NOT_NULL, "source_file").unexpected_rows == "?:20"
    assert only(rows, NOT_NULL, "source_line").unexpected_rows == "nj.txt:?"


def test_source_line_below_one_and_bad_meeting_id_and_item_no() -> None:
    table = budgets(cell(0, source_file="x.txt", meeting_id="Nordjylland-2021", item_no="4."))
    rows = run(NAME, table, {})
    assert failures(rows) == [
        (MATCH, "meeting_id"),
        (MATCH, "item_no"),
        (BETWEEN, "source_line"),
    ]
    assert {r.unexpected_rows for r in rows if not r.success} == {"x.txt:0"}
