"""``pipeline.validate.gx_configs``: an expectation's configuration made once while GX works out
its metrics gives the suites' results GX gives, failing rows named."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import great_expectations as gx
import pytest
from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation, Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from pipeline import run
from pipeline.validate import gx_configs
from pipeline.validate.expectations import SuiteRun
from tests.validate.helpers import run as run_suite
from tests.validate.test_quota_expectations import flygtninge, quota


@contextlib.contextmanager
def gx_own(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """GX's own configuration, ``to_domain_obj`` and ``get_validation_dependencies``."""
    with monkeypatch.context() as patched:
        patched.setattr(Expectation, "configuration", gx_configs.ORIGINAL_CONFIGURATION)
        patched.setattr(ExpectationConfiguration, "to_domain_obj",
                        gx_configs.ORIGINAL_TO_DOMAIN_OBJ)  # fmt: skip
        for cls, method in gx_configs.ORIGINAL_DEPENDENCIES.items():
            patched.setattr(cls, "get_validation_dependencies", method)
        yield


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every configuration GX's own property makes from now on (its expectation's type)."""
    made: list[str] = []
    fget = gx_configs.ORIGINAL_CONFIGURATION.fget

    def counting(self):
        made.append(type(self).__name__)
        return fget(self)

    monkeypatch.setattr(gx_configs, "ORIGINAL_CONFIGURATION", property(counting))
    return made


def test_one_configuration_while_the_metrics_are_worked_out(monkeypatch) -> None:
    expectation = gx.expectations.ExpectColumnValuesToBeInSet(column="c", value_set=[1, 2])
    made = _counted(monkeypatch)
    dependencies = expectation.get_validation_dependencies(execution_engine=PandasExecutionEngine())
    assert len(dependencies.get_metric_configurations()) > 3  # each read the configuration
    assert made == ["ExpectColumnValuesToBeInSet"]
    assert gx_configs._HELD == {} and gx_configs._DOMAIN_OBJECTS == {}


def test_outside_that_a_configuration_is_made_anew_each_time(monkeypatch) -> None:
    expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="c")
    made = _counted(monkeypatch)
    first, second = expectation.configuration, expectation.configuration
    assert first == second and first is not second
    assert first.to_domain_obj() is not first.to_domain_obj()
    assert len(made) == 2


def test_every_class_that_works_out_metrics_holds_its_configuration() -> None:
    assert ColumnMapExpectation in gx_configs.ORIGINAL_DEPENDENCIES
    for cls, method in gx_configs.ORIGINAL_DEPENDENCIES.items():
        assert cls.get_validation_dependencies.__wrapped__ is method


def test_an_error_lets_go_of_the_configuration(monkeypatch) -> None:
    def failing(self, *args, **kwargs):
        assert self.configuration is self.configuration  # held
        raise RuntimeError("no metrics")

    wrapped = gx_configs.once_per_call(failing)
    with pytest.raises(RuntimeError, match="no metrics"):
        wrapped(gx.expectations.ExpectColumnValuesToNotBeNull(column="c"))
    assert gx_configs._HELD == {} and gx_configs._DOMAIN_OBJECTS == {}


def test_failing_rows_are_gx_s(monkeypatch) -> None:
    broken = flygtninge(quota("kommune", 12, kommune_code=None), quota("region", 13, quota=-1))
    ours = run_suite("flygtningefordeling", broken)
    with gx_own(monkeypatch):
        theirs = run_suite("flygtningefordeling", broken)
    assert ours == theirs
    assert sum(not r.success for r in ours) >= 2
    assert all(r.unexpected_rows for r in ours if not r.success)


def test_the_seeds_suites_are_gx_s(stage: Path, monkeypatch) -> None:
    names = sorted({*run.DATA_TABLES, "findings"})
    ours = run.suite_rows(SuiteRun(), stage, names, run.suite_parameters(stage))
    with gx_own(monkeypatch):
        theirs = run.suite_rows(SuiteRun(), stage, names, run.suite_parameters(stage))
    assert ours == theirs
    assert len(ours) == 181


def test_installed_only_in_the_version_it_was_written_from(monkeypatch) -> None:
    assert isinstance(Expectation.__dict__["configuration"], property)
    assert Expectation.__dict__["configuration"].fget is gx_configs.configuration
    with gx_own(monkeypatch):
        monkeypatch.setattr(gx, "__version__", "1.99.0")
        assert not gx_configs.install()
        assert Expectation.configuration is gx_configs.ORIGINAL_CONFIGURATION
