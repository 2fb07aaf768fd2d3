"""Every figure the 情况说明 prints, and whether a claim read it (narrative coverage).

A *figure* is a number the author reports:
- an amount with its unit: 1687.45万元, 2,000元, 1.2亿元 — and each number of a list that shares
  the unit (收、支总计各是4125.49,4143.91万元: two figures);
- a percentage: 89.88%, and a share printed as a bare 0 (占0);
- a count with its measure word: 16批次, 800人次, 3辆, 62名, 4个, 95分.

Not figures: years and dates (2017年, 2022年12月31日), list ordinals and section numbers (1. 2、
（三）), 第N, table numbers (公开08表), phone and document numbers, ranges of ages (3-6岁) — digits
without one of the units above. A figure is *consumed* when a claim was read at its place
(Claim.at); a claim that could then not be checked still consumed it (it was understood).
Coverage = consumed / all: a report whose wording the extractors do not know shows up low.
"""

from __future__ import annotations

import re

from budgetlib.model import Claim, NarrativeFigure, Report
from budgetlib.parse.claims import form_texts
from budgetlib.parse.claimtext import Para, zip_provs

_N = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
COUNT_UNITS = ("人次", "批次", "个", "项", "人", "名", "辆", "台", "套", "次", "家", "户", "份", "件", "处", "所",
               "座", "架", "艘", "批", "篇", "场", "期", "分")
# 分 is a score (95分) unless it starts a word (分类, 分别, 分配, 分析 …)
_COUNT = "|".join(COUNT_UNITS)
FIGURE_RE = re.compile(
    r"(?<![\d.第])(?:"
    rf"{_N}(?:亿元|万元|元)"                       # an amount
    rf"|{_N}(?=(?:[,、]{_N})+(?:亿元|万元|元|%))"   # one of a list sharing the unit after the last
    rf"|{_N}%"                                     # a percentage
    rf"|(?<=占)0(?![\d.%])"                        # a share printed as a bare 0
    rf"|{_N}(?:{_COUNT})(?![类别配析解期担管摊批])"  # a count
    r")")


def figures_of(para: Para) -> list[tuple[int, int]]:
    """(start, end) norm offsets of the figures of a paragraph."""
    return [(m.start(), m.end()) for m in FIGURE_RE.finditer(para.norm)]


def narrative_figures(report: Report) -> list[NarrativeFigure]:
    """Each figure of the report's sections, with the claim that read it."""
    read: dict[tuple[str, int], Claim] = {c.at: c for c in report.claims if c.at is not None}
    by_text: dict[str, list[tuple[int, Claim]]] = {}
    for (text, off), c in read.items():
        by_text.setdefault(text, []).append((off, c))
    out = []
    for sec in sorted(report.sections, key=lambda s: s.no):
        blocks = [zip_provs(sec.paragraphs, sec.line_provs)]
        blocks += [zip_provs(sub.paragraphs, sub.line_provs) for sub in sec.subsections]
        for block in blocks:
            for text, provs in block:
                para = Para.of(text, provs)
                claims = by_text.get(text, [])
                for start, end in figures_of(para):
                    lo, hi = para.index[start], para.index[end - 1]
                    claim = next((c for off, c in claims if lo <= off <= hi), None)
                    out.append(NarrativeFigure(sec.no, para.orig[lo:hi + 1], para.sentence(start), para.prov(start),
                                               claim.id if claim else None))
    for _, para in form_texts(report):  # a standalone 自评表's 年度总体目标 text
        claims = by_text.get(para.orig, [])
        for start, end in figures_of(para):
            lo, hi = para.index[start], para.index[end - 1]
            claim = next((c for off, c in claims if lo <= off <= hi), None)
            out.append(NarrativeFigure(0, para.orig[lo:hi + 1], para.sentence(start), para.prov(start),
                                       claim.id if claim else None))
    return out
