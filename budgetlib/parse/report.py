"""read_report: one PDF → one Report (extract → transform; validation is budgetlib.checks)."""

from __future__ import annotations

from pathlib import Path

from budgetlib.errors import BadInput
from budgetlib.model import Report
from budgetlib.parse import claims, forms, schedules, structure
from budgetlib.pdf.document import MIN_TEXT_CHARS, Document, open_document


def read_report(path: str | Path) -> Report:
    with open_document(path) as doc:
        return parse_document(doc)


def parse_document(doc: Document) -> Report:
    texts = [doc.text(n) for n in range(1, doc.page_count + 1)]
    if sum(len(t.strip()) for t in texts) < MIN_TEXT_CHARS * max(1, min(doc.page_count, 3)):
        raise BadInput(doc.path, "扫描件无文字层（需OCR）", "scanned PDF without a text layer")
    joined = "".join(texts[:8]) + "".join(texts)
    if "决算" not in joined:
        raise BadInput(doc.path, "未识别为决算报告", "not a final-account (决算) report")
    report = Report(path=doc.path, sha256=doc.sha256, page_count=doc.page_count)
    structure.parse_structure(doc, report)
    report.claims = claims.extract_claims(report)
    report.schedules = schedules.parse_schedules(doc, report)
    report.forms = forms.parse_forms(doc, report)
    return report
