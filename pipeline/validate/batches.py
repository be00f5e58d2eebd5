"""A suite's results on a large table, validated a batch of rows at a time, as one validation of
the whole table gives them: GX validates a whole pandas frame, and holds two to four times the
frame while it does, so a table of hundreds of thousands of rows would set the memory of the
build. An expectation that judges each row by itself (:data:`ROW_WISE`) runs on every batch,
and its results add up (:func:`combined`): counts are summed, the failing rows listed in row
order, and the percentages and success worked out as GX works them out. A uniqueness
expectation runs on groups of rows (:data:`BY_GROUPS`), its results added up the same way.
Every other expectation (a column's type, the row count) runs once, on a frame of only the
columns it names (``expectations.suite_columns`` with ``part=WHOLE``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from great_expectations.core.expectation_validation_result import ExpectationValidationResult

ROW_WISE: frozenset[str] = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_values_to_match_regex",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
        "expect_column_pair_values_to_be_in_set",
        "expect_select_column_values_to_be_unique_within_record",
    }
)
"""The expectations whose verdict on a row reads that row alone (a row condition included), so
that a batch's unexpected rows are the whole table's unexpected rows within it. An expectation
not named here runs on the whole table: it is never split by mistake."""

PARTIAL = 20
"""How many values and rows GX's ``partial_`` lists hold (its ``partial_unexpected_count``)."""

_COUNTS = ("element_count", "unexpected_count", "missing_count")
_LISTS = ("unexpected_list", "unexpected_index_list")
_PARTIAL_LISTS = ("partial_unexpected_list", "partial_unexpected_index_list")
_QUERY = re.compile(r"df\.filter\(items=\[(.*)\], axis=0\)", re.DOTALL)


BY_GROUPS: frozenset[str] = frozenset(
    {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"}
)
"""The expectations whose verdict on a row reads only the rows equal to it in the columns they
name: two rows they count as duplicates agree in each of those columns, so a table's rows may
be split into groups by any one of them (:func:`group_column`) and each group validated
apart, as a batch (the uniqueness of ``meeting_id, name, status`` within each group of
meetings)."""

ROWS, GROUPS, WHOLE = "rows", "groups", "whole"
"""How an expectation runs on a table validated in parts (:func:`how`)."""


def how(kind: str, kwargs: Mapping[str, Any]) -> str:
    """:data:`ROWS` for a :func:`row_wise` expectation, :data:`GROUPS` for one that may run on
    groups of rows (:func:`group_column`), :data:`WHOLE` for any other."""
    if row_wise(kind, kwargs):
        return ROWS
    return GROUPS if group_column(kind, kwargs) is not None else WHOLE


def group_column(kind: str, kwargs: Mapping[str, Any]) -> str | None:
    """The column by which the rows of an expectation of :data:`BY_GROUPS` (with no
    ``mostly``) are grouped: the first it names. None for any other expectation."""
    if kind not in BY_GROUPS or kwargs.get("mostly", 1) != 1:
        return None
    return kwargs.get("column") or (kwargs.get("column_list") or [None])[0]


def row_wise(kind: str, kwargs: Mapping[str, Any]) -> bool:
    """Whether an expectation of type ``kind`` with ``kwargs`` may run a batch of rows at a
    time: one of :data:`ROW_WISE`, with no ``mostly`` (whether a share of the rows may fail is
    a verdict on the whole table; such an expectation runs on it whole)."""
    return kind in ROW_WISE and kwargs.get("mostly", 1) == 1


def combined(parts: Sequence[ExpectationValidationResult]) -> ExpectationValidationResult:
    """One row-wise expectation's results on consecutive batches of a table as one result on
    the table: what GX gives validating the table at once. The batches that failed list their
    unexpected rows (COMPLETE); those that passed have none to list."""
    details = [part.result or {} for part in parts]
    result: dict[str, Any] = {}
    for detail in details:  # a failed batch's result has keys a passed one's lacks
        result |= {k: v for k, v in detail.items() if k not in result}
    for key in _COUNTS:
        if all(key in d for d in details):
            result[key] = sum(d[key] for d in details)
    for key in (*_LISTS, *_PARTIAL_LISTS):
        if any(key in d for d in details):
            result[key] = [entry for d in details for entry in d.get(key) or ()]
    for key in _PARTIAL_LISTS:
        if key in result:
            result[key] = result[key][:PARTIAL]
    result.update(_percents(result))
    _count_values(result)
    _join_queries(result, [d.get("unexpected_index_query") for d in details])
    first = parts[0]
    return ExpectationValidationResult(
        success=_success(result),
        expectation_config=first.expectation_config,
        result=result,
        meta=first.meta,
        exception_info=first.exception_info,
    )


def _percents(result: Mapping[str, Any]) -> dict[str, float | None]:
    """The percentages of ``result``'s counts, as GX's ``_format_map_output`` works them out."""
    element, unexpected = result["element_count"], result.get("unexpected_count")
    missing = result.get("missing_count")
    nonnull = None if missing is None else element - missing
    total = unexpected / element * 100 if unexpected is not None and element > 0 else None
    nonmissing = total if nonnull is None else None
    if total is not None and nonnull:
        nonmissing = unexpected / nonnull * 100
    out: dict[str, float | None] = {"unexpected_percent": nonmissing}
    if missing is not None:
        out |= {
            "missing_percent": missing / element * 100 if total is not None else None,
            "unexpected_percent_total": total,
            "unexpected_percent_nonmissing": nonmissing,
        }
    return out


def _count_values(result: dict[str, Any]) -> None:
    """``partial_unexpected_counts`` of the listed values, as GX counts them (the most common
    first, then by value; left out, as GX leaves it, when the values cannot be sorted)."""
    if "unexpected_list" not in result:
        return
    values = [tuple(v.values()) if isinstance(v, dict) else v for v in result["unexpected_list"]]
    try:
        common = sorted(Counter(values).most_common(PARTIAL), key=lambda x: (-x[1], x[0]))
    except TypeError:
        result.pop("partial_unexpected_counts", None)
        return
    result["partial_unexpected_counts"] = [{"value": k, "count": n} for k, n in common]


def _join_queries(result: dict[str, Any], queries: Sequence[str | None]) -> None:
    """One ``unexpected_index_query`` naming the failing rows of every batch (each batch's frame
    carries the table's row numbers as its index)."""
    if "unexpected_index_query" not in result:
        return
    found = [_QUERY.fullmatch(q) for q in queries if q is not None]
    items = [m.group(1) for m in found if m is not None and m.group(1)]
    if len(found) == len([q for q in queries if q is not None]):
        result["unexpected_index_query"] = f"df.filter(items=[{', '.join(items)}], axis=0)"
    else:
        result.pop("unexpected_index_query")


def _success(result: Mapping[str, Any]) -> bool:
    """GX's verdict on a map expectation's counts (without ``mostly``): vacuously true with no
    rows to judge, otherwise true when none is unexpected."""
    element, unexpected = result["element_count"], result.get("unexpected_count")
    judged = element - result.get("missing_count", 0)
    return unexpected is None or element == 0 or judged == 0 or unexpected == 0
