"""Discovery: what the raw dir holds (referat files, other files, entries that cannot be read),
in path order. Kept apart from the readers and light to import: ``kkr build`` asks it first
whether anything changed since the last build."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

REFERAT_SUFFIXES = (".txt", ".md", ".pdf")
"""Files under the raw dir with these endings are referater; any other file is reported."""

SOURCES_FILE = "sources.csv"
"""The optional list of where each referat came from (``file,url,retrieved``), at the top of
the raw dir: not a referat, not reported as one."""


@dataclass(frozen=True)
class Discovery:
    """What the raw dir holds: referat files, other files, and entries that could not be read
    or were not followed (each with the reason)."""

    referater: list[Path]
    others: list[Path]
    problems: list[tuple[str, str]]


def discover(raw_dir: Path) -> Discovery:
    """Referat files under ``raw_dir`` (nested folders included, hidden ones skipped) and the
    other files, sorted by path so a build reads them in a defined order. A link is followed
    only to a file inside ``raw_dir``; an entry that cannot be read is a problem, not an error."""
    root = raw_dir.resolve()
    files: list[Path] = []
    problems: list[tuple[str, str]] = []

    def unreadable(exc: OSError) -> None:
        problems.append((relative(Path(exc.filename), raw_dir), f"cannot be read ({exc.strerror})"))

    for folder, dirs, names in os.walk(raw_dir, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
            dirs.remove(name)
            problems.append(
                (relative(Path(folder) / name, raw_dir), "a link to a folder; not followed")
            )
        for name in names:
            if not name.startswith("."):
                path = Path(folder) / name
                reason = _not_a_file(path, root)
                files += [path] if reason is None else []
                problems += [(relative(path, raw_dir), reason)] if reason else []
    files = sorted(p for p in files if p != raw_dir / SOURCES_FILE)
    referater = [p for p in files if p.suffix.lower() in REFERAT_SUFFIXES]
    others = [p for p in files if p.suffix.lower() not in REFERAT_SUFFIXES]
    return Discovery(referater, others, sorted(problems))


def relative(path: Path, raw_dir: Path) -> str:
    """``path`` as its name under the raw dir (``2021/referat.txt``), or whole when outside."""
    try:
        return path.relative_to(raw_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _not_a_file(path: Path, root: Path) -> str | None:
    """Why ``path`` is not a regular file inside the raw dir to read, or None when it is."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISLNK(mode):  # found by the walk, which follows no link: inside the raw dir
        return None if stat.S_ISREG(mode) else "not a regular file"
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except OSError:
        return "a broken link"
    if root not in target.parents:
        return f"a link to {target}, outside the raw dir; not followed"
    return None if stat.S_ISREG(mode) else "not a regular file"
