"""The rule catalogue: every check is a small registered function.

A rule receives a `Context` (the report plus per-unit parameters) and yields `Finding`s. Its
docstring's first line is the formula it checks; the catalogue (``budgetlib rules``,
docs/rules.md) is generated from this registry, so the code is the documentation.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from budgetlib import templates
from budgetlib.checks.rounding import Tolerance
from budgetlib.model import Finding, NotRead, Report

RuleFn = Callable[["Context"], Iterable[Finding]]


@dataclass
class Rule:
    id: str
    title: str  # Chinese title shown to auditors
    severity: str  # the severity of a violated identity (error | warning | info)
    fn: RuleFn
    family: str = ""

    @property
    def formula(self) -> str:
        doc = inspect.getdoc(self.fn) or ""
        return doc.strip()


@dataclass
class Context:
    report: Report
    params: dict[str, Any] = field(default_factory=dict)
    # the unit's other disclosures (last year's, this year's budget or final account, its 部门/单位):
    # the cross-document rules compare with them; empty, they have nothing to compare
    others: list[Report] = field(default_factory=list)
    # the rounding tolerance every rule family judges by, built once from the params file
    tol: Tolerance = field(init=False)
    # claim id → the rules that compared it with something (its table cell, its parts, its rate…):
    # a claim no rule compared is 未核对, never shown as agreeing (budgetlib.checks.checked_claims)
    checked: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tpl = templates.get(self.report.template)
        self.tol = Tolerance.from_params(self.params, tpl.tolerances if tpl else None)

    def compared(self, rule_id: str, *claims) -> None:
        """Record that `rule_id` compared these claims (None entries are skipped)."""
        for c in claims:
            if c is not None:
                self.checked.setdefault(c.id, set()).add(rule_id)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, title: str, severity: str = "error") -> Callable[[RuleFn], RuleFn]:
    """Register `fn` under `rule_id` (dotted, family first: narrative.share, table.row_sum…)."""

    def deco(fn: RuleFn) -> RuleFn:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, title, severity, fn, rule_id.split(".", 1)[0])
        return fn

    return deco


def could_not_check(rule_id: str, why: str, outcome: str = "missing", **where: Any) -> Finding:
    """A rule whose inputs were not found says so; it never passes silently. `outcome` says why:
    missing (not read), unreadable (not a number) or low_confidence."""
    return Finding(rule=rule_id, severity="info", message=f"无法核对：{why}", outcome=outcome, **where)


def not_read_finding(rule_id: str, exc: NotRead, **where: Any) -> Finding:
    """The could-not-check finding for a NotRead signal, located at the unread place where the
    signal knows it (else at `where`)."""
    loc: dict[str, Any] = dict(where)
    if exc.sch is not None:
        loc.update({**exc.sch.where, "row": exc.row, "column": exc.column})
    if exc.cell is not None and exc.cell.prov is not None:
        loc.update(page=exc.cell.page, bbox=exc.cell.bbox)
    return could_not_check(rule_id, exc.why, exc.kind, **loc)


def ruleset_hash() -> str:
    h = hashlib.sha256()
    for rid in sorted(RULES):
        r = RULES[rid]
        h.update(f"{rid}|{r.severity}|{r.formula}".encode())
        try:
            h.update(inspect.getsource(r.fn).encode())
        except OSError:  # pragma: no cover
            pass
    return h.hexdigest()[:16]


def run_rules(ctx: Context, only: Iterable[str] | None = None) -> Iterator[Finding]:
    disabled = ctx.params.get("disabled_rules") or {}
    for rid, r in sorted(RULES.items()):
        if only is not None and rid not in only:
            continue
        if rid in disabled:
            yield Finding(rule=rid, severity="info", outcome="disabled",
                          message=f"本单位参数关闭了此规则，理由：{disabled[rid]}")
            continue
        for f in r.fn(ctx):
            if r.family == "judgement" and not f.could_not_check:
                f.outcome = "judgement"  # a judgement call (wording, layout), not a violated identity
            yield f
