"""A function run in a forked child of this process, its result brought back: whatever memory
it takes is the child's, and is gone with it. The child starts with everything this process
has imported and made (Great Expectations' context, the suites' parameters), so it costs only
the fork (a few milliseconds), not the imports a new process would pay."""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

CAN_FORK = sys.platform == "linux"
"""Where a child is forked. Elsewhere (macOS, where forking a process with threads is unsafe,
and Windows, which cannot) the function runs in this process."""


class ChildDied(RuntimeError):
    """The child ended without giving its result (killed, or out of memory)."""


def in_child(function: Callable[[], T]) -> T:
    """``function()`` computed in a forked child; its exception, if it raised one, is raised
    here (as a RuntimeError with its message when it cannot be pickled)."""
    if not CAN_FORK:
        return function()
    read, write = os.pipe()
    gc.freeze()  # the child's collections then skip (and do not copy) this process's objects
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _give(function, write)
    gc.unfreeze()
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        sent = pipe.read()
    os.waitpid(pid, 0)
    if not sent:
        raise ChildDied(f"the child process computing {_name(function)} ended without a result")
    done, value = pickle.loads(sent)
    if not done:
        raise value
    return value


def collector_on() -> None:
    """The start of a forked worker process: Python's cycle collector on (the parent pauses it
    for a build, ``run.paused_gc``), with what the process inherited frozen first
    (``gc.freeze``): the imported modules and the parent's objects are long-lived, and a
    collection that walked them would cost time (about 2 % of reading a referat) and copy the
    pages it touched."""
    gc.freeze()
    gc.enable()


def _give(function: Callable[[], object], write: int) -> None:
    """In the child: send ``(True, result)`` or ``(False, exception)`` down ``write``, exit."""
    try:
        try:
            sent = pickle.dumps((True, function()))
        except BaseException as exc:  # every exception goes back to the parent
            sent = _pickled_exception(exc)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(sent)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers twice


def _pickled_exception(exc: BaseException) -> bytes:
    """``(False, exc)`` pickled, or its message as a RuntimeError when ``exc`` would not come
    back whole (some exceptions pickle but cannot be made again from their arguments)."""
    try:
        sent = pickle.dumps((False, exc))
        pickle.loads(sent)
    except Exception:  # an exception that cannot travel goes as its message
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    return sent


def _name(function: Callable[..., object]) -> str:
    return getattr(function, "__qualname__", repr(function))
