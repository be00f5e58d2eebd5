"""Load: the row order and the Arrow tables are those of the plain definitions (a row as a dict,
sorted by meeting, file and line, then every value as text; ``Table.from_pylist`` of the dicts),
computed without turning each row into a dict."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import load
from pipeline.load import (
    arrow_schema,
    duck,
    part_order,
    to_arrow,
    write_tables,
)
from pipeline.models import FindingRow, KommuneRow, MeetingRow, PersonRow
from pipeline.rows import packed, sort_key, sort_key_of, sorted_rows, values_of
from pipeline.run import TABLES


def reference_key(row: object) -> tuple:
    """The row order as first written: by way of ``dataclasses.asdict``."""
    values = dataclasses.asdict(row)
    head = tuple(values.get(k) or "" for k in ("meeting_id", "source_file"))
    return (*head, values.get("source_line") or 0, *(str(v) for v in values.values()))


def meeting(n: int, **changes) -> MeetingRow:
    day = dt.date(2021, 6, n)
    row = MeetingRow(f"nordjylland-{day}", "KKR Nordjylland", "Nordjylland", day, None,
                     "Aalborg", True, f"{n:03d}.txt", 10 - n, "ab")  # fmt: skip
    return dataclasses.replace(row, **changes)


ROWS = {
    "meetings": [meeting(3), meeting(1, location=None), meeting(2, source_line=0), meeting(1)],
    "findings": [
        FindingRow("warning", "b", None, None, None, "no file"),
        FindingRow("error", "a", "m-1", "x.txt", 7, "later line"),
        FindingRow("error", "a", "m-1", "x.txt", 3, "earlier line", source_page=2),
        FindingRow("info", "c", "", "", 0, "empty, sorts as none"),
    ],
    "persons": [  # no meeting, file or line: ordered by the values alone
        PersonRow("p-2", "Bo", None, "V", dt.date(2021, 1, 1), dt.date(2022, 1, 1)),
        PersonRow("p-1", "Al", 851, None, dt.date(2020, 1, 1), dt.date(2020, 1, 1)),
    ],
    "kommuner": [],
}


def test_the_sort_key_is_the_one_by_way_of_dicts():
    for rows in ROWS.values():
        for row in rows:
            values = values_of(type(row))(row)
            assert sort_key(row) == sort_key_of(type(row))(values) == reference_key(row)
        assert sorted(rows, key=sort_key) == sorted(rows, key=reference_key)


def test_arrow_tables_are_those_of_the_rows_as_dicts():
    for name, rows in ROWS.items():
        schema = arrow_schema(TABLES[name])
        expected = pa.Table.from_pylist([dataclasses.asdict(r) for r in rows], schema=schema)
        table = to_arrow(rows, TABLES[name])
        assert table.schema == schema and table.equals(expected)
        assert to_arrow(packed(rows), TABLES[name]).equals(expected)  # rows as tuples
    assert to_arrow([], KommuneRow).num_rows == 0


def test_written_files_are_sorted_by_meeting_file_and_line(tmp_path):
    paths = write_tables(ROWS, TABLES, tmp_path)
    findings = pq.read_table(paths["findings"]).to_pylist()
    assert [r["message"] for r in findings] == [
        "empty, sorts as none", "no file", "earlier line", "later line"
    ]  # fmt: skip
    meetings = pq.read_table(paths["meetings"]).to_pylist()
    assert [(r["meeting_id"][-2:], r["location"]) for r in meetings] == [
        ("01", "Aalborg"), ("01", None), ("02", "Aalborg"), ("03", "Aalborg")
    ]  # fmt: skip
    assert pq.read_table(paths["kommuner"]).schema == arrow_schema(KommuneRow)


@dataclasses.dataclass(frozen=True)
class Part:
    """A referat's rows, as ``perfile.FileResult`` gives them for a table written in parts."""

    meeting_id: str | None
    source_file: str
    rows: tuple


@dataclasses.dataclass(frozen=True)
class Parts:
    """A table in parts (``load.InParts``), in the order given."""

    of: tuple[Part, ...]

    def parts(self):
        return (list(p.rows) for p in self.of)

    def __iter__(self):
        return (row for p in self.of for row in p.rows)


def finding(meeting_id: str | None, source_file: str, line: int) -> FindingRow:
    return FindingRow("info", "r", meeting_id, source_file, line, f"{source_file}:{line}")


PARTS = (
    Part("m-2", "a.txt", (finding("m-2", "a.txt", 9), finding("m-2", "a.txt", 2))),
    Part(None, "c.txt", (finding(None, "c.txt", 1),)),
    Part("m-1", "b.txt", tuple(finding("m-1", "b.txt", n) for n in (5, 4, 6))),
    Part("m-1", "d.txt", ()),
)


def test_a_table_in_parts_is_written_as_the_same_table_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "ROW_GROUP", 2)
    for name in ("whole", "parts"):
        (tmp_path / name).mkdir()
    whole = write_tables({"findings": list(Parts(PARTS))}, TABLES, tmp_path / "whole")
    ordered = Parts(tuple(sorted(PARTS, key=part_order(FindingRow))))
    assert [p.source_file for p in ordered.of] == ["c.txt", "b.txt", "d.txt", "a.txt"]
    parted = write_tables({"findings": ordered}, TABLES, tmp_path / "parts")
    expected = pq.read_table(whole["findings"])
    assert [r["message"] for r in expected.to_pylist()] == [
        "c.txt:1", "b.txt:4", "b.txt:5", "b.txt:6", "a.txt:2", "a.txt:9"
    ]  # fmt: skip
    assert pq.read_table(parted["findings"]).equals(expected)
    assert pq.read_metadata(parted["findings"]).num_row_groups == 2  # c+b (4 rows), then a


def test_parts_out_of_order_are_written_sorted_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "ROW_GROUP", 2)
    for name in ("whole", "parts"):
        (tmp_path / name).mkdir()
    whole = write_tables({"findings": list(Parts(PARTS))}, TABLES, tmp_path / "whole")
    parted = write_tables({"findings": Parts(PARTS)}, TABLES, tmp_path / "parts")
    assert pq.read_table(parted["findings"]).equals(pq.read_table(whole["findings"]))


def test_no_parts_or_empty_parts_make_a_typed_empty_table(tmp_path):
    for parts in ((), (Part("m", "x.txt", ()),)):
        path = write_tables({"findings": Parts(parts)}, TABLES, tmp_path)["findings"]
        table = pq.read_table(path)
        assert table.num_rows == 0 and table.schema == arrow_schema(FindingRow)


def test_a_table_without_meetings_has_its_parts_in_file_order():
    from pipeline.models import UnparsedLineRow

    assert part_order(UnparsedLineRow)(PARTS[0]) == ("", "a.txt")
    assert part_order(FindingRow)(PARTS[1]) == ("", "c.txt")


def test_arrow_allocates_from_the_system_unless_told_otherwise():
    import os
    import subprocess
    import sys

    code = "import pipeline.load, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    for chosen, expected in ((None, "system"), ("mimalloc", "mimalloc")):
        run_env = env if chosen is None else {**env, "ARROW_DEFAULT_MEMORY_POOL": chosen}
        done = subprocess.run([sys.executable, "-c", code], env=run_env, capture_output=True,
                              text=True, check=True)  # fmt: skip
        assert done.stdout.strip() == expected


_FEW = st.sampled_from(["", "a", "b"])
_FINDINGS = st.builds(
    FindingRow,
    _FEW, _FEW, st.none() | _FEW, st.none() | _FEW, st.none() | st.integers(0, 3),
    st.sampled_from(["x", "y", "z"]), _FEW, st.none() | st.integers(1, 2),
)  # fmt: skip
"""Findings with few distinct values, so that many share a head (meeting, file, line)."""


@settings(max_examples=300, deadline=None)
@given(st.lists(_FINDINGS, max_size=40))
def test_sorted_rows_sorts_by_the_whole_key(rows):
    """Sorting by the head, then ties by the whole key, is the order of the whole key."""
    assert sorted_rows(rows, FindingRow) == packed(sorted(rows, key=sort_key))


def test_tables_are_loaded_into_the_database_all_or_none(tmp_path):
    """The tables go into DuckDB in one transaction: when one fails to load, none is left."""
    write_tables({"meetings": []}, TABLES, tmp_path)
    (tmp_path / "persons.parquet").write_text("not parquet")
    with duck.connect(tmp_path / "kkr.duckdb") as con, pytest.raises(duckdb.Error):
        duck._load_tables(con, tmp_path, ["meetings", "persons"])
    with duck.connect(tmp_path / "kkr.duckdb") as con:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (0,)
    with duck.connect(tmp_path / "kkr.duckdb") as con:
        duck._load_tables(con, tmp_path, ["meetings"])
        assert con.execute("select table_name from information_schema.tables").fetchall() == [
            ("meetings",)
        ]
