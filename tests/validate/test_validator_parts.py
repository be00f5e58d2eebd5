"""A build's suites run in parts in the validator process (``run.Validator``): each data table
as soon as it is written, the findings last. The rows, the findings of failed expectations and
the Data Docs are those of one run over every table."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest

from pipeline import run

FIRST = [name for name in run.DATA_TABLES if name != "findings"]


@pytest.fixture(scope="module")
def one_run(stage: Path) -> tuple[list, list]:
    return run.suite_results(stage)


def test_two_parts_give_the_rows_of_one_run(stage: Path, one_run: tuple[list, list]) -> None:
    shutil.rmtree(stage / run.DOCS_DIR, ignore_errors=True)  # another test's pages
    run.validate_part(stage, FIRST)
    run.docs_pages(stage)  # as a build does while it writes the streamed tables
    pages = stage / run.DOCS_DIR / "expectations"
    assert sorted(p.stem for p in pages.iterdir()) == sorted(FIRST)
    rows, failures = run.validate_last_part(stage, ["findings"])
    assert (rows, failures) == one_run
    assert len({r.suite for r in rows}) == len(run.DATA_TABLES)
    assert (stage / run.DOCS_DIR / "index.html").is_file()
    assert sorted(p.stem for p in pages.iterdir()) == sorted(run.DATA_TABLES)


def test_a_part_a_table_in_any_order_gives_the_rows_of_one_run(
    stage: Path, one_run: tuple[list, list]
) -> None:
    last_first = sorted(FIRST, key=lambda n: n != "kommuner")[::-1]
    for number, name in enumerate(last_first):
        run.validate_part(stage, [name], first=number == 0)
    rows, failures = run.validate_last_part(stage, ["findings"])
    assert (rows, failures) == one_run
    assert len({r.suite for r in rows}) == len(run.DATA_TABLES)
    assert (stage / run.DOCS_DIR / "index.html").is_file()


def test_the_later_parts_need_the_first(stage: Path) -> None:
    with pytest.raises(RuntimeError, match="first part"):
        run.validate_last_part(stage, ["findings"])
    with pytest.raises(RuntimeError, match="first part"):
        run.validate_part(stage, ["meetings"], first=False)
    with pytest.raises(RuntimeError, match="first part"):
        run.docs_pages(stage)


def test_the_validator_process_gives_the_rows_of_one_run(
    stage: Path, one_run: tuple[list, list]
) -> None:
    with run.Validator() as validator:
        for name in FIRST:
            validator.add(stage, [name])
        validator.finish(stage, ["findings"])
        assert validator.results() == one_run


def test_an_error_of_the_first_part_is_the_one_raised(stage: Path, tmp_path: Path) -> None:
    """The first part fails (its tables are not there): that error reaches the build, not
    a later part's."""
    with run.Validator() as validator, pytest.raises(FileNotFoundError, match="kommuner"):
        validator.add(tmp_path, ["kommuner"])
        validator.add(stage, ["meetings"])
        validator.finish(stage, ["findings"])
        validator.results()


def test_one_table_is_held_at_a_time(
    stage: Path, one_run: tuple[list, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table is read alone, and the suite run lets go of its frame once its suite ran
    (GX would keep every batch's frame till the end): a corpus's tables are never all in the
    validator's memory together."""
    from pipeline.validate.expectations import SuiteRun

    made: list[weakref.ref] = []

    def frame(table):
        out = real_frame(table)
        made.append(weakref.ref(out))
        return out

    real_frame = run.frame
    monkeypatch.setattr(run, "frame", frame)
    rows = run.suite_rows(SuiteRun(), stage, FIRST, run.suite_parameters(stage))
    gc.collect()
    assert len(made) == len(FIRST)
    assert [ref() for ref in made] == [None] * len(FIRST)
    assert rows == [row for row in one_run[0] if row.suite != "findings"]
