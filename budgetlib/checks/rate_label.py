"""The budget a completion rate is labelled with, read from the sentence that prints the budgets.

A 决算 narrative prints 年初预算, 全年预算 (调整预算) and 支出决算 in one sentence and then "完成年初预算
的R%". When R is the rate on the other budget the label is wrong; when the labelled budget is 0 the rate
is undefined. Neither is arithmetic the tool can hold against the document as an error: the label is a
warning, a rate on a base of 0 information.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlib.checks.judgement import Passage, _finding, amounts, narrative
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import HUNDRED, classify, ratio_envelope
from budgetlib.model import Finding
from budgetlib.numbers import fmt

# the budget a figure of the sentence is: the words since the previous clause mark name it
BUDGET_WORDS = {"年初": re.compile(r"年初预算(?:数)?(?:为|是)?$"),
                "全年": re.compile(r"(?:全年|调整后?)预算(?:数)?(?:为|是)?$")}
ACTUAL = re.compile(r"(?:支出)?决算(?:数)?(?:为|是)?$")
RATE = re.compile(r"完成(?:了)?(年初|全年|调整后?)预算(?:数)?的?(\d+(?:\.\d+)?)%")
LABEL = {"年初": "年初", "全年": "全年", "调整": "全年", "调整后": "全年"}


def _figures(clause: str) -> dict[str, Decimal]:
    """年初 / 全年 / 决算 amounts (万元) of one sentence, each named by the words just before it."""
    out: dict[str, Decimal] = {}
    for a in amounts(clause):
        if a.unit != "万元":
            continue
        lo = max(clause.rfind(ch, 0, a.start) for ch in "，,；;：:。") + 1
        before = clause[lo:a.start]
        for key, pat in BUDGET_WORDS.items():
            if pat.search(before):
                out.setdefault(key, a.value)
        if ACTUAL.search(before):
            out.setdefault("决算", a.value)
    return out


def _fits(stated: str, actual: Decimal, base: Decimal) -> bool:
    env = ratio_envelope(actual, base)
    v = classify(stated, actual / base * HUNDRED, *(env or (None, None)))
    return v is not None and v.status != "error"


@rule("narrative.rate_label", "完成预算比例所标预算口径有误或基数为0", "warning")
def rate_label(ctx: Context) -> Iterator[Finding]:
    """同一句列出年初预算 B₀、全年预算 B₁、决算 A 及“完成X预算的R%”：X 为年初而 B₀ = 0 → R 无从计算；
    R = A ÷ B₁ × 100 而 X 为年初（或 R = A ÷ B₀ × 100 而 X 为全年）→ 所标口径有误

    理由：标签错（年初写成全年）为警告，给出 R 实际对应的口径；所标预算为0时比例无定义，只作提示，
    从不据0计算出错误。比较按舍入规则（截尾、舍入误差范围内视为相符）。"""
    if not ctx.report.narrative_found:
        yield could_not_check("narrative.rate_label", "未找到情况说明，完成预算比例的口径未核对")
        return
    for p in narrative(ctx.report):
        yield from _passage(p)


def _passage(p: Passage) -> Iterator[Finding]:
    lo = 0
    for clause in re.split(r"(?<=[。；;])", p.text):
        start, lo = lo, lo + len(clause)
        rates = list(RATE.finditer(clause))
        if len(rates) != 1:
            continue
        r = rates[0]
        figs = _figures(clause[:r.start()])
        if "决算" not in figs:
            continue
        label, stated = LABEL[r.group(1)], r.group(2)
        other = "全年" if label == "年初" else "年初"
        base, alt, actual = figs.get(label), figs.get(other), figs["决算"]
        if base is None:
            continue
        pos = start + r.start()
        alt_fits = alt is not None and alt > 0 and _fits(stated, actual, alt)
        if base == 0:
            if alt_fits:
                yield _finding("narrative.rate_label", "warning", p, pos, stated=r.group(0),
                               expected=f"完成{other}预算的{stated}%",
                               message=f"{label}预算为0万元，所称“{r.group(0)}”实为决算{fmt(actual)}÷{other}预算"
                                       f"{fmt(alt)}的比例：应称“完成{other}预算”（{p.around(pos, start + r.end())}）")
            else:
                yield _finding("narrative.rate_label", "info", p, pos, stated=r.group(0), expected=None,
                               message=f"{label}预算为0万元，“{r.group(0)}”的比例无从计算（基数为0），"
                                       f"不作为计算错误（{p.around(pos, start + r.end())}）")
            continue
        if base > 0 and not _fits(stated, actual, base) and alt_fits and alt != base:
            yield _finding("narrative.rate_label", "warning", p, pos, stated=r.group(0),
                           expected=f"完成{other}预算的{stated}%",
                           message=f"“{r.group(0)}”与决算{fmt(actual)}÷{label}预算{fmt(base)}不符，"
                                   f"却等于÷{other}预算{fmt(alt)}的比例：所标预算口径有误"
                                   f"（{p.around(pos, start + r.end())}）")
