"""The figures a 预算 disclosure's narrative states: 上海 预算编制说明 and 其他相关情况说明, 江苏
部门预算情况说明 (whole files and narrative-only files alike).

A budget narrative states this year's amounts, their change against the previous year's budget
(比2024年预算减少2,389.52万元; 与上年相比增加3205.79万元，增长13.11%) or against the previous year's
execution, printed in full (2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算
执行数减少57.14%), shares (基本支出11700.63万元，占42.30%) and 其中 lists (政府采购预算 = 货物 +
工程 + 服务). Which table cell a stated amount is, by its wording, is the template's knowledge
(narrative.amounts in the template YAML); this module only reads sentences.

Claims (model.Claim) of the kinds the narrative rules already judge: amount (with a table ref),
share, sum, at_most, yoy_amount, yoy_pct, flat; and `yoy_prior` (a change stated together with the
previous figure it is measured from: `budget` = the previous figure, `value` = the rate, `amount` =
the change, `subject` = this year's figure) for the budget rules (checks/budget.py).
"""

from __future__ import annotations

import re

from budgetlib import templates
from budgetlib.model import Claim, Ref, Report, Section
from budgetlib.numbers import decimals
from budgetlib.parse.claimtext import AMOUNT_DIRECTION, NUM, PCT, PCT_DIRECTION, Builder, Para
from budgetlib.parse.schedule_catalog import classify_title
from budgetlib.parse.structure import PLine, build_text, paragraphs_of
from budgetlib.templates import Template

# ---------------------------------------------------------------- where the narrative is

# a section heading of a budget narrative: 2025年部门预算编制说明, 第三部分 2019年度部门预算情况说明,
# 其他相关情况说明 (a 目录 line has leaders …… and is no heading)
_START = re.compile(r"预算编制说明$|预算情况说明$|其他相关情况说明$")
_STOP = re.compile(r"^第[一二三四五六七八九十]+部分|名词解释$|项目经费情况说明$|^目录$|绩效目标(?:填报)?表$")
MAX_HEADING = 40
# a page number the footer filter does not know: ─ 14 ─ (江苏)
_FOLIO = re.compile(r"^[\s─━—–\-]*\d{1,3}[\s─━—–\-]*$")


def _heading(text: str) -> str | None:
    t = re.sub(r"\s+", "", text)
    if len(t) > MAX_HEADING or "…" in t or "。" in t:
        return None
    if _START.search(t):
        return "start"
    if _STOP.search(t) or classify_title(text) is not None:
        return "stop"
    return None


def narrative_sections(lines: list[PLine], table_pages: set[int], template: Template | None = None) -> list[Section]:
    """The narrative's sections, in order: each from a heading _START names to the next heading,
    table title or part; the lines of table pages are never narrative. A section is numbered by the
    template's plan when it names it, else by its place."""
    sections: list[Section] = []
    current: list[PLine] | None = None
    title = ""

    def close() -> None:
        if current:
            margin = min(ln.x0 for ln in current)
            no = template.section_no(title) if template is not None else None
            used = {x.no for x in sections}
            if no is None or no in used:  # unplanned, or printed twice: a number of its own (claim ids stay unique)
                no = max(used | {len(template.sections) if template else 0}) + 1
            sec = Section(no=no, title=title, page=current[0].page)
            for para in paragraphs_of(current, margin):
                text, provs = build_text(para)
                sec.paragraphs.append(text)
                sec.line_provs.append(provs)
            sections.append(sec)

    for ln in lines:
        if ln.page in table_pages or _FOLIO.match(ln.text):
            continue
        kind = _heading(ln.text)
        if kind == "start" and current is not None and re.match(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])", ln.text):
            kind = None  # 一、…预算情况说明 inside the section: a sub-heading, not a new section
        if kind == "start":
            close()
            current, title = [], ln.text.strip()
            continue
        if kind == "stop":
            close()
            current = None
            continue
        if current is not None:
            current.append(ln)
    close()
    return sections


# ---------------------------------------------------------------- sentences

AMT = NUM + r"(万元|元)"
CHANGE = r"(增减少|减增加|增加|减少|降低|下降|增长)"
RATE_WORD = r"(增长|下降|降低|减少|增加)"
# after a stated amount: its change against last year's budget (or execution)
_YOY = re.compile(
    r"^(?:[^。;]{0,24}?)(?:比|与|较)(?:上年|上一年|\d{4}年)度?(?:\([^)]{0,12}\))?(?:预算执行数|预算数|执行数|预算|数)?"
    r"(?:相比)?,?"
    r"(?:收、?支(?:预算)?总计各|财政拨款(?:收、?支总计各|支出))?"
    r"(?:" + CHANGE + r"了?" + AMT + r"(?:,?" + RATE_WORD + r"了?" + PCT + r")?"
    r"|" + CHANGE + r"了?" + PCT
    + r"|(持平|无变化|一致|相同|不变))")
# a change printed with the figure it is measured from (上海 2023/2024, the 普陀 inspection's example)
_PRIOR = re.compile(
    r"(\d{4})年(?:当年)?(?:预算执行数|预算数|执行数|预算)为?" + AMT + r",(\d{4})年(?:预算安排|预算数|预算)为?" + AMT
    + r",比(?:\d{4}年|上年)(?:当年)?(?:预算执行数|预算数|执行数|预算)?(增减少|减增加|增加|减少|降低|下降|增长|持平)了?"
    + r"(?:" + AMT + r",?)?"
    + r"(?:" + RATE_WORD + r"?了?" + PCT + r")?")
_SHARE = re.compile(r"^,?占(?:([^,;:。\d]{0,20}?)的)?" + PCT)  # (named whole, percentage)
_REASON = re.compile(r"主要原因(?:是|为)?[:：]?([^。]*)")
# a 科目 named by its 类/款/项 names: “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目,
# “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”, 住房改革支出（款）住房公积金（项）支出
_SUBJECT_DASH = re.compile(r"“([^”]+?)-([^”]+?)-([^”]+?)”(?:科目)?$")
_SUBJECT_LEVELS = re.compile(r"(?:([^()“”]+?)\(类\))?(?:([^()“”]+?)\(款\))?([^()“”]+?)\(项\)(?:支出)?”?$")
_LEI = re.compile(r"([^()“”,;:。]+?)\(类\)(?:支出)?$")
_LEAD = re.compile(r"^(?:其中:?|包括:?|此外,?|[(（]?[一二三四五六七八九十\d]+[)）.、．]|\d+\.|[一二三四五六七八九十]+、|\d{4}年度?,?)+")


def _label(para: Para, start: int) -> str:
    """The words before an amount, back to the previous clause mark."""
    before = para.norm[:start]
    cut = max(before.rfind(ch) for ch in ",;:。、")
    text = before[cut + 1:]
    prev = _LEAD.sub("", text)
    while prev != text:
        text, prev = prev, _LEAD.sub("", prev)
    return text


def _norm_name(text: str) -> str:
    return re.sub(r"[“”\"()（）\s]|支出$", "", text)


class _Refs:
    """Which table cell a stated amount is: the template's wording rules, then the 科目 names of its
    classification table (items_table)."""

    def __init__(self, report: Report) -> None:
        tpl = templates.get(report.template)  # no template: no cell is known (the claims still check each other)
        nar = tpl.narrative if tpl else {}
        self.rules = [(re.compile(p), Ref(t, r, c)) for p, t, r, c in nar.get("amounts") or ()]
        self.items_tables = list(nar.get("items_tables") or ())
        self.report = report

    def of(self, label: str) -> Ref | None:
        for rx, ref in self.rules:
            if rx.search(label):
                return Ref(ref.table, ref.row, ref.column)
        return self.item(label)

    def item(self, label: str) -> Ref | None:
        names: tuple[str | None, ...]
        if m := _SUBJECT_DASH.search(label):
            names = m.groups()
        elif (m := _SUBJECT_LEVELS.search(label)) and m.group(3):
            names = m.groups()
        elif m := _LEI.search(label):
            names = (m.group(1), None, None)
        else:
            return None
        lei, kuan, xiang = (_norm_name(n) if n else None for n in names)
        target = xiang or kuan or lei
        width = 7 if xiang else 5 if kuan else 3
        found = []
        for key in self.items_tables:
            sch = self.report.schedule(key)
            rows = [r for r in sch.rows if r.code.isdigit()] if sch is not None else []
            mine = [r for r in rows if len(r.code) == width and _norm_name(r.name) == target]
            if len(mine) > 1 and (kuan or lei):
                parents = {r.code for r in rows if _norm_name(r.name) in {kuan, lei}}
                mine = [r for r in mine if r.code[:5] in parents or r.code[:3] in parents] or mine
            found += [(key, r) for r in mine]
        if len(found) != 1:
            return None  # not printed, or in two tables (the narrative's figure is their sum)
        return Ref(found[0][0], found[0][1].key, "total")


def _claims_of(b: Builder, para: Para, refs: _Refs, prefix: str, state: dict) -> None:
    priors = list(_PRIOR.finditer(para.norm))
    used = {i for m in priors for i in range(m.start(), m.end())}
    placed: list[tuple[int, Claim]] = []  # (offset, amount claim) of this paragraph
    n = 0
    since = 0  # where the text after the previous amount starts
    for m in re.finditer(AMT, para.norm):
        if m.start() in used:
            continue
        if "其中" in para.norm[since:m.start()] and state.get("prev") is not None:
            state["total"] = state["prev"]  # X万元……其中：the parts that follow are X's
        since = m.end()
        if re.search(CHANGE + "了?$", para.norm[max(0, m.start() - 4):m.start()]):
            continue  # a change, read with the amount it follows (_YOY)
        label = _label(para, m.start())
        if not label or re.search(CHANGE + "了?$", label) or len(label) > 60:
            continue
        if re.match(r"^\(?含?\)?(?:及?以上|以下)", para.norm[m.end():]):
            continue  # a threshold (单价100万元（含）以上设备), not an amount
        n += 1
        cid = f"{prefix}.a{n}"
        c = b.add(para, m.start(1), cid, "amount", label, m.group(1), ref=refs.of(label),
                  unit="元" if m.group(2) == "元" else "万元")
        placed.append((m.start(), c))
        state["prev"] = c
        state.setdefault("amounts", []).append(c)
        after = para.norm[m.end():]
        if sm := _SHARE.match(after):
            named = _bare(sm.group(1) or "")
            whole = state.get("total")
            if named:  # 占“三公”经费的13.77%: the whole it names, else (not stated) the shares add up to 100
                whole = next((x for x in reversed(state.get("amounts", [])) if x is not c and named in _bare(x.label)),
                             None)
            if whole is None and named:
                state.setdefault("shares_of", {}).setdefault(named, []).append((para, m.end() + sm.start(2), c, sm.group(2)))
            elif whole is not None and whole is not c:
                b.add(para, m.end() + sm.start(2), f"{cid}.share", "share", f"{label}占比", sm.group(2),
                      part=c.id, whole=whole.id)
        if re.search(r"(?:合计|总计)$", label):
            state["total"] = c
        if ym := _YOY.match(after):
            _yoy(b, para, m.end(), ym, c, cid)
    for k, m in enumerate(priors, start=1):
        # the item the sentence is about: the last amount stated before it (this paragraph, else the last one)
        subject = next((c for pos, c in reversed(placed) if pos < m.start()), None) or state.get("last")
        _prior(b, para, m, subject, f"{prefix}.prior{k}", state)
    if placed:
        state["last"] = placed[-1][1]


def _prior(b: Builder, para: Para, m: re.Match, subject: Claim | None, cid: str, state: dict) -> None:
    """2023年当年预算执行数为P万元，2024年预算安排C万元，比2023年预算执行数增加(X万元，)Y%."""
    # the 预算安排 figure restates the item (budget.restated compares the two); its table cell is the item's
    label = f"{subject.label}（{m.group(4)}年预算安排）" if subject else f"{m.group(4)}年预算安排"
    cur = b.add(para, m.start(5), f"{cid}.current", "amount", label, m.group(5),
                unit="元" if m.group(6) == "元" else "万元")
    prior = b.add(para, m.start(2), f"{cid}.prior", "amount", f"{m.group(1)}年预算执行数", m.group(2),
                  unit="元" if m.group(3) == "元" else "万元")
    # value: the rate (Y%), amount: the change (X 万元); either may be absent
    b.add(para, m.start(7), cid, "yoy_prior", label, m.group(11), subject=cur.id, budget=prior.id,
          direction=AMOUNT_DIRECTION.get(m.group(7)), amount=m.group(8), unit="元" if m.group(9) == "元" else "万元",
          quote=_reason(para, m.end()))
    if subject is not None:
        state.setdefault("twins", []).append((subject.id, cur.id))


def _reason(para: Para, start: int) -> str:
    """The 主要原因 given for a change: in its sentence or the next one."""
    rest = para.norm[start:]
    stop = [i for i, ch in enumerate(rest) if ch == "。"][:2]
    window = rest[: stop[-1] if stop else len(rest)]
    m = _REASON.search(window)
    return m.group(1) if m else ""


def _yoy(b: Builder, para: Para, offset: int, m: re.Match, subject: Claim, cid: str) -> None:
    label = subject.label
    if m.group(1):  # 增加 X 万元 (， 增长 Y%)
        b.add(para, offset + m.start(2), f"{cid}.yoy_amount", "yoy_amount", label, m.group(2),
              direction=AMOUNT_DIRECTION[m.group(1)], subject=subject.id, unit="元" if m.group(3) == "元" else "万元",
              quote=_reason(para, offset + m.end()))
        if m.group(4):
            b.add(para, offset + m.start(5), f"{cid}.yoy_pct", "yoy_pct", label, m.group(5),
                  direction=PCT_DIRECTION[m.group(4)], subject=subject.id)
    elif m.group(6):  # 增加 Y% (no amount)
        b.add(para, offset + m.start(7), f"{cid}.yoy_pct", "yoy_pct", label, m.group(7),
              direction=PCT_DIRECTION[m.group(6)], subject=subject.id)
    elif m.group(8):  # 持平 / 无变化: the reason that follows must not describe a change
        rest = para.norm[offset + m.end():]
        end = rest.find("。")
        reason = _REASON.search(rest[: end if end >= 0 else len(rest)])
        b.add(para, offset + m.start(8), f"{cid}.flat", "flat", label, None, subject=subject.id,
              quote=reason.group(1) if reason else "")


def _sums(b: Builder, report: Report, section_claims: list[Claim]) -> None:
    """其中 lists the template declares complete (narrative.sums) and bounded (narrative.at_most)."""
    tpl = templates.get(report.template)
    nar = tpl.narrative if tpl else {}
    amounts = [c for c in section_claims if c.kind == "amount" and c.value is not None]

    def first(pattern: str, after: Claim | None = None) -> Claim | None:
        start = amounts.index(after) + 1 if after in amounts else 0
        return next((c for c in amounts[start:] if re.search(pattern, c.label)), None)

    for kind, specs in (("sum", nar.get("sums") or ()), ("at_most", nar.get("at_most") or ())):
        for k, spec in enumerate(specs, start=1):
            total = first(spec["total"])
            if total is None:
                continue
            parts = [first(p, total) for p in spec["parts"]]
            if any(p is None for p in parts):
                continue
            b.claims.append(Claim(id=f"s{b.section}.{kind}{k}", section=b.section, kind=kind, label=spec["label"],
                                  total=total.id, parts=[p.id for p in parts], sentence=total.sentence,
                                  prov=total.prov))


def _shares_of_unstated(b: Builder, state: dict) -> None:
    """Shares of a whole the text names but does not state (因公出国费70万元，占“三公”经费的13.77%；…):
    with at least two of them, they must add up to 100% (a sum claim of percentages)."""
    for k, (named, items) in enumerate((state.get("shares_of") or {}).items(), start=1):
        if len(items) < 2 or len({decimals(pct) for *_, pct in items}) > 1:
            continue  # 20.65% | 55.3% | 24%: printed to different places, their sum says little
        shares = [b.add(para, pos, f"{c.id}.share", "share_of_unstated", f"{c.label}占{named}比例", pct, part=c.id)
                  for para, pos, c, pct in items]
        b.claims.append(Claim(id=f"s{b.section}.shares{k}", section=b.section, kind="sum",
                              label=f"占{named}的各项比例之和", value="100", parts=[x.id for x in shares],
                              sentence=shares[0].sentence, prov=shares[0].prov))


def _bare(text: str) -> str:
    """A name for comparing wholes: no quotes, brackets, 预算/年度 words."""
    return re.sub(r"预算|年度|本年|[“”\"()（）]", "", text)


def extract_budget_claims(report: Report) -> list[Claim]:
    """Every claim of the narrative sections (report.sections) of a budget."""
    refs = _Refs(report)
    out: list[Claim] = []
    for sec in report.sections:
        b = Builder(sec.no)
        state: dict = {}
        for i, (text, provs) in enumerate(zip(sec.paragraphs, sec.line_provs or [[]] * len(sec.paragraphs))):
            _claims_of(b, Para.of(text, provs), refs, f"s{sec.no}.p{i + 1}", state)
        _sums(b, report, b.claims)
        _shares_of_unstated(b, state)
        for a, c in state.get("twins", []):
            b.claims.append(Claim(id=f"{c}.twin", section=sec.no, kind="twin", label="", parts=[a, c]))
        _vehicles(b, [Para.of(t, pv) for t, pv in zip(sec.paragraphs, sec.line_provs or [[]] * len(sec.paragraphs))],
                  f"s{sec.no}")
        out.extend(b.claims)
    return out


_VEHICLES = re.compile(r"截至(\d{4}年\d{1,2}月\d{1,2}日)[^。；]*?共有车辆(\d+)辆")


def _vehicles(b: Builder, paras: list[Para], prefix: str) -> None:
    """截至2024年8月31日，…共有车辆7辆，其中：部级领导干部用车0辆、…: the count and its parts, each a `figure`
    whose `quote` is the date it is counted at (the same date in two documents is the same quantity)."""
    from budgetlib.parse.claims_national import VEHICLES

    for p in paras:
        m = _VEHICLES.search(p.norm)
        if not m:
            continue
        total = b.add(p, m.start(2), f"{prefix}.veh.total", "figure", "车辆总数", m.group(2), unit="辆")
        total.quote = m.group(1)
        parts = []
        for vm in re.finditer("(" + "|".join(VEHICLES) + r")(\d+)辆", p.norm[m.end():]):
            part = b.add(p, m.end() + vm.start(2), f"{prefix}.veh.{VEHICLES.index(vm.group(1))}", "figure",
                         vm.group(1), vm.group(2), unit="辆")
            part.quote = m.group(1)
            parts.append(part)
        b.sum(f"{prefix}.veh.sum", "车辆构成", total, parts)
        return
