"""Rules of the disclosure family: is everything there that a 决算公开 must publish?

The 目录 against the body, the ten sections of 第二部分 (and 十（一）…（四）), the 公开时间.
Titles are compared after normalisation (width, spacing), never by position.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.model import Finding
from budgetlib.numbers import normalize
from budgetlib.parse.structure import PART_RE, part_key

SECTION_TITLES = {
    1: "收入支出决算总体情况说明", 2: "收入决算情况说明", 3: "支出决算情况说明",
    4: "财政拨款收入支出决算总体情况说明", 5: "一般公共预算财政拨款支出决算情况说明",
    6: "一般公共预算财政拨款基本支出决算情况说明", 7: "财政拨款“三公”经费支出决算情况说明",
    8: "政府性基金预算支出决算情况说明", 9: "国有资本经营预算支出决算情况说明",
    10: "其他重要事项的情况说明",
}
OTHER_MATTERS = (("机关运行经费", "（一）机关运行经费支出情况"), ("政府采购", "（二）政府采购支出情况"),
                 ("国有资产", "（三）国有资产占有使用情况"), ("绩效", "（四）预算绩效管理情况"))


def _key(title: str) -> str:
    return normalize(title).replace("(", "（").replace(")", "）")


@rule("disclosure.toc", "目录与正文标题不一致", "error")
def toc(ctx: Context) -> Iterator[Finding]:
    """目录各部分 = 正文“第X部分”标题（忽略空格与全半角）"""
    rep = ctx.report
    toc_parts = [t for t in rep.toc if PART_RE.match(normalize(t))]
    if not toc_parts:
        yield could_not_check("disclosure.toc", "未找到目录（或目录中无“第X部分”条目）")
        return
    body = {_key(h) for h in rep.headings}
    body_parts = [h for h in rep.headings if PART_RE.match(normalize(h))]
    listed = {_key(t) for t in toc_parts}
    for t in toc_parts:
        if _key(t) in body:
            continue
        key = part_key(PART_RE.match(normalize(t)).group(2))
        if key in rep.page_map:  # the content is there, only its heading is not printed
            yield Finding(rule="disclosure.toc", severity="info", stated=t, expected="正文中的同名标题",
                          field="toc", page=rep.page_map[key][0],
                          message=f"目录列有“{t}”，正文未印该部分标题，但已找到其内容（第{rep.page_map[key][0]}页起）")
            continue
        yield Finding(rule="disclosure.toc", severity="error", stated=t, expected="正文中的同名标题",
                      field="toc", message=f"目录列有“{t}”，正文中未找到该部分")
    for h in body_parts:
        if _key(h) not in listed:
            yield Finding(rule="disclosure.toc", severity="warning", stated=h, expected="目录条目",
                          field="toc", message=f"正文有“{h}”，目录中未列出")


@rule("disclosure.sections", "决算情况说明缺少规定内容", "error")
def sections(ctx: Context) -> Iterator[Finding]:
    """第二部分应含 一…十 各节，十 应含（一）机关运行经费（二）政府采购（三）国有资产（四）预算绩效"""
    rep = ctx.report
    if not rep.narrative_found:
        yield could_not_check("disclosure.sections", "未找到第二部分决算情况说明")
        return
    present = {s.no for s in rep.sections}
    for no, title in SECTION_TITLES.items():
        if no not in present:
            yield Finding(rule="disclosure.sections", severity="error", section=no, stated=None, expected=title,
                          message=f"决算情况说明缺少“{title}”")
    ten = rep.section(10)
    if ten is None:
        return
    subs = [_key(s.title) for s in ten.subsections]
    text = _key(ten.text)
    for word, title in OTHER_MATTERS:
        if not any(word in s for s in subs) and word not in text:
            yield Finding(rule="disclosure.sections", severity="warning", section=10, stated=None, expected=title,
                          message=f"其他重要事项中未说明“{title[3:]}”")


@rule("disclosure.date", "未标明公开时间", "warning")
def publish_date(ctx: Context) -> Iterator[Finding]:
    """封面或目录页应标明“公开时间：YYYY年M月D日”"""
    rep = ctx.report
    if not rep.publish_date:
        yield Finding(rule="disclosure.date", severity="warning", field="publish_date", page=1,
                      stated=None, expected="公开时间：YYYY年M月D日", message="报告未标明公开时间")


@rule("disclosure.year", "说明中的年度与报告年度不符", "warning")
def year(ctx: Context) -> Iterator[Finding]:
    """第二部分标题所载年度 = 封面年度（模板未更新时常见）"""
    rep = ctx.report
    if rep.year is None:
        yield could_not_check("disclosure.year", "未识别封面年度")
        return
    for h in rep.headings:
        m = PART_RE.match(normalize(h))
        if not m or "情况说明" not in m.group(2):
            continue
        got = normalize(m.group(2))[:4]
        if got.isdigit() and int(got) != rep.year:
            yield Finding(rule="disclosure.year", severity="warning", field="headings", stated=got,
                          expected=str(rep.year), message=f"“{h}”所载年度为{got}，封面为{rep.year}年度")
