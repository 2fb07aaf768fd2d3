"""Rules of the judgement family: what an inspector writes down beyond the arithmetic.

The kinds on a real inspector's checklist that apply to every disclosure, whatever its template:
wording that cannot be right (a reason announced and not given, a change whose direction its own
figures contradict, the same item with two amounts in one paragraph), names out of date, the wrong
document noun, and what the PDF itself shows badly (missing glyphs, a blank page after the 目录).

Every rule reads the narrative as printed (`Report.sections`; the 目录 and the part headings where
they say so) and is conservative: it fires only on a pattern that has no innocent reading, so a clean
report gets no judgement finding at all. Text is compared with whitespace removed and full-width
digits made ASCII; punctuation is kept as printed (it is what two of the rules look at).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from budgetlib import templates
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import HUNDRED, classify
from budgetlib.model import Finding, LineProvs, Prov, Report, prov_at
from budgetlib.numbers import decimals, fmt, try_amount

SUBJECTS_FILE = Path(__file__).resolve().parent / "subjects.yaml"
CONTEXT_CHARS = 12  # characters either side of a hit quoted in a message
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")


# ---------------------------------------------------------------- passages of text


@dataclass
class Passage:
    """One printed paragraph or title, whitespace removed, that maps back to where it was printed."""

    text: str
    index: list[int]  # offset in `text` → offset in the printed string (for its line provenance)
    provs: LineProvs = field(default_factory=list)
    section: int | None = None
    page: int | None = None
    field: str | None = None  # toc | headings, for the texts outside 第二部分's sections

    @classmethod
    def of(cls, printed: str, provs: LineProvs | None = None, **where) -> Passage:
        chars, index = [], []
        for i, ch in enumerate(printed):
            if ch.isspace():
                continue
            if "０" <= ch <= "９":  # full-width digits read as digits; punctuation stays as printed
                ch = chr(ord(ch) - 0xFEE0)
            chars.append(ch)
            index.append(i)
        return cls("".join(chars), index, provs or [], **where)

    def prov(self, pos: int) -> Prov | None:
        return prov_at(self.provs, self.index[min(pos, len(self.index) - 1)] if self.index else 0)

    def where(self, pos: int = 0) -> dict:
        prov = self.prov(pos)
        return {"section": self.section, "field": self.field,
                "page": prov.page if prov else self.page, "bbox": prov.bbox if prov else None}

    def around(self, start: int, end: int | None = None) -> str:
        """The hit with a little of the text either side, for the message."""
        end = start + 1 if end is None else end
        lo, hi = max(0, start - CONTEXT_CHARS), min(len(self.text), end + CONTEXT_CHARS)
        return ("…" if lo else "") + self.text[lo:hi] + ("…" if hi < len(self.text) else "")


def narrative(report: Report) -> list[Passage]:
    """Every title and paragraph of 第二部分, in order."""
    out = []
    for s in sorted(report.sections, key=lambda s: s.no):
        out.append(Passage.of(s.title, section=s.no, page=s.page))
        for i, p in enumerate(s.paragraphs):
            out.append(Passage.of(p, s.line_provs[i] if i < len(s.line_provs) else None, section=s.no, page=s.page))
        for sub in s.subsections:
            out.append(Passage.of(sub.title, section=s.no, page=sub.page or s.page))
            for i, p in enumerate(sub.paragraphs):
                provs = sub.line_provs[i] if i < len(sub.line_provs) else None
                out.append(Passage.of(p, provs, section=s.no, page=sub.page or s.page))
    return out


def front_matter(report: Report) -> list[Passage]:
    """The 目录 entries and the part headings (第X部分): titles the sections do not hold."""
    out = [Passage.of(t, field="toc", page=report.toc_page) for t in report.toc]
    out += [Passage.of(h, field="headings") for h in report.headings if PART_HEADING.match(h.strip())]
    return out


def _finding(rule_id: str, severity: str, passage: Passage, pos: int, message: str, **extra) -> Finding:
    return Finding(rule=rule_id, severity=severity, message=message, **{**passage.where(pos), **extra})


# ---------------------------------------------------------------- punctuation


PUNCT_RUN = re.compile(r"[。，、；：！？]{2,}")
OPENERS = {"（": "paren", "(": "paren", "“": "dquote", "‘": "squote", "《": "book", "【": "bracket"}
CLOSERS = {"）": "paren", ")": "paren", "”": "dquote", "’": "squote", "》": "book", "】": "bracket"}
PAIR_ZH = {"paren": "括号", "dquote": "引号", "squote": "单引号", "book": "书名号", "bracket": "方括号"}


def _unbalanced(text: str) -> list[tuple[int, str]]:
    """(offset, the mark) of each closing mark without an opener and each opener never closed.
    Full- and half-width brackets pair with each other: a mixed pair is untidy, not unbalanced."""
    stack: list[tuple[int, str]] = []
    bad = []
    for i, ch in enumerate(text):
        if ch in OPENERS:
            stack.append((i, ch))
        elif ch in CLOSERS:
            if stack and OPENERS[stack[-1][1]] == CLOSERS[ch]:
                stack.pop()
            else:
                bad.append((i, ch))
    return sorted(bad + stack)


@rule("judgement.punctuation", "标点重复或不成对", "info")
def punctuation(ctx: Context) -> Iterator[Finding]:
    """第二部分各段：不得出现连续的句读标点（“。。”“，。”）；括号、引号、书名号须成对

    理由：检查表把标点错误列为公开质量问题；它不影响数字，故为提示。全角与半角括号互相配对（混用不算不成对）。"""
    for p in narrative(ctx.report):
        for m in PUNCT_RUN.finditer(p.text):
            yield _finding("judgement.punctuation", "info", p, m.start(), stated=m.group(0),
                           message=f"标点重复：“{m.group(0)}”（{p.around(m.start(), m.end())}）")
        for i, ch in _unbalanced(p.text):
            kind = PAIR_ZH[OPENERS.get(ch) or CLOSERS[ch]]
            how = "未闭合" if ch in OPENERS else "没有对应的前半"
            yield _finding("judgement.punctuation", "info", p, i, stated=ch,
                           message=f"{kind}不成对：“{ch}”{how}（{p.around(i)}）")


# ---------------------------------------------------------------- incomplete sentences


# A phrase that announces what follows, then the sentence ends at once: "主要原因是。", "主要用于：。"
ANNOUNCE = r"(?:主要原因(?:是|为|系)?|原因(?:是|为|系)|主要用于|用于|主要包括|包括|主要有|主要是|具体为)"
INCOMPLETE = re.compile(ANNOUNCE + r"[：:，,]?(?=[。；;])")


@rule("judgement.incomplete_sentence", "句子不完整", "warning")
def incomplete_sentence(ctx: Context) -> Iterator[Finding]:
    """“主要原因是”“主要用于”等引出下文的词语之后紧接句号（或分号）：应说明的内容缺失

    理由：变动原因、资金用途是公开的规定内容，“主要原因是。”等于没有说明。段末的“其中：”“如下。”引出下一段的列表，不算。"""
    for p in narrative(ctx.report):
        for m in INCOMPLETE.finditer(p.text):
            end = m.end() + 1
            yield _finding("judgement.incomplete_sentence", "warning", p, m.start(), stated=p.text[m.start():end],
                           message=f"句子不完整：“{p.text[m.start():end]}”之后没有内容（{p.around(m.start(), end)}）")


# ---------------------------------------------------------------- outdated subject names


@dataclass(frozen=True)
class Renamed:
    old: str
    new: str
    since: int


@cache
def renamed_subjects() -> tuple[Renamed, ...]:
    data = templates.read_yaml(SUBJECTS_FILE) or {}
    return tuple(Renamed(str(r["old"]), str(r["new"]), int(r["since"])) for r in data.get("renamed") or [])


def _old_names(text: str) -> Iterator[tuple[re.Match, Renamed]]:
    for r in renamed_subjects():
        # "原医疗卫生与计划生育支出" names the old subject on purpose
        for m in re.finditer(r"(?<!原)" + re.escape(r.old) + r"(?:支出)?(?:[（(]类[)）])?", text):
            yield m, r


@rule("judgement.outdated_subject", "使用已更名的支出功能分类科目", "warning")
def outdated_subject(ctx: Context) -> Iterator[Finding]:
    """报告年度 ≥ 科目更名年度时，说明与附表中不应再出现旧科目名称（更名表：budgetlib/checks/subjects.yaml）

    理由：沿用旧科目名称（如2019年起的“医疗卫生与计划生育支出”，已更名为“卫生健康支出”）说明报告套用了旧模板，
    其中的数字也可能未按新科目归集。写作“原××支出”的有意对照不算。"""
    rep = ctx.report
    hits = []
    for p in narrative(rep) + front_matter(rep):
        hits += [(m.group(0), r, p.where(m.start())) for m, r in _old_names(p.text)]
    for sch in rep.schedules.values():
        for row in sch.all_rows():
            name = re.sub(r"\s+", "", row.name or "")
            hits += [(m.group(0), r, {**sch.where, "row": row.key, "page": row.prov.page if row.prov else None,
                                      "bbox": row.prov.bbox if row.prov else None})
                     for m, r in _old_names(name)]
    if hits and rep.year is None:
        yield could_not_check("judgement.outdated_subject", "未识别报告年度，无法判断科目名称是否过时")
        return
    for printed, r, where in hits:
        if rep.year is not None and rep.year >= r.since:
            place = where.get("table_label") or ("说明" if where.get("section") else "目录或标题")
            yield Finding(rule="judgement.outdated_subject", severity="warning", stated=printed,
                          expected=printed.replace(r.old, r.new), **where,
                          message=f"{place}中“{printed}”为旧科目名称：{r.since}年起该科目更名为"
                                  f"“{printed.replace(r.old, r.new)}”，本报告为{rep.year}年度")


# ---------------------------------------------------------------- the document noun


# This document's own name: "2020年度部门决算", "本部门决算" (not "所属单位决算", "主管部门决算").
OWN_NAME = r"(?:\d{{4}}年度?|本){kind}决算"


@rule("judgement.document_noun", "文中的决算名称与封面不一致", "warning")
def document_noun(ctx: Context) -> Iterator[Finding]:
    """封面为“单位决算”时正文不应称本报告为“部门决算”（“YYYY年度部门决算”“本部门决算”），反之亦然

    理由：单位决算与部门决算的公开范围不同，名称混用多因套用他人模板。只认本报告自称的写法，
    “本部门”“所属单位决算”“部门决算单位构成”等本义用法不算。"""
    rep = ctx.report
    title = re.sub(r"\s+", "", rep.title or "")
    passages = front_matter(rep) + narrative(rep)
    kind = "单位" if "单位决算" in title else "部门" if "部门决算" in title else None
    if kind is None:
        if any(re.search(OWN_NAME.format(kind="(?:部门|单位)"), p.text) for p in passages):
            yield could_not_check("judgement.document_noun", "封面标题中未识别出“部门决算”或“单位决算”", field="title")
        return
    wrong = "部门" if kind == "单位" else "单位"
    pattern = re.compile(OWN_NAME.format(kind=wrong))
    for p in passages:
        for m in pattern.finditer(p.text):
            yield _finding("judgement.document_noun", "warning", p, m.start(), stated=m.group(0),
                           expected=m.group(0).replace(wrong, kind),
                           message=f"封面为“{kind}决算”，{'目录' if p.field == 'toc' else '正文'}却写作"
                                   f"“{m.group(0)}”（{p.around(m.start(), m.end())}）")


# ---------------------------------------------------------------- amounts in the text


AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|亿元|元)")
YEAR = re.compile(r"(\d{4})年")
# Words that make an amount a change or a comparison, not the item's own figure.
CHANGE_WORDS = ("增加", "减少", "增长", "下降", "上升", "降低", "增减", "增幅", "降幅", "持平", "节约", "节省",
                "上年", "去年", "上一年", "同期", "相比", "较", "比")
SUBJECT_ENDS = ("支出", "收入", "经费", "费", "合计", "总计", "总额", "资金", "拨款")
GENERIC = {"支出", "收入", "经费", "合计", "总计", "总额", "资金", "拨款"}
BOUNDARY = "，,。；;：:、"


@dataclass
class Amount:
    start: int
    end: int
    value: Decimal
    text: str
    unit: str


def amounts(text: str) -> list[Amount]:
    out = []
    for m in AMOUNT.finditer(text):
        v = try_amount(m.group(1) + (m.group(2) or ""))
        if v is not None:
            out.append(Amount(m.start(), m.end(), v, m.group(1) + (m.group(2) or ""), m.group(3)))
    return out


def item_label(text: str, start: int) -> str | None:
    """The item an amount is the figure of: the words since the last clause mark, without a leading
    year or unit name or a trailing 为/是; None when they are not an item's name (a change, a
    comparison, a bare 年初预算 or 采购金额)."""
    lo = max(text.rfind(ch, 0, start) for ch in BOUNDARY) + 1
    label = text[lo:start]
    label = re.sub(r"^.*?\d{4}年(?:\d{1,2}月\d{1,2}日)?度?", "", label)
    label = re.sub(r"^(?:其中|全年|截至)", "", label)
    while True:
        trimmed = re.sub(r"(?:为|是|达到|达|共计|[（(][类款项][)）])$", "", label)
        if trimmed == label:
            break
        label = trimmed
    if any(w in label for w in CHANGE_WORDS) or label in GENERIC or len(label) < 3:
        return None
    return label if label.endswith(SUBJECT_ENDS) else None


def _other_year(text: str, start: int, year: int | None) -> bool:
    """The sentence names, before this amount, a year other than the report's (a prior-year figure)."""
    lo = max(text.rfind("。", 0, start), text.rfind("；", 0, start)) + 1
    years = YEAR.findall(text, lo, start)
    return bool(years) and year is not None and int(years[-1]) != year


@rule("judgement.two_amounts", "同一段中同一项目列示两个不同金额", "warning")
def two_amounts(ctx: Context) -> Iterator[Finding]:
    """同一段落中，同一项目名称（如“一般公共服务支出”）后所列本年金额应相同；变动额、上年数与预算数不计

    理由：同一段前后两个金额必有一个是错的。项目名称取金额前最近的分句，须以“支出”“收入”“经费”“合计”等结尾；
    年初预算、决算数、采购金额这类泛称，以及带增减、比较字样或其他年度的金额，都不作为同一项目比较。"""
    rep = ctx.report
    for p in narrative(rep):
        seen: dict[tuple[str, str], Amount] = {}
        for a in amounts(p.text):
            label = item_label(p.text, a.start)
            if label is None or _other_year(p.text, a.start, rep.year):
                continue
            first = seen.setdefault((label, a.unit), a)
            if first.value != a.value:
                yield _finding("judgement.two_amounts", "warning", p, a.start, stated=f"{a.text}{a.unit}",
                               expected=f"{first.text}{first.unit}",
                               message=f"同一段中“{label}”先列为{first.text}{first.unit}，后又列为{a.text}{a.unit}"
                                       f"（{p.around(a.start, a.end)}）")
                seen[(label, a.unit)] = a  # a third figure is compared with the second


# ---------------------------------------------------------------- an impossible change


UP, DOWN = "增", "减"
RATE = re.compile(r"(增加|增长|上升|提高|减少|下降|降低)了?(?:幅度)?(?:为)?(\d+(?:\.\d+)?)%")
RATE_DIRECTION = {"增加": UP, "增长": UP, "上升": UP, "提高": UP, "减少": DOWN, "下降": DOWN, "降低": DOWN}
CHANGE_END = re.compile(r"(?:增加|减少|增长|下降|上升|降低|增|减|多|少|节约|节省)了?(?:为)?$")
TO_END = re.compile(r"(?:增加|减少|增长|下降|上升|降低|增|减|降)(?:到|至)$")
# "与上年相比，" introduces the comparison; it does not mark the amount after it as last year's.
COMPARED = re.compile(r"与(?:上年度?|去年|上一年度?|\d{4}年度?)(?:同期)?相比")
PRIOR_MARK = re.compile(r"上年|去年|上一年|同期|^(?:由|从)|[，,](?:由|从)")


def _role(ctx_text: str, report_year: int | None) -> str:
    """change, prior or current, from the words between the previous amount and this one."""
    if TO_END.search(ctx_text):
        return "current"  # 由B万元增加到A万元
    if CHANGE_END.search(ctx_text):
        return "change"
    bare = COMPARED.sub("", ctx_text)
    if PRIOR_MARK.search(bare) or bare.endswith(("由", "从")):
        return "prior"
    years = [int(y) for y in YEAR.findall(bare)]
    if years and report_year is not None and years[-1] == report_year - 1:
        return "prior"
    return "current"


def _half(printed: str) -> Decimal:
    """Half a unit of a printed figure's last digit, the rounding it may hide: 0.005 for 13.06, 0.5 for 230."""
    return Decimal(5).scaleb(-decimals(printed) - 1)


def _rate_envelope(cur: Decimal, prior: Decimal, cur_half: Decimal,
                   prior_half: Decimal) -> tuple[Decimal, Decimal] | None:
    vals = []
    for c in (cur - cur_half, cur + cur_half):
        for p in (prior - prior_half, prior + prior_half):
            if p <= 0:
                return None
            vals.append(abs(c - p) / p * HUNDRED)
    return min(vals), max(vals)


@rule("judgement.impossible_change", "增减方向或变动率与所列两年数字矛盾", "warning")
def impossible_change(ctx: Context) -> Iterator[Finding]:
    """同一句同时列出本年数A与上年数B时：所述增减方向 = sign(A − B)，变动率 = |A − B| ÷ B × 100（四舍五入）

    理由：两年数字都已印出时，方向和变动率可以直接验算（检查表实例：3845.49对43269.3写作“增加17.62%”）。
    只列变动额与变动率的句子由 narrative.yoy_* 核对；截尾或舍入误差范围内的差异不报。"""
    rep = ctx.report
    # a budget's 上年执行数/本年预算安排/比上年 sentences are budget.yoy_prior's (an error there)
    taken = [re.sub(r"\s+", "", c.sentence) for c in rep.claims if c.kind == "yoy_prior" and c.sentence]
    for p in narrative(rep):
        lo = 0
        for clause in re.split(r"(?<=[。；;])", p.text):
            start, lo = lo, lo + len(clause)
            flat = re.sub(r"\s+", "", clause)
            if flat and any(flat in t or t in flat for t in taken):
                continue
            found = amounts(clause)
            roles: dict[str, list[Amount]] = {"current": [], "prior": [], "change": []}
            prev = 0
            for a in found:
                roles[_role(clause[prev:a.start], rep.year)].append(a)
                prev = a.end
            rates = list(RATE.finditer(clause))
            if len(roles["prior"]) != 1 or len(roles["current"]) != 1 or len(rates) != 1:
                continue
            cur, prior, r = roles["current"][0], roles["prior"][0], rates[0]
            if cur.unit != prior.unit or prior.value <= 0:
                continue
            word, stated = r.group(1), r.group(2)
            diff = cur.value - prior.value
            actual = UP if diff > 0 else DOWN if diff < 0 else None
            exact = abs(diff) / prior.value * HUNDRED
            # each figure may hide the rounding of its own last printed digit (230万元 is 229.5–230.5)
            env = _rate_envelope(cur.value, prior.value, _half(cur.text), _half(prior.text))
            wrong_way = actual is not None and RATE_DIRECTION[word] != actual
            if actual is None:
                wrong_rate = Decimal(stated) != 0  # no change at all, yet a rate
            else:
                v = classify(stated, exact, *(env or (None, None)))
                wrong_rate = v is not None and v.status == "error"  # a rounding tail is not impossible
            if not (wrong_way or wrong_rate):
                continue
            truth = ("持平" if actual is None else ("增长" if actual == UP else "下降") + f"{fmt(exact)}%")
            yield _finding("judgement.impossible_change", "warning", p, start + r.start(), stated=f"{word}{stated}%",
                           expected=truth,
                           message=f"本年{cur.text}{cur.unit}、上年{prior.text}{prior.unit}，所述“{word}{stated}%”"
                                   f"{'方向相反' if wrong_way else '与两数不符'}，按两数应为{truth}"
                                   f"（{p.around(start + r.start(), start + r.end())}）")


# ---------------------------------------------------------------- what the PDF shows badly


MISSING_GLYPH = re.compile(r"\(cid:\d+\)|\ufffd")


def _glyph_hits(report: Report) -> Iterator[tuple[str, int, dict]]:
    """(text, missing-glyph count, location) for every printed text that has some."""
    for p in narrative(report) + front_matter(report):
        n = len(MISSING_GLYPH.findall(p.text))
        if n:
            yield p.text, n, p.where(MISSING_GLYPH.search(p.text).start())
    for sch in report.schedules.values():
        for row in sch.all_rows():
            for col, cell in [("name", None), *row.values.items()]:
                text = row.name if cell is None else cell.text
                n = len(MISSING_GLYPH.findall(text or ""))
                if n:
                    prov = row.prov if cell is None else cell.prov
                    yield text, n, {**sch.where, "row": row.key, "column": None if cell is None else col,
                                    "page": prov.page if prov else None, "bbox": prov.bbox if prov else None}
    for form in report.forms:
        cells = [(k, getattr(form, k)) for k in ("project", "goal", "goal_done", "content", "conclusion",
                                                  "problems", "measures")]
        cells += [(f"indicators.{k}", getattr(i, k)) for i in form.indicators for k in ("l3", "target", "actual")]
        for name, cell in cells:
            n = len(MISSING_GLYPH.findall(cell.text or ""))
            if n:
                yield cell.text, n, {"project": form.index, "project_name": form.project.text, "field": name,
                                     "page": cell.page or (form.pages[0] if form.pages else None), "bbox": cell.bbox}


@rule("judgement.missing_glyphs", "PDF中有无法显示的字符", "info")
def missing_glyphs(ctx: Context) -> Iterator[Finding]:
    """文字层中不应出现无法映射的字形：(cid:NN) 或替换字符 U+FFFD（字体缺字或未嵌入映射，读者看到的是乱码或空白）

    理由：读者与检索工具读不到这些字；涉及数字时，所读数字也不可靠。"""
    for text, n, where in _glyph_hits(ctx.report):
        m = MISSING_GLYPH.search(text)
        lo, hi = max(0, m.start() - CONTEXT_CHARS), min(len(text), m.end() + CONTEXT_CHARS)
        yield Finding(rule="judgement.missing_glyphs", severity="info", stated=m.group(0), **where,
                      message=f"有{n}个字符无法显示（“{text[lo:hi]}”）")


@rule("judgement.blank_page", "目录后有空白页", "info")
def blank_page(ctx: Context) -> Iterator[Finding]:
    """目录页与正文第一部分之间不应有空白页（除页码外无任何内容的页）

    理由：检查表列出的版式问题。只有图片或图表的页不算空白；正文中间的空白页不由本规则判断。"""
    rep = ctx.report
    if rep.toc_page is None or not rep.blank_pages:
        return
    # the body's first page; not known, the page right after the 目录 is the only one surely before it. A body
    # that starts on the 目录's own page (检察院 2018 prints 第一部分 under its 目录) leaves no page between.
    body = min((p for pages in rep.page_map.values() for p in pages), default=rep.toc_page + 2)
    for page in rep.blank_pages:
        if rep.toc_page < page < body:
            yield Finding(rule="judgement.blank_page", severity="info", page=page, field="layout",
                          message=f"目录（第{rep.toc_page}页）之后的第{page}页为空白页")


# ---------------------------------------------------------------- typos the claims would read past


# Two direction words run together. The claim reader takes "增减少" as 减少 so that the figures can still
# be checked; the wording itself is a typo the auditor should see.
TYPOS = {"增减少": "“增加”或“减少”", "减增加": "“减少”或“增加”"}
TYPO = re.compile("|".join(TYPOS))


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` holding offset `pos` (up to its 。；; or the end)."""
    lo = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    ends = [i for i in (text.find(ch, pos) for ch in "。；;") if i >= 0]
    return text[lo:min(ends) + 1 if ends else len(text)]


@rule("judgement.typo", "增减方向词笔误", "warning")
def typo(ctx: Context) -> Iterator[Finding]:
    """第二部分中不得出现自相矛盾的方向词“增减少”“减增加”

    理由：这类笔误让读者无法判断是增是减；核对数字时按后一个字（“减少”“增加”）理解，但原文须更正。"""
    for p in narrative(ctx.report):
        for m in TYPO.finditer(p.text):
            yield _finding("judgement.typo", "warning", p, m.start(), stated=m.group(0),
                           expected=m.group(0)[1:],
                           message=f"方向词“{m.group(0)}”是笔误，应为{TYPOS[m.group(0)]}之一"
                                   f"（数字按“{m.group(0)[1:]}”核对）：{sentence_at(p.text, m.start())}")
