"""The identities each table must satisfy (from its template), and whether the findings say they hold."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from budgetlib import templates
from budgetlib.model import Finding, Report
from budgetlib.present.frames import SEVERITY_ZH, with_labels
from budgetlib.templates import Template
from budgetlib.templates.declarations import CellRef, ColumnSum, Declaration, Hierarchy, RowsSum, RowSum, SideSums

COMMON = [("模板所列各表均已公开", "table.missing"), ("空表附有说明", "table.empty_unexplained")]


def _cell_words(tpl: Template, ref: CellRef) -> str:
    d = tpl.table(ref.table)
    col = dict(d.columns).get(ref.column, ref.column) if d else ref.column
    title = f"《{d.title}》" if d else ref.table
    return f"{title}{ref.row.replace('{code}', '各类').replace('out.', '').replace('in.', '')}·{col.replace('{col}', '各栏')}"


def describe(tpl: Template, ident: Declaration) -> str:
    """An identity of the template in words, for the auditor."""
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
        return f"{ident.row} = {' + '.join(ident.rows)}"
    if isinstance(ident, SideSums):
        return "本年收入（支出）合计 = 各项目之和；总计 = 本年合计 + 结转结余各行"
    if isinstance(ident, Hierarchy):
        return "类 = Σ款，款 = Σ项" if len(ident.digits) > 2 else "类 = Σ款"
    rhs = " + ".join(_cell_words(tpl, x) for x in ident.b)
    return f"{_cell_words(tpl, ident.a)} = {rhs}"


def table_identities(report: Report, table: str) -> list[tuple[str, str]]:
    """(identity in words, rule id) for every identity of the report's template touching `table`."""
    tpl = templates.get(report.template)
    if tpl is None:
        return []
    seen: list[tuple[str, str]] = []
    for ident in tpl.identities:
        if table in ident.tables_named():
            item = (describe(tpl, ident), ident.rule)
            if item not in seen:
                seen.append(item)
    return seen


def _touches(f: Finding, table: str) -> bool:
    return f.table == table or (f.other or {}).get("table") == table


def identities_frame(report: Report, table: str, findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per identity of the table: its result according to the findings of its rule."""
    findings = [f for f in findings if f.project is None and _touches(f, table)]
    rows = []
    for text, rule in table_identities(report, table) + COMMON:
        hits = [f for f in findings if f.rule == rule]
        bad = [f for f in hits if f.severity in ("error", "warning")]
        if bad:
            counts = {s: sum(1 for f in bad if f.severity == s) for s in ("error", "warning")}
            result = "；".join(f"{SEVERITY_ZH[s]} {n} 处" for s, n in counts.items() if n)
            worst = "error" if counts["error"] else "warning"
        elif hits:
            result, worst = "无法核对：" + hits[0].message.removeprefix("无法核对："), "info"
        else:
            result, worst = "✓ 未发现不一致", ""
        rows.append({"identity": text, "rule": rule, "result": result, "_severity": worst})
    df = pd.DataFrame(rows, columns=["identity", "rule", "result", "_severity"])
    df.attrs["severity"] = list(df.pop("_severity"))
    df.attrs["severity_column"] = "result"
    return with_labels(df, {"identity": "恒等关系", "rule": "规则", "result": "结果"})
