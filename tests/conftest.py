"""Shared fixtures: the repository's folders and the seed referater."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
GOLDEN_DIR = ROOT / "tests" / "golden"
SEEDS = sorted(p.name for p in RAW_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR
