"""Rewrite the golden files from the current parser: ``python tests/golden/regenerate.py``.

Only for a deliberate change of output. Read ``git diff tests/golden`` line by line against the
referat before committing: a golden file is a claim about what the referat says.
"""

from pathlib import Path

from pipeline.extract import read_referat
from pipeline.transform import TABLES, transform
from tests.golden_io import GOLDEN_TABLES, rows_frame

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    raw = ROOT / "data" / "raw"
    for path in sorted(raw.glob("*.txt")):
        tables = transform([read_referat(path, raw)])
        folder = ROOT / "tests" / "golden" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        for name in GOLDEN_TABLES:
            rows_frame(tables[name], TABLES[name]).to_csv(
                folder / f"{name}.csv", index=False, lineterminator="\n"
            )


if __name__ == "__main__":
    main()
