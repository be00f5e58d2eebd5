"""Referat PDFs drawn once per test session from the seeds (see ``make_pdf``)."""

from pathlib import Path

import pytest

from tests.pdf.make_pdf import make_referat_pdf

RAW_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"

QUOTA_SEED = "000_8ebe380394a1f244.txt"
"""KKR Nordjylland 2021: attendance with parties, a refugee quota table (the second table)."""
SOSU_SEED = "002_241b36b2641db069.txt"
"""KKR Nordjylland 2023: a five-column SOSU table whose region labels wrap (the fourth table)."""


@pytest.fixture(scope="session")
def quota_pdf() -> dict:
    """Seed 000, ruled, the quota table cut by a page break after its sixth row."""
    text = (RAW_DIR / QUOTA_SEED).read_text(encoding="utf-8")
    return {"text": text, **make_referat_pdf(text, ruled=True, break_after={1: 6})}


@pytest.fixture(scope="session")
def sosu_pdf() -> dict:
    """Seed 002, no ruling lines."""
    text = (RAW_DIR / SOSU_SEED).read_text(encoding="utf-8")
    return {"text": text, **make_referat_pdf(text, ruled=False)}
