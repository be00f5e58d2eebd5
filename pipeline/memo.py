"""Results remembered while one referat is read, and forgotten before the next: the readers of a
referat ask for the same paragraphs and amounts more than once (the budgets reader and the
coverage count read the same prose), so each is worked out once per referat. Forgetting after
each referat keeps the memory bounded and means no file is ever read with another file's
results (nor timed with them: the benchmark's referater share text)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_REMEMBERED: list = []


def per_referat(function: F) -> F:
    """``function`` (pure, with hashable arguments) remembered until :func:`forget`."""
    cached = functools.cache(function)
    _REMEMBERED.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """Forget everything remembered while reading one referat."""
    for cached in _REMEMBERED:
        cached.cache_clear()
