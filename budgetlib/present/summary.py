"""One-line counts of findings by severity, as the command line and the notebooks print them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from budgetlib.model import Finding

# What the command line and findings.json meta say of a unit name or year the document does not print
# on its title line or cover (never the file name or a paragraph in its place).
UNIT_UNREAD = "未识别单位名称"
YEAR_UNREAD = "未识别年度"


def kind_text(kind: str, disclosure: str = "决算") -> str:
    """The document kind (Report.kind) of a 决算 or 预算 disclosure in words, as the command line and
    notebook 00 say it."""
    from budgetlib.model import kind_words

    return kind_words(kind, disclosure)


def summarize(findings: Iterable[Finding]) -> str:
    by_sev = Counter(f.severity for f in findings)
    return f"错误 {by_sev.get('error', 0)} 条，警告 {by_sev.get('warning', 0)} 条，提示 {by_sev.get('info', 0)} 条"


def coverage_meta(report) -> dict | None:
    """Narrative coverage for findings.json meta: figures a claim read, all figures, the share (None
    when the document prints no 情况说明 figure)."""
    consumed, total = report.narrative_coverage
    if not total:
        return None
    return {"consumed": consumed, "figures": total, "share": round(consumed / total, 4)}


def coverage_text(report) -> str:
    """'叙述数字核对覆盖率 28/30（93.3%）', or '' when the document prints no 情况说明 figure."""
    consumed, total = report.narrative_coverage
    if not total:
        return ""
    return f"叙述数字核对覆盖率 {consumed}/{total}（{consumed / total:.1%}）"


def findings_meta(report, pdf, unit: str | None, year, findings=None, **extra) -> dict:
    """findings.json meta of one unit, the same from the command line, the batch and notebook 07:
    what the document is (kind, 决算/预算), its narrative coverage, the reading problems the
    confirmation on the page found among `findings` (budgetlib.confirm), and 未识别… for a unit name or
    year it does not print (a folder may be named after the file; the meta never is)."""
    meta = {"pdf": Path(pdf).name, "sha256": report.sha256, "unit": unit or None, "year": year,
            "kind": report.kind, "disclosure": report.disclosure, "template": report.template,
            "narrative_coverage": coverage_meta(report),
            **extra}
    if findings is not None:
        from budgetlib.confirm import reading_problems

        meta["reading_problems"] = reading_problems(findings)
    unread = [text for value, text in ((unit, UNIT_UNREAD), (year, YEAR_UNREAD)) if not value]
    if unread:
        meta["unrecognised"] = unread
    return meta
