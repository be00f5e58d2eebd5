"""`make bench`'s seed benchmark runs (its timings are not asserted: they belong to the bench)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench import bench_build
from bench.bench_scale import PeakTogether
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
