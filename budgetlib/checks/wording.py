"""Wording an inspector flags in 预算 and 决算 text: collocations and template residue, generic reasons
repeated for different items, an implementation period of another year, and the document naming itself
with the wrong noun.

The patterns are data (budgetlib/checks/wording.yaml). Every rule here is a warning: wording is never
arithmetic, so none of them can make an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from budgetlib import templates
from budgetlib.checks.judgement import Passage, _finding, front_matter, narrative, sentence_at
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.model import Finding, Report

WORDING_FILE = Path(__file__).resolve().parent / "wording.yaml"
CLAUSE_MARKS = "，,。；;：:"


@cache
def wording() -> dict:
    return templates.read_yaml(WORDING_FILE) or {}


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in CLAUSE_MARKS) + 1


# ---------------------------------------------------------------- collocations and residue


@cache
def _collocations() -> tuple[tuple[re.Pattern, tuple[str, ...], str, str], ...]:
    return tuple((re.compile(c["pattern"]), tuple(c.get("skip_before") or ()), c["right"], c["why"])
                 for c in wording().get("collocations") or ())


@rule("judgement.collocation", "搭配不当或模板措辞残留", "warning")
def collocation(ctx: Context) -> Iterator[Finding]:
    """说明、标题中不得出现 budgetlib/checks/wording.yaml 所列搭配：“比……持平”（应为“与……相比持平”）、
    “大小于”“小大于”、“增加减少N”等方向词连用

    理由：检查表把这类病句与模板残留记为问题；“与2024年相比持平”“与上年比持平”等同一分句中已有“与”的不报。
    “增减少”“减增加”由 judgement.typo 报告。"""
    for p in narrative(ctx.report) + front_matter(ctx.report):
        for pattern, skip, right, why in _collocations():
            for m in pattern.finditer(p.text):
                # 与 before the hit, or inside it (占比与上年持平: the 比 of 占比), gives the innocent reading
                before = p.text[_clause_start(p.text, m.start()):m.start()] + (m.groupdict().get("what") or "")
                if any(w in before for w in skip):
                    continue
                want = right.format(**{k: v or "" for k, v in m.groupdict().items()})
                yield _finding("judgement.collocation", "warning", p, m.start(), stated=m.group(0), expected=want,
                               message=f"“{m.group(0)}”措辞不当，应为“{want}”：{why}"
                                       f"（{p.around(m.start(), m.end())}）")


# ---------------------------------------------------------------- the same generic reason for different items


REASON = re.compile(r"原因(?:主要)?(?:是|为|系|：|:)+(?P<why>[^。；;]{2,40})")


def _item_before(text: str, pos: int) -> str:
    """The sentence before the reason (what changed), whitespace already removed."""
    lo = max(text.rfind(ch, 0, pos) for ch in "。；;") + 1
    return text[lo:pos]


@rule("judgement.generic_reason", "不同项目套用同一空泛原因", "warning")
def generic_reason(ctx: Context) -> Iterator[Finding]:
    """同一原因原文（“主要原因是业务量增加”）作为两个以上不同项目的变动原因重复出现，且只是
    wording.yaml 所列空话（业务量增加、工作需要……）之一 → 原因未具体说明

    理由：原因是公开的规定内容；对不同项目照抄同一句空话等于没有说明。具体原因（如“无公务用车车辆”）
    重复出现不报。"""
    generic = tuple(wording().get("generic_reasons") or ())
    seen: dict[str, tuple[Passage, int, str]] = {}
    reported: set[str] = set()
    for p in narrative(ctx.report):
        for m in REASON.finditer(p.text):
            why = m.group("why").strip("，,：: ")
            core = re.sub(r"^(?:由于|因为|因)", "", why)
            if not any(core == g or core.rstrip("等所致") == g for g in generic):
                continue
            item = _item_before(p.text, m.start())
            first = seen.setdefault(core, (p, m.start(), item))
            if first[2] == item or core in reported:
                continue
            reported.add(core)
            yield _finding("judgement.generic_reason", "warning", p, m.start("why"), stated=why, expected="具体原因",
                           message=f"原因“{why}”原样用于不同项目（又见于：{first[0].around(first[1])}），"
                                   f"未说明具体原因（{p.around(m.start(), m.end())}）")


# ---------------------------------------------------------------- the implementation period


DATE_YEAR = re.compile(r"((?:19|20)\d{2})年")


@rule("judgement.period_year", "实施周期年度与报告年度不符", "warning")
def period_year(ctx: Context) -> Iterator[Finding]:
    """“实施周期”“执行期限”等之后所列起止日期的年度范围应包含报告年度（2026年预算的项目
    “实施周期2025年1月1日-2025年12月31日”为上年的周期）

    理由：沿用上年绩效目标时最常见的残留。跨年度的周期（2024年1月-2026年12月）只要含报告年度即不报。"""
    rep = ctx.report
    words = tuple(wording().get("period_words") or ())
    pattern = re.compile("(?:" + "|".join(map(re.escape, words)) + r")[为是：:]*")
    passages = narrative(rep)
    hits = [(i, m) for i, p in enumerate(passages) for m in pattern.finditer(p.text)]
    if hits and rep.year is None:
        yield could_not_check("judgement.period_year", "未识别报告年度")
        return
    for i, m in hits:
        p = passages[i]
        span = sentence_at(p.text, m.end())
        tail = p.text[m.end():m.end() + 40]
        if not tail.strip("：:") and i + 1 < len(passages):  # "五、实施周期" as a heading, the dates under it
            tail = span = passages[i + 1].text[:40]
        tail = tail[:min((i for i in (tail.find(ch) for ch in "。；;") if i >= 0), default=len(tail))]
        years = [int(y) for y in DATE_YEAR.findall(tail)]
        if not years or min(years) <= rep.year <= max(years):
            continue
        yield _finding("judgement.period_year", "warning", p, m.end(), stated=tail, expected=f"含{rep.year}年",
                       message=f"{m.group(0).rstrip('为是：:')}“{tail}”不含报告年度{rep.year}年，"
                               f"疑为沿用其他年度的绩效目标（{span}）")


# ---------------------------------------------------------------- the document's own noun


def own_noun(report: Report) -> tuple[str | None, str]:
    """(部门 | 单位 | None, 预算 | 决算): the scope the cover names and the kind of the document."""
    title = re.sub(r"\s+", "", report.title or "")
    kind = report.disclosure
    who = "单位" if f"单位{kind}" in title else "部门" if f"部门{kind}" in title else None
    return who, kind


@rule("judgement.self_name", "文中对本报告的称谓与封面不一致", "warning")
def self_name(ctx: Context) -> Iterator[Finding]:
    """本报告自称（“2025年部门预算安排”“本单位预算”“2024年度部门决算情况说明”，写法见 wording.yaml）
    须与封面一致：预算不得自称决算、决算不得自称预算（后接编制说明、情况说明、公开时）；单位预算不得自称
    部门预算，部门预算不得自称单位预算

    理由：名称混用多因套用他人或上年模板。决算中部门/单位之别由 judgement.document_noun 报告；
    表名中的“部门预算经济分类”、“所属单位预算”等本义用法不算。"""
    rep = ctx.report
    who, kind = own_noun(rep)
    year = str(rep.year) if rep.year else r"\d{4}"
    patterns = [re.compile(s.replace("{year}", year)) for s in wording().get("self_names") or ()]
    for p in narrative(rep) + front_matter(rep):
        for pattern in patterns:
            for m in pattern.finditer(p.text):
                wrong_kind = m.group("what") != kind and m.group("next") in ("编制说明", "情况说明", "公开")
                wrong_who = kind == "预算" and who is not None and m.group("who") != who
                if not (wrong_kind or wrong_who):
                    continue
                want = m.group(0).replace(m.group("who") + m.group("what"),
                                          (who or m.group("who")) + kind)
                place = "目录" if p.field == "toc" else "标题" if p.field == "headings" else "正文"
                yield _finding("judgement.self_name", "warning", p, m.start(), stated=m.group(0), expected=want,
                               message=f"本报告为{who or ''}{kind}，{place}却写作“{m.group(0)}”，应为“{want}”"
                                       f"（{p.around(m.start(), m.end())}）")
