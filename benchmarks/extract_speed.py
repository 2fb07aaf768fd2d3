"""Extraction speed and memory → docs/benchmarks.md, section "## Extraction speed and memory".

Usage: .venv/bin/python benchmarks/extract_speed.py [CORPUS_DIR] [--repeat N] [--no-camelot]

Per report: `read_report` (the whole parse: structure, claims, 附表, 自评表) beside bare pdfplumber
(`extract_text` + `extract_tables` on every page — what any pdfplumber-based reader pays at least),
the 附表 parser alone on a fresh document, and camelot's lattice reader on the 附表 pages (if
camelot is installed; it rasterises each page, so it is run on those pages only and reported per
page). Times are the best of N runs. Peak memory of the largest report is measured in fresh
child processes (VmHWM, the peak resident set) and with tracemalloc (Python allocations only).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pdfplumber
from mdsection import corpus, publish

from budgetlib.model import Report
from budgetlib.parse import schedules as schedules_module
from budgetlib.parse.report import read_report
from budgetlib.parse.schedules import parse_schedules
from budgetlib.pdf.document import open_document

HEADING = "## Extraction speed and memory"
TARGET = 1.3


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bare_pdfplumber(pdf: Path) -> int:
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            page.extract_text()
            page.extract_tables()
        return len(doc.pages)


class StepTimer:
    """Time spent inside budgetlib.parse.schedules.parse_schedules while read_report runs."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.inner = schedules_module.parse_schedules

    def __enter__(self) -> StepTimer:
        def timed(doc, report):
            start = time.perf_counter()
            try:
                return self.inner(doc, report)
            finally:
                self.seconds += time.perf_counter() - start

        schedules_module.parse_schedules = timed
        return self

    def __exit__(self, *exc) -> None:
        schedules_module.parse_schedules = self.inner


def read_report_with_step(pdf: Path) -> float:
    """read_report, returning the seconds of its 附表 step."""
    with StepTimer() as timer:
        read_report(pdf)
    return timer.seconds


def schedules_only(pdf: Path) -> Report:
    report = Report()
    with open_document(pdf) as doc:
        report.schedules = parse_schedules(doc, report)
    return report


def camelot_seconds(pdf: Path, pages: list[int]) -> float | None:
    try:
        import camelot
    except ImportError:
        return None
    start = time.perf_counter()
    camelot.read_pdf(str(pdf), pages=",".join(map(str, pages)), flavor="lattice")
    return time.perf_counter() - start


_CHILD = """
import json, resource, sys, time, tracemalloc
{imports}
def rss():
    # VmHWM is this process image's peak; ru_maxrss would carry the forking parent's peak across exec.
    try:
        with open("/proc/self/status") as fh:
            return next(int(x.split()[1]) for x in fh if x.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
base = rss()
if {traced}:
    tracemalloc.start()
{work}
out = {{"imports_mb": base, "maxrss_mb": rss()}}
if {traced}:
    out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(out))
"""
_WORKLOADS = {
    "bare": ("import pdfplumber",
             "with pdfplumber.open(sys.argv[1]) as d:\n"
             "    for p in d.pages:\n        p.extract_text(); p.extract_tables()"),
    "read_report": ("from budgetlib.parse.report import read_report", "read_report(sys.argv[1])"),
}


def peak_memory(pdf: Path) -> dict[str, dict]:
    """Each workload in a fresh interpreter that imports only what it needs (RSS after imports kept apart)."""
    out = {}
    for name, (imports, work) in _WORKLOADS.items():
        for traced in (False, True):
            code = _CHILD.format(imports=imports, work=work, traced=traced)
            res = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, check=True)
            out[name + ("+trace" if traced else "")] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def measure(pdfs: list[Path], repeat: int, use_camelot: bool) -> list[dict]:
    rows = []
    for pdf in pdfs:
        bare_s, pages = best(lambda p=pdf: bare_pdfplumber(p), repeat)
        full_s, step_s = best(lambda p=pdf: read_report_with_step(p), repeat)
        sched_s, sreport = best(lambda p=pdf: schedules_only(p), repeat)
        spages = sreport.page_map.get("schedules", [])
        cam = camelot_seconds(pdf, spages) if use_camelot and spages else None
        rows.append({"case": pdf.stem, "pages": pages, "schedule_pages": len(spages), "bare": bare_s,
                     "read_report": full_s, "step": step_s, "schedules": sched_s, "camelot": cam})
        print(f"{pdf.stem}: bare {bare_s:.2f}s, read_report {full_s:.2f}s ({full_s / bare_s:.2f}×), "
              f"附表 step {step_s:.2f}s, 附表 alone {sched_s:.2f}s, camelot {cam if cam is None else round(cam, 2)}s", flush=True)
    return rows


def render(rows: list[dict], memory: dict[str, dict], largest: Path, repeat: int, camelot_note: str) -> str:
    pages = sum(r["pages"] for r in rows)
    bare = sum(r["bare"] for r in rows)
    full = sum(r["read_report"] for r in rows)
    sched = sum(r["schedules"] for r in rows)
    step = sum(r["step"] for r in rows)
    cam_rows = [r for r in rows if r["camelot"] is not None]
    lines = [HEADING, "",
             f"Run {date.today().isoformat()} on {platform.machine()} / Python {platform.python_version()}, "
             f"`benchmarks/extract_speed.py`, best of {repeat} run(s), on a shared 2-core machine (other jobs "
             "running, so absolute seconds are noisy; the ratios are the point).",
             "",
             f"**read_report / bare pdfplumber = {full / bare:.2f}×** over {len(rows)} reports, {pages} pages "
             f"(target ≤ {TARGET}×). Per page: bare {bare / pages * 1000:.0f} ms, read_report "
             f"{full / pages * 1000:.0f} ms. The 附表 step inside read_report (pages already read by the "
             f"structure parser) takes {step:.1f} s of {full:.1f} s ({step / full:.1%}), i.e. "
             f"{(full - step) / bare:.2f}× without it; the 附表 parser alone on a fresh document (reading every page's "
             f"glyphs itself) {sched / pages * 1000:.0f} ms per page.",
             ""]
    if cam_rows:
        cpages = sum(r["schedule_pages"] for r in cam_rows)
        ctime = sum(r["camelot"] for r in cam_rows)
        lines += [f"camelot lattice on the {cpages} 附表 pages only: {ctime / cpages * 1000:.0f} ms per page "
                  f"({ctime:.1f} s), i.e. {ctime / cpages / (bare / pages):.1f}× bare pdfplumber per page.", ""]
    else:
        lines += [f"camelot: {camelot_note}", ""]
    lines += ["| report | pages | 附表 pages | bare pdfplumber s | read_report s | ratio | 附表 step s | 附表 alone s "
              "| camelot s/页 |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        cam = f"{r['camelot'] / r['schedule_pages']:.2f}" if r["camelot"] is not None else "—"
        lines.append(f"| {r['case']} | {r['pages']} | {r['schedule_pages']} | {r['bare']:.2f} | "
                     f"{r['read_report']:.2f} | {r['read_report'] / r['bare']:.2f} | {r['step']:.2f} | {r['schedules']:.2f} | "
                     f"{cam} |")
    lines += ["", f"Peak memory on the largest report ({largest.name}, fresh process each):", "",
              "| workload | RSS after imports MB | peak RSS MB | tracemalloc peak MB |", "|---|---|---|---|"]
    for name in ("bare", "read_report"):
        m = memory[name]
        lines.append(f"| {name} | {m['imports_mb']:.0f} | {m['maxrss_mb']:.0f} | "
                     f"{memory[name + '+trace']['traced_peak_mb']:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-camelot", action="store_true")
    args = ap.parse_args(argv)
    pdfs = corpus([args.corpus] if args.corpus else [])
    try:
        import camelot  # noqa: F401
        note = ""
    except ImportError:
        note = "not installed (`pip install camelot-py`), column skipped"
    if args.no_camelot:
        note = "skipped (--no-camelot)"
    rows = measure(pdfs, args.repeat, use_camelot=not note)
    largest = max(pdfs, key=lambda p: (next(r["pages"] for r in rows if r["case"] == p.stem), p.stat().st_size))
    text = render(rows, peak_memory(largest), largest, args.repeat, note)
    publish(HEADING, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
