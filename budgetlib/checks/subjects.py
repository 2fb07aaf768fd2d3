"""功能分类 科目 names against their codes, in the year's classification (budgetlib/data/function_subjects.yaml).

A table row prints a code and a name: the name must be the code's in the report's year. The narrative
names 科目 as "一般公共服务支出（类）…行政运行（项）": a name whose 支出 was dropped, a 款 without its
(款) word in such a chain, or a 款/项 name renamed since, is flagged. Renamed 类 names are
judgement.outdated_subject's (budgetlib/checks/subjects.yaml). Every finding is a warning: a name never
changes a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budgetlib import templates
from budgetlib.checks.judgement import _finding, narrative, renamed_subjects
from budgetlib.checks.registry import Context, rule
from budgetlib.model import Finding

SUBJECTS_FILE = Path(__file__).resolve().parents[1] / "data" / "function_subjects.yaml"
ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
LEVEL_MARK = re.compile(r"[（(]([类款项])[)）]$")
LEVEL_OF = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Span:
    name: str
    since: int
    until: int | None
    also: tuple[str, ...] = ()

    def holds(self, year: int) -> bool:
        return self.since <= year and (self.until is None or year <= self.until)


@cache
def subject_data() -> dict:
    return templates.read_yaml(SUBJECTS_FILE) or {}


@cache
def subject_table() -> dict[str, tuple[Span, ...]]:
    data = subject_data()
    default = int(data.get("default_since") or 2019)
    out = {}
    for code, v in (data.get("subjects") or {}).items():
        entries = v if isinstance(v, list) else [v]
        spans = []
        for e in entries:
            if isinstance(e, str):
                spans.append(Span(e, default, None))
            else:
                spans.append(Span(str(e["name"]), int(e.get("since", default)), e.get("until"),
                                  tuple(e.get("also") or ())))
        out[str(code)] = tuple(spans)
    return out


def name_of(code: str, year: int) -> Span | None:
    """The code's name in `year`'s classification; None when the table does not say."""
    return next((s for s in subject_table().get(code, ()) if s.holds(year)), None)


def _norm(name: str) -> str:
    n = re.sub(r"\s+", "", name or "").replace("(", "（").replace(")", "）")
    return LEVEL_MARK.sub("", ORDINAL.sub("", n))


def _old_class_name(name: str) -> bool:
    return any(r.old in name for r in renamed_subjects())


@rule("judgement.subject_name", "科目名称与科目编码不符", "warning")
def subject_name(ctx: Context) -> Iterator[Finding]:
    """附表中印有功能分类科目编码的行：科目名称 = 该编码在报告年度政府收支分类科目中的名称
    （对照表 budgetlib/data/function_subjects.yaml；表中没有的编码、没有列出的年度不核对）

    理由：名称与编码不符（漏写“支出”、沿用更名前的名称、张冠李戴）说明表样或科目套用有误。
    类级旧名称由 judgement.outdated_subject 报告；被折行截断的名称（所印为正确名称的前半）不报。"""
    rep = ctx.report
    if rep.year is None:
        return
    for sch in rep.schedules.values():
        for row in sch.all_rows():
            code = row.code or ""
            if not (code.isdigit() and code[:1] == "2" and len(code) in LEVEL_OF):
                continue
            span = name_of(code, rep.year)
            printed = _norm(row.name)
            if span is None or not printed or printed == span.name or printed in span.also:
                continue
            if len(code) == 3 and _old_class_name(printed):
                continue  # judgement.outdated_subject says it
            dropped = span.name == printed + "支出"
            if span.name.startswith(printed) and not dropped:
                continue  # a name cut where the cell wrapped
            how = "漏写“支出”" if dropped else "与编码不符"
            yield Finding(rule="judgement.subject_name", severity="warning", stated=printed, expected=span.name,
                          **sch.where, row=row.key, page=row.prov.page if row.prov else None,
                          bbox=row.prov.bbox if row.prov else None,
                          message=f"{sch.label}科目{code}名称“{printed}”{how}：{rep.year}年政府收支分类科目中"
                                  f"{code}为“{span.name}”")


def _names_of_year(year: int) -> dict[str, str]:
    """name → code for every code the table names in `year`."""
    out = {}
    for code in subject_table():
        span = name_of(code, year)
        if span is not None:
            out.setdefault(span.name, code)
    return out


def _renamed_since(year: int) -> list[tuple[str, str, str]]:
    """(old name, name in `year`, code) of the 款/项 renamed before `year` (类 are outdated_subject's)."""
    out = []
    for code, spans in subject_table().items():
        now = name_of(code, year)
        if len(code) == 3 or now is None:
            continue
        out += [(s.name, now.name, code) for s in spans if s.until is not None and s.until < year
                and s.name != now.name]
    return sorted(out, key=lambda t: -len(t[0]))


MARK = r"[（(]{}[)）]"


@rule("judgement.subject_wording", "说明中科目名称写法有误", "warning")
def subject_wording(ctx: Context) -> Iterator[Finding]:
    """说明中的“××（类）/（款）/（项）”：款级科目不得标为“（类）”，类级名称不得标为“（款）”；更名前的款、项名称（“其他国土资源事务支出”，2019年起为
    “其他自然资源事务支出”）不应再用

    不应再用；模板以全称书写科目的（function_subjects.yaml 的 full_name_templates：全国部门决算、上海预算），
    名称还应为科目全称（“一般公共服务（类）”漏写“支出”），“…（类）…（项）”之间的款级名称须带“（款）”

    理由：说明的科目名称应与附表一致，检查表把漏字与旧名称列为问题；写作“原××”的有意对照不算。"""
    rep = ctx.report
    if rep.year is None:
        return
    names = _names_of_year(rep.year)
    full_names = rep.template in (subject_data().get("full_name_templates") or ())
    stems = sorted(((n[:-2], n, c) for n, c in names.items() if n.endswith("支出") and full_names),
                   key=lambda t: -len(t[0]))
    renamed = _renamed_since(rep.year)
    for p in narrative(rep):
        taken: list[tuple[int, int]] = []
        for stem, full, code in stems:
            level = LEVEL_OF[len(code)]
            # "一般公共服务（类）支出27488.23万元" keeps its 支出 after the mark
            for m in re.finditer(re.escape(stem) + MARK.format(level) + "(?!支出)", p.text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                yield _finding("judgement.subject_wording", "warning", p, m.start(), stated=m.group(0),
                               expected=f"{full}（{level}）",
                               message=f"科目名称“{m.group(0)}”漏写“支出”，应为“{full}（{level}）”"
                                       f"（{p.around(m.start(), m.end())}）")
        for old, new, code in renamed:
            pattern = r"(?<!原)" + re.escape(old) + (r"(?:支出)?" + MARK.format(LEVEL_OF[len(code)])
                                                    if not old.endswith("支出") else "")
            for m in re.finditer(pattern, p.text):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                yield _finding("judgement.subject_wording", "warning", p, m.start(), stated=m.group(0),
                               expected=new, message=f"“{m.group(0)}”为更名前的科目名称：{rep.year}年科目{code}为"
                                                     f"“{new}”（{p.around(m.start(), m.end())}）")
        for m in re.finditer(MARK.format("类"), p.text):
            nxt = re.search(MARK.format("类") + r"|[。；;\d]", p.text[m.end():])
            seg = p.text[m.end():m.end() + (nxt.start() if nxt else len(p.text))]
            kuan = re.match(r"(.+?)" + MARK.format("款"), seg)
            if kuan and kuan.group(1) in names and len(names[kuan.group(1)]) == 3 and kuan.group(1) != "其他支出":
                yield _finding("judgement.subject_wording", "warning", p, m.end(), stated=kuan.group(0),
                               expected="款级科目名称",
                               message=f"“{p.text[max(0, m.start() - 12):m.end()]}{kuan.group(0)}”中的款级名称"
                                       f"“{kuan.group(1)}”是类级科目名称，应为该款的名称")
            if re.search(MARK.format("项"), seg) and not re.search(MARK.format("款"), seg):
                before = p.text[:m.start()]
                kuan_as_lei = next((n for n, c in names.items() if len(c) == 5 and before.endswith(n)), None)
                if not (kuan_as_lei or full_names):
                    continue
                shown = f"{p.text[max(0, m.start() - 12):m.end()]}{seg}"
                yield _finding("judgement.subject_wording", "warning", p, m.start() if kuan_as_lei else m.end(),
                               stated=f"{kuan_as_lei}（类）" if kuan_as_lei else seg,
                               expected=f"{kuan_as_lei}（款）" if kuan_as_lei else "类（类）款（款）项（项）",
                               message=(f"“{shown}”中“{kuan_as_lei}”是款级科目，误标为“（类）”" if kuan_as_lei
                                        else f"“{shown}”中款级科目名称后缺少“（款）”"))
