"""``pipeline.lazy``: a module imported when first used works as ever; the modules GX imports for
an expectation the suites never use, and DuckDB in a build's main process, are not imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pipeline import lazy
from tests.conftest import RAW_DIR

IMPORT_THE_SUITES = """
import json, sys
import pipeline.validate.expectations
loaded = [m for m in ("scipy.stats._stats_py", "altair.vegalite") if m in sys.modules]
from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
entropy = kl.stats.entropy([0.5, 0.5], [0.9, 0.1])
chart = kl.alt.Chart.__name__
print(json.dumps([loaded, round(entropy, 6), chart, type(sys.modules["altair"]).__name__]))
"""


def test_the_suites_import_without_them_and_the_expectation_still_has_them():
    out = subprocess.run([sys.executable, "-c", IMPORT_THE_SUITES], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    loaded, entropy, chart, altair = json.loads(out)
    assert loaded == []  # neither was imported with the suites
    assert entropy == 0.510826  # scipy.stats.entropy, imported on first use
    assert chart == "Chart"
    assert altair == "module"  # the real altair took the stand-in's place


def test_a_stand_in_imports_the_module_when_first_used(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    stand_in = lazy.stand_in("colorsys")
    monkeypatch.setitem(sys.modules, "colorsys", stand_in)
    import colorsys  # the import under test

    assert colorsys is stand_in  # importing it again loads nothing
    assert "rgb_to_hsv" not in vars(stand_in)
    assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert sys.modules["colorsys"] is not stand_in
    assert sys.modules["colorsys"].rgb_to_hsv is colorsys.rgb_to_hsv


def test_defer_stands_in_only_for_a_module_not_yet_imported(monkeypatch):
    real = sys.modules["json"]
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    monkeypatch.setitem(sys.modules, "colorsys", None)  # undone after the test, like the next
    del sys.modules["colorsys"]
    lazy.defer(("json", "colorsys"))
    assert sys.modules["json"] is real
    assert "__getattr__" in vars(sys.modules["colorsys"])  # a stand-in


BUILD_THE_SEEDS = """
import sys
from pathlib import Path
from pipeline import run
run.build(Path(sys.argv[1]), Path(sys.argv[2]))
print("duckdb" in sys.modules, (Path(sys.argv[2]) / "kkr.duckdb").is_file())
"""


def test_a_build_loads_duckdb_only_in_its_loader_process(tmp_path):
    env = os.environ | {"KKR_CACHE_DIR": str(tmp_path / "cache" / "pdf")}
    out = subprocess.run(
        [sys.executable, "-c", BUILD_THE_SEEDS, str(RAW_DIR), str(tmp_path / "out")],
        capture_output=True, text=True, check=True, env=env,
    ).stdout  # fmt: skip
    assert out.split() == ["False", "True"]  # not in the main process; the database is made


def test_lazy_gives_an_imported_module_itself():
    assert lazy.lazy("json") is sys.modules["json"]
    stand_in = lazy.lazy("pipeline.not_a_module_yet")
    assert "pipeline.not_a_module_yet" not in sys.modules  # nothing imported, nothing registered
    assert isinstance(stand_in, type(sys))
