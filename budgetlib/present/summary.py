"""One-line counts of findings by severity, as the command line and the notebooks print them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from budgetlib.model import Finding


def kind_text(kind: str) -> str:
    """The document kind (Report.kind) in words, as the command line and notebook 00 say it."""
    from budgetlib.parse.inputs import KINDS

    return KINDS.get(kind, kind)


def summarize(findings: Iterable[Finding]) -> str:
    by_sev = Counter(f.severity for f in findings)
    return f"错误 {by_sev.get('error', 0)} 条，警告 {by_sev.get('warning', 0)} 条，提示 {by_sev.get('info', 0)} 条"
