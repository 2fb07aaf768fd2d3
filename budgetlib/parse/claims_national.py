"""Every figure of the national template's 第三部分 情况说明 (2024 部门决算, sections 一–十一), as
typed claims with the ids, kinds and table references of the corpus_national truth
(README "narrative.claims"): s1.total, s5.item.2080505.rate, s7.vehicle.sum, s11.veh.3 …

The wording is the template's (spec/national_template.md); the extractors find each figure by the
words around it rather than by its paragraph or subsection, because a PDF's text layer does not
always keep the template's paragraph breaks (七's subsection titles run into the text). Tables are
the template's logical keys (income_expense_summary, gp_expense, sangong …).

Besides the truth's kinds, three claims feed checks the truth does not list: `flat` (a
year-on-year 持平 and the reason printed after it), `at_most` (SME contracts within the
procurement total) and the sum of 五（二）'s shares (s5.struct.shares, against 100).
Year, entity and 主要原因 text claims are read with the document structure, not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlib.model import Claim, Ref, Report, Section
from budgetlib.parse import classification
from budgetlib.parse.claimtext import (
    AMT,
    NONE_RE,
    PCT,
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

TEMPLATE = "national_dept_2024"

INCOME_ITEMS = (  # 二: the 收入决算表 合计 columns
    ("财政拨款收入", "fiscal"), ("上级补助收入", "superior"), ("事业收入", "business"), ("经营收入", "operating"),
    ("附属单位上缴收入", "affiliated"), ("其他收入", "other"),
)
EXPENSE_ITEMS = (  # 三: the 支出决算表 合计 columns
    ("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit"), ("经营支出", "operating"),
    ("对附属单位补助支出", "subsidy"),
)
SANGONG_ITEMS = (  # (printed name, sangong column, label); the czj table says 运行费, its text 运行维护费
    ("因公出国(境)费", "abroad", "因公出国（境）费"),
    ("公务用车购置及运行维护费", "vehicle", "公务用车购置及运行维护费"),
    ("公务用车购置及运行费", "vehicle", "公务用车购置及运行维护费"),
    ("公务接待费", "reception", "公务接待费"),
)
VEHICLES = ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车",
            "特种专业技术用车", "离退休干部用车", "其他用车")  # 十一（三）, the template's order = truth ids .0–.7
GRADES = (("优", "a"), ("良", "b"), ("合格", "c"), ("不合格", "d"))
PERF_STAGES = (("编报绩效目标", "target"), ("绩效跟踪评价", "track"), ("绩效自评", "self"))
PERF_LABELS = {"target": "编报绩效目标", "track": "绩效跟踪评价", "self": "绩效自评"}

# 决算数大于预算数 / 决算数与预算数基本持平: the printed word, and the order it states
DIR_RE = re.compile(r"决算数(?:(大于|小于|等于|超过|低于)预算数|与预算数(基本持平|持平|相等|一致|相同))")
DIR_WORD = {"超过": "大于", "低于": "小于", "相等": "等于", "一致": "等于", "相同": "等于"}
# N、X（类）Y（款）Z（项）: one 项 of 五（三） or 八/九
ITEM_RE = re.compile(r"(?:^|[。:;])\d+、(.+?)\(类\)(.+?)\(款\)(.+?)\(项\)")
BUDGET_RE = re.compile(r"年初预算(?:数)?为" + AMT + r",?(?:支出)?决算(?:数)?为" + AMT
                       + r"(?:,完成(?:年初)?预算(?:的)?" + PCT + ")?")
FLAT_RE = re.compile(r"(?:相比|比\d{4}年度?|与\d{4}年度?)[^。]{0,30}?持平")
REASON_RE = re.compile(r"主要原因(?:是|为)?:?([^。]*)")


def extract(report: Report) -> list[Claim]:
    claims: list[Claim] = []
    # earlier sections' claims are visible to later ones (五's share of 三's 本年支出合计)
    view = Report(schedules=report.schedules, template=report.template)
    for sec in sorted(report.sections, key=lambda s: s.no):
        view.claims = claims
        claims.extend(section_claims(sec, view).claims)
    return claims


def section_claims(sec: Section, view: Report) -> Builder:
    """The claims of one section in the national wording (`view` holds the earlier sections' claims)."""
    b = Builder(sec.no)
    if sec.no in EXTRACTORS:
        EXTRACTORS[sec.no](b, _paras(sec), view)
    return b


def _paras(sec: Section) -> list[Para]:
    paras = [Para.of(t, pv) for t, pv in zip_provs(sec.paragraphs, sec.line_provs)]
    for sub in sec.subsections:
        paras.extend(Para.of(t, pv) for t, pv in zip_provs(sub.paragraphs, sub.line_provs))
    return paras


def _rows(report: Report, *keys: str) -> list[tuple[str, str]]:
    """(code, name) of the classification schedules, to name the narrative's 类/项 by code."""
    out = []
    for key in keys:
        s = report.schedule(key)
        if s:
            out.extend((r.code, r.name) for r in s.rows if r.code)
    return out


def _sentence_end(para: Para, pos: int) -> int:
    end = para.norm.find("。", pos)
    return len(para.norm) if end < 0 else end


# ---------------------------------------------------------------- shared pieces


def _yoy_or_flat(b: Builder, paras: list[Para], p: Para, subject: Claim, prefix: str, label: str, start: int) -> None:
    """与上年相比 增加/减少 X 万元，增长/下降 Y% after `start`, or 持平 and the reason printed after it."""
    m = YOY_RE.search(p.norm, start)
    f = FLAT_RE.search(p.norm, start)
    if m and (f is None or m.start() < f.start()):
        b.yoy_match(p, m, subject, prefix, label)
    elif f:
        b.add(p, f.end() - 2, f"{prefix}.flat", "flat", label, "持平", subject=subject.id,
              quote=_reason(paras, p, f.end()))


def _reason(paras: list[Para], p: Para, start: int) -> str:
    """The 主要原因 of the sentence at `start` or of the next one; a reason broken into the next
    paragraph (czj 四: 主要原因：⏎基本支出中…) is followed there."""
    m = REASON_RE.search(p.norm, start, _sentence_end(p, _sentence_end(p, start) + 1))
    if m is None:
        return ""
    if m.group(1) or m.end() < len(p.norm):
        return _printed(p, m.start(1), m.end(1))
    i = paras.index(p)
    nxt = paras[i + 1] if i + 1 < len(paras) else None
    return _printed(nxt, 0, _sentence_end(nxt, 0)) if nxt else ""


def _printed(p: Para, start: int, end: int) -> str:
    """The printed text behind norm offsets [start, end)."""
    if start >= end:
        return ""
    return re.sub(r"\s+", "", p.orig[p.index[start]: p.index[end - 1] + 1])


def _direction(b: Builder, para: Para, m: re.Match | None, id: str, label: str, amount: Claim,
               budget: Claim) -> None:
    if m is not None:
        word = m.group(1) or m.group(2)
        b.add(para, m.start(), id, "direction", label, DIR_WORD.get(word, word), amount=amount.id, budget=budget.id)


def _items(b: Builder, paras: list[Para], prefix: str, table: str, rows: list[tuple[str, str]]) -> list[tuple[Claim, Claim]]:
    """五（三） / 八 / 九 per 项: 年初预算为A万元，支出决算为B万元[，完成年初预算的C%]。决算数大于/小于/等于预算数.
    Returns the (budget, actual) claims of each 项."""
    out = []
    para = _joined(paras)  # a 项 may run over a paragraph break of the text layer
    heads = list(ITEM_RE.finditer(para.norm))
    for n, im in enumerate(heads, start=1):
        end = heads[n].start() if n < len(heads) else len(para.norm)
        bm = BUDGET_RE.search(para.norm, im.end(), end)
        if bm is None:
            continue
        code = classification.item_code(im.group(1), im.group(2), im.group(3), rows)
        key = f"{prefix}.{code or n}"
        label = code or f"{im.group(1)}{im.group(2)}{im.group(3)}"
        budget = b.amount(para, bm, 1, f"{key}.budget", f"{label}年初预算")
        actual = b.amount(para, bm, 3, key, f"{label}支出决算", Ref(table, code, "total") if code else None)
        _direction(b, para, DIR_RE.search(para.norm, bm.end(), end), f"{key}.dir", f"{label}决算数与预算数",
                   actual, budget)
        if bm.group(5) is not None:
            b.add(para, bm.start(5), f"{key}.rate", "budget_rate", f"{label}完成年初预算", bm.group(5),
                  amount=actual.id, budget=budget.id)
        out.append((budget, actual))
    return out


def _joined(paras: list[Para]) -> Para:
    """The paragraphs as one, each keeping its printed lines' places."""
    text, provs, sources, offset = [], [], [], 0
    for p in paras:
        text.append(p.orig)
        provs.extend((off + offset, prov) for off, prov in p.provs)
        sources.append((offset, p.orig))
        offset += len(p.orig)
    joined = Para.of("".join(text), provs)
    joined.sources = sources
    return joined


def _none(b: Builder, paras: list[Para], word: str, id: str, ref: Ref) -> bool:
    """无…支出, outside a 主要原因 (czj: 主要原因：当年度无“三公”经费支出)."""
    rx = re.compile(NONE_RE.format(word))
    for p in paras:
        for m in rx.finditer(p.norm):
            if "原因" not in p.sentence(m.start()):
                b.none(p, m, id, ref)
                return True
    return False


# ---------------------------------------------------------------- 一 to 十一


def s1(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"收入支出总计(?:为)?" + AMT)
    if p:
        total = b.amount(p, m, 1, "s1.total", "收入支出总计", Ref("income_expense_summary", "in.grand", "amount"))
        _yoy_or_flat(b, paras, p, total, "s1", "收入支出总计", m.end())


def s2(b: Builder, paras: list[Para], report: Report) -> None:
    composition(b, paras, "本年收入合计", Ref("income_expense_summary", "in.total_year", "amount"), INCOME_ITEMS,
                lambda k: Ref("income", "total", k), "s2", "本年收入合计", "收入构成")


def s3(b: Builder, paras: list[Para], report: Report) -> None:
    composition(b, paras, "本年支出合计", Ref("income_expense_summary", "out.total_year", "amount"), EXPENSE_ITEMS,
                lambda k: Ref("expense", "total", k), "s3", "本年支出合计", "支出构成")


def s4(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"财政拨款收入支出总计(?:为)?" + AMT)
    if p:
        total = b.amount(p, m, 1, "s4.total", "财政拨款收入支出总计", Ref("fiscal_summary", "in.grand", "amount"))
        _yoy_or_flat(b, paras, p, total, "s4", "财政拨款收入支出总计", m.end())


GP = "一般公共预算财政拨款"
GP_TOTAL = Ref("gp_expense", "total", "total")


def s5(b: Builder, paras: list[Para], report: Report) -> None:
    # (一) 总体: the first amount that is neither (二)'s 主要用于 nor (三)'s 年初预算
    p, m = search(paras, GP + r"支出(?:决算)?(?:为)?" + AMT + r"(?!,?主要用于)(?:,占本年支出合计的" + PCT + ")?")
    if p:
        total = b.amount(p, m, 1, "s5.total", GP + "支出", GP_TOTAL)
        s3_total = report.claim("s3.total")
        if m.group(3) is not None and s3_total is not None:
            b.add(p, m.start(3), "s5.total.share", "share", GP + "支出占本年支出合计", m.group(3),
                  part=total.id, whole=s3_total.id)
        _yoy_or_flat(b, paras, p, total, "s5", GP + "支出", m.end())
    _structure(b, paras, report)
    _detail(b, paras, report)


def _structure(b: Builder, paras: list[Para], report: Report) -> None:
    """(二) 主要用于以下方面：X支出（类）A万元，占P%；…"""
    p, m = search(paras, GP + r"支出(?:决算)?(?:为)?" + AMT + r",?主要用于(?:以下方面)?:?")
    if not p:
        return
    whole = b.amount(p, m, 1, "s5.struct.total", GP + "支出（结构）", GP_TOTAL)
    rows = _rows(report, "gp_expense", "expense", "income")
    parts, shares = [], []
    end = _sentence_end(p, m.end())
    pos = m.end()
    for piece in re.split(r"(;)", p.norm[m.end():end]):
        im = re.match(r"^(.+?)(?:\(类\))?" + AMT + SHARE, piece)
        if im:
            name = im.group(1)
            code = classification.class_code(name, rows)
            rel = Shift(im, pos)
            part = b.amount(p, rel, 2, f"s5.class.{code or len(parts) + 1}", name,
                            Ref("gp_expense", code, "total") if code else None)
            b.share(p, rel, 4, part, whole, f"{name}占比")
            parts.append(part)
            if im.group(4) is not None:
                shares.append(b.claims[-1])
        pos += len(piece)
    b.sum("s5.struct.sum", GP + "支出结构", whole, parts)
    if len(shares) > 1:  # shares of one whole: they add up to 100 (rule narrative.sum)
        b.claims.append(Claim(id="s5.struct.shares", section=b.section, kind="sum", label="各类支出占比之和",
                              value="100", parts=[s.id for s in shares], sentence=whole.sentence, prov=whole.prov))


def _detail(b: Builder, paras: list[Para], report: Report) -> None:
    """(三) 年初预算为A万元，支出决算为B万元，完成年初预算的C%。决算数大于预算数…其中：each 项."""
    p, m = search(paras, GP + r"支出" + BUDGET_RE.pattern)
    if p:
        budget = b.amount(p, m, 1, "s5.detail.budget", GP + "年初预算")
        total = b.amount(p, m, 3, "s5.detail.total", GP + "支出决算", GP_TOTAL)
        if m.group(5) is not None:
            b.add(p, m.start(5), "s5.detail.rate", "budget_rate", GP + "完成年初预算", m.group(5),
                  amount=total.id, budget=budget.id)
        head = ITEM_RE.search(p.norm, m.end())
        _direction(b, p, DIR_RE.search(p.norm, m.end(), head.start() if head else len(p.norm)),
                   "s5.detail.dir", GP + "决算数与预算数", total, budget)
    items = _items(b, paras, "s5.item", "gp_expense", _rows(report, "gp_expense", "expense", "income"))
    if p and items:
        b.sum("s5.items.budget.sum", "各项年初预算之和", budget, [x[0] for x in items])
        b.sum("s5.items.actual.sum", "各项支出决算之和", total, [x[1] for x in items])


def s6(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"基本支出(?:决算)?(?:为)?" + AMT)
    total = b.amount(p, m, 1, "s6.total", GP + "基本支出", Ref("gp_expense", "total", "basic")) if p else None
    parts = []
    for key, name in (("personnel", "人员经费"), ("public", "公用经费")):
        p, m = search(paras, name + r"(?:支出)?(?:为)?" + AMT)
        if p:
            parts.append(b.amount(p, m, 1, f"s6.{key}", name, Ref("gp_basic", f"{key}_total", "amount")))
    b.sum("s6.sum", "基本支出构成", total, parts)


SANGONG = "“?三公”?经费(?:财政拨款)?支出"


def _sg(row: str, column: str) -> Ref:
    return Ref("sangong", row, column)


def _sangong_items(para: Para, start: int, tail: str) -> Iterator[tuple[str, str, re.Match]]:
    """(column, label, match) of each 三公 item named in the sentence from `start`, `tail` after its name."""
    end = _sentence_end(para, start)
    seen = set()
    for name, key, label in SANGONG_ITEMS:
        if key in seen:
            continue
        m = re.compile(re.escape(name) + tail).search(para.norm, start, end)
        if m:
            seen.add(key)
            yield key, label, m


def s7(b: Builder, paras: list[Para], report: Report) -> None:
    _sangong_budget(b, paras)
    _sangong_yoy(b, paras)
    _sangong_shares(b, paras)
    _sangong_detail(b, paras)
    none_id = "s7.none2" if b.claims else "s7.none"  # (二) says 无 after (一)'s figures, or 七 is that one line
    _none(b, paras, "三公”?经费", none_id, _sg("actual", "total"))


def _sangong_budget(b: Builder, paras: list[Para]) -> None:
    """(一) 年初预算为A万元，支出决算为B万元，完成预算的C%，其中：…；决算数小于预算数的主要原因."""
    p, m = search(paras, SANGONG + r"(?:年初)?预算(?:数)?为" + AMT + r",(?:支出)?决算(?:数)?为" + AMT
                  + r"(?:,完成(?:年初)?预算(?:的)?" + PCT + ")?")
    if not p:
        return
    budget = b.amount(p, m, 1, "s7.budget", "“三公”经费年初预算", _sg("budget", "total"))
    total = b.amount(p, m, 3, "s7.total", "“三公”经费支出决算", _sg("actual", "total"))
    if m.group(5) is not None:
        b.add(p, m.start(5), "s7.rate", "budget_rate", "“三公”经费完成预算", m.group(5), amount=total.id, budget=budget.id)
    for key, label, im in _sangong_items(p, m.end(), r"(?:支出)?决算(?:数)?为" + AMT
                                         + r"(?:,完成(?:年初)?预算(?:的)?" + PCT + ")?"):
        item = b.amount(p, im, 1, f"s7.{key}", label, _sg("actual", key))
        if im.group(3) is not None:
            b.add(p, im.start(3), f"s7.{key}.rate", "budget_rate", f"{label}完成预算", im.group(3),
                  amount=item.id, budget_ref=_sg("budget", key))
    _direction(b, p, DIR_RE.search(p.norm, m.end()), "s7.dir", "“三公”经费决算数与预算数", total, budget)


def _sangong_yoy(b: Builder, paras: list[Para]) -> None:
    """…支出决算数比2023年度增加/减少X万元，增长/下降Y%，其中：因公出国（境）费支出决算持平；…"""
    p, m = search(paras, SANGONG + r"决算(?:数)?(?:比\d{4}年度?|与\d{4}年度?(?:相比)?)")
    if not p:
        return
    total = _claim(b, "s7.total")
    if total is not None:
        _yoy_or_flat(b, paras, p, total, "s7", "“三公”经费财政拨款支出", m.start())
    start = p.norm.find("其中", m.end())
    if start < 0:
        return
    for pos, piece in list_items(p, start):
        for name, key, label in SANGONG_ITEMS:
            at = piece.find(name)
            subject = _claim(b, f"s7.{key}")
            ym = YOY_RE.search(piece, at) if at >= 0 else None
            if ym and subject is not None:
                b.yoy_match(p, Shift(ym, pos), subject, f"s7.{key}", f"{label}支出")
                break


def _sangong_shares(b: Builder, paras: list[Para]) -> None:
    """(二) 支出决算中，因公出国（境）费支出决算A万元，占P%；…"""
    p, m = search(paras, SANGONG + r"决算中")
    if not p:
        return
    total = _claim(b, "s7.total")
    parts = []
    for key, label, im in _sangong_items(p, m.end(), r"(?:支出)?(?:决算)?(?:为)?" + AMT + SHARE):
        d = b.amount(p, im, 1, f"s7.{key}.d", label, _sg("actual", key))
        b.share(p, im, 3, _claim(b, f"s7.{key}") or d, total, f"{label}占比")
        parts.append(d)
    if p.norm.find("。", m.end()) >= 0:  # a list cut off before its full stop (an excerpt) is not summed
        b.sum("s7.sum", "“三公”经费构成", total, parts)


def _sangong_detail(b: Builder, paras: list[Para]) -> None:
    """具体情况：1、因公出国（境）费支出A万元 … 2、公务用车购置及运行维护费支出B万元。其中：公务用车购置支出为…"""
    for name, key, label in SANGONG_ITEMS:
        if _claim(b, f"s7.{key}.e"):
            continue
        p, m = search(paras, r"\d+、" + re.escape(name) + r"(?:支出)?(?:为)?" + AMT)
        if not p:
            continue
        e = b.amount(p, m, 1, f"s7.{key}.e", label, _sg("actual", key))
        end = _next_item(p, m.end())
        if key == "vehicle":
            parts = []
            for sub, column, sub_label in (("购置", "vehicle_buy", "公务用车购置费"),
                                           ("运行维护", "vehicle_run", "公务用车运行维护费")):
                sm = re.compile(r"公务用车" + sub + r"(?:支出|费)?(?:为)?" + AMT).search(p.norm, m.end(), end)
                if sm:
                    parts.append(b.amount(p, sm, 1, f"s7.{column}", sub_label, _sg("actual", column)))
            b.sum("s7.vehicle.sum", "公务用车购置及运行维护费构成", e, parts)
            fm = re.compile(r"公务用车保有量(?:为)?(\d+)辆").search(p.norm, m.end(), end)
            if fm:
                b.add(p, fm.start(1), "s7.fleet", "figure", "公务用车保有量", fm.group(1), unit="辆")
        elif key == "reception":
            dm = re.compile(r"国内公务接待(?:支出|费)?(?:为)?" + AMT).search(p.norm, m.end(), end)
            if dm:
                b.amount(p, dm, 1, "s7.reception.domestic", "国内公务接待支出")


def _next_item(p: Para, start: int) -> int:
    m = re.compile(r"\d+、").search(p.norm, start)
    return m.start() if m else len(p.norm)


def _claim(b: Builder, claim_id: str) -> Claim | None:
    return next((c for c in b.claims if c.id == claim_id), None)


FUNDS = {8: ("政府性基金", "gov_fund"), 9: ("国有资本经营", "soe_capital")}


def _fund(b: Builder, paras: list[Para], report: Report) -> None:
    """八 / 九: 无…收入和支出, or 收入A万元，支出B万元 and each 项 as in 五（三）."""
    word, table = FUNDS[b.section]
    if _none(b, paras, word, f"s{b.section}.none", Ref(table, "total", "total")):
        return
    p, m = search(paras, word + r"预算财政拨款收入(?:为)?" + AMT + r",?(?:支出)?(?:为)?" + AMT)
    if p:
        b.amount(p, m, 1, f"s{b.section}.income", f"{word}预算财政拨款收入", Ref(table, "total", "income"))
        b.amount(p, m, 3, f"s{b.section}.total", f"{word}预算财政拨款支出", Ref(table, "total", "total"))
    _items(b, paras, f"s{b.section}.item", table, _rows(report, table))


def s10(b: Builder, paras: list[Para], report: Report) -> None:
    for word, key in PERF_STAGES:
        p, m = search(paras, word + r"的\d{4}年度项目(\d+)个,?涉及预算金额" + AMT)
        if p:
            b.add(p, m.start(1), f"s10.{key}.count", "figure", f"{PERF_LABELS[key]}项目个数", m.group(1), unit="个")
            b.add(p, m.start(2), f"s10.{key}.amount", "figure", f"{PERF_LABELS[key]}涉及预算金额", m.group(2))
    p, m = search(paras, r"平均得分" + r"(\d+(?:\.\d+)?)分")
    if p:
        b.add(p, m.start(1), "s10.avg", "figure", "绩效自评平均得分", m.group(1), unit="分")
    grades = []
    for p in paras:
        for m in re.finditer(r"评级为“?(优|良|合格|不合格)”?的项目(\d+)个", p.norm):
            key = dict(GRADES)[m.group(1)]
            grades.append(b.add(p, m.start(2), f"s10.grade.{key}", "figure", f"绩效评级为{m.group(1)}的项目个数",
                                m.group(2), unit="个"))
    b.sum("s10.grade.sum", "绩效评级项目个数之和", _claim(b, "s10.self.count"), grades)
    p, m = search(paras, r"发现问题(\d+)个,?已(?:经)?完成整改的(\d+)个,?正在整改的(\d+)个")
    if p:
        total = b.add(p, m.start(1), "s10.problems", "figure", "绩效自评发现问题个数", m.group(1), unit="个")
        done = b.add(p, m.start(2), "s10.problems.done", "figure", "已完成整改问题个数", m.group(2), unit="个")
        doing = b.add(p, m.start(3), "s10.problems.doing", "figure", "正在整改问题个数", m.group(3), unit="个")
        b.sum("s10.problems.sum", "整改问题个数之和", total, [done, doing])


PROCUREMENT = (  # 十一（二）: (claim key, label, the words before the amount)
    ("res_sme", "面向中小企业预留项目预算金额", r"面向中小企业预留政府采购项目预算金额(?:为)?"),
    ("res_small", "面向小微企业预留项目预算金额", r"面向小微企业预留政府采购项目预算金额(?:为)?"),
    ("won_sme", "预留项目中小企业中标金额", r"面向中小企业预留的?政府采购项目中,由中小企业供应商中标或成交的,采购金额(?:为)?"),
    ("won_small", "预留项目小微企业中标金额", r"面向小微企业预留的?政府采购项目中,由小微企业供应商中标或成交的,采购金额(?:为)?"),
    ("other_sme", "其他项目中小企业中标金额", r"其他政府采购项目中,由中小企业供应商中标或成交的,采购金额(?:为)?"),
)


def s11(b: Builder, paras: list[Para], report: Report) -> None:
    p, m = search(paras, r"机关运行经费支出(?:决算)?(?:为)?" + AMT)
    if p:
        office = b.amount(p, m, 1, "s11.office", "机关运行经费")
        _yoy_or_flat(b, paras, p, office, "s11.office", "机关运行经费支出", m.end())
        public = report.claim("s6.public")
        if public is not None:
            # 机关运行经费 is the 日常公用经费 of the 行政/参公 units: part of 六's 公用经费 (equal to it
            # when the department is one administrative budget unit, which the narrative cannot tell)
            b.claims.append(Claim(id="s11.office.bound", section=b.section, kind="at_most",
                                  label="机关运行经费与公用经费", total=public.id, parts=[office.id],
                                  sentence=office.sentence, prov=office.prov))
    _procurement(b, paras)
    _assets(b, paras)


def _procurement(b: Builder, paras: list[Para]) -> None:
    p, m = search(paras, r"政府采购金额(?:\(以合同签订为准\))?(?:为)?" + AMT)
    total = b.amount(p, m, 1, "s11.proc.total", "政府采购金额") if p else None
    if p:
        parts = []
        for key, word in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
            im = re.compile(word + r"采购(?:金额)?(?:为)?" + AMT).search(p.norm, m.end(), _sentence_end(p, m.end()))
            if im:
                parts.append(b.amount(p, im, 1, f"s11.proc.{key}", f"{word}采购金额"))
        b.sum("s11.proc.sum", "政府采购构成", total, parts)
    for key, label, words in PROCUREMENT:
        p, m = search(paras, words + AMT)
        if p:
            b.amount(p, m, 1, f"s11.proc.{key}", label)
    won, other = _claim(b, "s11.proc.won_sme"), _claim(b, "s11.proc.other_sme")
    if total is not None and won is not None and other is not None:
        # contracts won by SMEs, in reserved and in other projects, are part of all procurement
        b.claims.append(Claim(id="s11.proc.sme", section=b.section, kind="at_most", label="中小企业中标金额",
                              total=total.id, parts=[won.id, other.id], sentence=won.sentence, prov=won.prov))


def _assets(b: Builder, paras: list[Para]) -> None:
    p, m = search(paras, r"共有车辆(\d+)辆")
    if p:
        total = b.add(p, m.start(1), "s11.veh.total", "figure", "车辆总数", m.group(1), unit="辆")
        parts = []
        for vm in re.finditer("(" + "|".join(VEHICLES) + r")(\d+)辆", p.norm[m.end():]):
            parts.append(b.add(p, m.end() + vm.start(2), f"s11.veh.{VEHICLES.index(vm.group(1))}", "figure",
                               vm.group(1), vm.group(2), unit="辆"))
        b.sum("s11.veh.sum", "车辆构成", total, parts)
    p, m = search(paras, r"单价\d+万元(?:\(含\))?以上(?:的)?设备(?:\(不含车辆\))?(\d+)台")
    if p:
        b.add(p, m.start(1), "s11.equip", "figure", "单价100万元以上设备", m.group(1), unit="台（套）")


EXTRACTORS = {1: s1, 2: s2, 3: s3, 4: s4, 5: s5, 6: s6, 7: s7, 8: _fund, 9: _fund, 10: s10, 11: s11}
