"""Query results as text for people: CSV, JSON, Markdown, or one record per block when a table
would be wider than the screen. ``kkr sql`` prints with these; the query itself runs in
``run.query``."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from collections.abc import Sequence

MAX_CELL = 40
"""A table column is as wide as its header or its longest value, up to this; longer values wrap."""


def cell(value: object) -> str:
    """A value as text in a table: NULL for a missing one."""
    return "NULL" if value is None else str(value)


def table_width(columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """How many characters a table of the result needs (borders and padding included)."""
    widths = [
        max([len(name)] + [min(MAX_CELL, len(cell(row[i]))) for row in rows])
        for i, name in enumerate(columns)
    ]
    return sum(widths) + 3 * len(widths) + 1


def records(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """One block per row: ``-[ RECORD n ]-`` then ``column | value`` lines (as psql's ``\\x``)."""
    pad = max((len(c) for c in columns), default=0)
    blocks = [
        "\n".join(
            [
                f"-[ RECORD {n} ]-",
                *(f"{c:<{pad}} | {cell(v)}" for c, v in zip(columns, row, strict=True)),
            ]
        )
        for n, row in enumerate(rows, start=1)
    ]
    return "\n".join(blocks) if blocks else "(no rows)"


def to_csv(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """RFC 4180 CSV with a header; NULL as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def to_json(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """A JSON array of objects, one per row (dates as ISO strings, NULL as null)."""
    objects = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(objects, ensure_ascii=False, indent=1, default=str) + "\n"


def to_markdown(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """A Markdown pipe table (``|`` in values escaped)."""

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    body = [line([cell(v) for v in row]) for row in rows]
    return "\n".join([line(list(columns)), line(["---"] * len(columns)), *body]) + "\n"


RENDERERS = {"csv": to_csv, "json": to_json, "markdown": to_markdown}
"""``kkr sql --format``: the formats other than the screen table."""
