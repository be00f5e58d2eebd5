"""The console summary of a build stays one screen however many referater were read: totals,
then at most ``ALL_FILES_UP_TO`` referater, only those below 100 % coverage, with unexplained
figures or with errors; skipped files are capped the same way (findings.md has everything)."""

import io
from collections import Counter

from rich.console import Console

from pipeline import cli
from pipeline.run import Report
from pipeline.transform.unparsed_lines import Coverage


def printed(report: Report, monkeypatch) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=out, width=160))
    monkeypatch.setattr(cli, "err", Console(file=err, width=160))
    cli._print_report(report)
    return out.getvalue(), err.getvalue()


def thousands() -> Report:
    coverage = [Coverage(f"{n:05d}.txt", 10, 10, 5, 5, 0) for n in range(3000)]
    coverage[7] = Coverage("00007.txt", 10, 8, 5, 5, 0)  # below 100 %
    coverage[9] = Coverage("00009.txt", 10, 10, 5, 3, 1)  # an unexplained figure
    return Report(
        files_read=[c.source_file for c in coverage],
        skipped=[f"bad{n}.txt: binary data, not text" for n in range(500)],
        rows={"meetings": 3000},
        findings=Counter(error=1, info=3000),
        coverage=coverage,
        errors=Counter({"00011.txt": 1}),
    )


def test_thousands_of_referater_print_one_screen(monkeypatch):
    out, err = printed(thousands(), monkeypatch)
    assert len(out.splitlines()) + len(err.splitlines()) < 80
    listed = [name for name in (f"{n:05d}.txt" for n in range(3000)) if name in out]
    assert listed == ["00007.txt", "00009.txt", "00011.txt"]
    assert "2997 more referater not listed; findings.md has every finding" in out
    assert err.count("skipped bad") == cli.ALL_FILES_UP_TO
    assert "skipped 480 more files; findings.md names each" in err


def test_a_few_referater_are_all_listed(monkeypatch):
    report = thousands()
    report.coverage = report.coverage[:5]
    report.skipped = report.skipped[:2]
    out, err = printed(report, monkeypatch)
    assert all(f"0000{n}.txt" in out for n in range(5))
    assert "not listed" not in out and err.count("skipped bad") == 2
