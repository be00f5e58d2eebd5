"""GX Data Docs written by ``run_suites(..., docs_dir=...)``.

Three good tables and one bad one are validated with their real suites; ``docs_dir/index.html``
must list each suite once, with its result. The browser test opens that page in headless
Chromium (``/usr/bin/chromium --dump-dom``: the DOM after the page's scripts ran). GX's index page
draws its tables with jQuery and bootstrap-table loaded from public CDNs, which this machine and
CI cannot reach; so the test loads a copy of the page, written beside it, whose only change is
that those scripts point at the same releases fetched from the npm registry (``npm pack``, kept
in pytest's cache), and the browser gets no other host: every other lookup fails at once.

Without ``/usr/bin/chromium`` or ``npm`` the browser test is skipped, unless
``KKR_REQUIRE_BROWSER=1`` (as in CI), when it fails instead.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import subprocess
import tarfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from pipeline.models import AgendaItemRow, AttendanceRow, FindingRow, MeetingRow
from pipeline.validate.expectations import SuiteRun, run_suites
from tests.validate.helpers import MID, frame

SUITES = Path(__file__).resolve().parents[2] / "expectations"
PARAMS = {"kommune_codes": [101]}
DATE = dt.date(2021, 6, 11)
EXPECTED = {
    "agenda_items": "passed",
    "attendance": "failed",
    "findings": "passed",
    "meetings": "passed",
}

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: the CDN hosts fail fast
)
REQUIRED_SCRIPTS = ("jquery", "bootstrap-table", "bootstrap-datepicker")
"""npm packages the index page cannot draw its tables without (bootstrap-table's filter-control
extension, which the page loads too, calls the date picker)."""


# --------------------------------------------------------------------------- tables


def tables() -> dict[str, pd.DataFrame]:
    """Good meetings, agenda items and findings; attendance with a status not in its set."""
    meeting = MeetingRow(
        MID,
        "KKR Nordjylland",
        "Nordjylland",
        DATE,
        "10:00",
        "Aalborg",
        True,
        "nj.txt",
        1,
        "ab" * 32,
    )
    items = [
        AgendaItemRow(MID, no, f"Punkt {no}", None, None, None, "b", "i", "s", "d", "nj.txt", n, n)
        for no, n in (("1", 10), ("2", 20))
    ]
    people = [
        AttendanceRow(
            MID,
            DATE,
            "Nordjylland",
            name,
            None,
            "A",
            "Aalborg",
            101,
            None,
            status,
            None,
            None,
            "nj.txt",
            n,
        )
        for name, status, n in (("Anna", "present", 3), ("Bo", "afbud", 4))
    ]
    finding = FindingRow("warning", "kommune-misspelt", MID, "nj.txt", 7, "Ålborg read as Aalborg")
    return {
        "agenda_items": frame(AgendaItemRow, items),
        "attendance": frame(AttendanceRow, people, ("kommune_code",)),
        "findings": frame(FindingRow, [finding], ("source_line",)),
        "meetings": frame(MeetingRow, [meeting]),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """(docs_dir, rows) of one run with docs."""
    docs_dir = tmp_path_factory.mktemp("docs")
    rows = run_suites(tables(), SUITES, PARAMS, docs_dir=docs_dir)
    return docs_dir, rows


def index_results(index_html: str) -> dict[str, list[str]]:
    """suite -> the results GX put in the index page's validations table data (no browser).

    The page hands each table to bootstrap-table as ``data: [{...}, ...]``, a Python literal.
    """
    results: dict[str, list[str]] = {}
    for literal in re.findall(r"data: (\[.*?\]),\s*toolbar:", index_html, re.DOTALL):
        for row in ast.literal_eval(literal):
            if "_validation_success_text" in row:
                text = row["_validation_success_text"]
                outcome = {"Success": "passed", "Failed": "failed"}.get(text, text)
                results.setdefault(row["_expectation_suite_name_sort"], []).append(outcome)
    return results


# --------------------------------------------------------------------------- without a browser


def test_rows_are_the_same_with_and_without_docs(built: tuple[Path, list]) -> None:
    _, rows = built
    assert rows == run_suites(tables(), SUITES, PARAMS)
    outcome = {s: all(r.success for r in rows if r.suite == s) for s in EXPECTED}
    assert outcome == {s: result == "passed" for s, result in EXPECTED.items()}


def test_suites_run_in_two_parts_give_the_rows_and_pages_of_one_run(
    built: tuple[Path, list], tmp_path: Path
) -> None:
    """A build validates its data tables first and its findings last, on one context
    (``SuiteRun``): in suite order, the rows and the index page are those of one run."""
    docs_dir, rows = built
    every, run = tables(), SuiteRun()
    first_names = [k for k in every if k != "findings"]
    first = run.validate({k: every[k] for k in first_names}, SUITES, PARAMS)
    run.keep_for_docs()  # as a build does after each part
    run.build_docs(tmp_path, index=False)  # the first part's pages, no index yet
    assert not (tmp_path / "index.html").exists()
    assert sorted(p.stem for p in (tmp_path / "expectations").iterdir()) == sorted(first_names)
    last = run.validate({"findings": every["findings"]}, SUITES, PARAMS)
    run.build_docs(tmp_path)
    assert [r.suite for r in last] == ["findings"] * len(last)
    assert sorted(first + last, key=lambda r: r.suite) == rows
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index_results(page) == index_results((docs_dir / "index.html").read_text("utf-8"))
    for suite in EXPECTED:  # every suite's pages, each once
        assert (tmp_path / "expectations" / f"{suite}.html").is_file()
        assert len(list((tmp_path / "validations" / suite).rglob("*.html"))) == 1


def test_the_pages_do_not_depend_on_the_order_the_suites_were_kept_in(
    built: tuple[Path, list], tmp_path: Path
) -> None:
    docs_dir, _ = built
    every, run = tables(), SuiteRun()
    for name in sorted(every, reverse=True):  # kept one at a time, last name first
        run.validate({name: every[name]}, SUITES, PARAMS)
        run.keep_for_docs()
    assert run.kept == len(every)
    run.build_docs(tmp_path)
    ours = index_results((tmp_path / "index.html").read_text(encoding="utf-8"))
    theirs = index_results((docs_dir / "index.html").read_text("utf-8"))
    assert list(ours.items()) == list(theirs.items())  # the same suites, results and order
    assert sorted(p.name for p in (tmp_path / "expectations").iterdir()) == sorted(
        p.name for p in (docs_dir / "expectations").iterdir()
    )


def test_index_lists_every_suite_with_its_result(built: tuple[Path, list]) -> None:
    docs_dir, _ = built
    index = docs_dir / "index.html"
    assert index.is_file()
    assert index_results(index.read_text(encoding="utf-8")) == {
        s: [result] for s, result in EXPECTED.items()
    }
    for suite in EXPECTED:
        assert (docs_dir / "expectations" / f"{suite}.html").is_file()
        assert len(list((docs_dir / "validations" / suite).rglob("*.html"))) == 1


def test_a_new_build_replaces_the_old_pages(tmp_path: Path) -> None:
    run_suites(tables(), SUITES, PARAMS, docs_dir=tmp_path)
    fewer = {k: v for k, v in tables().items() if k != "findings"}
    run_suites(fewer, SUITES, PARAMS, docs_dir=tmp_path)
    results = index_results((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert sorted(results) == sorted(fewer)
    assert all(len(r) == 1 for r in results.values())
    assert list((tmp_path / "validations").rglob("*findings*.html")) == []
    assert not (tmp_path / "expectations" / "findings.html").exists()


def test_no_docs_without_docs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from great_expectations.data_context import AbstractDataContext

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("build_data_docs called without docs_dir")

    monkeypatch.setattr(AbstractDataContext, "build_data_docs", refuse)
    monkeypatch.chdir(tmp_path)
    run_suites({"meetings": tables()["meetings"]}, SUITES, PARAMS)
    assert list(tmp_path.iterdir()) == []


def test_building_docs_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    docs_dir = tmp_path / "docs"
    run_suites({"meetings": tables()["meetings"]}, SUITES, PARAMS, docs_dir=docs_dir)
    assert capfd.readouterr() == ("", "")
    assert [p.name for p in tmp_path.iterdir()] == ["docs"]  # nothing outside docs_dir


# --------------------------------------------------------------------------- in Chromium


def unavailable(reason: str) -> None:
    """Skip, or fail when the environment says the browser test must run."""
    if os.environ.get("KKR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KKR_REQUIRE_BROWSER=1: the browser test may not be skipped)")
    pytest.skip(reason)


def npm_source(url: str) -> tuple[str, str, str] | None:
    """(package, version, path in the package) of a CDN script that is an npm release file."""
    if m := re.fullmatch(r"https://code\.jquery\.com/jquery-(\d+\.\d+\.\d+)\.min\.js", url):
        return "jquery", m[1], "dist/jquery.min.js"
    if m := re.fullmatch(r"https://unpkg\.com/([a-z0-9-]+)@(\d+\.\d+\.\d+)/(.+\.js)", url):
        return m[1], m[2], m[3]
    datepicker = (
        r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/([\d.]+)/(js/.+\.js)"
    )
    if m := re.fullmatch(datepicker, url):
        return "bootstrap-datepicker", m[1], f"dist/{m[2]}"
    return None


def fetch(package: str, version: str, member: str, cache: Path) -> Path:
    """``member`` of ``package@version``, from the npm registry once, then from ``cache``."""
    target = cache / f"{package}@{version}" / member
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        unavailable(f"npm not found: needed to fetch {package}@{version} for the index page")
    packed = cache / "tarballs"
    packed.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "pack", f"{package}@{version}", "--pack-destination", str(packed), "--silent"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        unavailable(f"npm pack {package}@{version} failed: {done.stderr.strip()[-500:]}")
    with tarfile.open(packed / done.stdout.split()[-1]) as tar:
        data = tar.extractfile(f"package/{member}")
        assert data is not None, f"{package}@{version} has no {member}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.read())
    return target


def offline_copy(index: Path, cache: Path) -> Path:
    """A copy of ``index`` beside it whose npm-released CDN scripts are local files."""
    html = index.read_text(encoding="utf-8")
    sources = {}
    for url in re.findall(r'<script src="(https://[^"]+)"', html):
        if (source := npm_source(url)) is not None:
            sources[url] = source
    missing = set(REQUIRED_SCRIPTS) - {package for package, _, _ in sources.values()}
    assert not missing, f"the index page no longer loads {sorted(missing)} as this test expects"
    for url, source in sources.items():
        html = html.replace(f'src="{url}"', f'src="{fetch(*source, cache).as_uri()}"')
    copy = index.with_name("index.browser.html")
    copy.write_text(html, encoding="utf-8")
    return copy


class TableRows(HTMLParser):
    """The ``<tr data-href=...>`` rows of a page: (data-href, classes and text inside)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, set[str], str]] = []
        self._open: tuple[str, set[str], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("data-href"):
            self._open = (attributes["data-href"] or "", set(), [])
        elif self._open is not None:
            self._open[1].update((attributes.get("class") or "").split())

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._open is not None:
            href, classes, text = self._open
            self.rows.append((href, classes, " ".join(" ".join(text).split())))
            self._open = None


def rendered_dom(page: Path, profile: Path) -> str:
    """The DOM of ``page`` after its scripts ran, from headless Chromium."""
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} not found (Debian package chromium)")
    done = subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def test_index_in_chromium_lists_every_suite_with_its_result(
    built: tuple[Path, list], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    docs_dir, _ = built
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} not found (Debian package chromium)")
    pytest_cache = getattr(request.config, "cache", None)  # None with -p no:cacheprovider
    cache = pytest_cache.mkdir("gx-data-docs-scripts") if pytest_cache else tmp_path / "scripts"
    page = offline_copy(docs_dir / "index.html", cache)
    parser = TableRows()
    parser.feed(rendered_dom(page, tmp_path / "chromium-profile"))
    assert parser.rows, "no table rows in the rendered index: its scripts did not run"

    validations: dict[str, list[str]] = {}
    for href, classes, text in parser.rows:
        if href.startswith("validations/"):
            suite = href.split("/")[1]
            assert suite in text.split(), f"row for {href} does not name its suite: {text!r}"
            assert (docs_dir / href).is_file()
            passed, failed = "ge-success-icon" in classes, "ge-failed-icon" in classes
            assert passed != failed, f"row for {href} shows no single result: {sorted(classes)}"
            validations.setdefault(suite, []).append("passed" if passed else "failed")
    assert validations == {s: [result] for s, result in EXPECTED.items()}

    suites = {h for h, _, _ in parser.rows if h.startswith("expectations/")}
    assert suites == {f"expectations/{s}.html" for s in EXPECTED}
