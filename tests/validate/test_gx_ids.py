"""``pipeline.validate.gx_ids``: a metric's id made without GX's JSON conversion is the id GX
makes, for every id the suites make on the seeds and for any kwargs, plain or not."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import great_expectations as gx
import numpy as np
import pytest
from great_expectations.core.id_dict import IDDict
from hypothesis import given
from hypothesis import strategies as st

from pipeline import run
from pipeline.validate import gx_ids, gx_kwargs
from pipeline.validate.expectations import SuiteRun

CASES = [
    ({"column": "name", "batch_id": "kkr-attendance"}, True),
    ({"column": None, "mostly": 1.0, "strict": False}, True),
    ({"value_set": [101, 147], "pair": ("a", "b"), "format": {"result_format": "BASIC"}}, True),
    ({"column": "x", "mostly": math.nan}, False),  # GX writes NaN as null
    ({"column": "x", "min_value": np.int64(3)}, False),
    ({"column": "x", "when": dt.date(2024, 5, 1)}, False),
    ({"column": "x", "value_set": {"a", "b"}}, False),
    ({"column": "x", "codes": {101: "København"}}, False),  # GX makes a key a string
    ({"column": "x", "domain": IDDict(table="t", column="c")}, False),
    ({"column": "x"}, True),  # one key: GX names it, no hash
    ({}, True),
]


@pytest.mark.parametrize(("kwargs", "is_plain"), CASES)
def test_the_id_is_gx_s(kwargs: dict, is_plain: bool) -> None:
    assert gx_kwargs.plain(kwargs) is is_plain
    assert gx_ids.to_id(IDDict(kwargs)) == gx_ids.ORIGINAL(IDDict(kwargs))


def test_keys_chosen_or_ignored_as_gx_chooses_them() -> None:
    kwargs = IDDict(column="c", batch_id="b", row_condition='x=="y"', condition_parser="pandas")
    for keys, ignored in [(None, None), (["column", "batch_id"], None), (None, ["batch_id"]),
                          (["column", "row_condition"], ["row_condition"])]:  # fmt: skip
        assert gx_ids.to_id(kwargs, keys, ignored) == gx_ids.ORIGINAL(kwargs, keys, ignored)


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.integers(-5, 5).map(np.int64),
    st.floats(-1e6, 1e6).map(np.float64),
    st.dates(),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=3) | st.integers(0, 9), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(st.dictionaries(st.text(min_size=1, max_size=6), VALUES, min_size=2, max_size=4))
def test_any_kwargs_have_gx_s_id(kwargs: dict) -> None:
    assert gx_ids.to_id(IDDict(kwargs)) == gx_ids.ORIGINAL(IDDict(kwargs))


def test_every_id_the_suites_make_is_gx_s(stage: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str]] = []

    def both(self: IDDict, id_keys=None, id_ignore_keys=None):
        ours = gx_ids.to_id(self, id_keys, id_ignore_keys)
        made.append((ours, gx_ids.ORIGINAL(self, id_keys, id_ignore_keys)))
        return ours

    monkeypatch.setattr(IDDict, "to_id", both)
    names = sorted({*run.DATA_TABLES, "findings"})
    rows = run.suite_rows(SuiteRun(), stage, names, run.suite_parameters(stage))
    assert len({r.suite for r in rows}) == len(names)
    assert len(made) > 1000
    assert all(ours == theirs for ours, theirs in made)


def test_installed_only_in_the_version_it_was_written_from(monkeypatch):
    assert IDDict.to_id is gx_ids.to_id  # installed as the suites are imported
    monkeypatch.setattr(IDDict, "to_id", gx_ids.ORIGINAL)
    monkeypatch.setattr(gx, "__version__", "1.99.0")
    assert not gx_ids.install()
    assert IDDict.to_id is gx_ids.ORIGINAL
