"""The ``kkr`` command. Thin commands over ``pipeline.run``: the only place that prints, and the
only place that turns errors into exit codes (0 clean, 1 findings or failed checks with
``--strict``, 2 nothing could be built)."""

from __future__ import annotations

import atexit
import functools
import gc
import os
import sys
import tempfile
import traceback
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from pipeline import uptodate
from pipeline.discovery import discover
from pipeline.errors import PipelineError
from pipeline.lazy import lazy
from pipeline.outdir import check_apart
from pipeline.report import grouped

# No stage does linear algebra: numpy's OpenBLAS need not start a thread per core, which spins
# one core for 0.1 s as numpy is imported (set before anything imports numpy; a value the user
# set is kept).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
run = lazy("pipeline.run")  # kkr --help and kkr build with nothing changed: no pandas
perfile = lazy("pipeline.perfile")
render = lazy("pipeline.render")

app = typer.Typer(
    help="Build the kkr-data tables from KKR referater, check them, and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(width=None if sys.stdout.isatty() else 160)  # piped output: wide, not 80 columns
err = Console(stderr=True)

RawDir = Annotated[Path, typer.Option(help="Folder of raw referater (.txt/.md, nested ok).")]
OutDir = Annotated[Path, typer.Option(help="Folder for the Parquet files and kkr.duckdb.")]
Strict = Annotated[
    bool, typer.Option(help="Exit 1 when an expectation fails or a warning or error is found.")
]
DEFAULT_RAW, DEFAULT_OUT = Path("data/raw"), Path("data/processed")


def _say(message: str) -> None:
    """One line on stderr, never wrapped or styled."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _say(f"kkr: error: {message}")
    return typer.Exit(code)


def _progress_reader(raw_dir: Path, action, out_dir: Path | None = None):
    """Run ``action(raw_dir, on_file, referater)`` with a progress display over the referat
    files ``referater`` (an out dir over the raw dir is refused first: the raw dir is not even
    walked)."""
    if out_dir is not None:
        check_apart(raw_dir, out_dir)
    referater = discover(raw_dir).referater if raw_dir.is_dir() else []
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("reading referater", total=len(referater))

        def on_file(name: str) -> None:
            progress.update(task, advance=1, description=name)

        return action(raw_dir, on_file, referater)


def _print_report(report) -> None:
    for message in report.skipped[:ALL_FILES_UP_TO]:
        _say(f"skipped {message}")
    if len(report.skipped) > ALL_FILES_UP_TO:
        _say(f"skipped {len(report.skipped) - ALL_FILES_UP_TO} more files; findings.md names each")
    table = Table(title="kkr", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    if report.files_read or report.skipped:  # validate alone reads no files
        table.add_row("files read", str(len(report.files_read)))
        table.add_row("files skipped", str(len(report.skipped)))
    for name, count in report.rows.items():
        table.add_row(f"rows in {name}", str(count))
    table.add_row("expectations passed", str(report.expectations_passed))
    table.add_row("expectations failed", str(report.expectations_failed))
    for severity in ("error", "warning", "info"):
        table.add_row(f"findings: {severity}", str(report.findings.get(severity, 0)))
    out.print(table)
    if report.coverage:
        _print_coverage(report.coverage, report.errors)


ALL_FILES_UP_TO = 20
"""Up to this many referater the coverage table lists each; beyond, only those below 100 %,
with unexplained figures or with errors, at most this many (the summary stays one screen;
findings.md has everything). Skipped files are listed up to this many too."""


def _print_coverage(coverage: list, errors) -> None:
    table = Table("file", "data lines", "reached a table", "coverage", "figures", "read",
                  "explained", "unexplained", "errors", title="coverage")  # fmt: skip
    shown = [c for c in coverage if len(coverage) <= ALL_FILES_UP_TO or c.share < 1
             or c.unexplained or errors[c.source_file]]  # fmt: skip
    for c in shown[:ALL_FILES_UP_TO]:
        table.add_row(c.source_file, str(c.checked), str(c.consumed), f"{c.share:.0%}",
                      str(c.figures), str(c.figures_read), str(c.figures_explained),
                      str(c.unexplained), str(errors[c.source_file]))  # fmt: skip
    out.print(table)
    if len(shown) < len(coverage):
        hidden = len(coverage) - min(len(shown), ALL_FILES_UP_TO)
        out.print(f"{hidden} more referater not listed; findings.md has every finding")
    unexplained = sum(c.unexplained for c in coverage)
    out.print(f"{unexplained} unexplained figures; lines that did not reach a table are in "
              "unparsed_lines, each run explained in findings")  # fmt: skip


def _finish(report, strict: bool) -> None:
    _print_report(report)
    if strict and report.dirty:
        _say(f"kkr: --strict: {report.strict_summary()}")
        raise typer.Exit(1)


def _guarded(action):
    """Run ``action()``. A pipeline error, or a file the system refused, becomes a one-line
    message and exit code 2; so does anything unexpected, whose trace goes to a file the
    message names (never a traceback on the console)."""
    try:
        return action()
    except (typer.Exit, typer.Abort):
        raise
    except PipelineError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise _fail(f"{where}{exc.strerror or exc}") from None
    except KeyboardInterrupt:
        raise _fail("interrupted; nothing was published", code=130) from None
    except Exception as exc:
        raise _fail(f"unexpected {type(exc).__name__}: {exc} (trace in {_write_trace()})") from None


def _write_trace() -> str:
    """The current exception's trace in a file of its own; its path."""
    with tempfile.NamedTemporaryFile(
        "w", prefix="kkr-trace-", suffix=".txt", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(traceback.format_exc())
    return handle.name


Jobs = Annotated[
    int, typer.Option(help="Files read at once (default: the cores); the output is the same.")
]
CORES = os.cpu_count() or 1


@app.command()
def build(
    raw_dir: RawDir = DEFAULT_RAW,
    out_dir: OutDir = DEFAULT_OUT,
    strict: Strict = False,
    jobs: Jobs = CORES,
    partition: Annotated[
        bool, typer.Option(help="Also write OUT_DIR/partitioned/: Parquet by region and year.")
    ] = False,
    force: Annotated[
        bool, typer.Option(help="Build even when nothing changed since the last build.")
    ] = False,
):
    """Run every stage: read the referater, build, check and load every table. When nothing
    changed since the last build (referater, code, views, suites, options), nothing is done."""
    _frozen_at_exit()
    if not force and _guarded(lambda: _up_to_date(raw_dir, out_dir, partition, strict)):
        return
    building = functools.partial(_build, out_dir=out_dir, jobs=jobs, partition=partition)
    report = _guarded(lambda: _progress_reader(raw_dir, building, out_dir))
    if not report.files_read:
        _print_report(report)
        raise _fail("no referat could be read; nothing was built")
    _finish(report, strict)
    out.print(f"wrote {out_dir}/*.parquet and {out_dir / run.DATABASE}")


def _build(
    raw_dir: Path, on_file, referater: list[Path], *, out_dir: Path, jobs: int, partition: bool
):
    """``run.build`` with the ``referater`` read from the start: their workers are forked before
    ``pipeline.run`` is imported (pandas, Arrow and the rest of a build, some 0.3 s of one
    core), and read while it is."""
    started = perfile.start_reading(referater, raw_dir, jobs, perfile.IN_PARTS)
    try:
        return run.build(raw_dir, out_dir, on_file, jobs=jobs, partition=partition, started=started)
    finally:
        if started is not None:
            started.close()  # when the build stopped before it read them all


def _frozen_at_exit() -> None:
    """At exit, everything frozen (``gc.freeze``, by :func:`_freeze`): the interpreter's last
    collection then does not walk the heap a build leaves (0.1 s after a build of 500
    referater, a fiftieth of it); the memory goes back to the system as the process ends all
    the same."""
    atexit.register(_freeze)


def _freeze() -> None:
    """``gc.freeze``, unless DuckDB is loaded (a build's main process never loads it; a test
    process may have): its objects report themselves leaked (nanobind) when the last
    collection does not run."""
    if "duckdb" not in sys.modules:
        gc.freeze()


def _up_to_date(raw_dir: Path, out_dir: Path, partition: bool, strict: bool) -> bool:
    """Say so and return True when the published build is what a build would write."""
    check_apart(raw_dir, out_dir)
    earlier = uptodate.unchanged(raw_dir, out_dir, {"partition": partition})
    if earlier is None:
        return False
    outcome = earlier.get("outcome", {})
    out.print(f"nothing changed since the last build: {out_dir} is up to date "
              f"({outcome.get('referater', '?')} referater; --force builds anyway)")  # fmt: skip
    if strict and outcome.get("dirty"):
        _say(f"kkr: --strict: {outcome.get('strict_summary', 'the last build was not clean')}")
        raise typer.Exit(1)
    return True


@app.command()
def extract(raw_dir: RawDir = DEFAULT_RAW):
    """Read and segment each referat; print its meeting, items and attendance lists."""
    _guarded(lambda: _extract(raw_dir))


def _extract(raw_dir: Path) -> None:
    table = Table("file", "meeting", "items", "present", "absent", "findings")
    problems = []
    for r in run.read_each(raw_dir):
        if isinstance(r, run.FindingRow):
            problems.append(r)
            continue
        counts = {a.status: len(a.lines) for a in r.attendance or ()}
        table.add_row(r.source_file, r.meeting_id, str(len(r.items)),
                      str(counts.get("present", 0)), str(counts.get("absent", 0)),
                      str(len(r.findings)))  # fmt: skip
    for finding in problems:
        _say(f"skipped {finding.message}")
    out.print(table)


@app.command()
def convert(
    raw_dir: RawDir = DEFAULT_RAW,
    text_dir: Annotated[Path, typer.Option(help="Folder for the text read from each PDF.")] = Path(
        "data/converted"
    ),
):
    """Write the text the pipeline reads from each PDF (page breaks as form feeds) to TEXT_DIR."""
    written, problems = _guarded(lambda: run.convert(raw_dir, text_dir))
    for message in problems:
        _say(f"skipped {message}")
    for path in written:
        out.print(f"wrote {path}", highlight=False)
    if problems and not written:
        raise _fail("no PDF could be converted")
    if not written:
        out.print(f"no .pdf files under {raw_dir}")


@app.command()
def transform(raw_dir: RawDir = DEFAULT_RAW, out_dir: OutDir = DEFAULT_OUT, jobs: Jobs = CORES):
    """Extract and transform: write the data tables as Parquet (no checks, no DuckDB)."""
    report = _guarded(
        lambda: _progress_reader(
            raw_dir, lambda d, f, _: run.transform_only(d, out_dir, f, jobs=jobs)
        )
    )
    _print_report(report)
    if not report.files_read:
        raise _fail("no referat could be read; nothing was written")


@app.command()
def validate(out_dir: OutDir = DEFAULT_OUT, strict: Strict = False):
    """Run the expectation suites on the Parquet tables in OUT_DIR; write validation_results."""
    _finish(_guarded(lambda: run.validate_out_dir(out_dir)), strict)


@app.command()
def load(out_dir: OutDir = DEFAULT_OUT):
    """(Re)build OUT_DIR/kkr.duckdb from the Parquet tables there, with the views in sql/."""
    _guarded(lambda: run.load_out_dir(out_dir))
    out.print(f"wrote {out_dir / run.DATABASE}")


@app.command()
def report(out_dir: OutDir = DEFAULT_OUT, raw_dir: RawDir = DEFAULT_RAW):
    """Print the findings of the last build by referat; write OUT_DIR/findings.md and the page
    OUT_DIR/report.html (charts, tables linked to the referater)."""
    findings, paths = _guarded(lambda: run.report_out_dir(out_dir, raw_dir))
    for name, group in grouped(findings):
        table = Table("severity", "line", "rule", "message", title=name, title_justify="left")
        for f in group:
            table.add_row(f.severity, str(f.source_line or ""), f.rule, f.message)
        out.print(table)
    out.print("wrote " + " and ".join(str(p) for p in paths))


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SQL query over the tables and views.")],
    out_dir: OutDir = DEFAULT_OUT,
    format: Annotated[Format, typer.Option(help="table, csv, json or markdown.")] = Format.table,
    limit: Annotated[int | None, typer.Option(help="Print at most this many rows.", min=0)] = None,
):
    """Answer a SQL query over OUT_DIR/kkr.duckdb; print it as a table, CSV, JSON or Markdown.
    A result too wide for the screen is printed one record per block, never cut."""
    columns, rows = _guarded(lambda: run.query(out_dir, query))
    shown = rows if limit is None else rows[:limit]
    if format is Format.table:
        _print_table(columns, shown)
    else:
        sys.stdout.write(render.RENDERERS[format.value](columns, shown))
    if len(shown) < len(rows):
        _say(f"kkr: {len(shown)} of {len(rows)} rows shown (--limit {limit})")


def _print_table(columns: list[str], rows: list[tuple]) -> None:
    if render.table_width(columns, rows) <= out.width:
        table = Table()
        for name in columns:  # wrap long values rather than cut them; headers stay whole
            table.add_column(name, overflow="fold", min_width=len(name))
        for row in rows:
            table.add_row(*(render.cell(v) for v in row))
        out.print(table)
        return
    out.print(render.records(columns, rows), markup=False, highlight=False, soft_wrap=True)
    _say(f"kkr: {len(columns)} columns are wider than the screen: one record per block")


@app.command()
def docs(
    check: Annotated[bool, typer.Option(help="Only check docs/tables.md is current.")] = False,
):
    """Write docs/tables.md (the data dictionary) from pipeline/dictionary.py."""
    path = run.PROJECT_ROOT / "docs" / "tables.md"
    text = lazy("pipeline.dictionary").render_markdown() + "\n"
    if check:
        if not path.is_file() or path.read_text("utf-8") != text:
            raise _fail(f"{path} is out of date; run 'kkr docs'", code=1)
        return
    _guarded(lambda: path.write_text(text, "utf-8"))
    out.print(f"wrote {path}")
