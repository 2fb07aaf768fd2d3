"""Real published documents against their hand audits → docs/benchmarks.md, "## Real reports".

Usage: .venv/bin/python benchmarks/real_reports.py [REAL_DIR]   (default ../shared/real)

The generated corpora follow one template each; these documents do not. For every document with a
hand audit (*.expected.json): audit it, then count the hand-audited errors reported as errors, the
warnings reported as warnings or errors, and the errors budgetlib reports that the hand audit does
not have (false errors, each listed). A hand-audit entry is matched by its figures — the stated and
the expected value — because the hand audits name some rules differently (narrative.amount,
other:procurement …); a finding of another rule with the same two figures counts, and the table
shows the rule it came under. An entry without figures — a blank cell the audit wants filled (stated
null) or a text it quotes (a 填表说明 left in a field) — is matched by its rule id instead, and then
every finding of that rule counts as found, not false (11's one 填表说明 item covers five fields).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from mdsection import ROOT, publish
from real_audit import matches  # the matcher the tests use (tests/ is on the path)
from real_audit import score as score_findings

from budgetlib import audit
from budgetlib.errors import BadInput
from budgetlib.model import Finding
from budgetlib.parse.report import read_report

HEADING = "## Real reports (../shared/real)"
# Warnings a hand audit does not list, checked against the PDF: (document, rule, page) → verdict.
UNLISTED = {
    ("excerpts/11_qingshen_ndrc_2023_perf_form.pdf", "judgement.adjustment_no_reason", 1):
        "true (the 原因 column holds the 填表说明; findings.md item 1)",
    ("excerpts/11_qingshen_ndrc_2023_perf_form.pdf", "judgement.empty_field", 1):
        "true (findings.md item 1: 项目实施内容及过程概述 is empty)",
    ("national/czj_test_2024.pdf", "disclosure.toc", 7): "true (the planted XX局 makes the heading differ from the 目录)",
    ("national/czj_test_2024.pdf", "disclosure.toc", 18): "true (the planted 2023 makes the heading differ from the 目录)",
}


def audit_document(pdf: Path) -> dict:
    expected = json.loads(pdf.with_suffix(".expected.json").read_text(encoding="utf-8"))
    try:
        report = read_report(pdf)
        findings = audit(report)
    except BadInput as exc:
        return {"pdf": pdf, "expected": expected, "refused": str(exc), "findings": []}
    return {"pdf": pdf, "expected": expected, "refused": None, "findings": findings,
            "coverage": coverage(report, findings)}


def coverage(report, findings: list[Finding]) -> dict:
    """Narrative coverage: figures of the 情况说明 a claim read, all figures, and of those read how
    many the rules could then not check (a 无法核对 finding names their claim) and how many no rule
    reads at all (kind figure outside any sum: recorded, e.g. 国内公务接待16批次)."""
    consumed, total = report.narrative_coverage
    blocked = {(f.other or {}).get("claim") for f in findings
               if f.severity == "info" and f.message.startswith("无法核对")}
    related = {i for c in report.claims for i in (c.part, c.whole, c.total, c.subject, c.amount, c.budget, *c.parts)}
    kinds = {c.id: c.kind for c in report.claims}
    read = [f.claim for f in report.figures if f.claim is not None]
    return {"consumed": consumed, "figures": total, "could_not_check": sum(c in blocked for c in read),
            "recorded_only": sum(kinds.get(c) == "figure" and c not in related and c not in blocked for c in read)}


def coverage_cell(cov: dict | None) -> str:
    if not cov or not cov["figures"]:
        return "no 情况说明 figures"
    return (f"{cov['consumed']}/{cov['figures']} = {cov['consumed'] / cov['figures']:.1%} "
            f"({cov['could_not_check']} could not check, {cov['recorded_only']} recorded only)")


def score(doc: dict) -> dict:
    return score_findings(doc["findings"], doc["expected"])


def render(docs: list[dict]) -> str:
    lines = [HEADING, "",
             f"Run {date.today()} with `benchmarks/real_reports.py`: real published documents (not generated, "
             "not of the corpus template) against their hand audits. Found = a hand-audited error reported as an "
             "error, a warning as a warning or an error, matched by its stated and expected figures (a blank or a "
             "text the audit quotes: by the same rule id); false errors "
             "= errors the hand audit does not have. Narrative coverage = figures of the 情况说明 (amounts, "
             "percentages, counts with units; parse/figures.py) that a claim read / all its figures; of those read, "
             "'could not check' = the rule said 无法核对 (no table, no budget printed …), 'recorded only' = a count "
             "no rule compares (国内公务接待16批次).", "",
             "| document | errors found | warnings found | false errors | budgetlib reported (errors / warnings) "
             "| narrative coverage |",
             "|---|---|---|---|---|---|"]
    totals = [0, 0, 0, 0, 0]
    notes = []
    for d in docs:
        name = d["pdf"].relative_to(d["pdf"].parents[1]).as_posix()
        if d["refused"]:
            lines.append(f"| {name} | refused: {d['refused']} | | | | |")
            notes.append(f"- {name}: refused — {d['refused']}")
            continue
        s = score(d)
        totals = [totals[0] + s["errors"][0], totals[1] + s["errors"][1], totals[2] + s["warnings"][0],
                  totals[3] + s["warnings"][1], totals[4] + len(s["false"])]
        lines.append(f"| {name} | {s['errors'][0]}/{s['errors'][1]} | {s['warnings'][0]}/{s['warnings'][1]} | "
                     f"{len(s['false'])} | {s['reported'][0]} / {s['reported'][1]} | {coverage_cell(d.get('coverage'))} |")
        for e in s["missed"]:
            notes.append(f"- {name}: missed {e['severity']} `{e['rule']}` — stated {e.get('stated')}, "
                         f"expected {e.get('expected')}")
        for f in s["false"]:
            notes.append(f"- {name}: false error `{f.rule}` — {f.message}")
        for f in d["findings"]:
            if f.severity == "warning" and not any(matches(f, e) for e in d["expected"]):
                notes.append(f"- {name}: warning the hand audit does not list `{f.rule}` p.{f.page} — "
                             f"{UNLISTED.get((name, f.rule, f.page), 'not checked by hand')}: {f.message}")
    lines += ["", f"**Total: errors {totals[0]}/{totals[1]}, warnings {totals[2]}/{totals[3]}, "
              f"false errors {totals[4]}.**"]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    base = Path(argv[0]) if argv else ROOT.parent / "shared" / "real"
    pdfs = sorted(p for p in base.rglob("*.pdf") if p.with_suffix(".expected.json").exists())
    docs = [audit_document(p) for p in pdfs]
    publish(HEADING, render(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
