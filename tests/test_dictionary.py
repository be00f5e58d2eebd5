"""The data dictionary covers every column of every table, and nothing else."""

import pytest

from pipeline.dictionary import COLUMNS, TABLE_DOCS
from pipeline.models import field_names
from pipeline.transform import TABLES


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_is_described(table):
    assert list(COLUMNS[table]) == field_names(TABLES[table])
    assert all(doc.strip() for doc in COLUMNS[table].values())
    assert TABLE_DOCS[table]


def test_every_mart_is_in_the_dictionary():
    from pipeline.dictionary import VIEW_DOCS
    from tests.conftest import ROOT

    marts = {p.stem for p in (ROOT / "sql" / "marts").glob("*.sql")}
    assert marts == set(VIEW_DOCS)
