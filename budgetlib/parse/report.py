"""read_report: one PDF → one Report (extract → transform; validation is budgetlib.checks)."""

from __future__ import annotations

from pathlib import Path

from budgetlib.errors import BadInput
from budgetlib.model import Report
from budgetlib.parse import claims, forms, schedules, structure
from budgetlib.parse.inputs import check_garbled, check_input
from budgetlib.pdf.document import Document, open_document


def read_report(path: str | Path) -> Report:
    """Vet the file (BadInput with a one-line reason for anything but one readable 决算 report),
    then parse it."""
    check_input(path)
    with open_document(path) as doc:
        return parse_document(doc)


def parse_document(doc: Document) -> Report:
    try:
        texts = [doc.text(n) for n in range(1, doc.page_count + 1)]
    except BadInput:
        raise
    except Exception as exc:  # pdfminer raises ad-hoc types on broken content streams
        raise BadInput(doc.path, "PDF已损坏，页面内容无法解析", "corrupt page content", type(exc).__name__) from exc
    check_garbled(doc.path, texts)
    report = Report(path=doc.path, sha256=doc.sha256, page_count=doc.page_count)
    structure.parse_structure(doc, report)
    report.schedules = schedules.parse_schedules(doc, report)
    report.forms = forms.parse_forms(doc, report)
    # after the schedules: claims take the 功能分类 codes of the narrative's names from them
    report.claims = claims.extract_claims(report)
    return report
