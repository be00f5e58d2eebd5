"""The findings report: every finding of a build, grouped by referat, most severe first, as the
Markdown file ``findings.md`` beside the data (``kkr report`` prints and rewrites it)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from pipeline.constants import SEVERITIES
from pipeline.models import FindingRow

REPORT_FILE = "findings.md"
SEVERITY_NOTE = (
    "Severity: `error` a value could not be read and is missing; `warning` a value was read but "
    "corrected or is doubtful; `info` worth knowing, nothing is wrong."
)
TABLE_HEAD = ["| severity | line | rule | message |", "|---|---|---|---|"]


def _referat(finding: FindingRow) -> str:
    if finding.source_file is None:
        return "(the build as a whole)"
    return (
        f"{finding.source_file} ({finding.meeting_id})"
        if finding.meeting_id
        else finding.source_file
    )


def _order(finding: FindingRow) -> tuple:
    return (
        finding.source_file is None,
        finding.source_file or "",
        SEVERITIES.index(finding.severity),
        finding.source_line or 0,
        finding.rule,
        finding.message,
    )


def grouped(findings: Sequence[FindingRow]) -> list[tuple[str, list[FindingRow]]]:
    """Findings grouped by referat (the build-wide ones last), each group most severe first."""
    ordered = sorted(findings, key=_order)
    return [(name, list(group)) for name, group in groupby(ordered, key=_referat)]


def render_markdown(findings: Sequence[FindingRow]) -> str:
    """The report as Markdown: a count per severity, then a section per referat."""
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    out = ["# Findings", "", ", ".join(f"{n} {s}" for s, n in counts.items()) + ".", ""]
    out += [SEVERITY_NOTE, ""]
    for name, group in grouped(findings):
        out += [f"## {name}", "", *TABLE_HEAD]
        out += [
            f"| {f.severity} | {f.source_line or ''} | {f.rule} | {_cell(f.message)} |"
            for f in group
        ]
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
