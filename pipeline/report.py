"""The findings report: every finding of a build, grouped by referat, most severe first, as the
Markdown file ``findings.md`` beside the data (``kkr report`` prints and rewrites it)."""

from __future__ import annotations

import functools
from collections import Counter, namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from pipeline.constants import SEVERITIES
from pipeline.models import FindingRow

if TYPE_CHECKING:
    import pyarrow as pa

REPORT_FILE = "findings.md"
SEVERITY_NOTE = (
    "Severity: `error` a value could not be read and is missing; `warning` a value was read but "
    "corrected or is doubtful; `info` worth knowing, nothing is wrong."
)
TABLE_HEAD = ["| severity | line | rule | message |", "|---|---|---|---|"]


def _referat(finding: FindingRow | Shown) -> str:
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
    """The report as Markdown: a count per severity, then a section per referat (of findings
    held as rows; a build writes it from the written table, :func:`table_lines`)."""
    counts = Counter(f.severity for f in findings)
    return "\n".join(markdown_lines(counts, sorted(findings, key=_order)))


def markdown_lines(
    counts: Mapping[str, int], ordered: Iterable[FindingRow | Shown]
) -> Iterator[str]:
    """The lines of :func:`render_markdown`: ``counts`` per severity, then ``ordered`` (findings
    in the report's order: :func:`_order`, or :func:`report_order` of a written table) in a
    section per referat."""
    yield from ["# Findings", "", ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES) + "."]
    yield from ["", SEVERITY_NOTE, ""]
    for name, group in groupby(ordered, key=_referat):
        yield from [f"## {name}", "", *TABLE_HEAD]
        for f in group:
            yield f"| {f.severity} | {f.source_line or ''} | {f.rule} | {_cell(f.message)} |"
        yield ""


Shown = namedtuple("Shown", ["severity", "rule", "meeting_id", "source_file", "source_line",
                             "message"])  # fmt: skip
"""What the report shows of a finding (:class:`FindingRow`'s fields, as a tuple: a written
table's findings are made into these a batch at a time, five times faster than into rows)."""


def table_lines(findings: pa.Table) -> Iterator[str]:
    """:func:`markdown_lines` of a written findings table: sorted by Arrow
    (:func:`report_order`), made into :class:`Shown` findings ``load.ROWS_AT_ONCE`` at a
    time."""
    # here, as pyarrow below: ``kkr build`` tells "nothing changed" without pyarrow
    from pipeline.load import ROWS_AT_ONCE, batch_columns

    findings = findings.combine_chunks()  # one Take per batch, not one per chunk
    order, columns = report_order(findings), findings.select(list(Shown._fields))
    at_once = range(0, len(order), ROWS_AT_ONCE)
    batches = (columns.take(order[n : n + ROWS_AT_ONCE]) for n in at_once)
    shown = (row for b in batches for row in map(Shown, *batch_columns(b)))
    return markdown_lines(severity_counts(findings), shown)


def severity_counts(findings: pa.Table) -> Counter:
    """How many findings of each severity a written findings table holds (counted by Arrow)."""
    import pyarrow.compute as pc

    counted = pc.value_counts(findings["severity"])
    values, counts = counted.field("values").to_pylist(), counted.field("counts").to_pylist()
    tally: Counter = Counter()
    for value, n in zip(values, counts, strict=True):
        tally[value] += n  # counted per dictionary entry when compact: Arrow may repeat one
    return tally


def report_order(findings: pa.Table) -> pa.Array:
    """The row numbers of a written findings table in the report's order (:func:`_order`; rows
    alike in all of it by meeting, stage and page), sorted by Arrow, so a corpus's findings
    are never held as Python rows together."""
    import pyarrow as pa  # here: ``kkr build`` tells "nothing changed" without pyarrow
    import pyarrow.compute as pc

    severity = functools.partial(pc.index_in, value_set=pa.array(SEVERITIES))
    keys = {
        "no_file": pc.is_null(findings["source_file"]),
        "file": _sortable(findings["source_file"]),
        "severity": _per_value(findings["severity"], severity),
        "line": pc.fill_null(findings["source_line"], 0),
        "rule": _sortable(findings["rule"]),
        "message": _sortable(findings["message"]),
        "meeting": _sortable(findings["meeting_id"]),
        "stage": _sortable(findings["stage"]),
        "page": findings["source_page"],
    }
    return pc.sort_indices(pa.table(keys), [(k, "ascending", "at_start") for k in keys])


def _per_value(column: pa.ChunkedArray, function: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``function`` of a column's values, as one array: worked out once per distinct value when
    the column is dictionary-encoded (``load.read_table(compact=True)``), then taken for every
    row by its code."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        return function(column)
    return pc.take(function(column.dictionary), column.indices)


def _sortable(column: pa.ChunkedArray) -> pa.Array:
    """A text column as a sort key: itself, or (dictionary-encoded, which Arrow does not sort)
    each value's rank among the distinct values, so the codes sort as the text does."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(column.type):
        return column
    return _per_value(column, lambda values: pc.rank(values, tiebreaker="dense"))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
