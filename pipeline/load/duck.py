"""The DuckDB file: every table loaded from its Parquet file, the data dictionary as comments,
then the views of ``sql/staging`` and ``sql/marts`` (each file one view named after it; a file
whose first line is ``-- materialized: table`` is built as a table, as dbt would)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.dictionary import COLUMNS, TABLE_DOCS, VIEW_DOCS
from pipeline.errors import SqlError
from pipeline.lazy import lazy

duckdb = lazy("duckdb")  # loaded by the process that uses it (a build's loader), not on import

DATABASE = "kkr.duckdb"
LIMITS = {"memory_limit": "64MB", "threads": 1}
"""DuckDB's settings while a build loads the tables and queries them for ``report.html``:
what it may hold (beyond that it writes to the database file or spills beside it), so that a
large corpus does not take memory in proportion, and one thread (the validation runs beside
it). Not kept in the file."""
_MATERIALIZED_TABLE = re.compile(r"--\s*materialized:\s*table\b")
_COMMENT_LINE = re.compile(r"--\s?(.*)")


def build_database(out_dir: Path, sql_dir: Path, tables: list[str]) -> Path:
    """(Re)create ``out_dir/kkr.duckdb`` from the Parquet files of ``tables`` in ``out_dir``."""
    path = out_dir / DATABASE
    path.unlink(missing_ok=True)
    with connect(path) as con:
        _load_tables(con, out_dir, tables)
        for layer in ("staging", "marts"):
            _create_views(con, sorted((sql_dir / layer).glob("*.sql")))
    return path


def add_tables(out_dir: Path, tables: list[str]) -> None:
    """Load ``tables`` from their Parquet files in ``out_dir`` into its database (built by
    :func:`build_database` without them)."""
    with connect(out_dir / DATABASE) as con:
        _load_tables(con, out_dir, tables)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the database at ``path`` within :data:`LIMITS`."""
    return duckdb.connect(str(path), read_only=read_only, config=LIMITS)


def _load_tables(con: duckdb.DuckDBPyConnection, out_dir: Path, tables: list[str]) -> None:
    """Every table of ``tables`` with its comments, in one transaction: DuckDB then writes the
    database file once, not once a table (1.9 s to 1.3 s for 2,000 referater)."""
    con.begin()  # a failure leaves the transaction open: closing the connection drops it
    for name in tables:
        parquet = (out_dir / f"{name}.parquet").as_posix().replace("'", "''")
        con.execute(f"create table {name} as select * from read_parquet('{parquet}')")
        _comment(con, name)
    con.commit()


def _create_views(con: duckdb.DuckDBPyConnection, sql_files: list[Path]) -> None:
    """Create every view of one layer; a view that reads another of the same layer waits for
    it (as dbt orders models by their ``ref``s): files are tried again while any succeeds."""
    pending = list(sql_files)
    while pending:
        failed = []
        for sql_file in pending:
            try:
                _create_view(con, sql_file)
            except SqlError as exc:
                failed.append((sql_file, exc))
        if len(failed) == len(pending):
            raise failed[0][1]
        pending = [sql_file for sql_file, _ in failed]


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
    doc = VIEW_DOCS.get(sql_file.stem) or view_doc(body)
    if doc:
        con.execute(f"comment on {kind} {sql_file.stem} is {_quote(doc)}")


def view_doc(body: str) -> str:
    """A view's header comment: its leading ``-- `` lines up to the first blank one, joined
    (``-- materialized: table`` left out)."""
    lines = []
    for line in body.splitlines():
        comment = _COMMENT_LINE.fullmatch(line.strip())
        if comment is None:
            break
        if not _MATERIALIZED_TABLE.match(line.strip()):
            lines.append(comment.group(1).strip())
    return " ".join(" ".join(lines).split())
