"""The Excel working paper (审计底稿): the findings, then every schedule and form with its cells.

Sheet 1 lists the findings with Chinese headers and a link to the cell each one names. Each 附表
and each 绩效自评表 follows on its own sheet, printed as the report prints it; every cell a finding
names is filled (red: error, yellow: warning) and carries a comment "报告数 X，应为 Y（规则）".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlib.checks import RULES
from budgetlib.checks.perf import fund_key
from budgetlib.model import NOT_READ_TEXT, OUTCOMES, Cell, Finding, PerfForm, Report, Row, Schedule
from budgetlib.numbers import decimals
from budgetlib.present.columns import COLUMN_TITLES, COLUMNS

FINDINGS_SHEET = "审计发现"
SEVERITY_FILL = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}  # Excel's "bad" red and "neutral" yellow
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

FUND_COLUMNS = (("initial", "年初预算数"), ("adjusted", None), ("executed", "预算执行数"), ("rate", "预算执行率"),
                ("weight", "权重"), ("score", "得分"), ("reason", "原因"))
INDICATOR_COLUMNS = (("l1", "一级指标"), ("l2", "二级指标"), ("l3", "三级指标"), ("op", "指标性质"),
                     ("target", "指标值"), ("unit", "度量单位"), ("actual", "完成值"), ("weight", "权重"),
                     ("score", "得分"), ("reason", "未完成原因分析"))
FORM_FIELDS_TOP = (("project", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"),
                   ("goal", "项目年度目标"), ("goal_done", "年度目标完成情况"), ("content", "项目实施内容及过程概述"))
FORM_FIELDS_BOTTOM = (("conclusion", "评价结论"), ("problems", "存在问题"), ("measures", "改进措施"))


@dataclass
class SheetMap:
    """Where each model cell landed on a sheet: location key → 'B7'."""

    ws: Worksheet
    cells: dict[tuple, str] = field(default_factory=dict)
    title_cell: str = "A1"


# ---------------------------------------------------------------- writing values


def _put(ws: Worksheet, row: int, col: int, cell: Cell | str | None, bold: bool = False) -> str:
    """Write a printed value: numbers as numbers at their printed decimals, the rest as text."""
    target = ws.cell(row=row, column=col)
    if isinstance(cell, Cell) and cell.missing:
        target.value = NOT_READ_TEXT  # not read: never an empty cell an auditor would take for zero
    elif isinstance(cell, Cell):
        amount = cell.amount
        if amount is not None and not cell.text.strip().endswith("%"):
            target.value = amount
            dp = decimals(cell.text)
            target.number_format = "0" if dp == 0 else "0." + "0" * dp
        else:
            target.value = cell.text
    else:
        target.value = cell
    if bold:
        target.font = _BOLD
    return target.coordinate


def _header(ws: Worksheet, row: int, labels: Iterable[str], start: int = 1) -> None:
    for i, label in enumerate(labels, start=start):
        _put(ws, row, i, label, bold=True)


def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


# ---------------------------------------------------------------- schedules


def _row_label(r: Row) -> str:
    return r.name or r.key


def _schedule_sheet(wb: Workbook, sch: Schedule) -> SheetMap:
    ws = wb.create_sheet(_sheet_title(sch.label.strip("《》") if not sch.numbered else sch.label))
    sm = SheetMap(ws)
    _put(ws, 1, 1, f"公开{sch.no:02d}表 {sch.title}" if sch.numbered else sch.title, bold=True)
    _put(ws, 2, 1, f"金额单位：{sch.unit}" if sch.present else "（报告中未找到此表）")
    cols = [c.key for c in sch.columns]
    if sch.layout == "two_sided":
        right_cols = [k for k in cols if any(k in r.values for r in sch.right)] or cols
        left_cols = [k for k in cols if any(k in r.values for r in sch.left)] or cols[:1]
        _header(ws, 3, ["收入项目"] + [sch.label_of(k) for k in left_cols]
                + ["支出项目"] + [sch.label_of(k) for k in right_cols])
        for side, keys, start in ((sch.left, left_cols, 1), (sch.right, right_cols, len(left_cols) + 2)):
            for i, r in enumerate(side, start=4):
                _put(ws, i, start, _row_label(r))
                for j, k in enumerate(keys, start=start + 1):
                    sm.cells[(r.key, k)] = _put(ws, i, j, r.get(k))
        last = 3 + max(len(sch.left), len(sch.right))
    else:
        lead = ["项目"] if sch.layout == "sangong" else ["科目编码", "科目名称"]
        _header(ws, 3, lead + [c.label for c in sch.columns])
        for i, r in enumerate(sch.rows, start=4):
            if sch.layout == "sangong":
                _put(ws, i, 1, _row_label(r))
            else:
                _put(ws, i, 1, r.code or ("合计" if r.key == "total" else ""))
                _put(ws, i, 2, r.name if r.key != "total" else "")
            for j, k in enumerate(cols, start=len(lead) + 1):
                sm.cells[(r.key, k)] = _put(ws, i, j, r.get(k))
        last = 3 + len(sch.rows)
    if sch.empty_note:
        _put(ws, last + 2, 1, sch.empty_note)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    ws.freeze_panes = "A4"
    return sm


# ---------------------------------------------------------------- forms


def _form_sheet(wb: Workbook, form: PerfForm) -> SheetMap:
    ws = wb.create_sheet(_sheet_title(f"自评表{form.index}"))
    sm = SheetMap(ws)
    _put(ws, 1, 1, "部门预算项目支出绩效自评表", bold=True)
    row = 2
    for key, label in FORM_FIELDS_TOP:
        _put(ws, row, 1, label, bold=True)
        sm.cells[("field", key)] = _put(ws, row, 2, getattr(form, key))
        row += 1
    row += 1
    _header(ws, row, ["预算执行情况"] + [label or form.budget_label for _, label in FUND_COLUMNS])
    for f in form.funds:
        row += 1
        _put(ws, row, 1, f.name)
        key = fund_key(f.name)
        for j, (col, _) in enumerate(FUND_COLUMNS, start=2):
            sm.cells[("fund", key, col)] = _put(ws, row, j, getattr(f, col))
    row += 2
    _header(ws, row, ["序号"] + [label for _, label in INDICATOR_COLUMNS])
    weight_col = 2 + [k for k, _ in INDICATOR_COLUMNS].index("weight")
    sm.cells[("indicators", "weight")] = ws.cell(row=row, column=weight_col).coordinate
    for n, ind in enumerate(form.indicators, start=1):
        row += 1
        _put(ws, row, 1, n)
        for j, (col, _) in enumerate(INDICATOR_COLUMNS, start=2):
            sm.cells[("indicator", n, col)] = _put(ws, row, j, getattr(ind, col))
    row += 1
    _put(ws, row, 1, "合计", bold=True)
    if form.total is not None:
        sm.cells[("total", "weight")] = _put(ws, row, weight_col, form.total.weight)
        sm.cells[("total", "score")] = _put(ws, row, weight_col + 1, form.total.score)
    else:
        _put(ws, row, 2, "（无合计行）")
        sm.cells[("total", "score")] = ws.cell(row=row, column=weight_col + 1).coordinate
    row += 2
    for key, label in FORM_FIELDS_BOTTOM:
        _put(ws, row, 1, label, bold=True)
        sm.cells[("field", key)] = _put(ws, row, 2, getattr(form, key))
        row += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    for col in range(2, 12):
        for r in ws.iter_rows(min_col=col, max_col=col):
            r[0].alignment = _WRAP
    return sm


# ---------------------------------------------------------------- findings → cells


def _form_cell(sm: SheetMap, f: Finding) -> str | None:
    if f.field == "funds.reason":
        return sm.cells.get(("fund", f.row or "总额", "reason"))
    if f.field == "indicators.reason":
        return sm.cells.get(("indicator", f.indicator, "reason"))
    if f.field:
        return sm.cells.get(("field", f.field))
    if f.indicator is not None:
        return sm.cells.get(("indicator", f.indicator, f.column or "score"))
    if f.row == "合计":
        return sm.cells.get(("total", f.column or "score"))
    if f.row == "indicators":
        return sm.cells.get(("indicators", "weight"))
    if f.row:
        return sm.cells.get(("fund", f.row, f.column))
    return None


def locate(maps: dict[tuple[str, int | str], SheetMap], f: Finding) -> tuple[SheetMap, str] | None:
    """The sheet and cell a finding names (its title cell when it names only a table or form)."""
    if f.project is not None and ("form", f.project) in maps:
        sm = maps[("form", f.project)]
        return sm, _form_cell(sm, f) or sm.title_cell
    if f.table is not None and ("table", f.table) in maps:
        sm = maps[("table", f.table)]
        return sm, sm.cells.get((f.row, f.column)) or sm.title_cell
    return None


def _comment_text(f: Finding) -> str:
    title = RULES[f.rule].title if f.rule in RULES else ""
    stated = f.stated if f.stated not in (None, "") else "空"
    expected = f.expected if f.expected not in (None, "") else "—"
    return f"报告数 {stated}，应为 {expected}（{f.rule} {title}）"


def _mark(marks: dict, sm: SheetMap, coord: str, severity: str, text: str) -> None:
    key = (sm.ws.title, coord)
    sev, texts, _ = marks.get(key, (severity, [], sm))
    marks[key] = (min(sev, severity, key=_RANK.__getitem__), texts + [text], sm)


def _apply_marks(marks: dict) -> None:
    for (_, coord), (severity, texts, sm) in marks.items():
        cell = sm.ws[coord]
        color = SEVERITY_FILL.get(severity)
        if color:
            cell.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
        comment = Comment("\n".join(texts), "budgetlib")
        comment.width, comment.height = 320, 40 + 40 * len(texts)
        cell.comment = comment


def _findings_sheet(wb: Workbook, findings: list[Finding], links: list[str | None]) -> None:
    ws = wb.create_sheet(FINDINGS_SHEET, 0)
    _header(ws, 1, [COLUMN_TITLES[c] for c in COLUMNS] + ["定位"])
    for i, (f, link) in enumerate(zip(findings, links), start=2):
        d = f.to_dict()
        for j, c in enumerate(COLUMNS, start=1):
            v = d.get(c)
            if c == "severity":
                v = SEVERITY_ZH.get(v, v)
            elif c == "outcome":
                v = OUTCOMES.get(v, v)
            ws.cell(row=i, column=j, value=v)
        if f.severity in SEVERITY_FILL:
            fill = PatternFill(fill_type="solid", start_color=SEVERITY_FILL[f.severity],
                               end_color=SEVERITY_FILL[f.severity])
            ws.cell(row=i, column=COLUMNS.index("severity") + 1).fill = fill
        if link:
            target = ws.cell(row=i, column=len(COLUMNS) + 1, value=link.split("!", 1)[0].strip("'#"))
            target.hyperlink = link
            target.style = "Hyperlink"
    widths = {"rule": 24, "project_name": 30, "message": 80, "stated": 14, "expected": 14}
    for j, c in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(c, 9)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


# ---------------------------------------------------------------- entry point


def write_workbook(path: str | Path, findings: list[Finding], report: Report | None) -> None:
    """Write the working paper to `path` (.xlsx): findings first, then each schedule and form."""
    wb = Workbook()
    wb.remove(wb.active)
    maps: dict[tuple[str, int], SheetMap] = {}
    if report is not None:
        for key, sch in report.schedules.items():
            if sch.present:
                maps[("table", key)] = _schedule_sheet(wb, sch)
        for form in report.forms:
            maps[("form", form.index)] = _form_sheet(wb, form)
    marks: dict = {}
    links: list[str | None] = []
    for f in findings:
        where = locate(maps, f)
        if where is None:
            links.append(None)
            continue
        sm, coord = where
        links.append(f"#'{sm.ws.title}'!{coord}")
        if f.severity == "info":
            continue
        _mark(marks, sm, coord, f.severity, _comment_text(f))
        if f.other and f.other.get("table") is not None:
            other = Finding(rule=f.rule, severity=f.severity, message="", table=f.other["table"],
                            row=f.other.get("row"), column=f.other.get("column"))
            there = locate(maps, other)
            if there is not None:
                _mark(marks, there[0], there[1], f.severity,
                      f"与{f.table_label or f.table}对应数 {f.stated} 不一致，本表为 {f.expected}（{f.rule}）")
    _apply_marks(marks)
    _findings_sheet(wb, findings, links)
    wb.save(str(path))


__all__ = ["write_workbook", "locate", "SEVERITY_FILL", "FINDINGS_SHEET"]
