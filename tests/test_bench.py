"""`make bench`'s seed benchmark runs (its timings are not asserted: they belong to the bench)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_build, bench_scale
from bench.bench_scale import PeakTogether, Run
from tests.conftest import RAW_DIR, SEEDS


def test_the_seed_benchmark_times_each_seed_and_a_build(capsys: pytest.CaptureFixture) -> None:
    bench_build.main(["--raw-dir", str(RAW_DIR), "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == SEEDS
    assert all(re.search(r"extract\+transform +\d+\.\d ms$", line) for line in lines[:-1])
    assert re.fullmatch(
        r"full build \(3 files, \d+ rows, \d+ expectations\): \d+\.\d\d s", lines[-1]
    )


CHILD_HOLDS_64_MB = "import time; held = b'x' * (64 * 2**20); time.sleep(1.2)"


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux /proc only")
def test_a_process_trees_memory_is_sampled_all_together() -> None:
    """A parent that holds little and a child that holds 64 MB: the tree's peak counts the
    child's; a process gone before the first sample has no peak."""
    child = f"[sys.executable, '-c', {CHILD_HOLDS_64_MB!r}]"
    parent = f"import subprocess, sys; subprocess.run({child})"
    with subprocess.Popen([sys.executable, "-c", parent]) as process:
        together = PeakTogether(process.pid)
        together.start()
    assert 64 < together.stop() < 64 + 2 * 40  # two interpreters of under 40 MB each besides
    with subprocess.Popen(["true"]) as process:
        gone = PeakTogether(process.pid)
        gone.start()
    assert math.isnan(gone.stop())


def test_a_build_is_timed_alone_and_sampled_in_another_run(tmp_path, monkeypatch) -> None:
    """The memory sampler costs the build CPU, so a build's time and max RSS are the medians of
    cold runs without it, in folders of their own (removed after each); the sampled run builds
    into ``out`` (the rebuilds use it) and gives the PSS."""
    runs, timed = [], iter([(4.6, 231.0), (4.4, 256.0), (4.5, 226.0)])

    def run_stage(python, args, scratch, cache, sampled=True):
        out = Path(args[args.index("--out-dir") + 1])
        assert not out.exists() and not cache.exists()  # every run is cold
        out.mkdir()
        cache.mkdir()
        runs.append((args, cache.name, sampled))
        return Run(4.9, 240.0, 0, 400.0) if sampled else Run(*next(timed), 0)

    monkeypatch.setattr(bench_scale, "run_stage", run_stage)
    raw, out = tmp_path / "raw-500", tmp_path / "out-500"
    build = bench_scale.measure_build("py", raw, out, tmp_path, tmp_path / "cache-500", ["-j"])
    assert build == Run(4.5, 231.0, 0, 400.0, (4.4, 4.5, 4.6), (226.0, 231.0, 256.0))
    timed_out = str(tmp_path / "out-500-timed")
    timed_args = ["build", "--raw-dir", str(raw), "-j", "--out-dir", timed_out]
    assert runs == [(timed_args, "cache-500-timed", False)] * bench_scale.TIMED_RUNS + [
        (["build", "--raw-dir", str(raw), "-j", "--out-dir", str(out)], "cache-500", True)
    ]
    assert out.is_dir() and not (tmp_path / "out-500-timed").exists()
    assert bench_scale.spread(build) == "4.40, 4.50, 4.60 s"
    assert bench_scale.rss_spread(build) == "226, 231, 256 MB"
