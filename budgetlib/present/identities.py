"""The identities each 附表 must satisfy, and whether the findings say they hold."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from budgetlib.model import Finding
from budgetlib.present.frames import SEVERITY_ZH, with_labels

ROW_SUM = "table.row_sum"
COL_SUM = "table.column_sum"
HIER = "table.hierarchy"
CROSS = "table.cross"

# (identity in words, rule id that checks it) per schedule; from the corpus README's identity table.
IDENTITIES: dict[int, list[tuple[str, str]]] = {
    1: [("本年收入合计 = 各项收入之和；本年支出合计 = 各类支出之和", COL_SUM),
        ("总计 = 本年合计 + 结转结余各行", COL_SUM), ("收入总计 = 支出总计", "table.balance"),
        ("与附表2、3、4 勾稽", CROSS)],
    2: [("本年收入合计 = 各收入栏之和（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款，款 = Σ项", HIER),
        ("合计 = 附表1 本年收入合计；财政拨款收入 = 附表4 本年收入合计", CROSS)],
    3: [("本年支出合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM),
        ("类 = Σ款，款 = Σ项", HIER), ("合计及各类 = 附表1", CROSS)],
    4: [("本年收入合计 = 各项财政拨款收入之和；总计 = 本年合计 + 结转结余", COL_SUM),
        ("支出 合计 = 一般公共预算 + 政府性基金 + 国有资本经营（每行）", ROW_SUM), ("收入总计 = 支出总计", "table.balance"),
        ("财政拨款收入各行 = 附表1", CROSS)],
    5: [("合计 = 各资金栏之和（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款，款 = Σ项", HIER),
        ("合计及各类 = 附表4 本年支出", CROSS)],
    6: [("合计 = 基本支出 + 项目支出（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款，款 = Σ项", HIER),
        ("= 附表5 一般公共预算财政拨款", CROSS)],
    7: [("合计 = 基本支出 + 项目支出（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款", HIER),
        ("合计/项目支出 = 附表6；人员/公用经费 = 附表8", CROSS)],
    8: [("合计 = 人员经费 + 公用经费（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款", HIER),
        ("合计 = 附表6 基本支出", CROSS)],
    9: [("合计 = 各栏之和（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款，款 = Σ项", HIER),
        ("= 附表6 项目支出", CROSS)],
    10: [("本年支出 = 基本 + 项目；年末 = 年初 + 本年收入 − 本年支出（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM),
         ("类 = Σ款，款 = Σ项", HIER), ("= 附表5 政府性基金；本年收入 = 附表4", CROSS)],
    11: [("本年支出 = 基本 + 项目；年末 = 年初 + 本年收入 − 本年支出（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM),
         ("类 = Σ款，款 = Σ项", HIER), ("= 附表5 国有资本经营；本年收入 = 附表4", CROSS)],
    12: [("合计 = 基本支出 + 项目支出（每行）", ROW_SUM), ("合计行 = 各类之和", COL_SUM), ("类 = Σ款，款 = Σ项", HIER),
         ("= 附表5 国有资本经营", CROSS)],
    13: [("合计 = 因公出国（境）费 + 公务用车 + 公务接待费", ROW_SUM),
         ("公务用车小计 = 购置费 + 运行维护费", "table.sangong_subtotal")],
}
COMMON = [("各附表均已公开", "table.missing"), ("空表附有说明", "table.empty_unexplained")]


def _touches(f: Finding, table: int) -> bool:
    return f.table == table or (f.other or {}).get("table") == table


def identities_frame(table: int, findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per identity of the schedule: its result according to the findings of its rule."""
    findings = [f for f in findings if f.project is None and _touches(f, table)]
    rows = []
    for text, rule in IDENTITIES.get(table, []) + COMMON:
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
