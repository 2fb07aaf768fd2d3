"""Rules only a 预算 disclosure is held to (its tables and the rest of its narrative go through the
same table and narrative rules as a 决算).

- budget.yoy_prior: a change printed with the figure it is measured from (2023年当年预算执行数为60.13
  万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%): direction, change and rate must
  follow from the two figures. The 普陀 预算公开检查表 flags "43269.3 → 3845.49 described as
  增加17.62%".
- budget.restated: one item stated twice with two amounts (the same table cell, or the same words in
  one section).

A 决算 report gets no finding from these rules, not even "could not check".
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlib.checks.narrative import _amt, _in, _wan, _where, table_value
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import Tolerance, compare_amount, compare_percent
from budgetlib.model import Claim, Finding, Report
from budgetlib.numbers import decimals, fmt, in_unit, round_half_up

ZERO = Decimal(0)


def _budget(report: Report) -> bool:
    return report.disclosure == "预算"


def _current(report: Report, c: Claim) -> Decimal | None:
    cell = table_value(report, c) if c.ref is not None else None
    return cell.value if cell is not None and cell.value is not None else _wan(c)


@rule("budget.yoy_prior", "比上年（执行）数增减与所列上年数不符", "error")
def yoy_prior(ctx: Context) -> Iterator[Finding]:
    """所列上年数 P、本年数 C：增加 ⇔ C > P，减少 ⇔ C < P，持平 ⇔ C = P（差额超出两数舍入 0.01 为误）；
    增减额 = |C − P|；增减率 = |C − P| ÷ P × 100（按所列小数位四舍五入，舍入范围内为尾差）"""
    rep = ctx.report
    if not _budget(rep):
        return
    for c in (x for x in rep.claims if x.kind == "yoy_prior"):
        cur_c, prior_c = rep.claim(c.subject or ""), rep.claim(c.budget or "")
        cur = _wan(cur_c) if cur_c else None
        prior = _wan(prior_c) if prior_c else None
        if cur is None or prior is None:
            yield could_not_check("budget.yoy_prior", f"{c.label}：本年数或上年数未读到", **_where(c))
            continue
        ctx.compared("budget.yoy_prior", c, cur_c, prior_c)
        found = list(_judge_prior(c, prior_c, cur, prior, ctx.tol))
        item = _item_figure(rep, cur_c)
        if found and item is not None and item != cur and not list(_judge_prior(c, prior_c, item, prior, ctx.tol)):
            continue  # right for the item's own figure: the 预算安排 figure is the slip (budget.restated)
        yield from found


def _item_figure(rep: Report, current: Claim) -> Decimal | None:
    """The figure the item's sentence states before its 预算安排 (the twin of `current`), or its table cell."""
    twin = next((x for x in rep.claims if x.kind == "twin" and x.parts[-1] == current.id), None)
    item = rep.claim(twin.parts[0]) if twin else None
    return _current(rep, item) if item is not None else None


def _judge_prior(c: Claim, prior_c: Claim, cur: Decimal, prior: Decimal, tol: Tolerance) -> Iterator[Finding]:
    """The findings of one yoy_prior claim, measured from `prior` to `cur` (万元)."""
    change = cur - prior
    word = c.direction or ""
    shown = f"上年{_amt(prior_c)}→本年{_in(prior_c, cur)}"  # as the narrative prints them
    actual = "持平" if abs(change) <= tol.tail(2) else "增加" if change > 0 else "减少"
    if word in ("增加", "减少") and actual != word or word == "" and actual != "持平":
        rate = f"，{'增长' if change > 0 else '下降'}{fmt(abs(change) / prior * 100)}%" if prior else ""
        yield Finding(rule="budget.yoy_prior", severity="error", stated=f"{word or '持平'}{c.value or ''}",
                      expected=f"{actual}{fmt(abs(change))}", difference=fmt(change), **_where(c),
                      message=f"{c.label}：{shown}，实为{actual}{_in(prior_c, abs(change))}{rate}，"
                              f"说明却写作“{word or '持平'}{(c.value + '%') if c.value else ''}”")
        return
    if c.amount is not None:
        # in the unit the change is printed in (a 元 change against 元, not against 万元)
        v = compare_amount(c.amount, in_unit(abs(change), c.unit), in_unit(tol.tail(2), c.unit))
        if v is not None and not v.ok:
            yield Finding(rule="budget.yoy_prior", severity=v.status, stated=c.amount, expected=v.expected_text,
                          difference=v.difference_text, amount_unit=c.unit, within_rounding=v.within_rounding, **_where(c),
                          message=f"{c.label}：{shown}，增减额应为{v.expected_text}{c.unit}，说明为{c.amount}{c.unit}"
                                  + v.note_zh())
    if c.value is not None:
        if prior == 0:
            yield could_not_check("budget.yoy_prior", f"{c.label}：上年数为0，增减率无从计算", **_where(c))
            return
        v = compare_percent(c.value, abs(change), prior, tol.half())
        if v is not None and not v.ok:
            yield Finding(rule="budget.yoy_prior", severity=v.status, stated=c.value, expected=v.expected_text,
                          difference=v.difference_text, within_rounding=v.within_rounding, **_where(c),
                          message=f"{c.label}：{shown}，{word}率应为{v.expected_text}%，说明为{c.value}%"
                                  + v.note_zh())


def iter_restated(claims: list[Claim]) -> Iterator[list[Claim]]:
    """Groups of amount claims that state the same thing: the same table cell, or (no cell) the same
    wording in one paragraph; and each 预算安排 restating the item it follows."""
    groups: dict[tuple, list[Claim]] = {}
    by_id = {c.id: c for c in claims}
    for c in claims:
        if c.kind != "amount" or c.decimal is None or c.id.endswith((".current", ".prior")):
            continue
        # no cell: the same words in one paragraph (a section names 办公费 under two headings)
        key = (c.ref.table, c.ref.row, c.ref.column) if c.ref else (c.id.rsplit(".", 1)[0], c.label)
        groups.setdefault(key, []).append(c)
    for c in claims:
        if c.kind == "twin" and all(p in by_id for p in c.parts):
            yield [by_id[p] for p in c.parts]
    yield from (g for g in groups.values() if len(g) > 1)


@rule("budget.restated", "同一事项前后金额不一致", "error")
def restated(ctx: Context) -> Iterator[Finding]:
    """同一事项（同一附表单元格，或同一段中字样相同）在说明中两次列示的金额须相同（按两数中较少的小数位比较）"""
    rep = ctx.report
    if not _budget(rep):
        return
    for group in iter_restated(rep.claims):
        first = group[0]
        for other in group[1:]:
            dp = min(decimals(first.value), decimals(other.value))
            a, b = _wan(first), _wan(other)
            if a is not None and b is not None:
                ctx.compared("budget.restated", first, other)
            if a is None or b is None or round_half_up(a, dp) == round_half_up(b, dp):
                continue
            yield Finding(rule="budget.restated", severity="error", stated=other.value, expected=first.value,
                          difference=fmt(b - a), **_where(other),
                          message=f"{other.label}：说明中先列{_amt(first)}（第{first.prov.page if first.prov else '?'}页），"
                                  f"后又列{_amt(other)}，同一事项金额不一致")



UP_WORDS = ("增加", "增长", "提高", "上升", "新增", "增设", "调增", "扩大")
DOWN_WORDS = ("减少", "下降", "降低", "压减", "调减", "缩减", "减支", "取消")


@rule("budget.reason_direction", "增减原因与增减方向相反", "warning")
def reason_direction(ctx: Context) -> Iterator[Finding]:
    """说明“比上年增加（减少）……，主要原因是……”时，原因只述相反方向（只说增加却称减少，或反之）为矛盾"""
    rep = ctx.report
    if not _budget(rep):
        return
    for c in rep.claims:
        if c.kind not in ("yoy_prior", "yoy_amount") or not c.quote or c.direction not in ("增加", "减少"):
            continue
        up = [w for w in UP_WORDS if w in c.quote]
        down = [w for w in DOWN_WORDS if w in c.quote]
        said, other = (up, down) if c.direction == "增加" else (down, up)
        if other and not said and not any(w in c.quote for w in ("但", "虽")):  # 新增1辆……但车型不同: a concession
            # a warning: the reason may be worded loosely, the figures are checked by budget.yoy_prior
            yield Finding(rule="budget.reason_direction", severity="warning", stated=c.direction,
                          expected="、".join(other), **_where(c),
                          message=f"{c.label}：称{c.direction}，所述主要原因却是“{c.quote}”（{'、'.join(other)}）")
