"""Extract: a raw referat file -> a :class:`pipeline.models.Referat` (meeting header, table of
contents, attendance lists, agenda items with sections, every line with its number)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import pdf, segment
from pipeline.models import FindingRow, Referat, meeting_id
from pipeline.text import decode_counting_nul, split_lines

REFERAT_SUFFIXES = (".txt", ".md", ".pdf")
"""Files under the raw dir with these endings are referater; any other file is reported."""

MAX_BYTES = 10 * 1024 * 1024
"""A referat is 30-70 KB of text; a file over 10 MB is not one (and is not read into memory)."""

MAX_PDF_BYTES = 50 * 1024 * 1024
"""A referat PDF is 0.2-5 MB (more with pictures); one over 50 MB is not read."""

SOURCES_FILE = "sources.csv"
"""The optional list of where each referat came from (``file,url,retrieved``), at the top of
the raw dir: not a referat, not reported as one."""

MAX_LINE_CHARS = 20_000
"""A paragraph of a referat is at most a few thousand characters; a longer line is cut here (with
a finding), so no rule ever works on megabytes of one line."""


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
        problems.append(
            (_relative(Path(exc.filename), raw_dir), f"cannot be read ({exc.strerror})")
        )

    for folder, dirs, names in os.walk(raw_dir, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
            dirs.remove(name)
            problems.append(
                (_relative(Path(folder) / name, raw_dir), "a link to a folder; not followed")
            )
        for name in names:
            if not name.startswith("."):
                path = Path(folder) / name
                reason = _not_a_file(path, root)
                files += [path] if reason is None else []
                problems += [(_relative(path, raw_dir), reason)] if reason else []
    files = sorted(p for p in files if p != raw_dir / SOURCES_FILE)
    referater = [p for p in files if p.suffix.lower() in REFERAT_SUFFIXES]
    others = [p for p in files if p.suffix.lower() not in REFERAT_SUFFIXES]
    return Discovery(referater, others, sorted(problems))


def _relative(path: Path, raw_dir: Path) -> str:
    try:
        return path.relative_to(raw_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _not_a_file(path: Path, root: Path) -> str | None:
    """Why ``path`` is not a regular file inside the raw dir to read, or None when it is."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except OSError as exc:
        return "a broken link" if path.is_symlink() else f"cannot be read ({exc.strerror})"
    if path.is_symlink() and root not in target.parents:
        return f"a link to {target}, outside the raw dir; not followed"
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_referat(path: Path, raw_dir: Path) -> Referat:
    """Read and segment one referat file (text, or a PDF through :func:`pdf.cached_text`).
    Raises :class:`InputError` when it is not one."""
    source = _relative(path, raw_dir)
    data, modified = read_bytes(path, source)
    if path.suffix.lower() == ".pdf":
        text = pdf.cached_text(data, source).encode("utf-8")
        referat = parse_referat(text, source, sha256=hashlib.sha256(data).hexdigest())
    else:
        referat = parse_referat(data, source)
    return dataclasses.replace(referat, modified=modified)


def read_bytes(path: Path, source: str) -> tuple[bytes, float]:
    """A raw file's bytes and modification time, within the size limit of its kind."""
    limit = MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else MAX_BYTES
    try:
        info = path.stat()
        if info.st_size > limit:
            raise InputError(
                f"{source}: too large for a referat ({info.st_size / 2**20:.1f} MB > "
                f"{limit // 2**20} MB)"
            )
        return path.read_bytes(), info.st_mtime
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror})") from exc


def parse_referat(data: bytes, source: str, sha256: str | None = None) -> Referat:
    """Segment the bytes of a referat; ``source`` names it in rows and messages, ``sha256`` is
    the raw file's (a PDF's, when ``data`` is the text read from it)."""
    text, nul_count = decode_counting_nul(data, source)
    raw_lines, cut = cut_long_lines(split_lines(text))
    lines = segment.normalise_lines(raw_lines)
    header = segment.find_header(lines, source)
    after_header = max(header.kkr_line, header.date_line)
    toc = segment.find_toc(lines, after_header)
    body_start = toc[-1].line if toc else after_header
    headings = segment.find_headings(lines, body_start, toc)
    if not headings:
        raise InputError(f"{source}: no numbered agenda items found")
    attendance = segment.find_attendance(lines, body_start, headings[0].line)
    items, empty = segment.build_items(lines, headings)
    meeting = meeting_id(header.region, header.meeting_date)
    findings = segment.contents_findings(toc, headings, items, empty, source, meeting)
    findings += damage_findings(nul_count, cut, source, meeting)
    return Referat(
        source_file=source,
        source_sha256=sha256 or hashlib.sha256(data).hexdigest(),
        header=header,
        toc=toc,
        attendance=attendance,
        headings=headings,
        items=items,
        lines=lines,
        findings=tuple(dataclasses.replace(f, stage="extract") for f in findings),
    )


def cut_long_lines(raw_lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Lines cut at :data:`MAX_LINE_CHARS`, and (line number, original length) of each cut."""
    cut = [(n, len(x)) for n, x in enumerate(raw_lines, 1) if len(x) > MAX_LINE_CHARS]
    return [x[:MAX_LINE_CHARS] for x in raw_lines], cut


def damage_findings(
    nul_count: int, cut: list[tuple[int, int]], source: str, meeting: str
) -> list[FindingRow]:
    """Findings for what reading repaired: NUL bytes removed, over-long lines cut."""
    findings = [
        FindingRow("warning", "line_cut", meeting, source, number,
                   f"line {number} is {length:,} characters long; only the first "
                   f"{MAX_LINE_CHARS:,} are read")
        for number, length in cut
    ]  # fmt: skip
    if nul_count:
        findings.append(FindingRow("warning", "nul_bytes_removed", meeting, source, None,
                                   f"{nul_count} NUL bytes removed from the text"))  # fmt: skip
    return findings
