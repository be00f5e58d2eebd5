"""The DuckDB file: every table loaded from its Parquet file, the data dictionary as comments,
then the views of ``sql/staging`` and ``sql/marts`` (each file one view named after it; a file
whose first line is ``-- materialized: table`` is built as a table, as dbt would)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipeline.dictionary import COLUMNS, TABLE_DOCS
from pipeline.errors import SqlError

DATABASE = "kkr.duckdb"
_MATERIALIZED_TABLE = re.compile(r"--\s*materialized:\s*table\b")


def build_database(out_dir: Path, sql_dir: Path, tables: list[str]) -> Path:
    """(Re)create ``out_dir/kkr.duckdb`` from the Parquet files of ``tables`` in ``out_dir``."""
    path = out_dir / DATABASE
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for name in tables:
            parquet = (out_dir / f"{name}.parquet").as_posix().replace("'", "''")
            con.execute(f"create table {name} as select * from read_parquet('{parquet}')")
            _comment(con, name)
        for layer in ("staging", "marts"):
            for sql_file in sorted((sql_dir / layer).glob("*.sql")):
                _create_view(con, sql_file)
    return path


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"comment on table {table} is {_quote(TABLE_DOCS[table])}")
    for column, doc in COLUMNS[table].items():
        con.execute(f"comment on column {table}.{column} is {_quote(doc)}")


def _create_view(con: duckdb.DuckDBPyConnection, sql_file: Path) -> None:
    body = sql_file.read_text("utf-8").strip().rstrip(";")
    kind = "table" if _MATERIALIZED_TABLE.match(body) else "view"
    try:
        con.execute(f"create {kind} {sql_file.stem} as\n{body}")
    except duckdb.Error as exc:
        raise SqlError(f"{sql_file}: {' '.join(str(exc).split())}") from exc
