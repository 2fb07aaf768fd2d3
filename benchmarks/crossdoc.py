"""Cross-document checks over the real budgets of ../shared/real/budget: which documents were related (same
unit by name, never by file name), how many statements each makes about another, how many were matched,
agreed, disagreed or were of another basis. Writes the "Cross-document checks" section of docs/benchmarks.md.

    python benchmarks/crossdoc.py [FOLDER]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from mdsection import ROOT, replace_section

from budgetlib.batch.crossdoc import related
from budgetlib.cache import load_report
from budgetlib.checks import crossdoc

HEADING = "## Cross-document checks (issue 24)"


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent / "shared" / "real" / "budget"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {folder}", file=sys.stderr)
        return 1
    t0 = time.monotonic()
    reports = {p: load_report(p) for p in pdfs}
    links, ambiguous = related(reports)
    rows, totals = [], Counter()
    for p, report in reports.items():
        others = [reports[o] for o in links[p]]
        if not others:
            continue
        block = crossdoc.report_block(report, others)
        s = block["summary"]
        totals.update(s)
        findings = [f for f in crossdoc.comparisons(report, others) if f.status in (crossdoc.DISAGREE, crossdoc.TAIL)]
        rows.append(f"| {p.name} | {', '.join(d['name'] + ' (' + d['relation'] + ')' for d in block['documents'])} "
                    f"| {s['statements']} | {s['matched']} | {s['agree']} | {s['tail']} | {s['disagree']} "
                    f"| {s['other_basis']} | {s['unmatched']} | {len(findings)} |")
    seconds = time.monotonic() - t0
    lines = [HEADING, "",
             f"`python benchmarks/crossdoc.py` over the {len(pdfs)} real budgets of ../shared/real/budget "
             f"({seconds:.1f} s with the parse cache). A document's *statements* are the figures it states for another "
             "document's year and kind: the previous year's figure implied by a stated change (本年数 ∓ 增减额, 持平), "
             "上年执行数 printed outright, a 决算's 预算数, every figure a 单位 shares with its 部门. *Matched*: the other "
             "document states the same item for that year; *agree* / *尾差* / *disagree* for the same basis; *other basis*: "
             "上年执行数 against the previous budget's 预算数, shown side by side and never judged (a budget is not its "
             "execution: on the 万里街道 series 13 of 32 such pairs differ, by up to 440 万元).", "",
             "| document | compared with (relation) | statements | matched | agree | 尾差 | disagree | other basis "
             "| unmatched | findings |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|", *rows, "",
             f"Totals: {totals['statements']} statements, {totals['matched']} matched, {totals['agree']} agree, "
             f"{totals['tail']} 尾差, {totals['disagree']} disagree, {totals['other_basis']} of another basis, "
             f"{totals['unmatched']} unmatched.",
             "Ambiguous matches (reported, not compared): " + ("; ".join(ambiguous) if ambiguous else "none") + ".",
             ""]
    replace_section(HEADING, "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
