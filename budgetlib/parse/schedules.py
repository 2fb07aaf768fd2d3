"""The 13 附表 (placeholder until the schedule parser lands)."""

from __future__ import annotations

from budgetlib.model import ParseProblem, Report, Schedule
from budgetlib.pdf.document import Document


def parse_schedules(doc: Document, report: Report) -> dict[int, Schedule]:
    report.schedules_found = False
    report.problems.append(ParseProblem("未实现：附表解析"))
    return {}
