"""Golden tests: every row and every value of meetings, agenda_items, attendance and findings
for each seed referat, against the expected rows in ``tests/golden/<seed>/``."""

import pytest
from pandas.testing import assert_frame_equal

from pipeline.extract import read_referat
from pipeline.transform import TABLES, transform
from tests.conftest import GOLDEN_DIR, RAW_DIR, SEEDS
from tests.golden_io import GOLDEN_TABLES, read_golden, rows_frame


@pytest.fixture(scope="module", params=SEEDS)
def seed_tables(request):
    return request.param, transform([read_referat(RAW_DIR / request.param, RAW_DIR)])


@pytest.mark.parametrize("table", GOLDEN_TABLES)
def test_seed_matches_golden(seed_tables, table):
    seed, tables = seed_tables
    expected = read_golden(GOLDEN_DIR / seed.removesuffix(".txt") / f"{table}.csv")
    assert_frame_equal(rows_frame(tables[table], TABLES[table]), expected)


def test_seed_totals():
    """The seeds hold 3 meetings, 35 numbered agenda items and 91 attendance lines."""
    tables = transform([read_referat(RAW_DIR / seed, RAW_DIR) for seed in SEEDS])
    assert len(tables["meetings"]) == 3
    assert len(tables["agenda_items"]) == 35
    assert len(tables["attendance"]) == 91
    assert sum(r.status == "absent" for r in tables["attendance"]) == 7 + 5 + 24


def test_page_break_inside_afbud_stays_absent():
    """Seed 004's Afbud list goes on after a blank line (a page break): still absent."""
    tables = transform([read_referat(RAW_DIR / "004_3903496f2c70ecd5.txt", RAW_DIR)])
    after_break = [r for r in tables["attendance"] if r.source_line >= 90]
    assert [r.name for r in after_break][:2] == ["Bo Hansen", "Henrik Rønnow"]
    assert {r.status for r in after_break} == {"absent"}
