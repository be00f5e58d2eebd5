"""``pipeline.forked.in_child``: a function computed in a forked child, its result or its
exception brought back, nothing it changed left behind in this process."""

from __future__ import annotations

import os
import signal

import pytest

from pipeline import forked
from pipeline.errors import SuiteError

pytestmark = pytest.mark.skipif(not forked.CAN_FORK, reason="forks on Linux only")


def test_the_result_comes_back_and_the_child_changes_nothing_here():
    seen: list[int] = []

    def work() -> tuple[int, dict]:
        seen.append(os.getpid())
        return os.getpid(), {"rows": [1, 2, 3]}

    pid, value = forked.in_child(work)
    assert value == {"rows": [1, 2, 3]}
    assert pid != os.getpid() and seen == []


def test_the_childs_exception_is_raised_here_as_it_was():
    def fails() -> None:
        raise SuiteError("expectations/x.json: expectation 3 (expect_x): bad kwargs")

    with pytest.raises(SuiteError, match=r"^expectations/x\.json: expectation 3 "):
        forked.in_child(fails)


class Unmakeable(Exception):
    """Pickles, but cannot be made again from its arguments."""

    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} and {b}")


def test_an_exception_that_cannot_travel_comes_as_its_message():
    def fails() -> None:
        raise Unmakeable("one", "two")

    with pytest.raises(RuntimeError, match=r"^Unmakeable: one and two$"):
        forked.in_child(fails)


@pytest.mark.parametrize("end", [lambda: os._exit(3), lambda: os.kill(os.getpid(), signal.SIGKILL)])
def test_a_child_that_ends_without_a_result_is_an_error(end):
    with pytest.raises(forked.ChildDied, match="ended without a result"):
        forked.in_child(end)


def test_where_no_child_is_forked_the_function_runs_here(monkeypatch):
    monkeypatch.setattr(forked, "CAN_FORK", False)
    assert forked.in_child(os.getpid) == os.getpid()


def test_the_collector_keeps_its_objects_after_a_fork():
    """``in_child`` freezes this process's objects for the fork only."""
    forked.in_child(int)
    assert forked.gc.get_freeze_count() == 0
