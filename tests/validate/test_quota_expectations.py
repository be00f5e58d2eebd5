"""The suites of the quota tables: ``flygtningefordeling`` and ``sosu_laerepladser``.

Small inline tables, as in ``test_expectations.py``: good rows pass every expectation; a
duplicate key, a bad number, a level whose columns do not fit it, or a kommune_code outside the
parameter set fails, and the failing rows are named by ``source_file:source_line``.

The checks that depend on ``level`` use GX 1.x's structured ``row_condition``
(``{"type": "comparison", "column": {"name": "level"}, "operator": "==", "parameter": ...}``),
not the string + ``condition_parser`` form GX 1.9 deprecated.
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from pipeline import constants
from pipeline.models import FlygtningeRow, SosuRow
from pipeline.validate.expectations import load_suite, run_suites
from tests.validate.helpers import (
    BE_NULL,
    BETWEEN,
    IN_SET,
    IN_TYPES,
    MATCH,
    MID,
    NOT_NULL,
    PAIR_EQUAL,
    UNIQUE,
    check_suite_loads,
    conditional_counts,
    failures,
    frame,
    loaded_row_conditions,
    only,
    run,
    suite_json,
    written_row_conditions,
)

QUOTA_TABLES = ("flygtningefordeling", "sosu_laerepladser")


# --------------------------------------------------------------------------- tables


def quota(kind: str, line: int, **changes) -> FlygtningeRow:
    """A consistent row of level ``kind`` (Nordjylland; Aalborg = 101 at kommune level)."""
    row = FlygtningeRow(MID, 2022, kind, *_place(kind), 100, None, "nj.txt", line)
    return dataclasses.replace(row, **changes)


def places(kind: str, line: int, education: str = "SSH", **changes) -> SosuRow:
    row = SosuRow(MID, 2022, education, kind, *_place(kind), 100, "nj.txt", line)
    return dataclasses.replace(row, **changes)


def _place(level: str) -> tuple[str, str | None, int | None]:
    """(area, region, kommune_code) that fit ``level``."""
    return {
        "national": (constants.NATIONAL_AREA, None, None),
        "region": ("Nordjylland", "Nordjylland", None),
        "kommune": ("Aalborg", "Nordjylland", 101),
    }[level]


def flygtninge(*rows: FlygtningeRow) -> pd.DataFrame:
    """kommune_code (nullable) as pandas Int64."""
    default = [quota("national", 10), quota("region", 11), quota("kommune", 12)]
    return frame(FlygtningeRow, list(rows) or default, ("kommune_code",))


def sosu(*rows: SosuRow) -> pd.DataFrame:
    default = [
        places("national", 20),
        places("national", 21, "SSA"),
        places("region", 22),
        places("kommune", 23),
        places("kommune", 24, "SSA"),
    ]
    return frame(SosuRow, list(rows) or default, ("kommune_code",))


# --------------------------------------------------------------------------- the suites


@pytest.mark.parametrize("name", QUOTA_TABLES)
def test_suite_loads_with_every_expectation(name: str) -> None:
    check_suite_loads(name)


@pytest.mark.parametrize("name", QUOTA_TABLES)
def test_row_conditions_load_without_deprecation_warnings(name: str) -> None:
    warned, conditions = loaded_row_conditions(name)
    assert warned == []
    assert conditions == [
        "level == kommune",
        "level IN (national, region)",
        "level == national",
        "level IN (region, kommune)",
        "level == national",
        "level == region",
    ]


def test_string_row_condition_still_works_but_is_deprecated(tmp_path: Path) -> None:
    """Why the suites spell row_condition as a dict: GX 1.24.1 warns on the string form."""
    expectation = {
        "type": NOT_NULL,
        "kwargs": {
            "column": "kommune_code",
            "row_condition": 'level == "kommune"',
            "condition_parser": "pandas",
        },
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"name": "t", "expectations": [expectation]}), encoding="utf-8")
    with pytest.warns(DeprecationWarning) as caught:
        load_suite(path)
    assert [str(w.message).split(" is deprecated")[0] for w in caught] == [
        "The condition_parser parameter",
        "Passing a string to the row_condition parameter",
    ]
    table = flygtninge(quota("national", 10), quota("kommune", 12, kommune_code=None))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        (row,) = run_suites({"t": table}, tmp_path, {})
    assert (row.success, row.element_count, row.unexpected_rows) == (False, 1, "nj.txt:12")


# --------------------------------------------------------------------------- good rows pass


@pytest.mark.parametrize(
    ("name", "table"), [("flygtningefordeling", flygtninge), ("sosu_laerepladser", sosu)]
)
def test_good_rows_pass_everything(name: str, table) -> None:
    rows = run(name, table())
    assert failures(rows) == []
    assert all(r.unexpected_rows is None for r in rows)
    assert len(rows) == len(suite_json(name)["expectations"])


def test_good_rows_pass_with_every_integer_as_Int64() -> None:
    """``pipeline.run.frame`` hands every int64 Arrow column over as pandas Int64."""
    ints = ["quota_year", "quota", "kommune_code", "source_line"]
    assert (
        failures(run("flygtningefordeling", flygtninge().astype(dict.fromkeys(ints, "Int64"))))
        == []
    )
    ints = ["year", "places", "kommune_code", "source_line"]
    assert failures(run("sosu_laerepladser", sosu().astype(dict.fromkeys(ints, "Int64")))) == []


def test_conditional_expectations_see_only_their_level() -> None:
    rows = run("flygtningefordeling", flygtninge())
    assert conditional_counts(rows) == {
        (NOT_NULL, "kommune_code"): 1,
        (BE_NULL, "kommune_code"): 2,
        (BE_NULL, "region"): 1,
        (NOT_NULL, "region"): 2,
        (IN_SET, "area"): 1,
        (PAIR_EQUAL, "area,region"): 1,
    }
    row = only(rows, NOT_NULL, "kommune_code")
    assert json.loads(row.kwargs) == {
        "row_condition": {
            "type": "comparison",
            "column": {"name": "level"},
            "operator": "==",
            "parameter": "kommune",
        }
    }


def test_national_rows_only_pass_the_kommune_checks_vacuously() -> None:
    rows = run("flygtningefordeling", flygtninge(quota("national", 10)))
    assert failures(rows) == []
    assert only(rows, NOT_NULL, "kommune_code").element_count == 0


# --------------------------------------------------------------------------- bad rows fail


def test_duplicate_flygtninge_key() -> None:
    table = flygtninge(quota("kommune", 12), quota("kommune", 30, quota=90))
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [(UNIQUE, "meeting_id,quota_year,level,area")]
    row = only(rows, UNIQUE, "meeting_id,quota_year,level,area")
    assert (row.element_count, row.unexpected_count) == (2, 2)
    assert row.unexpected_rows == "nj.txt:12; nj.txt:30"


def test_same_area_in_another_year_is_not_a_duplicate() -> None:
    table = flygtninge(quota("kommune", 12), quota("kommune", 30, quota_year=2023))
    assert failures(run("flygtningefordeling", table)) == []


def test_duplicate_sosu_key_but_other_education_is_fine() -> None:
    assert (
        failures(run("sosu_laerepladser", sosu(places("region", 5), places("region", 6, "SSA"))))
        == []
    )
    rows = run("sosu_laerepladser", sosu(places("region", 5), places("region", 6, places=7)))
    assert failures(rows) == [(UNIQUE, "meeting_id,year,education,level,area")]
    assert only(rows, UNIQUE, "meeting_id,year,education,level,area").unexpected_rows == (
        "nj.txt:5; nj.txt:6"
    )


def test_negative_quota() -> None:
    rows = run(
        "flygtningefordeling", flygtninge(quota("national", 10), quota("region", 11, quota=-4))
    )
    assert failures(rows) == [(BETWEEN, "quota")]
    row = only(rows, BETWEEN, "quota")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:11")
    assert json.loads(row.kwargs) == {"min_value": 0, "max_value": 100000}


def test_places_above_the_sane_maximum() -> None:
    rows = run("sosu_laerepladser", sosu(places("national", 20, places=100001)))
    assert failures(rows) == [(BETWEEN, "places")]
    assert only(rows, BETWEEN, "places").unexpected_rows == "nj.txt:20"


def test_quota_that_is_not_an_integer_column() -> None:
    table = flygtninge()
    table["quota"] = table["quota"].astype(float)
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [(IN_TYPES, "quota")]
    assert only(rows, IN_TYPES, "quota").unexpected_rows is None  # a column-level check


@pytest.mark.parametrize("year", [1999, 2101, 22])
def test_year_out_of_range(year: int) -> None:
    rows = run("sosu_laerepladser", sosu(places("national", 20, year=year)))
    assert failures(rows) == [(BETWEEN, "year")]


def test_bad_level_and_bad_education() -> None:
    rows = run("flygtningefordeling", flygtninge(quota("national", 10, level="land")))
    assert failures(rows) == [(IN_SET, "level")]
    rows = run("sosu_laerepladser", sosu(places("national", 20, education="SOSU")))
    assert failures(rows) == [(IN_SET, "education")]
    assert only(rows, IN_SET, "education").unexpected_rows == "nj.txt:20"


def test_kommune_level_without_kommune_code() -> None:
    table = flygtninge(quota("kommune", 12), quota("kommune", 13, area="Ålborg", kommune_code=None))
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [(NOT_NULL, "kommune_code")]
    row = only(rows, NOT_NULL, "kommune_code")
    assert (row.element_count, row.unexpected_count, row.unexpected_rows) == (2, 1, "nj.txt:13")


def test_kommune_code_on_a_region_row() -> None:
    rows = run("sosu_laerepladser", sosu(places("region", 22, kommune_code=101)))
    assert failures(rows) == [(BE_NULL, "kommune_code")]
    assert only(rows, BE_NULL, "kommune_code").unexpected_rows == "nj.txt:22"


def test_national_row_with_a_region_and_another_area() -> None:
    table = flygtninge(quota("national", 10, area="Danmark", region="Nordjylland"))
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [(BE_NULL, "region"), (IN_SET, "area")]
    assert {r.unexpected_rows for r in rows if not r.success} == {"nj.txt:10"}


def test_region_and_kommune_rows_without_a_region() -> None:
    table = flygtninge(quota("region", 11, region=None), quota("kommune", 12, region=None))
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [(NOT_NULL, "region"), (PAIR_EQUAL, "area,region")]
    assert only(rows, NOT_NULL, "region").unexpected_rows == "nj.txt:11; nj.txt:12"
    assert only(rows, PAIR_EQUAL, "area,region").unexpected_rows == "nj.txt:11"


def test_region_row_whose_area_is_another_region() -> None:
    rows = run("sosu_laerepladser", sosu(places("region", 22, area="Midtjylland")))
    assert failures(rows) == [(PAIR_EQUAL, "area,region")]
    assert only(rows, PAIR_EQUAL, "area,region").unexpected_rows == "nj.txt:22"


@pytest.mark.parametrize(
    ("name", "table"), [("flygtningefordeling", flygtninge), ("sosu_laerepladser", sosu)]
)
def test_kommune_code_not_in_parameter_set(name: str, table) -> None:
    assert failures(run(name, table(), {"kommune_codes": [101]})) == []
    rows = run(name, table(), {"kommune_codes": [147, 851]})
    assert failures(rows) == [(IN_SET, "kommune_code")]
    row = only(rows, IN_SET, "kommune_code")
    expected = {"flygtningefordeling": "nj.txt:12", "sosu_laerepladser": "nj.txt:23; nj.txt:24"}
    assert row.unexpected_rows == expected[name]
    assert row.kwargs == '{"value_set":{"$PARAMETER":"kommune_codes"}}'


def test_source_line_below_one_and_bad_meeting_id() -> None:
    table = flygtninge(quota("national", 0, source_file="x.txt", meeting_id="Nordjylland-2021"))
    rows = run("flygtningefordeling", table)
    assert failures(rows) == [
        (MATCH, "meeting_id"),
        (BETWEEN, "source_line"),
    ]
    assert {r.unexpected_rows for r in rows if not r.success} == {"x.txt:0"}


@pytest.mark.parametrize("name", QUOTA_TABLES)
def test_row_condition_levels_are_constants_levels(name: str) -> None:
    conditions = written_row_conditions(name)
    assert {c["column"]["name"] for c in conditions} == {"level"}
    named = set()
    for c in conditions:
        named.update(c["parameter"] if c["operator"] == "IN" else [c["parameter"]])
    assert named == set(constants.LEVELS)


def test_null_level_fails_only_the_level_check() -> None:
    rows = run("flygtningefordeling", flygtninge(quota("region", 11, level=None)))
    assert failures(rows) == [(NOT_NULL, "level")]
    assert only(rows, NOT_NULL, "level").unexpected_rows == "nj.txt:11"


def test_revised_from_never_equals_the_quota_and_is_never_negative() -> None:
    rows = run(
        "flygtningefordeling",
        frame(
            FlygtningeRow,
            [
                quota("national", 10, revised_from=80),
                quota("region", 11, revised_from=100),
                quota("kommune", 12, revised_from=-1),
            ],
            ("kommune_code", "revised_from"),
        ),
    )
    assert failures(rows) == [
        (BETWEEN, "revised_from"),
        ("expect_select_column_values_to_be_unique_within_record", "quota,revised_from"),
    ]
    assert only(rows, BETWEEN, "revised_from").unexpected_rows == "nj.txt:12"
