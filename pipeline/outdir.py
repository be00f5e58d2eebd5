"""The out dir is the pipeline's alone. Its layout::

    OUT/.kkr-build           marker: this folder holds kkr builds (nothing else is ever replaced)
    OUT/.lock                held by the one build writing here (a second one is refused)
    OUT/versions/<id>/       one complete build each: Parquet, kkr.duckdb, findings.md, docs/
    OUT/current -> versions/<id>          the published build, switched by one atomic rename
    OUT/<name> -> current/<name>          every published file at the top, as users expect

A build writes a new folder under ``versions/`` and, once it is complete, switches ``current`` to
it with one ``rename`` of a symlink: a reader (``kkr sql``, a DuckDB or pandas user) sees the old
build or the new one, never half of one, and a reader that opened the old files keeps them. The
build before the current one is kept; older ones and the half-written folders of killed builds
are removed by the next build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import OutDirRefused

MARKER = ".kkr-build"
LOCK = ".lock"
CURRENT = "current"
VERSIONS = "versions"
BUILDING = ".building-"
"""Prefix of a version folder still being written (a killed build leaves one behind)."""

KEEP_VERSIONS = 2
"""The published build and the one before it (for readers still holding its files)."""

BUILD_OUTPUT = re.compile(
    r".+\.parquet|kkr\.duckdb(?:\.wal)?|findings\.md|report\.html|docs|partitioned"
)
"""Names a build publishes at the top of the out dir: a folder holding only these (and no
marker) is a build of an earlier release of the pipeline, and is ours to replace."""

_OWN = {MARKER, LOCK, CURRENT, VERSIONS}


def check_apart(raw_dir: Path, out_dir: Path) -> None:
    """Refuse an out dir that is, holds or lies inside the raw dir: a build would overwrite
    referater, or read its own output as input."""
    raw, out = raw_dir.resolve(), out_dir.resolve()
    if raw == out or raw in out.parents or out in raw.parents:
        raise OutDirRefused(
            f"{out_dir}: the out dir may not be, contain or lie inside the raw dir {raw_dir}"
        )


def claim(out_dir: Path) -> None:
    """Make ``out_dir`` the pipeline's: create it when missing; accept it when empty or when it
    holds a previous build; refuse anything else (a file, a user's folder) untouched."""
    if out_dir.is_symlink() and not out_dir.exists():
        raise OutDirRefused(f"{out_dir}: is a broken link; choose another --out-dir")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutDirRefused(f"{out_dir}: is a file, not a folder; choose another --out-dir")
    if out_dir.is_dir():
        foreign = _foreign_entries(out_dir)
        if foreign:
            raise OutDirRefused(
                f"{out_dir}: holds files the pipeline did not write ({foreign[0]!r}"
                f"{f' and {len(foreign) - 1} more' if len(foreign) > 1 else ''}); "
                "left untouched: choose an empty or new folder as --out-dir"
            )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / MARKER).write_text("kkr-data build output: the pipeline replaces it\n", "utf-8")
    except OSError as exc:
        raise OutDirRefused(f"{out_dir}: cannot write there ({exc.strerror})") from exc


def _foreign_entries(out_dir: Path) -> list[str]:
    names = sorted(p.name for p in out_dir.iterdir())
    if MARKER in names:
        return []
    return [n for n in names if n not in _OWN and not BUILD_OUTPUT.fullmatch(n)]


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold ``OUT/.lock`` for the duration; a second build at the same time is refused."""
    with open(out_dir / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutDirRefused(
                f"{out_dir}: another kkr command is writing here; try again when it has finished"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def published(out_dir: Path) -> Path:
    """The folder of the published build: ``OUT/current`` resolved, or ``OUT`` itself for a
    build of an earlier release (files at the top)."""
    current = out_dir / CURRENT
    return current.resolve() if current.is_symlink() and current.exists() else out_dir


@contextlib.contextmanager
def new_version(out_dir: Path, *, keep: bool = False) -> Iterator[Path]:
    """A folder to write a build into (holding a copy of the published build when ``keep``).
    When the block ends without an exception it is published; otherwise it is removed and the
    published build stays as it was."""
    claim(out_dir)
    with locked(out_dir):
        versions = out_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        _remove_stale(versions)
        stage = versions / f"{BUILDING}{time.time_ns()}"
        try:
            if keep:
                _copy_build(published(out_dir), stage)
            stage.mkdir(exist_ok=True)
            yield stage
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        final = stage.with_name(stage.name.removeprefix(BUILDING))
        stage.rename(final)
        _publish(out_dir, final)
        _prune(versions, keep=final)


def _copy_build(source: Path, stage: Path) -> None:
    if not source.is_dir():
        return
    stage.mkdir()
    for entry in source.iterdir():
        if BUILD_OUTPUT.fullmatch(entry.name) and not entry.is_symlink():
            copy = shutil.copytree if entry.is_dir() else shutil.copy2
            copy(entry, stage / entry.name)


def _publish(out_dir: Path, version: Path) -> None:
    """Switch ``current`` to ``version`` in one rename, then make the top-level links match."""
    link = out_dir / f".{CURRENT}-{version.name}"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(VERSIONS) / version.name)
    os.replace(link, out_dir / CURRENT)
    names = {p.name for p in version.iterdir() if not p.name.startswith(".")}  # .inputs.json
    for entry in out_dir.iterdir():
        if BUILD_OUTPUT.fullmatch(entry.name) and entry.name not in names:
            _remove(entry)  # a table the new build no longer has, or a legacy file
    for name in sorted(names):
        top = out_dir / name
        if not top.is_symlink() or os.readlink(top) != f"{CURRENT}/{name}":
            tmp = out_dir / f".{name}.link"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(Path(CURRENT) / name)
            if top.is_dir() and not top.is_symlink():
                shutil.rmtree(top)  # a legacy docs/ folder: a rename cannot replace a folder
            os.replace(tmp, top)


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink(missing_ok=True)


def _remove_stale(versions: Path) -> None:
    """Half-written folders of builds that were killed (the lock is ours, so none is live)."""
    for entry in versions.glob(f"{BUILDING}*"):
        shutil.rmtree(entry, ignore_errors=True)


def _prune(versions: Path, keep: Path) -> None:
    """Every version but the newest ``KEEP_VERSIONS`` (``keep`` always among them)."""
    done = sorted(
        (p for p in versions.iterdir() if not p.name.startswith(".")),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )
    for old in done[:-KEEP_VERSIONS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
