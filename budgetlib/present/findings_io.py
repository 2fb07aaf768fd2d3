"""Findings to disk (.json, .csv, .xlsx, and .pdf: the report annotated), atomically (budgetlib.atomic)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from budgetlib.atomic import atomic_write, atomic_write_text
from budgetlib.model import Finding
from budgetlib.present.columns import COLUMN_TITLES, COLUMNS, row_of
from budgetlib.present.order import by_severity

FORMATS = (".json", ".csv", ".xlsx", ".pdf")


def findings_json(findings: list[Finding], meta: dict[str, Any] | None = None) -> str:
    doc = {"meta": meta or {}, "findings": [f.to_dict() for f in findings]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def findings_csv(findings: list[Finding], report=None) -> str:
    """One row per finding, errors first, in Chinese (the report's table, row and column names; the rule's
    title); the rule id last. findings.json keeps the model's keys for programs."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([COLUMN_TITLES[c] for c in COLUMNS])
    for f in by_severity(findings):
        d = row_of(f, report)
        w.writerow(["" if d.get(c) is None else d[c] for c in COLUMNS])
    return buf.getvalue()


def write_findings(path: str | Path, findings: list[Finding], meta: dict[str, Any] | None = None,
                   report=None, pdf_info: bool = False) -> None:
    """Write by extension: .json (with meta), .csv (UTF-8 with BOM for Excel), .xlsx (working paper), .pdf
    (a copy of the report's PDF with the findings highlighted and listed in front; info findings too with
    pdf_info)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext == ".json":
        atomic_write_text(path, findings_json(findings, meta))
    elif ext == ".csv":
        atomic_write(path, lambda p: p.write_text(findings_csv(findings, report), encoding="utf-8-sig"))
    elif ext == ".xlsx":
        from budgetlib.present.workbook import write_workbook

        atomic_write(path, lambda p: write_workbook(p, findings, report, (meta or {}).get("crossdoc")))
    elif ext == ".pdf":
        from budgetlib.present.annotate import write_annotated_pdf

        if report is None or not report.path or not Path(report.path).is_file():
            raise ValueError("findings.pdf needs the report's own PDF (report.path)")
        write_annotated_pdf(path, report.path, findings, meta, include_info=pdf_info, report=report)
    else:
        raise ValueError(f"unknown findings format: {path.suffix} (use {', '.join(FORMATS)})")


def read_findings(path: str | Path) -> list[Finding]:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Finding.from_dict(d) for d in doc["findings"]]
