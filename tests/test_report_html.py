"""``report.html``: one self-contained page with a chart per question, each chart's figures in a
table linked to the referat, opened offline in headless Chromium: every chart rendered (an SVG
is there, the screenshot is not blank) and no request left the page."""

from __future__ import annotations

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report_html import (
    CHARTS,
    LABEL_WIDTH,
    MAX_BARS,
    MAX_TABLE_ROWS,
    ROW_HEIGHT,
    draw,
    link_to,
    section,
    text_width,
    ticks,
)
from tests.conftest import RAW_DIR
from tests.validate.test_data_docs import CHROMIUM, CHROMIUM_FLAGS

runner = CliRunner()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    result = runner.invoke(app, ["build", "--raw-dir", str(RAW_DIR), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_the_page_has_every_chart_and_needs_nothing_from_elsewhere(report):
    page = report.read_text("utf-8")
    assert page.count("<svg") == len(CHARTS) == 5
    assert [h for h in re.findall(r"<h2>([^<]+)</h2>", page)] == [c.title for c in CHARTS]
    assert not re.search(r"<script|<link|<img|@import|url\((?!#)|src=", page)
    addresses = {a for a in re.findall(r'href="([^"]+)"', page) if not a.startswith("#")}
    assert addresses and all(a.startswith(RAW_DIR.resolve().as_uri()) for a in addresses)


def test_figures_link_to_the_line_they_rest_on(report):
    page = report.read_text("utf-8")
    aalborg = re.search(
        r"<td>Aalborg 2022</td><td class=n><a href=\"([^\"]+)\" title=\"([^\"]+)\">(\d+)</a>", page
    )
    assert aalborg.groups() == (
        f"{RAW_DIR.resolve().as_uri()}/000_8ebe380394a1f244.txt",
        "000_8ebe380394a1f244.txt:433",
        "24",
    )


def test_a_chart_draws_its_first_rows_and_says_how_many_it_left_out():
    findings = next(c for c in CHARTS if c.title == "Findings per referat")
    columns = ["category", "error", "warning", "info"]
    rows = [(f"r{n:04d}.txt", 500 - n, 1, 0) for n in range(500)]
    part = section(findings, columns, rows, link_to(None))
    svg = part[part.index("<svg") : part.index("</svg>")]
    assert f"r{MAX_BARS - 1:04d}.txt" in svg and f"r{MAX_BARS:04d}.txt" not in svg
    assert f"the {MAX_BARS} referater with the most errors, then warnings, of 500 " in part
    assert part.count("<tr>") == 1 + MAX_TABLE_ROWS
    whole = section(findings, columns, rows[:MAX_BARS], link_to(None))
    assert "The chart shows" not in whole and f"r{MAX_BARS - 1:04d}.txt" in whole


def test_the_worst_referater_come_first():
    con = duckdb.connect()
    con.execute("create table findings (severity varchar, source_file varchar)")
    con.execute(
        "insert into findings values ('info', 'a.txt'), ('info', 'a.txt'), ('warning', 'b.txt'),"
        " ('error', 'c.txt'), ('warning', 'c.txt'), ('error', 'd.txt'), ('error', null)"
    )
    query = next(c.query for c in CHARTS if c.title == "Findings per referat")
    order = [row[0] for row in con.execute(query).fetchall()]
    assert order == ["c.txt", "(the build)", "d.txt", "b.txt", "a.txt"]


SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[tuple[float, float, str, str]]:
    """The bars of a chart (the rects with a hover title; legend swatches have none), as
    ``(x, width, colour, title)``; parsing also checks the SVG is well-formed XML."""
    root = ET.fromstring(svg)
    colours = {id(r): g.get("fill") for g in root.iter(f"{SVG}g") for r in g.iter(f"{SVG}rect")}
    return [
        (float(r.get("x")), float(r.get("width")), colours[id(r)], r.findtext(f"{SVG}title"))
        for r in root.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    ]


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_bar_is_as_long_as_its_figure():
    svg = draw([("a", 3), ("b", 1)], ["category", "n"], ["n"])
    (xa, wa, colour, tip_a), (xb, wb, _, tip_b) = bars(svg)
    assert wa == pytest.approx(3 * wb, rel=1e-3) and xa == xb
    assert (tip_a, tip_b) == ("a: 3", "b: 1")
    assert colour == "#1f77b4"
    assert texts(svg)[:2] == ["a", "b"] and {"3", "1"} <= set(texts(svg))  # labels, figures
    assert svg.count("<rect") == 2 and "n" not in texts(svg)  # one series: no legend


def test_stacked_series_add_up_and_have_a_legend():
    columns = ["category", "present", "absent", "source"]
    svg = draw([("a", 2, 3, "x.txt:1"), ("b", 5, 0, "x.txt:2")], columns, ["present", "absent"])
    (x1, w1, c1, t1), (xb, wb, _, tb), (x2, w2, c2, t2) = bars(svg)
    assert (t1, tb, t2) == ("a — present: 2", "b — present: 5", "a — absent: 3")
    assert x1 == xb and x2 == pytest.approx(x1 + w1, abs=0.01)  # absent starts where present ends
    assert w1 + w2 == pytest.approx(wb, abs=0.02)  # 2 + 3 as long as 5
    assert w1 == pytest.approx(2 / 3 * w2, rel=1e-3)
    assert c1 != c2 and {"present", "absent"} <= set(texts(svg))  # the legend
    assert "x.txt" not in svg


def test_labels_and_series_names_are_escaped():
    svg = draw([("<&>", 1), ("\"q'", 2)], ["category", "a<b"], ["a<b"])
    assert "<&>" not in svg and "&lt;&amp;&gt;" in svg
    assert texts(svg)[:2] == ["<&>", "\"q'"]
    svg = draw([("x", 1, 1)], ["category", "a<b", "c&d"], ["a<b", "c&d"])
    assert {"a<b", "c&d"} <= set(texts(svg)) and "a&lt;b" in svg and "c&amp;d" in svg


def test_the_same_rows_give_the_same_bytes():
    rows = [(f"kommune {n}", n * 1.5, n % 3, None) for n in range(40)]
    columns = ["category", "a", "b", "c"]
    assert draw(rows, columns, ["a", "b", "c"]) == draw(list(rows), columns, ["a", "b", "c"])
    findings = next(c for c in CHARTS if c.title == "Findings per referat")
    assert section(findings, columns, rows, link_to(None)) == section(
        findings, columns, rows, link_to(None)
    )


def test_a_row_without_a_figure_draws_no_bar_but_keeps_its_row():
    columns = ["category", "n"]
    svg = draw([("a", 0), ("b", None), ("c", 2), ("d", float("nan"))], columns, ["n"])
    assert [tip for *_, tip in bars(svg)] == ["c: 2"]
    assert texts(svg)[:4] == ["a", "b", "c", "d"]
    three = draw([("a", 1), ("b", 1), ("c", 1)], columns, ["n"])
    height = int(ET.fromstring(svg).get("height"))
    assert height == int(ET.fromstring(three).get("height")) + ROW_HEIGHT  # a row each
    nothing = draw([("a", None)], columns, ["n"])
    assert bars(nothing) == [] and texts(nothing)[0] == "a"


def test_bars_stay_inside_the_axis_and_the_picture():
    rows = [(f"r{n}", 1000 - n * 7) for n in range(MAX_BARS)]
    svg = draw(rows, ["category", "n"], ["n"])
    root = ET.fromstring(svg)
    axis = [float(line.get("x2")) for line in root.iter(f"{SVG}line")]
    assert root.get("width") == "800" and root.get("viewBox") == f"0 0 800 {root.get('height')}"
    assert max(x + w for x, w, *_ in bars(svg)) <= max(axis) <= 800
    assert {"0", "200", "400", "600", "800", "1000"} <= set(texts(svg))  # round ticks


def test_a_long_label_is_cut_and_shows_whole_on_hover():
    long = "Social- og sundhedsassistentuddannelsen i " + "Vesthimmerlands Kommune " * 4
    svg = draw([(long, 1), ("short", 2)], ["category", "n"], ["n"])
    label = next(
        t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.find(f"{SVG}title") is not None
    )
    shown = label.find(f"{SVG}title").tail
    assert label.findtext(f"{SVG}title") == long
    assert shown.endswith("…") and long.startswith(shown[:-1])
    assert text_width(shown) <= LABEL_WIDTH
    assert "<title>short</title>" not in svg


def test_ticks_are_round_and_reach_the_largest_figure():
    assert ticks(24, integral=True) == [0, 5, 10, 15, 20, 25]
    assert ticks(1334, integral=True) == [0, 500, 1000, 1500]
    assert ticks(1, integral=True) == [0, 1]
    assert ticks(3, integral=True) == [0, 1, 2, 3]
    assert ticks(0.3) == [0, 0.1, 0.2, 0.3]
    assert ticks(0) == ticks(1) == [0, 0.2, 0.4, 0.6, 0.8, 1]


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    if not CHROMIUM.exists():
        if os.environ.get("KKR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} not found (Debian package chromium)")
        pytest.skip(f"{CHROMIUM} not found (Debian package chromium)")
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


PAGE_TRAFFIC = {"101845102", "63171670"}
"""Chromium's traffic annotations of what a page loads (``blink_resource_loader``) and of
navigations (``navigation_url_loader``); the browser's own housekeeping (update checks, account
lookups) carries other annotations and is not the page's doing."""


def page_requests(net_log: Path) -> set[str]:
    """The addresses a page asked for, from Chromium's net log."""
    text = net_log.read_text("utf-8", errors="replace")
    found = re.findall(r'"traffic_annotation":(\d+),"url":"([^"]+)"', text)
    return {url for annotation, url in found if annotation in PAGE_TRAFFIC}


def test_the_request_detector_sees_a_page_that_calls_out(tmp_path):
    page = tmp_path / "calls-out.html"
    page.write_text('<html><body><img src="https://example.org/x.png"></body></html>', "utf-8")
    chromium("--dump-dom", f"--log-net-log={tmp_path / 'net.json'}", page.as_uri(),
             profile=tmp_path / "p")  # fmt: skip
    assert "https://example.org/x.png" in page_requests(tmp_path / "net.json")


def test_every_chart_renders_offline_and_no_request_leaves_the_page(report, tmp_path):
    net_log, shot = tmp_path / "net.json", tmp_path / "shot.png"
    url = report.resolve().as_uri()
    dom = chromium("--dump-dom", f"--log-net-log={net_log}", url, profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") == len(CHARTS)
    assert {u for u in page_requests(net_log) if not u.startswith("file:")} == set()
    shot_run = chromium(f"--screenshot={shot}", "--window-size=1200,2400", url,
                        profile=tmp_path / "p2")  # fmt: skip
    assert shot_run.returncode == 0, shot_run.stderr[-2000:]
    image = Image.open(shot).convert("L")
    dark = sum(count for value, count in enumerate(image.histogram()) if value < 200)
    assert dark > 0.01 * image.width * image.height  # bars and text, not a blank page
