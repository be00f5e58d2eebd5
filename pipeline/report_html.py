"""``OUT/report.html``: one self-contained page a journalist can open offline — charts (inline
SVG written by :func:`draw`, no script, no font or style from elsewhere: the page makes no network
request at all), each with a short caption and a table under it whose figures link to the
``file:line`` of the referat they rest on.

The charts: refugee quotas per kommune and year, SOSU places per kommune and education,
attendance by party and by person, findings per referat. Each reads one query of ``kkr.duckdb``,
ordered so that what matters most comes first (the largest figures, the referater with the most
errors), and draws at most :data:`MAX_BARS` of its rows, so the page stays readable (and small)
for 2,000 referater; a caption says when a chart was cut.

:func:`draw` writes the SVG itself, no plotting library: horizontal bars, stacked when a chart
has several series, category labels on the left, a value axis with round ticks, a legend for
several series; a few milliseconds a chart, and the same rows give the same bytes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pipeline.lazy import lazy
from pipeline.load.duck import DATABASE, connect

duckdb = lazy("duckdb")  # loaded by the process that uses it (a build's loader), not on import

REPORT_HTML = "report.html"
MAX_TABLE_ROWS = 60
"""A chart's table shows at most this many rows, the first in the query's order."""
MAX_BARS = 50
"""A chart draws at most this many bars, the first rows in the query's order (2,000 bars, one
per referat, would be an unreadable chart and a heavy page)."""


@dataclass(frozen=True)
class Chart:
    """One chart of the report: its title, caption, the query behind it and how to draw it.
    ``columns`` of the query: the first is the category, then ``series`` value columns; a column
    named ``source`` holds ``file:line`` and links the row's figures. ``first`` says what the
    query puts first, for the caption of a chart cut to :data:`MAX_BARS` bars."""

    title: str
    caption: str
    query: str
    kind: str = "bars"
    first: str = "largest"


CHARTS: tuple[Chart, ...] = (
    Chart(
        "Refugee quotas per kommune and year",
        "The kommune quotas (flygtningefordeling) as quota_facts decides them: one figure per "
        "kommune and quota year.",
        """select area || ' ' || year as category, value as quota, source
           from quota_facts
           where quota_table = 'flygtningefordeling' and level = 'kommune' and value is not null
           order by value desc, year desc, area""",
    ),
    Chart(
        "SOSU places per kommune and education",
        "Minimum SOSU apprenticeships (lærepladser) per kommune, education and year.",
        """select area || ' ' || education || ' ' || year as category, value as places, source
           from quota_facts
           where quota_table = 'sosu_laerepladser' and level = 'kommune' and value is not null
           order by value desc, year desc, area, education""",
    ),
    Chart(
        "Attendance by party",
        "Members listed present and absent (sent apologies) per party, over all meetings read.",
        """select coalesce(party, '(none)') as category,
                  count(*) filter (where status = 'present') as present,
                  count(*) filter (where status = 'absent') as absent,
                  min(source_file || ':' || source_line) as source
           from attendance group by 1 order by present + absent desc, 1""",
    ),
    Chart(
        "Attendance by person",
        "The people listed most often: meetings present and absent, as their name is written.",
        """select name as category,
                  count(*) filter (where status = 'present') as present,
                  count(*) filter (where status = 'absent') as absent,
                  min(source_file || ':' || source_line) as source
           from attendance group by name order by present + absent desc, name limit 30""",
    ),
    Chart(
        "Findings per referat",
        "What the pipeline noticed in each referat, by severity (errors: a value is missing; "
        "warnings: a value was corrected or is doubtful; info: nothing is wrong).",
        """select coalesce(source_file, '(the build)') as category,
                  count(*) filter (where severity = 'error') as error,
                  count(*) filter (where severity = 'warning') as warning,
                  count(*) filter (where severity = 'info') as info
           from findings group by 1 order by error desc, warning desc, info desc, 1""",
        first="referater with the most errors, then warnings,",
    ),
)
"""The report's charts, in page order."""


def write_report(out_dir: Path, raw_dir: Path | None = None) -> Path:
    """Write ``out_dir/report.html`` from ``out_dir/kkr.duckdb``; links point at the referat
    files under ``raw_dir`` (relative to the page) when given."""
    with connect(out_dir / DATABASE, read_only=True) as con:
        sections = [section(chart, *answer(con, chart.query), link_to(raw_dir))
                    for chart in CHARTS]  # fmt: skip
    path = out_dir / REPORT_HTML
    path.write_text(page(sections), "utf-8")
    return path


def answer(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(query)
    return [d[0] for d in cursor.description], cursor.fetchall()


def link_to(raw_dir: Path | None) -> Callable[[str], str]:
    """``file:line`` -> the address of the referat file (a ``file:`` URL: the page is opened
    from the out dir, a version folder or a copy, so no relative path holds)."""
    if raw_dir is None:
        return lambda source: ""
    base = raw_dir.resolve().as_uri()
    return lambda source: f"{base}/{quote(source.rsplit(':', 1)[0])}"


def section(chart: Chart, columns: list[str], rows: list[tuple], href) -> str:
    """One chart: title, caption, the SVG of its first :data:`MAX_BARS` rows, and the table of
    its figures."""
    series = [c for c in columns[1:] if c != "source"]
    svg = draw(rows[:MAX_BARS], columns, series) if rows else "<p>(no rows in this build)</p>"
    return (
        f"<section><h2>{html.escape(chart.title)}</h2>"
        f"<p class=caption>{html.escape(chart.caption)}</p>{cut_note(chart, len(rows))}"
        f"<figure>{svg}</figure>{table(columns, rows, series, href)}</section>"
    )


def cut_note(chart: Chart, count: int) -> str:
    """The caption line of a chart that draws only its first :data:`MAX_BARS` of ``count``
    rows; nothing when it draws them all."""
    if count <= MAX_BARS:
        return ""
    text = f"The chart shows the {MAX_BARS} {chart.first} of {count:,} (all are in kkr.duckdb)."
    return f"<p class=caption>{html.escape(text)}</p>"


WIDTH = 800
"""Width of a chart, in SVG pixels (the page scales it down on a narrow screen)."""
ROW_HEIGHT = 20
"""Height of one category's row: a chart grows with its rows."""
BAR_HEIGHT = 14
FONT_SIZE = 11
PAD = 8
LABEL_WIDTH = 260
"""A category label estimated wider than this is cut with … (the whole label shows on hover)."""
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")  # fmt: skip
"""The colours of the series, in order (matplotlib's tab10)."""


def draw(rows: Sequence[tuple], columns: list[str], series: list[str]) -> str:
    """Horizontal bars (stacked when there are several series) as an inline SVG element: a row
    per category, its label on the left (cut with … when long, whole on hover), each bar's total
    at its end, a value axis with round ticks, a legend when there are several series. A
    ``None``, zero or negative figure draws no bar; its row stays. Same rows, same bytes."""
    labels = ["" if row[0] is None else str(row[0]) for row in rows]
    values = [[_length(row[columns.index(name)]) for name in series] for row in rows]
    totals = [sum(row) for row in values]
    shown = [fit(label, LABEL_WIDTH) for label in labels]
    plot, parts = _plot(values, totals, shown, series)
    parts += _grid(plot)
    parts += _bars(plot, labels, values, series)
    parts += _labels(plot, labels, shown)
    parts += _totals(plot, totals)
    parts += _axis(plot)
    height = plot.bottom + 6 + FONT_SIZE + 4 + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="{FONT_SIZE}" '
        f'role="img">{"".join(parts)}</svg>'
    )


@dataclass(frozen=True)
class _Plot:
    """Where a chart's bars stand: the value axis (its round ticks, the x of 0 and the pixels
    per unit) and the top and bottom of the rows."""

    axis: list[float]
    left: float
    scale: float
    top: int
    bottom: int

    def x(self, value: float) -> str:
        return _n(self.left + value * self.scale)

    def middle(self, row: int) -> str:
        """The y of the middle of row ``row``."""
        return _n(self.top + (row + 0.5) * ROW_HEIGHT)


def _plot(
    values: list[list[float]], totals: list[float], shown: list[str], series: list[str]
) -> tuple[_Plot, list[str]]:
    """The plot of these rows (room on the left for the labels shown, on the right for the
    largest total or the last tick's figure), and the legend above it."""
    axis = ticks(max(totals, default=0.0), all(v.is_integer() for row in values for v in row))
    left = PAD + max(map(text_width, shown), default=0.0) + 6
    room = max((text_width(_figure(t)) + 4 for t in totals), default=0.0)
    right = WIDTH - PAD - max(room, text_width(_figure(axis[-1])) / 2)
    parts, top = _legend(series, left, right) if len(series) > 1 else ([], PAD)
    plot = _Plot(axis, left, (right - left) / axis[-1], top, top + len(values) * ROW_HEIGHT)
    return plot, parts


def _grid(plot: _Plot) -> list[str]:
    """A light vertical line at every tick but 0."""
    lines = [f'<line x1="{plot.x(t)}" x2="{plot.x(t)}" y1="{plot.top}" y2="{plot.bottom}"/>'
             for t in plot.axis[1:]]  # fmt: skip
    return ['<g stroke="#ddd">', *lines, "</g>"]


def _bars(plot: _Plot, labels: list[str], values: list[list[float]], series: list[str]) -> list:
    """One group of bars per series, each bar starting where the row's earlier series end."""
    parts = []
    for k, name in enumerate(series):
        parts.append(f'<g fill="{PALETTE[k % len(PALETTE)]}">')
        for i, (label, row) in enumerate(zip(labels, values, strict=True)):
            if row[k] > 0:
                tip = f"{label} — {name}: " if len(series) > 1 else f"{label}: "
                parts.append(_bar(plot, i, sum(row[:k]), row[k], tip))
        parts.append("</g>")
    return parts


def _bar(plot: _Plot, row: int, start: float, value: float, tip: str) -> str:
    """One bar of row ``row`` from ``start`` to ``start + value``, its figure on hover."""
    y = plot.top + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
    return (
        f'<rect x="{plot.x(start)}" y="{_n(y)}" width="{_n(value * plot.scale)}" '
        f'height="{BAR_HEIGHT}"><title>{html.escape(tip)}{_figure(value)}</title></rect>'
    )


def _labels(plot: _Plot, labels: list[str], shown: list[str]) -> list[str]:
    """Each row's label left of its bar, the whole label on hover when it was cut."""
    parts = ['<g text-anchor="end">']
    for i, (label, short) in enumerate(zip(labels, shown, strict=True)):
        hover = f"<title>{html.escape(label)}</title>" if short != label else ""
        parts.append(
            f'<text x="{_n(plot.left - 6)}" y="{plot.middle(i)}" '
            f'dy=".35em">{hover}{html.escape(short)}</text>'
        )
    return [*parts, "</g>"]


def _totals(plot: _Plot, totals: list[float]) -> list[str]:
    """Each row's total at the end of its bar (none for a row without a bar)."""
    texts = [
        f'<text x="{_n(plot.left + total * plot.scale + 4)}" y="{plot.middle(i)}" '
        f'dy=".35em">{_figure(total)}</text>'
        for i, total in enumerate(totals)
        if total > 0
    ]
    return ['<g fill="#555">', *texts, "</g>"]


def _axis(plot: _Plot) -> list[str]:
    """The value axis under the rows: its line, a tick mark and a figure at every tick."""
    axis, bottom = plot.axis, plot.bottom
    line = f'<line x1="{plot.x(0)}" x2="{plot.x(axis[-1])}" y1="{bottom}" y2="{bottom}"/>'
    marks = [f'<line x1="{plot.x(t)}" x2="{plot.x(t)}" y1="{bottom}" y2="{bottom + 4}"/>'
             for t in axis]  # fmt: skip
    figures = [f'<text x="{plot.x(t)}" y="{bottom + 6 + FONT_SIZE}">{_figure(t)}</text>'
               for t in axis]  # fmt: skip
    return ['<g stroke="#555">', line, *marks, '</g><g fill="#555" text-anchor="middle">',
            *figures, "</g>"]  # fmt: skip


def _legend(series: list[str], left: float, right: float) -> tuple[list[str], int]:
    """The legend above the bars, a swatch and a name per series, wrapped to the plot's width;
    and the top of the first row under it."""
    parts, x, y = ['<g fill="#222">'], left, PAD
    for k, name in enumerate(series):
        width = 14 + text_width(name) + 14
        if x > left and x + width > right:
            x, y = left, y + ROW_HEIGHT
        parts.append(
            f'<rect x="{_n(x)}" y="{y + 3}" width="10" height="10" '
            f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            f'<text x="{_n(x + 14)}" y="{y + 8}" dy=".35em">{html.escape(name)}</text>'
        )
        x += width
    parts.append("</g>")
    return parts, y + ROW_HEIGHT + 4


def ticks(top: float, integral: bool = False) -> list[float]:
    """Round ticks from 0 to at least ``top``, about five of them: steps of 1, 2 or 5 times a
    power of ten (at least 1 when every figure is a whole number)."""
    top = top if top > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(top / 5))
    step = next(f * power for f in (1, 2, 5, 10) if f * power >= top / 5 * (1 - 1e-9))
    step = max(step, 1.0) if integral else step
    return [round(i * step, 10) for i in range(math.ceil(top / step - 1e-9) + 1)]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """An estimate of how wide ``text`` is in a sans-serif font of ``size`` px, from its characters
    (no font is measured: the browser picks the font): a share of an em per character, less for
    i, l and punctuation, more for capitals, m and w."""
    ems = 0.0
    for char in text:
        if char in "fijlrtI.,:;'!|()[]/- ":
            ems += 0.3
        elif char in "mwMW@%":
            ems += 0.85
        else:
            ems += 0.68 if char.isupper() else 0.56
    return ems * size


def fit(text: str, width: float) -> str:
    """``text``, cut with … to at most ``width`` (:func:`text_width`)."""
    if text_width(text) <= width:
        return text
    cut = text[: int(width / (0.3 * FONT_SIZE))]
    while cut and text_width(cut + "…") > width:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _length(value: object) -> float:
    """A figure as a bar's length: 0 (no bar) for ``None``, NaN, infinity or a negative."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0


def _figure(value: float) -> str:
    """A figure as the chart writes it: ``24``, ``0.5``."""
    return str(int(value)) if value.is_integer() else f"{value:.10g}"


def _n(value: float) -> str:
    """An SVG coordinate: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def table(columns: list[str], rows: Sequence[tuple], series: list[str], href) -> str:
    """The chart's figures as a table; with a ``source`` column, each figure links to it."""
    has_source = "source" in columns
    head = "".join(f"<th>{html.escape(c)}</th>" for c in [columns[0], *series])
    head += "<th>source</th>" if has_source else ""
    body = []
    for row in rows[:MAX_TABLE_ROWS]:
        source = row[columns.index("source")] if has_source else ""
        cells = [f"<td>{html.escape(str(row[0]))}</td>"]
        cells += [
            f"<td class=n>{_linked(row[columns.index(s)], source, href)}</td>" for s in series
        ]
        cells += [f"<td><code>{html.escape(source)}</code></td>"] if has_source else []
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = len(rows) - MAX_TABLE_ROWS
    note = f"<p>… and {more} more rows (query kkr.duckdb for all)</p>" if more > 0 else ""
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{note}"


def _linked(value: object, source: str, href) -> str:
    text = html.escape("" if value is None else str(value))
    target = href(source) if source else ""
    if not target:
        return text
    return f'<a href="{html.escape(target)}" title="{html.escape(source)}">{text}</a>'


STYLE = """body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h2{margin-top:2em}.caption{color:#555}figure{margin:0}svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;padding:.2em .5em}
td.n{text-align:right}"""


def page(sections: Sequence[str]) -> str:
    """The whole page: no external script, style, font or image."""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width'>"
        "<title>kkr-data report</title>"
        f"<style>{STYLE}</style></head><body><h1>kkr-data: what the referater say</h1>"
        "<p>Every figure below links to the referat it rests on (<code>file:line</code>). "
        "The same data is in <code>kkr.duckdb</code> and the Parquet files beside this page.</p>"
        + "".join(sections)
        + "</body></html>\n"
    )
