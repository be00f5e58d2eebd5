"""``OUT/report.html``: one self-contained page a journalist can open offline — charts (drawn by
matplotlib as inline SVG, no script, no font or style from elsewhere: the page makes no network
request at all), each with a short caption and a table under it whose figures link to the
``file:line`` of the referat they rest on.

The charts: refugee quotas per kommune and year, SOSU places per kommune and education,
attendance by party and by person, findings per referat. Each reads one query of ``kkr.duckdb``,
ordered so that what matters most comes first (the largest figures, the referater with the most
errors), and draws at most :data:`MAX_BARS` of its rows, so the page costs about the same to draw
for 3 referater or 2,000; a caption says when a chart was cut.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import duckdb

REPORT_HTML = "report.html"
MAX_TABLE_ROWS = 60
"""A chart's table shows at most this many rows, the first in the query's order."""
MAX_BARS = 50
"""A chart draws at most this many bars, the first rows in the query's order (drawing costs
about the same per bar: 2,000 referater would take a minute and give an unreadable chart)."""


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
    with duckdb.connect(str(out_dir / "kkr.duckdb"), read_only=True) as con:
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


def draw(rows: Sequence[tuple], columns: list[str], series: list[str]) -> str:
    """Horizontal bars (stacked when there are several series) as an inline SVG element.
    matplotlib is imported on the first chart, not with the module, so that commands that draw
    nothing do not pay for it (about a second); later charts find it imported."""
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: no embedded glyph paths
    matplotlib.rcParams["svg.hashsalt"] = "kkr-data"  # the same ids on every build
    from matplotlib import pyplot as plt

    labels = [str(r[0]) for r in rows]
    figure, axes = plt.subplots(figsize=(8, 0.9 + 0.22 * len(rows)))
    left = [0.0] * len(rows)
    for name in series:
        values = [float(r[columns.index(name)] or 0) for r in rows]
        axes.barh(labels, values, left=left, label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.tick_params(labelsize=8)
    if len(series) > 1:
        axes.legend(fontsize=8)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


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
