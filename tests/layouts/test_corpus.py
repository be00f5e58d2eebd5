"""The layout corpus: small hand-written referater, one per layout family, each with its
expected rows beside it (``corpus/<name>.<table>.csv``: the columns the CSV has, NULL as
empty). Run one with, e.g., ``pytest tests/layouts -k "quota_sentences-flygtningefordeling"``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pipeline.extract import parse_referat
from pipeline.transform import TABLES, transform
from tests.golden_io import read_golden, rows_frame
from tests.layouts.test_metamorphic import row_diff

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(CORPUS.glob("*.*.csv"))


def tables_of(referat_file: Path) -> dict[str, list]:
    return transform([parse_referat(referat_file.read_bytes(), referat_file.name)])


def test_every_corpus_file_has_expected_rows():
    referater = {p.stem for p in CORPUS.glob("*.txt")}
    with_csv = {p.name.split(".")[0] for p in CASES}
    assert referater == with_csv


@pytest.mark.parametrize("csv", CASES, ids=lambda p: "-".join(p.name.split(".")[:2]))
def test_corpus_rows(csv: Path):
    name, table = csv.name.split(".")[:2]
    expected = read_golden(csv)
    try:
        tables = tables_of(CORPUS / f"{name}.txt")
    except Exception as exc:  # a parser that cannot read the file at all
        pytest.fail(f"{name}.txt: {type(exc).__name__}: {exc}")
    actual = rows_frame(tables[table], TABLES[table])
    missing = [c for c in expected.columns if c not in actual.columns]
    assert not missing, f"the parser gives {table} no column {missing} (expected in {csv.name})"
    actual = actual[list(expected.columns)]
    actual = actual.sort_values(list(actual.columns)).reset_index(drop=True)
    assert_frame_equal(actual, expected, obj=row_diff(expected, actual))


def test_corpus_files_are_small():
    for path in CORPUS.glob("*.txt"):
        assert len(path.read_text(encoding="utf-8").split("\n")) <= 80, path.name
    assert all(isinstance(pd.read_csv(p, dtype=str), pd.DataFrame) for p in CASES)


def test_every_figure_of_the_corpus_is_read_or_explained():
    """The build prints 0 unexplained figures for the layout corpus."""
    from pipeline.extract import read_referat
    from pipeline.transform import referat_tables
    from pipeline.transform.figures import account

    for path in sorted(CORPUS.glob("*.txt")):
        referat = read_referat(path, CORPUS)
        lost = [f for f in account(referat, referat_tables(referat)) if f.status == "unexplained"]
        assert lost == [], path.name
