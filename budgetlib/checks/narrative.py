"""Rules of the narrative family: the figures of 第二部分 against each other and against the 附表.

Every rule reads the claims (budgetlib.parse.claims) and yields findings located by `section`
(and `table`/`row`/`column` where a schedule cell is involved). Rounding follows
checks/rounding: a figure that matches only its truncation, or lies within the rounding envelope
of its inputs, is a warning; anything else that disagrees is an error. Missing inputs give an
info 'could not check', never a silent pass.

Year-on-year: the prior-year figure is not printed, so the change amount and the change rate
can only be checked against each other: with cur = the current figure (its table cell when
there is one) and Δ the stated change, prior = cur − Δ (增加) or cur + Δ (减少) and the rate
must be Δ / prior × 100. When they disagree, the direction words and the digits decide which of
the two figures is the wrong one (see `_blame`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import (
    HUNDRED,
    Tolerance,
    Verdict,
    classify,
    compare_amount,
    compare_percent,
)
from budgetlib.model import Claim, Finding, NotRead, Ref, Report
from budgetlib.numbers import (
    INTERNAL,
    as_printed,
    decimals,
    fmt,
    fmt_amount,
    in_unit,
    quantize,
    round_half_up,
    wan,
    yuan_to_wan,
)

ZERO = Decimal(0)
RISE = {"增加": "增长", "减少": "下降"}  # amount word → rate word
OPPOSITE = {"增加": "减少", "减少": "增加"}
MAX_CANDIDATES = 2000


# ---------------------------------------------------------------- helpers


def _where(c: Claim) -> dict:
    # The claim id travels with the finding: the national truth places narrative errors by
    # {section, claim}, and the presentation layer finds a claim's findings by it.
    return {"section": c.section, "page": c.prov.page if c.prov else None,
            "bbox": c.prov.bbox if c.prov else None, "other": {"claim": c.id}}


def _finding(rule_id: str, c: Claim, v: Verdict, message: str, **extra) -> Finding:
    texts = (v.stated_text, v.expected_text, v.difference_text)
    if extra.get("amount_unit") == "元":  # a verdict in 元: its figures with thousands separators, as 元 are printed
        texts = tuple(as_printed(quantize(x, v.dp), "元") for x in (v.stated, v.expected, v.difference))
    return Finding(rule=rule_id, severity=v.status, message=message + v.note_zh(), stated=texts[0],
                   expected=texts[1], difference=texts[2], within_rounding=v.within_rounding,
                   outcome=v.outcome, **{**_where(c), **extra})


def _wan(c: Claim) -> Decimal | None:
    """A claim's amount in 万元."""
    v = c.decimal
    if v is None:
        return None
    return yuan_to_wan(v) if c.unit == "元" else v


def _amt(c: Claim) -> str:
    """An amount as printed, with the unit it is printed in."""
    return f"{c.value}{c.unit}"


def _in(c: Claim, value: Decimal) -> str:
    """A 万元 figure computed on a claim, quoted in the claim's printed unit (at its decimals, 2 at least in 万元)."""
    dp = decimals(c.value) if c.unit != INTERNAL else max(2, decimals(c.value))
    return f"{fmt_amount(value, c.unit, dp)}{c.unit}"


def _num(c: Claim, value: Decimal) -> str:
    """_in without the unit."""
    return _in(c, value).removesuffix(c.unit)


def _cell(report: Report, table: str | None, value: Decimal) -> str:
    """A table figure (万元) quoted as its table prints it, with the table's unit."""
    s = report.schedules.get(table or "")
    return f"{s.show(value)}{s.unit}" if s is not None else f"{fmt(value)}万元"


def _no_narrative(report: Report, rule_id: str) -> Iterator[Finding]:
    if not report.narrative_found:
        yield could_not_check(rule_id, "未找到第二部分决算情况说明")


def _of_kind(report: Report, kind: str) -> list[Claim]:
    return [c for c in report.claims if c.kind == kind]


@dataclass
class CellValue:
    value: Decimal | None  # 万元; None when it cannot be read
    why: str = ""  # why not, in Chinese
    kind: str = "missing"  # the could-not-check outcome when value is None


def _table_name(report: Report, key: str) -> str:
    s = report.schedules.get(key)
    return s.label if s is not None else key


def table_value(report: Report, c: Claim) -> CellValue:
    """The schedule cell a claim refers to, in 万元 (blank = 0)."""
    return ref_value(report, c.ref)


def ref_value(report: Report, ref: Ref | None) -> CellValue:
    """A schedule cell, in 万元, read through the one accessor (Report.amount): a printed blank is 0,
    a table, row, column or cell not read (or of a doubted table) is no value and says why."""
    if ref is None:
        return CellValue(None, "该数未对应附表")
    if not report.schedules_found:
        return CellValue(None, "未能解析附表")
    s = report.schedule(ref.table)
    if s is None:
        return CellValue(None, f"{_table_name(report, ref.table)}缺失")
    if s.empty and s.row(ref.row) is None:
        return CellValue(ZERO)  # an empty table prints no rows: every figure of it is zero
    try:
        return CellValue(report.amount(ref.table, ref.row, ref.column))
    except NotRead as exc:
        return CellValue(None, exc.why, exc.kind)


# ---------------------------------------------------------------- share, sum, table


def _percent(rule_id: str, c, part: Decimal, whole: Decimal, basis: str, tol: Tolerance) -> Iterator[Finding]:
    """A stated percentage against part/whole×100 under the rounding policy; a non-number is 'could not check'."""
    v = compare_percent(c.value or "", part, whole, tol.half())
    if v is None:
        yield could_not_check(rule_id, f"{c.label}“{c.value}”不是数字", **_where(c))
    elif not v.ok:
        yield _finding(rule_id, c, v, f"{c.label}：所列{v.stated_text}%，按{basis}应为{v.expected_text}%")


@rule("narrative.share", "占比与金额不符", "error")
def share(ctx: Context) -> Iterator[Finding]:
    """占X% = round_half_up(部分 ÷ 总数 × 100, 所列小数位)"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.share")
    for c in _of_kind(rep, "share"):
        part, whole = rep.claim(c.part or ""), rep.claim(c.whole or "")
        if part is None or whole is None or _wan(part) is None or _wan(whole) is None:
            yield could_not_check("narrative.share", f"{c.label}的金额未找到", **_where(c))
            continue
        if _wan(whole) == 0:
            if _wan(part) != 0 or c.decimal != 0:
                yield could_not_check("narrative.share", f"{c.label}：总数为0，占比无从计算", **_where(c))
            else:
                ctx.compared("narrative.share", c, part, whole)
            continue
        if c.decimal is not None:
            ctx.compared("narrative.share", c, part, whole)
        yield from _percent("narrative.share", c, _wan(part), _wan(whole),
                            f"{part.label}{part.value}÷{whole.label}{whole.value}×100", ctx.tol)


def _total_and_parts(rep: Report, c: Claim) -> tuple[Claim, list[Claim]] | None:
    """The total and part claims of a sum / at_most claim, None when one is missing or not a number."""
    total = rep.claim(c.total or "")
    parts = [rep.claim(p) for p in c.parts]
    if total is None or _wan(total) is None or any(p is None or _wan(p) is None for p in parts):
        return None
    return total, parts


def _is_count(c: Claim) -> bool:
    """A figure printed as a whole number (项目个数, 车辆数): counted, not rounded."""
    return c.kind == "figure" and c.value is not None and "." not in c.value and c.decimal is not None


@rule("narrative.sum", "分项之和与合计不符", "error")
def sum_(ctx: Context) -> Iterator[Finding]:
    """合计 = Σ 其中各分项（金额允许各分项舍入误差 0.005×n；个数须相等）；各占比之和 = 100%（超出 0.005×n 为误）"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.sum")
    for c in _of_kind(rep, "sum"):
        if c.total is None and c.value is not None:
            yield from _percent_sum(ctx, c)
            continue
        got = _total_and_parts(rep, c)
        if got is None:
            yield could_not_check("narrative.sum", f"{c.label}的合计或分项未找到", **_where(c))
            continue
        total, parts = got
        if rep.cut_paragraph is not None and any(x.at and x.at[0] == rep.cut_paragraph for x in [total, *parts]):
            yield could_not_check("narrative.sum", f"{c.label}所在段落在文件末页中断（节选），分项可能未列全", **_where(c))
            continue
        ctx.compared("narrative.sum", c, total, *parts)
        expected = sum((_wan(p) for p in parts), ZERO)
        listing = "+".join(f"{p.label}{p.value}" for p in parts)
        if all(_is_count(x) for x in [total, *parts]):
            v = compare_amount(total.value or "", expected)
            if v is not None and not v.ok:
                yield _finding("narrative.sum", total, v,
                               f"{c.label}：{total.label}所列{total.value}，{listing}={fmt(expected, 0)}")
            continue
        if all(x.unit == "元" for x in [total, *parts]):
            # all printed in 元: compared in 元 at the printed precision (in 万元 at 0.01 a few 元 would vanish)
            dp = max(decimals(x.value) for x in [total, *parts])
            in_yuan = sum((x.decimal for x in parts), ZERO)
            v = compare_amount(total.value or "", in_yuan, ctx.tol.tail(len(parts), dp))
            if v is not None and not v.ok:
                yield _finding("narrative.sum", total, v, f"{c.label}：{total.label}所列{total.value}元，"
                                                          f"{listing}={as_printed(quantize(in_yuan, dp), '元')}元", amount_unit="元")
            continue
        v = compare_amount(fmt(_wan(total), max(2, decimals(total.value))), expected, ctx.tol.tail(len(parts)))
        if v is not None and not v.ok:
            yield _finding("narrative.sum", total, v,
                           f"{c.label}：{total.label}所列{_amt(total)}，{listing}={fmt(expected)}万元")


def _percent_sum(ctx: Context, c: Claim) -> Iterator[Finding]:
    """Shares of one whole must add up to `c.value` (100). Each share is rounded on its own, so
    k shares may miss 100 by k × half a unit without any mistake; that is how honest rounding
    prints (99.99, 100.01), not a 尾差 of the report, so it passes. Beyond it, an error."""
    rep, tol = ctx.report, ctx.tol
    parts = [rep.claim(p) for p in c.parts]
    if not parts or any(p is None or p.decimal is None for p in parts):
        yield could_not_check("narrative.sum", f"{c.label}的各占比未找到", **_where(c))
        return
    if c.decimal is not None:
        ctx.compared("narrative.sum", c, *parts)
    dp = max(decimals(p.value) for p in parts)
    total = sum((p.decimal for p in parts), ZERO)
    half = tol.half(dp)
    v = compare_amount(fmt(total, dp), c.decimal, half * len(parts))
    if v is not None and v.status == "error":
        listing = "+".join(f"{p.value}%" for p in parts)
        yield _finding("narrative.sum", c, v,
                       f"{c.label}：{listing}={fmt(total, dp)}%，应为{fmt(c.decimal, dp)}%"
                       f"（{len(parts)}项占比的舍入误差至多±{fmt(half * len(parts), dp + 1)}%）")


def _referenced(rep: Report, rule_id: str, kind: str) -> Iterator[Finding | tuple[Claim, dict, Decimal]]:
    """(claim, location, cell value in 万元) for each claim of `kind` with a table ref, or the
    'could not check' finding when its cell cannot be read."""
    yield from _no_narrative(rep, rule_id)
    for c in _of_kind(rep, kind):
        if c.ref is None:
            continue
        sch = rep.schedules.get(c.ref.table)
        loc = {**(sch.where if sch is not None else {"table": c.ref.table}), "row": c.ref.row, "column": c.ref.column}
        cell = table_value(rep, c)
        if cell.value is None:
            yield could_not_check(rule_id, f"{c.label}：{cell.why}", cell.kind, **_where(c), **loc)
        else:
            yield c, loc, cell.value


@rule("narrative.table_mismatch", "说明数与附表不一致", "error")
def table_mismatch(ctx: Context) -> Iterator[Finding]:
    """说明所列金额 = 对应附表单元格（元表换算为万元，四舍五入至2位）"""
    for got in _referenced(ctx.report, "narrative.table_mismatch", "amount"):
        if isinstance(got, Finding):
            yield got
            continue
        c, loc, value = got
        sch = ctx.report.schedules.get(c.ref.table)
        unit = INTERNAL
        if c.unit != INTERNAL and sch is not None and sch.unit == c.unit:
            # both printed in 元: compared in 元, at the precision the figures were kept to
            unit, stated = c.unit, (c.value or "").replace(",", "")
            value = in_unit(value, unit)
        elif c.unit != INTERNAL:
            stated = fmt(round_half_up(_wan(c), 2))  # as precise as the 万元 table it is compared with
        elif c.decimal is not None and decimals(c.value) < 2:
            # 万元 amounts are kept to the cent; a narrative that drops trailing zeros (6.2, 0) has not
            # rounded to fewer places, so 6.2 is 6.20 and must not pass against a cell of 6.23
            stated = fmt(c.decimal, 2)
        else:
            stated = c.value
        # one figure printed twice: one unit apart is a rounding adjustment (a warning), beyond it an error
        v = compare_amount(stated or "", value, ctx.tol.same_figure(decimals(stated)))
        if v is not None:
            ctx.compared("narrative.table_mismatch", c)
        if v is None:
            yield could_not_check("narrative.table_mismatch", f"{c.label}“{c.value}”不是数字", **_where(c), **loc)
        elif not v.ok:
            shown = v.stated_text if unit == INTERNAL and c.unit == INTERNAL else c.value
            yield _finding("narrative.table_mismatch", c, v,
                           f"{c.label}：说明中为{shown}{c.unit}，{loc.get('table_label') or c.ref.table}为"
                           f"{_cell(ctx.report, c.ref.table, wan(value, unit))}", amount_unit=unit, **loc)


@rule("narrative.none_contradicted", "“无此项支出”与附表矛盾", "error")
def none_contradicted(ctx: Context) -> Iterator[Finding]:
    """说明称“无…支出” ⇒ 对应附表单元格为0或空"""
    for got in _referenced(ctx.report, "narrative.none_contradicted", "none"):
        if isinstance(got, Finding):
            yield got
            continue
        c, loc, value = got
        ctx.compared("narrative.none_contradicted", c)
        if value != 0:
            sch = ctx.report.schedules.get(c.ref.table)
            unit, dp = (sch.unit, sch.dp) if sch is not None else (INTERNAL, 2)
            yield Finding(rule="narrative.none_contradicted", severity="error",
                          message=f"说明称无{c.label}，但{loc.get('table_label') or c.ref.table}列示"
                                  f"{_cell(ctx.report, c.ref.table, value)}",
                          stated="无", expected=fmt_amount(value, unit, dp), difference=fmt_amount(-value, unit, dp),
                          amount_unit=unit, **_where(c), **loc)


# ---------------------------------------------------------------- year on year


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _closest(stated: str, low: Decimal, high: Decimal) -> tuple[int, int]:
    """Fewest character edits that turn a value in [low, high] (at the stated precision) into stated,
    then 0 when that value has the stated digits in another order (two swapped digits, 1.72 → 7.12, are
    one slip of the hand though Levenshtein counts two edits), else 1."""
    dp = decimals(stated)
    step = Decimal(1).scaleb(-dp)
    lo, hi = round_half_up(low, dp), round_half_up(high, dp)
    if (hi - lo) / step > MAX_CANDIDATES:
        return len(stated), 1
    printed = stated.replace(",", "")
    best, x = (len(stated) + 8, 1), lo
    while x <= hi:
        text = fmt(x, dp)
        best = min(best, (_levenshtein(text, printed), int(sorted(text) != sorted(printed))))
        x += step
    return best


def _rate(delta: Decimal, cur: Decimal, word: str) -> Decimal | None:
    prior = cur - delta if word == "增加" else cur + delta
    return None if prior <= 0 else delta / prior * HUNDRED


def _rate_range(delta: Decimal, cur: Decimal, word: str, half: Decimal) -> tuple[Decimal, Decimal] | None:
    vals = [_rate(d, x, word) for d in (delta - half, delta + half) for x in (cur - half, cur + half)]
    if any(v is None for v in vals):
        return None
    return min(vals), max(vals)


def _delta_range(pct: Decimal, pct_dp: int, cur: Decimal, word: str, half: Decimal) -> tuple[Decimal, Decimal]:
    """Changes Δ for which Δ / prior × 100 rounds to the stated rate: Δ = p·cur / (1 ± p)."""
    ph = Decimal(5).scaleb(-pct_dp - 1)
    vals = []
    for p in (pct - ph, pct + ph):
        f = p / HUNDRED
        # 减少: f < 1, a fall of 100 % or more never gets here (_blame)
        for x in (cur - half, cur + half):
            vals.append(f * x / (1 + f) if word == "增加" else f * x / (1 - f))
    return min(vals), max(vals)


@dataclass
class YoY:
    amount: Claim | None
    pct: Claim | None
    subject: Claim | None


def _pairs(report: Report) -> list[YoY]:
    out: dict[str, YoY] = {}
    for c in report.claims:
        if c.kind in ("yoy_amount", "yoy_pct"):
            y = out.setdefault(c.subject or c.id, YoY(None, None, report.claim(c.subject or "")))
            if c.kind == "yoy_amount":
                y.amount = c
            else:
                y.pct = c
    return list(out.values())


def _current(report: Report, subject: Claim) -> Decimal | None:
    """The current-year figure: its table cell when there is one, else the stated value."""
    cell = table_value(report, subject)
    return cell.value if cell.value is not None else _wan(subject)


def _negative_prior(a: Claim, cur: Decimal, delta: Decimal, half: Decimal) -> Finding | None:
    """The error when the stated change implies a prior-year figure below zero.

    An amount cannot have been negative last year, so an 增加 larger than this year's figure is wrong
    whatever the rate says (and is checkable even when no rate is printed). Only beyond the
    rounding of both printed figures (±0.005 each): a prior of about zero is a new item, not an error.
    """
    word = a.direction
    if word not in RISE:
        return None
    prior = cur - delta if word == "增加" else cur + delta
    if prior + 2 * half >= 0:
        return None
    sign = "−" if word == "增加" else "+"
    return Finding(rule="narrative.yoy_amount", severity="error", stated=f"{word}{a.value}",
                   expected=f"{word}≤{fmt(cur)}" if word == "增加" else None, difference=fmt(prior),
                   **_where(a),
                   message=f"{a.label}：本年{_in(a, cur)}，变动额却为{word}{_in(a, delta)}，推算上年数为"
                           f"{_num(a, cur)}{sign}{_num(a, delta)}={_in(a, prior)}，上年数不可能为负，增减额不可能正确")


def _yoy_findings(ctx: Context, rule_id: str) -> Iterator[Finding]:
    """The findings of `rule_id` (yoy_amount or yoy_pct) over every pair; the pairs compared are
    recorded for that rule."""
    report, tol = ctx.report, ctx.tol
    for y in _pairs(report):
        a, p = y.amount, y.pct
        anchor = a or p
        cur = _current(report, y.subject) if y.subject else None
        delta = _wan(a) if a is not None else None
        if a is None or p is None:
            rid = "narrative.yoy_amount" if a is not None else "narrative.yoy_pct"
            wrong = _negative_prior(a, cur, delta, tol.half()) if cur is not None and delta is not None else None
            yield wrong or could_not_check(rid, f"{anchor.label}：只列了变动额或变动率之一，上年数未公开",
                                           **_where(anchor))
            continue
        pct = p.decimal
        if cur is None or delta is None or pct is None:
            yield could_not_check("narrative.yoy_pct", f"{anchor.label}：本年数或变动数未找到", **_where(p))
            continue
        found = list(_judge_yoy(a, p, cur, delta, pct, tol.half()))
        if not any(f.could_not_check for f in found):
            ctx.compared(rule_id, a, p)
        yield from (f for f in found if f.rule == rule_id)


def _judge_yoy(a: Claim, p: Claim, cur: Decimal, delta: Decimal, pct: Decimal, half: Decimal) -> Iterator[Finding]:
    word, rate_word = a.direction or "", p.direction or ""
    if word not in RISE:
        yield could_not_check("narrative.yoy_amount", f"{a.label}：未识别增减方向", **_where(a))
        return
    same = _verdict(p, delta, cur, word, half)
    if rate_word != RISE[word]:
        # the two direction words disagree: the figures tell which one is right
        other = _verdict(p, delta, cur, OPPOSITE[word], half)
        if other is not None and other.status != "error":
            yield Finding(rule="narrative.yoy_amount", severity="error", stated=f"{word}{a.value}",
                          expected=f"{OPPOSITE[word]}{a.value}", **_where(a),
                          message=f"{a.label}：变动额写作“{word}”，但变动率为“{rate_word}{p.value}%”，"
                                  f"且按该变动率应为“{OPPOSITE[word]}”")
            return
        yield Finding(rule="narrative.yoy_pct", severity="error", stated=f"{rate_word}{p.value}",
                      expected=f"{RISE[word]}{same.expected_text if same else p.value}", **_where(p),
                      message=f"{p.label}：变动额为“{word}{_amt(a)}”，变动率却写作“{rate_word}”")
        return
    if same is None:
        yield _negative_prior(a, cur, delta, half) or could_not_check(
            "narrative.yoy_pct", f"{p.label}：按所列数推算上年数≤0，变动率无意义", **_where(p))
        return
    if same.ok:
        return
    rid = "narrative.yoy_pct" if same.status == "warning" else _blame(a, p, cur, delta, pct, word, half)
    prior = cur - delta if word == "增加" else cur + delta
    if rid == "narrative.yoy_pct":
        yield Finding(rule=rid, severity=same.status, stated=f"{rate_word}{same.stated_text}",
                      expected=f"{rate_word}{same.expected_text}", difference=same.difference_text,
                      within_rounding=same.within_rounding, **_where(p),
                      message=f"{p.label}：变动率所列{rate_word}{p.value}%，按{word}{_amt(a)}÷上年数"
                              f"{_in(a, prior)}（本年{_num(a, cur)}{'−' if word == '增加' else '+'}变动额）"
                              f"应为{same.expected_text}%{same.note_zh()}")
        return
    low, high = _delta_range(pct, decimals(p.value), cur, word, half)
    implied = quantize((low + high) / 2, max(2, decimals(a.value)))
    yield Finding(rule=rid, severity="error", stated=f"{word}{a.value}", expected=f"{word}{fmt(implied)}",
                  difference=fmt(delta - implied), **_where(a),
                  message=f"{a.label}：变动额所列{word}{_amt(a)}，与变动率{rate_word}{p.value}%不符，"
                          f"按本年{_in(a, cur)}及该变动率应约为{_in(a, implied)}")


def _verdict(p: Claim, delta: Decimal, cur: Decimal, word: str, half: Decimal) -> Verdict | None:
    exact = _rate(delta, cur, word)
    if exact is None:
        return None
    env = _rate_range(delta, cur, word, half)
    low, high = env if env else (None, None)
    return classify(p.value or "", exact, low, high)


def _blame(a: Claim, p: Claim, cur: Decimal, delta: Decimal, pct: Decimal, word: str, half: Decimal) -> str:
    """Which figure is wrong when Δ and the rate disagree: the one a smaller edit of its digits
    would make consistent with the other (a typo changes one digit, or swaps two); the rate on a tie."""
    env = _rate_range(delta, cur, word, half)
    if env is None or (word == "减少" and pct >= HUNDRED):
        # a fall of 100 % or more would leave this year at zero or below: no change amount gives it
        return "narrative.yoy_pct"
    d_pct = _closest(p.value or "", *env)
    d_amt = _closest(a.value or "", *_delta_range(pct, decimals(p.value), cur, word, half))
    return "narrative.yoy_amount" if d_amt < d_pct else "narrative.yoy_pct"


@rule("narrative.yoy_amount", "同比变动额与变动率不符", "error")
def yoy_amount(ctx: Context) -> Iterator[Finding]:
    """变动额 Δ 与变动率一致：增加时 Δ = p·本年/(1+p)，减少时 Δ = p·本年/(1−p)；推算上年数（本年 ∓ Δ）不得为负"""
    yield from _no_narrative(ctx.report, "narrative.yoy_amount")
    yield from (f for f in _yoy_findings(ctx, "narrative.yoy_amount") if f.rule == "narrative.yoy_amount")


@rule("narrative.yoy_pct", "同比变动率计算有误", "error")
def yoy_pct(ctx: Context) -> Iterator[Finding]:
    """变动率 = Δ ÷ 上年数 × 100，上年数 = 本年数 ∓ Δ（增加/减少）；增长/下降与增加/减少一致"""
    yield from _no_narrative(ctx.report, "narrative.yoy_pct")
    yield from (f for f in _yoy_findings(ctx, "narrative.yoy_pct") if f.rule == "narrative.yoy_pct")


# ---------------------------------------------------------------- budget rate, count


def _budget_of(rep: Report, c: Claim) -> tuple[Decimal | None, str]:
    """The budget a rate is computed on, in 万元, and how to print it: the stated budget claim, or
    (三公 items, whose budgets the narrative does not print) the table's 预算数 cell."""
    if c.budget:
        budget = rep.claim(c.budget)
        if budget is not None and budget.kind == "budget_gap":
            # 决算数大于预算数D: 预算 = 决算 − D (小于: + D)
            amount = rep.claim(budget.amount or "")
            got, gap = (_wan(amount) if amount else None), _wan(budget)
            if got is None or gap is None or budget.direction not in ("大于", "小于"):
                return None, ""
            sign = "−" if budget.direction == "大于" else "+"
            value = got - gap if budget.direction == "大于" else got + gap
            return value, f"{fmt(value)}（{amount.value}{sign}{budget.value}）"
        return (None, "") if budget is None else (_wan(budget), budget.value or "")
    cell = ref_value(rep, c.budget_ref)
    return cell.value, "" if cell.value is None else fmt(cell.value)


@rule("narrative.budget_rate", "完成预算比例计算有误", "error")
def budget_rate(ctx: Context) -> Iterator[Finding]:
    """完成预算X% = round_half_up(决算数 ÷ 预算数 × 100, 所列小数位)；预算数未列示时取附表预算数；
    只说“决算数大于（小于）预算数D万元”时，预算数 = 决算数 ∓ D"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.budget_rate")
    for c in _of_kind(rep, "budget_rate"):
        amount = rep.claim(c.amount or "")
        budget, budget_text = _budget_of(rep, c)
        if amount is None or budget is None or _wan(amount) is None:
            yield could_not_check("narrative.budget_rate", f"{c.label}：决算数或预算数未找到", **_where(c))
            continue
        if budget == 0:  # a rate of a zero budget is a division by zero, whatever is printed
            yield could_not_check("narrative.budget_rate",
                                  f"{c.label}：预算数为0，所列完成预算{c.value}%无从计算", **_where(c))
            continue
        if c.decimal is not None:
            ctx.compared("narrative.budget_rate", c, amount, rep.claim(c.budget or ""))
        yield from _percent("narrative.budget_rate", c, _wan(amount), budget,
                            f"决算{amount.value}÷预算{budget_text}×100", ctx.tol)


def _holds_all_forms(rep: Report) -> bool:
    """The file holds the forms' part whole: a full report, or a partial file whose forms' part begins after its
    first page and is closed by the next part before its last (an edge inside the forms may cut some off)."""
    pages = rep.page_map.get("forms") or []
    return rep.kind == "full" or (bool(pages) and pages[0] > 1 and pages[-1] < rep.page_count)


@rule("narrative.perf_count", "绩效自评项目个数与自评表数不符", "error")
def perf_count(ctx: Context) -> Iterator[Finding]:
    """十（四）所列开展绩效自评的项目个数 = 第四部分绩效自评表张数（模板规定二者相等时）"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.perf_count")
    for c in _of_kind(rep, "count"):
        if rep.form_profile is None or not rep.form_profile.count_equals_forms:
            # a template that publishes only some of the self-evaluated projects' forms
            yield could_not_check("narrative.perf_count", "本模板只公开部分项目的绩效自评表，项目个数与自评表张数不必相等",
                                  **_where(c))
            continue
        if not rep.forms_found:
            yield could_not_check("narrative.perf_count", "未能解析第四部分绩效自评表", **_where(c))
            continue
        if not _holds_all_forms(rep):
            yield could_not_check("narrative.perf_count", "本文件为节选，第四部分在文件边缘中断，自评表可能未全部收录",
                                  **_where(c))
            continue
        n = len(rep.forms)
        ctx.compared("narrative.perf_count", c)
        if c.decimal != n:
            yield Finding(rule="narrative.perf_count", severity="error", stated=c.value, expected=str(n),
                          difference=str((c.decimal or 0) - n), **_where(c),
                          message=f"说明称对{c.value}个项目开展绩效自评，第四部分附有{n}张绩效自评表")


# ---------------------------------------------------------------- direction, 持平, bounds

# How each printed word orders 决算数 against 预算数 (1: larger, -1: smaller, 0: equal).
ORDER = {"大于": 1, "小于": -1, "等于": 0, "持平": 0, "基本持平": 0}
ORDER_WORD = {1: "大于", -1: "小于", 0: "等于"}


@rule("narrative.direction", "决算数与预算数大小表述有误", "error")
def direction(ctx: Context) -> Iterator[Finding]:
    """“决算数大于/小于/等于（持平）预算数”与所列决算数、预算数的大小一致（“基本持平”容许相差0.01）"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.direction")
    for c in _of_kind(rep, "direction"):
        amount, budget = rep.claim(c.amount or ""), rep.claim(c.budget or "")
        if amount is None or budget is None or _wan(amount) is None or _wan(budget) is None \
                or c.value not in ORDER:
            yield could_not_check("narrative.direction", f"{c.label}：决算数、预算数或大小表述未找到", **_where(c))
            continue
        ctx.compared("narrative.direction", c, amount, budget)
        diff = _wan(amount) - _wan(budget)
        sign = (diff > 0) - (diff < 0)
        if ORDER[c.value] == sign:
            continue
        # 基本持平 says "about equal": one unit of the printed precision apart is within the word
        if c.value == "基本持平" and abs(diff) <= ctx.tol.same_figure():
            continue
        yield Finding(rule="narrative.direction", severity="error", stated=c.value, expected=ORDER_WORD[sign],
                      difference=fmt(diff), **_where(c),
                      message=f"{c.label}：说明称决算数{c.value}预算数，但所列决算数{_amt(amount)}"
                              f"{ORDER_WORD[sign]}预算数{_amt(budget)}")


# Words of a reason that describes a change (a 持平 needs no reason, let alone one of these).
CHANGE_WORDS = ("增加", "减少", "下降", "增长", "上升", "上涨", "降低", "压减", "调减", "调增", "提高", "减支", "增支")


@rule("narrative.yoy_flat", "称与上年持平却说明增减原因", "warning")
def yoy_flat(ctx: Context) -> Iterator[Finding]:
    """称“与上年相比…持平”时，其后“主要原因”不应描述增减（增加、减少、压减…）"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.yoy_flat")
    for c in _of_kind(rep, "flat"):
        if c.quote:  # 持平 itself cannot be checked (no prior year); its reason can
            ctx.compared("narrative.yoy_flat", c)
        words = [w for w in CHANGE_WORDS if w in (c.quote or "")]
        if not words:
            continue
        # a warning, not an error: the prior-year figure is not printed, so 持平 cannot be disproved
        yield Finding(rule="narrative.yoy_flat", severity="warning", stated="持平", expected="有增减",
                      **_where(c),
                      message=f"{c.label}：说明称与上年持平，但所述原因为“{c.quote}”（{'、'.join(words)}），"
                              f"两者矛盾；上年数未公开，无法核实")


@rule("narrative.at_most", "分项之和超过总额", "error")
def at_most(ctx: Context) -> Iterator[Finding]:
    """Σ 分项 ≤ 总额（如中小企业中标金额：预留项目 + 其他项目 ≤ 政府采购金额），超出各数舍入误差 0.005×(n+1) 为误"""
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.at_most")
    for c in _of_kind(rep, "at_most"):
        got = _total_and_parts(rep, c)
        if got is None:
            yield could_not_check("narrative.at_most", f"{c.label}的总额或分项未找到", **_where(c))
            continue
        total, parts = got
        ctx.compared("narrative.at_most", c, total, *parts)
        got = sum((_wan(p) for p in parts), ZERO)
        # printed amounts may each be off by half a cent, so only an excess beyond that is proof;
        # within it the bound may hold for the unrounded figures (no 尾差 warning for a bound)
        excess = got - _wan(total)
        if excess <= ctx.tol.envelope(len(parts) + 1):
            continue
        listing = "+".join(f"{p.label}{p.value}" for p in parts)
        yield Finding(rule="narrative.at_most", severity="error", stated=fmt(got), expected=f"≤{total.value}",
                      difference=fmt(excess), **_where(c),
                      message=f"{c.label}：{listing}={fmt(got)}万元，超过{total.label}{_amt(total)}")


@rule("narrative.balance", "说明所列收入总计与支出总计不等", "error")
def balance(ctx: Context) -> Iterator[Finding]:
    """收、支总计分列两数时（“收、支总计各是X,Y万元”），收入总计 = 支出总计。

    income total = expenditure total when the narrative states them apart.
    """
    rep = ctx.report
    yield from _no_narrative(rep, "narrative.balance")
    income, spent = rep.claim("s1.total"), rep.claim("s1.total_out")
    if income is None or spent is None:  # one 收、支总计 figure: nothing to compare (table.balance has the tables)
        return
    a, b = _wan(income), _wan(spent)
    if a is not None and b is not None:
        ctx.compared("narrative.balance", income, spent)
    if a is None or b is None or a == b:
        return
    yield Finding(rule="narrative.balance", severity="error", stated=spent.value, expected=income.value,
                  difference=fmt(b - a), **_where(spent),
                  message=f"收、支总计：说明所列收入总计{_amt(income)}、支出总计{_amt(spent)}，"
                          f"两者应相等（差{fmt(b - a)}万元）")


@rule("narrative.unchecked_figure", "未核对的数字", "info")
def unchecked_figure(ctx: Context) -> Iterator[Finding]:
    """情况说明中每个未被任何说明项（claim）读取的数字列为一条提示，附其句子与页码。

    A *figure* (parse/figures.py) is a number the author reports: an amount with its unit (万元,
    元, 亿元; each number of a list sharing one unit), a percentage (and a share printed as a bare
    0), a count with its measure word (个, 项, 人, 名, 人次, 批次, 辆, 台, 套, 分 …). Years, dates,
    ordinals, section and table numbers, 第N, phone numbers and other digits without such a unit
    are not figures. Narrative coverage = figures read by a claim / all figures (findings.json
    meta, the command line, notebook 00): wording the extractors do not know shows up as low
    coverage and as these findings, never as a silent pass.
    """
    yield from _no_narrative(ctx.report, "narrative.unchecked_figure")
    for f in ctx.report.figures:
        if f.claim is None:
            yield Finding(rule="narrative.unchecked_figure", severity="info", outcome="unchecked_figure",
                          section=f.section,
                          page=f.prov.page if f.prov else None, bbox=f.prov.bbox if f.prov else None,
                          stated=f.text, message=f"未核对的数字：{f.text}（“{f.sentence}”）")
