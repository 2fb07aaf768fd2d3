"""Reading problems: findings the confirmation on the page set aside → docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/reading_problems.py [SHARED_DIR]   (default ../shared)

Every error and warning is confirmed on the page before it is reported (budgetlib.confirm): a figure
not printed where the finding cites it makes the finding could-not-read and counts as a reading
problem — a reader defect to fix, never a result. This counts them on every document of ../shared/real
and of the development corpora (generated reports with truth files, the layout variants), with the
errors and warnings that remain, and lists each problem.
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from mdsection import ROOT, publish

HEADING = "## Reading problems (findings confirmed on the page)"
FOLDERS = ("real/national", "real/excerpts", "real/budget", "corpus_variants", "corpus", "corpus_national")


def _one(pdf: str) -> dict:
    import budgetlib
    from budgetlib.confirm import reading_problems
    from budgetlib.errors import BadInput
    from budgetlib.parse.report import read_report

    try:
        findings = budgetlib.audit(read_report(pdf))
    except BadInput as exc:
        return {"pdf": pdf, "refused": str(exc)}
    sev = Counter(f.severity for f in findings)
    return {"pdf": pdf, "refused": None, "errors": sev["error"], "warnings": sev["warning"],
            "problems": reading_problems(findings)}


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else ROOT.parent / "shared"
    groups = {f: sorted(str(p) for p in (shared / f).glob("*.pdf")) for f in FOLDERS if (shared / f).is_dir()}
    if not groups:
        print(f"{shared} 不存在或没有 PDF / nothing to measure", file=sys.stderr)
        return 1
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = dict(zip([p for ps in groups.values() for p in ps],
                           pool.map(_one, [p for ps in groups.values() for p in ps])))
    lines = [HEADING, "",
             f"Run {date.today().isoformat()} with `benchmarks/reading_problems.py`. Every error and warning is read a "
             "second way at the place it cites (the glyphs in the cell's box, lines joined; a sentence's printed span) "
             "before it is reported; a figure not printed there turns the finding into could-not-read (info) and is "
             "counted here as a reading problem (findings.json meta `reading_problems`). Each one is a reader defect.",
             "", "| documents | files | refused | errors | warnings | reading problems |", "|---|---|---|---|---|---|"]
    listed = []
    total = 0
    for folder, pdfs in groups.items():
        rs = [results[p] for p in pdfs]
        ok = [r for r in rs if not r["refused"]]
        n = sum(len(r["problems"]) for r in ok)
        total += n
        lines.append(f"| {folder} | {len(rs)} | {len(rs) - len(ok)} | {sum(r['errors'] for r in ok)} | "
                     f"{sum(r['warnings'] for r in ok)} | {n} |")
        for r in ok:
            for p in r["problems"]:
                listed.append(f"- {folder}/{Path(r['pdf']).name}: {p['rule']} 第{p['page']}页 所列 {p['figure']}，"
                              f"页面上为“{p['printed'][:60]}”")
    lines += ["", f"**Total reading problems: {total}.**"]
    if listed:
        lines += ["", *listed]
    publish(HEADING, "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
