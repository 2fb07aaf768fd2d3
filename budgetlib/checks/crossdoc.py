"""A unit's disclosures checked against each other: last year's, this year's budget and final account,
the 部门 and its 单位.

Each document states *facts*: a quantity (an item of crossdoc.yaml, or a 功能分类 项), for a year, of a
basis (预算 / 决算 / 执行), with the page it is printed on. Some are printed outright (a table cell, a
narrative amount, 上年执行数 stated beside this year's budget); some are implied by a sentence: this
year's figure ∓ the change it states against the previous year (持平: the figure itself).

Two documents of one unit (`same_unit`: names normalised, never file names) are compared fact by fact:
the same item, year and basis must agree (the 尾差 policy: one unit of the coarser printed precision
apart is a warning, more an error); the same item and year of another basis (a budget's 上年执行数 against
the previous budget's 预算数) is shown side by side and never judged; a fact the other document does not
state is unmatched, not a fault. Which cell is which item, and the identities' titles, are data
(crossdoc.yaml).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from budgetlib.checks.registry import Context, rule
from budgetlib.model import DOWN, UP, Claim, Finding, NotRead, Report
from budgetlib.numbers import (
    INTERNAL,
    UNITS,
    decimals,
    fmt,
    fmt_amount,
    in_unit,
    round_half_up,
    try_amount,
    yuan_to_wan,
)
from budgetlib.templates import read_yaml

DATA = Path(__file__).with_name("crossdoc.yaml")
ITEM_CODE = re.compile(r"^\d{7}$")

# how a fact came to be stated
PRINTED, IMPLIED, FLAT = "列示", "由增减额推算", "持平推算"
# what a comparison found
AGREE, TAIL, DISAGREE, OTHER_BASIS = "一致", "尾差", "不一致", "口径不同"


@cache
def knowledge() -> dict[str, Any]:
    return read_yaml(DATA)


@dataclass(frozen=True)
class Fact:
    """One figure a document states for an item, a year and a basis."""

    item: str  # an items key of crossdoc.yaml, sangong.<column>, or 项:<code> / 项:<name path>
    title: str  # how an auditor names the item
    year: int
    basis: str  # 预算 | 决算 | 执行
    value: Decimal  # in 万元
    dp: int  # decimals it is printed with, in 万元
    how: str  # PRINTED | IMPLIED | FLAT
    page: int | None = None
    text: str = ""  # the printed figure or the sentence that implies it
    unit: str = "万元"  # 辆 for a count
    printed: str = "万元"  # the unit the figure is printed in (元 or 万元): how a finding quotes it

    def show(self, value: Decimal, dp: int | None = None) -> str:
        """A figure of this fact (万元, or a count) as printed, with its unit; `dp` in decimals of 万元."""
        dp = self.dp if dp is None else dp
        if self.unit != "万元":
            return f"{fmt(value, dp)}{self.unit}"
        return f"{fmt_amount(value, self.printed, self._printed_dp(dp))}{self.printed}"

    def plain(self, value: Decimal, dp: int | None = None) -> str:
        """The figure in the printed unit without separators (a listing's number column)."""
        dp = self.dp if dp is None else dp
        if self.unit != "万元":
            return fmt(value, dp)
        return fmt(in_unit(value, self.printed), self._printed_dp(dp))

    def _printed_dp(self, dp: int) -> int:
        return max(0, dp - UNITS[INTERNAL] + UNITS.get(self.printed, UNITS[INTERNAL]))

    @property
    def key(self) -> tuple[str, int, str]:
        return self.item, self.year, self.basis


@dataclass
class Comparison:
    """A fact of `report` beside the other document's fact for the same item and year."""

    identity: str  # prior_year | budget_final | dept_unit
    fact: Fact
    other: Fact | None
    other_doc: dict[str, Any] = field(default_factory=dict)
    status: str = ""  # AGREE | TAIL | DISAGREE | OTHER_BASIS | "" (unmatched)

    def to_dict(self) -> dict[str, Any]:
        o, f = self.other, self.fact
        # the three figures in the unit this document prints the item in (the other's as printed is in 对方原文)
        unit = f.printed if f.unit == "万元" else f.unit
        return {"核对": knowledge()["identities"][self.identity]["title"], "identity": self.identity,
                "项目": f.title, "年度": f.year, "口径": f.basis,
                "本文件": f.plain(f.value), "本文件页": f.page, "来源": f.how,
                "本文件原文": f.text,
                "对方文件": self.other_doc.get("name", ""), "对方口径": o.basis if o else None,
                "对方数": f.plain(o.value, o.dp) if o else None, "对方页": o.page if o else None,
                "对方原文": o.text if o else None,
                "差额": f.plain(f.value - o.value, max(f.dp, o.dp)) if o else None, "金额单位": unit,
                "结果": self.status or "无对应"}


# ---------------------------------------------------------------- what a document is


def document_noun(report: Report) -> str:
    """部门 or 单位: which the document says it is (its title, 目录 and headings), 部门 when silent."""
    text = " ".join([report.title, *report.toc, *report.headings])
    for noun in ("单位", "部门"):
        if f"{noun}{report.disclosure}" in text or f"{noun}主要职能" in text:
            return noun
    return "部门"


def doc_info(report: Report) -> dict[str, Any]:
    return {"name": Path(report.path).name if report.path else report.unit, "path": report.path,
            "unit": report.unit, "year": report.year, "disclosure": report.disclosure,
            "noun": document_noun(report)}


_DROP = re.compile(r"[\s　（）()【】\[\]“”\"'·、，,。.]|本级|办事处$")
# a 街道/镇/乡 is named with or without its 人民政府 (上海市普陀区人民政府万里街道办事处 = 普陀区万里街道)
_GOVERNMENT = re.compile(r"人民政府(?=\w+?(?:街道|镇|乡))")


def unit_key(name: str) -> str:
    """A unit's name without what its documents spell differently (本级, the 人民政府 of a 街道/镇/乡, a
    trailing 办事处, spaces, brackets); NFKC first, so full-width and half-width agree."""
    return _DROP.sub("", _GOVERNMENT.sub("", unicodedata.normalize("NFKC", name or "")))


def name_match(a: str, b: str) -> str | None:
    """"exact" when two names are equal once normalised; "suffix" when one ends the other (the region
    prefix 上海市普陀区 spelt or not) and the shorter still names a place and a body (6 characters at
    least): the figures must then confirm it (comparisons); None otherwise."""
    ka, kb = unit_key(a), unit_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return "exact"
    short, long_ = sorted((ka, kb), key=len)
    return "suffix" if len(short) >= 6 and long_.endswith(short) else None


def same_unit(a: str, b: str) -> bool:
    return name_match(a, b) is not None


# ---------------------------------------------------------------- the facts a document states


def _cell_value(report: Report, table: str, row: str, column: str) -> tuple[Decimal, int, int | None, str] | None:
    """(value in 万元, its decimals in 万元, page, the figure as printed with its unit) of a printed cell
    (a printed blank is 0); None when the table, row or cell was not read, is not a number, or the table
    was read with too little confidence to compute on."""
    try:
        s = report.read_table(table)
        value = s.value(row, column)
    except NotRead:
        return None
    cell = s.row(row).values[column]
    dp = decimals(cell.text) + (4 if s.unit == "元" else 0)
    if s.unit == "元":
        value = yuan_to_wan(value)
    return value, dp, cell.page, f"{cell.text or '（空白）'}{s.unit}", s.unit


def _cell_items(report: Report) -> Iterator[tuple[str, str, str, tuple[str, str, str]]]:
    """(item, title, basis, (table, row, column)) for every item cell this document's template has."""
    k = knowledge()
    for item, spec in k["items"].items():
        cells = spec["cells"].get(report.template or "")
        for c in cells if isinstance(cells, list) else [cells] if cells else []:
            yield item, spec["title"], c["basis"], tuple(c["cell"])
    sg = k["sangong"]
    for row, basis in sg["rows"].items():
        for column, title in sg["columns"].items():
            yield f"sangong.{column}", title, basis, (sg["table"], row, column)


def _basis_of_document(report: Report) -> str:
    return "预算" if report.disclosure == "预算" else "决算"


_ITEM_WORDS = re.compile(r"[“”\"'\s]|[（(](?:类|款|项)[)）]|科目$")


def _name_path(label: str) -> tuple[str, ...]:
    """The 类/款/项 names of a narrative label: “一般公共服务支出(类)统计信息事务(款)专项普查活动(项)” or
    “一般公共服务支出-…-行政运行”; () when the label names no such path."""
    label = unicodedata.normalize("NFKC", label)
    label = re.sub(r"[(（]\d{4}年[^)）]*[)）]$", "", label)
    m = re.search(r"“([^”]+)”", label)
    inner = m.group(1) if m else label
    if re.search(r"[（(]项[)）]", inner):
        # each name is followed by its level; what follows the 项 (…（项）支出) names nothing
        parts = [m.group(1) for m in re.finditer(r"(.+?)[（(](?:类|款|项)[)）]", inner)]
    elif inner.count("-") >= 2:
        parts = inner.split("-")
    else:
        return ()
    return tuple(p for p in (re.sub(r"\s", "", x) for x in parts) if p)


def _function_rows(report: Report) -> dict[tuple[str, ...], tuple[str, str]]:
    """name path → (code, 项 name) of the 功能分类 table's 项 rows."""
    spec = knowledge()["function_items"]
    s = report.schedule(spec["table"])
    if s is None:
        return {}
    names = {r.code: _ITEM_WORDS.sub("", unicodedata.normalize("NFKC", r.name)) for r in s.rows if r.code}
    out = {}
    for code, name in names.items():
        if ITEM_CODE.match(code):
            out[(names.get(code[:3], ""), names.get(code[:5], ""), name)] = (code, name)
    return out


def _function_item(report: Report, label: str, table_rows: dict) -> tuple[str, str] | None:
    path = _name_path(label)
    if len(path) not in (2, 3):  # 类/款/项, or 款/项 where the 类 goes without saying
        return None
    found = table_rows.get(path)
    if found:
        return f"项:{found[0]}", f"{found[0]} {'/'.join(path)}"
    return f"项:{'/'.join(path)}", "/".join(path)


def _claim_value(c: Claim) -> tuple[Decimal, int] | None:
    v = try_amount(c.value)
    if v is None:
        return None
    if c.unit == "元":
        return yuan_to_wan(v), decimals(c.value) + 4
    return v, decimals(c.value)


def _basis_of_change(sentence: str, default: str) -> str:
    """What a 比上年… change is measured from, by the words of its sentence."""
    for basis, words in knowledge()["basis_words"].items():
        if any(re.search(rf"比(?:上年|\d{{4}}年度?)(?:当年)?{w}", sentence) for w in words):
            return basis
    return default


def _page(c: Claim) -> int | None:
    return c.prov.page if c.prov else None


def _year_of(label: str, default: int) -> int:
    m = re.search(r"(\d{4})年", label)
    return int(m.group(1)) if m else default


def facts(report: Report) -> list[Fact]:
    """Every fact the document states: its own year's figures (table cells, else the narrative's amount
    with a ref to the cell), the previous year's figures its changes imply, and those it prints outright."""
    if report.year is None:
        return []
    year, own = report.year, _basis_of_document(report)
    out: dict[tuple[str, int, str], Fact] = {}
    ref_item: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for item, title, basis, cell in _cell_items(report):
        ref_item[cell] = (item, title, basis)
        got = _cell_value(report, *cell)
        if got is not None:
            out.setdefault((item, year, basis), Fact(item, title, year, basis, got[0], got[1], PRINTED, got[2],
                                                     got[3], printed=got[4]))
    rows = _function_rows(report)
    spec = knowledge()["function_items"]
    s = report.schedule(spec["table"])
    for r in s.rows if s else []:
        got = _cell_value(report, spec["table"], r.key, spec["column"]) if ITEM_CODE.match(r.code or "") else None
        if got is not None:
            out.setdefault((f"项:{r.code}", year, own), Fact(f"项:{r.code}", f"{r.code} {r.name}", year, own,
                                                           got[0], got[1], PRINTED, got[2], got[3], printed=got[4]))

    by_id = {c.id: c for c in report.claims}

    def item_of(c: Claim) -> tuple[str, str, str] | None:
        if c.ref and (c.ref.table, c.ref.row, c.ref.column) in ref_item:
            return ref_item[(c.ref.table, c.ref.row, c.ref.column)]
        found = _function_item(report, c.label, rows)
        return (found[0], found[1], own) if found else None

    for c in report.claims:  # counts at a date (截至2024年8月31日 …共有车辆7辆): the same date, the same quantity
        if c.kind == "figure" and c.unit == "辆" and c.quote and (v := try_amount(c.value)) is not None:
            basis = f"截至{c.quote}"
            out.setdefault((f"车辆:{c.label}", year, basis), Fact(f"车辆:{c.label}", c.label, year, basis, v, 0,
                                                                PRINTED, _page(c), f"{c.value}辆", "辆"))
    for c in report.claims:  # this year's figures the narrative states for cells not read
        if c.kind == "amount" and (it := item_of(c)) and (v := _claim_value(c)):
            out.setdefault((it[0], year, it[2]), Fact(it[0], it[1], year, it[2], v[0], v[1], PRINTED, _page(c),
                                                      f"{c.value}{c.unit}", printed=c.unit))
    for c in report.claims:
        subject = by_id.get(c.subject or "")
        if subject is None or (it := item_of(subject)) is None or (cur := _claim_value(subject)) is None:
            continue
        if c.kind == "yoy_amount" and (delta := _claim_value(c)) is not None:
            sign = -1 if c.direction in UP else 1 if c.direction in DOWN else None
            if sign is None:
                continue  # a garbled direction word states no previous figure
            basis = _basis_of_change(c.sentence, it[2])
            prior = Fact(it[0], it[1], year - 1, basis, cur[0] + sign * delta[0], max(cur[1], delta[1]), IMPLIED,
                         _page(c), f"{subject.value}，比上年{c.direction}{c.value}", printed=c.unit)
            out.setdefault(prior.key, prior)
        elif c.kind == "flat":
            basis = _basis_of_change(c.sentence, it[2])
            prior = Fact(it[0], it[1], year - 1, basis, cur[0], cur[1], FLAT, _page(c), f"{subject.value}，与上年持平",
                         printed=subject.unit)
            out.setdefault(prior.key, prior)
        elif c.kind == "yoy_prior" and (b := by_id.get(c.budget or "")) and (v := _claim_value(b)):
            basis = "执行" if "执行" in b.label else "预算"
            prior = Fact(it[0], it[1], _year_of(b.label, year - 1), basis, v[0], v[1], PRINTED, _page(b),
                         f"{b.label}{b.value}", printed=b.unit)
            out.setdefault(prior.key, prior)
    return list(out.values())


# ---------------------------------------------------------------- comparing two documents


def relation(a: Report, b: Report) -> str | None:
    """Which identity holds between document `a` and document `b` of one unit, seen from `a`; None when
    they are not to be compared (different units, or nothing they share)."""
    if a.year is None or b.year is None or not same_unit(a.unit, b.unit):
        return None
    if a.disclosure == b.disclosure and a.year == b.year:
        na, nb = document_noun(a), document_noun(b)
        return "dept_unit" if {na, nb} == {"部门", "单位"} else None
    if a.disclosure == b.disclosure and abs(a.year - b.year) == 1:
        return "prior_year"
    if a.disclosure != b.disclosure:
        final, budget = (a, b) if a.disclosure == "决算" else (b, a)
        # the 预算 of the 决算's year, or the next year's 预算 (whose 上年预算 is the 决算's 年初预算)
        if budget.year in (final.year, final.year + 1):
            return "budget_final"
    return None


def _judge(a: Fact, b: Fact, le: bool = False) -> str:
    dp = min(a.dp, b.dp)
    x, y = round_half_up(a.value, dp), round_half_up(b.value, dp)
    unit = Decimal(1).scaleb(-dp)
    if x == y or (le and x < y):
        return AGREE
    if a.unit != "万元":  # a count is exact: it has no rounding tail
        return DISAGREE
    return TAIL if abs(x - y) <= unit else DISAGREE


def kind_of(report: Report) -> tuple:
    """What a document is among one unit's documents: (year, 预算/决算, 部门/单位)."""
    return report.year, report.disclosure, document_noun(report)


def parts_of_one(reports: list[Report]) -> bool:
    """Two files that are one disclosure printed apart: its tables in one, its narrative in the other
    (江苏 publishes some budgets so)."""
    if len(reports) != 2:
        return False
    tables = [any(s.present for s in r.schedules.values()) for r in reports]
    text = [bool(r.sections) for r in reports]
    return sorted(zip(tables, text)) == [(False, True), (True, False)]


def compare(report: Report, other: Report | list[Report]) -> list[Comparison]:
    """The comparisons between `report` and `other` (one document, or the parts of one disclosure), from
    `report`'s side: for prior_year the statements `report` makes about the other's year (when `report` is
    the earlier one, none: the later document makes them); for budget_final the 预算数 of the 决算's year
    as the 决算 prints it and as that year's 预算 (or the next year's, by its 上年预算) states it; for
    dept_unit every shared figure."""
    parts = other if isinstance(other, list) else [other]
    ident = relation(report, parts[0])
    if ident is None or any(relation(report, p) != ident for p in parts):
        return []
    mine = facts(report)
    theirs = [(f, doc_info(p)) for p in parts for f in facts(p)]
    by_key: dict[tuple, tuple[Fact, dict]] = {}
    by_item_year: dict[tuple[str, int], list[tuple[Fact, dict]]] = {}
    for f, info in theirs:
        by_key.setdefault(f.key, (f, info))
        by_item_year.setdefault((f.item, f.year), []).append((f, info))
    year = parts[0].year
    final_year = report.year if report.disclosure == "决算" else year
    out = []
    for f in mine:
        if ident == "prior_year" and not (year == f.year and report.year == f.year + 1):
            continue
        if ident == "budget_final" and not (f.basis == "预算" and f.year == final_year):
            continue
        if ident == "dept_unit" and f.year != report.year:
            continue
        if f.key in by_key:
            match, info = by_key[f.key]
            if ident != "dept_unit":
                status = _judge(f, match)
            elif document_noun(report) == "单位":
                status = _judge(f, match, le=True)
            else:
                status = _judge(match, f, le=True)
            out.append(Comparison(ident, f, match, info, status))
        elif other_basis := [(g, i) for g, i in by_item_year.get((f.item, f.year), []) if g.basis != f.basis]:
            out.append(Comparison(ident, f, other_basis[0][0], other_basis[0][1], OTHER_BASIS))
        else:
            out.append(Comparison(ident, f, None, doc_info(parts[0]), ""))
    return out


def comparisons(report: Report, others: list[Report]) -> list[Comparison]:
    """`report` against each of its unit's other disclosures; files that are parts of one disclosure
    (parts_of_one) are compared as one."""
    groups: dict[tuple, list[Report]] = {}
    for o in others:
        groups.setdefault(kind_of(o), []).append(o)
    out = []
    for g in groups.values():
        cs = compare(report, g)
        if confirmed(report, g, cs):
            out.extend(cs)
    return out


def confirmed(report: Report, group: list[Report], cs: list[Comparison]) -> bool:
    """Names that match only by a missing prefix are the same unit when the figures say so: at least one
    figure of the same basis agrees and more agree than disagree."""
    if all(name_match(report.unit, o.unit) == "exact" for o in group):
        return True
    judged = [c.status for c in cs if c.status in (AGREE, TAIL, DISAGREE)]
    return judged.count(AGREE) >= 1 and judged.count(AGREE) > judged.count(DISAGREE)


# ---------------------------------------------------------------- the rules


def _finding(rule_id: str, c: Comparison) -> Finding:
    f, o = c.fact, c.other
    assert o is not None
    doc = c.other_doc
    where = f"《{doc['name']}》第{o.page}页" if o.page else f"《{doc['name']}》"
    diff = f.value - o.value
    dp = max(f.dp, o.dp)
    tail = "（尾差）" if c.status == TAIL else ""
    said = "推算为" if f.how != PRINTED else "为"
    when = f"{f.basis}" if f.basis.startswith("截至") else f"{f.year}年{f.basis}数"
    # each figure as its own document printed it (元 or 万元), the difference in this document's unit
    message = (f"{f.title}（{when}）：本文件{said}{f.show(f.value)}，{where}为{o.show(o.value)}，"
               f"相差{f.show(diff, dp)}{tail}")
    unit = f.printed if f.unit == "万元" else f.unit
    if c.identity == "dept_unit":
        message += "（单位的数字不应超过部门）"
    return Finding(rule=rule_id, severity="warning" if c.status == TAIL else "error", message=message,
                   page=f.page, field="crossdoc", stated=f.show(f.value).removesuffix(unit),
                   expected=f.show(o.value, o.dp).removesuffix(unit), difference=f.show(diff, dp).removesuffix(unit),
                   amount_unit=unit, within_rounding=c.status == TAIL,
                   other={"file": doc.get("path"), "unit": doc.get("unit"), "year": doc.get("year"),
                          "disclosure": doc.get("disclosure"), "page": o.page, "item": f.item,
                          "basis": o.basis, "how": f.how})


def _other_basis_note(rule_id: str, cs: list[Comparison]) -> Iterator[Finding]:
    if cs:
        names = "、".join(sorted({c.fact.title for c in cs})[:3]) + ("等" if len(cs) > 3 else "")
        yield Finding(rule=rule_id, severity="info", field="crossdoc",
                      message=f"{len(cs)}个项目两份文件口径不同（如本文件为上年执行数、对方为上年预算数），"
                              f"并列列示、不作判断：{names}")


def _run(ctx: Context, identity: str, rule_id: str) -> Iterator[Finding]:
    cs = [c for c in comparisons(ctx.report, ctx.others) if c.identity == identity]
    for c in cs:
        if c.status in (TAIL, DISAGREE):
            yield _finding(rule_id, c)
    yield from _other_basis_note(rule_id, [c for c in cs if c.status == OTHER_BASIS])


@rule("crossdoc.prior_year", "本文件所述上年数与上年同类文件一致")
def prior_year(ctx: Context) -> Iterator[Finding]:
    """本年数 ∓ 比上年增减额（持平：本年数；直接列示的上年数）= 上年同类文件所列同一项目、同一口径的数字；
    相差在较粗印刷精度的一个单位内为尾差（警告），否则为错误；口径不同（上年执行数与上年预算数）只并列、不判断。"""
    yield from _run(ctx, "prior_year", "crossdoc.prior_year")


@rule("crossdoc.budget_final", "决算所列年初预算数与同年预算文件一致")
def budget_final(ctx: Context) -> Iterator[Finding]:
    """决算的预算数（“三公”经费预算数、机关运行经费等）= 同年预算公开文件所列同一项目的预算数
    = 次年预算公开文件由“比上年预算增减”推算的上年预算数；尾差为警告。"""
    yield from _run(ctx, "budget_final", "crossdoc.budget_final")


@rule("crossdoc.dept_unit", "部门与其单位的同年公开文件一致")
def dept_unit(ctx: Context) -> Iterator[Finding]:
    """单位预算（决算）的每个数字 ≤ 同年部门预算（决算）的同一数字（部门只含一个单位时相等）；部门文件一侧要求相等
    只在两份文件全部数字相同（单一单位）时成立，否则只核对单位不超过部门。"""
    yield from _run(ctx, "dept_unit", "crossdoc.dept_unit")


def summary(cs: list[Comparison]) -> dict[str, int]:
    """Counts an auditor reads first: statements, matched, agreeing, 尾差, disagreeing, other basis."""
    return {"statements": len(cs), "matched": sum(c.other is not None for c in cs),
            "agree": sum(c.status == AGREE for c in cs), "tail": sum(c.status == TAIL for c in cs),
            "disagree": sum(c.status == DISAGREE for c in cs),
            "other_basis": sum(c.status == OTHER_BASIS for c in cs),
            "unmatched": sum(c.other is None for c in cs)}


def report_block(report: Report, others: list[Report]) -> dict[str, Any]:
    """What findings.json's meta carries: the documents compared with, the counts, every comparison."""
    cs = comparisons(report, others)
    compared = {c.other_doc.get("path") for c in cs}
    related = [doc_info(o) | {"relation": relation(report, o)} for o in others]
    unconfirmed = [d["name"] for d in related if d["relation"] and name_match(report.unit, d["unit"]) == "suffix"
                   and d["path"] not in compared]
    return {"documents": [d for d in related if d["relation"] and d["name"] not in unconfirmed],
            "unrelated": [d["name"] for d in related if not d["relation"]], "unconfirmed": unconfirmed,
            "summary": summary(cs), "comparisons": [c.to_dict() for c in cs]}


def summary_text(block: dict[str, Any]) -> str:
    """One line: 跨文件核对 N 项：一致 a，尾差 b，不一致 c，口径不同 d，无对应 e (and the files not compared)."""
    s = block["summary"]
    line = (f"跨文件核对 {s['statements']} 项：一致 {s['agree']}，尾差 {s['tail']}，不一致 {s['disagree']}，"
            f"口径不同 {s['other_basis']}，无对应 {s['unmatched']}")
    if block["unrelated"]:
        line += f"（非同一单位或无可比关系，未比较：{'、'.join(block['unrelated'])}）"
    if block.get("unconfirmed"):
        line += f"（单位名称仅部分相同且数字未能印证为同一单位，未比较：{'、'.join(block['unconfirmed'])}）"
    return line
