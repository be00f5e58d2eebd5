"""The Great Expectations suites in ``expectations/`` and :mod:`pipeline.validate.expectations`.

Small inline tables: good rows pass every expectation; each kind of bad value is caught and the
failing rows are named by ``source_file:source_line``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import constants
from pipeline.errors import SuiteError
from pipeline.models import (
    AgendaItemRow,
    AttendanceRow,
    FindingRow,
    KommuneRow,
    MeetingRow,
    ValidationResultRow,
)
from pipeline.validate.expectations import load_suite, name_rows, run_suites
from tests.validate.helpers import (
    MID,
    NOT_NULL,
    PARAMS,
    SUITES,
    check_suite_loads,
    failures,
    frame,
    only,
    run,
    suite_json,
)

TABLES = ("agenda_items", "attendance", "findings", "kommuner", "meetings")
DATE = dt.date(2021, 6, 11)


# --------------------------------------------------------------------------- good tables


def meeting(**changes) -> MeetingRow:
    row = MeetingRow(
        MID,
        "KKR Nordjylland",
        "Nordjylland",
        DATE,
        "10:00",
        "Aalborg",
        True,
        "nj.txt",
        1,
        "ab" * 32,
    )
    return dataclasses.replace(row, **changes)


def item(item_no: str, line: int, **changes) -> AgendaItemRow:
    row = AgendaItemRow(
        MID,
        item_no,
        f"Punkt {item_no}",
        None,
        None,
        None,
        "b",
        "i",
        "s",
        "d",
        "nj.txt",
        line,
        line + 5,
    )
    return dataclasses.replace(row, **changes)


def person(name: str, line: int, **changes) -> AttendanceRow:
    row = AttendanceRow(
        MID,
        DATE,
        "Nordjylland",
        name,
        f"p{abs(hash(name)) % 10**10:010x}",
        "A",
        "Aalborg",
        101,
        None,
        "present",
        None,
        None,
        "nj.txt",
        line,
    )
    return dataclasses.replace(row, **changes)


def kommune(i: int) -> KommuneRow:
    region = constants.REGIONS[i % 5]
    return KommuneRow(
        101 + i,
        f"K{i}",
        f"K{i} Kommune",
        region,
        constants.REGION_CODES[region],
        "kommuner.csv",
        i + 2,
    )


def finding(**changes) -> FindingRow:
    row = FindingRow("warning", "kommune-misspelt", MID, "nj.txt", 7, "Ålborg read as Aalborg")
    return dataclasses.replace(row, **changes)


def meetings(*rows: MeetingRow) -> pd.DataFrame:
    return frame(MeetingRow, list(rows) or [meeting()])


def agenda(*rows: AgendaItemRow) -> pd.DataFrame:
    return frame(AgendaItemRow, list(rows) or [item("1", 10), item("2", 20), item("2.1", 30)])


def attendance(*rows: AttendanceRow) -> pd.DataFrame:
    default = [person("Anna", 3), person("Bo", 4, party=None, kommune_code=None)]
    return frame(AttendanceRow, list(rows) or default, ("kommune_code",))


def kommuner(n: int = 98) -> pd.DataFrame:
    return frame(KommuneRow, [kommune(i) for i in range(n)])


def findings(*rows: FindingRow) -> pd.DataFrame:
    default = [finding(), finding(severity="info", meeting_id=None, source_line=None)]
    return frame(FindingRow, list(rows) or default, ("source_line",))


def good_tables() -> dict[str, pd.DataFrame]:
    return {
        "agenda_items": agenda(),
        "attendance": attendance(),
        "findings": findings(),
        "kommuner": kommuner(),
        "meetings": meetings(),
    }


@pytest.fixture(scope="module")
def good_rows() -> list[ValidationResultRow]:
    return run_suites(good_tables(), SUITES, PARAMS)


# --------------------------------------------------------------------------- the JSON files


def value_set(name: str, column: str, key: str = "value_set") -> list:
    """The ``key`` kwarg of the in-set expectation on ``column`` in suite ``name``."""
    (kwargs,) = [
        e["kwargs"]
        for e in suite_json(name)["expectations"]
        if key in e["kwargs"] and column in (e["kwargs"].get("column"), e["kwargs"].get("column_A"))
    ]
    return kwargs[key]


@pytest.mark.parametrize(
    ("suite", "column", "expected"),
    [
        ("attendance", "status", constants.ATTENDANCE_STATUS),
        ("attendance", "party", constants.PARTY_LETTERS),
        ("attendance", "role", tuple(constants.ROLES)),
        ("attendance", "region", constants.REGIONS),
        ("meetings", "region", constants.REGIONS),
        ("kommuner", "region", constants.REGIONS),
        ("kommuner", "region_code", tuple(constants.REGION_CODES.values())),
        ("findings", "severity", constants.SEVERITIES),
        ("findings", "stage", constants.STAGES),
        ("flygtningefordeling", "level", constants.LEVELS),
        ("flygtningefordeling", "region", constants.REGIONS),
        ("flygtningefordeling", "area", (constants.NATIONAL_AREA,)),
        ("sosu_laerepladser", "level", constants.LEVELS),
        ("sosu_laerepladser", "education", tuple(constants.EDUCATIONS)),
        ("sosu_laerepladser", "region", constants.REGIONS),
        ("sosu_laerepladser", "area", (constants.NATIONAL_AREA,)),
        ("budgets", "measure", tuple(constants.MEASURES)),
        ("budgets", "basis", constants.BASES),
        ("unparsed_lines", "block", constants.BLOCKS),
    ],
)
def test_json_value_sets_equal_constants(suite: str, column: str, expected: tuple) -> None:
    values = value_set(suite, column)
    assert sorted(values) == sorted(expected)
    assert len(values) == len(set(values))


def test_json_region_code_pairs_equal_constants() -> None:
    pairs = value_set("kommuner", "region", key="value_pairs_set")
    assert sorted(map(tuple, pairs)) == sorted(constants.REGION_CODES.items())


@pytest.mark.parametrize("suite", ["attendance", "flygtningefordeling", "sosu_laerepladser"])
def test_kommune_codes_come_from_a_parameter(suite: str) -> None:
    assert value_set(suite, "kommune_code") == {"$PARAMETER": "kommune_codes"}


@pytest.mark.parametrize("name", TABLES)
def test_every_suite_loads_with_every_expectation(name: str) -> None:
    check_suite_loads(name)


def test_suite_ids_are_stable() -> None:
    first = [e.id for e in load_suite(SUITES / "meetings.json").expectations]
    second = [e.id for e in load_suite(SUITES / "meetings.json").expectations]
    assert first == second
    assert len(set(first)) == len(first)


# --------------------------------------------------------------------------- good rows pass


def test_good_tables_pass_everything(good_rows: list[ValidationResultRow]) -> None:
    assert failures(good_rows) == []
    assert all(r.unexpected_rows is None for r in good_rows)


def test_one_row_per_expectation_ordered_by_suite_then_file(good_rows) -> None:
    expected = [(n, e["type"]) for n in TABLES for e in suite_json(n)["expectations"]]
    assert [(r.suite, r.expectation) for r in good_rows] == expected


def test_row_fields(good_rows: list[ValidationResultRow]) -> None:
    row = only(good_rows, "expect_compound_columns_to_be_unique", "meeting_id,item_no")
    assert row == ValidationResultRow(
        suite="agenda_items",
        expectation="expect_compound_columns_to_be_unique",
        column="meeting_id,item_no",
        kwargs='{"column_list":["meeting_id","item_no"]}',
        success=True,
        element_count=3,
        unexpected_count=0,
        unexpected_rows=None,
    )
    codes = only(good_rows, "expect_column_values_to_be_in_set", "kommune_code")
    assert codes.kwargs == '{"value_set":{"$PARAMETER":"kommune_codes"}}'
    assert (codes.element_count, codes.unexpected_count) == (2, 0)
    count = only(good_rows, "expect_table_row_count_to_equal", None)
    assert (count.kwargs, count.element_count, count.success) == ('{"value":98}', None, True)


def test_same_input_gives_identical_rows(good_rows: list[ValidationResultRow]) -> None:
    assert run_suites(good_tables(), SUITES, PARAMS) == good_rows


def test_suites_of_absent_tables_are_skipped() -> None:
    rows = run("meetings", meetings())
    assert {r.suite for r in rows} == {"meetings"}
    assert len(rows) == len(suite_json("meetings")["expectations"])


def test_gx_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    run_suites(good_tables(), SUITES, PARAMS)
    assert capfd.readouterr() == ("", "")


# --------------------------------------------------------------------------- bad rows fail


def test_duplicate_meeting_id() -> None:
    rows = run("meetings", meetings(meeting(), meeting(source_file="nj2.txt", source_line=4)))
    assert failures(rows) == [("expect_column_values_to_be_unique", "meeting_id")]
    row = only(rows, "expect_column_values_to_be_unique", "meeting_id")
    assert (row.element_count, row.unexpected_count) == (2, 2)
    assert row.unexpected_rows == "nj.txt:1; nj2.txt:4"


def test_duplicate_agenda_item_key() -> None:
    rows = run("agenda_items", agenda(item("1", 10), item("3", 20), item("3", 40)))
    assert failures(rows) == [("expect_compound_columns_to_be_unique", "meeting_id,item_no")]
    row = only(rows, "expect_compound_columns_to_be_unique", "meeting_id,item_no")
    assert row.unexpected_rows == "nj.txt:20; nj.txt:40"


def test_duplicate_attendance_key_but_same_name_with_other_status_is_fine() -> None:
    rows = run("attendance", attendance(person("Anna", 3), person("Anna", 9, status="absent")))
    assert failures(rows) == []
    rows = run("attendance", attendance(person("Anna", 3), person("Anna", 9)))
    assert failures(rows) == [("expect_compound_columns_to_be_unique", "meeting_id,name,status")]
    assert rows[3].unexpected_rows == "nj.txt:3; nj.txt:9"


def test_null_key() -> None:
    rows = run("agenda_items", agenda(item("1", 10), item(None, 20)))
    assert failures(rows) == [("expect_column_values_to_not_be_null", "item_no")]
    assert only(rows, "expect_column_values_to_not_be_null", "item_no").unexpected_rows == (
        "nj.txt:20"
    )


def test_bad_status() -> None:
    rows = run("attendance", attendance(person("Anna", 3), person("Bo", 4, status="afbud")))
    assert failures(rows) == [("expect_column_values_to_be_in_set", "status")]
    row = only(rows, "expect_column_values_to_be_in_set", "status")
    assert (row.unexpected_count, row.unexpected_rows) == (1, "nj.txt:4")


def test_bad_party_fails_and_null_party_passes() -> None:
    rows = run("attendance", attendance(person("Anna", 3, party=None), person("Bo", 4, party="SF")))
    assert failures(rows) == [("expect_column_values_to_be_in_set", "party")]
    row = only(rows, "expect_column_values_to_be_in_set", "party")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:4")


def test_bad_region() -> None:
    rows = run("meetings", meetings(meeting(region="Fyn")))
    assert failures(rows) == [("expect_column_values_to_be_in_set", "region")]


def test_kommune_code_not_in_parameter_set() -> None:
    table = attendance(person("Anna", 3), person("Bo", 4, kommune_code=None))
    assert failures(run("attendance", table, {"kommune_codes": [101]})) == []
    rows = run("attendance", table, {"kommune_codes": [147, 851]})
    assert failures(rows) == [("expect_column_values_to_be_in_set", "kommune_code")]
    row = only(rows, "expect_column_values_to_be_in_set", "kommune_code")
    assert (row.unexpected_count, row.unexpected_rows) == (1, "nj.txt:3")


def test_kommune_codes_may_be_passed_as_a_series() -> None:
    codes = kommuner()["kommune_code"]
    table = attendance(person("Anna", 3), person("Bo", 4, kommune_code=999))
    rows = run("attendance", table, {"kommune_codes": codes})
    assert failures(rows) == [("expect_column_values_to_be_in_set", "kommune_code")]
    assert only(rows, "expect_column_values_to_be_in_set", "kommune_code").unexpected_count == 1


def test_line_end_before_source_line() -> None:
    rows = run("agenda_items", agenda(item("1", 10, line_end=10), item("2", 20, line_end=19)))
    expectation = "expect_column_pair_values_a_to_be_greater_than_b"
    assert failures(rows) == [(expectation, "line_end,source_line")]
    assert only(rows, expectation, "line_end,source_line").unexpected_rows == "nj.txt:20"


def test_wrong_start_time_format_and_null_start_time() -> None:
    table = meetings(
        meeting(),
        meeting(meeting_id="sjaelland-2021-06-12", start_time="9.30", source_line=2),
        meeting(meeting_id="sjaelland-2021-06-13", start_time=None, source_line=3),
    )
    rows = run("meetings", table)
    assert failures(rows) == [("expect_column_values_to_match_regex", "start_time")]
    assert only(rows, "expect_column_values_to_match_regex", "start_time").unexpected_rows == (
        "nj.txt:2"
    )


@pytest.mark.parametrize("bad", ["Nordjylland-2021-06-11", "nordjylland-21-06-11", "nordjylland"])
def test_bad_meeting_id_format(bad: str) -> None:
    rows = run("meetings", meetings(meeting(meeting_id=bad)))
    assert failures(rows) == [("expect_column_values_to_match_regex", "meeting_id")]


@pytest.mark.parametrize(
    ("item_no", "ok"), [("3", True), ("3.4.1", True), ("3.", False), ("a", False)]
)
def test_item_no_format(item_no: str, ok: bool) -> None:
    rows = run("agenda_items", agenda(item(item_no, 10)))
    assert failures(rows) == ([] if ok else [("expect_column_values_to_match_regex", "item_no")])


def test_source_line_below_one() -> None:
    rows = run("findings", findings(finding(), finding(source_line=0, source_file="x.txt")))
    assert failures(rows) == [("expect_column_values_to_be_between", "source_line")]
    assert rows[5].unexpected_rows == "x.txt:0"


def test_kommuner_row_count_and_region_pairs() -> None:
    assert failures(run("kommuner", kommuner(97))) == [("expect_table_row_count_to_equal", None)]
    table = kommuner()
    table.loc[5, "region_code"] = constants.REGION_CODES["Sjælland"]
    assert table.loc[5, "region"] != "Sjælland"
    rows = run("kommuner", table)
    assert failures(rows) == [("expect_column_pair_values_to_be_in_set", "region,region_code")]
    assert rows[9].unexpected_rows == "kommuner.csv:7"


def test_bad_severity() -> None:
    rows = run("findings", findings(finding(severity="fatal", source_file=None, source_line=None)))
    assert failures(rows) == [("expect_column_values_to_be_in_set", "severity")]
    assert rows[1].unexpected_rows == "?:?"


# --------------------------------------------------------------------------- naming rows


def test_name_rows_sorts_numerically_dedupes_and_caps() -> None:
    entries = [{"source_file": "b.txt", "source_line": n} for n in range(30, 0, -1)]
    entries += [
        {"source_file": "a.txt", "source_line": 9},
        {"source_file": "a.txt", "source_line": 9},
        {"source_file": "a.txt", "source_line": None},
        {"source_file": float("nan"), "source_line": pd.NA},
    ]
    named = name_rows(entries)
    assert named.startswith("?:?; a.txt:?; a.txt:9; b.txt:1; b.txt:2; ")
    assert named.endswith("; b.txt:17; … (+13 more)")
    assert named.count(";") == 20


def test_unexpected_rows_capped_at_twenty_in_a_run() -> None:
    rows = [person("Anna", n, status="x") for n in range(1, 26)]
    rows = [dataclasses.replace(r, name=f"P{r.source_line}") for r in rows]
    row = only(run("attendance", attendance(*rows)), "expect_column_values_to_be_in_set", "status")
    assert row.unexpected_count == 25
    assert row.unexpected_rows.split("; ")[:3] == ["nj.txt:1", "nj.txt:2", "nj.txt:3"]
    assert row.unexpected_rows.endswith("nj.txt:20; … (+5 more)")


# --------------------------------------------------------------------------- bad suites


def write_suite(tmp_path: Path, name: str, body: object) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return path


NAME_NOT_NULL = {"type": NOT_NULL, "kwargs": {"column": "name"}}


def suite_of(*expectations: dict, name: str = "t") -> dict:
    return {"name": name, "expectations": list(expectations)}


PAIR_AS_DOCUMENTED = "expect_column_pair_values_A_to_be_greater_than_B"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{not json", "not valid JSON"),
        ({"name": "t", "expectatons": [NAME_NOT_NULL]}, "not an expectation suite"),
        (suite_of(), "suite has no expectations"),
        (suite_of(NAME_NOT_NULL, name="other"), "suite name 'other' is not the file name"),
        (suite_of({**NAME_NOT_NULL, "type": "expect_nothing"}), "expect_nothing not found"),
        (suite_of({**NAME_NOT_NULL, "kwargs": {"colum": "name"}}), "extra fields not permitted"),
        (suite_of({"type": PAIR_AS_DOCUMENTED, "kwargs": {}}), f"{PAIR_AS_DOCUMENTED} not found"),
    ],
)
def test_bad_suite_raises_suite_error(tmp_path: Path, body: object, reason: str) -> None:
    path = write_suite(tmp_path, "t", body)
    with pytest.raises(SuiteError, match=reason) as raised:
        load_suite(path)
    assert str(raised.value).startswith(f"{path}: ")


def test_missing_suite_file(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match=r"t\.json: cannot read suite"):
        load_suite(tmp_path / "t.json")
    with pytest.raises(SuiteError, match=r"meetings\.json: no suite for table 'meetings'"):
        run_suites({"meetings": meetings()}, tmp_path, {})


def test_missing_parameter_raises(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match=r"attendance\.json: .*kommune_codes"):
        run("attendance", attendance(), params={})


def test_expectation_on_a_missing_column_raises(tmp_path: Path) -> None:
    suite = {"name": "t", "expectations": [{**NAME_NOT_NULL, "kwargs": {"column": "nope"}}]}
    write_suite(tmp_path, "t", suite)
    table = pd.DataFrame({"name": ["a"], "source_file": ["f"], "source_line": [1]})
    with pytest.raises(SuiteError, match=r"t\.json: expectation 0 .* could not run: .*nope"):
        run_suites({"t": table}, tmp_path, {})
