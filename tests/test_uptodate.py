"""``kkr build`` when nothing changed (issue "Scale"): the published build is kept, untouched,
and the command says so; any change to what a build is made from (a referat's bytes, a file
added or removed, sources.csv, the options) builds again."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import uptodate
from pipeline.cli import app
from tests.conftest import RAW_DIR

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the seeds and a build of them."""
    root = tmp_path_factory.mktemp("uptodate")
    raw, out = root / "raw", root / "out"
    shutil.copytree(RAW_DIR, raw)
    result = runner.invoke(app, ["build", "--raw-dir", str(raw), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return raw, out


def versions(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "versions").iterdir())


def test_a_second_build_with_nothing_changed_does_nothing(built):
    raw, out = built
    before = (versions(out), os.readlink(out / "current"))
    result = runner.invoke(app, ["build", "--raw-dir", str(raw), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert "nothing changed since the last build" in result.output
    assert "(3 referater;" in result.output
    assert (versions(out), os.readlink(out / "current")) == before


def test_nothing_changed_is_told_without_importing_the_heavy_libraries(built):
    """The check runs before pyarrow, pandas, DuckDB or Great Expectations are imported: in a
    fresh interpreter, saying "nothing changed" loads none of them."""
    raw, out = built
    code = (
        "import sys; from typer.testing import CliRunner; from pipeline.cli import app\n"
        f"r = CliRunner().invoke(app, ['build', '--raw-dir', {str(raw)!r}, '--out-dir', "
        f"{str(out)!r}])\n"
        "assert 'nothing changed' in r.output, r.output\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pyarrow', 'pandas', 'duckdb', 'great_expectations'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_strict_still_fails_when_the_kept_build_was_not_clean(built):
    raw, out = built
    result = runner.invoke(app, ["build", "--raw-dir", str(raw), "--out-dir", str(out), "--strict"])
    assert result.exit_code == 1
    assert "--strict: 2 warning findings (see findings.md)" in result.output


def test_the_record_names_every_input_and_is_not_published_at_the_top(built):
    raw, out = built
    record = uptodate.published_record(out)
    assert sorted(record["files"]) == sorted(p.name for p in raw.iterdir())
    assert not (out / uptodate.INPUTS_FILE).exists()
    assert record["outcome"] == {
        "referater": 3,
        "dirty": True,
        "strict_summary": "2 warning findings (see findings.md)",
    }


def test_a_touched_file_with_the_same_bytes_is_no_change(built):
    raw, out = built
    seed = sorted(raw.glob("*.txt"))[0]
    os.utime(seed, ns=(1, 1))
    assert uptodate.unchanged(raw, out, {"partition": False}) is not None


@pytest.mark.parametrize(
    "change",
    ["edit", "add", "remove", "sources", "other_file", "options"],
)
def test_any_change_to_the_inputs_is_a_change(built, tmp_path, change):
    raw, _out = built
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    seed = sorted(copy.glob("*.txt"))[0]
    options = {"partition": change == "options"}
    if change == "edit":
        seed.write_text(seed.read_text("utf-8").replace("Dato", "Dato ", 1), "utf-8")
    elif change == "add":
        shutil.copy(seed, copy / "extra.txt")
    elif change == "remove":
        seed.unlink()
    elif change == "sources":
        (copy / "sources.csv").write_text("file,url,retrieved\n", "utf-8")
    elif change == "other_file":
        (copy / "notes.docx").write_bytes(b"x")
    # the copy is another raw dir: compare the records' inputs, not the paths
    same = uptodate.record(copy, {"partition": False})
    changed = uptodate.record(copy, options)
    original = uptodate.record(raw, {"partition": False})
    assert same["files"].keys() == changed["files"].keys()
    if change == "options":
        assert changed["digest"] != same["digest"]
    else:
        assert {k: v[2] for k, v in changed["files"].items()} != {
            k: v[2] for k, v in original["files"].items()
        }


def test_another_raw_dir_with_the_same_files_is_a_change(built, tmp_path):
    raw, out = built
    shutil.copytree(raw, tmp_path / "raw")
    assert uptodate.unchanged(tmp_path / "raw", out, {"partition": False}) is None


def test_force_builds_again(built):
    raw, out = built
    before = os.readlink(out / "current")
    result = runner.invoke(app, ["build", "--raw-dir", str(raw), "--out-dir", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.output
    assert os.readlink(out / "current") != before


def test_a_build_rewritten_by_another_command_is_built_again(built, tmp_path):
    raw, out = built
    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)
    (copy / "current" / uptodate.INPUTS_FILE).unlink()
    assert uptodate.unchanged(raw, copy, {"partition": False}) is None
