"""``report.html``: one self-contained page with a chart per question, each chart's figures in a
table linked to the referat, opened offline in headless Chromium: every chart rendered (an SVG
is there, the screenshot is not blank) and no request left the page."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report_html import CHARTS, MAX_BARS, MAX_TABLE_ROWS, link_to, section
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
