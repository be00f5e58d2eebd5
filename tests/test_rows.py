"""Rows as tuples (``pipeline.rows``): values shared through a pool keep their values, and
equal strings and integers become one object."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import run
from pipeline.load import to_arrow
from pipeline.models import FindingRow
from pipeline.rows import shared

CASES = [
    ([], []),
    ([("a", 1, None)], [("a", 1, None)]),
    ([("a", True, 1.0), ("a", 1, 1)], [("a", True, 1.0), ("a", 1, 1)]),
    ([(1, "1"), ("1", 1)], [(1, "1"), ("1", 1)]),
    ([(2.5, b"x", ("t",))], [(2.5, b"x", ("t",))]),
]


@pytest.mark.parametrize(("rows", "expected"), CASES)
def test_shared_rows_keep_their_values_and_types(rows, expected):
    out = shared(rows, {})
    assert out == expected
    assert [[type(v) for v in row] for row in out] == [[type(v) for v in row] for row in expected]


def test_equal_strings_and_integers_become_one_object_across_calls():
    pool: dict = {}
    first = shared(pickle.loads(pickle.dumps([("Aarhus", 1234, "x")])), pool)
    again = shared(pickle.loads(pickle.dumps([("Aarhus", 1234, "y")])), pool)
    assert first[0][0] is again[0][0] and first[0][1] is again[0][1]
    assert again == [("Aarhus", 1234, "y")]


def test_a_boolean_is_never_replaced_by_an_equal_integer():
    pool: dict = {}
    shared([(1, 0)], pool)
    assert shared([(True, False)], pool)[0] == (True, False)
    assert [type(v) for v in shared([(True, False)], pool)[0]] == [bool, bool]


values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())


@given(st.lists(st.tuples(values, values, values)), st.lists(st.tuples(values, values, values)))
def test_sharing_never_changes_a_row(before, rows):
    pool: dict = {}
    shared(before, pool)
    out = shared(rows, pool)
    assert out == rows
    assert [tuple(map(type, r)) for r in out] == [tuple(map(type, r)) for r in rows]


def test_rows_read_back_from_arrow_are_the_rows_written(monkeypatch):
    """``run.rows_of`` makes rows from the columns, a few at a time and whatever the columns'
    order: the rows that went in, with their types."""
    rows = [
        FindingRow("error", "r", None, "a.txt", 3, "m"),
        FindingRow("warning", "r", "x-2021-01-01", "a.txt", None, "m", "validate", 2),
        FindingRow("info", "s", None, None, None, "n", "extract"),
    ]
    table = to_arrow(rows, FindingRow)
    monkeypatch.setattr(run, "ROWS_AT_ONCE", 2)
    assert run.rows_of(table, FindingRow) == rows
    assert run.rows_of(table.select(table.column_names[::-1]), FindingRow) == rows
