"""Audit notebooks: parse cache and `budgetlib run` → benchmarks/results/notebooks.md.

Usage: .venv/bin/python benchmarks/notebooks_bench.py [CORPUS_DIR] [--all]

Per report (the seed and one reportlab-rendered case by default; every corpus report with --all):
the parse without the cache, a cache hit, the wall time of `run_unit` (all per-unit notebooks via
papermill, each in a fresh kernel, plus the HTML export), the size of what it writes, and the
number of error/stderr outputs in the executed notebooks (must be 0). Also the size of the
committed notebooks (kept under 5 MB).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import nbformat
from mdsection import ROOT, corpus, replace_section

from budgetlib import cache
from budgetlib.notebooks_run import run_unit, unit_notebooks

HEADING = "## Audit notebooks (budgetlib run)"
RESULTS = ROOT / "benchmarks" / "results" / "notebooks.md"


def error_outputs(folder: Path) -> int:
    n = 0
    for nb in folder.glob("*.ipynb"):
        for cell in nbformat.read(nb, as_version=4).cells:
            n += sum(1 for o in cell.get("outputs", []) if o.output_type == "error" or o.get("name") == "stderr")
    return n


def measure(pdf: Path, out: Path) -> dict:
    start = time.perf_counter()
    cache.load_report(pdf, use_cache=False)
    parse = time.perf_counter() - start
    cache.load_report(pdf)  # fill the cache
    start = time.perf_counter()
    cache.load_report(pdf)
    hit = time.perf_counter() - start
    start = time.perf_counter()
    folder = run_unit(pdf, {}, out)
    run = time.perf_counter() - start
    size = lambda pattern: sum(p.stat().st_size for p in folder.glob(pattern)) / 1e6  # noqa: E731
    return {"case": pdf.stem, "parse": parse, "hit": hit, "run": run, "ipynb": size("*.ipynb"),
            "html": size("*.html"), "errors": error_outputs(folder)}


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    pdfs = corpus([args.corpus] if args.corpus else [])
    if not args.all:
        pdfs = [p for p in pdfs if p.stem == "seed_2023"] + [p for p in pdfs if p.stem == "case_008"]
    os.environ.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUDGETLIB_CACHE"] = str(Path(tmp) / "cache")
        rows = [measure(pdf, Path(tmp) / "runs") for pdf in pdfs]
    committed = sum(p.stat().st_size for p in unit_notebooks(ROOT / "notebooks")) / 1e6
    lines = [HEADING, "",
             f"{date.today()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; `benchmarks/notebooks_bench.py{' --all' if args.all else ''}`. "
             f"{len(unit_notebooks(ROOT / 'notebooks'))} per-unit notebooks, each in a fresh kernel.", "",
             "| report | parse (s) | cache hit (s) | budgetlib run (s) | .ipynb (MB) | .html (MB) | error outputs |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {r['parse']:.2f} | {r['hit']:.3f} | {r['run']:.0f} | {r['ipynb']:.2f} | "
                     f"{r['html']:.2f} | {r['errors']} |")
    lines += ["", f"Committed notebooks (with outputs for the seed): {committed:.2f} MB."]
    text = "\n".join(lines) + "\n"
    replace_section(HEADING, text, RESULTS)
    print(text)
    print(f"→ {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
