"""The per-file part of a build: one raw file -> its rows of every table, its findings and its
coverage. A pure function of the file's bytes (and the code), so it is cached by the file's
SHA-256 and the code's version, and it runs in parallel (``--jobs``) with the results merged in
path order, so the output never depends on the number of jobs."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import read_referat
from pipeline.extract.pdf import CACHE_DIR
from pipeline.forked import collector_on
from pipeline.memory import large_blocks_mapped
from pipeline.models import FindingRow
from pipeline.rows import field_names, packed, shared, sorted_rows, unpacked
from pipeline.transform import CORPUS_FINDINGS, TABLES, referat_result
from pipeline.transform.unparsed_lines import Coverage
from pipeline.uptodate import code_version
from pipeline.validate.checks import CHECKED_TABLES, meeting_findings

ROWS_CACHE = CACHE_DIR.parent / "rows"
"""Where each file's rows are kept between builds (beside the PDF text cache; git-ignored)."""

SERIAL_BELOW = 8
"""Fewer files than this are read in this process: starting workers would cost more."""


CHUNK_FILES = 8
"""The most files a worker is handed at a time (fewer when there are few files: about eight
hands per worker). A worker reads its hand before it takes the next, so the two workers end
at most a hand apart, one core idle meanwhile: at 2,000 referater a hand of an eighth of a
worker's share (125 files, about a second) left one core idle for half a second on average;
eight files are some 70 ms of reading, and each hand costs the pool a message."""


@dataclass(frozen=True)
class FileResult:
    """What one referat file gives: who it is (for choosing between two files of one meeting),
    its rows per table (findings included, each row a tuple of its values: see
    ``pipeline.rows``), its coverage and the findings of the checks within its meeting
    (``checked``, tuples too). ``items`` are its item numbers."""

    source_file: str
    source_sha256: str
    meeting_id: str
    cut_off: bool
    items: tuple[str, ...]
    tables: dict[str, list] = field(repr=False)
    coverage: Coverage
    checked: list = field(default_factory=list, repr=False)
    modified: float = 0.0
    cache_key: str | None = None
    """The key of its result in the rows cache (None when it could not be kept there)."""
    left_in_cache: dict[str, int] = field(default_factory=dict)
    """The tables whose rows were left in the cache, not carried here (see :meth:`rows`), with
    their row counts."""

    def rows(self, name: str, last: dict[str, FileResult] | None = None) -> list:
        """Its rows of table ``name``, read from the rows cache when they were left there.
        ``last`` keeps the cache entry read last (see :class:`RowsByFile`)."""
        if name not in self.left_in_cache:
            return self.tables[name]
        key = self.cache_key or ""
        cached = last.get(key) if last is not None else None
        if cached is None and (cached := _load(key)) is None:
            raise InputError(f"{self.source_file}: its rows left the cache ({ROWS_CACHE}) during "
                             "the build; build again")  # fmt: skip
        if last is not None and key not in last:
            last.clear()
            last[key] = cached
        return findings_apart(cached)[1] if name == STREAMED_FINDINGS else cached.tables[name]

    def shared(self, pool: dict) -> FileResult:
        """This result with the values of its rows shared through ``pool`` (``rows.shared``):
        the rows a build holds for every file then hold each recurring value once."""
        tables = {name: shared(rows, pool) for name, rows in self.tables.items()}
        return replace(self, tables=tables, checked=shared(self.checked, pool))

    def count(self, name: str) -> int:
        """How many rows of table ``name`` it has."""
        return self.left_in_cache.get(name, len(self.tables.get(name, ())))


@dataclass(frozen=True)
class RowsByFile:
    """One table's rows of many files, one file at a time, in the order of ``results``: rows
    a file's result left in the cache are read from it only when their file's turn comes, so
    a large table is never in memory whole (``pipeline.load.write_tables`` writes it so).
    Tables that share ``last`` (and the order of ``results``) are written together, a file's
    rows of each in turn, and each file's cache entry is read once for all of them."""

    name: str
    results: tuple[FileResult, ...]
    last: dict[str, FileResult] = field(default_factory=dict, compare=False, repr=False)

    def parts(self) -> Iterator[list]:
        """Each file's rows."""
        return (result.rows(self.name, self.last) for result in self.results)

    def __iter__(self) -> Iterator:
        for part in self.parts():
            yield from part

    def __len__(self) -> int:
        return sum(result.count(self.name) for result in self.results)


def extract_file(path: Path, raw_dir: Path, leave: Sequence[str] = ()) -> FileResult | FindingRow:
    """One raw file's result, from the cache when its bytes and the code are unchanged; a file
    that is not a readable referat is a finding. The rows of the tables named in ``leave`` stay
    in the cache (when it could keep them), not in the result (see :class:`RowsByFile`)."""
    source = path.relative_to(raw_dir).as_posix()
    try:
        modified = path.stat().st_mtime
        key = _cache_key(path, source)
        cached = _load(key)
        if cached is None:
            cached = _result(path, raw_dir)
            key = key if _store(key, cached) else None
        return _left(replace(cached, modified=modified), key, leave)
    except InputError as exc:
        return _problem("unreadable_file", source, str(exc))
    except OSError as exc:
        return _problem("unreadable_file", source, f"{source}: cannot be read ({exc.strerror})")
    except Exception as exc:  # a parser bug must not cost the other files
        message = f"{source}: could not be parsed ({type(exc).__name__}: {exc})"
        return _problem("parser_failed", source, message)


def _result(path: Path, raw_dir: Path) -> FileResult:
    referat = read_referat(path, raw_dir)
    tables, covered = referat_result(referat)
    return FileResult(referat.source_file, referat.source_sha256, referat.meeting_id,
                      referat.cut_off, tuple(i.item_no for i in referat.items),
                      {name: packed(rows) for name, rows in tables.items()}, covered,
                      packed(checked(tables)))  # fmt: skip


def checked(tables: dict[str, list]) -> list[FindingRow]:
    """The findings of the checks within one meeting (``validate.checks.meeting_findings``) on
    one referat's tables, each table's rows in the order they are written in, as the build
    would find them on every referat's rows together (a build has one referat per meeting)."""
    ordered = {n: unpacked(TABLES[n], sorted_rows(tables[n], TABLES[n])) for n in CHECKED_TABLES}
    return meeting_findings(ordered)


STREAMED_FINDINGS = "findings_streamed"
"""Named in ``leave`` (:func:`extract_file`): a referat's findings and the findings of its checks
(``checked``) are split by :func:`findings_apart`; those a build holds stay in the result's
``findings``, the others are this table of the result, left in the cache like any other."""

_RULE, _MEETING, _FILE = (field_names(FindingRow).index(f)
                          for f in ("rule", "meeting_id", "source_file"))  # fmt: skip


STREAMED = ("agenda_items", "flygtningefordeling", "sosu_laerepladser", "budgets")
"""The tables no corpus step reads: their rows stay in the rows cache until they are written,
one referat at a time and all together (:class:`RowsByFile`), so they never fill the memory
(an agenda item holds its text: 80 of the 100 MB of rows of 2,000 referater). The checks
within a meeting ran on each referat's rows as it was read (:func:`checked`), and those across
meetings read the quota tables back as written (``run.across_meetings_written``).
``unparsed_lines`` is small (about 1 KB a referat), and its rows are ordered by file only (it
has no meeting), so streaming it would cost each file's cache entry read once more."""

IN_PARTS = (*STREAMED, STREAMED_FINDINGS)
"""The tables a build leaves in the rows cache (``leave``, :func:`extract_file`): the
:data:`STREAMED` ones and most findings (:func:`findings_apart`: a corpus of 4,000 generated
referater has 200,000 findings). They are written in one pass over the files, each file's
cache entry read once; a build writes the streamed findings into a file of their own, read
back as the findings table is written (``run.findings_table``) once the checks across meetings
have read the quota tables."""


def findings_apart(result: FileResult) -> tuple[list, list]:
    """A referat's findings and those of its checks (tuples), split into those a build holds
    and those it can stream: it holds the findings a corpus step reads
    (``transform.CORPUS_FINDINGS``) and any not of the referat's meeting and file (there are
    none today), so the streamed findings of one referat sort together, after those of the
    referat before it (``pipeline.load.part_order``)."""
    held, streamed = [], []
    for row in [*result.tables.get("findings", ()), *result.checked]:
        ours = row[_MEETING] == result.meeting_id and row[_FILE] == result.source_file
        (streamed if ours and row[_RULE] not in CORPUS_FINDINGS else held).append(row)
    return held, streamed


def _left(result: FileResult, key: str | None, leave: Sequence[str]) -> FileResult:
    """``result`` without the rows of the tables in ``leave`` when they are in the cache (see
    :data:`STREAMED_FINDINGS` for its findings)."""
    if STREAMED_FINDINGS in leave:
        held, streamed = findings_apart(result)
        tables = result.tables | {"findings": held, STREAMED_FINDINGS: streamed}
        result = replace(result, tables=tables, checked=[])
    if key is None or not leave:
        return result
    kept = {name: rows for name, rows in result.tables.items() if name not in leave}
    counts = {name: len(result.tables[name]) for name in leave if name in result.tables}
    return replace(result, tables=kept, cache_key=key, left_in_cache=counts)


def _problem(rule: str, source: str, message: str) -> FindingRow:
    return FindingRow("error", rule, None, source, None, message, stage="extract")


def _cache_key(path: Path, source: str) -> str:
    content = hashlib.sha256(path.read_bytes()).hexdigest()
    named = hashlib.sha256(source.encode()).hexdigest()[:16]
    return f"{content}-{named}-{code_version()}"


def _load(key: str) -> FileResult | None:
    """The cached result under ``key``, marked as just used (see :func:`prune_cache`)."""
    path = ROWS_CACHE / f"{key}.pickle"
    try:
        with open(path, "rb") as handle:
            result = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    with contextlib.suppress(OSError):  # a cache it may read but not write still serves
        os.utime(path)
    return result


def _store(key: str, result: FileResult) -> bool:
    """Keep ``result`` in the cache under ``key``; whether it could be kept."""
    try:
        ROWS_CACHE.mkdir(parents=True, exist_ok=True)
        partial = ROWS_CACHE / f"{key}.{os.getpid()}.part"
        with open(partial, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(ROWS_CACHE / f"{key}.pickle")
        return True
    except OSError:
        return False  # no cache: the next build reads the file again


PRUNE_AFTER = 3600.0
"""Seconds a cached result of another code version is kept after it was last written or read:
another checkout sharing the cache (``KKR_CACHE_DIR``) may be building with it right now, and
reads its streamed rows back from it at the end of its build."""


def prune_cache(now: float | None = None) -> int:
    """Remove the cached results of other code versions that no build has written or read for
    :data:`PRUNE_AFTER` seconds (no build of this code can use them); how many."""
    before = (time.time() if now is None else now) - PRUNE_AFTER
    stale = [p for p in ROWS_CACHE.glob("*.pickle")
             if not p.stem.endswith(f"-{code_version()}") and _last_used(p) < before]  # fmt: skip
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")  # gone already


class Reading:
    """Files being read by ``jobs`` worker processes, :func:`extract_file` of each path in
    path order (``leave`` as it takes it), from the moment it is made: ``kkr build`` makes it
    before it imports the rest of a build (pandas, Arrow, the processes that validate and
    load), so the workers read while that is imported (see docs/scaling.md).
    :func:`extract_files` takes its results when it reads the same files the same way. Closing
    it stops its workers, those files not read yet left unread."""

    def __init__(
        self, paths: Sequence[Path], raw_dir: Path, jobs: int, leave: Sequence[str] = ()
    ) -> None:
        self.asked = (tuple(paths), raw_dir, jobs, tuple(leave))
        large_blocks_mapped()  # in this process, so in the workers forked from it
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=collector_on)
        each = [raw_dir] * len(paths), [tuple(leave)] * len(paths)
        hand = hand_size(len(paths), jobs)
        self.results = self.pool.map(extract_file, paths, *each, chunksize=hand)

    def reads(self, paths: Sequence[Path], raw_dir: Path, jobs: int, leave: Sequence[str]) -> bool:
        """Whether it reads ``paths`` so (the same files, order, jobs and ``leave``)."""
        return self.asked == (tuple(paths), raw_dir, jobs, tuple(leave))

    def close(self) -> None:
        """Its workers stopped once they finish the files in hand (the others are not read)."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def hand_size(files: int, jobs: int) -> int:
    """How many files a worker is handed at a time: about eight hands a worker, at most
    :data:`CHUNK_FILES` files, at least one."""
    return max(1, min(files // (jobs * 8), CHUNK_FILES))


def start_reading(
    paths: Sequence[Path], raw_dir: Path, jobs: int, leave: Sequence[str] = ()
) -> Reading | None:
    """A :class:`Reading` of ``paths``; None when they are read in the process that asks for
    them (one job, or fewer than :data:`SERIAL_BELOW` files)."""
    if jobs <= 1 or len(paths) < SERIAL_BELOW:
        return None
    return Reading(paths, raw_dir, jobs, leave)


def extract_files(
    paths: Sequence[Path],
    raw_dir: Path,
    jobs: int,
    on_file: Callable[[str], None],
    leave: Sequence[str] = (),
    started: Reading | None = None,
) -> Iterator[FileResult | FindingRow]:
    """:func:`extract_file` of every path, in path order, over ``jobs`` processes: those of
    ``started`` when it reads these files so (else it is closed)."""
    if started is not None and not started.reads(paths, raw_dir, jobs, leave):
        started.close()
        started = None
    reading = started or start_reading(paths, raw_dir, jobs, leave)
    if reading is None:
        for path in paths:
            on_file(path.relative_to(raw_dir).as_posix())
            yield extract_file(path, raw_dir, leave)
        return
    with reading:  # its workers end with the last file, not with the build
        for path, result in zip(paths, reading.results, strict=True):
            on_file(path.relative_to(raw_dir).as_posix())
            yield result
