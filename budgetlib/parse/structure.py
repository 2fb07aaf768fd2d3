"""Parts, headings, 目录, 公开时间 and the 第二部分 sections (placeholder until the narrative parser lands)."""

from __future__ import annotations

from budgetlib.model import ParseProblem, Report
from budgetlib.pdf.document import Document


def parse_structure(doc: Document, report: Report) -> None:
    report.narrative_found = False
    report.problems.append(ParseProblem("未实现：报告结构解析"))
