"""One-line counts of findings by severity, as the command line and the notebooks print them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from budgetlib.model import Finding


def kind_text(kind: str, disclosure: str = "决算") -> str:
    """The document kind (Report.kind) of a 决算 or 预算 disclosure in words, as the command line and
    notebook 00 say it."""
    from budgetlib.parse.inputs import kind_words

    return kind_words(kind, disclosure)


def summarize(findings: Iterable[Finding]) -> str:
    by_sev = Counter(f.severity for f in findings)
    return f"错误 {by_sev.get('error', 0)} 条，警告 {by_sev.get('warning', 0)} 条，提示 {by_sev.get('info', 0)} 条"
