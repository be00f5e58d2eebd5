"""Whether a build would change anything. A build records what it was made from in its version
folder (``.inputs.json``): every raw file's SHA-256 (with its size and modification time, so an
untouched file is not read again to tell), the code, the SQL views, the suites and the options.
``kkr build`` compares the raw dir with that record before anything else; when nothing differs,
the published build is what a new build would write, byte for byte, and nothing is done.

Light to import on purpose: the check runs before pandas, DuckDB or Great Expectations load."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from pipeline.discovery import SOURCES_FILE, discover, relative
from pipeline.outdir import published

PIPELINE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PIPELINE_DIR.parent
INPUTS_FILE = ".inputs.json"
"""The record of a build's inputs, in its version folder (not published at the top, and not
copied by the commands that rewrite part of a build: only ``kkr build`` writes it)."""


@cache
def code_version() -> str:
    """A digest of the pipeline's code and reference data: a cached result is used only by the
    code that made it."""
    return _digest_tree(PIPELINE_DIR, (".py", ".csv"))


@cache
def build_version() -> str:
    """:func:`code_version` with the SQL views and the expectation suites: what a build's
    output depends on besides its inputs."""
    parts = (code_version(), _digest_tree(PROJECT_ROOT / "sql", (".sql",)),
             _digest_tree(PROJECT_ROOT / "expectations", (".json",)))  # fmt: skip
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


def _digest_tree(root: Path, suffixes: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in suffixes):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def record(raw_dir: Path, options: Mapping[str, object], known: Mapping | None = None) -> dict:
    """What a build of ``raw_dir`` with ``options`` is made from: ``files`` (name -> size,
    modification time, SHA-256) and ``digest``, one hash of all of it. ``known`` is an earlier
    record: a file with the size and time it gives is not read again."""
    found = discover(raw_dir)
    paths = [*found.referater, *found.others]
    paths += [raw_dir / SOURCES_FILE] if (raw_dir / SOURCES_FILE).is_file() else []
    files = dict(_file_entries(raw_dir, paths, (known or {}).get("files", {})))
    inputs = {
        "build": build_version(),
        "raw_dir": str(raw_dir.resolve()),
        "options": dict(options),
        "files": {name: entry[2] for name, entry in sorted(files.items())},
        "problems": found.problems,
    }
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False)
    return {"digest": hashlib.sha256(text.encode()).hexdigest(), "files": files}


def _file_entries(raw_dir: Path, paths: Iterable[Path], known: Mapping[str, list]):
    for path in paths:
        name = relative(path, raw_dir)
        try:
            info = path.stat()
        except OSError:
            yield name, [None, None, None]  # unreadable: the build reports it
            continue
        entry = known.get(name)
        if entry and entry[:2] == [info.st_size, info.st_mtime_ns]:
            yield name, entry
        else:
            yield name, [info.st_size, info.st_mtime_ns, _sha256(path)]


def _sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def published_record(out_dir: Path) -> dict | None:
    """The record of the build published in ``out_dir``, or None (no build, or one written by
    another command or an earlier release)."""
    try:
        return json.loads((published(out_dir) / INPUTS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def unchanged(raw_dir: Path, out_dir: Path, options: Mapping[str, object]) -> dict | None:
    """The published build's record when a build of ``raw_dir`` into ``out_dir`` with
    ``options`` would write what is already there; None when something changed."""
    earlier = published_record(out_dir)
    if earlier is None or not raw_dir.is_dir():
        return None
    now = record(raw_dir, options, earlier)
    return earlier if now["digest"] == earlier.get("digest") else None


def write_record(folder: Path, inputs: dict, outcome: Mapping[str, object]) -> None:
    """Keep ``inputs`` (from :func:`record`) and what the build found (``outcome``: counts for
    the console, whether it was dirty) in the version folder ``folder``."""
    text = json.dumps({**inputs, "outcome": dict(outcome)}, sort_keys=True, ensure_ascii=False)
    (folder / INPUTS_FILE).write_text(text + "\n", "utf-8")
