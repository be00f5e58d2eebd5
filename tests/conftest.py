"""Shared fixtures: the repository's folders and the seed referater. Also has pytest rewrite the
asserts in :mod:`tests.validate.helpers`, as it does in test modules (registered here, the first
conftest loaded, before any module can import it)."""

import shutil
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.validate.helpers")

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
GOLDEN_DIR = ROOT / "tests" / "golden"
SEEDS = sorted(p.name for p in RAW_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture
def seeds_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A raw dir holding a copy of the seeds, with a rows cache of its own."""
    from pipeline import perfile

    monkeypatch.setattr(perfile, "ROWS_CACHE", tmp_path / "cache")
    folder = tmp_path / "raw"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(RAW_DIR / seed, folder / seed)
    return folder
