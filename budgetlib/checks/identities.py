"""One evaluator for every table identity a template declares (budgetlib/templates/*.yaml).

An identity is `stated cell = Σ sign × cells`. The evaluator resolves each cell by (table, row,
column) in the report; an addressed table, row or column the parser did not read, a cell that is
not a number, or a table read with low confidence makes the identity "could not check" (info),
never a comparison against 0. A blank cell inside a row that was read is a printed zero.

Rounding (rules.md, judgement calls): amounts are compiled finer than they are printed, so a total of
k printed parts may differ from their sum by up to max(one unit, k × `sum_slack_per_part`), the unit
being the precision the figures were kept to (0.01 万元, or 1 元 in a table of whole 元); such a
difference is a warning (尾差, within_rounding), anything larger an error. Figures are computed in 万元
and quoted, with the difference, in the unit their table prints (Schedule.show). The same figure printed
in two places one unit apart is a warning too. An identity declared `convention: true` holds by the
usual bookkeeping only (基本支出决算表 30108 and 项 2080505): beyond its tail it is information, and it
does not apply where either row is not printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetlib import templates
from budgetlib.checks.registry import Context, could_not_check, not_read_finding
from budgetlib.model import Cell, Finding, NotRead, Report, Row, Schedule
from budgetlib.numbers import INTERNAL, decimals, fmt_amount, round_half_up
from budgetlib.templates.declarations import (
    ColumnSum,
    Declaration,
    Equal,
    Hierarchy,
    RowsSum,
    RowSum,
    SideSums,
)

ZERO = Decimal(0)


class Unchecked(NotRead):
    """The could-not-check signal of an identity input (model.NotRead), located for the finding."""

    def __init__(self, why: str, sch: Schedule | None = None, row: str | None = None,
                 column: str | None = None, cell: Cell | None = None, kind: str = "missing"):
        super().__init__(why, kind, table=sch, row=row, column=column, cell=cell)


@dataclass
class Term:
    sch: Schedule
    row: str
    column: str
    cell: Cell
    sign: int = 1

    @property
    def value(self) -> Decimal:
        """The term's amount in 万元, read through the one accessor (a 元 table's converted exactly)."""
        return self.sch.internal(self.sch.value(self.row, self.column))

    def show(self, value: Decimal, dp: int) -> str:
        """A figure of this term's table as the table prints it: a 万元 table at `dp` (its figures'
        decimals), a 元 table in 元 at its own decimals."""
        return fmt_amount(value, self.sch.unit, dp if self.sch.unit == INTERNAL else self.sch.dp)


@dataclass
class Identity:
    rule: str
    stated: Term
    parts: list[Term]
    formula: str  # Chinese, for the message
    same_figure: bool = False  # a figure printed twice (cross-table), not a sum
    convention: bool = False  # equal by the usual bookkeeping, not by definition: never an error


# ---------------------------------------------------------------- addressing


def table_of(report: Report, key: str) -> Schedule:
    """The table as read (Report.read_table); an absent one names its template title."""
    try:
        return report.read_table(key)
    except NotRead as exc:
        if exc.sch is None:
            exc.why = f"未找到{_title(report, key)}"
        raise


def term(report: Report, table: str, row: str, column: str, sign: int = 1) -> Term:
    sch = table_of(report, table)
    r = sch.row(row)
    if r is None:
        raise Unchecked(f"{sch.label}中未读到行“{row}”", sch, row, column)
    cell = r.values.get(column)
    if cell is None or cell.missing:
        raise Unchecked(f"{sch.label}“{row_name(sch, row)}”行未读到栏目“{sch.label_of(column)}”", sch, row, column)
    return Term(sch, row, column, cell, sign)


def _title(report: Report, key: str) -> str:
    s = report.schedules.get(key)
    if s is not None:
        return s.label
    tpl = templates.get(report.template)
    d = tpl.table(key) if tpl else None
    return f"《{d.title}》" if d else key


def row_name(sch: Schedule, key: str) -> str:
    r = sch.row(key)
    if r is None:
        return key
    name = r.name.strip() or key
    return f"{r.code} {name}" if r.code and r.code not in name else name


def is_lei(row: Row) -> bool:
    return row.level == "类" or (row.level is None and len(row.code) == 3 and row.code.isdigit())


def value_columns(sch: Schedule, rows: list[Row]) -> list[str]:
    keys = [c.key for c in sch.columns]
    for r in rows:
        keys.extend(k for k in r.values if k not in keys)
    return [k for k in keys if any(k in r.values for r in rows)]


# ---------------------------------------------------------------- identity kinds


def _rows_of(sch: Schedule) -> list[Row]:
    return sch.right if sch.layout == "two_sided" else sch.rows


def _row_sum(report: Report, d: RowSum) -> Iterator[Identity | NotRead]:
    sch = table_of(report, d.table)
    rows = _rows_of(sch)
    cols = value_columns(sch, rows)
    total = d.total
    if d.others:
        # every column the header shows, figures read or not: one whose figures were not read is an
        # input not read, never a column left out of the sum
        known = [c.key for c in sch.columns] + [c for c in cols if c not in {k.key for k in sch.columns}]
        parts = [(1, c) for c in known if c != total and c not in set(d.exclude)]
    else:
        parts = list(d.parts)
    if not parts:
        yield Unchecked(f"{sch.label}未读到“{sch.label_of(total)}”的组成栏目", sch, None, total)
        return
    formula = d.formula or "+".join(sch.label_of(c) for _, c in parts)
    for r in rows:
        if total not in r.values:
            continue  # a row that prints no such column (a 三公 budget row with fewer blocks)
        if d.optional and any(c not in r.values for _, c in parts):
            continue  # the parts are columns only one variant of the table prints (上海 单位预算 收支总表)
        try:
            yield Identity(d.rule, term(report, sch.key, r.key, total),
                           [term(report, sch.key, r.key, c, sign) for sign, c in parts], formula)
        except NotRead as exc:
            yield exc


def _tables(report: Report, d: ColumnSum | Hierarchy) -> Iterator[Schedule | NotRead]:
    """The tables an identity names (`tables` or `table`) that were read; an absent one is
    table.missing's business and is passed over, a low-confidence one is could-not-check."""
    for key in d.tables:
        try:
            yield table_of(report, key)
        except NotRead as exc:
            if exc.sch is not None:
                yield exc


def _column_sum(report: Report, d: ColumnSum) -> Iterator[Identity | NotRead]:
    for sch in _tables(report, d):
        if isinstance(sch, NotRead):
            yield sch
            continue
        key = sch.key
        total = next((r for r in sch.rows if r.level == "total" or r.key == "total"), None)
        lei = [r for r in sch.rows if is_lei(r)]
        if not lei:
            continue  # an empty table, or one listing only its 合计
        if total is None:
            yield Unchecked(f"{sch.label}中未读到“合计”行", sch, "total")
            continue
        for col in value_columns(sch, sch.rows):
            try:
                yield Identity(d.rule, term(report, key, total.key, col),
                               [term(report, key, r.key, col) for r in lei], "各类之和")
            except NotRead as exc:
                yield exc


def _rows_sum(report: Report, d: RowsSum) -> Iterator[Identity | NotRead]:
    sch = table_of(report, d.table)
    cols = d.columns or value_columns(sch, sch.all_rows())
    names = "+".join(row_name(sch, r) if sch.row(r) else r for r in d.rows)
    for col in cols:
        try:
            yield Identity(d.rule, term(report, sch.key, d.row, col),
                           [term(report, sch.key, r, col) for r in d.rows], names)
        except NotRead as exc:
            yield exc


def side_blocks(rows: list[Row]) -> tuple[list[Row], Row | None, list[Row], Row | None]:
    """A two-sided table's side: item rows, 本年合计 row, carry-over rows, 总计 row. A breakdown
    row (in.carry_begin.gp) is part of its carry-over row, not another term of the 总计."""
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
            if r.key.count(".") < 2:  # a breakdown row (in.fiscal.gp) is within its parent item
                items.append(r)
        elif r.key.count(".") < 2:
            after.append(r)
    return items, year, after, grand


def _side_sums(report: Report, d: SideSums) -> Iterator[Identity | NotRead]:
    """Each side's 本年合计 = its items and 总计 = 本年合计 + the carry-over rows; with `items_to_grand`
    (a budget's 收支总表 prints no 本年合计) 总计 = the items, on the `sides` named (default both).
    An item row without the column is an input not read: the sum is not checked, never computed
    on the rows that remain."""
    sch = table_of(report, d.table)

    def ident(stated: Row, parts: list[Row], col: str, formula: str) -> Identity | NotRead:
        try:
            return Identity(d.rule, term(report, sch.key, stated.key, col),
                            [term(report, sch.key, r.key, col) for r in parts], formula)
        except NotRead as exc:
            return exc

    for side in (getattr(sch, s) for s in d.sides):
        items, year, after, grand = side_blocks(side)
        for col in value_columns(sch, side):
            if d.items_to_grand and year is None and grand is not None and items and col in grand.values:
                yield ident(grand, items, col, "各收入（支出）项目之和")
            if year is not None and items and col in year.values:
                yield ident(year, items, col, "各收入（支出）项目之和")
            if grand is not None and year is not None and col in grand.values:
                yield ident(grand, [year, *after], col, "本年合计+结转结余等项")


def _hierarchy(report: Report, d: Hierarchy) -> Iterator[Identity | NotRead]:
    digits = list(d.digits)
    for sch in _tables(report, d):
        if isinstance(sch, NotRead):
            yield sch
            continue
        key = sch.key
        coded = [r for r in sch.rows if r.code.isdigit()]
        cols = value_columns(sch, sch.rows)
        for p in coded:
            if len(p.code) not in digits[:-1]:
                continue
            width = digits[digits.index(len(p.code)) + 1]
            kids = [r for r in coded if r is not p and len(r.code) == width and r.code.startswith(p.code)]
            if not kids:
                continue
            level = "款" if len(p.code) == digits[0] else "项"
            for col in cols:
                try:
                    yield Identity(d.rule, term(report, key, p.key, col),
                                   [term(report, key, k.key, col) for k in kids], f"所属各{level}之和")
                except NotRead as exc:
                    yield exc


def _equal_one(report: Report, d: Equal, code: str = "", col: str = "") -> Identity:
    a = term(report, *d.a.at(code, col))
    many = d.many
    parts = [term(report, *s.at(code, col)) for s in d.b]
    if many or d.formula:
        formula = d.formula or "+".join(f"{p.sch.label}{row_name(p.sch, p.row)}" for p in parts)
    else:
        p = parts[0]
        formula = f"{p.sch.label}“{row_name(p.sch, p.row)}”行“{p.sch.label_of(p.column)}”"
    return Identity(d.rule, a, parts, formula, same_figure=not many and a.sch is not parts[0].sch,
                    convention=d.convention)


def _equal(report: Report, d: Equal) -> Iterator[Identity | NotRead]:
    if d.each != "类":
        try:
            yield _equal_one(report, d)
        except NotRead as exc:
            yield exc
        return
    # per 类 row: the rows printed on the detail side (a); a 类 the other side lacks cannot be
    # compared, and one only the other side prints is a gap only when it carries an amount.
    ta, tb = d.a.table, d.b[0].table
    try:
        sa, sb = table_of(report, ta), table_of(report, tb)
    except NotRead as exc:
        yield exc
        return
    codes_a = [r.code for r in sa.rows if is_lei(r)]
    codes_b = [r.code for r in _rows_of(sb) if len(r.code) == 3 and r.code.isdigit()]
    for col in d.columns or [""]:
        for code in codes_a:
            try:
                yield _equal_one(report, d, code, col)
            except NotRead as exc:
                yield exc
        for code in (c for c in codes_b if c not in codes_a):
            try:
                other = term(report, *d.b[0].at(code, col))
                if other.value != 0:
                    yield Unchecked(f"{sa.label}未列出类 {code}，{other.sch.label}为 {other.show(other.value, 2)}{other.sch.unit}，无法逐类核对",
                                    other.sch, other.row, other.column, other.cell)
            except NotRead as exc:
                yield exc


KINDS = {"row_sum": _row_sum, "column_sum": _column_sum, "rows_sum": _rows_sum, "side_sums": _side_sums,
         "hierarchy": _hierarchy, "equal": _equal}


def identity_id(tpl_name: str, index: int) -> str:
    """How a finding names the declaration it judged: the template and the identity's position in it."""
    return f"{tpl_name}#{index}"


def declared(report: Report, rule_id: str) -> list[Declaration]:
    """The identities of `rule_id` for this report: its template's, plus the within-table ones of
    tables read by title from another template (a report that fits none is still checked table by
    table). Each carries its `identity_id` under "id"."""
    tpl = templates.get(report.template)
    out = [replace(d, id=identity_id(tpl.name, i)) for i, d in enumerate(tpl.identities if tpl else ())
           if d.rule == rule_id]
    mine = {t.key for t in tpl.tables} if tpl else set()
    for key, sch in report.schedules.items():
        if key in mine or not sch.present:
            continue
        for other in templates.catalogue().values():
            if other.table(key) is None:
                continue
            for i, d in enumerate(other.identities):
                if d.rule == rule_id and not d.cross and key in d.tables_named():
                    out.append(replace(d.on(key), id=identity_id(other.name, i)))
            break
    return out


# ---------------------------------------------------------------- evaluation


def _where(t: Term) -> dict:
    return {**t.sch.where, "row": t.row, "column": t.column, "page": t.cell.page, "bbox": t.cell.bbox}


def unchecked_finding(rule_id: str, exc: NotRead) -> Finding:
    return not_read_finding(rule_id, exc)


def judge(ctx: Context, ident: Identity) -> Finding | None:
    try:
        stated = ident.stated.value
        expected = sum((t.sign * t.value for t in ident.parts), ZERO)
    except NotRead as exc:
        return unchecked_finding(ident.rule, exc)
    diff = stated - expected
    if diff == 0:
        return None
    st = ident.stated
    terms = [st, *ident.parts]
    # the tolerance follows the precision the figures were printed to (decimals of 万元: a 1 元
    # difference between 元 figures is one unit of theirs); a figure printed in two units is
    # only as precise as the coarser printing
    grains = [t.sch.grain(t.cell) for t in terms if not t.cell.blank]
    mixed = len({t.sch.unit for t in terms}) > 1
    grain = (min if mixed else max)(grains, default=2)
    # printed in two units, the figures agree when they round alike at the coarser printing
    judged = round_half_up(stated, grain) - round_half_up(expected, grain) if mixed else diff
    if judged == 0:
        return None
    tail = abs(judged) <= (ctx.tol.same_figure(grain) if ident.same_figure else ctx.tol.tail(len(ident.parts), grain))
    dp = max((decimals(t.cell.text) for t in terms if not t.cell.blank), default=2)  # a 万元 table's decimals
    unit, other_unit = st.sch.unit, ident.parts[0].sch.unit
    label = f"{st.sch.label}“{row_name(st.sch, st.row)}”行“{st.sch.label_of(st.column)}”"
    note = "，属尾差（在各项舍入误差范围内）" if tail else ("（按通常的科目对应应相等，请核实）" if ident.convention else "")
    stated_text, expected_text, diff_text = st.show(stated, dp), st.show(expected, dp), st.show(diff, dp)
    if ident.same_figure:
        # each side quoted as its own table prints it; the difference in the stated table's unit
        message = (f"{label}报告数 {stated_text}{unit}，与{ident.formula}的 "
                   f"{ident.parts[0].show(expected, dp)}{other_unit} 应相等，差额 {diff_text}{unit}{note}")
    else:
        message = (f"{label}报告数 {_show(st)}{unit}，按 {ident.formula} 应为 {expected_text}{unit}，"
                   f"差额 {diff_text}{unit}{note}")
    other = None
    if ident.same_figure or len(ident.parts) == 1:
        p = ident.parts[0]
        if p.sch is not st.sch:
            other = {"table": p.sch.key, "table_no": p.sch.no, "table_label": p.sch.label, "row": p.row, "column": p.column, "page": p.cell.page,
                     "bbox": list(p.cell.bbox) if p.cell.bbox else None}
    severity = "warning" if tail else "info" if ident.convention else "error"
    return Finding(rule=ident.rule, severity=severity, message=message,
                   stated=stated_text if ident.same_figure else st.cell.text if unit == INTERNAL else _show(st, ""), expected=expected_text,
                   difference=diff_text, amount_unit=unit, within_rounding=tail, other=other, **_where(st))


def _show(t: Term, blank: str = "空") -> str:
    """The stated cell as printed (in its table's unit)."""
    return t.sch.printed(t.cell).strip() or blank


def evaluate(ctx: Context, rule_id: str) -> Iterator[Finding]:
    """Every identity of `rule_id` the report's template declares, judged."""
    report = ctx.report
    if not report.schedules_found:
        yield could_not_check(rule_id, "未找到决算表（附表）")
        return
    absent: set[str] = set()
    for d in declared(report, rule_id):
        said: set[tuple] = set()  # an input not read is said once per identity, however many sums need it
        # A table absent altogether is table.missing's finding; a cross-table identity on it says
        # once that it could not be checked.
        cross = d.cross
        try:
            produced = list(KINDS[d.kind](report, d))
        except NotRead as exc:
            produced = [exc]
        for item in produced:
            if isinstance(item, NotRead):
                if getattr(d, "convention", False) and item.cell is None:
                    continue  # a 项 or 款 the unit does not have: the correspondence does not apply
                if item.sch is None:
                    if cross:
                        absent.update(k for k in d.tables_named() if report.schedule(k) is None)
                    continue
                place = (item.sch.key, item.row, item.column, item.why)
                if place not in said:
                    said.add(place)
                    yield _tagged(unchecked_finding(rule_id, item), d)
            elif (f := judge(ctx, item)) is not None:
                yield _tagged(f, d)
    for key in sorted(absent):
        yield could_not_check(rule_id, f"{_title(report, key)}未找到，涉及它的核对未做", table=key)


def _tagged(f: Finding, d: Declaration) -> Finding:
    """The finding names the identity declaration it judged (the checklist counts per identity)."""
    f.identity = d.id
    return f


def tables_named(d: Declaration) -> list[str]:
    """Every table an identity declaration addresses (its tables and the cells of `a`/`b`)."""
    return list(d.tables_named())
