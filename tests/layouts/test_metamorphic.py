"""Metamorphic tests: a seed referat re-printed in another converter's layout (see ``render``)
gives the same rows as the seed itself, table by table. Run one with, e.g.,
``pytest tests/layouts -k "000-pdftotext_layout-flygtningefordeling"``."""

from __future__ import annotations

import functools
import re

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pipeline.extract import parse_referat
from pipeline.transform import TABLES, transform
from tests.conftest import RAW_DIR, SEEDS
from tests.golden_io import rows_frame
from tests.layouts.render import LAYOUTS

COMPARED_TABLES = (
    "meetings",
    "agenda_items",
    "attendance",
    "flygtningefordeling",
    "sosu_laerepladser",
    "budgets",
)
DROPPED = {"source_file", "source_line", "source_sha256", "line_end", "source_page"}
"""Columns that differ by layout by design: where a value stands, not what it is."""
FOLDED = {"label", "quote"}
"""Text columns compared whitespace-folded: a layout may wrap them differently."""
SECTIONS = {"baggrund", "indstilling", "sagsfremstilling", "beslutning"}
"""Section texts: folded, and without a table's drawing (pipes, border rows), since a table
inside a section is printed differently by each layout."""
CASELESS = {"group_title"}
"""A group heading printed in capitals (``3. REGIONALPOLITISKE SAGER``) is the same group."""
_BORDER_CELL = re.compile(r"(?<!\S)[-:]{3,}(?!\S)")
AGENDA_KEY = ("meeting_id", "item_no", "title", "group_no", "sag_no")


@functools.cache
def tables_of(seed: str, layout: str | None) -> dict[str, list]:
    """The rows of a seed, as given or re-printed in ``layout``."""
    text = (RAW_DIR / seed).read_text(encoding="utf-8")
    name = seed.removesuffix(".txt")
    if layout is not None:
        text, name = LAYOUTS[layout](text), f"{name}-{layout}"
    return transform([parse_referat(text.encode("utf-8"), f"{name}.txt")])


def comparable(rows: list, table: str) -> pd.DataFrame:
    """The rows as a sorted frame of strings, without the position columns, text folded."""
    frame = rows_frame(rows, TABLES[table])
    frame = frame.drop(columns=[c for c in frame.columns if c in DROPPED])
    for column in FOLDED & set(frame.columns):
        frame[column] = frame[column].map(lambda v: " ".join(v.split()))
    for column in SECTIONS & set(frame.columns):
        frame[column] = frame[column].map(
            lambda v: " ".join(_BORDER_CELL.sub(" ", v.replace("|", " ")).split())
        )
    for column in CASELESS & set(frame.columns):
        frame[column] = frame[column].str.casefold()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def row_diff(expected: pd.DataFrame, actual: pd.DataFrame) -> str:
    """The rows only one side has, as text."""
    merged = expected.merge(actual, how="outer", indicator=True)
    missing = merged[merged["_merge"] == "left_only"].drop(columns="_merge")
    extra = merged[merged["_merge"] == "right_only"].drop(columns="_merge")
    with pd.option_context("display.max_columns", None, "display.width", 250,
                           "display.max_colwidth", 60):  # fmt: skip
        return (
            f"{len(expected)} rows expected, {len(actual)} read\n"
            f"missing ({len(missing)}):\n{missing.to_string() if len(missing) else '-'}\n"
            f"extra ({len(extra)}):\n{extra.to_string() if len(extra) else '-'}"
        )


CASES = [
    pytest.param(seed, layout, table, id=f"{seed[:3]}-{layout}-{table}")
    for seed in SEEDS
    for layout in LAYOUTS
    for table in COMPARED_TABLES
]


@pytest.mark.parametrize(("seed", "layout", "table"), CASES)
def test_layout_gives_the_seeds_rows(seed, layout, table):
    expected = comparable(tables_of(seed, None)[table], table)
    try:
        actual = comparable(tables_of(seed, layout)[table], table)
    except Exception as exc:  # a parser that cannot read the layout at all
        pytest.fail(f"{seed} in layout {layout}: {type(exc).__name__}: {exc}")
    if table == "agenda_items":
        key = list(AGENDA_KEY)
        assert_frame_equal(actual[key].sort_values(key).reset_index(drop=True),
                           expected[key].sort_values(key).reset_index(drop=True),
                           obj=row_diff(expected[key], actual[key]))  # fmt: skip
    assert_frame_equal(actual, expected, obj=row_diff(expected, actual))
