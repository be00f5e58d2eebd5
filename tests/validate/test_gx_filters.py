"""``pipeline.validate.gx_filters``: a row condition applied to a frame once gives every metric
the rows GX's own filter gives, and the suites' results are GX's, failing rows named."""

from __future__ import annotations

import gc
from pathlib import Path

import great_expectations as gx
import great_expectations.exceptions as gx_exceptions
import pandas as pd
import pytest
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.row_conditions import deserialize_row_condition

from pipeline import run
from pipeline.validate import gx_filters
from pipeline.validate.expectations import SuiteRun
from tests.validate.helpers import run as run_suite
from tests.validate.test_quota_expectations import flygtninge, places, quota, sosu

LEVEL_IS_KOMMUNE = {"type": "comparison", "column": {"name": "level"}, "operator": "==",
                    "parameter": "kommune"}  # fmt: skip
FRAME = pd.DataFrame({"level": ["kommune", "region", "kommune"], "quota": [1, 2, 3]})


@pytest.fixture
def engine() -> PandasExecutionEngine:
    return PandasExecutionEngine()


@pytest.mark.parametrize(
    ("condition", "domain_kwargs"),
    [
        (LEVEL_IS_KOMMUNE, {}),  # as a suite's JSON gives it
        (deserialize_row_condition(LEVEL_IS_KOMMUNE), {}),
        (
            deserialize_row_condition({"type": "pass_through", "pass_through_filter": "quota > 1"}),
            {},
        ),
        ('level == "region"', {"condition_parser": "pandas"}),
    ],
)
def test_the_rows_are_gx_s(engine, condition, domain_kwargs) -> None:
    ours = gx_filters.filtered(engine, FRAME, condition, domain_kwargs)
    pd.testing.assert_frame_equal(
        ours, gx_filters.ORIGINAL(engine, FRAME, condition, domain_kwargs)
    )


def test_a_condition_is_applied_to_a_frame_once(engine, monkeypatch) -> None:
    frame, queried = FRAME.copy(), []
    original_query = pd.DataFrame.query

    def query(self, *args, **kwargs):
        queried.append(args)
        return original_query(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "query", query)
    first = gx_filters.filtered(engine, frame, LEVEL_IS_KOMMUNE, {})
    assert gx_filters.filtered(engine, frame, LEVEL_IS_KOMMUNE, {}) is first
    assert list(first["quota"]) == [1, 3]
    other = gx_filters.filtered(engine, frame.copy(), LEVEL_IS_KOMMUNE, {})  # another frame
    assert other is not first and list(other["quota"]) == [1, 3]
    assert len(queried) == 2


def test_the_rows_go_with_their_frame(engine) -> None:
    frame = FRAME.copy()
    gx_filters.filtered(engine, frame, LEVEL_IS_KOMMUNE, {})
    assert id(frame) in gx_filters._ROWS
    key = id(frame)
    del frame
    gc.collect()
    assert key not in gx_filters._ROWS


def test_a_condition_gx_cannot_apply_is_gx_s_error(engine) -> None:
    with pytest.raises(gx_exceptions.ValidationError, match="condition_parser"):
        gx_filters.filtered(engine, FRAME, 'level == "region"', {})


def _both(tables: list) -> tuple[list, list]:
    """The rows of the suites of ``tables`` ((name, frame) pairs) with GX's own filter and with
    ours."""
    found = []
    for method in (gx_filters.ORIGINAL, gx_filters.filtered):
        PandasExecutionEngine._apply_row_condition_filter = method
        try:
            found.append([row for name, table in tables for row in run_suite(name, table)])
        finally:
            PandasExecutionEngine._apply_row_condition_filter = gx_filters.filtered
    return found[0], found[1]


def test_failing_conditional_expectations_are_gx_s() -> None:
    """A kommune row without its code and a region row with one, in both quota tables: the
    conditional expectations fail, their rows named, as with GX's own filter."""
    broken = [
        ("flygtningefordeling", flygtninge(quota("kommune", 12, kommune_code=None),
                                           quota("region", 13, kommune_code=101))),
        ("sosu_laerepladser", sosu(places("kommune", 12, kommune_code=None),
                                   places("region", 13, kommune_code=101))),
    ]  # fmt: skip
    theirs, ours = _both(broken)
    assert ours == theirs
    assert {(r.suite, r.column) for r in ours if not r.success} >= {
        ("flygtningefordeling", "kommune_code"), ("sosu_laerepladser", "kommune_code")}  # fmt: skip
    assert all(r.unexpected_rows for r in ours if not r.success)


def test_the_seeds_suites_are_gx_s(stage: Path) -> None:
    names = ["budgets", "flygtningefordeling", "kommuner", "sosu_laerepladser"]
    found = []
    for method in (gx_filters.ORIGINAL, gx_filters.filtered):
        PandasExecutionEngine._apply_row_condition_filter = method
        try:
            found.append(run.suite_rows(SuiteRun(), stage, names, run.suite_parameters(stage)))
        finally:
            PandasExecutionEngine._apply_row_condition_filter = gx_filters.filtered
    assert found[1] == found[0]
    assert len(found[1]) > 50


def test_installed_only_in_the_version_it_was_written_from(monkeypatch) -> None:
    assert PandasExecutionEngine._apply_row_condition_filter is gx_filters.filtered
    monkeypatch.setattr(PandasExecutionEngine, "_apply_row_condition_filter", gx_filters.ORIGINAL)
    monkeypatch.setattr(gx, "__version__", "1.99.0")
    assert not gx_filters.install()
    assert PandasExecutionEngine._apply_row_condition_filter is gx_filters.ORIGINAL
