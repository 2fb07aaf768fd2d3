"""The 绩效自评表 (placeholder until the form parser lands)."""

from __future__ import annotations

from budgetlib.model import ParseProblem, PerfForm, Report
from budgetlib.pdf.document import Document


def parse_forms(doc: Document, report: Report) -> list[PerfForm]:
    report.forms_found = False
    report.problems.append(ParseProblem("未实现：绩效自评表解析"))
    return []
