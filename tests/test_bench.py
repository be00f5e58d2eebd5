"""`make bench`'s seed benchmark runs (its timings are not asserted: they belong to the bench)."""

from __future__ import annotations

import re

import pytest

from bench import bench_build
from tests.conftest import RAW_DIR, SEEDS


def test_the_seed_benchmark_times_each_seed_and_a_build(capsys: pytest.CaptureFixture) -> None:
    bench_build.main(["--raw-dir", str(RAW_DIR), "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == SEEDS
    assert all(re.search(r"extract\+transform +\d+\.\d ms$", line) for line in lines[:-1])
    assert re.fullmatch(
        r"full build \(3 files, \d+ rows, \d+ expectations\): \d+\.\d\d s", lines[-1]
    )
