"""Rules of the disclosure family: is everything there that a 决算公开 must publish?

The 目录 against the body, the sections of the 决算情况说明 and the sub-items of its 其他重要事项 (as
the report's template plans them: Sichuan 一…十 and 十（一）…（四）, national 一…十一 and 十一（一）…（三）),
the 公开时间, the years the 目录 prints. The parts are the parser's (report.parts, report.toc_parts):
titles are compared after normalisation (width, spacing), never by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlib import templates
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.model import Finding, Report, kind_words
from budgetlib.numbers import normalize
from budgetlib.templates import Template

YEAR_RE = re.compile(r"(\d{4})年")


def _key(title: str) -> str:
    return normalize(title).replace("(", "（").replace(")", "）")


def template_of(report: Report) -> Template:
    """The report's template; a report that fits none is held to the default family's plan."""
    return templates.get(report.template) or templates.get(templates.DEFAULT)


def _narrative_noun(rep: Report) -> str:
    return "预算说明" if rep.disclosure == "预算" else "决算情况说明"


def partial(rep: Report) -> bool:
    """A standalone 自评表, 三公 statement or excerpt: it never claimed the whole report, so the
    completeness rules (table.missing, disclosure.sections/toc/date) do not hold it to one. Nor is a
    budget whose layout no template knows held to the 决算 plan."""
    return rep.kind != "full" or (rep.disclosure == "预算" and templates.get(rep.template) is None)


def partial_note(rep: Report) -> Finding:
    """The one finding a partial document gets in place of the completeness rules: what it holds."""
    if rep.kind == "full":
        return Finding(rule="disclosure.sections", severity="info", field="template", stated=None,
                       message="本预算的版式不属于任何已知模板，不核对完整性（应公开的表、各节、目录）")
    return Finding(rule="disclosure.sections", severity="info", field="kind", stated=rep.kind,
                   expected="full", message=f"本文件为{kind_words(rep.kind, rep.disclosure)}，不核对完整性")


@rule("disclosure.toc", "目录与正文标题不一致", "error")
def toc(ctx: Context) -> Iterator[Finding]:
    """目录各部分 = 正文“第X部分”标题（忽略空格与全半角；标题折行已拼接）"""
    rep = ctx.report
    if partial(rep):
        return
    if not rep.toc_parts:
        yield could_not_check("disclosure.toc", "未找到目录（或目录中无“第X部分”条目）")
        return
    body = {_key(p.heading) for p in rep.parts}
    listed = {_key(t.heading) for t in rep.toc_parts}
    for t in rep.toc_parts:
        if _key(t.heading) in body:
            continue
        if rep.page_map.get(t.key):  # the content is there, only its heading is not printed (as listed)
            first = rep.page_map[t.key][0]
            yield Finding(rule="disclosure.toc", severity="info", stated=t.heading, expected="正文中的同名标题",
                          field="toc", page=first,
                          message=f"目录列有“{t.heading}”，正文未印该部分标题，但已找到其内容（第{first}页起）")
            continue
        same_no = next((p for p in rep.parts if p.no == t.no and _key(p.heading) not in listed), None)
        if same_no is not None:  # the part is there under another title (a typo of the 目录 or of the body)
            yield Finding(rule="disclosure.toc", severity="error", stated=t.heading, expected=same_no.heading,
                          field="toc", page=same_no.page, bbox=same_no.bbox,
                          message=f"目录列有“{t.heading}”，正文该部分标题为“{same_no.heading}”，两者不一致")
            continue
        yield Finding(rule="disclosure.toc", severity="error", stated=t.heading, expected="正文中的同名标题",
                      field="toc", message=f"目录列有“{t.heading}”，正文中未找到该部分")
    for p in rep.parts:
        if _key(p.heading) not in listed:
            yield Finding(rule="disclosure.toc", severity="warning", stated=p.heading, expected="目录条目",
                          field="toc", page=p.page, bbox=p.bbox, message=f"正文有“{p.heading}”，目录中未列出")


@rule("disclosure.sections", "决算情况说明缺少规定内容", "error")
def sections(ctx: Context) -> Iterator[Finding]:
    """决算情况说明应含模板所列各节（四川 一…十，全国 一…十一），其他重要事项应含模板所列各项（四川 十（一）机关运行经费（二）政府采购（三）国有资产（四）预算绩效，全国 十一（一）…（三））"""
    rep = ctx.report
    if partial(rep):
        yield partial_note(rep)
        return
    if not rep.narrative_found:
        yield could_not_check("disclosure.sections", "未找到决算情况说明")
        return
    tpl = template_of(rep)
    present = {s.no for s in rep.sections}
    for plan in sorted(tpl.sections, key=lambda s: s.no):
        if plan.no not in present:
            yield Finding(rule="disclosure.sections", severity="error", section=plan.no, stated=None,
                          expected=plan.title, message=f"{_narrative_noun(rep)}缺少“{plan.title}”")
    other = tpl.narrative.get("other_matters") or {}
    section = rep.section(other.get("section", 0))
    if section is None:
        return
    subs = [_key(s.title) for s in section.subsections]
    text = _key(section.text)
    for word, title in other.get("items") or ():
        if not any(word in s for s in subs) and word not in text:
            yield Finding(rule="disclosure.sections", severity="warning", section=section.no, stated=None,
                          expected=title, message=f"{other.get('name', '其他重要事项')}中未说明“{title[3:]}”")


@rule("disclosure.date", "未标明公开时间", "warning")
def publish_date(ctx: Context) -> Iterator[Finding]:
    """封面或目录页应标明“公开时间：YYYY年M月D日”"""
    rep = ctx.report
    if not rep.publish_date and not partial(rep) and template_of(rep).publish_date:
        yield Finding(rule="disclosure.date", severity="warning", field="publish_date", page=1,
                      stated=None, expected="公开时间：YYYY年M月D日", message="报告未标明公开时间")


@rule("disclosure.year", "目录所载年度与报告年度不符", "warning")
def year(ctx: Context) -> Iterator[Finding]:
    """目录各部分标题所载年度 = 报告年度（封面、正文标题与说明中的年度见 narrative.year_mismatch）"""
    rep = ctx.report
    if rep.year is None:
        yield could_not_check("disclosure.year", "未识别报告年度")
        return
    for t in rep.toc_parts:
        m = YEAR_RE.search(normalize(t.heading))
        if m and int(m.group(1)) != rep.year:
            yield Finding(rule="disclosure.year", severity="warning", field="toc", page=t.page, stated=m.group(1),
                          expected=str(rep.year), message=f"目录“{t.heading}”所载年度为{m.group(1)}，报告为{rep.year}年度")
