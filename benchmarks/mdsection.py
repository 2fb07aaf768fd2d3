"""Shared by the benchmark scripts: the corpus to run on, and one section of docs/benchmarks.md.

Each benchmark owns one `## ` section of the file and replaces only that section, so scripts run
in any order (or alone) without erasing each other's results.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = ROOT / "docs" / "benchmarks.md"

if str(ROOT / "tests") not in sys.path:  # the truth-matching helpers live with the tests
    sys.path.insert(0, str(ROOT / "tests"))


def corpus(argv: list[str]) -> list[Path]:
    """PDFs with a truth file: in argv[0], else ../shared/corpus, else data/."""
    base = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    if not base.is_dir():
        base = ROOT / "data"
    return sorted(p for p in base.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def replace_section(heading: str, text: str, path: Path = BENCHMARKS_MD) -> None:
    """Put `text` (which starts with `heading`) in place of that section, or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    blocks = re.split(r"(?m)^(?=## )", old)
    kept = [b for b in blocks if not b.startswith(heading + "\n")]
    if len(kept) < len(blocks):
        at = next(i for i, b in enumerate(blocks) if b.startswith(heading + "\n"))
        kept.insert(at, text.rstrip("\n") + "\n\n")
    else:
        kept.append(("\n" if not kept[-1].endswith("\n\n") else "") + text.rstrip("\n") + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(kept).rstrip("\n") + "\n", encoding="utf-8")


def publish(heading: str, text: str) -> None:
    """Write the section and show it."""
    replace_section(heading, text)
    print(text)
    print(f"→ {BENCHMARKS_MD}")
