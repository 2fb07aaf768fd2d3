"""The score arithmetic of a 自评表, recomputed for display beside the stated figures.

Only arithmetic that a reader can redo with a pencil: 执行率 = 执行数 / 调整后预算数, 预算执行得分 =
min(执行率, 1) × 权重, 合计 = 预算执行得分 + Σ 指标得分. Judgements (is a deviation an error or a
rounding warning?) belong to the rules; the notebooks colour cells from their findings.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlib.checks.perf import expected_budget_score, judged_amounts
from budgetlib.model import FundRow, NotRead, PerfForm
from budgetlib.numbers import decimals, round_half_up

HUNDRED = Decimal(100)
# What a recomputed figure shows when an input was not read or is not a number: never 0.00.
CANNOT = "无法核对"


def _amounts(row: FundRow, form: PerfForm | None) -> tuple[Decimal | None, Decimal | None]:
    """(执行数, 预算数) as perf.exec_rate judges them: the 总额 row of `form` printed as 0 over budgeted
    sources by the sources' sums (checks.perf.judged_amounts), any other row by its own; (None, None)
    when one was not read or is no number (the rule could not check either)."""
    try:
        if form is not None and row is form.fund("总额"):
            return judged_amounts(form, row, True)[:2]
        return row.executed.value(), row.adjusted.value()
    except NotRead:
        return None, None


def exec_rate(row: FundRow, form: PerfForm | None = None) -> Decimal | None:
    """执行数/调整后预算数×100 at the stated rate's decimals (2 when blank); 0 when the budget is 0."""
    executed, adjusted = _amounts(row, form)
    if executed is None or adjusted is None:
        return None
    dp = decimals(row.rate.text) if row.rate.printed else 2
    if adjusted == 0:
        return round_half_up(Decimal(0), dp)
    return round_half_up(executed / adjusted * HUNDRED, dp)


def budget_score(form: PerfForm) -> Decimal | None:
    """min(执行数/调整后预算数, 1) × 权重 of the 总额 row, at the stated score's decimals (2 when blank)."""
    row = form.fund("总额")
    if row is None:
        return None
    executed, adjusted = _amounts(row, form)
    if executed is None or adjusted is None or row.weight.amount is None:
        return None
    dp = decimals(row.score.text) if row.score.printed else 2
    return round_half_up(expected_budget_score(row, (executed, adjusted))[0], dp)


def _sum(cells) -> Decimal | None:
    try:
        return sum((c.value() for c in cells), Decimal(0))
    except NotRead:
        return None


def indicator_score_sum(form: PerfForm) -> Decimal | None:
    """Σ 指标得分 (a printed blank as 0); None when a score was not read or is no number."""
    return _sum(i.score for i in form.indicators)


def indicator_weight_sum(form: PerfForm) -> Decimal | None:
    return _sum(i.weight for i in form.indicators)


def total_score(form: PerfForm) -> Decimal | None:
    """合计 = 总额得分 (stated; recomputed when blank) + Σ 指标得分; None where perf.total could not
    check: an indicator with a weight but no score, or an input not read."""
    if any(i.weight.printed and i.score.blank for i in form.indicators):
        return None
    row = form.fund("总额")
    if row is not None and row.score.missing:
        return None
    base = row.score.amount if row is not None and row.score.printed else budget_score(form)
    scores = indicator_score_sum(form)
    if base is None or scores is None:
        return None
    return base + scores


def percent_text(value: Decimal | None) -> str:
    return CANNOT if value is None else f"{value:f}%"


def number_text(value: Decimal | None) -> str:
    return CANNOT if value is None else f"{value:f}"
