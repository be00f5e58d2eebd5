"""``notebooks/explore.ipynb`` runs top to bottom on a build of the seeds (nbclient), so it
cannot rot: every cell executes without an error, the chart is drawn, integers stay integers."""

import os

import nbformat
import pytest
from nbclient import NotebookClient
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import RAW_DIR, ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> nbformat.NotebookNode:
    out = tmp_path_factory.mktemp("nb") / "out"
    result = CliRunner().invoke(app, ["build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    os.environ["KKR_OUT"] = str(out)
    try:
        where = {"metadata": {"path": str(NOTEBOOK.parent)}}
        NotebookClient(notebook, timeout=120, kernel_name="python3", resources=where).execute()
    finally:
        del os.environ["KKR_OUT"]
    return notebook


def outputs(notebook) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def test_every_cell_runs(executed):
    assert [o for o in outputs(executed) if o.output_type == "error"] == []


def test_integers_stay_integers(executed):
    first = executed.cells[1].outputs[0]["data"]["text/plain"]
    assert "kommune_code" in first and "int" in first and "float" not in first


def test_the_chart_is_drawn(executed):
    assert any("image/png" in o.get("data", {}) for o in outputs(executed))


def test_the_largest_quota_is_aalborg(executed):
    text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs(executed))
    assert "Aalborg" in text and "24" in text
