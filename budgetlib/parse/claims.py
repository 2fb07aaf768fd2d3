"""Every figure the 第二部分 narrative states, as typed claims (corpus README: narrative.claims).

Claim ids follow the corpus truth (s1.total, s2.gp.share, s5.item.2010350, s10.perf.count …) so
findings point at the same thing the truth files name. Each claim keeps its sentence and the
page/line it was printed on. Values are kept as printed (全角 digits normalised); the rules
compute with them.
"""

from __future__ import annotations

import re

from budgetlib import templates
from budgetlib.model import Claim, Ref, Report
from budgetlib.parse import claims_national, classification
from budgetlib.parse.claimtext import (
    AMOUNT_DIRECTION,
    AMT,
    NONE_RE,
    NUM,
    PCT,
    PCT_DIRECTION,
    SHARE,
    YOY_RE,
    Builder,
    Para,
    Shift,
    composition,
    list_items,
    search,
    zip_provs,
)

INCOME_ITEMS = (  # 二: T1 income rows
    ("一般公共预算财政拨款收入", "gp"), ("政府性基金预算财政拨款收入", "gf"),
    ("国有资本经营预算财政拨款收入", "soc"), ("上级补助收入", "superior"), ("事业收入", "business"),
    ("经营收入", "operating"), ("附属单位上缴收入", "affiliated"), ("其他收入", "other"),
    ("财政拨款收入", "fiscal"),  # 甘肃 2017 states the 财政拨款 incomes as one figure
)
EXPENSE_ITEMS = (  # 三: T3 合计 columns
    ("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit"), ("经营支出", "operating"),
    ("对附属单位补助支出", "subsidy"),
)
SANGONG_ITEMS = (
    ("因公出国(境)费", "abroad", "因公出国（境）费"),
    ("公务用车购置及运行维护费", "vehicle", "公务用车购置及运行维护费"),
    ("公务用车购置及运行费", "vehicle", "公务用车购置及运行费"),
    ("公务接待费", "reception", "公务接待费"),
)


# ---------------------------------------------------------------- per-section extractors


_SICHUAN = templates.get("sichuan_unit")


def _t(table: int, row: str, column: str) -> Ref:
    """A cell of the Sichuan template's 附表 `table` (these extractors read that template's wording)."""
    return Ref(_SICHUAN.by_ordinal(table).key, row, column)


# 四川 大英 2022: "收、支总计各是4125.49,4143.91万元" … "各减少1267.86,2570.97万元,各下降23.51%、38.28%"
_PAIR_TOTAL = r"收、?支总计各(?:是|为)" + NUM + r"[,、]" + AMT
_PAIR_YOY = re.compile(r"各(增加|减少|增长|下降)" + NUM + r"[,、]" + AMT + r",?各(增长|下降|降低|减少|增加)"
                       + PCT + r"[,、]" + PCT)


def _s1_pair(b: Builder, p: Para, m: re.Match) -> None:
    """收、支总计 stated as a pair (income, expenditure), each with its own change: four claims and
    two totals that must be equal (narrative.balance)."""
    unit = "元" if m.group(3) == "元" else "万元"
    income = b.add(p, m.start(1), "s1.total", "amount", "收入总计", m.group(1), ref=_t(1, "in.grand", "amount"),
                   unit=unit)
    spent = b.add(p, m.start(2), "s1.total_out", "amount", "支出总计", m.group(2),
                  ref=_t(1, "out.grand", "amount"), unit=unit)
    y = _PAIR_YOY.search(p.norm, m.end())
    if not y:
        return
    yunit = "元" if y.group(4) == "元" else "万元"
    for subject, prefix, g_amt, g_pct in ((income, "s1", 2, 6), (spent, "s1.out", 3, 7)):
        b.add(p, y.start(g_amt), f"{prefix}.yoy_amount", "yoy_amount", subject.label, y.group(g_amt),
              direction=AMOUNT_DIRECTION[y.group(1)], subject=subject.id, unit=yunit)
        b.add(p, y.start(g_pct), f"{prefix}.yoy_pct", "yoy_pct", subject.label, y.group(g_pct),
              direction=PCT_DIRECTION[y.group(5)], subject=subject.id)


def s1(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, _PAIR_TOTAL)
    if p:
        _s1_pair(b, p, m)
        return
    p, m = search(paras, r"收、?支总计(?:各是|各为|为|共计)?" + AMT)
    if p:
        total = b.amount(p, m, 1, "s1.total", "收、支总计", _t(1, "in.grand", "amount"))
        b.yoy(p, total, "s1", "收、支总计", m.end())


def s2(b: Builder, paras: list[Para], report: Report) -> None:
    composition(b, paras, "本年收入合计", _t(1, "in.total_year", "amount"), INCOME_ITEMS,
                 lambda k: _t(1, f"in.{k}", "amount"), "s2", "本年收入合计", "收入构成",
                 total_words=r"(?:本年收入合计|本单位(?:本年)?收入)")


def s3(b: Builder, paras: list[Para], report: Report) -> None:
    composition(b, paras, "本年支出合计", _t(1, "out.total_year", "amount"), EXPENSE_ITEMS,
                 lambda k: _t(3, "total", k), "s3", "本年支出合计", "支出构成",
                 total_words=r"(?:本年支出合计|本单位(?:本年)?支出)")


FISCAL_INCOME_ITEMS = (("一般公共预算财政拨款收入", "gp"), ("政府性基金预算财政拨款收入", "gf"),
                       ("国有资本经营预算财政拨款收入", "soc"))


def s4(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"财政拨款收、?支总计(?:各是|各为|为|共计)?" + AMT)
    if p:
        total = b.amount(p, m, 1, "s4.total", "财政拨款收、支总计", _t(4, "in.grand", "amount"))
        b.yoy(p, total, "s4", "财政拨款收、支总计", m.end())
        return
    # 甘肃 2017: 财政拨款收入总计X万元，与上年相比…。其中：一般公共预算财政拨款收入A万元，政府性基金…B万元
    p, m = search(paras, r"财政拨款收入总计(?:为)?" + AMT)
    if not p:
        return
    total = b.amount(p, m, 1, "s4.income", "财政拨款收入总计")
    b.yoy(p, total, "s4.income", "财政拨款收入总计", m.end())
    start = p.norm.find("其中", m.end())
    if start < 0:
        return
    end = p.norm.find("。", start)
    parts = []
    for name, key in FISCAL_INCOME_ITEMS:
        im = re.compile(name + r"(?:为)?" + AMT).search(p.norm, start, len(p.norm) if end < 0 else end)
        if im:
            parts.append(b.amount(p, im, 1, f"s4.income.{key}", name))
    b.sum("s4.income.sum", "财政拨款收入构成", total, parts)


def _rows(report: Report) -> list[tuple[str, str]]:
    """(code, name) of the classification schedules, when they are parsed."""
    out = []
    for no in (6, 7, 5, 3, 2):
        s = report.schedule(_SICHUAN.by_ordinal(no).key)
        if s:
            out.extend((r.code, r.name) for r in s.rows if r.code)
    return out


def s5(b: Builder, paras: list[Para], report: Report, groups: dict[str, list[Para]]) -> None:
    overall = groups.get("总体", paras)
    p, m = search(overall, r"一般公共预算财政拨款支出(?:决算|总计)?(?:为)?" + AMT + r"(?:,占本年支出合计的" + PCT + ")?")
    s3_total = report.claim("s3.total")
    total = None
    if p:
        total = b.amount(p, m, 1, "s5.total", "一般公共预算财政拨款支出", _t(6, "total", "total"))
        if m.group(3) is not None and s3_total is not None:
            b.add(p, m.start(3), "s5.total.share", "share", "一般公共预算财政拨款支出占本年支出合计",
                  m.group(3), part=total.id, whole=s3_total.id)
        b.yoy(p, total, "s5", "一般公共预算财政拨款支出", m.end())
        budget_gap(b, p, m.end(), total, "s5", "一般公共预算财政拨款")
        _listed_items(b, paras, p, m.end(), _rows(report))

    rows = _rows(report)
    p, m = search(groups.get("结构", paras), r"一般公共预算财政拨款支出" + AMT + r",?主要用于")
    if p:
        st = b.amount(p, m, 1, "s5.struct.total", "一般公共预算财政拨款支出（结构）", _t(6, "total", "total"))
        parts = []
        for n, (pos, item) in enumerate(list_items(p, m.end()), start=1):
            im = re.match(r"^:?(?:以下方面:)?(.+?支出)" + AMT + SHARE, item)
            if not im:
                continue
            name = im.group(1)
            code = classification.class_code(name, rows)
            key = f"s5.class.{code or n}"
            rel = Shift(im, pos)
            part = b.amount(p, rel, 2, key, name, _t(6, code, "total") if code else None)
            b.share(p, rel, 4, part, st, f"{name}占比")
            parts.append(part)
        b.sum("s5.struct.sum", "一般公共预算财政拨款支出结构", st, parts)

    detail = groups.get("具体", paras)
    p, m = search(detail, r"一般公共预算(?:财政拨款)?支出(?:年初预算为" + AMT + r",)?(?:支出)?决算(?:数)?为"
                  + AMT + r",完成(?:年初)?预算(?:的)?" + PCT)
    if p:
        dt = b.amount(p, m, 3, "s5.detail.total", "一般公共预算财政拨款支出决算数", _t(6, "total", "total"))
        if m.group(1) is not None:
            bud = b.amount(p, m, 1, "s5.detail.budget", "一般公共预算财政拨款年初预算")
            b.add(p, m.start(5), "s5.detail.rate", "budget_rate", "一般公共预算财政拨款完成预算", m.group(5),
                  amount=dt.id, budget=bud.id)
    item_re = re.compile(r"(?:^|。)\d+[.、]?(.+?)\(类\)(.+?)\(款\)(.+?)\(项\):(?:年初预算为" + AMT
                         + r",)?支出决算为" + AMT + r"(?:,完成(?:年初)?预算(?:的)?" + PCT + ")?")
    n = 0
    for para in detail:
        for im in item_re.finditer(para.norm):
            n += 1
            code = classification.item_code(im.group(1), im.group(2), im.group(3), rows)
            key = f"s5.item.{code or n}"
            label = code or f"{im.group(1)}{im.group(2)}{im.group(3)}"
            bud = b.amount(para, im, 4, f"{key}.budget", f"{label}年初预算") if im.group(4) is not None else None
            if bud is not None:
                b.claims.remove(bud)  # keep the truth's order: budget, amount, rate
            amt = b.amount(para, im, 6, key, f"{label}支出决算", _t(6, code, "total") if code else None)
            if bud is not None:
                b.claims.insert(len(b.claims) - 1, bud)
                if im.group(8) is not None:
                    b.add(para, im.start(8), f"{key}.rate", "budget_rate", f"{label}完成预算", im.group(8),
                          amount=amt.id, budget=bud.id)


# 完成年初预算P%，决算数大于预算数D万元 (甘肃 2017): the budget is the 决算 less (or plus) the gap
RATE_RE = re.compile(r"完成(年初|全年|调整)?预算(?:数)?(?:的)?" + PCT)
GAP_RE = re.compile(r"决算数(大于|小于|超过|低于|超出)预算数" + r"(?:" + AMT + ")?")
GAP_WORD = {"超过": "大于", "超出": "大于", "低于": "小于"}


BUDGET_NAMED_RE = re.compile(r"(年初|全年|调整后?)预算(?:数)?(?:为|是)?" + AMT)


def budget_gap(b: Builder, p: Para, start: int, amount: Claim, prefix: str, label: str) -> None:
    """完成年初预算P% in the sentence from `start`, against the budget the text compares it with: a
    budget printed in the sentence under the rate's own word (年初预算 / 全年预算 / 调整预算; the only
    one printed for a plain 完成预算), else 决算 ∓ D when it says 决算数大于/小于预算数D万元 (a
    `budget_gap` claim), else unknown (could not check)."""
    end = p.norm.find("。", start)
    end = len(p.norm) if end < 0 else end
    rm = RATE_RE.search(p.norm, start, end)
    if rm is None:
        return
    named = {m.group(1).removesuffix("后"): m for m in BUDGET_NAMED_RE.finditer(p.norm, start, end)}
    budgets = {w: b.amount(p, m, 2, f"{prefix}.budget" + ("" if w == "年初" else "_adjusted"), f"{label}{w}预算")
               for w, m in named.items()}
    word = rm.group(1)
    budget = budgets.get(word) if word else (next(iter(budgets.values())) if len(budgets) == 1 else None)
    if budget is not None:
        b.add(p, rm.start(2), f"{prefix}.rate", "budget_rate", f"{label}完成{word or ''}预算", rm.group(2),
              amount=amount.id, budget=budget.id)
        return
    gap = None
    gm = GAP_RE.search(p.norm, rm.end(), end)
    if gm and gm.group(2) is not None:
        gap = b.add(p, gm.start(2), f"{prefix}.gap", "budget_gap", f"{label}决算数{GAP_WORD.get(gm.group(1), gm.group(1))}预算数",
                    gm.group(2), direction=GAP_WORD.get(gm.group(1), gm.group(1)), amount=amount.id,
                    unit="元" if gm.group(3) == "元" else "万元")
    b.add(p, rm.start(2), f"{prefix}.rate", "budget_rate", f"{label}完成{rm.group(1) or ''}预算", rm.group(2),
          amount=amount.id, budget=gap.id if gap else None)


def _listed_items(b: Builder, paras: list[Para], p: Para, start: int, rows: list[tuple[str, str]]) -> None:
    """其中：1. 教育支出A万元，…完成年初预算P%… (甘肃 2017): each 类 listed after the total, with its rate."""
    i = paras.index(p)
    item_re = re.compile(r"(?:^|[。:;])\d+[.、]([^,;:。\d]{2,20}?支出)(?:决算)?(?:为)?" + AMT)
    n = 0
    for para in paras[i:]:
        for im in item_re.finditer(para.norm, start if para is p else 0):
            n += 1
            name = im.group(1)
            code = classification.class_code(name, rows)
            key = f"s5.class.{code or n}"
            if any(c.id == key for c in b.claims):
                continue
            item = b.amount(para, im, 2, key, name, _t(6, code, "total") if code else None)
            budget_gap(b, para, im.end(), item, key, name)


def s6(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"基本支出(?:决算)?(?:为)?" + AMT)
    total = b.amount(p, m, 1, "s6.total", "一般公共预算财政拨款基本支出", _t(6, "total", "basic")) if p else None
    parts = []
    for key, name in (("personnel", "人员经费"), ("public", "公用经费")):
        p, m = search(paras, name + r"(?:支出)?(?:为)?" + AMT)
        if p:
            parts.append(b.amount(p, m, 1, f"s6.{key}", name, _t(8, "total", key)))
    b.sum("s6.sum", "基本支出构成", total, parts)


def s7(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, NONE_RE.format("三公”?经费"))
    if p:
        b.none(p, m, "s7.none", _t(13, "actual", "total"))
        return
    p, m = search(paras, r"“?三公”?经费(?:财政拨款)?支出(?:决算)?(?:为)?" + AMT)
    if not p:
        return
    total = b.amount(p, m, 1, "s7.total", "“三公”经费支出", _t(13, "actual", "total"))
    bm = re.compile(r"预算(?:数)?(?:为)?" + AMT).search(p.norm, m.end())
    budget = b.amount(p, bm, 1, "s7.budget", "“三公”经费预算", _t(13, "budget", "total")) if bm else None
    rm = re.compile(r"完成(?:年初)?预算(?:的)?" + PCT).search(p.norm, m.end())
    if rm and budget is not None:
        b.add(p, rm.start(1), "s7.rate", "budget_rate", "“三公”经费完成预算", rm.group(1),
              amount=total.id, budget=budget.id)
    b.yoy(p, total, "s7", "“三公”经费支出", m.end())
    parts = []
    for name, key, label in SANGONG_ITEMS:
        if any(c.id == f"s7.{key}" for c in parts):
            continue
        im = re.compile(re.escape(name) + r"(?:支出)?(?:为)?" + AMT + SHARE).search(p.norm, m.end())
        if im:
            part = b.amount(p, im, 1, f"s7.{key}", label, _t(13, "actual", key))
            b.share(p, im, 3, part, total, f"{label}占比")
            parts.append(part)
    b.sum("s7.sum", "“三公”经费构成", total, parts)


_SG_ITEM_RE = re.compile(r"(?:^|[。])\d+[.、](因公出国\(境\)费|公务用车购置及运行(?:维护)?费|公务接待费)(?:支出)?(?:决算)?(?:为)?"
                         + AMT + r"(?:,完成(?:年初)?预算(?:的)?" + PCT + ")?")
_SG_KEYS = {"因公出国(境)费": "abroad", "公务用车购置及运行维护费": "vehicle", "公务用车购置及运行费": "vehicle",
            "公务接待费": "reception"}


def sangong_items(b: Builder, paras: list[Para]) -> None:
    """三公 items printed as a numbered list (3.公务接待费支出A万元，完成预算P%。公务接待费支出决算比上年减少
    D万元，下降Q%), read wherever they stand: an excerpt may have lost the 七 heading above them (大英 2022)."""
    for p in paras:
        heads = list(_SG_ITEM_RE.finditer(p.norm))
        for k, m in enumerate(heads):
            key = _SG_KEYS[m.group(1)]
            if any(c.id == f"s7.{key}" for c in b.claims):
                continue
            end = heads[k + 1].start() if k + 1 < len(heads) else len(p.norm)
            label = m.group(1).replace("(境)", "（境）")
            item = b.amount(p, m, 2, f"s7.{key}", label, _t(13, "actual", key))
            if m.group(4) is not None:
                b.add(p, m.start(4), f"s7.{key}.rate", "budget_rate", f"{label}完成预算", m.group(4),
                      amount=item.id, budget_ref=_t(13, "budget", key))
            ym = YOY_RE.search(p.norm, m.end(), end)
            if ym:
                b.yoy_match(p, ym, item, f"s7.{key}", label)
            if key == "reception":
                _reception(b, paras, item)


def _reception(b: Builder, paras: list[Para], reception: Claim) -> None:
    """公务接待费 = 国内公务接待 + 外事接待; 国内公务接待N批次，M人次，共计支出A万元，具体包括：X1万元、X2万元等
    (the examples listed are part of it, at most its whole)."""
    parts = []
    for key, word in (("domestic", "国内公务接待"), ("foreign", "外事接待")):
        p, m = search(paras, word + r"(?:支出|费)(?:为)?" + AMT)
        if p:
            parts.append(b.amount(p, m, 1, f"s7.reception.{key}", f"{word}支出"))
    if len(parts) == 2:
        b.sum("s7.reception.sum", "公务接待费构成", reception, parts)
    domestic = next((c for c in parts if c.id.endswith("domestic")), None)
    p, m = search(paras, r"国内公务接待(\d+)批次,?(\d+)人次")
    if not p:
        return
    b.add(p, m.start(1), "s7.reception.batches", "figure", "国内公务接待批次", m.group(1), unit="批次")
    b.add(p, m.start(2), "s7.reception.persons", "figure", "国内公务接待人次", m.group(2), unit="人次")
    tm = re.compile(r"共计支出" + AMT).search(p.norm, m.end())
    if tm and domestic is not None:
        again = b.amount(p, tm, 1, "s7.reception.domestic.again", "国内公务接待共计支出")
        b.sum("s7.reception.domestic.same", "国内公务接待支出（两处所列）", domestic, [again])
    lm = re.compile(r"(?:具体内容)?(?:主要)?包括:").search(p.norm, m.end())
    if lm and domestic is not None:
        end = p.norm.find("。", lm.end())
        examples = []
        for n, (pos, piece) in enumerate(list_items(p, lm.end()), start=1):
            em = re.match(r"^(.+?)" + AMT + r"(?:等)?$", piece)
            if em and pos < (end if end >= 0 else len(p.norm)):
                examples.append(b.amount(p, Shift(em, pos), 2, f"s7.reception.example.{n}", em.group(1)))
        if examples:
            b.claims.append(Claim(id="s7.reception.examples", section=b.section, kind="at_most",
                                  label="所列国内公务接待事项", total=domestic.id, parts=[e.id for e in examples],
                                  sentence=domestic.sentence, prov=domestic.prov))


def _fund(b: Builder, paras: list[Para], no: int, word: str, table: int) -> None:
    p, m = search(paras, NONE_RE.format(word))
    if p:
        b.none(p, m, f"s{no}.none", _t(table, "total", "total"))
        return
    p, m = search(paras, word + r"(?:预算)?(?:财政拨款)?支出(?:决算)?(?:为)?" + AMT)
    if p:
        b.amount(p, m, 1, f"s{no}.total", f"{word}预算财政拨款支出", _t(table, "total", "total"))


def s8(b: Builder, paras: list[Para], report: Report) -> None:
    _fund(b, paras, 8, "政府性基金", 10)


def s9(b: Builder, paras: list[Para], report: Report) -> None:
    _fund(b, paras, 9, "国有资本经营", 12)


def s10(b: Builder, paras: list[Para], report: Report, groups: dict[str, list[Para]]) -> None:
    office = groups.get("机关运行", paras)
    p, m = search(office, NONE_RE.format("机关运行经费"))
    if p:
        b.add(p, m.start(), "s10.office.none", "none", m.group(1))
    else:
        p, m = search(office, r"机关运行经费(?:支出)?(?:决算)?(?:为)?" + AMT)
        if p:
            oc = b.amount(p, m, 1, "s10.office", "机关运行经费", Ref(*_SICHUAN.narrative_ref("机关运行经费")))
            b.yoy(p, oc, "s10.office", "机关运行经费", m.end())

    proc = groups.get("政府采购", paras)
    p, m = search(proc, NONE_RE.format("政府采购"))
    if p:
        b.add(p, m.start(), "s10.proc.none", "none", m.group(1))
    else:
        p, m = search(proc, r"政府采购支出总额(?:为)?" + AMT)
        if p:
            total = b.amount(p, m, 1, "s10.proc.total", "政府采购支出总额")
            parts = []
            for key, word in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
                im = re.compile(r"(?:政府采购)?" + word + r"(?:采购)?(?:支出)?(?:为)?" + AMT).search(p.norm, m.end())
                if im:
                    parts.append(b.amount(p, im, 1, f"s10.proc.{key}", f"政府采购{word}支出"))
            b.sum("s10.proc.sum", "政府采购构成", total, parts)
            for key, word in (("sme", "中小企业"), ("micro", "小微企业")):
                im = re.compile(r"授予" + word + r"合同(?:金额)?(?:为)?" + AMT + SHARE).search(p.norm, m.end())
                if im:
                    part = b.amount(p, im, 1, f"s10.proc.{key}", f"授予{word}合同金额")
                    b.share(p, im, 3, part, total, f"{word}合同占比")

    perf = groups.get("绩效", paras)
    p, m = search(perf, r"对(\d+)个项目开展(?:了)?(?:绩效)?自评")
    if p:
        b.add(p, m.start(1), "s10.perf.count", "count", "开展绩效自评的项目个数", m.group(1))


EXTRACTORS = {1: s1, 2: s2, 3: s3, 4: s4, 6: s6, 7: s7, 8: s8, 9: s9}
GROUPED = {5: s5, 10: s10}
SUBSECTION_WORDS = ("总体", "结构", "具体", "机关运行", "政府采购", "国有资产", "绩效")


def form_texts(report: Report) -> list[tuple[str, Para]]:
    """A standalone 自评表's narrative: the 年度总体目标 cells (预期目标, 实际完成情况) of each form, as
    (claim id prefix, paragraph). A full report's forms are not its 情况说明 (none)."""
    if report.kind != "perf_form":
        return []
    out = []
    for form in report.forms:
        for key, cell in (("goal", form.goal), ("goal_done", form.goal_done)):
            if cell.text:
                out.append((f"form{form.index}.{key}", Para.of(cell.text, [(0, cell.prov)] if cell.prov else [])))
    return out


def form_claims(report: Report) -> list[Claim]:
    """本项目共申请预算资金90万元。其中：30万元用于…；30万元用于…；30万元用于… (池州 2022): the total
    and its listed parts (narrative.sum), in each 年度总体目标 cell of a standalone 自评表."""
    b = Builder(0)
    for prefix, p in form_texts(report):
        start = p.norm.find("其中")
        if start < 0:
            continue
        before = list(re.finditer(AMT, p.norm[:start]))
        if not before:
            continue
        total = b.amount(p, before[-1], 1, f"{prefix}.total", "年度资金总额（文字）")
        parts = []
        for n, (pos, piece) in enumerate(list_items(p, start + 3), start=1):
            im = re.match(r"^[^\d]{0,12}?" + AMT, piece)
            if im:
                parts.append(b.amount(p, Shift(im, pos), 1, f"{prefix}.{n}", f"其中第{n}项"))
        if len(parts) > 1:
            b.sum(f"{prefix}.sum", "年度总体目标所列资金构成", total, parts)
    return b.claims


def extract_claims(report: Report) -> list[Claim]:
    if report.kind == "perf_form":
        return form_claims(report)
    claims: list[Claim] = []
    if report.template == claims_national.TEMPLATE:
        return claims_national.extract(report)
    if report.template not in (None, "sichuan_unit"):
        return claims  # these extractors read the Sichuan wording; other templates have their own
    view = Report(schedules=report.schedules, template=report.template)  # earlier sections' claims, for shares across sections
    for sec in sorted(report.sections, key=lambda s: s.no):
        b = Builder(sec.no)
        paras = [Para.of(t, pv) for t, pv in zip_provs(sec.paragraphs, sec.line_provs)]
        groups: dict[str, list[Para]] = {}
        for sub in sec.subsections:
            sp = [Para.of(t, pv) for t, pv in zip_provs(sub.paragraphs, sub.line_provs)]
            paras.extend(sp)
            for word in SUBSECTION_WORDS:
                if word in sub.title:
                    groups.setdefault(word, []).extend(sp)
        view.claims = claims
        if sec.no in EXTRACTORS:
            EXTRACTORS[sec.no](b, paras, view)
        elif sec.no in GROUPED:
            GROUPED[sec.no](b, paras, view, groups)
        if report.section(7) is None and sec.no != 7:
            sangong_items(b, paras)  # an excerpt's 三公 items under another section's heading
        if report.template is None:
            b = _better(b, claims_national.section_claims(sec, view))
        claims.extend(b.claims)
    return claims


def _better(sichuan: Builder, national: Builder) -> Builder:
    """A document no template fits (an excerpt, a statement): each section is read in whichever
    wording reads more of its figures, the Sichuan one on a tie."""
    def read(b: Builder) -> int:
        return len({c.at for c in b.claims if c.at is not None})
    return national if read(national) > read(sichuan) else sichuan


