"""Rows as plain tuples of their values, in field order, and back: the form a file's rows are
cached in and handed between processes (a tuple of strings and numbers loads about eight times
faster than a dataclass), and the form the load stage turns into columns; and the order every
table's rows are written in (:func:`sort_key`). Plain Python: a build's workers sort a
referat's rows without loading Arrow."""

from __future__ import annotations

import dataclasses
import itertools
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


def sort_key(row: object) -> tuple:
    """Row order of every table: by meeting, then source file and line, then the rest."""
    return sort_key_of(type(row))(values_of(type(row))(row))


@cache
def sort_key_of(row_type: type) -> Callable[[tuple], tuple]:
    """:func:`sort_key` on a row's values (a tuple in field order, see ``pipeline.rows``): a
    missing or empty ``meeting_id`` or ``source_file`` sorts as ``""``, ``source_line`` as
    ``0``; then every field's value as text, in field order."""
    head = head_key_of(row_type)
    return lambda found: (*head(found), *map(str, found))


_HEAD = (("meeting_id", ""), ("source_file", ""), ("source_line", 0))
"""The fields rows are sorted by first, and what stands in for a missing or empty one."""


def _field_or(names: tuple[str, ...], name: str, empty: object) -> Callable[[tuple], object]:
    """Picks ``name`` from a tuple of values of ``names``, ``empty`` when it is falsy or absent."""
    if name not in names:
        return lambda found: empty
    index = names.index(name)
    return lambda found: found[index] or empty


def sorted_rows(rows: Iterable, row_type: type) -> list[tuple]:
    """Rows (dataclasses or tuples of their values) as tuples, in the order of :func:`sort_key`:
    the order they are written in. They are sorted by the key's head (meeting, file, line)
    first, and only rows with the same head by the whole key: the order is the same, without
    a key of every field's text held for every row."""
    rows, head, key = packed(rows), head_key_of(row_type), sort_key_of(row_type)
    rows.sort(key=head)
    out: list[tuple] = []
    for _, same in itertools.groupby(rows, key=head):
        same = list(same)
        out += sorted(same, key=key) if len(same) > 1 else same
    return out


@cache
def head_key_of(row_type: type) -> Callable[[tuple], tuple]:
    """The head of :func:`sort_key_of`: its first three parts (meeting, file, line)."""
    names = field_names(row_type)
    meeting, source, line = (_field_or(names, k, empty) for k, empty in _HEAD)
    return lambda found: (meeting(found), source(found), line(found))
