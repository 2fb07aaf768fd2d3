"""The 30 real budget (预算) disclosures → docs/benchmarks.md, "## Budgets (../shared/real/budget)".

Usage: .venv/bin/python benchmarks/budgets.py [BUDGET_DIR]   (default ../shared/real/budget)

Per file: the template matched, what the file holds, errors / warnings / info, and how many of the
errors were checked by hand against the PDF and found true or false. The Shanghai verdicts are the
pinned findings of tests/test_budget.py (every error there was checked; false ones were fixed, not
pinned); the Jiangsu narrative errors were checked by hand when this benchmark was written (HAND
below). An error no one checked is counted as such, never as true.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from mdsection import ROOT, publish

from budgetlib.checks import audit
from budgetlib.errors import BadInput
from budgetlib.parse.report import read_report

HEADING = "## Budgets (../shared/real/budget)"

# (file, rule, stated) → verdict of the hand check ("true" or "false: why"). Jiangsu, checked against
# the PDFs' text; the rounding policy of spec/rules.md decides (outside the rounding envelope = error).
HAND = {
    ("jiangsu_shenggaojifayuan_2017_dept_budget.pdf", "narrative.share", "0.64"): "true",  # 182.92/28849.38 = 0.634%
    ("jiangsu_shenggaojifayuan_2017_dept_budget.pdf", "narrative.yoy_pct", "增长79.05"): "true",  # 865.57/1094.42 = 79.09%
    ("jiangsu_shenggaojifayuan_2018_dept_budget.pdf", "narrative.yoy_amount", "减少392.92"): "true",  # rate 5.95% ⇒ 382.75
    ("jiangsu_shengjianchayuan_2017_dept_budget.pdf", "narrative.yoy_pct", "增长129.97"): "true",  # 3401.59/2630.96 = 129.29%
    ("jiangsu_shengjianchayuan_2018_dept_budget.pdf", "narrative.share", "99.94"): "true",  # 21940.96/21955.35 = 99.934% (p.25 and p.26)
    ("jiangsu_shengjianchayuan_2018_dept_budget.pdf", "narrative.share", "63.75"): "true",  # 13994.31/21955.35 = 63.740%
    ("jiangsu_shengjianchayuan_2018_dept_budget.pdf", "narrative.yoy_amount", "增加3,958.67"): "true",  # 21.95% ⇒ 3951.78
    ("jiangsu_shengjianchayuan_2018_dept_budget.pdf", "narrative.yoy_pct", "增长0.06"): "true",  # 21.8/3644.2 = 0.60%
    ("jiangsu_shengrendabangongting_2017_dept_budget.pdf", "narrative.sum", "32.78"): "true",  # 三公 shares 8.75+7.22+16.81
    ("jiangsu_shengrendabangongting_2018_dept_budget.pdf", "narrative.share", "10.61"): "true",  # 1685.72/15897.44 = 10.604%
    ("jiangsu_shengweibangongting_2017_dept_budget_text.pdf", "narrative.yoy_pct", "增长1.66"): "true",  # 101.48/6005.51 = 1.69%
    ("jiangsu_shengzhengxiebangongting_2018_dept_budget_text.pdf", "narrative.yoy_pct", "下降66.69"): "true",  # 66.681%
    # 人大办公厅 2017: the 目录 prints 第四部分 名称解释, the body 第四部分 名词解释 (p.29), a typo of the 目录
    # (domain.md DISC-TOC: typos count). The part is there: the error names both titles
    ("jiangsu_shengrendabangongting_2017_dept_budget.pdf", "disclosure.toc", "第四部分 名称解释"): "true",
    # Fixed, no longer reported (helper-jsfix): 检察院 2018's 收入预算总表 is a Word table whose group labels
    # sit on a hairline row below their 小计 row: 其他资金 小计 14.39 was read as blank, giving table.column_sum
    # (收入总计 21,955.35 vs 21,940.96) and table.cross (其他资金 0.00 vs 14.39), both false — now read
    # 14.39 (21,940.96 + 14.39 = 21,955.35 holds). Its 目录 page also prints the body's 第一部分 部门概况
    # heading, taken as a second 目录 entry: disclosure.toc "第一部分 部门概况 not found" twice, false.
}


def pinned() -> dict[str, list[tuple]]:
    """The hand-checked findings tests/test_budget.py pins (Shanghai)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_budget import PINNED

    return PINNED


def audit_file(path: Path) -> dict:
    t0 = time.perf_counter()
    try:
        report = read_report(path)
    except BadInput as exc:
        return {"file": path.name, "refused": exc.line(), "seconds": time.perf_counter() - t0}
    findings = audit(report, {})
    return {"file": path.name, "report": report, "findings": findings, "seconds": time.perf_counter() - t0}


def verdicts(doc: dict, pins: dict[str, list[tuple]]) -> tuple[int, int, int]:
    """(errors checked true, checked false, not checked)."""
    errors = [f for f in doc["findings"] if f.severity == "error"]
    if doc["file"] in pins:
        expected = Counter((r, s, p, st, ex) for r, s, p, st, ex in pins[doc["file"]] if s == "error")
        got = Counter((f.rule, f.severity, f.page, f.stated, f.expected) for f in errors)
        true = sum((got & expected).values())
        return true, sum((got - expected).values()), 0
    true = false = unchecked = 0
    for f in errors:
        v = HAND.get((doc["file"], f.rule, f.stated))
        if v is None:
            unchecked += 1
        elif v == "true":
            true += 1
        else:
            false += 1
    return true, false, unchecked


def _pinned_warnings(doc: dict, pins: dict[str, list[tuple]]) -> str:
    """Warnings checked by hand (the pinned files): true = pinned, false = reported but not pinned."""
    if doc["file"] not in pins:
        return "—"
    expected = Counter(p for p in pins[doc["file"]] if p[1] == "warning")
    got = Counter((f.rule, f.severity, f.page, f.stated, f.expected) for f in doc["findings"] if f.severity == "warning")
    return f"{sum((got & expected).values())} / {sum((got - expected).values())}"


def render(docs: list[dict], pins: dict[str, list[tuple]]) -> str:
    lines = [HEADING, "",
             f"Run {date.today()} with `benchmarks/budgets.py`: every budget of catalogue.csv audited (in-process, "
             "one core). Hand-checked errors: Shanghai = the findings tests/test_budget.py pins; Jiangsu = the "
             "narrative errors and table errors checked against the PDF (HAND in the script); the Jiangsu tables "
             "(template jiangsu_budget_2017) of eleven files are pinned with their figures in tests/test_jiangsu_budget.py "
             "(no table error or warning in them). Every "
             "Shanghai warning is pinned too (checked by hand; rounding tails and truncations are warnings by the "
             "policy of spec/rules.md); Jiangsu warnings are not checked (—).", "",
             "| file | template | holds | errors | warnings | info | errors true / false / unchecked | "
             "warnings true / false (hand-checked) | seconds |",
             "|---|---|---|---|---|---|---|---|---|"]
    tot = Counter()
    for d in docs:
        if "refused" in d:
            lines.append(f"| {d['file']} | refused: {d['refused']} | | | | | | {d['seconds']:.1f} |")
            tot["refused"] += 1
            continue
        sev = Counter(f.severity for f in d["findings"])
        true, false, unchecked = verdicts(d, pins)
        r = d["report"]
        warned = _pinned_warnings(d, pins)
        lines.append(f"| {d['file']} | {r.template or '—'} | {r.kind} | {sev['error']} | {sev['warning']} | "
                     f"{sev['info']} | {true} / {false} / {unchecked} | {warned} | {d['seconds']:.1f} |")
        tot.update(errors=sev["error"], warnings=sev["warning"], true=true, false=false, unchecked=unchecked,
                   files=1)
    lines += ["", f"**Total ({tot['files']} files, {tot['refused']} refused): errors {tot['errors']}, warnings "
              f"{tot['warnings']}; errors checked by hand: {tot['true']} true, {tot['false']} false, "
              f"{tot['unchecked']} unchecked.**"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    base = Path(argv[0]) if argv else ROOT.parent / "shared" / "real" / "budget"
    if not (base / "catalogue.csv").is_file():
        print(f"{base}/catalogue.csv not found: nothing to benchmark", file=sys.stderr)
        return 0
    with (base / "catalogue.csv").open(encoding="utf-8") as fh:
        names = [r["file"] for r in csv.DictReader(fh) if r["file"].endswith(".pdf")]
    docs = [audit_file(base / n) for n in sorted(names)]
    publish(HEADING, render(docs, pinned()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
