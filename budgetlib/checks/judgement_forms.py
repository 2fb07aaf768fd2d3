"""Judgement rules on the 绩效自评表: what an inspector writes down about a form beyond its arithmetic.

The arithmetic of a form (rates, scores, sums) is the perf family's. These rules read what the
arithmetic cannot: a target that any outcome meets, a status sentence where a target belongs, a
conclusion that says the project stopped while the score says it excelled, an indicator filed twice,
a unit that does not measure what the indicator names, a reason the form's own instructions ask for
and that was left out, a project name the form's own text spells otherwise, a goal whose count the
indicator quietly lowers.

Each rule is conservative: it fires on a pattern with no innocent reading on the form as printed
(text compared after NFKC with whitespace removed). A report whose template has no 自评表, or whose
forms were not found, gets nothing from these rules: the perf rules already say the forms could not
be checked, and saying it ten more times would bury the auditor's list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budgetlib.checks.perf import _at, _title, fund_key, indicator_op, placeholder_mark, total_fund
from budgetlib.checks.registry import Context, rule
from budgetlib.model import Cell, Finding, FundRow, Indicator, PerfForm
from budgetlib.numbers import BLANK_MARKS, fmt, leading_number, normalize

ZERO = Decimal(0)
# Texts that fill a field without saying anything: blank marks and a bare 无.
SAYS_NOTHING = BLANK_MARKS | {"无", "无。", "暂无", "无."}
TEXT_FIELDS_ZH = {"goal": "项目年度目标", "goal_done": "年度目标完成情况", "content": "项目实施内容及过程概述",
                  "conclusion": "评价结论", "project": "项目名称"}


def _forms(ctx: Context) -> Iterator[PerfForm]:
    """The forms to judge; none where the template has no 自评表 or none were found (perf says so)."""
    if ctx.report.form_profile is None or not ctx.report.forms_found:
        return
    yield from ctx.report.forms


def _text(cell: Cell) -> str:
    return normalize(cell.text)


def says_nothing(cell: Cell) -> bool:
    """Blank, a bare 无, or the template's instruction left in place (a cell not read says nothing
    we know of: False)."""
    if cell.missing:
        return False
    return _text(cell) in SAYS_NOTHING or placeholder_mark(cell.text) is not None


def _name(ind: Indicator, n: int) -> str:
    return (ind.l3.text or "").strip() or f"第{n}项指标"


def _ind_at(form: PerfForm, n: int, column: str) -> dict:
    ind = form.indicators[n - 1]
    return _at(form, getattr(ind, column), indicator=n, column=column)


# A CJK character or CJK punctuation: a space beside one is typesetting, not text.
_CJK = "[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
_LAYOUT_SPACE = re.compile(rf"\s+(?={_CJK})|(?<={_CJK})\s+")


def _said(cell: Cell) -> str:
    """A cell's text as a finding quotes it: a space beside a CJK character dropped, because a line
    break eats it (“调整, | 该项目” prints without the space when the line wraps after the comma), so
    whether it is read depends on the font and the column width, never on what the author wrote."""
    return _LAYOUT_SPACE.sub("", (cell.text or "").strip())


def _printed(cell: Cell) -> str:
    return _said(cell) or "（空白）"


def _scored(ind: Indicator) -> str:
    return f"，得分 {ind.score.text.strip()}（权重 {(ind.weight.text or '').strip()}）" if ind.score.printed else ""


def _reason_says(cell: Cell) -> str:
    """How a reason cell that says nothing reads, for the message."""
    if cell.blank:
        return "空白"
    return "仍是填表说明" if placeholder_mark(cell.text) else f"只写“{_text(cell)}”"


# ---------------------------------------------------------------- a target any outcome meets


@rule("judgement.vacuous_target", "绩效指标值形同虚设", "warning")
def vacuous_target(ctx: Context) -> Iterator[Finding]:
    """指标性质为“≥”且指标值为0：任何完成值（包括0）都达到目标，该指标不衡量任何绩效

    理由：“景区满意度 ≥ 0%”在完成值为0时仍得满分，权重分等于白送。“> 0”要求至少有所完成，不算；
    “≤”类指标（成本、时限）的上限有实际约束，也不算。"""
    for form in _forms(ctx):
        for n, ind in enumerate(form.indicators, start=1):
            if indicator_op(ind.op) != "≥" or leading_number(ind.target.text) != ZERO:
                continue
            if not re.fullmatch(r"0(?:\.0+)?%?", _text(ind.target)):
                continue  # "0起" and the like are not a bare zero
            unit = (ind.unit.text or "").strip()
            yield Finding(rule="judgement.vacuous_target", severity="warning", stated=f"≥{_text(ind.target)}{unit}",
                          expected="有约束力的指标值",
                          message=f"{_title(form)}指标“{_name(ind, n)}”指标值为 ≥{_text(ind.target)}{unit}，"
                                  f"任何完成值都能达到；完成值 {_printed(ind.actual)}{_scored(ind)}",
                          **_ind_at(form, n, "target"))


# ---------------------------------------------------------------- a status where a target belongs


# Words that report what happened to the project, not what it was to achieve.
STATUS = re.compile(r"暂停|终止|中止|取消|停止|未开展|未实施|未启动|不具备.{0,8}条件")


@rule("judgement.status_as_target", "指标值或完成值写成项目状态", "warning")
def status_as_target(ctx: Context) -> Iterator[Finding]:
    """指标值不得是项目状态说明（含“暂停”“终止”“取消”“未开展”“未实施”“未启动”“不具备…条件”等）；
    完成值写成这类说明而该指标得满分，亦报

    理由：“因疫情政策调整，该项目暂停”既不是目标也不是完成情况；指标值 = 完成值 = 这句话时指标必然“达成”，
    满分没有依据。完成值如实写明暂停而不给分，是正常的填报，不报。"""
    for form in _forms(ctx):
        for n, ind in enumerate(form.indicators, start=1):
            target, actual = _text(ind.target), _text(ind.actual)
            full = ind.score.amount is not None and ind.weight.amount and ind.score.amount >= ind.weight.amount
            if STATUS.search(target):
                column, what = "target", "指标值"
            elif STATUS.search(actual) and full:
                column, what = "actual", "完成值"
            else:
                continue
            same = "，完成值与之相同" if column == "target" and actual == target else ""
            yield Finding(rule="judgement.status_as_target", severity="warning",
                          stated=_said(getattr(ind, column)), expected="可衡量的指标值与实际完成值",
                          message=f"{_title(form)}指标“{_name(ind, n)}”的{what}是项目状态说明"
                                  f"“{_said(getattr(ind, column))}”{same}{_scored(ind)}",
                          **_ind_at(form, n, column))


# ---------------------------------------------------------------- a conclusion against the score


# The project itself did not run: paused, stopped, never put to use, never started. The subject is
# named (项目暂停, 暂停该项目实施, 平台尚未启动) so that "暂停线下培训，改为线上" is not read as the project's fate.
SUBJECT = r"(?:项目|平台|系统|工程)"
NOT_RUN = re.compile(SUBJECT + r"(?:已|被)?(?:暂停|终止|中止|停止)"
                     r"|(?:暂停|终止|中止|停止)了?(?:该|本)?" + SUBJECT + r"?的?(?:实施|建设|运行|使用)"
                     r"|未能?(?:最终)?投入(?:使用|运行)"
                     r"|" + SUBJECT + r"(?:尚|还|仍)?未(?:正式)?(?:开展|启动|实施|开工|使用)")
# Something was not finished: at a full score this contradicts it; 90 of 100 leaves room for a shortfall.
NOT_DONE = re.compile(r"(?<![无没])未能?完成")
NEAR_FULL = Decimal("0.9")  # ≥ 90 of 100 points: the 优 grade of the self-evaluation


@rule("judgement.conclusion_vs_score", "结论称项目暂停或未实施，却得高分", "warning")
def conclusion_vs_score(ctx: Context) -> Iterator[Finding]:
    """年度目标完成情况或评价结论称项目暂停、终止、未投入使用或未启动（未开展、未实施）而合计得分 ≥ 满分的90%；
    或称有事项未完成而合计得分为满分

    理由：暂停、未投入使用的项目自评为“优”（90分以上），结论与得分至少有一个不实；说了“未完成”仍得满分同理。
    须写明主语（项目、平台、系统、工程）或“投入使用”，“暂停线下培训，改为线上”之类不算。合计得分空白时不判断
    （perf.total_missing 已报）。"""
    for form in _forms(ctx):
        full = ctx.report.form_profile.indicator_weight_total + ctx.report.form_profile.budget_weight
        total = form.total.score.amount if form.total is not None else None
        if total is None or total < NEAR_FULL * full:
            continue
        for key in ("goal_done", "conclusion"):
            cell = getattr(form, key)
            text = _text(cell)
            hits = list(NOT_RUN.finditer(text)) + (list(NOT_DONE.finditer(text)) if total >= full else [])
            if not hits:
                continue
            hits.sort(key=lambda m: m.start())
            words = "".join(f"“{w}”" for w in dict.fromkeys(m.group(0) for m in hits))
            yield Finding(rule="judgement.conclusion_vs_score", severity="warning", stated=form.total.score.text.strip(),
                          expected=f"与{TEXT_FIELDS_ZH[key]}相符的得分",
                          message=f"{_title(form)}{TEXT_FIELDS_ZH[key]}称{words}"
                                  f"（{_around(text, hits[0].start(), hits[-1].end())}），合计得分却为 "
                                  f"{form.total.score.text.strip()}",
                          **_at(form, cell, field=key))


def _around(text: str, start: int, end: int, chars: int = 12) -> str:
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


# ---------------------------------------------------------------- an indicator filed twice


@rule("judgement.duplicate_indicator", "同一三级指标列于两个二级指标下", "warning")
def duplicate_indicator(ctx: Context) -> Iterator[Finding]:
    """同一张表中，同名的三级指标不应出现在两个不同的二级指标下

    理由：同一指标分列于“经济效益指标”和“可持续影响指标”（或“服务对象满意度指标”）之下，
    要么其中一项指标名称写错，要么同一成果被重复计分。在后出现的一项报告。"""
    for form in _forms(ctx):
        first: dict[str, tuple[int, str]] = {}
        for n, ind in enumerate(form.indicators, start=1):
            name, l2 = _text(ind.l3), _text(ind.l2)
            if not name:
                continue
            seen = first.setdefault(name, (n, l2))
            if seen[1] and l2 and seen[1] != l2:
                yield Finding(rule="judgement.duplicate_indicator", severity="warning", stated=_said(ind.l3),
                              message=f"{_title(form)}三级指标“{ind.l3.text.strip()}”同时列于“{seen[1]}”"
                                      f"（第{seen[0]}项）和“{l2}”（第{n}项）之下",
                              **_ind_at(form, n, "l3"))


# ---------------------------------------------------------------- a unit that does not fit


# The quantity an indicator's name ends with, and the units that measure it (compared without a 万/亿
# scale and without a "/年"-style rate part).
UNIT_OF_NAME = (
    # 人 for 人次 is loose but common usage, not a unit of another quantity
    (re.compile(r"人次$"), ("人次", "人")),
    (re.compile(r"人数$"), ("人", "人次", "名", "位")),
    (re.compile(r"次数$"), ("次", "人次")),
    # a rate, a share, a satisfaction: percent (满意度 also in 分); 效率, 频率 and 功率 are not rates
    (re.compile(r"(?<![效频功])率$|比重$|比例$|占比$"), ("%", "‰", "百分比")),
    (re.compile(r"满意度$"), ("%", "‰", "百分比", "分")),
)
SCALE = re.compile(r"^[万亿千百十]")  # 万条 and 条 count the same thing
# What a unit measures, for the same indicator in two forms: 台 in one project and 套 in another may both
# be right (two kinds of equipment), 人次 in one and 个 in the other cannot. Units not listed are not compared.
UNIT_KINDS = {
    "percent": ("%", "‰", "百分比", "百分点", "分"),
    "people": ("人", "人次", "名", "位"),
    "time": ("秒", "分钟", "小时", "天", "日", "工作日", "周", "月", "个月", "年"),
    "money": ("元",),
    "count": ("个", "台", "套", "项", "家", "件", "条", "份", "次", "场", "所", "座", "辆", "篇", "册", "批", "处",
              "张", "块", "本", "部", "户", "个(套)"),
}
KIND_OF_UNIT = {u: kind for kind, units in UNIT_KINDS.items() for u in units}


def _unit(ind: Indicator) -> str:
    return normalize(ind.unit.text)


def _base(unit: str) -> str:
    """万人次 → 人次, 人次/年 → 人次: the thing counted."""
    return SCALE.sub("", unit).split("/", 1)[0]


def _other_kind(a: str, b: str) -> bool:
    """Both units are known and measure different kinds of quantity (人次 and 个, % and 天)."""
    ka, kb = KIND_OF_UNIT.get(_base(a)), KIND_OF_UNIT.get(_base(b))
    return ka is not None and kb is not None and ka != kb


def _measured(name: str) -> str:
    """The name without a trailing parenthesis: 足额保障率（参保率） → 足额保障率."""
    return re.sub(r"\([^()]*\)$", "", name)


@rule("judgement.unit_mismatch", "度量单位与指标不符", "warning")
def unit_mismatch(ctx: Context) -> Iterator[Finding]:
    """度量单位应能计量三级指标所称的量：“人数”“人次”用人或人次，“次数”用次，“率”“比重”用%，“满意度”用%或分；
    同一张表中同名三级指标的度量单位应相同，不同表中同名三级指标的度量单位应计量同一类量（人、%、时间、金额、件数）

    理由：“一年快速通行人数”以“个”计，与同表另一处以“人次”计的同名指标对不上，数值无法解释。
    万条与条这类数量级之差不算；不同项目的同名指标一处以“台”一处以“套”计，可能是不同设备，也不算。
    度量单位空白、指标名称没有表明计量对象（如“……数量”）时不判断。"""
    earlier: dict[str, tuple[PerfForm, int, str]] = {}  # l3 → where a previous form first printed it
    for form in _forms(ctx):
        here: dict[str, tuple[int, str]] = {}
        for n, ind in enumerate(form.indicators, start=1):
            name, unit = _text(ind.l3), _unit(ind)
            if not name or unit in BLANK_MARKS or unit == "其他":
                continue
            why = []
            units = next((u for pattern, u in UNIT_OF_NAME if pattern.search(_measured(name))), None)
            if units is not None and _base(unit) not in units:
                why.append(f"“{name}”应以{'、'.join(units)}计")
            first_n, first_unit = here.setdefault(name, (n, unit))
            prior = earlier.get(name)
            if first_n != n and _base(first_unit) != _base(unit):
                why.append(f"本表第{first_n}项同名指标以“{first_unit}”计")
            elif prior is not None and _other_kind(prior[2], unit):
                why.append(f"自评表{prior[0].index}第{prior[1]}项同名指标以“{prior[2]}”计")
            if why:
                yield Finding(rule="judgement.unit_mismatch", severity="warning", stated=_said(ind.unit),
                              message=f"{_title(form)}指标“{ind.l3.text.strip()}”度量单位为“{unit}”："
                                      + "；".join(why),
                              **_ind_at(form, n, "unit"))
        for name, (n, unit) in here.items():
            earlier.setdefault(name, (form, n, unit))


# ---------------------------------------------------------------- reasons the form asks for


def _reason_where(form: PerfForm, f: FundRow) -> dict:
    return _at(form, f.reason, field="funds.reason", row=fund_key(f.name))


@rule("judgement.low_rate_no_reason", "预算执行率低于90%未说明原因", "warning")
def low_rate_no_reason(ctx: Context) -> Iterator[Finding]:
    """年度资金总额行预算执行率 < 90%（模板规定的界限）时，“原因”栏应说明原因；空白、“无”或仍是填表说明均报

    理由：四川模板的填表说明：“预算执行率未达到90%的需要说明原因”。调整后预算为0时执行率按约定为0，无须说明，不报。"""
    floor = ctx.report.form_profile.explain_rate_below if ctx.report.form_profile else None
    if floor is None:
        return
    for form in _forms(ctx):
        f = total_fund(form, ctx.report.form_profile)
        if f is None or not f.adjusted.amount or not says_nothing(f.reason):
            continue
        rate = leading_number(f.rate.text)
        if rate is None and f.executed.amount is not None:
            rate = f.executed.amount / f.adjusted.amount * 100
        if rate is None or rate >= floor:
            continue
        yield Finding(rule="judgement.low_rate_no_reason", severity="warning", stated=_printed(f.reason),
                      expected="执行率偏低的原因",
                      message=f"{_title(form)}预算执行率 {_printed(f.rate)} 低于{fmt(floor, 0)}%，"
                              f"原因栏却{_reason_says(f.reason)}",
                      **_reason_where(form, f))


@rule("judgement.adjustment_no_reason", "年中预算调整未说明理由", "warning")
def adjustment_no_reason(ctx: Context) -> Iterator[Finding]:
    """年度资金总额行年初预算数 ≠ 调整后预算数（全年预算数）时，“原因”栏应说明调整理由；空白、“无”或仍是填表说明均报

    理由：填表说明要求“年中发生预算调整的（追加或调减），应单独说明理由”。原因栏写了内容（哪怕只解释执行率）不报：
    是否答非所问留给审阅人。表上没有“原因”栏（安徽表）时不报。"""
    for form in _forms(ctx):
        f = total_fund(form, ctx.report.form_profile)
        if f is None or f.reason.text is None or not says_nothing(f.reason):
            continue  # f.reason.text None: the form has no 原因 column to give a reason in
        initial, adjusted = f.initial.amount, f.adjusted.amount
        if initial is None or adjusted is None or initial == adjusted:
            continue
        how = "追加" if adjusted > initial else "调减"
        yield Finding(rule="judgement.adjustment_no_reason", severity="warning", stated=_printed(f.reason),
                      expected="预算调整的理由",
                      message=f"{_title(form)}年初预算 {f.initial.text.strip()} 万元，{form.budget_label} "
                              f"{f.adjusted.text.strip()} 万元（{how} {fmt(abs(adjusted - initial))} 万元），"
                              f"原因栏却{_reason_says(f.reason)}",
                      **_reason_where(form, f))


# ---------------------------------------------------------------- fields left empty


@rule("judgement.empty_field", "自评表说明栏空白或只写“无”", "warning")
def empty_field(ctx: Context) -> Iterator[Finding]:
    """项目年度目标、年度目标完成情况、项目实施内容及过程概述、评价结论不得空白或只写“无”

    理由：这些栏目是自评的实质内容；“存在问题”“改进措施”写“无”是正常答复，不报。仍是填表说明的栏目由 perf.placeholder 报。
    表上没有的栏目（安徽表无“实施内容”，节选在评价结论之前中断）不是空白，不报。"""
    for form in _forms(ctx):
        for key in ("goal", "goal_done", "content", "conclusion"):
            cell = getattr(form, key)
            if cell.text is None:
                continue  # never read: no such row on this form (安徽: no 实施内容; an excerpt cut off before 评价结论)
            if _text(cell) not in SAYS_NOTHING:
                continue
            yield Finding(rule="judgement.empty_field", severity="warning", stated=_printed(cell),
                          expected=f"填写{TEXT_FIELDS_ZH[key]}",
                          message=f"{_title(form)}{TEXT_FIELDS_ZH[key]}栏" + ("空白" if cell.blank else f"只写“{_text(cell)}”"),
                          **_at(form, cell, field=key))


# ---------------------------------------------------------------- the name as the form's text writes it


QUOTED = re.compile(r"[“\"《「]([^“”\"《》「」]{5,30})[”\"》」]")
CJK = re.compile(r"[\u4e00-\u9fff]")
CN_NUMERALS = set("零一二两三四五六七八九十百千万")  # 一期 and 二期 are two projects, not a typo
BODY_FIELDS = ("goal", "goal_done", "content", "conclusion")


def _one_char_off(term: str, name: str) -> tuple[str, int] | None:
    """(the span of `name`, the differing offset) when `name` holds `term` with one Chinese character changed."""
    size = len(term)
    for i in range(len(name) - size + 1):
        span = name[i:i + size]
        diff = [k for k in range(size) if span[k] != term[k]]
        if len(diff) == 1 and all(CJK.match(c) and c not in CN_NUMERALS for c in (span[diff[0]], term[diff[0]])):
            return span, diff[0]
    return None


@rule("judgement.name_variant", "项目名称与表内文字写法不一", "warning")
def name_variant(ctx: Context) -> Iterator[Finding]:
    """表内文字（年度目标、完成情况、实施内容、评价结论）用引号或书名号引用的名称（5字以上），若与项目名称中的一段
    只差一个汉字（“四川天府健康通”对“四川天府健康同”），报项目名称与正文写法不一

    理由：同一平台在同一张表中有两种写法，必有一处笔误，且多在项目名称（检索、汇总都按名称）。
    只比较引号内的专名，避免把普通词语的偶然相近当成错别字。"""
    for form in _forms(ctx):
        name = normalize(form.name)
        seen: set[tuple[str, str]] = set()
        for key in BODY_FIELDS:
            for m in QUOTED.finditer(_text(getattr(form, key))):
                term = m.group(1)
                hit = None if term in name else _one_char_off(term, name)
                if hit is None or (hit[0], term) in seen:
                    continue
                seen.add((hit[0], term))
                span, k = hit
                yield Finding(rule="judgement.name_variant", severity="warning", stated=span, expected=term,
                              message=f"{_title(form)}项目名称写作“{span}”，{TEXT_FIELDS_ZH[key]}中写作“{term}”"
                                      f"（“{span[k]}”与“{term[k]}”），必有一处笔误",
                              **_at(form, form.project, field="project"))


# ---------------------------------------------------------------- the goal's count and the indicator's


CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "五省", "21个市": a count of provinces, cities, prefectures or counties (not 省级, 市委, 县域…)
PLACE_COUNT = re.compile(r"(\d+|[一二两三四五六七八九十]+)个?(省|市|州|县)(?![级委直内外域区份])")


def chinese_count(text: str) -> int | None:
    """'五' → 5, '十二' → 12, '二十一' → 21, '21' → 21; None for anything else."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in CN_DIGITS) or (ones and ones not in CN_DIGITS):
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def _counts_places(ind: Indicator, place: str) -> bool:
    """The indicator counts the same kind of place: 汇聚省份数量, 覆盖市州数, 县数."""
    return bool(re.search(place + r"[份州]?(?:数量|个数|数)", _text(ind.l3)))


@rule("judgement.goal_count", "年度目标的数量与指标值不一致", "warning")
def goal_count(ctx: Context) -> Iterator[Finding]:
    """项目年度目标写明的地域数量（“西南五省”“21个市州”）应等于计量同一对象的数量指标（“汇聚省份数量 ≥ 4”）的指标值；
    只比较“≥”“=”指标

    理由：目标写五省、指标只要求四个省份，指标降低了目标，自评“满分”也就不能说明目标已完成。"""
    for form in _forms(ctx):
        goal = _text(form.goal)
        for m in PLACE_COUNT.finditer(goal):
            count = chinese_count(m.group(1))
            if count is None:
                continue
            for n, ind in enumerate(form.indicators, start=1):
                target = leading_number(ind.target.text)
                if indicator_op(ind.op) not in ("≥", "=") or target is None or not _counts_places(ind, m.group(2)):
                    continue
                if target == count:
                    continue
                yield Finding(rule="judgement.goal_count", severity="warning", stated=_said(ind.target),
                              expected=str(count),
                              message=f"{_title(form)}年度目标写“{m.group(0)}”（{count}），指标“{ind.l3.text.strip()}”"
                                      f"的指标值却为 {indicator_op(ind.op)}{ind.target.text.strip()}"
                                      f"{(ind.unit.text or '').strip()}",
                              **_ind_at(form, n, "target"))
