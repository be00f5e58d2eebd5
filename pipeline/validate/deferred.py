"""Modules Great Expectations imports for expectations this project's suites never use, imported
only when first used.

GX 1.x imports ``scipy.stats`` and ``altair`` as it starts, for one expectation
(``expect_column_kl_divergence_to_be_less_than``: its divergence and its chart). They are about
0.6 s of the 1.8 s that importing the suites takes, in the validation process, while the workers
read the referater on the same cores. :func:`defer` puts a stand-in for each into
``sys.modules``; the first attribute read from a stand-in imports the real module, so a suite
that does use them still works (only later).
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.machinery import ModuleSpec

DEFERRED = ("scipy.stats", "altair")
"""The modules :func:`defer` defers (``scipy.stats`` brings ``scipy.spatial`` and
``scipy.optimize``; ``altair`` brings ``jsonschema`` and ``narwhals``)."""


def defer(names: tuple[str, ...] = DEFERRED) -> None:
    """A stand-in for each module of ``names`` not yet imported (see the module's docstring)."""
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = stand_in(name)


def stand_in(name: str) -> types.ModuleType:
    """A module that imports ``name`` when an attribute is first read from it, and from then
    on gives the real module's attributes. It has a ``__spec__`` of its own, so importing
    ``name`` again (``import altair`` in another module) returns it without loading anything."""
    module = types.ModuleType(name, f"Stands in for {name} until it is first used.")
    module.__spec__ = ModuleSpec(name, None)

    def __getattr__(attribute: str) -> object:
        if sys.modules.get(name) is module:
            del sys.modules[name]  # the real import runs, and replaces it there
        return getattr(importlib.import_module(name), attribute)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module
