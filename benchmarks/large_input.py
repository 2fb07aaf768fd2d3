"""A 600-page input in bounded memory → docs/benchmarks.md "## Large input".

Usage: .venv/bin/python benchmarks/large_input.py [CORPUS_DIR]

Two 600-page files are built from the corpus with pypdf:
- a compilation (whole reports of many units, one after another), as a department publishes them;
- one report stretched to 600 pages (its 第四部分/第五部分 pages repeated), the worst single unit.
Each workload runs in a fresh process that reports its own peak RSS (and its children's).
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from mdsection import ROOT, corpus, replace_section

HEADING = "## Large input"
PAGES = 600
LIMIT_MB = 500

PEAK = """
import resource, json, sys, time
t0 = time.perf_counter()
{body}
own = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM:"))  # not ru_maxrss: fork
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("@@" + json.dumps({{"seconds": time.perf_counter() - t0, "peak_mb": own / 1024, "children_mb": kids / 1024,
                          "extra": globals().get("extra")}}))
"""


def measure(body: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PEAK.format(body=body)], capture_output=True, text=True, cwd=ROOT,
                         env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin",
                              "BUDGETLIB_CACHE": tempfile.mkdtemp(prefix="bl-cache-")})
    for line in out.stdout.splitlines():
        if line.startswith("@@"):
            return json.loads(line[2:])
    raise RuntimeError(out.stderr[-2000:])


def build_compilation(pdfs: list[Path], target: Path) -> int:
    from pypdf import PdfReader, PdfWriter

    w, n, i = PdfWriter(), 0, 0
    while n < PAGES:
        pdf = pdfs[i % len(pdfs)]
        w.append(str(pdf))
        n += len(PdfReader(str(pdf)).pages)
        i += 1
    with open(target, "wb") as fh:
        w.write(fh)
    return i


def build_long_report(pdf: Path, target: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    r = PdfReader(str(pdf))
    w = PdfWriter()
    for page in r.pages:
        w.add_page(page)
    body = list(range(1, len(r.pages)))  # every page but the cover: one report, no second cover
    i = 0
    while len(w.pages) < PAGES:
        w.add_page(r.pages[body[i % len(body)]])
        i += 1
    with open(target, "wb") as fh:
        w.write(fh)


def main(argv: list[str]) -> int:
    pdfs = corpus(argv)
    tmp = Path(tempfile.mkdtemp(prefix="large-input-"))
    comp, long = tmp / "compilation600.pdf", tmp / "long600.pdf"
    units = build_compilation(pdfs, comp)
    build_long_report(pdfs[0], long)
    rows = []

    r = measure(f"""
from budgetlib.parse.inputs import check_input
scan, spans = check_input({str(comp)!r}, allow_compilation=True)
extra = {{"pages": scan.page_count, "reports": len(spans)}}
""")
    rows.append(("compilation: vet + find the reports (pdfium scan)", r, f"{r['extra']['pages']} pages, "
                 f"{r['extra']['reports']} reports found ({units} concatenated)"))

    r = measure(f"""
from budgetlib.cli import main
main(["audit", {str(comp)!r}])
""")
    rows.append(("compilation: `budgetlib audit` (refused, exit 2)", r, "refused: 汇编文件 → use batch"))

    out = tmp / "batch-out"
    r = measure(f"""
from budgetlib.batch import run_batch
s = run_batch([{str(comp)!r}], {str(out)!r}, workers=2, notebooks=False, progress=False)
extra = {{"done": s["units_done"], "failed": s["units_failed"], "worker_peak": s["peak_rss_mb"]}}
""")
    e = r["extra"]
    # the units run under the batch's fork server, not as this process's children: their own VmHWM counts
    r["children_mb"] = max(r["children_mb"], e["worker_peak"] or 0.0)
    rows.append(("compilation: `budgetlib batch --no-notebooks --workers 2` (split, then one unit per worker)", r,
                 f"{e['done']} units done, {e['failed']} failed; peak of one worker {e['worker_peak']} MB"))

    r = measure(f"""
from budgetlib.parse.report import read_report
from budgetlib.checks import audit
rep = read_report({str(long)!r})
extra = {{"pages": rep.page_count, "findings": len(audit(rep, {{}}))}}
""")
    rows.append((f"one {PAGES}-page report: read_report + audit", r,
                 f"{r['extra']['pages']} pages, {r['extra']['findings']} findings"))

    lines = [HEADING, "",
             f"{date.today().isoformat()}, {platform.machine()}, Python {platform.python_version()}; "
             f"`benchmarks/large_input.py`. Files of {PAGES} pages made from the corpus with pypdf; each workload "
             f"in a fresh process (parse cache empty); peak = max RSS of the process and of its children "
             f"(the batch's workers: each unit's own VmHWM, as they are forked by the batch's fork server). Limit: {LIMIT_MB} MB.", "",
             "| workload | seconds | peak RSS (MB) | children peak (MB) | notes |", "|---|---:|---:|---:|---|"]
    worst = 0.0
    for name, r, note in rows:
        worst = max(worst, r["peak_mb"], r["children_mb"])
        lines.append(f"| {name} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['children_mb']:.0f} | {note} |")
    lines += ["", f"Largest peak: {worst:.0f} MB ({'within' if worst < LIMIT_MB else 'OVER'} the {LIMIT_MB} MB bound)."]
    replace_section(HEADING, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if worst < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
