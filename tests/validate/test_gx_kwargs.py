"""``pipeline.validate.gx_kwargs``: GX's kwargs methods with the configuration read once give
what GX's own give, for every expectation of every suite."""

from __future__ import annotations

from enum import StrEnum

import great_expectations as gx
import numpy as np
import pytest
from great_expectations.expectations.expectation import Expectation

from pipeline.validate import gx_kwargs
from pipeline.validate.expectations import load_suite
from tests.validate.helpers import SUITES

EXPECTATIONS = [
    pytest.param(e, id=f"{path.stem}-{i}-{e.expectation_type}")
    for path in sorted(SUITES.glob("*.json"))
    for i, e in enumerate(load_suite(path).expectations)
]


@pytest.mark.parametrize("expectation", EXPECTATIONS)
def test_the_kwargs_are_those_gx_gives(expectation):
    original = gx_kwargs.ORIGINALS
    assert gx_kwargs.domain_kwargs(expectation) == original["_get_domain_kwargs"](expectation)
    assert gx_kwargs.success_kwargs(expectation) == original["_get_success_kwargs"](expectation)
    keys = {*expectation.domain_keys, *expectation.success_keys, *expectation.configuration.kwargs,
            *gx_kwargs.NOT_KWARGS}  # fmt: skip
    for key in [*sorted(keys), "not_a_kwarg"]:
        ours = gx_kwargs.success_kwarg(expectation, key, "default")
        assert ours == original["_get_success_kwarg"](expectation, key, "default"), key


@pytest.mark.parametrize("expectation", EXPECTATIONS)
def test_configured_is_the_configuration_s_kwargs(expectation):
    kwargs = expectation.configuration.kwargs
    assert gx_kwargs.configured(expectation, kwargs) == kwargs
    assert gx_kwargs.configured(expectation, gx_kwargs.NOT_KWARGS) == {}


def test_installed_only_in_the_version_they_were_written_from(monkeypatch):
    assert gx.__version__ == gx_kwargs.FOR_VERSION  # requirements.lock pins it
    assert Expectation._get_success_kwargs is gx_kwargs.success_kwargs  # installed on import
    for name, method in gx_kwargs.ORIGINALS.items():
        monkeypatch.setattr(Expectation, name, method)
    monkeypatch.setattr(gx, "__version__", "1.99.0")
    assert not gx_kwargs.install()
    assert Expectation._get_success_kwargs is gx_kwargs.ORIGINALS["_get_success_kwargs"]


@pytest.mark.parametrize("expectation", EXPECTATIONS)
def test_configured_is_pydantic_s_dict_of_the_fields(expectation):
    """Read field by field, as pydantic's ``dict(exclude_defaults=True, include=...)`` gives
    them; pydantic's class-wide field choices, which it would apply too, are unset."""
    assert expectation.__include_fields__ is None and expectation.__exclude_fields__ is None
    for keys in [expectation.domain_keys, expectation.success_keys, expectation.__fields__]:
        wanted = set(keys) - gx_kwargs.NOT_KWARGS
        assert gx_kwargs.configured(expectation, keys) == expectation.dict(
            exclude_defaults=True, include=wanted
        )


def test_configured_values_are_copies():
    expectation = gx.expectations.ExpectColumnValuesToBeInSet(column="c", value_set=[1, [2, 3]])
    found = gx_kwargs.configured(expectation, ["value_set"])
    assert found == {"value_set": [1, [2, 3]]}
    found["value_set"][1].append(4)
    assert expectation.value_set == [1, [2, 3]]


def test_a_value_that_is_not_plain_is_read_by_pydantic(monkeypatch):
    expectation = gx.expectations.ExpectColumnValuesToBeInSet(column="c", value_set=[1, np.nan])
    calls = []
    monkeypatch.setattr(type(expectation), "dict", lambda self, **kw: calls.append(kw) or {"x": 1})
    assert gx_kwargs.configured(expectation, ["column", "value_set"]) == {"x": 1}
    assert calls == [{"exclude_defaults": True, "include": {"column", "value_set"}}]


class Kind(StrEnum):
    A = "a"


@pytest.mark.parametrize(
    ("value", "is_plain"),
    [
        ("text", True),
        (None, True),
        ([1, 2.5, (True, "x")], True),
        ({"a": {"b": [None]}}, True),
        (float("nan"), False),
        ([1, float("nan")], False),
        ({1: "a"}, False),
        ({"a", "b"}, False),
        (np.int64(1), False),
        (np.float64(1.5), False),
        (Kind.A, False),  # a string, but an enum
        (object(), False),
    ],
)
def test_plain(value, is_plain):
    assert gx_kwargs.plain(value) is is_plain


def test_replace_in_gx_only_in_the_pinned_version(monkeypatch):
    class Owner:
        method = "gx's"

    assert gx_kwargs.replace_in_gx([(Owner, "method", "ours")])
    assert Owner.method == "ours"
    monkeypatch.setattr(gx, "__version__", "1.99.0")
    assert not gx_kwargs.replace_in_gx([(Owner, "method", "ours again")])
    assert Owner.method == "ours"
