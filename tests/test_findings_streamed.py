"""A build holds few findings: most wait in the rows cache (``perfile.findings_apart``) and are
merged, in order, with those it holds as the findings table is written (``run.findings_table``,
``load.WithHeld``); ``findings.md`` and the tallies are made from the written table. The
findings, their order, the report and the counts are those of holding every finding."""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import perfile, run
from pipeline.constants import SEVERITIES
from pipeline.load import (
    WithHeld,
    WrittenParts,
    batch_rows,
    read_table,
    to_arrow,
    write_tables,
)
from pipeline.models import FindingRow
from pipeline.perfile import STREAMED_FINDINGS, extract_file, findings_apart
from pipeline.report import render_markdown, report_order, table_lines
from pipeline.rows import packed, sorted_rows
from pipeline.transform import CORPUS_FINDINGS
from tests.conftest import SEEDS


def test_a_referats_findings_and_checks_are_held_or_streamed(seeds_copy: Path) -> None:
    counts = {}
    for seed in SEEDS:
        whole = extract_file(seeds_copy / seed, seeds_copy)
        held, streamed = findings_apart(whole)
        counts[seed] = (len(held), len(streamed), len(whole.checked))
        assert Counter(held + streamed) == Counter(whole.tables["findings"] + whole.checked)
        assert all(FindingRow(*row).rule in CORPUS_FINDINGS for row in held)
        assert all(
            (FindingRow(*row).meeting_id, FindingRow(*row).source_file)
            == (whole.meeting_id, whole.source_file)
            for row in streamed
        )
    assert list(counts.values()) == [(0, 3, 0), (2, 3, 1), (0, 2, 0)]  # 002: a departure


def test_the_streamed_findings_wait_in_the_cache(seeds_copy: Path) -> None:
    whole = extract_file(seeds_copy / SEEDS[1], seeds_copy)
    light = extract_file(seeds_copy / SEEDS[1], seeds_copy, (STREAMED_FINDINGS,))
    held, streamed = findings_apart(whole)
    assert light.tables["findings"] == held and light.checked == []
    assert STREAMED_FINDINGS not in light.tables
    assert light.rows(STREAMED_FINDINGS) == streamed
    assert light.count(STREAMED_FINDINGS) == len(streamed) > 0


def test_without_a_cache_the_streamed_findings_stay_in_the_result(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(perfile, "_store", lambda key, result: False)
    light = extract_file(seeds_copy / SEEDS[1], seeds_copy, (STREAMED_FINDINGS,))
    held, streamed = findings_apart(extract_file(seeds_copy / SEEDS[1], seeds_copy))
    assert light.tables["findings"] == held
    assert light.rows(STREAMED_FINDINGS) == light.tables[STREAMED_FINDINGS] == streamed


def _written_findings(seeds_copy: Path, out: Path, checks: bool = True) -> list[tuple]:
    tables, _ = run.extract_and_transform(seeds_copy)
    out.mkdir()
    write_tables({"findings": run.findings_table(tables, checks=checks)}, run.TABLES, out)
    return [tuple(row.values()) for row in pq.read_table(out / "findings.parquet").to_pylist()]


def test_the_findings_table_is_every_finding_in_order(seeds_copy: Path, tmp_path: Path) -> None:
    """Against holding every finding: each referat's findings and checks from its whole result,
    with the corpus step's (those :func:`run.findings_table` is given held)."""
    tables, _ = run.extract_and_transform(seeds_copy)
    files = [extract_file(seeds_copy / seed, seeds_copy) for seed in SEEDS]
    per_file = [row for r in files for row in (*r.tables["findings"], *r.checked)]
    made_here = [f for f in tables["findings"] if packed([f])[0] not in set(per_file)]
    expected = sorted_rows([*per_file, *made_here], FindingRow)
    assert list(run.findings_table(tables)) == expected
    assert _written_findings(seeds_copy, tmp_path / "a") == expected
    unchecked = [row for row in expected if FindingRow(*row).stage != "validate"]
    assert _written_findings(seeds_copy, tmp_path / "b", checks=False) == unchecked
    assert len(unchecked) < len(expected)


def test_a_build_without_a_cache_writes_the_same_findings(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed = _written_findings(seeds_copy, tmp_path / "streamed")
    monkeypatch.setattr(perfile, "_store", lambda key, result: False)
    assert _written_findings(seeds_copy, tmp_path / "held") == streamed


class _Parts:
    def __init__(self, parts: list[list[tuple]]) -> None:
        self._parts = parts

    def parts(self):
        return iter(self._parts)

    def __iter__(self):
        return (row for part in self._parts for row in part)


_FILES = [("m1", "a.txt"), ("m1", "b.txt"), ("m2", "c.txt"), ("m3", "d.txt")]
_TEXT = st.sampled_from(["x", "y", "z"])
_LINE = st.one_of(st.none(), st.integers(0, 4))


def _finding(draw, meeting: str | None, source: str | None) -> tuple:
    return (draw(st.sampled_from(SEVERITIES)), draw(_TEXT), meeting, source, draw(_LINE),
            draw(_TEXT), draw(st.sampled_from(["transform", "validate"])), draw(_LINE))  # fmt: skip


@st.composite
def _split_findings(draw) -> tuple[list[tuple], list[list[tuple]]]:
    """Held findings of any meeting and file (or none), and one part per file of that file's."""
    parts = [[_finding(draw, *key) for _ in range(draw(st.integers(0, 3)))] for key in _FILES]
    where = st.sampled_from([*_FILES, (None, None), ("m2", None), (None, "a.txt")])
    held = [_finding(draw, *draw(where)) for _ in range(draw(st.integers(0, 8)))]
    return held, parts


@settings(max_examples=200, deadline=None)
@given(_split_findings())
def test_held_rows_are_merged_into_the_parts_in_order(split) -> None:
    held, parts = split
    merged = WithHeld(FindingRow, held, _Parts(parts))
    assert [row for part in merged.parts() for row in part] == sorted_rows(
        [*held, *(row for part in parts for row in part)], FindingRow
    )
    kept = WithHeld(FindingRow, held, _Parts(parts), keep=lambda row: row[6] != "validate")
    assert list(kept) == [row for row in merged if row[6] != "validate"]
    ordered = _Parts([sorted_rows(part, FindingRow) for part in parts])
    ordered.sorted_parts = True  # as load.WrittenParts: taken as they come
    assert list(WithHeld(FindingRow, held, ordered)) == list(merged)


def test_written_parts_read_back_a_written_table_in_order(tmp_path: Path) -> None:
    rows = [("warning", "r", f"m{n % 3}", "a.txt", n, "x", "validate", None) for n in range(25)]
    write_tables({"findings": rows}, run.TABLES, tmp_path)
    parts = list(WrittenParts(tmp_path / "findings.parquet", rows=10).parts())
    assert [len(part) for part in parts] == [10, 10, 5]
    assert [row for part in parts for row in part] == sorted_rows(rows, FindingRow)
    odd = WrittenParts(tmp_path / "findings.parquet", rows=10, keep=lambda row: row[4] % 2 == 1)
    in_order = sorted_rows(rows, FindingRow)
    batches = [in_order[n : n + 10] for n in (0, 10, 20)]
    assert list(odd.parts()) == [[row for row in b if row[4] % 2 == 1] for b in batches]


def test_validate_replaces_its_findings_reading_the_earlier_ones_a_batch_at_a_time(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kkr validate`` writes the earlier findings but those of the checks (stage
    ``validate``), read back 3 rows at a time, with this run's merged in where they sort: the
    rows and order of holding them all."""
    out = tmp_path / "out"
    run.build(seeds_copy, out)
    before = pq.read_table(out / "findings.parquet").to_pylist()
    earlier = [FindingRow(*row.values()) for row in before]
    assert 0 < sum(f.stage == "validate" for f in earlier) < len(earlier)
    last = max(earlier, key=lambda f: (f.meeting_id or "", f.source_file or ""))
    failed = functools.partial(FindingRow, "error", "expectation_failed", stage="validate")
    failures = [
        failed(None, None, None, "a suite failed as a whole"),
        failed(last.meeting_id, last.source_file, 1, "among the last referat's"),
        failed("zz", "zz.txt", 9, "after every referat"),
    ]
    monkeypatch.setattr(run, "validate_tables", lambda folder, docs: ([], failures))
    monkeypatch.setattr(run, "WrittenParts", functools.partial(WrittenParts, rows=3))
    report = run.validate_out_dir(out)
    kept = [f for f in earlier if f.stage != "validate"] + failures
    written = pq.read_table(out / "findings.parquet").to_pylist()
    assert [tuple(row.values()) for row in written] == sorted_rows(kept, FindingRow)
    assert (report.rows["findings"], report.errors) == (len(kept), run.finding_tallies(kept)[2])


def _report_tie_order(finding: FindingRow) -> tuple:
    """The order :func:`report.report_order` gives rows the report's order leaves alike."""
    return (finding.meeting_id is not None, finding.meeting_id or "", finding.stage,
            finding.source_page is not None, finding.source_page or 0)  # fmt: skip


@st.composite
def _findings(draw) -> list[FindingRow]:
    where = st.sampled_from([*_FILES, (None, None), ("m2", None), (None, "a.txt"), ("m9", "a.txt")])
    return [FindingRow(*_finding(draw, *draw(where))) for _ in range(draw(st.integers(0, 30)))]


@settings(max_examples=100, deadline=None)
@given(_findings())
def test_the_report_of_a_written_table_is_the_report_of_its_rows(
    tmp_path_factory: pytest.TempPathFactory, findings: list[FindingRow]
) -> None:
    folder = tmp_path_factory.mktemp("findings")
    pq.write_table(to_arrow(findings, FindingRow), folder / "findings.parquet")
    text = run.write_report(folder, folder).read_text("utf-8")
    assert text == render_markdown(sorted(findings, key=_report_tie_order)) + "\n"
    table = pq.read_table(folder / "findings.parquet", columns=run.TALLIED)
    assert run.finding_tallies(table) == run.finding_tallies(findings)


@settings(max_examples=50, deadline=None)
@given(_findings(), st.integers(1, 7))
def test_a_compact_read_gives_the_same_report_order_and_tallies(
    tmp_path_factory: pytest.TempPathFactory, findings: list[FindingRow], group: int
) -> None:
    """Text dictionary-encoded, a dictionary per row group (``group`` rows each): the same
    values, the same report order (sorted by rank within each column's distinct values) and
    the same counts as the text read plainly."""
    folder = tmp_path_factory.mktemp("compact")
    table = to_arrow(findings, FindingRow)
    pq.write_table(table, folder / "findings.parquet", row_group_size=group)
    plain, compact = read_table(folder, "findings"), read_table(folder, "findings", compact=True)
    assert compact.column("message").type == pa.dictionary(pa.int32(), pa.string())
    assert compact.num_rows == len(findings) and compact.column("message").num_chunks <= 1
    assert batch_rows(compact) == batch_rows(plain) == packed(findings)
    assert report_order(compact).equals(report_order(plain))
    assert list(table_lines(compact)) == list(table_lines(plain))
    assert run.finding_tallies(compact) == run.finding_tallies(findings)


def test_a_builds_report_and_tallies_are_those_of_its_findings(
    seeds_copy: Path, tmp_path: Path
) -> None:
    report = run.build(seeds_copy, tmp_path / "out")
    written = pq.read_table(tmp_path / "out" / "findings.parquet").to_pylist()
    findings = [FindingRow(*row.values()) for row in written]
    text = render_markdown(sorted(findings, key=_report_tie_order)) + "\n"
    assert (tmp_path / "out" / "findings.md").read_text("utf-8") == text
    tallies = run.finding_tallies(findings)
    assert (report.rows["findings"], report.findings, report.errors) == tallies
    assert report.findings["warning"] > 0
    written = {path.stem for path in (tmp_path / "out" / "current").glob("*.parquet")}
    assert written == set(run.TABLES)  # not the streamed findings' file of their own
