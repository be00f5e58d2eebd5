"""``pipeline.validate.gx_kwargs``: GX's kwargs methods with the configuration read once give
what GX's own give, for every expectation of every suite."""

from __future__ import annotations

import great_expectations as gx
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
