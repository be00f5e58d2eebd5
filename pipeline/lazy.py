"""Modules imported when first used: one way for the whole package.

:func:`lazy` is for a module that a module of ours uses: the CLI loads ``pipeline.run`` (and
with it pandas and pyarrow) only for a command that needs it, so ``kkr build`` with nothing
changed does not pay for them; a build's main process does not load DuckDB, which only its
loader process uses. :func:`defer` is for a module another package imports and may never use:
Great Expectations imports ``scipy.stats`` and ``altair`` for one expectation the suites do not
have (see ``pipeline.validate``). Either way the module is a stand-in until an attribute is
first read from it, which imports the real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.machinery import ModuleSpec


def lazy(name: str) -> types.ModuleType:
    """The module ``name``: itself when it is imported already, else a :func:`stand_in`."""
    return sys.modules.get(name) or stand_in(name)


def defer(names: tuple[str, ...]) -> None:
    """A :func:`stand_in` in ``sys.modules`` for each module of ``names`` not yet imported, so
    that whoever imports it gets the stand-in."""
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = stand_in(name)


def stand_in(name: str) -> types.ModuleType:
    """A module that imports ``name`` when an attribute is first read from it, and from then
    on gives the real module's attributes. It has a ``__spec__`` of its own, so importing
    ``name`` again (``import altair`` in another module) returns it without loading anything
    (``importlib.util.LazyLoader`` loads its module then: the import reads ``__spec__``)."""
    module = types.ModuleType(name, f"Stands in for {name} until it is first used.")
    module.__spec__ = ModuleSpec(name, None)

    def __getattr__(attribute: str) -> object:
        if sys.modules.get(name) is module:
            del sys.modules[name]  # the real import runs, and replaces it there
        return getattr(importlib.import_module(name), attribute)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module
