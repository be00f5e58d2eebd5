"""``docs/queries.md``: the questions users ask, each with its SQL and its answer on the seeds.
Every query is run on a build of the seeds and must give the answer the page shows.

After a deliberate change of output, rewrite the answers with
``.venv/bin/python -m tests.test_queries`` and read the diff."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import render, run
from pipeline.cli import app
from tests.conftest import RAW_DIR, ROOT

QUERIES = ROOT / "docs" / "queries.md"
BLOCK = re.compile(r"(```sql\n(?P<sql>.*?)\n```\n\n)(?P<answer>(?:\|[^\n]*\|\n)+)", re.S)


def questions(text: str) -> list[tuple[str, str]]:
    """(sql, answer) of every question on the page, in order."""
    return [(m["sql"], m["answer"]) for m in BLOCK.finditer(text)]


def answer(out: Path, sql: str) -> str:
    return render.to_markdown(*run.query(out, sql))


def build(out: Path) -> Path:
    result = CliRunner().invoke(app, ["build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("queries") / "out")


def test_the_page_asks_ten_questions():
    assert len(questions(QUERIES.read_text("utf-8"))) >= 10


@pytest.mark.parametrize("number", range(len(questions(QUERIES.read_text("utf-8")))))
def test_every_query_gives_the_answer_on_the_page(built, number):
    sql, expected = questions(QUERIES.read_text("utf-8"))[number]
    assert answer(built, sql) == expected


def rewrite() -> None:
    """Put each query's current answer under it on the page."""
    with tempfile.TemporaryDirectory() as folder:
        out = build(Path(folder) / "out")
        text = QUERIES.read_text("utf-8")
        text = BLOCK.sub(lambda m: m.group(1) + answer(out, m["sql"]), text)
        QUERIES.write_text(text, "utf-8")


if __name__ == "__main__":
    rewrite()
    sys.exit(0)
