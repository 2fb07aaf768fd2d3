"""read_report / bare pdfplumber per corpus report, alternating in one process (best of --repeat), and
optionally where read_report's time goes (cProfile own time per package).

    python benchmarks/read_speed.py [--repeat 2] [--profile] [--reports N]

The same measurement as speed_goals.py goal 3, without its fresh processes: quick to rerun while
changing the reader."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mdsection import corpus
from speed_goals import _package, bare_pdfplumber


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--reports", type=int, default=0)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    from budgetlib.parse import inputs
    from budgetlib.parse.report import read_report

    pdfs = [str(p) for p in corpus([])]
    if args.reports:
        pdfs = pdfs[: args.reports]
    bare_t, read_t = 0.0, 0.0
    for pdf in pdfs:
        b = r = 1e9
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            bare_pdfplumber(pdf)
            b = min(b, time.perf_counter() - t0)
            getattr(inputs, "_VETTED", {}).clear()  # each read vets its file, as in a fresh process
            t0 = time.perf_counter()
            read_report(pdf)
            r = min(r, time.perf_counter() - t0)
        bare_t += b
        read_t += r
        print(f"{Path(pdf).stem:28s} bare {b:6.2f}  read {r:6.2f}  {r / b:5.2f}×", flush=True)
    print(f"{len(pdfs)} reports: bare {bare_t:.2f} s, read {read_t:.2f} s, ratio {read_t / bare_t:.2f}×")
    if args.profile:
        import cProfile
        import pstats

        for label, fn in (("bare", bare_pdfplumber), ("read", read_report)):
            prof = cProfile.Profile()
            for pdf in pdfs[:4]:
                getattr(inputs, "_VETTED", {}).clear()
                prof.runcall(fn, pdf)
            by: dict[str, float] = {}
            for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(prof).stats.items():
                by[_package(filename)] = by.get(_package(filename), 0.0) + tottime
            total = sum(by.values())
            print(label, f"{total:.2f} s:", ", ".join(f"{k} {v:.2f}" for k, v in sorted(by.items(), key=lambda kv: -kv[1])))
            if label == "read":
                pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
