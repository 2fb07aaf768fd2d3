"""Layout and excerpt invariance over the dev corpora → docs/benchmarks.md, "## Layout invariance" and
"## Excerpt invariance".

Usage: .venv/bin/python benchmarks/invariance.py [--quick] [--excerpts-only] [--transform=NAME[,NAME…]] [CASE ...]

--excerpts-only skips the layout transforms (the excerpt figures alone are re-measured; the layout
figures of the published section are kept as they were). With CASE names or --transform the run is
partial: its layout figures go to their own section ("…, partial re-run", naming the filter), and
--transform skips excerpts.

Every report of ../shared/corpus, corpus_national and corpus_variants (else data/ and tests/fixtures/
national) is re-printed from its truth file (tests/report_pdf.py) in its base layout and in each layout
transform; a transform passes when its errors and warnings equal the base print's (rule, table, row,
column, section, project, indicator, field, stated, expected; pages aside). Excerpts: every single page,
the pages of each part, and seeded random page ranges of the base print are audited on their own; a range
passes when it does not crash, raises nothing the whole report does not, and keeps every finding whose
input pages all lie in it. Every failing report × transform and report × range is listed with its reason.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import Counter
from itertools import zip_longest
from pathlib import Path

from mdsection import ROOT, publish  # first: it puts tests/ (the harness) on sys.path

# isort: split
import layout_invariance as inv
import report_pdf

HEADING = "## Layout invariance (issue 21)"
PARTIAL = "## Layout invariance (issue 21), partial re-run"
EXCERPT_HEADING = "## Excerpt invariance (issue 21)"
EXCERPT_RULE = ("A range passes when it does not crash, raises no error or warning the whole report does not (infos, "
                "the could-not-checks of what the range cuts off, are not compared), and keeps every error and "
                "warning whose input pages all lie in it; it may be refused only when none of its pages prints a "
                "figure of the whole report (a table with figures, an amount in 万元/元, a 自评表).")
SHARED = ROOT.parent / "shared"
RANDOM_RANGES = 4


def cases() -> list[Path]:
    folders = [SHARED / "corpus", SHARED / "corpus_national", SHARED / "corpus_variants"]
    if not SHARED.is_dir():
        folders = [ROOT / "data", ROOT / "tests" / "fixtures" / "national"]
    per = [[p for p in sorted(f.glob("*.pdf")) if p.with_suffix(".truth.json").exists()] for f in folders]
    # the corpora taken in turn: a run cut short has measured each of them
    return [p for group in zip_longest(*per) for p in group if p is not None]


def ranges(report, n: int, rng: random.Random) -> list[tuple[int, int]]:
    out = {(p, p) for p in range(1, n + 1)}
    for pages in report.page_map.values():
        if pages:
            out.add((pages[0], pages[-1]))
    for _ in range(RANDOM_RANGES):
        a = rng.randint(1, n)
        out.add((a, rng.randint(a, n)))
    return sorted(out)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    excerpts_only = "--excerpts-only" in argv
    names = [a for a in argv if not a.startswith("--")]
    chosen = [t for a in argv if a.startswith("--transform=") for t in a.split("=", 1)[1].split(",")]
    unknown = [t for t in chosen if t not in report_pdf.TRANSFORMS]
    if unknown:
        sys.exit(f"unknown transform {', '.join(unknown)}; known: {', '.join(report_pdf.TRANSFORMS)}")
    transforms = chosen or list(report_pdf.TRANSFORMS)
    partial = "; ".join(filter(None, [names and "reports " + " ".join(names), chosen and "transforms " + ",".join(chosen)]))
    todo = [p for p in cases() if not names or p.stem in names]
    if quick:
        todo = todo[:2]
    folder = Path(tempfile.mkdtemp(prefix="invariance-"))
    layout_rows, excerpt_rows = [], []
    totals = Counter()
    started = time.perf_counter()
    done: list[Path] = []
    for pdf in todo:
        truth = inv.truth(pdf)
        base_pdf = report_pdf.render(truth, folder / f"{pdf.stem}-base.pdf")
        try:
            report, findings = inv.audited(base_pdf)
        except Exception as exc:
            layout_rows.append((pdf.stem, "base", f"crash: {type(exc).__name__}: {exc}"))
            totals["base crash"] += 1
            continue
        base = inv.keys(findings)
        for name in () if excerpts_only else transforms:
            diff = inv.transformed(truth, name, folder, base)
            totals["layout pass" if diff.ok else "layout fail"] += 1
            if not diff.ok:
                layout_rows.append((pdf.stem, name, diff.reason()))
            print(pdf.stem, name, "ok" if diff.ok else diff.reason(), flush=True)
        for a, b in () if chosen else ranges(report, report.page_count, random.Random(pdf.stem)):
            res = inv.excerpt_check(base_pdf, report, findings, a, b, folder)
            totals["excerpt pass" if res.ok else "excerpt fail"] += 1
            totals["excerpt refused"] += bool(res.refused)
            if not res.ok:
                excerpt_rows.append((pdf.stem, f"{a}–{b}", res.reason()))
        if not chosen:
            print(pdf.stem, "excerpts done", flush=True)
        done.append(pdf)
        # written after every report: a long run interrupted still leaves what it measured
        elapsed = time.perf_counter() - started
        if not excerpts_only:
            _write_layout(done, todo, quick, elapsed, totals, layout_rows, transforms, partial)
        if not chosen and not names:  # a filtered run leaves the excerpt section as measured
            _write_excerpts(done, todo, quick, elapsed, totals, excerpt_rows)
    return 0


def _measured(done, todo, quick, elapsed, what: str) -> str:
    return (f"`benchmarks/invariance.py`{' --quick' if quick else ''}: {len(done)} of {len(todo)} reports "
            f"({', '.join(sorted({p.parent.name for p in done}))}) {what}; {elapsed / 60:.1f} min.")


def _write_layout(done, todo, quick, elapsed, totals, layout_rows, transforms, partial) -> None:
    lines = [PARTIAL if partial else HEADING, "",
             _measured(done, todo, quick, elapsed, f"re-printed from their truth files in "
                       f"{len(transforms)} layout transforms ({', '.join(transforms)})"
                       f"{f' (filter: {partial})' if partial else ''}"),
             "",
             f"- layout: {totals['layout pass']} report × transform pass, {totals['layout fail']} fail"
             f"{'; ' + str(totals['base crash']) + ' base prints crashed' if totals['base crash'] else ''}",
             ""]
    by_transform = Counter(name for _, name, _ in layout_rows)
    if by_transform:
        lines += ["Failures by transform: " + ", ".join(f"{n} {c}" for n, c in by_transform.most_common()), ""]
    lines += ["| report | transform | reason |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in layout_rows] or ["| – | – | every transform passes |"]
    publish(PARTIAL if partial else HEADING, "\n".join(lines) + "\n")


def _write_excerpts(done, todo, quick, elapsed, totals, excerpt_rows) -> None:
    lines = [EXCERPT_HEADING, "",
             _measured(done, todo, quick, elapsed, "printed from their truth files in the base layout, and page "
                       f"ranges of each audited on their own: every page, every part, {RANDOM_RANGES} seeded random "
                       "ranges per report"),
             "",
             f"- excerpts: {totals['excerpt pass']} pass, {totals['excerpt fail']} fail; "
             f"{totals['excerpt refused']} refused as holding no budget figure",
             "",
             EXCERPT_RULE,
             "",
             "| report | pages | reason |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c.replace('|', '/')} |" for a, b, c in excerpt_rows] or ["| – | – | every range passes |"]
    publish(EXCERPT_HEADING, "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
