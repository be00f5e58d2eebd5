"""Load: typed rows -> Parquet files (one per table, a fixed schema and row order, so the same
input gives byte-identical files) and one DuckDB file with every table and the views in
``sql/``. A build is written into a new version folder and published whole
(``pipeline/outdir.py``)."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import heapq
import itertools
import os
import types
import typing
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.rows import field_names, packed, sort_key_of, sorted_rows

# Arrow allocates from the system allocator, which gives freed memory back: with Arrow's default
# (mimalloc) a build of 2,000 referater peaked about 40 MB higher in the main process and 85 MB
# higher in the validation process, at the same speed. ARROW_DEFAULT_MEMORY_POOL, when set, still
# chooses. Set on import, before a build allocates anything; every process of a build imports this.
if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
    pa.set_memory_pool(pa.system_memory_pool())

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
    the tables named in ``ordered``, whose order is already meaningful. The tables given in
    parts (:class:`InParts`) are written together, in one pass over their parts."""
    paths = {name: out_dir / f"{name}.parquet" for name in tables}
    in_parts = {name: rows for name, rows in tables.items() if isinstance(rows, InParts)}
    for name, rows in tables.items():
        if name not in in_parts:
            rows = packed(rows) if name in ordered else sorted_rows(rows, row_types[name])
            _write_whole(rows, row_types[name], paths[name])
    write_parts(in_parts, row_types, paths)
    return paths


def _write_whole(rows: list[tuple], row_type: type, path: Path) -> None:
    """``rows`` (in order) as one Parquet file, made into Arrow :data:`ROW_GROUP` rows at a
    time: the columns of a table of 100,000 rows are never all held as Python lists."""
    with pq.ParquetWriter(path, arrow_schema(row_type), compression="zstd") as writer:
        for start in range(0, max(len(rows), 1), ROW_GROUP):
            writer.write_table(to_arrow(rows[start : start + ROW_GROUP], row_type))


@typing.runtime_checkable
class InParts(typing.Protocol):
    """A table too large to hold whole: its rows one part (one referat's rows) at a time, the
    parts in the order of :func:`part_order` (``pipeline.perfile.RowsByFile``)."""

    def parts(self) -> typing.Iterator[list]: ...

    def __iter__(self) -> typing.Iterator: ...


def sorted_parts(table: InParts) -> bool:
    """Whether each part of ``table`` comes with its rows in the order of :func:`sort_key`
    (its ``sorted_parts``, False when it has none): they are not sorted again."""
    return bool(getattr(table, "sorted_parts", False))


@dataclasses.dataclass(frozen=True)
class WithHeld:
    """A table whose rows are partly in parts (``streamed``: :class:`InParts`, in the order of
    :func:`part_order`, each part's rows of one meeting and file) and partly held whole
    (``held``): its rows part by part, in the order of :func:`sort_key`, each held row merged
    into the part it sorts within (or after the last). ``keep``, when given, is the rows
    written (a test on a row's tuple of values)."""

    row_type: type
    held: list
    streamed: InParts
    keep: Callable[[tuple], bool] | None = None
    sorted_parts: typing.ClassVar[bool] = True

    def parts(self) -> typing.Iterator[list]:
        key, ordered = sort_key_of(self.row_type), sorted_parts(self.streamed)
        held = self._kept(sorted_rows(self.held, self.row_type))
        keys, start = [key(row) for row in held], 0
        for part in self.streamed.parts():
            part = self._kept(part if ordered else sorted_rows(part, self.row_type))
            end = bisect.bisect_right(keys, key(part[-1]), lo=start) if part else start
            yield list(heapq.merge(held[start:end], part, key=key)) if end > start else part
            start = end
        yield held[start:]

    def _kept(self, rows: list[tuple]) -> list[tuple]:
        return rows if self.keep is None else [row for row in rows if self.keep(row)]

    def __iter__(self) -> typing.Iterator:
        for part in self.parts():
            yield from part


ROWS_AT_ONCE = 10_000
"""Rows of a written table turned into Python values at a time (a batch of 10,000 findings is
a few MB of objects)."""


def batch_columns(batch: pa.RecordBatch | pa.Table) -> list[list]:
    """Each column of an Arrow batch as a list of Python values (a dictionary-encoded column
    decoded first: Arrow makes its values three times faster so)."""
    return [_decoded(column).to_pylist() for column in batch.columns]


def decoded(table: pa.Table) -> pa.Table:
    """``table`` with its dictionary-encoded columns (``read_table(compact=True)``) as plain
    columns of their values."""
    return pa.table([_decoded(column) for column in table.columns], names=table.column_names)


def _decoded(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        return column.cast(column.type.value_type)
    return column


def batch_rows(batch: pa.RecordBatch | pa.Table) -> list[tuple]:
    """An Arrow batch's rows, each a tuple of its values (built from its columns, not from a
    dict per row)."""
    return list(zip(*batch_columns(batch), strict=True))


@dataclasses.dataclass(frozen=True)
class WrittenParts:
    """A table written in ``path`` (by :func:`write_tables`), read back a batch of rows at a
    time, each row a tuple of its values: the streamed rows of a :class:`WithHeld` written
    before the rows it holds were all made, or a table written before, read again. ``keep``,
    when given, is the rows read back (a test on a row's tuple of values)."""

    path: Path
    rows: int = ROWS_AT_ONCE
    keep: Callable[[tuple], bool] | None = None
    sorted_parts: typing.ClassVar[bool] = True  # as :func:`write_tables` wrote them

    def parts(self) -> typing.Iterator[list]:
        for batch in pq.ParquetFile(self.path).iter_batches(self.rows):
            rows = batch_rows(batch)
            yield rows if self.keep is None else list(filter(self.keep, rows))

    def __iter__(self) -> typing.Iterator:
        for part in self.parts():
            yield from part


def part_order(row_type: type) -> Callable[[typing.Any], tuple]:
    """The order of a table's parts, for anything with the ``meeting_id`` and ``source_file``
    of its rows: the order of :func:`sort_key` when every row of a part has them."""
    meeting = "meeting_id" in field_names(row_type)
    return lambda part: ((part.meeting_id or "") if meeting else "", part.source_file or "")


ROW_GROUP = 2_000
"""A table written in parts is written out whenever this many rows have gathered: one Parquet
row group each time, of whole parts (so a group may hold a few more). 2,000 agenda items, text
included, are about 12 MB of Python objects."""


class OutOfOrder(Exception):
    """A part's rows sort before the rows already written."""


def write_parts(tables: dict[str, InParts], row_types: dict[str, type], paths: dict) -> None:
    """Write tables part by part, each part sorted by :func:`sort_key`, so that at most
    :data:`ROW_GROUP` rows and one part of each are held at a time. The tables' parts are
    taken together, the i-th of each in turn (one referat's rows of every table: see
    ``pipeline.perfile.RowsByFile``). Parts come in the order of :func:`part_order`; should
    one part's rows sort before the last ones written, that table is written again sorted
    whole, so the rows are in the order of :func:`sort_key` either way."""
    writers = {name: _PartsWriter(row_types[name], paths[name], sorted_parts(table))
               for name, table in tables.items()}  # fmt: skip
    try:
        for parts in itertools.zip_longest(*(t.parts() for t in tables.values()), fillvalue=[]):
            for writer, part in zip(writers.values(), parts, strict=True):
                writer.add(part)
    finally:
        for writer in writers.values():
            writer.close()
    for name, writer in writers.items():
        if writer.out_of_order:
            _write_whole(sorted_rows(tables[name], row_types[name]), row_types[name], paths[name])


class _PartsWriter:
    """One table written part by part (see :func:`write_parts`); ``out_of_order`` once a part
    sorted before the rows written, after which its parts are ignored."""

    def __init__(self, row_type: type, path: Path, presorted: bool = False) -> None:
        self.row_type, self.key, self.presorted = row_type, sort_key_of(row_type), presorted
        self.writer = pq.ParquetWriter(path, arrow_schema(row_type), compression="zstd")
        self.buffer: list[tuple] = []
        self.last: tuple | None = None
        self.written = self.out_of_order = False

    def add(self, part: list) -> None:
        if self.out_of_order:
            return
        part = part if self.presorted else sorted_rows(part, self.row_type)
        if part and self.last is not None and self.key(part[0]) < self.last:
            self.out_of_order = True
            return
        self.last = self.key(part[-1]) if part else self.last
        self.buffer += part
        if len(self.buffer) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        self.writer.write_table(to_arrow(self.buffer, self.row_type))
        self.buffer, self.written = [], True

    def close(self) -> None:
        if not self.out_of_order and (self.buffer or not self.written):
            self._flush()
        self.writer.close()


def read_table(
    out_dir: Path, name: str, columns: typing.Sequence[str] | None = None, *, compact: bool = False
) -> pa.Table:
    """A table written by :func:`write_tables` (only ``columns``, in their order, when given).
    ``compact``: its text columns dictionary-encoded, each distinct text held once (the
    findings of 4,000 generated referater: 8 MB, not 38), and the table in one chunk."""
    path = out_dir / f"{name}.parquet"
    if not compact:
        return pq.read_table(path, columns=columns)
    texts = [f.name for f in pq.read_schema(path) if pa.types.is_string(f.type)]
    return pq.read_table(path, columns=columns, read_dictionary=texts).combine_chunks()


PARTITIONED = "partitioned"
"""The folder of the hive-partitioned copy (``kkr build --partition``)."""


def write_partitioned(names: typing.Iterable[str], out_dir: Path) -> Path:
    """Every table of ``names`` written in ``out_dir`` and with a ``meeting_id`` again under
    ``out_dir/partitioned/<table>/``, split by the meeting's region and year
    (``region=nordjylland/year=2021/part-0.parquet``, the hive layout DuckDB, Spark and pandas
    read as columns), for readers that want one region or year without reading the rest.
    Tables without a meeting stay whole (``<table>/part-0.parquet``). One table is read at a
    time."""
    root = out_dir / PARTITIONED
    for name in names:
        table = read_table(out_dir, name)
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
