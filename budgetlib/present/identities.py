"""The identities each table must satisfy (from its template), and whether the findings say they hold."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from budgetlib import templates
from budgetlib.checks.identities import identity_id
from budgetlib.model import OUTCOMES, Finding, Report
from budgetlib.present.frames import SEVERITY_ZH, with_labels
from budgetlib.present.labels import row_name, rule_title
from budgetlib.templates import Template
from budgetlib.templates.declarations import CellRef, ColumnSum, Declaration, Hierarchy, RowsSum, RowSum, SideSums

COMMON = [("模板所列各表均已公开", "table.missing"), ("空表附有说明", "table.empty_unexplained")]


def _row_words(report: Report | None, table: str, row: str) -> str:
    """A row key in the report's words: the row's printed name where the table was read."""
    if row == "{code}":
        return "各类"
    name = row_name(report, table, row)
    return name or "相应行"


def _cell_words(tpl: Template, ref: CellRef, report: Report | None = None) -> str:
    d = tpl.table(ref.table)
    col = dict(d.columns).get(ref.column, ref.column) if d else ref.column
    title = f"《{d.title}》" if d else "相应表"
    return f"{title}{_row_words(report, ref.table, ref.row)}·{col.replace('{col}', '各栏')}"


def describe(tpl: Template, ident: Declaration, report: Report | None = None) -> str:
    """An identity of the template in words, for the auditor (rows by their printed names where the
    report read them)."""
    table = getattr(ident, "table", "")
    d = tpl.table(table) if table else None
    label = (lambda k: dict(d.columns).get(k, k)) if d else (lambda k: k)
    if isinstance(ident, RowSum):
        rhs = "其余各栏之和" if ident.others else " + ".join(
            ("− " + label(c)) if sign < 0 else label(c) for sign, c in ident.parts).replace("+ −", "−")
        return f"{label(ident.total)} = {rhs}（每行）"
    if isinstance(ident, ColumnSum):
        return "合计行 = 各类之和（每栏）"
    if isinstance(ident, RowsSum):
        return (f"{_row_words(report, ident.table, ident.row)} = "
                + " + ".join(_row_words(report, ident.table, r) for r in ident.rows))
    if isinstance(ident, SideSums):
        return "本年收入（支出）合计 = 各项目之和；总计 = 本年合计 + 结转结余各行"
    if isinstance(ident, Hierarchy):
        return "类 = Σ款，款 = Σ项" if len(ident.digits) > 2 else "类 = Σ款"
    rhs = " + ".join(_cell_words(tpl, x, report) for x in ident.b)
    return f"{_cell_words(tpl, ident.a, report)} = {rhs}"


def table_identities(report: Report, table: str) -> list[tuple[str, str, str | None]]:
    """(identity in words, rule id, identity id) for every identity of the report's template touching
    `table`; identities that read alike are one line with one id per declaration behind it."""
    tpl = templates.get(report.template)
    if tpl is None:
        return []
    seen: list[tuple[str, str, str | None]] = []
    for i, ident in enumerate(tpl.identities):
        if table in ident.tables_named():
            seen.append((describe(tpl, ident, report), ident.rule, identity_id(tpl.name, i)))
    return seen


def _touches(f: Finding, table: str) -> bool:
    return f.table == table or (f.other or {}).get("table") == table


def _result(hits: list[Finding]) -> tuple[str, str]:
    """(result in words, worst severity) of one identity from the findings that judged it, by outcome."""
    bad = [f for f in hits if not f.could_not_check and f.outcome not in ("disabled", "judgement")]
    if bad:
        counts = {s: sum(1 for f in bad if f.severity == s) for s in ("error", "warning")}
        result = "；".join(f"{SEVERITY_ZH[s]} {n} 处" for s, n in counts.items() if n)
        return result, "error" if counts["error"] else "warning"
    if hits:
        first = hits[0]
        if first.could_not_check:
            # one line per identity, naming what could not be read (the message says it after 无法核对：)
            return first.message, "info"
        return f"{OUTCOMES.get(first.outcome, first.outcome)}：{first.message}", "info"
    return "✓ 未发现不一致", ""


def identities_frame(report: Report, table: str, findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per identity of the table: its result according to the findings that judged it (those
    naming the identity; rules without declarations, and a disabled rule, by rule)."""
    findings = [f for f in findings if f.project is None and _touches(f, table)]
    rows = []
    lines: dict[tuple[str, str], list[str | None]] = {}
    for text, rule, ident in table_identities(report, table):
        lines.setdefault((text, rule), []).append(ident)
    for text, rule in COMMON:
        lines.setdefault((text, rule), [None])
    for (text, rule), ids in lines.items():
        hits = [f for f in findings if f.rule == rule and (f.identity in ids or f.identity is None)]
        result, worst = _result(hits)
        rows.append({"identity": text, "rule": rule_title(rule), "result": result, "_severity": worst})
    df = pd.DataFrame(rows, columns=["identity", "rule", "result", "_severity"])
    df.attrs["severity"] = list(df.pop("_severity"))
    df.attrs["severity_column"] = "result"
    return with_labels(df, {"identity": "恒等关系", "rule": "规则", "result": "结果"})
