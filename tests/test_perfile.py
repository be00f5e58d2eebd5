"""A file's result leaves the rows of the tables it is told to in the rows cache: they are read
back, the same rows, when their table is written; without a cache they stay in the result."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from pipeline import perfile, run
from pipeline.errors import InputError
from pipeline.load import write_tables
from pipeline.models import FindingRow
from pipeline.perfile import FileResult, RowsByFile, extract_file
from pipeline.rows import field_names, sorted_rows, unpacked
from pipeline.transform import TABLES
from pipeline.validate.checks import CHECKED_TABLES, meeting_findings
from tests.conftest import SEEDS

LEAVE = ("agenda_items", "unparsed_lines")


def test_rows_left_in_the_cache_are_the_rows_of_the_whole_result(seeds_copy):
    for seed in SEEDS:
        whole = extract_file(seeds_copy / seed, seeds_copy)
        light = extract_file(seeds_copy / seed, seeds_copy, LEAVE)
        assert isinstance(whole, FileResult) and isinstance(light, FileResult)
        assert set(whole.tables) - set(light.tables) == set(LEAVE)
        assert light.cache_key and not whole.left_in_cache
        for name in whole.tables:
            assert light.rows(name) == whole.rows(name)
            assert light.count(name) == whole.count(name) == len(whole.tables[name])
    assert light.count("agenda_items") > 0


def test_without_a_cache_the_rows_stay_in_the_result(seeds_copy, monkeypatch):
    monkeypatch.setattr(perfile, "_store", lambda key, result: False)
    light = extract_file(seeds_copy / SEEDS[0], seeds_copy, LEAVE)
    assert light.cache_key is None and not light.left_in_cache
    assert len(light.tables["agenda_items"]) == light.count("agenda_items") > 0


def test_rows_by_file_are_each_files_rows_in_turn(seeds_copy):
    results = [extract_file(seeds_copy / seed, seeds_copy, LEAVE) for seed in SEEDS]
    table = RowsByFile("agenda_items", tuple(results))
    assert list(table) == [row for r in results for row in r.rows("agenda_items")]
    assert len(table) == len(list(table)) == sum(r.count("agenda_items") for r in results)


def test_rows_gone_from_the_cache_are_a_one_line_error(seeds_copy):
    light = extract_file(seeds_copy / SEEDS[0], seeds_copy, LEAVE)
    shutil.rmtree(perfile.ROWS_CACHE)
    with pytest.raises(InputError, match=rf"^{SEEDS[0]}: its rows left the cache .*build again$"):
        light.rows("agenda_items")
    assert light.rows("meetings")  # carried in the result


def test_a_cache_that_cannot_be_marked_as_used_still_serves(seeds_copy, monkeypatch):
    """Reading a result marks its entry as used (``prune_cache`` spares it); where the mark
    cannot be made (a cache one may read but not write), the result is read all the same."""
    light = extract_file(seeds_copy / SEEDS[0], seeds_copy, LEAVE)

    def refused(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(perfile.os, "utime", refused)
    assert extract_file(seeds_copy / SEEDS[0], seeds_copy, LEAVE) == light
    assert light.rows("agenda_items") == extract_file(seeds_copy / SEEDS[0], seeds_copy).rows(
        "agenda_items"
    )


@pytest.mark.parametrize("cached", [True, False])
def test_merged_streams_hold_no_merged_rows(seeds_copy, monkeypatch, cached):
    """``run.merged`` keeps the files' results for the streamed tables, holding only those
    tables' rows (none with a cache, all without): the other rows are held once, merged."""
    if not cached:
        monkeypatch.setattr(perfile, "_store", lambda key, result: False)
    results = [extract_file(seeds_copy / seed, seeds_copy, run.STREAMED) for seed in SEEDS]
    tables = run.merged(results)
    for name in run.STREAMED:
        held = tables[name].results
        assert all(set(r.tables) == (set() if cached else set(run.STREAMED)) for r in held)
        assert sorted(tables[name], key=repr) == sorted(
            (row for r in results for row in r.rows(name)), key=repr
        )
    assert len(tables["attendance"]) == sum(len(r.tables["attendance"]) for r in results) > 0


def test_the_streamed_tables_read_each_files_cache_entry_once(seeds_copy, monkeypatch):
    """The :data:`run.STREAMED` tables are written in one pass: a file's cache entry is read
    once for all of them, not once per table."""
    results = [extract_file(seeds_copy / seed, seeds_copy, run.STREAMED) for seed in SEEDS]
    tables = run.merged(results)
    reads = []
    load = perfile._load
    monkeypatch.setattr(perfile, "_load", lambda key: reads.append(key) or load(key))
    out = seeds_copy.parent / "out"
    out.mkdir()
    write_tables({n: tables[n] for n in run.STREAMED}, TABLES, out)
    assert sorted(reads) == sorted(r.cache_key for r in results)
    for name in run.STREAMED:
        written = pq.read_table(out / f"{name}.parquet").num_rows
        assert written == len(tables[name]) == sum(len(r.rows(name)) for r in results)
    assert pq.read_table(out / "budgets.parquet").num_rows > 0


def test_the_checks_within_a_meeting_run_on_each_referat_as_on_all_together(seeds_copy):
    """``perfile.checked`` on each referat gives what the checks within a meeting find on
    every referat's rows together (as ``kkr validate`` runs them), findings and all."""
    results = [extract_file(seeds_copy / seed, seeds_copy) for seed in SEEDS]
    together = {n: sorted_rows([row for r in results for row in r.rows(n)], TABLES[n])
                for n in CHECKED_TABLES}  # fmt: skip
    whole = meeting_findings({n: unpacked(TABLES[n], rows) for n, rows in together.items()})
    each = unpacked(FindingRow, [row for r in results for row in r.checked])
    assert sorted(each, key=repr) == sorted(whole, key=repr)
    assert {f.rule for f in each} == {"rounded_amount_truncated"}


def test_results_shared_through_one_pool_keep_their_rows_and_hold_a_value_once(seeds_copy):
    results = [extract_file(seeds_copy / seed, seeds_copy, LEAVE) for seed in SEEDS]
    pool: dict = {}
    each = [r.shared(pool) for r in results]
    for before, after in zip(results, each, strict=True):
        assert after.tables == before.tables and after.checked == before.checked
    at = field_names(TABLES["attendance"]).index("name")
    names = [row[at] for r in each for row in r.tables["attendance"]]
    repeated = [n for n in set(names) if names.count(n) > 1]
    assert repeated and all(pool[n] is n for n in repeated)
    assert len({id(n) for n in names}) == len(set(names))


def _copies(folder, n: int = perfile.SERIAL_BELOW + 1) -> list:
    """``n`` referater: the seeds again and again, each under another name."""
    paths = []
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        paths.append(folder / f"{i:02d}_{seed}")
        shutil.copy(folder / seed, paths[-1])
    return sorted(paths)


def _read(paths, raw, jobs, started=None) -> tuple[list, list]:
    names: list[str] = []
    results = list(perfile.extract_files(paths, raw, jobs, names.append, LEAVE, started))
    return [(r.source_file, r.tables, r.coverage, r.checked) for r in results], names


def _stopped(reading: perfile.Reading) -> bool:
    try:
        reading.pool.submit(int)
    except RuntimeError:  # "cannot schedule new futures after shutdown"
        return True
    return False


def test_a_reading_started_before_gives_what_reading_then_gives(seeds_copy):
    paths = _copies(seeds_copy)
    serial, names = _read(paths, seeds_copy, 1)
    started = perfile.start_reading(paths, seeds_copy, 2, LEAVE)
    assert started is not None and started.reads(paths, seeds_copy, 2, LEAVE)
    assert _read(paths, seeds_copy, 2, started) == (serial, names)
    assert names == [p.name for p in paths]
    assert _stopped(started)  # its workers end with the last file


def test_a_reading_of_other_files_is_stopped_and_the_files_read_anew(seeds_copy):
    paths = _copies(seeds_copy)
    serial = _read(paths, seeds_copy, 1)
    for other in (paths[:-1], paths[::-1]):
        started = perfile.start_reading(other, seeds_copy, 2, LEAVE)
        assert not started.reads(paths, seeds_copy, 2, LEAVE)
        assert _read(paths, seeds_copy, 2, started) == serial
        assert _stopped(started)
    started = perfile.start_reading(paths, seeds_copy, 2, ())  # other tables left in the cache
    assert _read(paths, seeds_copy, 2, started) == serial
    assert _stopped(started)


def test_one_job_or_a_few_files_are_read_here(seeds_copy):
    paths = _copies(seeds_copy)
    assert perfile.start_reading(paths, seeds_copy, 1) is None
    assert perfile.start_reading(paths[: perfile.SERIAL_BELOW - 1], seeds_copy, 4) is None


@pytest.mark.parametrize(
    ("files", "jobs", "hand"),
    [(8, 2, 1), (20, 2, 1), (100, 4, 3), (200, 2, 8), (4_000, 2, 8), (4_000, 64, 7)],
)
def test_a_worker_is_handed_a_few_files_at_a_time(files, jobs, hand):
    assert perfile.hand_size(files, jobs) == hand
