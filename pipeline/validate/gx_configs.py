"""An expectation's configuration made once while GX works out which metrics it needs.

GX 1.24.1 works out an expectation's metrics in ``get_validation_dependencies``, which reads
the expectation's ``configuration`` for each metric (a new ``ExpectationConfiguration`` every
time: pydantic's ``dict`` of every field, its class name turned to snake case), and
``get_metric_kwargs`` makes an expectation back from each of those (``to_domain_obj``, a
pydantic model validated anew): some 2,200 configurations and 2,000 expectations made for the
13 suites' 181 expectations, about a tenth of their time. While one expectation's
``get_validation_dependencies`` runs (:func:`once_per_call`, on every GX class that defines
it), its configuration is made the first time it is read and kept until the call returns
(:func:`configuration`), and that configuration's expectation is made once too
(:func:`to_domain_obj`). Nothing changes an expectation during the call, so each is what GX
would have made again. Outside such a call GX's own are used. ``tests/validate/
test_gx_configs.py`` compares the suites' results with GX's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

from pipeline.validate.gx_kwargs import replace_in_gx

ORIGINAL_CONFIGURATION = Expectation.configuration
ORIGINAL_TO_DOMAIN_OBJ = ExpectationConfiguration.to_domain_obj


def _classes(cls: type) -> Iterator[type]:
    yield cls
    for subclass in cls.__subclasses__():
        yield from _classes(subclass)


ORIGINAL_DEPENDENCIES: dict[type, Callable[..., Any]] = {
    cls: cls.__dict__["get_validation_dependencies"]
    for cls in dict.fromkeys(_classes(Expectation))
    if "get_validation_dependencies" in cls.__dict__
}
"""GX's ``get_validation_dependencies`` of each class that defines one (11 in 1.24.1)."""

_HELD: dict[int, list[ExpectationConfiguration | None]] = {}
"""For each expectation (by ``id``) whose ``get_validation_dependencies`` is running: its
configuration, once made."""

_DOMAIN_OBJECTS: dict[int, Expectation | None] = {}
"""For each configuration held in :data:`_HELD` (by ``id``): the expectation made from it,
once made."""


def configuration(self: Expectation) -> ExpectationConfiguration:
    """``Expectation.configuration``: GX's, made once while the expectation's
    ``get_validation_dependencies`` runs."""
    held = _HELD.get(id(self))
    if held is None:
        return ORIGINAL_CONFIGURATION.fget(self)  # type: ignore[attr-defined]
    if held[0] is None:
        held[0] = ORIGINAL_CONFIGURATION.fget(self)  # type: ignore[attr-defined]
        _DOMAIN_OBJECTS[id(held[0])] = None
    return held[0]


def to_domain_obj(self: ExpectationConfiguration) -> Expectation:
    """``ExpectationConfiguration.to_domain_obj``: GX's, made once for a held configuration."""
    key = id(self)
    if key not in _DOMAIN_OBJECTS:
        return ORIGINAL_TO_DOMAIN_OBJ(self)
    if _DOMAIN_OBJECTS[key] is None:
        _DOMAIN_OBJECTS[key] = ORIGINAL_TO_DOMAIN_OBJ(self)
    return _DOMAIN_OBJECTS[key]  # type: ignore[return-value]


def once_per_call(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` (a ``get_validation_dependencies``) with the expectation's configuration held
    from its start to its end; a call within it (``super()``'s) holds nothing more."""

    @functools.wraps(method)
    def dependencies(self: Expectation, *args: Any, **kwargs: Any) -> Any:
        key = id(self)
        if key in _HELD:
            return method(self, *args, **kwargs)
        _HELD[key] = [None]
        try:
            return method(self, *args, **kwargs)
        finally:
            made = _HELD.pop(key)[0]
            if made is not None:
                _DOMAIN_OBJECTS.pop(id(made), None)

    return dependencies


def install() -> bool:
    """Put the above in GX's place (``gx_kwargs.replace_in_gx``); whether it did."""
    return replace_in_gx([
        (Expectation, "configuration", property(configuration)),
        (ExpectationConfiguration, "to_domain_obj", to_domain_obj),
        *((cls, "get_validation_dependencies", once_per_call(method))
          for cls, method in ORIGINAL_DEPENDENCIES.items()),
    ])  # fmt: skip
