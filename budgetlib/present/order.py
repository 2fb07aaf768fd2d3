"""The order and grouping every findings listing shares (command line, workbook, findings.pdf, notebooks):
errors first, then warnings, then information; repeated information of one cause on one line with a
count; and no 'could not check' for a part the document's kind or template does not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from budgetlib.model import Finding, Report

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# The parts of a document each rule family reads. A document whose kind or template has no such part
# (a standalone 自评表 has no 情况说明 and no 附表; a template with no 绩效自评表 has none) is not
# told, rule by rule, that the part was not found.
FAMILY_PART = {"narrative": "narrative", "table": "tables", "perf": "forms"}
# What each document kind (Report.kind) consists of, by disclosure. A full report has every part its
# template plans; the others only those listed.
KIND_PARTS = {
    ("决算", "perf_form"): {"forms"},
    ("决算", "sangong"): {"tables", "narrative"},
    ("决算", "excerpt"): {"narrative"},
    ("决算", "tables"): {"tables"},
    ("预算", "tables"): {"tables"},
    ("预算", "excerpt"): {"narrative"},
}


def parts(report: Report) -> set[str]:
    """The parts the document is expected to have: its kind's, and only forms its template plans."""
    have = set(KIND_PARTS.get((report.disclosure, report.kind), {"tables", "narrative", "forms"}))
    if report.form_profile is None:
        have.discard("forms")
    return have


def applies(f: Finding, report: Report) -> bool:
    """False for information about a part this document does not have (an error or warning always applies)."""
    if f.severity != "info":
        return True
    part = FAMILY_PART.get(f.rule.split(".", 1)[0])
    return part is None or part in parts(report)


def applicable(findings: Iterable[Finding], report: Report | None) -> list[Finding]:
    findings = list(findings)
    return findings if report is None else [f for f in findings if applies(f, report)]


def rank(f: Finding) -> int:
    return SEVERITY_RANK.get(f.severity, 9)


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Errors, then warnings, then information; within a severity the order given (a stable sort)."""
    return sorted(findings, key=rank)


@dataclass
class Line:
    """A finding as listed: `count` > 1 when identical information (the same message) was collapsed."""

    finding: Finding
    count: int = 1
    rules: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        m = self.finding.message
        return m if self.count == 1 else f"{m}（共 {self.count} 处）"


def lines(findings: Iterable[Finding]) -> list[Line]:
    """Errors and warnings one by one, worst first; information with the same message once, with a count."""
    out: list[Line] = []
    seen: dict[str, int] = {}
    for f in by_severity(findings):
        if f.severity == "info" and f.message in seen:
            line = out[seen[f.message]]
            line.count += 1
            if f.rule not in line.rules:
                line.rules += (f.rule,)
            continue
        if f.severity == "info":
            seen[f.message] = len(out)
        out.append(Line(f, 1, (f.rule,)))
    return out


def sev_zh(severity: str | None) -> str:
    return SEVERITY_ZH.get(severity or "", severity or "")


__all__ = ["SEVERITY_ZH", "SEVERITY_RANK", "applicable", "applies", "by_severity", "lines", "Line", "parts",
           "sev_zh"]
