"""Batch throughput → docs/benchmarks.md "## Batch throughput".

Usage: .venv/bin/python benchmarks/batch_bench.py [CORPUS_DIR] [--quick]

Units per minute over the development corpus on this machine, local pool (2 workers) vs a loopback
Dask cluster (a real `dask scheduler` + `dask worker --nworkers 2 --nthreads 1`), with and without
notebooks; one unit's notebooks vs the library-only audit of the same unit; peak memory per worker
(each unit's worker process reports its own peak RSS, notebook kernels included). Every run starts
with an empty parse cache, so parsing is measured. --quick skips the runs with notebooks.
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from mdsection import corpus, replace_section

HEADING = "## Batch throughput"
BIN = Path(sys.executable).parent


def fresh_cache() -> None:
    os.environ["BUDGETLIB_CACHE"] = tempfile.mkdtemp(prefix="bl-cache-")


@contextmanager
def loopback_dask(workers: int = 2):
    from distributed import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    here = tempfile.mkdtemp(prefix="dask-")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True, "cwd": here}
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                                   "--host", "127.0.0.1", "--no-dashboard"], **quiet))
    try:
        t0 = time.monotonic()
        while True:
            try:
                with Client(address, timeout="5s") as c:
                    c.wait_for_workers(workers, timeout=60)
                break
            except OSError:
                if time.monotonic() - t0 > 60:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=30)


def run(pdfs: list[Path], executor: str, notebooks: bool) -> dict:
    from budgetlib.batch import run_batch

    src = Path(tempfile.mkdtemp(prefix="bench-in-"))
    for p in pdfs:
        shutil.copy(p, src / p.name)
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    fresh_cache()
    if executor == "dask":
        with loopback_dask() as address:
            s = run_batch([str(src)], out, scheduler=address, notebooks=notebooks, progress=False, timeout=1800)
    else:
        s = run_batch([str(src)], out, workers=2, notebooks=notebooks, progress=False, timeout=1800)
    peaks = [u["peak_rss_mb"] for u in s["done"]]
    secs = [u["seconds"] for u in s["done"]]
    return {"executor": executor, "notebooks": notebooks, "done": s["units_done"], "failed": s["units_failed"],
            "seconds": s["seconds"], "rate": s["units_per_minute"],
            "peak_max": max(peaks) if peaks else 0, "peak_median": statistics.median(peaks) if peaks else 0,
            "unit_median": statistics.median(secs) if secs else 0,
            "failures": [f["reason"] for f in s["failed"]]}


def one_unit(pdf: Path) -> dict:
    """Library-only audit vs the notebooks of the same unit (cold and warm parse cache)."""
    from budgetlib.cache import load_report
    from budgetlib.checks import audit
    from budgetlib.notebooks_run import run_unit, unit_notebooks

    fresh_cache()
    t0 = time.perf_counter()
    report = load_report(pdf)
    audit(report, {})
    library = time.perf_counter() - t0
    t0 = time.perf_counter()
    audit(report, {})
    rules_only = time.perf_counter() - t0
    warm_dir = Path(tempfile.mkdtemp(prefix="bench-nb-"))
    t0 = time.perf_counter()
    run_unit(pdf, {}, warm_dir)
    warm = time.perf_counter() - t0
    fresh_cache()
    t0 = time.perf_counter()
    run_unit(pdf, {}, Path(tempfile.mkdtemp(prefix="bench-nb-")))
    cold = time.perf_counter() - t0
    return {"case": pdf.stem, "library": library, "rules_only": rules_only, "nb_warm": warm, "nb_cold": cold,
            "notebooks": len(unit_notebooks())}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    pdfs = corpus([a for a in argv if not a.startswith("--")])
    results = [run(pdfs, "local", False), run(pdfs, "dask", False)]
    if not quick:
        results += [run(pdfs, "local", True), run(pdfs, "dask", True)]
    unit = None if quick else one_unit(next((p for p in pdfs if p.stem == "seed_2023"), pdfs[0]))

    lines = [HEADING, "",
             f"{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}; `benchmarks/batch_bench.py`; {len(pdfs)} corpus PDFs, empty parse "
             f"cache at the start of each run. Local = `--workers 2`; Dask = a loopback `dask scheduler` and "
             f"`dask worker --nworkers 2 --nthreads 1` started by the script (start-up not counted). Each unit runs "
             f"in its own worker process (isolation, timeout, per-unit memory); peak = the worker's VmHWM, or "
             f"its notebook kernels' ru_maxrss when larger. Throughput varies ±30 % with other load on the machine.", "",
             "| executor | notebooks | units done | failed | seconds | units/minute | median s/unit | "
             "peak MB per worker (median / max) |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['executor']} | {'yes' if r['notebooks'] else 'no'} | {r['done']} | {r['failed']} | "
                     f"{r['seconds']:.1f} | {r['rate']:.1f} | {r['unit_median']:.1f} | "
                     f"{r['peak_median']:.0f} / {r['peak_max']:.0f} |")
    for r in results:
        for reason in r["failures"]:
            lines.append(f"\n- {r['executor']}{' + notebooks' if r['notebooks'] else ''} failed: {reason}")
    if unit:
        lines += ["", f"One unit ({unit['case']}): library-only parse + audit {unit['library']:.1f} s "
                      f"(rules alone on the parsed model {unit['rules_only']:.2f} s); its {unit['notebooks']} "
                      f"notebooks (one kernel per unit) {unit['nb_cold']:.1f} s with an empty parse cache, "
                      f"{unit['nb_warm']:.1f} s with the report already parsed (the batch parses once, in the "
                      f"worker, then the notebooks read the cached model)."]
    replace_section(HEADING, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
