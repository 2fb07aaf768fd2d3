"""The columns of a findings listing a person reads, with their Chinese titles: the CSV and the workbook's
findings sheet share them (their own module, so that findings_io and workbook need not import each other).
Every column is in the report's or the rule catalogue's words; the rule id stays, last, for filtering."""

from __future__ import annotations

from budgetlib.model import OUTCOMES, Finding, Report
from budgetlib.present import labels
from budgetlib.present.order import sev_zh

COLUMNS = ["severity", "outcome", "title", "where", "page", "stated", "expected", "difference", "amount_unit", "message",
           "rule"]
COLUMN_TITLES = {
    "severity": "严重程度", "outcome": "结论", "title": "问题", "where": "位置", "page": "页码", "stated": "报告数",
    "expected": "应为", "difference": "差额", "amount_unit": "金额单位", "message": "说明", "rule": "规则编号",
}


def row_of(f: Finding, report: Report | None = None, message: str | None = None) -> dict:
    """One finding as a listing row (message: the listed text, e.g. with a collapsed count)."""
    return {"severity": sev_zh(f.severity), "outcome": OUTCOMES.get(f.outcome, f.outcome),
            "title": labels.rule_title(f.rule), "where": labels.where(f, report),
            "page": f.page, "stated": f.stated, "expected": f.expected, "difference": f.difference,
            "amount_unit": f.amount_unit or "",  # the unit the three figures are printed in (元 or 万元)
            "message": f.message if message is None else message, "rule": f.rule}
