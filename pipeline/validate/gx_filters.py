"""Great Expectations' row conditions applied once per frame, not once per metric.

GX 1.24.1's pandas engine filters a batch by an expectation's row condition
(``basis == "text"``) each time a metric of that expectation asks for its rows
(``_apply_row_condition_filter``: pandas ``DataFrame.query``, which parses the condition and
copies the rows), several times an expectation. The quota, SOSU and budget suites have 28
such expectations: some 57 queries a build, 45 of them for a condition already applied to the
same frame, about a fifth of the suites' time. :func:`filtered` applies each condition to a
frame once and gives the same rows to every metric that asks, as GX gives every metric of an
expectation without a condition the batch's frame itself (no metric changes the rows it is
given). What GX queries is worked out as GX works it out; the rows of a frame are let go with
the frame. ``tests/validate/test_gx_filters.py`` compares the suites' results with GX's own.
"""

from __future__ import annotations

import weakref
from typing import Any

import pandas as pd
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.model_field_types import CONDITION_PARSER_PANDAS
from great_expectations.expectations.row_conditions import (
    Condition,
    PassThroughCondition,
    deserialize_row_condition,
)

from pipeline.validate.gx_kwargs import replace_in_gx

ORIGINAL = PandasExecutionEngine._apply_row_condition_filter
"""GX's own method, as it was before :func:`install`."""

_ROWS: dict[int, dict[tuple[str, str | None], pd.DataFrame]] = {}
"""For each frame (by ``id``, while it lives): the rows of each query applied to it."""


def filtered(
    self: PandasExecutionEngine, data: pd.DataFrame, row_condition: Any, domain_kwargs: dict
) -> pd.DataFrame:
    """``_apply_row_condition_filter``: the rows of ``data`` that ``row_condition`` keeps,
    queried once per frame and condition (see the module)."""
    if isinstance(row_condition, dict):
        row_condition = deserialize_row_condition(row_condition)
    if isinstance(row_condition, PassThroughCondition):
        query = (row_condition.pass_through_filter, None)
    elif isinstance(row_condition, Condition):
        query = (self.condition_to_filter_clause(row_condition), None)
    elif isinstance(row_condition, str) and (
        domain_kwargs.get("condition_parser") == CONDITION_PARSER_PANDAS
    ):
        query = (row_condition, CONDITION_PARSER_PANDAS)
    else:  # GX's error for a condition it cannot apply
        return ORIGINAL(self, data, row_condition, domain_kwargs)
    found = _queries_of(data)
    if query not in found:
        clause, parser = query
        found[query] = data.query(clause) if parser is None else data.query(clause, parser=parser)
    return found[query]


def _queries_of(data: pd.DataFrame) -> dict[tuple[str, str | None], pd.DataFrame]:
    """The rows queried from ``data`` so far; forgotten when ``data`` is let go."""
    key = id(data)
    if key not in _ROWS:
        _ROWS[key] = {}
        weakref.finalize(data, _ROWS.pop, key, None)
    return _ROWS[key]


def install() -> bool:
    """Put :func:`filtered` in GX's place (``gx_kwargs.replace_in_gx``); whether it did."""
    return replace_in_gx([(PandasExecutionEngine, "_apply_row_condition_filter", filtered)])
