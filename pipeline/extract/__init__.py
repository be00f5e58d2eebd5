"""Extract: a raw referat file -> a :class:`pipeline.models.Referat` (meeting header, table of
contents, attendance lists, agenda items with sections, every line with its number)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from pipeline import memo
from pipeline.discovery import relative
from pipeline.errors import InputError
from pipeline.extract import pdf, segment
from pipeline.models import FindingRow, Referat, meeting_id
from pipeline.text import decode_counting_nul, split_lines

MAX_BYTES = 10 * 1024 * 1024
"""A referat is 30-70 KB of text; a file over 10 MB is not one (and is not read into memory)."""

MAX_PDF_BYTES = 50 * 1024 * 1024
"""A referat PDF is 0.2-5 MB (more with pictures); one over 50 MB is not read."""

MAX_LINE_CHARS = 20_000
"""A paragraph of a referat is at most a few thousand characters; a longer line is cut here (with
a finding), so no rule ever works on megabytes of one line."""


def read_referat(path: Path, raw_dir: Path) -> Referat:
    """Read and segment one referat file (text, or a PDF through :func:`pdf.cached_text`).
    Raises :class:`InputError` when it is not one."""
    source = relative(path, raw_dir)
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
    memo.forget()  # nothing remembered from the referat read before
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
