"""Rows as plain tuples of their values, in field order, and back: the form a file's rows are
cached in and handed between processes (a tuple of strings and numbers loads about eight times
faster than a dataclass), and the form the load stage turns into columns."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Sequence
from functools import cache


@cache
def field_names(row_type: type) -> tuple[str, ...]:
    """The names of a row dataclass's fields, in order."""
    return tuple(f.name for f in dataclasses.fields(row_type))


@cache
def values_of(row_type: type) -> Callable[[object], tuple]:
    """A function giving a row's values as a tuple, in field order."""
    names = field_names(row_type)
    if len(names) == 1:
        return lambda row: (getattr(row, names[0]),)
    return operator.attrgetter(*names)


def packed(rows: Iterable) -> list[tuple]:
    """Rows (dataclasses, or tuples already) as tuples of their values."""
    out = []
    getter = None
    for row in rows:
        if isinstance(row, tuple):
            out.append(row)
            continue
        getter = getter or values_of(type(row))
        out.append(getter(row))
    return out


def shared(rows: Sequence[tuple], pool: dict) -> list[tuple]:
    """``rows`` (tuples) with each string and integer replaced by the equal one ``pool`` holds,
    which keeps the first of each: a name, a kommune, a rule or a line number that recurs in
    thousands of referater is then one object, not one per row (rows read in other processes
    arrive with their own copies). Only exact ``str`` and ``int`` values are shared (``True``
    equals ``1``, and must stay ``True``)."""
    if not rows:
        return list(rows)
    get = pool.setdefault
    columns = [[get(v, v) if type(v) is str or type(v) is int else v for v in column]
               for column in zip(*rows, strict=True)]  # fmt: skip
    return list(zip(*columns, strict=True))


def unpacked(row_type: type, rows: Sequence) -> list:
    """Tuples of values as ``row_type`` rows (rows already of that type are kept)."""
    return [row if isinstance(row, row_type) else row_type(*row) for row in rows]
