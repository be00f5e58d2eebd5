"""Extract: a raw referat file -> a :class:`pipeline.models.Referat` (meeting header, table of
contents, attendance lists, agenda items with sections, every line with its number)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.extract import segment
from pipeline.models import Referat, meeting_id
from pipeline.text import decode, split_lines

REFERAT_SUFFIXES = (".txt", ".md")
"""Files under the raw dir with these endings are referater; any other file is reported."""

MAX_BYTES = 10 * 1024 * 1024
"""A referat is 30-70 KB of text; a file over 10 MB is not one (and is not read into memory)."""


def discover(raw_dir: Path) -> tuple[list[Path], list[Path]]:
    """Referat files under ``raw_dir`` (nested folders included) and the other files, both
    sorted by path so a build reads them in a defined order."""
    files = sorted(p for p in raw_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    referater = [p for p in files if p.suffix.lower() in REFERAT_SUFFIXES]
    others = [p for p in files if p.suffix.lower() not in REFERAT_SUFFIXES]
    return referater, others


def read_referat(path: Path, raw_dir: Path) -> Referat:
    """Read and segment one referat file. Raises :class:`InputError` when it is not one."""
    source = path.relative_to(raw_dir).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{source}: too large for a referat ({size / 2**20:.1f} MB > 10 MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror})") from exc
    return parse_referat(data, source)


def parse_referat(data: bytes, source: str) -> Referat:
    """Segment the bytes of a referat; ``source`` names it in rows and messages."""
    lines = segment.normalise_lines(split_lines(decode(data, source)))
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
    return Referat(
        source_file=source,
        source_sha256=hashlib.sha256(data).hexdigest(),
        header=header,
        toc=toc,
        attendance=attendance,
        headings=headings,
        items=items,
        lines=lines,
        findings=tuple(findings),
    )
