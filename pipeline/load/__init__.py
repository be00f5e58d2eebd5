"""Load: typed rows -> Parquet files (one per table, a fixed schema and row order, so the same
input gives byte-identical files) and one DuckDB file with every table and the views in
``sql/``. A build is written into a new version folder and published whole (``outdir.py``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.rows import field_names, packed, values_of

_ARROW_TYPES = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
}


def arrow_schema(row_type: type) -> pa.Schema:
    """The Parquet schema of a row dataclass: ``X | None`` fields are nullable, others not."""
    hints = typing.get_type_hints(row_type)
    fields = []
    for f in dataclasses.fields(row_type):
        hint = hints[f.name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        base = args[0] if optional else hint
        fields.append(pa.field(f.name, _ARROW_TYPES[base], nullable=optional))
    return pa.schema(fields)


def sort_key(row: object) -> tuple:
    """Row order of every table: by meeting, then source file and line, then the rest."""
    return sort_key_of(type(row))(values_of(type(row))(row))


@functools.cache
def sort_key_of(row_type: type) -> Callable[[tuple], tuple]:
    """:func:`sort_key` on a row's values (a tuple in field order, see ``pipeline.rows``): a
    missing or empty ``meeting_id`` or ``source_file`` sorts as ``""``, ``source_line`` as
    ``0``; then every field's value as text, in field order."""
    names = field_names(row_type)
    meeting, source, line = (_field_or(names, k, empty) for k, empty in _HEAD)
    return lambda found: (meeting(found), source(found), line(found), *map(str, found))


_HEAD = (("meeting_id", ""), ("source_file", ""), ("source_line", 0))
"""The fields rows are sorted by first, and what stands in for a missing or empty one."""


def _field_or(names: tuple[str, ...], name: str, empty: object) -> Callable[[tuple], object]:
    """Picks ``name`` from a tuple of values of ``names``, ``empty`` when it is falsy or absent."""
    if name not in names:
        return lambda found: empty
    index = names.index(name)
    return lambda found: found[index] or empty


def sorted_rows(rows: typing.Iterable, row_type: type) -> list[tuple]:
    """Rows (dataclasses or tuples of their values) as tuples, in the order of :func:`sort_key`:
    the order they are written in."""
    return sorted(packed(rows), key=sort_key_of(row_type))


def to_arrow(rows: list, row_type: type) -> pa.Table:
    """Rows (dataclasses or tuples of their values) as an Arrow table with the row type's
    schema (a typed empty table for no rows), built column by column."""
    schema = arrow_schema(row_type)
    columns = zip(*packed(rows), strict=True) if rows else ([] for _ in schema)
    return pa.Table.from_arrays([list(c) for c in columns], schema=schema)


def write_tables(
    tables: dict[str, list],
    row_types: dict[str, type],
    out_dir: Path,
    *,
    ordered: typing.Collection[str] = (),
) -> dict[str, Path]:
    """One Parquet file per table in ``out_dir``. Rows are sorted by :func:`sort_key` except in
    the tables named in ``ordered``, whose order is already meaningful."""
    paths = {}
    for name, rows in tables.items():
        rows = packed(rows) if name in ordered else sorted_rows(rows, row_types[name])
        path = out_dir / f"{name}.parquet"
        pq.write_table(to_arrow(rows, row_types[name]), path, compression="zstd")
        paths[name] = path
    return paths


def read_table(out_dir: Path, name: str, columns: typing.Sequence[str] | None = None) -> pa.Table:
    """A table written by :func:`write_tables` (only ``columns``, in their order, when given)."""
    return pq.read_table(out_dir / f"{name}.parquet", columns=columns)


PARTITIONED = "partitioned"
"""The folder of the hive-partitioned copy (``kkr build --partition``)."""


def write_partitioned(tables: dict[str, pa.Table], out_dir: Path) -> Path:
    """Every table with a ``meeting_id`` again under ``out_dir/partitioned/<table>/``, split by
    the meeting's region and year (``region=nordjylland/year=2021/part-0.parquet``, the hive
    layout DuckDB, Spark and pandas read as columns), for readers that want one region or year
    without reading the rest. Tables without a meeting stay whole (``<table>/part-0.parquet``)."""
    root = out_dir / PARTITIONED
    for name, table in tables.items():
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        if "meeting_id" not in table.column_names:
            pq.write_table(table, folder / "part-0.parquet", compression="zstd")
            continue
        ids = table.column("meeting_id").to_pylist()
        keys = [(i.rsplit("-", 3)[0], i.rsplit("-", 3)[1]) if i else ("none", "none") for i in ids]
        for region, year in sorted(set(keys)):
            rows = [n for n, key in enumerate(keys) if key == (region, year)]
            part = folder / f"region={region}" / f"year={year}"
            part.mkdir(parents=True, exist_ok=True)
            pq.write_table(table.take(rows), part / "part-0.parquet", compression="zstd")
    return root
