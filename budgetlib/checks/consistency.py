"""Checks every template needs: the report says the same year and the same unit throughout.

A report is typed into last year's file or into the blank template, so two defects recur in every
family: a year left at last year's (a 2024 report whose 第三部分 heading or 十一（三） still says
2023) and the template's placeholders left in (上海市XX区XX局, XXXXXXXX). Both are read from the
printed text of the cover, the body's part headings and the 决算情况说明; a finding names the section
(1–11) or, for the cover and the headings, `field` "cover" / "part3" (the printed part number).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.model import Finding, LineProvs, Prov, Report

# A year as printed: 2024年, 2024 年度, 截至2024年12月31日.
YEAR_MENTION_RE = re.compile(r"(?P<upto>截至|截止)?\s*(?P<year>(?:19|20)\d{2})\s*年")
# …before it: the year compared with (与2023年度相比, 比2023年度减少) is the prior year.
COMPARED_RE = re.compile(r"(?:与|比|较|同)\s*$")
# …after it: a date of another kind (自2019年起, 2018年以来, 2020年版, 2019年机构改革).
OTHER_DATE_RE = re.compile(r"^\s*(?:度\s*)?(?:起|以来|至今|版|修订|机构改革|前|底前)")
# The template's placeholders: XX in a name (上海市XX区XX局, 上海市 XX 局), XXXXXXXX for a reason,
# XXX 万元 for an amount, XX% for a share; × and full-width Ｘ are typed for them too.
_X = "[XＸ×]"
_XX = rf"{_X}(?:\s*{_X})+"
_CJK = "[\u4e00-\u9fff]"
# the endings of a unit's name the placeholder stands for
_UNIT_END = "(?:委员会|办公室|局|委|办|厅|中心|院|所|站)"
_ENTITY = rf"(?:{_CJK}{{2}}[省市]\s*)?(?:{_XX}\s*[区县市]\s*)?{_XX}\s*{_UNIT_END}"
# a bare run of X's next to Latin letters is a word (XXL), not a placeholder; a name ends in its unit word, so
# XXXX right after it (上海市XX局XXXX年度) is the next placeholder
PLACEHOLDER_RE = re.compile(rf"(?<![A-Za-z])(?:(?P<entity>{_ENTITY})|{_XX}(?![A-Za-z]))")
# The unit as a sentence or a part heading names it where the placeholder stands: before the year it
# reports on (上海市南屏区卫生健康委员会2024年度无…; 第三部分 X2024年度部门决算情况说明).
_NAMED_RE = re.compile(rf"(?:^|[。；;！\s]|部分)(?P<name>(?!本|我|该){_CJK}{{2,38}}?{_UNIT_END})(?:本级)?\s*(?:19|20)\d{{2}}\s*年")


@dataclass
class Text:
    """One printed text of the report and where it stands."""

    text: str
    where: dict  # section / field
    label: str  # how a message names the text (a subsection by its title)
    provs: LineProvs | None = None
    prov: Prov | None = None
    place: str = ""  # how a message names the place the finding is located at (a section by its title)

    def __post_init__(self) -> None:
        self.place = self.place or self.label

    def at(self, offset: int) -> dict:
        """page and bbox of the line the character at `offset` was printed on."""
        prov = self.prov
        for start, p in self.provs or ():
            if start <= offset:
                prov = p
        return {"page": prov.page, "bbox": prov.bbox} if prov else {}


def printed_texts(report: Report) -> Iterator[Text]:
    """The cover, the body's part headings and every title and paragraph of the 决算情况说明."""
    if report.title:
        yield Text(report.title, {"field": "cover"}, "封面", prov=Prov(1))
    for part in report.parts:
        yield Text(part.heading, {"field": f"part{part.no}"}, f"“{part.heading}”标题",
                   prov=Prov(part.page, part.bbox) if part.page else None)
    for s in report.sections:
        name = f"“{s.title}”"
        yield Text(s.title, {"section": s.no}, f"{name}标题", prov=Prov(s.page) if s.page else None, place=name)
        for i, para in enumerate(s.paragraphs):
            yield Text(para, {"section": s.no}, name, provs=s.line_provs[i] if i < len(s.line_provs) else None)
        for sub in s.subsections:
            yield Text(sub.title, {"section": s.no}, f"{name}{sub.title}", prov=Prov(sub.page) if sub.page else None,
                       place=name)
            for i, para in enumerate(sub.paragraphs):
                yield Text(para, {"section": s.no}, f"{name}{sub.title}",
                           provs=sub.line_provs[i] if i < len(sub.line_provs) else None, place=name)


def _narrative_missing(rule_id: str, report: Report) -> Iterator[Finding]:
    """The cover and the headings are read all the same; the 决算情况说明 could not be."""
    if not report.narrative_found or not report.sections:
        yield could_not_check(rule_id, "未找到决算情况说明，只核对了封面与各部分标题")


def _quote(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", "", text[max(0, start - 8):end + 8])


@rule("narrative.year_mismatch", "年度与报告年度不符", "error")
def year_mismatch(ctx: Context) -> Iterator[Finding]:
    """封面、正文各部分标题与决算情况说明所载年度 = 报告年度（“与/比YYYY年度”所比年度 = 报告年度 − 1）；早于报告年度多为沿用上年模板"""
    rep = ctx.report
    if rep.year is None:
        yield could_not_check("narrative.year_mismatch", "未识别报告年度")
        return
    yield from _narrative_missing("narrative.year_mismatch", rep)
    seen: set[tuple] = set()
    for t in printed_texts(rep):
        for m in YEAR_MENTION_RE.finditer(t.text):
            got = int(m.group("year"))
            compared = COMPARED_RE.search(t.text[:m.start("year")]) is not None and not m.group("upto")
            if compared:
                want = rep.year - 1
            elif m.group("upto") or got < rep.year:
                want = rep.year
            else:
                continue  # a later year: a plan (2025年将…), not a slot the template fixes
            if got == want or (not m.group("upto") and OTHER_DATE_RE.match(t.text[m.end():])):
                continue
            if rep.disclosure == "预算" and got == rep.year - 1:
                continue  # a budget is drawn up in the year before: 上年执行数, assets 截至上年8月31日
            key = (tuple(t.where.items()), got)
            if key in seen:
                continue  # one finding per place and year
            seen.add(key)
            what = "所比较的上年" if compared else "年度"
            yield Finding(rule="narrative.year_mismatch", severity="error", stated=str(got), expected=str(want),
                          message=f"{t.label}中{what}为{got}年（“{_quote(t.text, m.start(), m.end())}”），"
                                  f"报告为{rep.year}年度：应为{want}年",
                          **t.where, **t.at(m.start("year")))


def _unit_named(rep: Report, texts: list[Text]) -> str:
    """The unit's full name: the cover's; for a file without a cover (an excerpt) the name its own part
    headings and sentences print before the year, most often; "" when nothing it holds names one."""
    if rep.unit and not PLACEHOLDER_RE.search(rep.unit):
        return rep.unit
    names = Counter(m.group("name") for t in texts for m in _NAMED_RE.finditer(t.text)
                    if not PLACEHOLDER_RE.search(m.group("name")))
    return names.most_common(1)[0][0] if names else ""


@rule("narrative.placeholder", "残留模板占位符", "error")
def placeholder(ctx: Context) -> Iterator[Finding]:
    """封面、正文各部分标题与决算情况说明中不得残留模板占位符（上海市XX区XX局、XXXXXXXX、XXX万元）

    封面或部分标题中以占位符代替单位名称、而报告他处已印出单位全称的，为警告（模板残留）；其余为错误。"""
    rep = ctx.report
    yield from _narrative_missing("narrative.placeholder", rep)
    found: dict[tuple, tuple[Text, list[re.Match]]] = {}
    texts = list(printed_texts(rep))
    for t in texts:
        for m in PLACEHOLDER_RE.finditer(t.text):
            found.setdefault(tuple(t.where.items()), (t, []))[1].append(m)
    unit = _unit_named(rep, texts) or "单位全称"
    for t, marks in found.values():
        distinct = list(dict.fromkeys(re.sub(r"\s+", "", m.group(0)) for m in marks))
        listed = "、".join(distinct[:5]) + ("等" if len(distinct) > 5 else "")
        # a name left as 上海市XX区XX局 should read as the unit; XXXXXXXX, XXX 万元 as what happened
        first = marks[0]
        # a heading or the cover with XX局 for a name the document prints elsewhere is residue
        # (the hand audits: a warning); a placeholder for content, or for a name found nowhere, an error
        residue = "field" in t.where and all(m.group("entity") for m in marks) and unit != "单位全称"
        yield Finding(rule="narrative.placeholder", severity="warning" if residue else "error", stated=distinct[0],
                      expected=unit if first.group("entity") else "实际内容",
                      message=f"{t.place}中残留模板占位符{len(marks)}处：{listed}", **t.where, **t.at(first.start()))
