"""Benchmark at scale (issue "Scale"): N generated referater through every stage, each stage a
process of its own, against a one-regex-per-line baseline over the same bytes.

    .venv/bin/python bench/bench_scale.py                      # N = 500, 1000, 2000, 4000
    .venv/bin/python bench/bench_scale.py --sizes 500,1000 --rebuild-n 1000
    .venv/bin/python bench/bench_scale.py --build-args "--jobs 2"
    .venv/bin/python bench/bench_scale.py --quick               # smoke run, N = 50, writes nothing

The referater are drawn from the seeds in data/raw: each copy names another KKR (the five regions
in turn) and another date (one day apart), so no two are the same meeting; the rest of the text is
the seed's. They live in a temporary folder that is removed afterwards, never in the repo.

Every stage runs as ``python -m pipeline <stage>`` from the repo this script is in (so this
checkout's code runs), under ``/usr/bin/time -v`` for its peak memory (max RSS). A whole build
runs four times, cold: three times timed alone (its time is their median), then with the PSS
of its processes sampled (the sampler costs CPU the build would have). MB/s is the
corpus's bytes over the stage's wall time, process start included (validate and load read the
Parquet tables, not the corpus, but are given per corpus MB so the stages add up).

Results go between the ``<!-- scale:start -->`` / ``<!-- scale:end -->`` markers of
bench/RESULTS.md (``--results``); the rest of that file is kept. Timing lives here, not in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw"
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
FIRST_DATE = dt.date(2008, 1, 7)
KKR_LINE = re.compile(r"^(\W*)KKR\s+\w+(\W*)$", re.M)
DATE_LINE = re.compile(r"^(\W*Dato\W*)\d{2}-\d{2}-\d{4}", re.M)
BASELINE_REGEX = re.compile(r"\d[\d.]*(?:,\d+)?\s*(?:mio\.|mia\.|kr\.|%|pladser)", re.IGNORECASE)
"""The baseline's one regex: an amount, share or number of places, as a money or quota rule
looks for it, written to be fast (it starts at a digit, so the search skips from digit to
digit): the cheapest pass over every line that still finds the figures."""
STAGES = ("extract", "transform", "validate", "load")
MB = 1e6


# --------------------------------------------------------------------------- corpus


def seeds() -> list[tuple[str, str]]:
    """(name, text) of every seed ``.txt`` referat."""
    return [(p.stem, p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def referat(seed: str, index: int) -> str:
    """The seed as meeting ``index``: KKR ``REGIONS[index % 5]`` on ``FIRST_DATE + index`` days."""
    region = REGIONS[index % len(REGIONS)].upper()
    date = (FIRST_DATE + dt.timedelta(days=index)).strftime("%d-%m-%Y")
    text, kkr = KKR_LINE.subn(lambda m: f"{m[1]}KKR {region}{m[2]}", seed, count=1)
    text, dated = DATE_LINE.subn(lambda m: f"{m[1]}{date}", text, count=1)
    if not (kkr and dated):
        raise SystemExit("a seed has no 'KKR <REGION>' or 'Dato: dd-mm-yyyy' line")
    return text


def make_corpus(folder: Path, n: int) -> int:
    """Write ``n`` distinct referater into ``folder``; their total bytes."""
    folder.mkdir(parents=True)
    pool, total = seeds(), 0
    for i in range(n):
        name, seed = pool[i % len(pool)]
        data = referat(seed, i).encode("utf-8")
        (folder / f"{i:05d}_{name}.txt").write_bytes(data)
        total += len(data)
    return total


def change_one(folder: Path) -> Path:
    """Change a figure in the body of one referat (the middle one): the file a rebuild re-reads."""
    files = sorted(folder.glob("*.txt"))
    path = files[len(files) // 2]
    lines = path.read_text("utf-8").split("\n")
    for k in range(60, len(lines)):
        match = re.search(r"\b\d{2,}\b", lines[k])
        if match:
            bumped = str(int(match[0]) + 1)
            lines[k] = lines[k][: match.start()] + bumped + lines[k][match.end() :]
            break
    path.write_text("\n".join(lines), "utf-8")
    return path


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One run of a command: its wall time, peak memory (the max RSS of its largest process,
    and of all its processes together: see :class:`PeakTogether`) and exit code."""

    seconds: float
    max_rss_mb: float
    code: int
    together_mb: float = float("nan")
    runs: tuple[float, ...] = ()
    """The seconds of each timed run, when ``seconds`` is their median (a whole build)."""
    runs_rss_mb: tuple[float, ...] = ()
    """The max RSS of each timed run, when ``max_rss_mb`` is their median (a whole build)."""


TIMED_RUNS = 3
"""Cold builds timed for each N: a build's time is their median (the machine's speed varies
from run to run by a few per cent, as much as a target's margin)."""

SAMPLE_EVERY = 0.25
"""Seconds between two samples of :class:`PeakTogether`."""


class PeakTogether(threading.Thread):
    """The peak of a process tree's memory all together, sampled every :data:`SAMPLE_EVERY`
    seconds until :meth:`stop`: the PSS (resident pages, each shared page split among the
    processes sharing it) summed over the process and its descendants. A build's worker and
    validation processes are forked, so each one's max RSS counts the pages it shares with
    the main process; the PSS sum counts every page once. ``nan`` where ``/proc`` has no
    ``smaps_rollup`` (not Linux). A sample is not free: the kernel walks each process's page
    tables to sum its PSS, some 7-9 ms of CPU a sample during a build (3 % of a core at four
    samples a second, taken from the build on a machine whose cores it keeps busy), so a
    build is timed in a run of its own, without it (:func:`measure_build`)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()
        self.works = Path(f"/proc/{pid}/smaps_rollup").exists()

    def run(self) -> None:
        while self.works and not self.done.wait(SAMPLE_EVERY):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, process_tree(self.pid))))

    def stop(self) -> float:
        """The peak in MB (``nan`` when the process ended before the first sample)."""
        self.done.set()
        self.join()
        return self.peak_kb / 1024 if self.works and self.peak_kb else float("nan")


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it (read from ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(stat[1]), []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        tree.append(todo.pop())
        todo += children.get(tree[-1], [])
    return tree


def _pss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0  # the process ended between the listing and the reading


def run_stage(
    python: str, args: list[str], scratch: Path, cache: Path, sampled: bool = True
) -> Run:
    """``python -m pipeline ARGS`` from the repo under ``/usr/bin/time -v``, its caches (PDF
    text, each file's rows) in ``cache``: a fresh folder is a cold build, the folder of an
    earlier build a warm one. ``sampled``: its processes' PSS sampled meanwhile
    (:class:`PeakTogether`; else ``together_mb`` is ``nan``)."""
    timing = scratch / "time.txt"
    command = ["/usr/bin/time", "-v", "-o", str(timing), python, "-m", "pipeline", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "160",
           "KKR_CACHE_DIR": str(cache / "pdf-text")}  # fmt: skip
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as done:  # fmt: skip
        together = PeakTogether(done.pid) if sampled else None
        if together is not None:
            together.start()
        stdout, stderr = done.communicate()
    seconds = time.perf_counter() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing.read_text())
    if done.returncode:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-5:])
        print(f"  ! {' '.join(args[:1])} exited {done.returncode}: {tail}", file=sys.stderr)
    rss_mb = int(rss[1]) / 1024 if rss else float("nan")
    return Run(seconds, rss_mb, done.returncode, together.stop() if together else float("nan"))


def baseline(folder: Path, repeat: int = 3) -> tuple[float, int]:
    """Seconds (best of ``repeat``) to read every file and search each line with one regex;
    and the number of matches (so the work is not optimised away)."""
    best, hits = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        hits = 0
        for path in sorted(folder.iterdir()):
            text = path.read_bytes().decode("utf-8")
            for line in text.splitlines():
                if BASELINE_REGEX.search(line):
                    hits += 1
        best = min(best, time.perf_counter() - start)
    return best, hits


@dataclass
class SizeResult:
    n: int
    bytes: int
    baseline_s: float
    stages: dict[str, Run] = field(default_factory=dict)
    build: Run | None = None


@dataclass
class RebuildResult:
    n: int
    first: Run
    unchanged: Run
    one_changed: Run
    validate_s: float | None


def measure_size(python: str, n: int, work: Path, build_args: list[str], keep: bool):
    """Every stage, then the whole build, on ``n`` referater. The corpus and the build's out dir
    are returned when ``keep`` (for the rebuilds), else removed."""
    raw = work / f"raw-{n}"
    size = make_corpus(raw, n)
    base_s, _ = baseline(raw)
    result = SizeResult(n, size, base_s)
    print(f"N={n}: {size / MB:.1f} MB, baseline {size / MB / base_s:.1f} MB/s", flush=True)
    staged = work / f"staged-{n}"
    stage_args = {
        "extract": ["extract", "--raw-dir", str(raw)],
        "transform": ["transform", "--raw-dir", str(raw), "--out-dir", str(staged)],
        "validate": ["validate", "--out-dir", str(staged)],
        "load": ["load", "--out-dir", str(staged)],
    }
    for stage in STAGES:
        result.stages[stage] = run_stage(
            python, stage_args[stage], work, work / f"cache-{n}-{stage}"
        )
        show(f"  {stage}", result.stages[stage], size)
    shutil.rmtree(staged, ignore_errors=True)
    out = work / f"out-{n}"
    result.build = measure_build(python, raw, out, work, work / f"cache-{n}", build_args)
    show("  build", result.build, size)
    if keep:
        return result, raw, out
    shutil.rmtree(raw)
    shutil.rmtree(out, ignore_errors=True)
    return result, None, None


def measure_build(
    python: str, raw: Path, out: Path, work: Path, cache: Path, build_args: list[str]
) -> Run:
    """A cold build of ``raw``, :data:`TIMED_RUNS` times alone (no sampler beside it, see
    :class:`PeakTogether`), then once more into ``out`` (kept for the rebuilds) with its
    processes' PSS sampled. Its time and its max RSS are the medians of the timed runs' (each
    kept, in ``runs`` and ``runs_rss_mb``): the largest process's peak varies from run to run
    too (by 10-30 MB between runs of the same code: RSS counts the library pages resident at
    the time, and a child's RSS what the main process held when it was forked), and the
    flat-memory target compares two of them."""
    args = ["build", "--raw-dir", str(raw), *build_args]
    timed_out, timed_cache = work / f"{out.name}-timed", work / f"{cache.name}-timed"
    timed = []
    for _ in range(TIMED_RUNS):
        timed.append(run_stage(python, [*args, "--out-dir", str(timed_out)], work, timed_cache,
                               False))  # fmt: skip
        shutil.rmtree(timed_out, ignore_errors=True)
        shutil.rmtree(timed_cache, ignore_errors=True)
    sampled = run_stage(python, [*args, "--out-dir", str(out)], work, cache)
    seconds, rss = sorted(run.seconds for run in timed), sorted(run.max_rss_mb for run in timed)
    return Run(statistics.median(seconds), statistics.median(rss),
               next((r.code for r in [*timed, sampled] if r.code), 0), sampled.together_mb,
               tuple(seconds), tuple(rss))  # fmt: skip


def measure_rebuilds(python, sized: SizeResult, raw: Path, out: Path, work: Path, build_args):
    """Rebuild into the same out dir with nothing changed, then after changing one file."""
    args = ["build", "--raw-dir", str(raw), "--out-dir", str(out), *build_args]
    cache = work / f"cache-{sized.n}"  # the first build's: every file's rows are in it
    unchanged = run_stage(python, args, work, cache)
    show(f"  rebuild, nothing changed (N={sized.n})", unchanged)
    changed = change_one(raw)
    one = run_stage(python, args, work, cache)
    show(f"  rebuild, {changed.name} changed", one)
    validate = sized.stages.get("validate")
    return RebuildResult(sized.n, sized.build, unchanged, one, validate and validate.seconds)


def show(label: str, run: Run, size: int | None = None) -> None:
    speed = f"  {size / MB / run.seconds:6.2f} MB/s" if size else ""
    failed = f"  (exit {run.code})" if run.code else ""
    memory = f"{run.max_rss_mb:7.0f} MB ({run.together_mb:.0f} MB all processes)"
    runs = f"  (medians of {spread(run)}; {rss_spread(run)})" if run.runs else ""
    print(f"{label:44} {run.seconds:7.2f} s{speed}  {memory}{failed}{runs}", flush=True)


def spread(run: Run) -> str:
    """The seconds of ``run``'s timed runs, ``4.39, 4.47, 4.51 s``."""
    return ", ".join(f"{x:.2f}" for x in run.runs) + " s"


def rss_spread(run: Run) -> str:
    """The max RSS of ``run``'s timed runs, ``226, 231, 238 MB``."""
    return ", ".join(f"{x:.0f}" for x in run.runs_rss_mb) + " MB"


# --------------------------------------------------------------------------- report


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**met**" if ok else "**not met**")


def render(sizes: list[SizeResult], rebuild: RebuildResult | None, build_args: list[str]) -> str:
    by_n = {s.n: s for s in sizes}
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    flags = f" `{shlex.join(build_args)}`" if build_args else " (no extra flags)"
    out = [
        START,
        '## Scale: generated referater through every stage (issue "Scale")',
        "",
        f"Made by `bench/bench_scale.py` (`make bench`) on {when}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load} when written; `kkr build`{flags}. "
        "N referater are drawn from the three seeds (each copy another KKR and date, so none "
        "is a duplicate meeting; about "
        f"{sizes[0].bytes / sizes[0].n / 1000:.0f} KB each). Every stage is a process of its own "
        "(`python -m pipeline <stage>`, start-up and imports included); MB/s is corpus MB (10^6 "
        "bytes) over wall time, for validate and load too (they read the Parquet tables). Peak "
        "memory is the largest process's max RSS (`/usr/bin/time -v`); *all processes* is the "
        "peak of the PSS summed over the build's processes (main, workers, validation and its "
        "children, the loader; each "
        f"shared page counted once), sampled every {SAMPLE_EVERY} s. A build runs "
        f"{TIMED_RUNS + 1} times, cold: {TIMED_RUNS} times timed alone (its time is their "
        "median; each is under *Seconds per stage*), then again with its PSS sampled (a sample "
        "takes the kernel 7-9 ms of CPU, some 3 % of a core the build would have); its max "
        "RSS is the median of the timed runs' (each under *Peak memory*). The stages and "
        "the rebuilds run once each, timed with the sampler. The baseline reads every "
        "file and "
        "searches each line with one regex (an amount, share or number of places, "
        f"`{BASELINE_REGEX.pattern}`), in the benchmark's own process, best of 3. No cache "
        "is shared between runs: each stage and each first build starts cold.",
        "",
        "### MB/s per stage",
        "",
        "| N | MB | baseline | extract | transform | validate | load | **build** | build s "
        "| build / baseline |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        mbs = {k: s.bytes / MB / r.seconds for k, r in s.stages.items()}
        base = s.bytes / MB / s.baseline_s
        build = s.bytes / MB / s.build.seconds
        out.append(
            f"| {s.n:,} | {s.bytes / MB:.1f} | {base:.1f} | "
            + " | ".join(f"{mbs[k]:.2f}" for k in STAGES)
            + f" | **{build:.2f}** | {s.build.seconds:.2f}"
            + f" | {s.build.seconds / s.baseline_s:,.0f}× |"
        )
    out += [
        "",
        "Seconds per stage: "
        + "; ".join(
            f"N={s.n:,}: "
            + ", ".join(f"{k} {r.seconds:.1f}" for k, r in s.stages.items())
            + f", build {s.build.seconds:.2f} (median of {spread(s.build)})"
            for s in sizes
        )
        + ".",
        "",
        "### Peak memory (max RSS, MB)",
        "",
        "| N | extract | transform | validate | load | **build** | build, all processes (PSS) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        out.append(
            f"| {s.n:,} | "
            + " | ".join(f"{s.stages[k].max_rss_mb:.0f}" for k in STAGES)
            + f" | **{s.build.max_rss_mb:.0f}** | {s.build.together_mb:.0f} |"
        )
    out += [
        "",
        "Build, each timed run: "
        + "; ".join(f"N={s.n:,}: {rss_spread(s.build)}" for s in sizes if s.build.runs)
        + ".",
        "",
        "### Incremental rebuilds",
        "",
    ]
    if rebuild:
        allowance = rebuild.validate_s
        out += [
            f"Into the out dir of a first build of N = {rebuild.n:,} "
            f"({rebuild.first.seconds:.1f} s): rebuild with nothing changed "
            f"**{rebuild.unchanged.seconds:.1f} s**; rebuild after changing one figure in one file "
            f"**{rebuild.one_changed.seconds:.1f} s**"
            + (f" (`kkr validate` alone took {allowance:.1f} s at this N)." if allowance else "."),
            "The rebuilds use the first build's cache (each file's rows, by content hash and "
            "code version); every other run above starts with an empty cache, as a first "
            "build on a new machine does.",
        ]
    else:
        out.append("Not measured (not reached yet, or `--rebuild-n` is not one of `--sizes`).")
    out += ["", "### Targets", "", "| target | measured | |", "|---|---|---|"]
    out += [f"| {t} | {m} | {v} |" for t, m, v in targets(by_n, rebuild)]
    out += ["", END]
    return "\n".join(out)


def targets(by_n: dict[int, SizeResult], rebuild: RebuildResult | None):
    rows = []
    for s in by_n.values():
        speed = s.bytes / MB / s.build.seconds
        ratio = s.build.seconds / s.baseline_s
        rows.append((f"end to end ≥ 5 MB/s (N={s.n:,})", f"{speed:.2f} MB/s", verdict(speed >= 5)))
        rows.append((f"within 5× the baseline (N={s.n:,})", f"{ratio:,.0f}×", verdict(ratio <= 5)))
    if 2000 in by_n:
        secs = by_n[2000].build.seconds
        rows.append(("2,000 referater in < 20 s", f"{secs:.1f} s", verdict(secs < 20)))
    else:
        largest = max(by_n.values(), key=lambda s: s.n)
        guess = largest.build.seconds * 2000 / largest.n
        rows.append(
            (
                "2,000 referater in < 20 s",
                f"~{guess:.0f} s (linear from N={largest.n:,})",
                "not measured",
            )
        )
    peak = max(s.build.max_rss_mb for s in by_n.values())
    together = max(s.build.together_mb for s in by_n.values())
    under = peak < 1024 and not together >= 1024  # nan (no /proc): the largest process alone
    measured = f"{peak:.0f} MB (largest process), {together:.0f} MB (all processes)"
    rows.append(("peak memory < 1 GB", measured, verdict(under)))
    if 1000 in by_n and 4000 in by_n:
        a, b = by_n[1000].build.max_rss_mb, by_n[4000].build.max_rss_mb
        flat = verdict(b <= a * 1.1)
        rows.append(("memory flat: 4,000 ≤ 1,000 × 1.1", f"{b:.0f} / {a:.0f} MB", flat))
    else:
        ns = sorted(by_n)
        lo, hi = by_n[ns[0]].build.max_rss_mb, by_n[ns[-1]].build.max_rss_mb
        rows.append(
            (
                "memory flat: 4,000 ≤ 1,000 × 1.1",
                f"N={ns[-1]:,} / N={ns[0]:,}: {hi:.0f} / {lo:.0f} MB (× {hi / lo:.2f})",
                "not measured",
            )
        )
    if rebuild:
        allowance = 2 + (rebuild.validate_s or 0)
        n = f" (N={rebuild.n:,})"
        rows.append(
            (
                f"rebuild after one change < 2 s + validation{n}",
                f"{rebuild.one_changed.seconds:.1f} s (limit {allowance:.1f} s)",
                verdict(rebuild.one_changed.seconds < allowance),
            )
        )
        rows.append(
            (
                f"rebuild, nothing changed < 1 s{n}",
                f"{rebuild.unchanged.seconds:.1f} s",
                verdict(rebuild.unchanged.seconds < 1),
            )
        )
    else:
        rows.append(("rebuilds", "", "not measured"))
    if any(s.build.code or any(r.code for r in s.stages.values()) for s in by_n.values()):
        rows.append(("every process exited 0", "no (see the run's output)", "**not met**"))
    return rows


def write_results(path: Path, section: str) -> None:
    """Replace the text between the markers in ``path`` (or append it), keeping the rest."""
    old = path.read_text("utf-8") if path.is_file() else "# Benchmark results\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + section + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(new, "utf-8")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,1000,2000,4000", help="N, comma-separated")
    parser.add_argument(
        "--rebuild-n",
        type=int,
        default=2000,
        help="N (of --sizes) whose build the rebuilds reuse; 0: none",
    )
    parser.add_argument("--build-args", default="", help='extra kkr build flags, e.g. "--jobs 2"')
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs kkr")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: N=50, rebuilds at 50, no results written"
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="file for the section (default bench/RESULTS.md; with --quick none)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    sizes = [50] if args.quick else [int(x.replace("_", "")) for x in args.sizes.split(",") if x]
    rebuild_n = 50 if args.quick else args.rebuild_n
    results = args.results or (None if args.quick else RESULTS)
    build_args = shlex.split(args.build_args)

    measured, rebuild = [], None
    with tempfile.TemporaryDirectory(prefix="kkr-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            sized, raw, out = measure_size(args.python, n, work, build_args, keep=n == rebuild_n)
            measured.append(sized)
            if results:  # after each size, so an interrupted run still leaves its numbers
                write_results(results, render(measured, rebuild, build_args))
            if raw is not None:
                rebuild = measure_rebuilds(args.python, sized, raw, out, work, build_args)
                shutil.rmtree(raw)
                shutil.rmtree(out, ignore_errors=True)
                if results:
                    write_results(results, render(measured, rebuild, build_args))
    section = render(measured, rebuild, build_args)
    print()
    for target, value, met in targets({s.n: s for s in measured}, rebuild):
        print(f"{target:52} {value:40} {met.replace('*', '')}")
    if results:
        write_results(results, section)
        print(f"wrote {results}")
    if args.json:
        data = {"sizes": [asdict(s) for s in measured], "rebuild": rebuild and asdict(rebuild)}
        args.json.write_text(json.dumps(data, indent=2), "utf-8")
    failed = any(s.build.code or any(r.code for r in s.stages.values()) for s in measured)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
