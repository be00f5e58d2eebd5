"""The seeds' tables written as a build writes them, for the modules that validate them."""

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def stage(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' data tables and findings written as a build writes them (one folder per test
    module: a module may write Data Docs into it)."""
    from pipeline import run
    from pipeline.load import write_tables

    tables, _ = run.extract_and_transform(raw_dir)
    folder = tmp_path_factory.mktemp("stage")
    findings = {"findings": run.findings_table(tables)}
    write_tables({n: tables[n] for n in run.DATA_TABLES} | findings, run.TABLES, folder)
    return folder
