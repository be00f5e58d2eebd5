"""Where each referat came from: the optional ``sources.csv`` at the top of the raw dir, one line
per file (``file,url,retrieved``), which fills ``meetings.source_url`` and
``meetings.retrieved``. Without it both are NULL."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.discovery import SOURCES_FILE
from pipeline.models import FindingRow

COLUMNS = ("file", "url", "retrieved")
"""The header ``sources.csv`` must have; ``retrieved`` is a date, ``yyyy-mm-dd``."""


@dataclass(frozen=True)
class Source:
    """Where one raw file was downloaded from, and when."""

    url: str | None
    retrieved: dt.date | None


def read_sources(raw_dir: Path) -> tuple[dict[str, Source], list[FindingRow]]:
    """``file`` (relative to the raw dir) -> its source, and a finding per line that cannot be
    read. No ``sources.csv``: nothing, and no finding."""
    path = raw_dir / SOURCES_FILE
    if not path.is_file():
        return {}, []
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return {}, [_finding(None, f"{SOURCES_FILE}: cannot be read ({exc})")]
    if rows and not set(COLUMNS) <= set(rows[0]):
        return {}, [_finding(1, f"{SOURCES_FILE}: the header must be {','.join(COLUMNS)}")]
    sources, findings = {}, []
    for number, row in enumerate(rows, start=2):
        retrieved, problem = _date(row.get("retrieved") or "")
        findings += [_finding(number, f"{SOURCES_FILE} line {number}: {problem}")] * bool(problem)
        sources[(row.get("file") or "").strip()] = Source((row.get("url") or "").strip() or None,
                                                          retrieved)  # fmt: skip
    return sources, findings


def _date(text: str) -> tuple[dt.date | None, str | None]:
    if not text.strip():
        return None, None
    try:
        return dt.date.fromisoformat(text.strip()), None
    except ValueError:
        return None, f"retrieved '{text}' is not a date (yyyy-mm-dd); left empty"


def source_of(sources: dict[str, Source], source_file: str) -> Source | None:
    """The source of a raw file: by its path in the raw dir, else by its bare name when only one
    line names it so."""
    if source_file in sources:
        return sources[source_file]
    name = Path(source_file).name
    matches = [s for f, s in sources.items() if Path(f).name == name]
    return matches[0] if len(matches) == 1 else None


def _finding(line: int | None, message: str) -> FindingRow:
    return FindingRow("warning", "sources_csv_unread", None, SOURCES_FILE, line, message,
                      stage="extract")  # fmt: skip
