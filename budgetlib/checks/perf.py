"""Rules of the perf family: the arithmetic and the wording of each 绩效自评表 (see docs/rules.md).

Rates and scores are recomputed from the printed amounts with round-half-up at the printed
precision and judged by the shared rounding policy (checks/rounding.py): a stated figure that is
reachable once each amount may be off by ±0.005, or that equals the truncated value, is a warning,
anything else an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import Tolerance, Verdict, classify, compare_percent, ratio_envelope
from budgetlib.checks.tables import value
from budgetlib.model import Cell, Finding, FundRow, Indicator, NotRead, PerfForm, Report
from budgetlib.numbers import decimals, fmt, leading_number, normalize, round_half_up
from budgetlib.templates.form_profile import FormProfile

ZERO = Decimal(0)
NO_TOTAL_ROW = "未找到年度资金总额行"
CUT_OFF = "在合计行之前中断（节选至此，其后未收录）"
FUND_AMOUNTS = (("initial", "年初预算数"), ("adjusted", "调整后预算数"), ("executed", "预算执行数"))

# Template instructions, matched after normalize() (NFKC, no whitespace): full-width brackets and
# punctuation have become ASCII.
PLACEHOLDER_MARKS = ("(100字以内)", "(200字以内)", "结合自评情况", "对照年度目标",
                     "预算执行率=预算执行数/", "针对项目自评中发现的问题", "其他资金包括:社会投入资金")
FIELD_LABELS = {
    "project": "项目名称", "department": "主管部门", "implementer": "实施单位", "goal": "项目年度目标",
    "goal_done": "年度目标完成情况", "content": "项目实施内容及过程概述", "conclusion": "评价结论",
    "problems": "存在问题", "measures": "改进措施", "funds.reason": "预算执行情况“原因”",
    "indicators.reason": "绩效指标“未完成原因分析”",
}
_TEXT_FIELDS = ("project", "department", "implementer", "goal", "goal_done", "content",
                "conclusion", "problems", "measures")
_OPS = {">=": "≥", "≧": "≥", "<=": "≤", "≦": "≤", "＞": ">", "＜": "<", "＝": "="}
_WAN_AFTER_NUMBER = re.compile(r"\d万")


# ---------------------------------------------------------------- helpers


def fund_key(name: str) -> str:
    """The row key the truth files use: the fund name without 其中：."""
    return normalize(name).removeprefix("其中:")


def total_fund(form: PerfForm, profile: FormProfile) -> FundRow | None:
    """The 年度资金总额 row, None when no row is recognised as it: taking another row for the total
    (the first, say) would judge a source row as if it were the total and swap stated and expected."""
    key = fund_key(profile.total_row)
    return next((f for f in form.funds if key in fund_key(f.name)), None)


def _at(form: PerfForm, cell: Cell | None = None, **where) -> dict:
    out = {"project": form.index, "project_name": (form.project.text or "").strip() or None}
    if cell is not None:
        out.update(page=cell.page, bbox=cell.bbox)
    if out.get("page") is None and form.pages:
        out["page"] = form.pages[0]
    out.update(where)
    return out


def _title(form: PerfForm) -> str:
    return f"自评表{form.index}“{form.name or form.project.text or ''}”"


def _forms(ctx: Context, rule_id: str) -> Iterator[PerfForm | Finding]:
    if ctx.report.form_profile is None:
        yield could_not_check(rule_id, "本报告所属模板不附绩效自评表")
        return
    if not ctx.report.forms_found:
        yield could_not_check(rule_id, "未找到第四部分绩效自评表")
        return
    yield from ctx.report.forms


def _judged(rule_id: str, verdict: Verdict | None, cell: Cell, what: str, basis: str, where: dict,
            suffix: str = "") -> Iterator[Finding]:
    """The finding for a stated figure judged by the rounding policy (nothing when it passes)."""
    if verdict is None:
        yield could_not_check(rule_id, f"{what}“{cell.text}”不是数字", **where)
        return
    if verdict.ok:
        return
    stated = (cell.text or "").strip()
    unit = "个百分点" if suffix else ""
    yield Finding(
        rule=rule_id, severity=verdict.status,
        message=(f"{what}报告数 {stated}，按 {basis} 应为 {verdict.expected_text}{suffix}，"
                 f"差 {verdict.difference_text}{unit}{verdict.note_zh()}"),
        stated=stated, expected=verdict.expected_text + suffix, difference=verdict.difference_text,
        within_rounding=verdict.within_rounding, outcome=verdict.outcome, **where)


# ---------------------------------------------------------------- perf.exec_rate


def _amount(d: Decimal) -> str:
    """An amount for a message: two decimals, more where the form prints more (89.974)."""
    return fmt(d, max(2, -d.as_tuple().exponent))


SOURCES_NOTE = "（总额行为0，按各资金来源合计）"


def judged_amounts(form: PerfForm, f: FundRow, is_total: bool) -> tuple[Decimal, Decimal, str]:
    """(预算执行数, 预算数, note): the amounts a row's 执行率 and 得分 are judged against.

    A row's own, except a 年度资金总额 printed as 0 while its sources show a budget (excerpt 12:
    0/0/0 over 本年财政拨款 90/89.974/89.974): the 0.00% convention means nothing was budgeted, and
    the sources say otherwise, so the rate and score are judged against the sources' sums (the zero
    total itself is perf.fund_sum's finding). Raises NotRead for an amount not read or no number."""
    e, a = value(f.executed), value(f.adjusted)
    if a or not is_total:
        return e, a, ""
    sources = [p for p in form.funds if p is not f]
    try:
        se = sum((value(p.executed) for p in sources), ZERO)
        sa = sum((value(p.adjusted) for p in sources), ZERO)
    except NotRead:
        return e, a, ""
    return (se, sa, SOURCES_NOTE) if sa and not e else (e, a, "")


def is_total_row(f: FundRow, profile: FormProfile | None) -> bool:
    return profile is not None and fund_key(f.name) == fund_key(profile.total_row)


def _rate_finding(form: PerfForm, f: FundRow, profile: FormProfile | None, tol: Tolerance) -> Iterator[Finding]:
    key = fund_key(f.name)
    where = _at(form, f.rate, row=key, column="rate")
    try:
        e, a, note = judged_amounts(form, f, is_total_row(f, profile))
    except NotRead as exc:
        yield could_not_check("perf.exec_rate", f"{_title(form)}“{key}”金额{exc.why}", exc.kind, **where)
        return
    # The 0.00% convention when nothing was budgeted; no envelope around a zero base.
    verdict = compare_percent(f.rate.text, e, a, tol.half()) if a else classify(f.rate.text, ZERO)
    yield from _judged("perf.exec_rate", verdict, f.rate, f"{_title(form)}“{key}”预算执行率",
                       f"预算执行数 {_amount(e)} ÷ {form.budget_label} {_amount(a)}{note}", where, suffix="%")


@rule("perf.exec_rate", "预算执行率计算有误", "error")
def exec_rate(ctx: Context) -> Iterator[Finding]:
    """预算执行率 = 预算执行数 ÷ 调整后预算数（或全年预算数）× 100%，按报告所列小数位四舍五入；预算数为0时为0.00%（总额行印为0而各资金来源列有预算时，按各来源合计核对）。总额及各资金来源行均核；在金额舍入误差范围内或等于截位值者为警告。

    rate = executed / adjusted × 100 at the stated decimals (0 when adjusted is 0), every fund row; a
    总额 row printed as 0 over sources that show a budget is judged against the sources' sums.
    """
    for form in _forms(ctx, "perf.exec_rate"):
        if isinstance(form, Finding):
            yield form
            continue
        if not form.funds:
            yield could_not_check("perf.exec_rate", f"{_title(form)}未找到预算执行情况各行", **_at(form))
        for f in form.funds:
            if f.rate.printed:  # a rate not printed (or not read) states nothing to check
                yield from _rate_finding(form, f, ctx.report.form_profile, ctx.tol)


# ---------------------------------------------------------------- perf.budget_score


def expected_budget_score(f: FundRow, amounts: tuple[Decimal, Decimal] | None = None,
                          tol: Tolerance | None = None) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """(exact, low, high): min(执行数/预算数, 1) × 权重 and its envelope over the amounts' rounding;
    `amounts` (执行数, 预算数) in place of the row's own (see `judged_amounts`)."""
    w = value(f.weight)
    e, a = amounts if amounts is not None else (value(f.executed), value(f.adjusted))
    if not a:
        return ZERO, None, None
    cap = Decimal(1)
    env = ratio_envelope(e, a, (tol or Tolerance()).half(), scale=cap)
    low, high = (min(env[0], cap) * w, min(env[1], cap) * w) if env else (None, None)
    return min(e / a, cap) * w, low, high


@rule("perf.budget_score", "预算执行得分与执行率不符", "error")
def budget_score(ctx: Context) -> Iterator[Finding]:
    """预算执行得分（总额行）= min(执行率, 100%) × 权重，按所列小数位四舍五入（执行率同 perf.exec_rate 的核对口径）；得分空白亦报。在舍入误差范围内或等于截位值者为警告。

    score = round_half_up(min(executed/adjusted, 1) × weight, decimals of the stated score); blank is a violation.
    """
    for form in _forms(ctx, "perf.budget_score"):
        if isinstance(form, Finding):
            yield form
            continue
        f = total_fund(form, ctx.report.form_profile)
        if f is None:
            yield could_not_check("perf.budget_score", f"{_title(form)}{NO_TOTAL_ROW}", **_at(form))
            continue
        where = _at(form, f.score, row=fund_key(f.name), column="score")
        try:
            e, a, note = judged_amounts(form, f, True)
            exact, lo, hi = expected_budget_score(f, (e, a), ctx.tol)
        except NotRead as exc:
            yield could_not_check("perf.budget_score", f"{_title(form)}总额行{exc.why}", exc.kind, **where)
            continue
        basis = f"min(执行率, 100%) × 权重 {f.weight.text.strip()}{note}"
        if f.score.missing:
            yield could_not_check("perf.budget_score", f"{_title(form)}预算执行得分未读取", **where)
            continue
        if f.score.blank:
            expected = fmt(exact, 2)
            yield Finding(rule="perf.budget_score", severity="error", stated=None, expected=expected,
                          message=f"{_title(form)}预算执行得分未填写，按 {basis} 应为 {expected}", **where)
            continue
        yield from _judged("perf.budget_score", classify(f.score.text, exact, lo, hi), f.score,
                           f"{_title(form)}预算执行得分", basis, where)


# ---------------------------------------------------------------- perf.fund_sum


@rule("perf.fund_sum", "资金总额与各来源之和不符", "error")
def fund_sum(ctx: Context) -> Iterator[Finding]:
    """总额 = 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金（年初预算数、调整后预算数、预算执行数各栏）。

    总额 = Σ the other fund rows, for initial, adjusted and executed.
    """
    for form in _forms(ctx, "perf.fund_sum"):
        if isinstance(form, Finding):
            yield form
            continue
        total = total_fund(form, ctx.report.form_profile)
        parts = [f for f in form.funds if f is not total]
        if total is None or not parts:
            what = NO_TOTAL_ROW if total is None else "未找到资金来源行"
            yield could_not_check("perf.fund_sum", f"{_title(form)}{what}", **_at(form))
            continue
        for col, label in FUND_AMOUNTS:
            label = form.budget_label if col == "adjusted" and form.budget_label else label
            cell = getattr(total, col)
            where = _at(form, cell, row=fund_key(total.name), column=col)
            try:
                stated = value(cell)
                expected = sum((value(getattr(p, col)) for p in parts), ZERO)
            except NotRead as exc:
                yield could_not_check("perf.fund_sum", f"{_title(form)}{label}{exc.why}", exc.kind, **where)
                continue
            if stated == expected:
                continue
            dp = max([decimals(cell.text)] + [decimals(getattr(p, col).text) for p in parts])
            tail = abs(stated - expected) <= ctx.tol.tail(len(parts), dp)
            yield Finding(
                rule="perf.fund_sum", severity="warning" if tail else "error",
                message=(f"{_title(form)}{label}总额报告数 {(cell.text or '').strip() or '空'}，各资金来源之和应为 "
                         f"{fmt(expected, dp)}，差额 {fmt(stated - expected, dp)}"
                         + ("，属尾差（在各项舍入误差范围内）" if tail else "")),
                stated=(cell.text or "").strip() or None, expected=fmt(expected, dp),
                difference=fmt(stated - expected, dp), within_rounding=tail, **where)


# ---------------------------------------------------------------- perf.indicator_weights


def _sum_text(values: list[Decimal]) -> str:
    total = sum(values, ZERO)
    return format(total.normalize(), "f") if total == total.to_integral() else fmt(total, -total.as_tuple().exponent)


_POINTS_RE = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]")


def _declared_groups(form: PerfForm) -> dict[str, tuple[Decimal, list[Indicator]]] | None:
    """The 一级指标 groups when every one prints its points (安徽: 产出指标(50分)), else None."""
    groups: dict[str, tuple[Decimal, list[Indicator]]] = {}
    for ind in form.indicators:
        m = _POINTS_RE.search(normalize(ind.l1.text or ""))
        if m is None:
            return None
        groups.setdefault(ind.l1.text, (Decimal(m.group(1)), []))[1].append(ind)
    return groups or None


def _weights(form: PerfForm, inds: list[Indicator], where: dict) -> list[Decimal] | Finding:
    """The weights of `inds` (a blank as 0), or the could-not-check finding for one that is no number."""
    try:
        return [value(i.weight) for i in inds]
    except NotRead as exc:
        return could_not_check("perf.indicator_weights", f"{_title(form)}权重{exc.why}", exc.kind, **where)


def _group_weights(form: PerfForm, groups: dict[str, tuple[Decimal, list[Indicator]]], expected: Decimal,
                   where: dict) -> Iterator[Finding]:
    """Each group's weights against the points its label prints, and the printed points against the
    profile's total. A group short of its points with a row that has no weight is not judged: the form
    may be cut off there (excerpt 12 ends inside 满意度指标)."""
    declared = sum((points for points, _ in groups.values()), ZERO)
    if declared != expected:
        yield Finding(rule="perf.indicator_weights", severity="error", stated=_sum_text([declared]),
                      expected=_sum_text([expected]), difference=_sum_text([declared - expected]),
                      message=f"{_title(form)}各一级指标所标分值之和为 {_sum_text([declared])}，应为 "
                              f"{_sum_text([expected])}", **where)
    for label, (points, inds) in groups.items():
        weights = _weights(form, [i for i in inds if i.weight.printed], where)
        if isinstance(weights, Finding):
            yield weights
            continue
        total = sum(weights, ZERO)
        if total == points:
            continue
        if len(weights) < len(inds):
            yield could_not_check("perf.indicator_weights", f"{_title(form)}{label}有指标未列权重，无法核对", **where)
            continue
        yield Finding(rule="perf.indicator_weights", severity="error", stated=_sum_text(weights),
                      expected=_sum_text([points]), difference=_sum_text([total - points]),
                      message=f"{_title(form)}{label}各指标权重之和为 {_sum_text(weights)}，应为 {_sum_text([points])}",
                      **where)


@rule("perf.indicator_weights", "绩效指标权重之和与模板不符", "error")
def indicator_weights(ctx: Context) -> Iterator[Finding]:
    """各绩效指标权重之和 = 模板规定的指标总分（四川模板为90：预算执行占10分，合计100分）。

    Σ indicator weights = the template's indicator total (90 on the Sichuan form).
    """
    for form in _forms(ctx, "perf.indicator_weights"):
        if isinstance(form, Finding):
            yield form
            continue
        expected = ctx.report.form_profile.indicator_weight_total
        where = _at(form, row="indicators", column="weight")
        if not form.indicators:
            yield could_not_check("perf.indicator_weights", f"{_title(form)}未找到绩效指标", **where)
            continue
        groups = _declared_groups(form)
        if groups is not None:  # each group by its declared points: the groups before the cut still judged
            yield from _group_weights(form, groups, expected, where)
            continue
        if form.cut_off:
            yield could_not_check("perf.indicator_weights", f"{_title(form)}{CUT_OFF}，指标未列全", **where)
            continue
        weights = _weights(form, form.indicators, where)
        if isinstance(weights, Finding):
            yield weights
            continue
        total = sum(weights, ZERO)
        if total == expected:
            continue
        yield Finding(rule="perf.indicator_weights", severity="error", stated=_sum_text(weights),
                      expected=_sum_text([expected]), difference=_sum_text([total - expected]),
                      message=f"{_title(form)}{len(weights)}项绩效指标权重之和为 {_sum_text(weights)}，"
                              f"应为 {_sum_text([expected])}", **where)


# ---------------------------------------------------------------- perf.total / perf.total_missing


@rule("perf.total", "合计得分与各项得分之和不符", "error")
def total(ctx: Context) -> Iterator[Finding]:
    """合计得分 = 预算执行得分（空白时取其应得分）+ Σ 绩效指标得分；仅在合计得分已填写时核对，有权重的指标得分空白时无法核对。

    合计 score = 总额 score (its expected value if blank) + Σ indicator scores; could not check when an
    indicator with a weight has no score.
    """
    for form in _forms(ctx, "perf.total"):
        if isinstance(form, Finding):
            yield form
            continue
        if form.total is None or form.total.score.blank:
            continue  # perf.total_missing
        cell = form.total.score
        where = _at(form, cell, row="合计", column="score")
        fund = total_fund(form, ctx.report.form_profile)
        if fund is None:
            yield could_not_check("perf.total", f"{_title(form)}{NO_TOTAL_ROW}，预算执行得分无从确定", **where)
            continue
        unscored = [i for i in form.indicators if i.weight.printed and i.score.blank]
        if unscored:  # a blank score is not 0: the sum is unknown (perf.indicator_score_missing says why)
            yield could_not_check("perf.total", f"{_title(form)}{len(unscored)}项指标得分空白，合计得分无从核对", **where)
            continue
        try:
            stated = value(cell)
            if fund.score.blank:
                e, a, _ = judged_amounts(form, fund, True)
                budget = round_half_up(expected_budget_score(fund, (e, a))[0], 2)
            else:
                budget = value(fund.score)
            indicators = sum((value(i.score) for i in form.indicators), ZERO)
        except NotRead as exc:
            yield could_not_check("perf.total", f"{_title(form)}得分{exc.why}", exc.kind, **where)
            continue
        expected = budget + indicators
        if stated == expected:
            continue
        # the budget score is a rounded figure: a total off by no more than its rounding is a 尾差
        rounded = abs(stated - expected) <= ctx.tol.half(decimals(cell.text))
        yield Finding(
            rule="perf.total", severity="warning" if rounded else "error", within_rounding=rounded,
            message=(f"{_title(form)}合计得分报告数 {cell.text.strip()}，预算执行得分 {_sum_text([budget])} + "
                     f"指标得分之和 {_sum_text([indicators])} 应为 {_sum_text([expected])}，"
                     f"差额 {_sum_text([stated - expected])}" + ("（仅差舍入）" if rounded else "")),
            stated=cell.text.strip(), expected=_sum_text([expected]), difference=_sum_text([stated - expected]),
            **where)


def _cut_off(report: Report, form: PerfForm) -> bool:
    """A form the file ends inside (the parser's `cut_off`), or one of a partial document that ends on an
    indicator row with neither weight nor score: the excerpt stops there (12 ends inside 满意度指标), so the
    合计 row is not shown rather than missing. A full report's form is held to its 合计 row whatever its
    last row."""
    last = form.indicators[-1] if form.indicators else None
    return form.cut_off or (report.kind != "full" and last is not None and last.weight.blank and last.score.blank)


@rule("perf.total_missing", "合计得分缺失", "error")
def total_missing(ctx: Context) -> Iterator[Finding]:
    """合计行缺失，或合计得分空白。

    the 合计 row is absent or its score is blank.
    """
    for form in _forms(ctx, "perf.total_missing"):
        if isinstance(form, Finding):
            yield form
            continue
        if form.total is not None and not form.total.score.blank:
            continue
        if form.total is None and _cut_off(ctx.report, form):
            yield could_not_check("perf.total_missing", f"{_title(form)}{CUT_OFF}，未见合计行",
                                  **_at(form, row="合计", column="score"))
            continue
        cell = form.total.score if form.total is not None else None
        what = "合计行缺失" if form.total is None else "合计得分未填写"
        yield Finding(rule="perf.total_missing", severity="error", stated=None, expected="合计得分",
                      message=f"{_title(form)}{what}", **_at(form, cell, row="合计", column="score"))


@rule("perf.indicator_score_missing", "绩效指标完成值、得分未填写", "error")
def indicator_score_missing(ctx: Context) -> Iterator[Finding]:
    """有权重的绩效指标，实际完成值与得分均空白（一张表报一条，列出各指标）。

    an indicator with a weight whose 完成值 and 得分 are both blank: the form was not scored.
    """
    for form in _forms(ctx, "perf.indicator_score_missing"):
        if isinstance(form, Finding):
            yield form
            continue
        if not form.indicators:
            yield could_not_check("perf.indicator_score_missing", f"{_title(form)}未读到绩效指标行", **_at(form))
            continue
        # both blank: a blank score beside a filled 完成值 is perf.total's business (Σ 得分)
        empty = [i for i in form.indicators if i.weight.printed and i.actual.blank and i.score.blank]
        if not empty:
            continue
        names = "、".join((i.l3.text or i.l2.text or "?").strip() for i in empty)
        yield Finding(rule="perf.indicator_score_missing", severity="error", stated=None,
                      expected="完成值与得分", message=f"{_title(form)}{len(empty)}项绩效指标完成值、得分均未填写：{names}",
                      **_at(form, empty[0].score, column="score"))


# ---------------------------------------------------------------- perf.unmet_full_score


def _scaled(text: str | None, unit: str) -> Decimal | None:
    """The leading number of a 指标值/完成值 cell, in the units of the 度量单位 column."""
    n = leading_number(text)
    if n is None:
        return None
    if _WAN_AFTER_NUMBER.search(normalize(text)) and not normalize(unit).startswith("万"):
        n *= 10000
    return n


def _met(op: str, actual: Decimal, target: Decimal) -> bool:
    return {"≥": actual >= target, ">": actual > target, "≤": actual <= target,
            "<": actual < target, "=": actual == target}[op]


def indicator_op(cell: Cell) -> str:
    op = normalize(cell.text)
    return _OPS.get(op, op)


QUANTITATIVE = ("≥", ">", "≤", "<", "=")
_LEADING_OP = re.compile(r"^(>=|<=|[≥≤><=≧≦])")
_UNIT_AFTER = re.compile(r"\d(?:[\d.,]*)\s*([^\d\s]+)$")


def target_op(ind: Indicator) -> tuple[str, bool]:
    """(operator, printed in the 指标值): the 指标性质 column's (四川), else the operator the 指标值 text
    starts with on a form without that column (安徽: ≥50个, ≤90万元); "" for a qualitative target."""
    op = indicator_op(ind.op)
    if op in QUANTITATIVE:
        return op, False
    m = _LEADING_OP.match(normalize(ind.target.text))
    return (_OPS.get(m.group(1), m.group(1)), True) if m else ("", False)


def target_text(ind: Indicator) -> str:
    """The target as a message says it: ≥120公里 (安徽, as printed) or ≥ 95 % put together (四川)."""
    op, in_target = target_op(ind)
    text = (ind.target.text or "").strip()
    return text if in_target else f"{op}{text}{ind.unit.text or ''}"


def _quantitative(ctx: Context, rule_id: str) -> Iterator[Finding | tuple[PerfForm, int, Indicator, str]]:
    """(form, n, indicator, operator) for every indicator with an operator; could-not-check findings for the
    forms that are missing or have no indicators."""
    for form in _forms(ctx, rule_id):
        if isinstance(form, Finding):
            yield form
            continue
        if not form.indicators:
            yield could_not_check(rule_id, f"{_title(form)}未找到绩效指标", **_at(form))
        for n, ind in enumerate(form.indicators, start=1):
            op, _ = target_op(ind)
            if op:
                yield form, n, ind, op


def indicator_unit(ind: Indicator) -> str:
    """The 度量单位 column, else the unit the 指标值 prints after its number (≤90万元 → 万元): a bare
    完成值 is in the target's unit."""
    if ind.unit.printed:
        return ind.unit.text
    m = _UNIT_AFTER.search(normalize(ind.target.text))
    return m.group(1) if m else ""


@rule("perf.unmet_full_score", "指标未达成却得满分", "error")
def unmet_full_score(ctx: Context) -> Iterator[Finding]:
    """定量指标（指标性质 ≥ ≤ = > <）按完成值与指标值的首个数字比较（“万”按度量单位折算），未达成而得分 ≥ 权重即报；“=”指标超额完成报警告，严格不等号以等号完成视为未达成。

    a quantitative indicator whose 完成值 misses its 指标值 by its 指标性质 has score ≥ weight.
    """
    for item in _quantitative(ctx, "perf.unmet_full_score"):
        if isinstance(item, Finding):
            yield item
            continue
        form, n, ind, op = item
        where = _at(form, ind.score, indicator=n, column="score")
        unit = indicator_unit(ind)
        target, actual = _scaled(ind.target.text, unit), _scaled(ind.actual.text, unit)
        score, weight = ind.score.amount, ind.weight.amount
        if score is None or weight is None or score < weight:
            continue  # not scored in full: nothing claimed
        name = (ind.l3.text or "").strip() or f"第{n}项指标"
        if target is None or actual is None:
            yield could_not_check("perf.unmet_full_score",
                                  f"{_title(form)}指标“{name}”指标值或完成值无数字，无法判断是否达成", **where)
            continue
        if _met(op, actual, target):
            continue
        exceeded = op == "=" and actual > target
        verdict = "超过“=”指标值（指标性质使用不当）" if exceeded else "未达到指标值"
        yield Finding(
            rule="perf.unmet_full_score", severity="warning" if exceeded else "error",
            message=(f"{_title(form)}指标“{name}”指标值 {target_text(ind)}，完成值 {(ind.actual.text or '').strip()}，"
                     f"{verdict}，却得满分 {ind.score.text.strip()}（权重 {ind.weight.text.strip()}）"),
            stated=ind.score.text.strip(), expected=f"<{ind.weight.text.strip()}", **where)


# ---------------------------------------------------------------- perf.actual_nonnumeric


@rule("perf.actual_nonnumeric", "定量指标完成值不是数值", "error")
def actual_nonnumeric(ctx: Context) -> Iterator[Finding]:
    """定量指标（指标性质或指标值带 ≥ ≤ = > < 及数字）的完成值应为数值；填“完成”“达成预期指标”等文字者报，达成与否无从核对。完成值空白由 perf.indicator_score_missing 报。

    an indicator with an operator and a number as its target whose 完成值 is text without a number.
    """
    for item in _quantitative(ctx, "perf.actual_nonnumeric"):
        if isinstance(item, Finding):
            yield item
            continue
        form, n, ind, op = item
        if leading_number(ind.target.text) is None or not ind.actual.printed:
            continue
        if leading_number(ind.actual.text) is not None:
            continue
        name = (ind.l3.text or "").strip() or f"第{n}项指标"
        target = target_text(ind)
        actual = ind.actual.text.strip()
        yield Finding(rule="perf.actual_nonnumeric", severity="error", stated=actual, expected=f"{op}数值",
                      message=f"{_title(form)}指标“{name}”指标值 {target} 为定量指标，完成值却填“{actual}”，"
                              f"未报实际数值，是否达成无从核对",
                      **_at(form, ind.actual, indicator=n, column="actual"))


# ---------------------------------------------------------------- perf.placeholder


def placeholder_mark(text: str | None) -> str | None:
    t = normalize(text)
    return next((m for m in PLACEHOLDER_MARKS if m in t), None)


@rule("perf.placeholder", "自评表残留填表说明", "error")
def placeholder(ctx: Context) -> Iterator[Finding]:
    """自评表栏目中残留模板填表说明（“（100字以内）”“（200字以内）”“结合自评情况”“对照年度目标”、原因栏的执行率填表说明等）。

    template instruction text left in a field (text fields, funds.reason, indicators.reason).
    """
    for form in _forms(ctx, "perf.placeholder"):
        if isinstance(form, Finding):
            yield form
            continue
        hits: list[tuple[str, Cell, dict]] = [(name, getattr(form, name), {}) for name in _TEXT_FIELDS]
        for group, rows, key in (("funds.reason", form.funds, lambda r: {"row": fund_key(r.name)}),
                                 ("indicators.reason", form.indicators, lambda r: {})):
            cell_rows = [(r.reason, key(r), i) for i, r in enumerate(rows, start=1) if placeholder_mark(r.reason.text)]
            if cell_rows:
                cell, extra, i = cell_rows[0]
                if group == "indicators.reason":
                    extra = {"indicator": i}
                hits.append((group, cell, extra))
        for name, cell, extra in hits:
            mark = placeholder_mark(cell.text)
            if mark is None:
                continue
            text = (cell.text or "").strip()
            yield Finding(rule="perf.placeholder", severity="error", stated=text, expected="填写实际内容",
                          message=f"{_title(form)}{FIELD_LABELS[name]}栏仍是填表说明（含“{mark}”）：{text[:60]}",
                          **_at(form, cell, field=name, **extra))
