"""The rule catalogue over the model. Knows nothing of PDFs, pandas styling or notebooks."""

from __future__ import annotations

from typing import Any

from budgetlib.checks import (  # noqa: F401  (registers rules)
    budget,
    consistency,
    crossdoc,
    disclosure,
    judgement,
    judgement_forms,
    narrative,
    perf,
    rate_label,
    subjects,
    tables,
    wording,
)
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Finding, Report

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def audit(report: Report, params: dict[str, Any] | None = None, others: list[Report] | None = None) -> list[Finding]:
    """All findings for one report: parse problems first, then every registered rule; `others`, the same
    unit's other disclosures, for the cross-document rules."""
    findings = [
        Finding(rule="parse.unreadable", severity=p.severity, outcome="unreadable",
                message=f"未能解析：{p.message}", page=p.page, field=p.where or None)
        for p in report.problems
    ]
    findings.extend(run_rules(Context(report, params or {}, list(others or []))))
    return findings


CLAIM_FAMILIES = ("narrative", "budget")


def checked_claims(report: Report, params: dict[str, Any] | None = None) -> dict[str, set[str]]:
    """Claim id → the ids of the rules that compared it with something. The rules of the families that
    read claims run again (cheap: no table arithmetic), their findings dropped; a claim absent here
    was compared by nothing (未核对), whatever its findings."""
    ctx = Context(report, params or {})
    for _ in run_rules(ctx, only=[rid for rid, r in RULES.items() if r.family in CLAIM_FAMILIES]):
        pass
    return ctx.checked


__all__ = ["RULES", "Context", "audit", "checked_claims", "SEVERITY_ORDER"]
