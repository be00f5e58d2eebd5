"""An expectation's kwargs read without making its configuration.

Great Expectations 1.24.1 makes an expectation's ``configuration`` anew (the pydantic model as
a dict, its class name turned to snake case by two regex passes) each time it is read, and its
``_get_domain_kwargs``, ``_get_success_kwargs`` and ``_get_success_kwarg`` read it once for every
key they look up: the 13 suites make it some 15,600 times a build, 40 % of their time at
N = 500. The three methods below are GX's own reading only the fields they look up
(:func:`configured`). They give the same values (``tests/validate/test_gx_kwargs.py`` compares
them with GX's for every expectation of the suites), and replace GX's only in the version they
were written from (:data:`FOR_VERSION`); any other version keeps its own. :func:`replace_in_gx`
is how every module of ``pipeline.validate`` that puts code of its own into GX does so
(``gx_configs``, ``gx_ids``, ``gx_filters``, ``gx_templates``), and :func:`plain` tells the
values GX's own conversions would give back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import great_expectations as gx
from great_expectations.expectations.expectation import Expectation

FOR_VERSION = "1.24.1"
"""The GX version whose methods these are (``requirements.lock`` pins it)."""

ORIGINALS = {
    name: getattr(Expectation, name)
    for name in ("_get_domain_kwargs", "_get_success_kwargs", "_get_success_kwarg")
}
"""GX's own methods, as they were before :func:`install`."""


NOT_KWARGS = frozenset({"meta", "notes", "description", "severity", "id", "rendered_content"})
"""The fields GX's ``configuration`` takes out of its kwargs."""


def configured(self: Expectation, keys: Iterable[str]) -> dict[str, Any]:
    """What ``self.configuration.kwargs`` holds of ``keys``: those of the expectation's fields
    that are not at their default, as the configuration gives them (pydantic's ``dict``, with
    only those fields made into a dict). Plain values (:func:`plain`) are copied here as
    pydantic copies them; pydantic itself walks every field, and takes twice as long."""
    wanted = {key for key in keys if key not in NOT_KWARGS}
    found = {}
    for key, value in self.__dict__.items():  # pydantic's order
        if key not in wanted or _at_default(self, key, value):
            continue
        if not plain(value):  # a model, an enum, a set: pydantic's own way
            return self.dict(exclude_defaults=True, include=wanted)
        found[key] = _copied(value)
    return found


def _at_default(self: Expectation, key: str, value: Any) -> bool:
    """Whether pydantic's ``exclude_defaults`` leaves the field ``key`` out."""
    field = self.__fields__.get(key)
    return not getattr(field, "required", True) and getattr(field, "default", _NO_DEFAULT) == value


_NO_DEFAULT = object()


def plain(value: Any) -> bool:
    """Whether ``value`` is plain JSON as Python holds it: a string, integer, boolean, None or
    float that is not NaN, or a list, tuple or dict (string keys) of such values. Exact types
    only: a subclass (a numpy float, an enum of strings, GX's ``IDDict``) is not plain.
    pydantic copies such a value without changing it (:func:`_copied`), and GX's
    ``convert_to_json_serializable`` gives it back as JSON writes it (NaN it makes None)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return value == value  # not NaN
    if kind is list or kind is tuple:
        return all(plain(item) for item in value)
    if kind is dict:
        return all(type(key) is str and plain(item) for key, item in value.items())
    return False


def _copied(value: Any) -> Any:
    """A :func:`plain` value as pydantic's ``dict`` gives it: its lists, tuples and dicts new."""
    kind = type(value)
    if kind is list or kind is tuple:
        return kind(_copied(item) for item in value)
    if kind is dict:
        return {key: _copied(item) for key, item in value.items()}
    return value


def domain_kwargs(self: Expectation) -> dict[str, Any]:
    kwargs = configured(self, self.domain_keys)
    return {key: kwargs.get(key, self._get_default_value(key)) for key in self.domain_keys}


def success_kwargs(self: Expectation) -> dict[str, Any]:
    found = self._get_domain_kwargs()
    kwargs = configured(self, self.success_keys)
    success = {key: kwargs.get(key, self._get_default_value(key)) for key in self.success_keys}
    success.update(found)
    return success


def success_kwarg(self: Expectation, key: str, default: Any = None) -> Any:
    kwargs = configured(self, (key,))
    if key in kwargs:
        return kwargs[key]
    if key in self.__fields__:
        field = self.__fields__[key]
        return field.default if not field.required else default
    return ORIGINALS["_get_success_kwarg"](self, key, default)  # GX warns of an unknown key


FASTER = {
    "_get_domain_kwargs": domain_kwargs,
    "_get_success_kwargs": success_kwargs,
    "_get_success_kwarg": success_kwarg,
}


def install() -> bool:
    """Put the methods above in GX's place (see :func:`replace_in_gx`); whether it did."""
    return replace_in_gx((Expectation, name, method) for name, method in FASTER.items())


def replace_in_gx(replacements: Iterable[tuple[object, str, object]]) -> bool:
    """Each ``(owner, name, ours)`` of ``replacements``: ours put in place of GX's ``name`` of
    ``owner``, when GX is :data:`FOR_VERSION` (the version ours were written from and tested
    against); any other version keeps its own. Whether it did. The one way ``pipeline.validate``
    puts code of its own into GX."""
    if gx.__version__ != FOR_VERSION:
        return False
    for owner, name, ours in replacements:
        setattr(owner, name, ours)
    return True
