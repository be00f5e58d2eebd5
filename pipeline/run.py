"""Running the stages in order: the functions the CLI commands call. Each returns data (rows,
findings, a report); none prints."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import importlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import uptodate
from pipeline.discovery import Discovery, discover
from pipeline.errors import InputError, MissingOutput, QueryError
from pipeline.extract import pdf, read_bytes, read_referat
from pipeline.extract.sources import Source, read_sources, source_of
from pipeline.forked import collector_on
from pipeline.kommuner import load_kommuner
from pipeline.lazy import lazy
from pipeline.load import (
    ROWS_AT_ONCE,
    WithHeld,
    WrittenParts,
    batch_columns,
    batch_rows,
    decoded,
    part_order,
    read_table,
    write_partitioned,
    write_tables,
)
from pipeline.load.duck import DATABASE, add_tables, build_database
from pipeline.memory import give_back_memory, large_blocks_mapped
from pipeline.models import FindingRow, MeetingRow, Referat, ValidationResultRow
from pipeline.outdir import check_apart, new_version, published
from pipeline.perfile import (
    IN_PARTS,
    STREAMED,
    STREAMED_FINDINGS,
    FileResult,
    Reading,
    RowsByFile,
    extract_files,
    prune_cache,
)
from pipeline.report import REPORT_FILE, severity_counts, table_lines
from pipeline.report_html import REPORT_HTML
from pipeline.report_html import write_report as write_html_report
from pipeline.rows import field_names, shared, unpacked
from pipeline.transform import TABLES, corpus_tables, distinct_meetings
from pipeline.transform.unparsed_lines import Coverage
from pipeline.validate.checks import (
    CHECKED_TABLES,
    QUOTA_TABLES,
    Statement,
    across_meetings_in,
    check_findings,
    statement_columns,
    statements,
)

duckdb = lazy("duckdb")  # loaded by the process that uses it (a build's loader), not on import

if TYPE_CHECKING:
    from pipeline.validate.expectations import SuiteRun

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOCS_DIR = "docs"
"""Great Expectations Data Docs are written to ``OUT/docs/`` (open ``OUT/docs/index.html``)."""
SQL_DIR = PROJECT_ROOT / "sql"
SUITES_DIR = PROJECT_ROOT / "expectations"
DATA_TABLES = [name for name in TABLES if name != "validation_results"]


@dataclasses.dataclass
class Report:
    """What a run did: files read and skipped, rows per table, checks passed and failed."""

    files_read: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)
    rows: dict[str, int] = dataclasses.field(default_factory=dict)
    expectations_passed: int = 0
    expectations_failed: int = 0
    findings: Counter = dataclasses.field(default_factory=Counter)
    coverage: list[Coverage] = dataclasses.field(default_factory=list)
    errors: Counter = dataclasses.field(default_factory=Counter)
    """Error findings per referat file."""

    @property
    def dirty(self) -> bool:
        """True when a check failed or something was found that is not merely informative."""
        return self.expectations_failed > 0 or any(s != "info" for s in self.findings)

    def strict_summary(self) -> str:
        """What made the run dirty, in one line."""
        parts = [f"{self.expectations_failed} expectations failed"] * bool(self.expectations_failed)
        parts += [
            f"{self.findings[s]} {s} findings" for s in ("error", "warning") if self.findings[s]
        ]
        return ", ".join(parts) + " (see findings.md)"


def read_each(raw_dir: Path) -> Iterator[Referat | FindingRow]:
    """Every referat under ``raw_dir`` as a document, one at a time (none is kept, so any
    number can be read); a file or folder that cannot be read is a finding instead (one line
    naming it and the reason), and the others are still read. The findings about the folder
    come first."""
    found = discover_raw(raw_dir)
    yield from raw_problems(raw_dir, found)
    for path in found.referater:
        try:
            yield read_referat(path, raw_dir)
        except InputError as exc:
            source = path.relative_to(raw_dir).as_posix()
            yield _file_finding("error", "unreadable_file", source, str(exc))


def discover_raw(raw_dir: Path) -> Discovery:
    """What the raw dir holds; :class:`InputError` when it is not a folder."""
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: the raw dir does not exist or is not a folder")
    return discover(raw_dir)


def raw_problems(raw_dir: Path, found: Discovery) -> list[FindingRow]:
    """Findings for the entries of the raw dir that are not read: unreadable, not followed, not
    a referat file."""
    problems = [_entry_finding(name, reason) for name, reason in found.problems]
    for path in found.others:
        source = path.relative_to(raw_dir).as_posix()
        message = f"{source}: not a .pdf, .txt or .md file; skipped"
        problems.append(_file_finding("warning", "not_a_referat_file", source, message))
    return problems


def _file_finding(severity: str, rule: str, source: str, message: str) -> FindingRow:
    return FindingRow(severity, rule, None, source, None, message, stage="extract")


def _entry_finding(name: str, reason: str) -> FindingRow:
    followed = "not followed" in reason
    return _file_finding("warning" if followed else "error",
                         "link_not_followed" if followed else "unreadable_file",
                         name, f"{name}: {reason}")  # fmt: skip


def frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as a pandas frame for validation: an integer column with nulls as pandas'
    nullable ``Int64``, one without as numpy ``int64`` (Great Expectations compares those
    vectorised, and an ``Int64`` column value by value)."""
    out = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in out.columns:
        if isinstance(out[name].dtype, pd.Int64Dtype) and not out[name].hasnans:
            out[name] = out[name].to_numpy("int64")
    return out


def validate_tables(
    folder: Path, docs_dir: Path | None = None
) -> tuple[list[ValidationResultRow], list[FindingRow]]:
    """Run every suite on the data tables written in ``folder`` (writing Great Expectations
    Data Docs into ``docs_dir`` when given) and the cross-table checks; a failed expectation is
    also an error finding naming its rows."""
    checks = check_findings(checked_rows(folder))  # first: their rows go before the suites run
    results, failures = suite_results(folder, docs_dir)
    return results, failures + checks


def suite_results(
    folder: Path, docs_dir: Path | None = None
) -> tuple[list[ValidationResultRow], list[FindingRow]]:
    """Every suite's results on the data tables written in ``folder``, and an error finding
    per failed expectation."""
    # imported here: Great Expectations takes ~3 s to import, which kkr sql/--help should not pay
    from pipeline.validate.expectations import SuiteRun

    run = SuiteRun()
    results = suite_rows(run, folder, DATA_TABLES, suite_parameters(folder))
    if docs_dir is not None:
        run.build_docs(docs_dir)
    return results, expectation_findings(results)


def suite_rows(
    run: SuiteRun, folder: Path, names: list[str], parameters: dict[str, object]
) -> list[ValidationResultRow]:
    """The rows of the suites of the tables ``names`` written in ``folder``, in suite order.
    One table is read (only the columns its suite names) and held at a time. The suite of a
    table of more than :data:`APART_ROWS` rows runs in a child process (``SuiteRun.apart``),
    which takes the memory of the table's frames with it when it ends: one table never raises
    the memory of the next. A smaller table is validated here, and the memory it freed handed
    back (:func:`give_back_memory`). A table of more than :data:`BATCH_ROWS` rows is validated
    a batch at a time (``SuiteRun.validate_batches``)."""
    rows = []
    for name in sorted(names):
        table = WrittenTable(folder, name)
        validate = functools.partial(_table_rows, table, parameters)
        if table.rows > APART_ROWS:
            rows += run.apart(validate)
        else:
            rows += validate(run)
            give_back_memory()  # before the next table's frame is made
    return rows


def _table_rows(
    table: WrittenTable, parameters: dict[str, object], run: SuiteRun
) -> list[ValidationResultRow]:
    """The rows of the suite of one table (see :func:`suite_rows`)."""
    from pipeline.validate.expectations import suite_columns

    if table.rows > BATCH_ROWS:
        return run.validate_batches(table, SUITES_DIR, parameters)
    columns = suite_columns(SUITES_DIR / f"{table.name}.json", table.columns)
    return run.validate({table.name: table.whole(columns)}, SUITES_DIR, parameters)


BATCH_ROWS = 50_000
"""The most rows of a table validated at once: a larger table's suite runs on batches of this
many rows (its row-wise expectations; its uniqueness on groups of about as many rows; the
others on the whole table's columns they name), so the validation's memory does not grow with
the corpus."""

APART_ROWS = BATCH_ROWS
"""The most rows of a table whose suite runs in the validating process itself: as many as are
validated at once. A larger table is validated in batches (:data:`BATCH_ROWS`), and in a child
process: each batch leaves the heap a few MB larger (the blocks GX and pandas freed are
scattered among those still in use), which the child takes with it when it ends. A child
costs its suite 40-60 ms more (the pages it writes to are copied), which a smaller table is
not worth."""


@dataclasses.dataclass(frozen=True)
class WrittenTable:
    """A table written in ``folder``, read for its suite (see ``expectations.TableBatches``):
    whole, or a batch at a time; only the columns the suite names (not an agenda item's
    text)."""

    folder: Path
    name: str

    @functools.cached_property
    def file(self) -> pq.ParquetFile:
        return pq.ParquetFile(self.folder / f"{self.name}.parquet")

    @property
    def rows(self) -> int:
        return self.file.metadata.num_rows

    @property
    def columns(self) -> list[str]:
        return self.file.schema_arrow.names

    def batches(self, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
        start = 0
        for batch in self.file.iter_batches(BATCH_ROWS, columns=list(columns)):
            part = frame(pa.Table.from_batches([batch]))
            part.index = pd.RangeIndex(start, start + len(part))
            start += len(part)
            del batch  # the next batch is read without this one held
            yield part
            del part  # nor this frame

    def whole(self, columns: Sequence[str]) -> pd.DataFrame:
        return frame(self.file.read(columns=list(columns)))

    def groups(self, columns: Sequence[str], by: str) -> Iterator[pd.DataFrame]:
        """Its rows in groups of about :data:`BATCH_ROWS`, the rows of a group all those of
        some values of ``by`` (see ``expectations.TableBatches``). The columns are read whole
        but compact (each distinct text once, as a dictionary), and made into a frame a group
        at a time."""
        table = read_table(self.folder, self.name, columns, compact=True)
        number = group_numbers(table.column(by), -(-table.num_rows // BATCH_ROWS))
        for group in np.unique(number) if table.num_rows else [0]:
            rows = np.flatnonzero(number == group)
            part = frame(decoded(table.take(rows)))
            part.index = pd.Index(rows)
            yield part
            del part  # the next group's frame is made without this one held


def group_numbers(column: pa.ChunkedArray, groups: int) -> np.ndarray:
    """A group number (0 to ``groups`` - 1) per value of ``column``: one number for equal
    values (and one for all nulls). The values are numbered by first appearance
    (``pc.dictionary_encode``), so the grouping is the same in every run."""
    if len(column) == 0:
        return np.zeros(0, dtype=np.int64)
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    codes = pc.fill_null(column.combine_chunks().indices, -1).to_numpy()
    return codes % max(groups, 1)


def _validation_process() -> None:
    """The start of :class:`Validator`'s process."""
    collector_on()
    large_blocks_mapped()


def suite_parameters(folder: Path) -> dict[str, object]:
    """The values the suites' ``$PARAMETER``s name: the codes of the kommuner table written in
    ``folder``."""
    codes = read_table(folder, "kommuner", ["kommune_code"]).column("kommune_code").to_pylist()
    return {"kommune_codes": sorted(int(c) for c in codes)}


def expectation_findings(results: list[ValidationResultRow]) -> list[FindingRow]:
    """An error finding per failed expectation, naming its rows."""
    return [
        FindingRow(
            "error",
            "expectation_failed",
            None,
            None,
            None,
            f"{r.suite}: {r.expectation}({r.column or ''}) failed for "
            f"{r.unexpected_count} of {r.element_count} rows: {r.unexpected_rows or ''}",
            stage="validate",
        )
        for r in results
        if not r.success
    ]


def checked_rows(folder: Path) -> dict[str, list]:
    """The rows of :data:`CHECKED_TABLES` written in ``folder``, for :func:`check_findings`."""
    return {name: rows_of(read_table(folder, name), TABLES[name]) for name in CHECKED_TABLES}


def rows_of(table: pa.Table, row_type: type) -> list:
    """An Arrow table back as row dataclasses, made from its columns a batch at a time (not
    from a dict per row), their values shared (``rows.shared``): a table of 200,000 rows
    then never holds more than its rows."""
    names, pool, rows = field_names(row_type), {}, []
    for batch in table.select(list(names)).to_batches(max_chunksize=ROWS_AT_ONCE):
        rows += unpacked(row_type, shared(batch_rows(batch), pool))
    return rows


def extract_and_transform(
    raw_dir: Path, on_file=lambda _: None, jobs: int = 1, started: Reading | None = None
) -> tuple[dict[str, list], Report]:
    """Read every referat (``jobs`` at a time, each file's rows cached; by ``started`` when it
    is reading them already) and build every data table (not yet validated). The findings of
    the checks within each meeting (``perfile.checked``, made as each referat was read, stage
    ``validate``) are among the findings: :func:`findings_table` writes them, or not."""
    found = discover_raw(raw_dir)
    problems = raw_problems(raw_dir, found)
    files, pool = [], {}
    for result in extract_files(found.referater, raw_dir, jobs, on_file, IN_PARTS, started):
        if isinstance(result, FileResult):
            files.append(result.shared(pool))  # a value recurring over files is held once
        else:
            problems.append(result)
    del pool
    prune_cache()
    kept, duplicates = distinct_meetings(files)
    report = Report(
        files_read=[r.source_file for r in files],
        skipped=[f.message for f in problems]
        + [f"{f.source_file}: {f.message}" for f in duplicates],
        coverage=[r.coverage for r in kept],
    )
    sources, unread = read_sources(raw_dir)
    tables = merged(kept)
    del files, kept  # their rows are merged: the corpus steps do not find them held twice
    tables = corpus_tables(tables)
    tables["meetings"] = [
        with_source(m, source_of(sources, m.source_file)) for m in tables["meetings"]
    ]
    tables["findings"] = problems + unread + duplicates + tables["findings"]
    return tables, report


AS_ROWS = ("meetings", "attendance", "appointments", "findings")
"""The tables the corpus step and the build read row by row (as dataclasses); the others go
to Parquet as the tuples the files' results hold."""

IN_PARTS_ROWS = {name: TABLES.get(name, FindingRow) for name in IN_PARTS}
"""The row type of each of :data:`IN_PARTS`."""


def merged(results: list[FileResult]) -> dict[str, list]:
    """Every table's rows from the files kept, in path order (the :data:`IN_PARTS` ones by
    file, in the order they are written in), and the reference tables."""
    tables: dict[str, list] = {name: [] for name in TABLES if name not in STREAMED}
    tables["kommuner"] = list(load_kommuner())
    for result in results:
        for name, rows in result.tables.items():
            if name not in IN_PARTS:
                tables[name] += rows
    for name in AS_ROWS:
        tables[name] = unpacked(TABLES[name], tables[name])
    streamed, last = [streamed_only(result) for result in results], {}
    for name in IN_PARTS:
        ordered = tuple(sorted(streamed, key=part_order(IN_PARTS_ROWS[name])))
        tables[name] = RowsByFile(name, ordered, last)  # type: ignore[assignment]
    return tables


def streamed_only(result: FileResult) -> FileResult:
    """``result`` holding only the rows of the :data:`IN_PARTS` tables it carries (those a
    usable cache could not keep): its other rows are merged, and need not be held twice (the
    :data:`AS_ROWS` ones are held as dataclasses from then on)."""
    kept = {name: rows for name, rows in result.tables.items() if name in IN_PARTS}
    return dataclasses.replace(result, tables=kept, checked=[])


CHECK_BATCH = 10_000
"""Rows of a quota table read back at a time for the checks across meetings."""


def across_meetings_written(folder: Path) -> list[FindingRow]:
    """The checks across meetings (``validate.checks.across_meetings_in``) on the quota tables
    written in ``folder``, read back :data:`CHECK_BATCH` rows at a time, only the columns they
    read: a table is written in the order the checks read it in (by meeting, file and line)."""
    return across_meetings_in({name: _statements(folder, name) for name, _ in QUOTA_TABLES})


def _statements(folder: Path, name: str) -> Iterator[list[Statement]]:
    table = pq.ParquetFile(folder / f"{name}.parquet")
    for batch in table.iter_batches(CHECK_BATCH, columns=list(statement_columns(name))):
        yield statements(batch_columns(batch))


def findings_table(
    tables: dict[str, list], more: Sequence[FindingRow] = (), checks: bool = True
) -> WithHeld:
    """The findings table of ``tables`` from :func:`extract_and_transform` (its findings held
    and those left in the rows cache) with ``more``; without the findings of the checks
    (stage ``validate``) unless ``checks``."""
    held = [*tables["findings"], *more]
    keep = None if checks else _not_checked
    return WithHeld(FindingRow, held, tables[STREAMED_FINDINGS], keep)


_STAGE = field_names(FindingRow).index("stage")


def _not_checked(finding: tuple) -> bool:
    return finding[_STAGE] != "validate"


def with_source(meeting: MeetingRow, source: Source | None) -> MeetingRow:
    """The meeting with the url and retrieval date ``sources.csv`` gives its file."""
    if source is None:
        return meeting
    return dataclasses.replace(meeting, source_url=source.url, retrieved=source.retrieved)


def convert(raw_dir: Path, text_dir: Path) -> tuple[list[Path], list[str]]:
    """Write the text the pipeline reads from each PDF under ``raw_dir`` into ``text_dir``
    (``<path>.txt``, pages separated by form feeds); the files written and the PDFs that could
    not be read (one line each)."""
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: the raw dir does not exist or is not a folder")
    check_apart(raw_dir, text_dir)
    written, problems = [], []
    for path in [p for p in discover(raw_dir).referater if p.suffix.lower() == ".pdf"]:
        source = path.relative_to(raw_dir).as_posix()
        try:
            text = pdf.cached_text(read_bytes(path, source)[0], source)
        except InputError as exc:
            problems.append(str(exc))
            continue
        target = text_dir / f"{source}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        written.append(target)
    return written, problems


def write_data(tables: dict[str, list], stage: Path) -> None:
    """Write the data tables as Parquet into ``stage``."""
    write_tables(tables, TABLES, stage, ordered={"validation_results"})


def summarise(
    report: Report,
    tables: dict[str, list],
    counts: dict[str, int] | None = None,
    tallies: tuple[int, Counter, Counter] | None = None,
) -> Report:
    """Fill the row counts (of ``tables``, and ``counts`` of tables no longer held) and the
    tallies of checks and findings into ``report``: those of the findings in ``tables``, or
    ``tallies`` when given (those of the findings table written: :func:`written_tallies`)."""
    sizes = (counts or {}) | {name: len(rows) for name, rows in tables.items()}
    tallies = tallies or finding_tallies(tables.get("findings", []))
    sizes["findings"], report.findings, report.errors = tallies
    report.rows = {name: sizes[name] for name in TABLES if name in sizes}
    results = tables.get("validation_results", [])
    report.expectations_passed = sum(r.success for r in results)
    report.expectations_failed = sum(not r.success for r in results)
    return report


TALLIED = ["severity", "source_file"]
"""The columns of the findings :func:`finding_tallies` reads."""


def written_tallies(folder: Path) -> tuple[int, Counter, Counter]:
    """:func:`finding_tallies` of the findings table written in ``folder``. Reading it takes
    Arrow some 25 MB at N = 4,000, so a build has its loader process do it (see
    :func:`_publish`), not the main process at its largest."""
    return finding_tallies(read_table(folder, "findings", TALLIED, compact=True))


def finding_tallies(findings: list[FindingRow] | pa.Table) -> tuple[int, Counter, Counter]:
    """How many findings, how many of each severity, and the error findings per file: of rows,
    or of a table of their :data:`TALLIED` columns (counted by Arrow)."""
    if not isinstance(findings, pa.Table):
        errors = Counter(f.source_file for f in findings if f.severity == "error")
        return len(findings), Counter(f.severity for f in findings), errors
    failed = findings.filter(pc.equal(findings["severity"], "error"))["source_file"]
    return findings.num_rows, severity_counts(findings), Counter(failed.to_pylist())


def build(
    raw_dir: Path,
    out_dir: Path,
    on_file=lambda _: None,
    jobs: int = 1,
    partition: bool = False,
    started: Reading | None = None,
) -> Report:
    """Every stage: extract, transform, validate, load. ``out_dir`` is replaced only when the
    whole build succeeds, and is left as it was when no referat could be read. ``started``:
    the referater being read already (``kkr build`` starts reading them before it imports this
    module: :class:`perfile.Reading`)."""
    check_apart(raw_dir, out_dir)
    options = {"partition": partition}
    large_blocks_mapped()  # here, in the workers and the validation process
    with Validator() as validator, loader_process() as loader, paused_gc():
        # the record after the forks: the referater being read (``started``), this process
        # takes in their results meanwhile, and the processes forked later would carry them
        inputs = uptodate.record(raw_dir, options, uptodate.published_record(out_dir))
        tables, report = extract_and_transform(raw_dir, on_file, jobs, started)
        if not report.files_read:
            return summarise(report, tables)
        with new_version(out_dir) as stage:
            held = [n for n in DATA_TABLES if n not in (*STREAMED, "findings")]
            for name in sorted(held, key=lambda n: n != "kommuner"):  # the suites read kommuner
                write_tables({name: tables[name]}, TABLES, stage)
                validator.add(stage, [name])  # its suite runs while the next table is written
            validator.pages(stage)  # their Data Docs, while the streamed tables are written
            write_tables({n: tables[n] for n in IN_PARTS}, IN_PARTS_ROWS, stage)  # in one pass
            validator.add(stage, list(STREAMED))
            counts = {n: len(tables[n]) for n in (*held, *STREAMED)}
            streamed = stage / f"{STREAMED_FINDINGS}.parquet"  # until the findings are written
            tables[STREAMED_FINDINGS] = WrittenParts(streamed)  # type: ignore[assignment]
            findings = findings_table(tables, across_meetings_written(stage))
            del tables  # the data tables' rows are let go before the findings are written
            give_back_memory()
            write_tables({"findings": findings}, TABLES, stage)
            validator.finish(stage, ["findings"])  # the published tables, findings included
            tallies = _published(raw_dir, stage, loader)  # while the suites run
            results, failures = validator.results()
            if failures:  # the rare case: publish again with them
                findings = dataclasses.replace(findings, held=findings.held + failures)
                write_tables({"findings": findings}, TABLES, stage)
                tallies = _published(raw_dir, stage, loader)
            streamed.unlink()
            write_tables({"validation_results": results}, TABLES, stage,
                         ordered={"validation_results"})  # fmt: skip
            loader.submit(add_tables, stage, ["validation_results"]).result()  # DuckDB there too
            if partition:
                write_partitioned(TABLES, stage)
            summarise(report, {"validation_results": results}, counts, tallies=tallies)
            uptodate.write_record(stage, inputs, outcome(report))
    return report


def _published(
    raw_dir: Path, stage: Path, loader: ProcessPoolExecutor
) -> tuple[int, Counter, Counter]:
    """With the data tables written: findings.md, the database (every table but
    ``validation_results``) and report.html, made in the ``loader`` process (see
    :func:`loader_process`) while the last suites run; and the findings' tallies for the
    summary (:func:`written_tallies`)."""
    return loader.submit(_publish, raw_dir, stage).result()


def _publish(raw_dir: Path, stage: Path) -> tuple[int, Counter, Counter]:
    tallies = written_tallies(stage)
    write_report(stage, stage)
    give_back_memory()  # what sorting the findings took, before DuckDB takes its share
    build_database(stage, SQL_DIR, [n for n in TABLES if n != "validation_results"])
    write_html_report(stage, raw_dir)
    return tallies


@contextlib.contextmanager
def loader_process() -> Iterator[ProcessPoolExecutor]:
    """A process for the files made from the written tables (findings.md, the database,
    report.html), forked as the build starts, while this one is small. DuckDB takes about
    100 MB to load the tables, whatever their size, and sorting the findings for findings.md
    tens of MB; in the main process that would come on top of what the build holds by its end
    (the rows the corpus steps read, and the memory they are spread over), and set a peak
    that grows with the corpus."""
    with ProcessPoolExecutor(max_workers=1, initializer=_loader_start) as pool:
        pool.submit(int)  # the process is forked now
        yield pool


def _loader_start() -> None:
    """The start of :func:`loader_process`'s process: DuckDB imported now, while the referater
    are read, not once the tables are written. The main process never imports it (its
    modules hold :func:`pipeline.lazy.lazy` stand-ins): 14 MB it need not carry."""
    collector_on()
    importlib.import_module("duckdb")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cycle collector off for the block: a build makes hundreds of thousands of rows
    (tuples), none in a cycle, and each collection walks all of them (1.5 s of a rebuild of
    2,000 referater). The processes forked inside turn it on again (``forked.collector_on``)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Validator:
    """The suites in a process of their own, started with the build: Great Expectations takes
    seconds to import, and it does so while the referater are read. The suites then run in
    parts on one GX context kept in that process: ``add(stage, names)`` validates the data
    tables ``names`` as soon as they are written into ``stage`` (while the next tables and the
    findings are made), ``pages(stage)`` writes the Data Docs pages of the parts so far into
    ``stage/docs`` (while the next tables are written), ``finish(stage, names)`` validates the
    rest (the findings) and writes the other pages and the index; ``results()`` gives every
    suite's rows, in suite order, and the findings of the failed expectations (see
    :func:`suite_results`)."""

    def __enter__(self) -> Validator:
        self.pool = ProcessPoolExecutor(max_workers=1, initializer=_validation_process)
        self.pool.submit(_import_validation)  # the process starts (and imports) now
        self.parts: list[Future] = []
        return self

    def add(self, stage: Path, names: list[str]) -> None:
        self.parts.append(self.pool.submit(validate_part, stage, names, not self.parts))

    def pages(self, stage: Path) -> None:
        self.parts.append(self.pool.submit(docs_pages, stage))

    def finish(self, stage: Path, names: list[str]) -> None:
        self.parts.append(self.pool.submit(validate_last_part, stage, names))

    def results(self) -> tuple[list[ValidationResultRow], list[FindingRow]]:
        for part in self.parts[:-1]:
            part.result()  # a suite error of an earlier part is raised here, the first first
        return self.parts[-1].result()

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)


def _import_validation() -> None:
    import pipeline.validate.expectations  # noqa: F401


_SUITE_RUN: list = []
"""In the validator process: the suite run of the parts so far (see :class:`Validator`), with
their rows and the suites' parameters (read by the first part), until the last part takes
them."""


def validate_part(stage: Path, names: list[str], first: bool = True) -> None:
    """A part of :class:`Validator`'s suites: the tables ``names`` written in ``stage``, their
    rows kept in this process for :func:`validate_last_part`. The ``first`` part starts the
    suite run (and reads the kommune codes the suites name); each later one adds to it."""
    from pipeline.validate.expectations import SuiteRun

    if first:
        _SUITE_RUN.clear()  # a first part that fails leaves no run for the later ones
        _SUITE_RUN.append((SuiteRun(), [], suite_parameters(stage)))
    run, rows, parameters = _suite_run()
    rows += suite_rows(run, stage, names, parameters)
    run.keep_for_docs()  # while the next tables are written


def docs_pages(stage: Path) -> None:
    """The Data Docs pages of the suites of :class:`Validator`'s parts so far, into
    ``stage/docs`` (:func:`validate_last_part` makes the others, and the index)."""
    _suite_run()[0].build_docs(stage / DOCS_DIR, index=False)


def _suite_run() -> tuple[SuiteRun, list[ValidationResultRow], dict[str, object]]:
    """The suite run of :class:`Validator`'s parts so far (see :data:`_SUITE_RUN`)."""
    if not _SUITE_RUN:
        raise RuntimeError("the first part of the suites did not run")
    return _SUITE_RUN[0]


def validate_last_part(
    stage: Path, names: list[str]
) -> tuple[list[ValidationResultRow], list[FindingRow]]:
    """The last part: the tables ``names``; then the Data Docs of every part into
    ``stage/docs``, and the rows of every part, in suite order, with the findings of the
    failed expectations."""
    validate_part(stage, names, first=False)
    run, rows, _ = _SUITE_RUN.pop()
    rows.sort(key=lambda row: row.suite)  # stable: each suite's rows stay in file order
    run.build_docs(stage / DOCS_DIR)
    return rows, expectation_findings(rows)


def outcome(report: Report) -> dict[str, object]:
    """What a build found, kept with its inputs for ``kkr build`` when nothing changed."""
    return {"referater": len(report.files_read), "dirty": report.dirty,
            "strict_summary": report.strict_summary() if report.dirty else ""}  # fmt: skip


def transform_only(raw_dir: Path, out_dir: Path, on_file=lambda _: None, jobs: int = 1) -> Report:
    """Extract and transform into ``out_dir``: the data tables as Parquet. The results of an
    earlier validation and the database no longer describe them and are removed."""
    check_apart(raw_dir, out_dir)
    tables, report = extract_and_transform(raw_dir, on_file, jobs)
    if not report.files_read:
        return summarise(report, tables)
    with new_version(out_dir, keep=True) as stage:
        findings = findings_table(tables, checks=False)
        write_data({n: tables[n] for n in DATA_TABLES} | {"findings": findings}, stage)
        (stage / "validation_results.parquet").unlink(missing_ok=True)
        (stage / DATABASE).unlink(missing_ok=True)
        return summarise(report, tables, tallies=written_tallies(stage))


def validate_out_dir(out_dir: Path) -> Report:
    """Validate the Parquet tables in ``out_dir``: write ``validation_results`` and replace the
    ``expectation_failed`` findings of an earlier run with this run's."""
    folder = required(out_dir, DATA_TABLES)
    with new_version(out_dir, keep=True) as stage:
        results, failures = validate_tables(folder, stage / DOCS_DIR)
        earlier = WrittenParts(folder / "findings.parquet", keep=_not_checked)  # read, not held
        findings = WithHeld(FindingRow, failures, earlier)
        write_data({"findings": findings, "validation_results": results}, stage)
        write_report(stage, stage)
        return summarise(Report(), {"validation_results": results}, tallies=written_tallies(stage))


def write_report(folder: Path, out_dir: Path) -> Path:
    """``findings.md`` in ``out_dir``: the findings written in ``folder``, grouped by referat
    (``report.table_lines``: sorted by Arrow, never held as Python rows together)."""
    path = out_dir / REPORT_FILE
    with open(path, "w", encoding="utf-8") as handle:
        findings = read_table(folder, "findings", compact=True)
        handle.writelines(f"{line}\n" for line in table_lines(findings))
    return path


def report_out_dir(
    out_dir: Path, raw_dir: Path | None = None
) -> tuple[list[FindingRow], list[Path]]:
    """The findings of the last build in ``out_dir``; ``findings.md`` rewritten from them and
    ``report.html`` from the database (its links point into ``raw_dir``)."""
    folder = required(out_dir, ["findings"])
    findings = rows_of(read_table(folder, "findings"), FindingRow)
    with new_version(out_dir, keep=True) as stage:
        write_report(folder, stage)
        if (stage / DATABASE).is_file():
            write_html_report(stage, raw_dir)
    return findings, [out_dir / REPORT_FILE, out_dir / REPORT_HTML]


def load_out_dir(out_dir: Path) -> Path:
    """(Re)build the database in ``out_dir`` from the Parquet tables there."""
    folder = required(out_dir, DATA_TABLES)
    present = [n for n in TABLES if (folder / f"{n}.parquet").is_file()]
    with new_version(out_dir, keep=True) as stage:
        build_database(stage, SQL_DIR, present)
    return out_dir / DATABASE


def required(out_dir: Path, names: list[str]) -> Path:
    """The published folder of ``out_dir`` when it holds the Parquet file of every table in
    ``names``; else :class:`MissingOutput` naming the first one missing."""
    folder = published(out_dir)
    for name in names:
        if not (folder / f"{name}.parquet").is_file():
            raise MissingOutput(f"{out_dir}: no {name}.parquet; run 'kkr build' first")
    return folder


_SQL_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)


def query(out_dir: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """The column names and rows answering ``sql`` over the published ``kkr.duckdb``; a
    :class:`QueryError` with DuckDB's message (one line) when it cannot be answered."""
    if not _SQL_COMMENT.sub("", sql).strip(" \t\n;"):
        raise QueryError("the query is empty (or only comments); give a SQL statement")
    path = published(out_dir) / DATABASE
    if not path.is_file():
        raise MissingOutput(f"{out_dir / DATABASE}: no database; run 'kkr build' first")
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description or []]
            return columns, cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        raise QueryError(" ".join(str(exc).split())) from None
