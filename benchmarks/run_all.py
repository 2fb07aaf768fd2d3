"""`make bench`: every benchmark in turn, each replacing its own section of docs/benchmarks.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# speed_goals.py: issue 13's three ratios and the batch rates, before (main) and after, in one run.
SCRIPTS = ["extract_accuracy.py", "real_reports.py", "reading_problems.py", "budgets.py", "speed_goals.py", "extract_speed.py",
           "notebooks_bench.py", "batch_bench.py", "large_input.py", "ocr_accuracy.py"]


def main() -> int:
    failed = []
    for name in SCRIPTS:
        print(f"== {name}", flush=True)
        if subprocess.call([sys.executable, str(HERE / name)], cwd=HERE.parent) != 0:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
