"""Benchmark: how long each stage takes on the referater in data/raw (or --raw-dir).

    .venv/bin/python bench/bench_build.py [--raw-dir DIR] [--repeat N]

Prints the median of N runs of extract+transform per file, and one full build (GX included).
Timing lives here, not in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from pipeline import run
from pipeline.discovery import discover
from pipeline.extract import read_referat
from pipeline.transform import transform


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, default=Path("data/raw"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    paths = discover(args.raw_dir).referater
    for path in paths:
        seconds = median_seconds(
            lambda p=path: transform([read_referat(p, args.raw_dir)]), args.repeat
        )
        lines = path.read_bytes().count(b"\n") + 1
        print(f"{path.name:40} {lines:6d} lines  extract+transform {seconds * 1000:8.1f} ms")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        report = run.build(args.raw_dir, Path(out) / "processed")
        total = time.perf_counter() - start
    print(
        f"full build ({len(report.files_read)} files, {sum(report.rows.values())} rows, "
        f"{report.expectations_passed + report.expectations_failed} expectations): {total:.2f} s"
    )


if __name__ == "__main__":
    main()
