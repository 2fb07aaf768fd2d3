"""Rules of the tables family: identities within and between the 13 附表 (see docs/rules.md).

Schedules are compared at the precision they print. In the source system every identity holds
exactly, so any difference is an error; a unit may allow the rounding slack of the components
(`tolerances.table_slack: true`, checks/rounding.sum_slack), under which a difference is a warning.
Cross-schedule equalities are compared in 万元 (元 tables converted and rounded half-up to 2 dp).
A blank or '-' cell counts as zero; a cell that is not a number makes its identity uncheckable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetlib.checks.registry import Context, could_not_check, rule
from budgetlib.checks.rounding import sum_slack
from budgetlib.model import Cell, Finding, Report, Row, Schedule
from budgetlib.numbers import decimals, fmt, round_half_up, yuan_to_wan

ZERO = Decimal(0)
REQUIRED_SCHEDULES = tuple(range(1, 14))

# Columns of a row that are not parts of its 合计 (carry-overs and income in tables 10/11).
_NOT_PARTS = {"total", "carry_begin", "income", "carry_end"}
# table.sangong_subtotal owns the vehicle identity; table.row_sum the 合计 of table 13.
_SANGONG_PARTS = ("abroad", "vehicle", "reception")
_VEHICLE_PARTS = ("vehicle_buy", "vehicle_run")


# ---------------------------------------------------------------- reading cells


class Unreadable(Exception):
    """A cell that prints something other than a number or a blank mark."""

    def __init__(self, cell: Cell):
        super().__init__(cell.text)
        self.cell = cell


def value(cell: Cell) -> Decimal:
    """The amount printed, blank as zero; raises Unreadable for text that is not a number."""
    if cell.blank:
        return ZERO
    amount = cell.amount
    if amount is None:
        raise Unreadable(cell)
    return amount


def in_wan(schedule: Schedule, cell: Cell) -> Decimal:
    """A cell in 万元, rounded half-up to 2 dp as the narrative and the other schedules print it."""
    v = value(cell)
    return round_half_up(yuan_to_wan(v), 2) if schedule.unit == "元" else v


def _dp(cells: Iterable[Cell]) -> int:
    return max((decimals(c.text) for c in cells if not c.blank), default=2)


def _unit(schedule: Schedule) -> str:
    return schedule.unit or "万元"


# ---------------------------------------------------------------- building findings


@dataclass
class Identity:
    """stated (one cell) = the sum of `parts` (cells with a sign); what a table rule compares."""

    schedule: Schedule
    row: str
    column: str
    stated: Cell
    parts: list[tuple[int, Cell]]
    formula: str  # Chinese, for the message


def _where(schedule: Schedule, row: str, column: str, cell: Cell) -> dict:
    return {"table": schedule.no, "row": row, "column": column, "page": cell.page, "bbox": cell.bbox}


def _slack(ctx: Context, n_parts: int, dp: int) -> Decimal:
    """Exact by default; with `tolerances.table_slack: true` a sum may drift by its parts' rounding."""
    return sum_slack(n_parts, Decimal(1).scaleb(-dp)) if ctx.tolerance("table_slack", False) else ZERO


def check_identity(ctx: Context, rule_id: str, ident: Identity) -> Iterator[Finding]:
    """Compare one identity; yields an error (or a warning within the unit's slack), or nothing."""
    sch = ident.schedule
    try:
        stated = value(ident.stated)
        expected = sum((sign * value(c) for sign, c in ident.parts), ZERO)
    except Unreadable as exc:
        yield could_not_check(rule_id, f"附表{sch.no}单元格“{exc.cell.text}”不是数字（{ident.formula}）",
                              **_where(sch, ident.row, ident.column, exc.cell))
        return
    diff = stated - expected
    if diff == 0:
        return
    dp = _dp([ident.stated] + [c for _, c in ident.parts])
    within = abs(diff) <= _slack(ctx, len(ident.parts), dp)
    label = f"附表{sch.no}“{_row_name(sch, ident.row)}”行“{sch.label(ident.column)}”"
    note = "，在各项舍入误差范围内" if within else ""
    yield Finding(
        rule=rule_id, severity="warning" if within else "error",
        message=(f"{label}报告数 {_show(ident.stated)}{_unit(sch)}，按 {ident.formula} 应为 "
                 f"{fmt(expected, dp)}{_unit(sch)}，差额 {fmt(diff, dp)}{note}"),
        stated=ident.stated.text, expected=fmt(expected, dp), difference=fmt(diff, dp),
        within_rounding=within, **_where(sch, ident.row, ident.column, ident.stated))


def _show(cell: Cell) -> str:
    return (cell.text or "").strip() or "空"


def _row_name(schedule: Schedule, key: str) -> str:
    r = schedule.row(key)
    if r is None:
        return key
    name = r.name.strip() or key
    return f"{r.code} {name}" if r.code and r.code not in name else name


def _schedules(ctx: Context, rule_id: str) -> Iterator[Schedule | Finding]:
    """Present schedules, or one could-not-check when the 附表 were not found at all."""
    report = ctx.report
    if not report.schedules_found:
        yield could_not_check(rule_id, "未找到第五部分附表")
        return
    for no in sorted(report.schedules):
        sch = report.schedule(no)
        if sch is not None:
            yield sch


def _each(ctx: Context, rule_id: str, build) -> Iterator[Finding]:
    for sch in _schedules(ctx, rule_id):
        if isinstance(sch, Finding):
            yield sch
            continue
        for ident in build(sch):
            yield from check_identity(ctx, rule_id, ident)


def _columns(schedule: Schedule, rows: list[Row]) -> list[str]:
    keys = [c.key for c in schedule.columns]
    for r in rows:
        keys.extend(k for k in r.values if k not in keys)
    return keys


def _is_lei(row: Row) -> bool:
    return row.level == "类" or (row.level is None and len(row.code) == 3 and row.code.isdigit())


def _side_blocks(rows: list[Row]) -> tuple[list[Row], Row | None, list[Row], Row | None]:
    """A two-sided schedule's side: item rows, 本年合计 row, carry-over rows, 总计 row."""
    items: list[Row] = []
    after: list[Row] = []
    year = grand = None
    for r in rows:
        suffix = r.key.split(".", 1)[-1]
        if suffix == "total_year":
            year = r
        elif suffix == "grand":
            grand = r
        elif year is None:
            items.append(r)
        else:
            after.append(r)
    return items, year, after, grand


# ---------------------------------------------------------------- table.row_sum


def _row_sum_identities(sch: Schedule) -> Iterator[Identity]:
    rows = sch.right if sch.layout == "two_sided" else sch.rows
    cols = _columns(sch, rows)
    if "total" not in cols:
        return
    parts = [c for c in cols if c not in _NOT_PARTS and c not in _VEHICLE_PARTS]
    if sch.layout == "sangong":
        parts = [c for c in _SANGONG_PARTS if c in cols]
    for r in rows:
        yield Identity(sch, r.key, "total", r.get("total"), [(1, r.get(c)) for c in parts],
                       "+".join(sch.label(c) for c in parts))
        if {"carry_begin", "income", "carry_end"} <= set(cols):
            yield Identity(sch, r.key, "carry_end", r.get("carry_end"),
                           [(1, r.get("carry_begin")), (1, r.get("income")), (-1, r.get("total"))],
                           "年初结转和结余+本年收入−本年支出")


@rule("table.row_sum", "行合计与各栏之和不符", "error")
def row_sum(ctx: Context) -> Iterator[Finding]:
    """每行：合计栏 = 其后各组成栏之和（附表2、3、5–12、13及附表4支出方）；附表10/11另核 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出。

    total column = Σ component columns in every row; tables 10/11: carry_end = carry_begin + income − total.
    """
    yield from _each(ctx, "table.row_sum", _row_sum_identities)


# ---------------------------------------------------------------- table.column_sum


def _column_sum_identities(sch: Schedule) -> Iterator[Identity]:
    if sch.layout == "two_sided":
        for side in (sch.left, sch.right):
            items, year, after, grand = _side_blocks(side)
            for col in _columns(sch, side):
                if year is not None and items:
                    yield Identity(sch, year.key, col, year.get(col), [(1, r.get(col)) for r in items],
                                   "各收入（支出）项目之和")
                if grand is not None and year is not None:
                    yield Identity(sch, grand.key, col, grand.get(col),
                                   [(1, year.get(col))] + [(1, r.get(col)) for r in after],
                                   "本年合计+结转结余等项")
        return
    if sch.layout not in ("classification", "economic"):
        return
    total = next((r for r in sch.rows if r.level == "total" or r.key == "total"), None)
    lei = [r for r in sch.rows if _is_lei(r)]
    if total is None or not lei:
        return
    for col in _columns(sch, sch.rows):
        yield Identity(sch, total.key, col, total.get(col), [(1, r.get(col)) for r in lei], "各类之和")


@rule("table.column_sum", "合计行与各类之和不符", "error")
def column_sum(ctx: Context) -> Iterator[Finding]:
    """合计行 = 各“类”行之和（每一栏）；附表1/4：本年收入（支出）合计 = 各收入（支出）项目之和，总计 = 本年合计 + 结转结余等项。

    total row = Σ 类 rows per column; two-sided tables: 本年合计 = Σ item rows, 总计 = 本年合计 + carry-over rows.
    """
    yield from _each(ctx, "table.column_sum", _column_sum_identities)


# ---------------------------------------------------------------- table.hierarchy


def _children(parent: Row, rows: list[Row]) -> list[Row]:
    n = len(parent.code)
    return [r for r in rows if r is not parent and r.code.startswith(parent.code) and len(r.code) == n + 2]


def _hierarchy_identities(sch: Schedule) -> Iterator[Identity]:
    if sch.layout not in ("classification", "economic"):
        return
    coded = [r for r in sch.rows if r.code.isdigit()]
    # 功能分类: 类 3 → 款 5 → 项 7 digits; 经济分类 (table 8): 类 3 → 款 5 only.
    parents = [r for r in coded if len(r.code) == 3 or (len(r.code) == 5 and sch.layout == "classification")]
    cols = _columns(sch, sch.rows)
    for p in parents:
        kids = _children(p, coded)
        if not kids:
            continue
        level = "款" if len(p.code) == 3 else "项"
        for col in cols:
            yield Identity(sch, p.key, col, p.get(col), [(1, k.get(col)) for k in kids], f"所属各{level}之和")


@rule("table.hierarchy", "类、款、项金额不衔接", "error")
def hierarchy(ctx: Context) -> Iterator[Finding]:
    """按科目编码前缀：类 = Σ 所属款，款 = Σ 所属项（功能分类3/5/7位），每一栏；附表8经济分类：类 = Σ 款。

    value(类) = Σ value(款 children), value(款) = Σ value(项 children), every numeric column.
    """
    yield from _each(ctx, "table.hierarchy", _hierarchy_identities)


# ---------------------------------------------------------------- table.balance


@rule("table.balance", "收入总计与支出总计不等", "error")
def balance(ctx: Context) -> Iterator[Finding]:
    """附表1、附表4：收入总计 = 支出总计。

    in.grand = out.grand (table 1 金额; table 4 合计 column).
    """
    for sch in _schedules(ctx, "table.balance"):
        if isinstance(sch, Finding):
            yield sch
            continue
        if sch.layout != "two_sided":
            continue
        _, _, _, left = _side_blocks(sch.left)
        _, _, _, right = _side_blocks(sch.right)
        if left is None or right is None:
            yield could_not_check("table.balance", f"附表{sch.no}缺少收入或支出“总计”行", table=sch.no)
            continue
        in_col = "amount" if "amount" in left.values else _columns(sch, [left])[0]
        out_col = "amount" if "amount" in right.values else "total"
        yield from check_identity(ctx, "table.balance", Identity(
            sch, right.key, out_col, right.get(out_col), [(1, left.get(in_col))], "收入总计"))


# ---------------------------------------------------------------- table.cross

# (table, row, column) = (table, row, column), each as the truth README lists them; the first
# side is where the finding points, the second goes to `other`.
_CROSS_FIXED: tuple[tuple[tuple[int, str, str], tuple[int, str, str]], ...] = (
    ((2, "total", "total"), (1, "in.total_year", "amount")),
    ((2, "total", "fiscal"), (4, "in.total_year", "amount")),
    ((3, "total", "total"), (1, "out.total_year", "amount")),
    ((1, "in.gp", "amount"), (4, "in.gp", "amount")),
    ((1, "in.gf", "amount"), (4, "in.gf", "amount")),
    ((1, "in.soc", "amount"), (4, "in.soc", "amount")),
    ((5, "total", "total"), (4, "out.total_year", "total")),
    ((5, "total", "gp"), (4, "out.total_year", "gp")),
    ((5, "total", "gf"), (4, "out.total_year", "gf")),
    ((5, "total", "soc"), (4, "out.total_year", "soc")),
    ((6, "total", "total"), (5, "total", "gp")),
    ((7, "total", "total"), (6, "total", "total")),
    ((7, "total", "project"), (6, "total", "project")),
    ((8, "total", "total"), (6, "total", "basic")),
    ((8, "total", "personnel"), (7, "total", "personnel")),
    ((8, "total", "public"), (7, "total", "public")),
    ((9, "total", "total"), (6, "total", "project")),
    ((10, "total", "total"), (5, "total", "gf")),
    ((10, "total", "income"), (4, "in.gf", "amount")),
    ((11, "total", "total"), (5, "total", "soc")),
    ((11, "total", "income"), (4, "in.soc", "amount")),
    ((12, "total", "total"), (5, "total", "soc")),
)


def _cross_pairs(report: Report) -> Iterator[tuple[tuple[int, str, str], tuple[int, str, str]]]:
    yield from _CROSS_FIXED
    # 类 rows: 3 类 = 1 类 (本年支出合计 column), 5 类 = 4 类 (every fund column).
    for (a, a_col), (b, b_cols) in (((3, "total"), (1, ("amount",))), ((5, None), (4, ("total", "gp", "gf", "soc")))):
        sa, sb = report.schedule(a), report.schedule(b)
        if sa is None or sb is None:
            continue
        # Row keys by 类 code on each side; a 类 printed on one side only is compared with a blank.
        keys_a = {r.code: r.key for r in sa.rows if _is_lei(r)}
        keys_b = {r.code: r.key for r in sb.right if len(r.code) == 3 and r.code.isdigit()}
        for code in list(keys_a) + [k for k in keys_b if k not in keys_a]:
            for b_col in b_cols:
                yield (a, keys_a.get(code, code), a_col or b_col), (b, keys_b.get(code, f"out.{code}"), b_col)


def _cross_cell(report: Report, table: int, row: str, column: str) -> tuple[Schedule, Cell] | None:
    sch = report.schedule(table)
    if sch is None:
        return None
    return sch, sch.cell(row, column)


@rule("table.cross", "附表之间同一数字不一致", "error")
def cross(ctx: Context) -> Iterator[Finding]:
    """附表间（按万元比较）：2合计=1本年收入合计；2财政拨款收入=4本年收入合计；3合计=1本年支出合计；3类=1类；1、4财政拨款收入各行相等；5合计（各栏）=4本年支出合计；5类=4类；6合计=5一般公共预算；7合计、项目支出=6；8合计=6基本支出；8人员经费、公用经费=7；9合计=6项目支出；10合计=5政府性基金，10本年收入=4政府性基金收入；11、12合计=5国有资本经营，11本年收入=4国有资本经营收入。

    The cross-schedule equalities of the corpus README, compared in 万元; the finding points at the
    first schedule named and carries the second in `other`.
    """
    report = ctx.report
    if not report.schedules_found:
        yield could_not_check("table.cross", "未找到第五部分附表")
        return
    absent: set[int] = set()
    for (ta, ra, ca), (tb, rb, cb) in _cross_pairs(report):
        a, b = _cross_cell(report, ta, ra, ca), _cross_cell(report, tb, rb, cb)
        if a is None or b is None:
            absent.update(t for t, side in ((ta, a), (tb, b)) if side is None)
            continue
        (sa, cell_a), (sb, cell_b) = a, b
        if sa.row(ra) is None and sb.row(rb) is None:
            continue
        try:
            va, vb = in_wan(sa, cell_a), in_wan(sb, cell_b)
        except Unreadable as exc:
            yield could_not_check("table.cross", f"单元格“{exc.cell.text}”不是数字",
                                  **_where(sa, ra, ca, cell_a), other={"table": tb, "row": rb, "column": cb})
            continue
        if va == vb:
            continue
        diff = va - vb
        yield Finding(
            rule="table.cross", severity="error",
            message=(f"附表{ta}“{_row_name(sa, ra)}”行“{sa.label(ca)}”报告数 {fmt(va)}万元，"
                     f"与附表{tb}“{_row_name(sb, rb)}”行“{sb.label(cb)}”的 {fmt(vb)}万元 应相等，差额 {fmt(diff)}"),
            stated=fmt(va), expected=fmt(vb), difference=fmt(diff),
            other={"table": tb, "row": rb, "column": cb, "page": cell_b.page,
                   "bbox": list(cell_b.bbox) if cell_b.bbox else None},
            **_where(sa, ra, ca, cell_a))
    for t in sorted(absent & set(REQUIRED_SCHEDULES)):
        yield could_not_check("table.cross", f"附表{t}未找到，涉及它的表间核对未做", table=t)


# ---------------------------------------------------------------- table.sangong_subtotal


@rule("table.sangong_subtotal", "公务用车小计与购置费、运行维护费之和不符", "error")
def sangong_subtotal(ctx: Context) -> Iterator[Finding]:
    """附表13（预算数、决算数两行）：公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费。

    vehicle = vehicle_buy + vehicle_run in the 预算数 and 决算数 rows.
    """
    def build(sch: Schedule) -> Iterator[Identity]:
        if sch.layout != "sangong":
            return
        for r in sch.rows:
            yield Identity(sch, r.key, "vehicle", r.get("vehicle"), [(1, r.get(c)) for c in _VEHICLE_PARTS],
                           "公务用车购置费+公务用车运行维护费")

    yield from _each(ctx, "table.sangong_subtotal", build)


# ---------------------------------------------------------------- table.missing / table.empty_unexplained


@rule("table.missing", "应公开的附表缺失", "error")
def missing(ctx: Context) -> Iterator[Finding]:
    """第五部分应有公开01表至公开13表，缺一即报。

    every schedule 1..13 is present.
    """
    report = ctx.report
    if not report.schedules_found:
        yield could_not_check("table.missing", "未找到第五部分附表")
        return
    for no in REQUIRED_SCHEDULES:
        if report.schedule(no) is None:
            yield Finding(rule="table.missing", severity="error", table=no,
                          message=f"未找到公开{no:02d}表（附表{no}），应公开的附表缺失",
                          stated=None, expected="公开该表")


def _all_blank(sch: Schedule) -> bool:
    cells = [c for r in sch.all_rows() for c in r.values.values()]
    return all(c.blank or c.amount == 0 for c in cells)


@rule("table.empty_unexplained", "空表未作说明", "error")
def empty_unexplained(ctx: Context) -> Iterator[Finding]:
    """所有数字为空或为零的附表，应附“本表为空表”之类的说明。

    an all-blank/zero schedule carries an empty_note.
    """
    for sch in _schedules(ctx, "table.empty_unexplained"):
        if isinstance(sch, Finding):
            yield sch
            continue
        if _all_blank(sch) and not (sch.empty_note or "").strip():
            page = sch.pages[0] if sch.pages else None
            yield Finding(rule="table.empty_unexplained", severity="error", table=sch.no, page=page,
                          message=f"附表{sch.no}{sch.title}全部为空或为零，但未说明为空表的原因",
                          stated=None, expected="说明为空表的注释")
