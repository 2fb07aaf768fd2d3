"""Audit notebooks: `budgetlib run` beside `budgetlib audit` → docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/notebooks_bench.py [CORPUS_DIR] [--all]

Per report (the seed and one reportlab-rendered case by default; every corpus report with --all):
the audit (parse without the cache + rules), a cache hit, the wall time of `run_unit` with each
engine (papermill with a fresh kernel per notebook; one shared kernel per unit) from a cold cache,
HTML export included, the size of what it writes, and the
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
RESULTS = ROOT / "docs" / "benchmarks.md"


def error_outputs(folder: Path) -> int:
    n = 0
    for nb in folder.glob("*.ipynb"):
        for cell in nbformat.read(nb, as_version=4).cells:
            n += sum(1 for o in cell.get("outputs", []) if o.output_type == "error" or o.get("name") == "stderr")
    return n


def measure(pdf: Path, out: Path, cache_dir: Path) -> dict:
    """audit (parse + rules, cold cache) beside `budgetlib run` with each engine from a cold cache:
    the ratio the notebooks cost over the library, measured side by side in one process."""
    import shutil

    from budgetlib.checks import audit

    def cold() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    cold()
    start = time.perf_counter()
    audit(cache.load_report(pdf, use_cache=False))
    audit_s = time.perf_counter() - start
    cache.load_report(pdf)  # fill the cache
    start = time.perf_counter()
    cache.load_report(pdf)
    hit = time.perf_counter() - start
    runs = {}
    folder = out
    for engine in ("papermill", "shared"):
        cold()
        start = time.perf_counter()
        folder = run_unit(pdf, {}, out / engine, engine=engine)
        runs[engine] = time.perf_counter() - start
    size = lambda pattern: sum(p.stat().st_size for p in folder.glob(pattern)) / 1e6  # noqa: E731
    return {"case": pdf.stem, "audit": audit_s, "hit": hit, "papermill": runs["papermill"],
            "shared": runs["shared"], "ipynb": size("*.ipynb"), "html": size("*.html"),
            "errors": error_outputs(folder)}


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
        rows = [measure(pdf, Path(tmp) / "runs", Path(tmp) / "cache") for pdf in pdfs]
    committed = sum(p.stat().st_size for p in unit_notebooks(ROOT / "notebooks")) / 1e6
    lines = [HEADING, "",
             f"{date.today()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; `benchmarks/notebooks_bench.py{' --all' if args.all else ''}`. "
             f"{len(unit_notebooks(ROOT / 'notebooks'))} per-unit notebooks, HTML included, from a cold parse cache; "
             "before = papermill, one kernel per notebook; after = the shared engine (the unit's notebooks shared by two kernels forked from one warm process) "
             "(goal: run ≤ 2× audit). Measured side by side in one run.", "",
             "| report | audit (s) | cache hit (s) | run before (s) | ratio | run after (s) | ratio | .ipynb (MB) | "
             ".html (MB) | error outputs |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {r['audit']:.2f} | {r['hit']:.3f} | {r['papermill']:.1f} | "
                     f"{r['papermill'] / r['audit']:.1f}× | {r['shared']:.1f} | {r['shared'] / r['audit']:.1f}× | "
                     f"{r['ipynb']:.2f} | {r['html']:.2f} | {r['errors']} |")
    lines += ["", f"Committed notebooks (with outputs for the seed): {committed:.2f} MB."]
    text = "\n".join(lines) + "\n"
    replace_section(HEADING, text, RESULTS)
    print(text)
    print(f"→ {RESULTS}")


if __name__ == "__main__":
    main(sys.argv[1:])
