"""Rules of the tables family: the identities within and between a report's tables.

Which identities a report has is its template's business (budgetlib/templates/*.yaml); each rule
below asks the one evaluator (checks/identities.py) for the identities of its id. Cross-table
equalities are computed in 万元 (元 tables converted exactly; a figure printed in 元 and in 万元 agrees
when both round alike at the 万元 printing), and every figure is quoted in the unit its table prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetlib import templates
from budgetlib.checks.identities import evaluate
from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.model import Cell, Finding, NotRead, Schedule

# A cell that is not read or not a number: the could-not-check signal of the model.
Unreadable = NotRead


def value(cell: Cell, what: str = "") -> Decimal:
    """The amount a cell prints, a printed blank as zero (Cell.value); raises NotRead for a cell
    not read or printing something that is not a number."""
    return cell.value(what)


@rule("table.row_sum", "行合计与各栏之和不符", "error")
def row_sum(ctx: Context) -> Iterator[Finding]:
    """每行：合计栏 = 其后各组成栏之和（模板所列各表；两栏式总表为支出方）；基金类表另核 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。

    total column = Σ component columns in every row, as the template declares (kind row_sum).
    """
    yield from evaluate(ctx, "table.row_sum")


@rule("table.column_sum", "合计行与各类之和不符", "error")
def column_sum(ctx: Context) -> Iterator[Finding]:
    """合计行 = 各“类”行之和（每一栏）；两栏式总表：本年收入（支出）合计 = 各收入（支出）项目之和，总计 = 本年合计 + 结转结余等项；模板所列的行合计（如 人员经费合计 = 301 + 303）。

    total row = Σ 类 rows per column; two-sided tables: 本年合计 = Σ item rows, 总计 = 本年合计 + carry-over rows.
    """
    yield from evaluate(ctx, "table.column_sum")


@rule("table.hierarchy", "类、款、项金额不衔接", "error")
def hierarchy(ctx: Context) -> Iterator[Finding]:
    """按科目编码前缀：类 = Σ 所属款，款 = Σ 所属项（功能分类3/5/7位），每一栏；经济分类：类 = Σ 款。

    value(类) = Σ value(款 children), value(款) = Σ value(项 children), every numeric column.
    """
    yield from evaluate(ctx, "table.hierarchy")


@rule("table.balance", "收入总计与支出总计不等", "error")
def balance(ctx: Context) -> Iterator[Finding]:
    """两栏式总表：收入总计 = 支出总计（全国模板另按资金来源：本年收入 + 年初结转和结余 = 支出总计）。

    in.grand = out.grand (and per fund where the template declares it).
    """
    yield from evaluate(ctx, "table.balance")


@rule("table.cross", "表与表之间同一数字不一致", "error")
def cross(ctx: Context) -> Iterator[Finding]:
    """模板所列表间勾稽（按万元比较），如：收入决算表合计 = 总表本年收入合计；支出决算表各类 = 总表各类；一般公共预算支出表 = 财政拨款总表一般公共预算栏 ……（见各模板 identities）。

    The cross-table equalities of the template; the finding points at the first table named and
    carries the second in `other`. One unit apart is a rounding adjustment (warning).
    """
    yield from evaluate(ctx, "table.cross")


@rule("table.sangong_subtotal", "公务用车小计与购置费、运行维护费之和不符", "error")
def sangong_subtotal(ctx: Context) -> Iterator[Finding]:
    """“三公”经费表（预算数、决算数）：公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费。

    vehicle = vehicle_buy + vehicle_run in the 预算数 and 决算数 rows.
    """
    yield from evaluate(ctx, "table.sangong_subtotal")


# ---------------------------------------------------------------- table.missing / table.empty_unexplained


@rule("table.missing", "应公开的表缺失", "error")
def missing(ctx: Context) -> Iterator[Finding]:
    """报告所属模板列出的每一张表都应公开，缺一即报（未匹配到模板时无法核对）。

    every table of the matched template is present.
    """
    report = ctx.report
    if report.kind != "full":  # a partial document (disclosure.partial_note says what it holds)
        return
    tpl = templates.get(report.template)
    if tpl is None:
        yield could_not_check("table.missing", "报告未匹配到已知模板，不知应有哪些表")
        return
    if not report.schedules_found:
        yield could_not_check("table.missing", "未找到决算表（附表）")
        return
    for tdef in tpl.tables:
        if report.schedule(tdef.key) is None:
            name = f"公开{tdef.ordinal:02d}表（附表{tdef.ordinal}）" if tpl.numbered else f"《{tdef.title}》"
            yield Finding(rule="table.missing", severity="error", table=tdef.key, table_no=tdef.ordinal,
                          table_title=tdef.title, table_label=name, message=f"未找到{name}，应公开的表缺失",
                          stated=None, expected="公开该表")


def _all_blank(sch: Schedule) -> bool | None:
    """Whether every figure is blank or zero; None when that cannot be told (a figure not read)."""
    cells = [c for r in sch.all_rows() for c in r.values.values()]
    if not cells or any(c.missing for c in cells):
        return None
    return all(c.blank or c.amount == 0 for c in cells)


@rule("table.empty_unexplained", "空表未作说明", "error")
def empty_unexplained(ctx: Context) -> Iterator[Finding]:
    """所有数字为空或为零的表（模板要求说明者），应附“本表为空表”“本年度没有……故本表无数据”之类的说明。

    an all-blank/zero table carries an empty_note; a table with no rows read cannot be judged.
    """
    report = ctx.report
    if not report.schedules_found:
        yield could_not_check("table.empty_unexplained", "未找到决算表（附表）")
        return
    tpl = templates.get(report.template)
    for sch in report.schedules.values():
        if not sch.present:
            continue
        where = {**sch.where, "page": sch.pages[0] if sch.pages else None}
        if not sch.all_rows():
            yield could_not_check("table.empty_unexplained", f"{sch.label}未读到任何数据行，无法判断是否空表", **where)
            continue
        tdef = templates.definition(sch.title, tpl) if tpl is None else tpl.table(sch.key)
        if tdef is not None and not tdef.empty_note_required:
            continue
        blank = _all_blank(sch)
        if blank is None:
            yield could_not_check("table.empty_unexplained", f"{sch.label}有未读取的数字，无法判断是否空表", **where)
            continue
        if blank and not (sch.empty_note or "").strip():
            yield Finding(rule="table.empty_unexplained", severity="error",
                          message=f"{sch.label}{sch.title}全部为空或为零，但未说明为空表的原因",
                          stated=None, expected="说明为空表的注释", **where)
