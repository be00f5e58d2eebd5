"""Reading and writing golden files: a table's rows as a CSV of strings (NULL as empty)."""

import dataclasses
from pathlib import Path

import pandas as pd

from pipeline.transform import REGISTRY

GOLDEN_TABLES = tuple(table.name for table in REGISTRY if table.golden)


def rows_frame(rows: list, row_type: type) -> pd.DataFrame:
    """Rows as a frame of strings, NULL as an empty string, sorted on every column."""
    columns = [f.name for f in dataclasses.fields(row_type)]
    frame = pd.DataFrame([dataclasses.astuple(r) for r in rows], columns=columns, dtype=object)
    frame = frame.map(lambda v: "" if v is None else str(v)).astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def read_golden(path: Path) -> pd.DataFrame:
    """A golden CSV as a frame of strings, sorted the same way."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)
