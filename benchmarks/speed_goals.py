"""Issue 13's three speed ratios and the batch rates, before and after, measured side by side in ONE run
→ docs/benchmarks.md "## Speed goals (issue 13)".

Usage: .venv/bin/python benchmarks/speed_goals.py [--before REF] [--repeat N] [--reports N] [--no-batch]

"before" is the code of git REF (default: main), unpacked with `git archive` into a temporary folder
and imported from there (PYTHONPATH, which the notebook kernels and batch workers inherit); "after"
is this working tree. Every measurement runs in a child process with an empty parse cache, the two
codes alternating, and the best of --repeat runs is kept. The benchmark code is this file for both.

1. `budgetlib run REPORT` (8 notebooks, HTML included) / `budgetlib audit REPORT -o findings.json`,
   both as the user types them (one process each, interpreter start-up included), on the seed.
   Also in-process (library parse + rules vs run_unit), and the stages of one run (after).
2. `budgetlib batch --workers 2` over the corpus with and without notebooks: units per minute.
3. read_report / bare pdfplumber (extract_text + extract_tables on every page) over the corpus
   reports (all 13 unless --reports N), and where the time goes (own time per package, cProfile).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import date
from pathlib import Path

from mdsection import ROOT, corpus, replace_section

HEADING = "## Speed goals (issue 13)"
SEED = "seed_2023"


# ------------------------------------------------------------------------------------------- children

def _cold_cache() -> None:
    os.environ["BUDGETLIB_CACHE"] = tempfile.mkdtemp(prefix="bl-speed-cache-")


def _cpu_children() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure_cli(pdf: str) -> dict:
    """`budgetlib audit` and `budgetlib run` as commands (each from a cold parse cache)."""
    out = {}
    tmp = Path(tempfile.mkdtemp(prefix="bl-speed-cli-"))
    for name, args in (("audit", ["audit", pdf, "-o", str(tmp / "findings.json")]),
                       ("run", ["run", pdf, "--out", str(tmp / "runs")])):
        _cold_cache()
        cpu0, t0 = _cpu_children(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "budgetlib", *args], check=True, stdout=subprocess.DEVNULL)
        out[name] = time.perf_counter() - t0
        out[name + "_cpu"] = _cpu_children() - cpu0
    shutil.rmtree(tmp, ignore_errors=True)
    return out


def measure_library(pdf: str) -> dict:
    """parse + rules in-process vs run_unit in-process (cold cache), and the stages of the run."""
    from budgetlib import cache
    from budgetlib import notebooks_run as nr
    from budgetlib.checks import audit

    _cold_cache()
    t0 = time.perf_counter()
    audit(cache.load_report(pdf, use_cache=False))
    audit_s = time.perf_counter() - t0

    stages: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **k):
            s = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - s
        return wrapper

    patches = [(cache, "load_report", "parse (parent)"), (nr, "to_html", "HTML export (thread)")]
    if hasattr(nr, "WarmKernel"):
        patches.append((nr.WarmKernel, "ready", "wait for the warm kernel"))
    import nbclient
    patches.append((nbclient.NotebookClient, "execute", "notebooks executing"))
    saved = [(obj, attr, getattr(obj, attr)) for obj, attr, _ in patches]
    for obj, attr, name in patches:
        setattr(obj, attr, timed(name, getattr(obj, attr)))
    _cold_cache()
    tmp = tempfile.mkdtemp(prefix="bl-speed-run-")
    try:
        t0 = time.perf_counter()
        nr.run_unit(pdf, {}, tmp)
        run_s = time.perf_counter() - t0
    finally:
        for obj, attr, fn in saved:
            setattr(obj, attr, fn)
        shutil.rmtree(tmp, ignore_errors=True)
    return {"audit": audit_s, "run": run_s, "stages": stages}


def bare_pdfplumber(pdf: str) -> None:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            page.extract_text()
            page.extract_tables()


def measure_reading(pdfs: list[str]) -> dict:
    """Per report: bare pdfplumber and read_report, alternating, in this process."""
    from budgetlib.parse.report import read_report

    rows = []
    for pdf in pdfs:
        t0 = time.perf_counter()
        bare_pdfplumber(pdf)
        bare = time.perf_counter() - t0
        t0 = time.perf_counter()
        read_report(pdf)
        ours = time.perf_counter() - t0
        rows.append({"pdf": Path(pdf).stem, "bare": bare, "read": ours})
    return {"rows": rows}


def _package(filename: str) -> str:
    for key in ("pdfminer", "pdfplumber", "pypdfium2", "budgetlib/pdf", "budgetlib/parse", "budgetlib"):
        if key in filename:
            return key.replace("/", ".")
    return "other (stdlib, builtins)"


def profile_reading(pdfs: list[str]) -> dict:
    """Own time (tottime) per package for bare pdfplumber and for read_report over `pdfs`."""
    import cProfile
    import pstats

    from budgetlib.parse.report import read_report

    out = {}
    for name, fn in (("bare", bare_pdfplumber), ("read", read_report)):
        prof = cProfile.Profile()
        for pdf in pdfs:
            prof.runcall(fn, pdf)
        stats = pstats.Stats(prof).stats
        by: dict[str, float] = {}
        for (filename, _, _), (_, _, tottime, _, _) in stats.items():
            by[_package(filename)] = by.get(_package(filename), 0.0) + tottime
        out[name] = by
    return out


def measure_batch(pdfs: list[str], notebooks: bool) -> dict:
    from budgetlib.batch import run_batch

    src = Path(tempfile.mkdtemp(prefix="bl-speed-in-"))
    for p in pdfs:
        shutil.copy(p, src / Path(p).name)
    out = Path(tempfile.mkdtemp(prefix="bl-speed-out-"))
    _cold_cache()
    s = run_batch([str(src)], out, workers=2, notebooks=notebooks, progress=False, timeout=1800)
    shutil.rmtree(src, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    peaks = sorted(u["peak_rss_mb"] for u in s["done"]) or [0]
    return {"done": s["units_done"], "failed": s["units_failed"], "seconds": s["seconds"],
            "rate": s["units_per_minute"], "peak_median": peaks[len(peaks) // 2], "peak_max": peaks[-1]}


def child(argv: list[str]) -> int:
    what, payload = argv[0], json.loads(argv[1])
    os.environ.setdefault("MPLBACKEND", "Agg")
    result = {"cli": lambda: measure_cli(payload["pdf"]),
              "library": lambda: measure_library(payload["pdf"]),
              "reading": lambda: measure_reading(payload["pdfs"]),
              "profile": lambda: profile_reading(payload["pdfs"]),
              "batch": lambda: measure_batch(payload["pdfs"], payload["notebooks"])}[what]()
    print("@@speed@@ " + json.dumps(result))
    return 0


# ------------------------------------------------------------------------------------------- parent

def unpack(ref: str) -> Path:
    """The tree of `ref` in a temporary folder (budgetlib/ with its package data, and notebooks/)."""
    folder = Path(tempfile.mkdtemp(prefix="bl-before-"))
    archive = subprocess.run(["git", "archive", "--format=tar", ref, "budgetlib", "notebooks"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    tar = folder / "tree.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as tf:
        tf.extractall(folder, filter="data")
    tar.unlink()
    return folder


def call(tree: Path | None, what: str, **payload) -> dict:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (tree or ROOT, ROOT / "benchmarks"))
    # run from a folder without a budgetlib/: every `python -m` below it (the CLI, the "before" batch's
    # workers) puts its working folder first on sys.path, which from the repository would be this
    # tree's code for the "before" measurements too
    proc = subprocess.run([sys.executable, __file__, "--child", what, json.dumps(payload)], env=env,
                          cwd=tempfile.mkdtemp(prefix="bl-speed-cwd-"), capture_output=True, text=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("@@speed@@ ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"{what} failed:\n{proc.stderr[-3000:]}")
    return json.loads(line.split(" ", 1)[1])


def best_of(repeat: int, trees: dict, what: str, **payload) -> dict[str, list[dict]]:
    """Each tree `repeat` times, alternating (before, after, before, after …)."""
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(repeat):
        for name, tree in trees.items():
            runs[name].append(call(tree, what, **payload))
    return runs


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(argv[1:])
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default="main", help="git ref of the code to compare with (default main)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--reports", type=int, default=0, help="corpus reports for the reading ratio (0 = all)")
    ap.add_argument("--no-batch", action="store_true")
    ap.add_argument("corpus", nargs="?")
    args = ap.parse_args(argv)
    pdfs = [str(p.resolve()) for p in corpus([args.corpus] if args.corpus else [])]  # children run elsewhere
    seed = next((p for p in pdfs if Path(p).stem == SEED), pdfs[0])
    reading_pdfs = pdfs[: args.reports] if args.reports else pdfs
    before = unpack(args.before)
    trees = {"before": before, "after": None}
    sha = subprocess.run(["git", "rev-parse", "--short", args.before], cwd=ROOT, capture_output=True,
                         text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "budgetlib"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    try:
        print("1. run / audit …", flush=True)
        cli = best_of(args.repeat, trees, "cli", pdf=seed)
        lib = best_of(args.repeat, trees, "library", pdf=seed)
        print("3. audit / bare pdfplumber …", flush=True)
        reading = best_of(args.repeat, trees, "reading", pdfs=reading_pdfs)
        prof = {name: call(tree, "profile", pdfs=reading_pdfs[:4]) for name, tree in trees.items()}
        batch = {}
        if not args.no_batch:
            print("2. batch …", flush=True)
            for notebooks in (False, True):
                for name, tree in trees.items():
                    batch[(name, notebooks)] = call(tree, "batch", pdfs=pdfs, notebooks=notebooks)
    finally:
        shutil.rmtree(before, ignore_errors=True)

    def best(runs: list[dict], key: str) -> float:
        return min(r[key] for r in runs)

    def reading_ratio(runs: list[dict]) -> tuple[float, float, float, list[tuple[str, float, float]]]:
        per = {}
        for r in runs:
            for row in r["rows"]:
                b, o = per.get(row["pdf"], (1e9, 1e9))
                per[row["pdf"]] = (min(b, row["bare"]), min(o, row["read"]))
        bare = sum(b for b, _ in per.values())
        ours = sum(o for _, o in per.values())
        return bare, ours, ours / bare, [(k, b, o) for k, (b, o) in per.items()]

    after_name = f"{head}{' + uncommitted changes' if dirty else ''}"
    lines = [HEADING, "",
             f"{date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
             f"`benchmarks/speed_goals.py` (part of `make bench`). Before = `{args.before}` ({sha}), after = "
             f"this tree ({after_name}); each figure the best of {args.repeat} runs, before and after alternating, "
             "every run in a fresh process with an empty parse cache. Times on a shared machine are noisy: the "
             "ratios, measured side by side, are the point.", "",
             "| goal | before | after | target |", "|---|---:|---:|---:|"]
    r1 = {n: best(cli[n], "run") / best(cli[n], "audit") for n in trees}
    r1_lib = {n: best(lib[n], "run") / best(lib[n], "audit") for n in trees}
    rr = {n: reading_ratio(reading[n]) for n in trees}
    lines.append(f"| 1. `budgetlib run` / `budgetlib audit` ({SEED}, commands) | {r1['before']:.2f}× | "
                 f"{r1['after']:.2f}× | ≤ 2× |")
    lines.append(f"| 1. run_unit / parse + rules ({SEED}, in-process) | {r1_lib['before']:.2f}× | "
                 f"{r1_lib['after']:.2f}× | — |")
    if batch:
        for notebooks, target in ((True, "≥ 20"), (False, "≥ 60")):
            b, a = batch[("before", notebooks)], batch[("after", notebooks)]
            lines.append(f"| 2. batch {'with notebooks' if notebooks else 'findings only'}, units/min "
                         f"({a['done']} corpus units, 2 workers) | {b['rate']:.1f} | {a['rate']:.1f} | {target} |")
    lines.append(f"| 3. read_report / bare pdfplumber ({len(reading_pdfs)} reports) | {rr['before'][2]:.2f}× | "
                 f"{rr['after'][2]:.2f}× | ≤ 1.0× |")
    lines += ["", "Seconds (best):", "",
              "| measurement | before | after |", "|---|---:|---:|"]
    for key, label in (("audit", "`budgetlib audit` wall"), ("audit_cpu", "`budgetlib audit` CPU"),
                       ("run", "`budgetlib run` wall"), ("run_cpu", "`budgetlib run` CPU (kernel included)")):
        lines.append(f"| {label} | {best(cli['before'], key):.2f} | {best(cli['after'], key):.2f} |")
    for key, label in (("audit", "parse + rules in-process"), ("run", "run_unit in-process")):
        lines.append(f"| {label} | {best(lib['before'], key):.2f} | {best(lib['after'], key):.2f} |")
    lines.append(f"| bare pdfplumber, {len(reading_pdfs)} reports | {rr['before'][0]:.2f} | {rr['after'][0]:.2f} |")
    lines.append(f"| read_report, {len(reading_pdfs)} reports | {rr['before'][1]:.2f} | {rr['after'][1]:.2f} |")
    for notebooks in (False, True):
        if ("before", notebooks) not in batch:
            continue
        b, a = batch[("before", notebooks)], batch[("after", notebooks)]
        what = "with" if notebooks else "without"
        lines.append(f"| batch {what} notebooks (done/failed before {b['done']}/{b['failed']}, after "
                     f"{a['done']}/{a['failed']}) | {b['seconds']:.1f} | {a['seconds']:.1f} |")
        lines.append(f"| batch {what} notebooks: peak MB per unit, median / max | {b['peak_median']:.0f} / "
                     f"{b['peak_max']:.0f} | {a['peak_median']:.0f} / {a['peak_max']:.0f} |")
    stages = min(lib["after"], key=lambda r: r["run"])["stages"]
    lines += ["", f"Where one `run` goes (after, {SEED}, in-process, seconds; the HTML thread and the kernel's "
                  "warm-up overlap the others):", "",
              "| stage | s |", "|---|---:|"]
    lines += [f"| {k} | {v:.2f} |" for k, v in stages.items()]
    lines += ["", f"Where reading goes (own time per package under cProfile, first {min(4, len(reading_pdfs))} "
                  "reports, seconds; cProfile inflates pure-Python code):", "",
              "| package | bare pdfplumber | read_report before | read_report after |", "|---|---:|---:|---:|"]
    keys = sorted(set(prof["before"]["bare"]) | set(prof["after"]["read"]) | set(prof["before"]["read"]))
    for k in keys:
        lines.append(f"| {k} | {prof['after']['bare'].get(k, 0):.2f} | {prof['before']['read'].get(k, 0):.2f} | "
                     f"{prof['after']['read'].get(k, 0):.2f} |")
    text = "\n".join(lines) + "\n"
    replace_section(HEADING, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
