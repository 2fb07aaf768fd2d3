"""The Excel working paper (审计底稿): the findings, then every schedule and form with its cells.

Sheet 1 lists the findings, errors first, in the report's words (问题 = the rule's Chinese title, 位置 =
table, row and column as printed), figures stored as numbers, and a link to the cell each one names. Each 附表
and each 绩效自评表 follows on its own sheet, printed as the report prints it; every cell a finding
names is filled (red: error, yellow: warning) and carries a comment "报告数 X，应为 Y（规则）".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetlib.checks.perf import fund_key
from budgetlib.model import NOT_READ_TEXT, Cell, Finding, PerfForm, Report, Row, Schedule
from budgetlib.numbers import decimals, try_amount
from budgetlib.present import labels
from budgetlib.present.columns import COLUMN_TITLES, COLUMNS, row_of
from budgetlib.present.order import SEVERITY_RANK, lines

FINDINGS_SHEET = "审计发现"
SEVERITY_FILL = {"error": "FFFFC7CE", "warning": "FFFFEB9C"}  # Excel's "bad" red and "neutral" yellow
COUNTERPART_FILL = "FFE8EAED"  # grey: compared with a figure found wrong, not itself wrong
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


def _put(ws: Worksheet, row: int, col: int, cell: Cell | str | None, bold: bool = False,
         grouped: bool = False) -> str:
    """Write a printed value: numbers as numbers at their printed decimals (`grouped`: with thousands
    separators, as 元 tables print them), the rest as text."""
    target = ws.cell(row=row, column=col)
    if isinstance(cell, Cell) and cell.missing:
        target.value = NOT_READ_TEXT  # not read: never an empty cell an auditor would take for zero
    elif isinstance(cell, Cell):
        amount = cell.amount
        if amount is not None and not cell.text.strip().endswith("%"):
            target.value = amount
            dp = decimals(cell.text)
            target.number_format = ("#,##0" if grouped else "0") + ("." + "0" * dp if dp else "")
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
                    sm.cells[(r.key, k)] = _put(ws, i, j, r.get(k), grouped=sch.unit == "元")
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
                sm.cells[(r.key, k)] = _put(ws, i, j, r.get(k), grouped=sch.unit == "元")
        last = 3 + len(sch.rows)
    if sch.empty_note:
        _put(ws, last + 2, 1, sch.empty_note)
    _fit_columns(ws, 3)
    ws.freeze_panes = "A4"
    _print_setup(ws, title_rows="1:3")
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
    _print_setup(ws)
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
    unit = f.amount_unit or ""
    stated = f"{f.stated}{unit}" if f.stated not in (None, "") else "空"
    expected = f"{f.expected}{unit}" if f.expected not in (None, "") else "—"
    return f"报告数 {stated}，应为 {expected}（{labels.rule_title(f.rule)}）"


def _mark(marks: dict, sm: SheetMap, coord: str, severity: str, text: str) -> None:
    key = (sm.ws.title, coord)
    sev, texts, _ = marks.get(key, (severity, [], sm))
    marks[key] = (min(sev, severity, key=lambda x: SEVERITY_RANK.get(x, 9)), texts + [text], sm)


def _apply_marks(marks: dict) -> None:
    for (_, coord), (severity, texts, sm) in marks.items():
        cell = sm.ws[coord]
        color = SEVERITY_FILL.get(severity) or (COUNTERPART_FILL if severity == labels.COUNTERPART else None)
        if color:
            cell.fill = PatternFill(fill_type="solid", start_color=color, end_color=color)
        comment = Comment("\n".join(texts), "budgetlib")
        comment.width, comment.height = 320, 40 + 40 * len(texts)
        cell.comment = comment


def _number(text) -> tuple[object, str | None]:
    """A figure as Excel stores it: a number with its printed decimals (a percentage as a percentage);
    text that is not one figure stays text."""
    if text is None or text == "":
        return None, None
    t = str(text).strip()
    pct = t.endswith(("%", "％"))
    amount = try_amount(t.rstrip("%％").replace("万元", "").replace("元", "").strip())
    if amount is None:
        return t, None
    dp = decimals(t)
    grouping = "#,##0" if abs(amount) >= 1000 and not pct else "0"
    fmt = grouping + ("." + "0" * dp if dp else "")
    if pct:
        return amount / 100, fmt + "%"
    return amount, fmt


FINDINGS_WIDTHS = {"severity": 7, "title": 22, "where": 34, "page": 6, "stated": 13, "expected": 13,
                   "difference": 11, "amount_unit": 6, "message": 70, "rule": 24}


def _findings_sheet(wb: Workbook, findings: list[Finding], report: Report | None,
                    links: dict[int, str]) -> None:
    """Errors first, then warnings, then information (identical information once, with a count); the
    place in the report's words; figures as numbers; the rule id last."""
    ws = wb.create_sheet(FINDINGS_SHEET, 0)
    heads = [COLUMN_TITLES[c] for c in COLUMNS]
    link_col = COLUMNS.index("message") + 2  # 定位 right after 说明, before the rule id
    heads.insert(link_col - 1, "定位")
    _header(ws, 1, heads)
    cols = {c: (j if j < link_col else j + 1) for j, c in enumerate(COLUMNS, start=1)}
    for i, line in enumerate(lines(findings), start=2):
        f = line.finding
        d = row_of(f, report, line.message)
        for c, j in cols.items():
            v, fmt = (_number(d[c]) if c in ("stated", "expected", "difference") else (d[c], None))
            cell = ws.cell(row=i, column=j, value=v)
            cell.alignment = _WRAP
            if fmt:
                cell.number_format = fmt
        if f.severity in SEVERITY_FILL:
            fill = PatternFill(fill_type="solid", start_color=SEVERITY_FILL[f.severity],
                               end_color=SEVERITY_FILL[f.severity])
            ws.cell(row=i, column=cols["severity"]).fill = fill
        link = links.get(id(f))
        if link:
            target = ws.cell(row=i, column=link_col, value=link.split("!", 1)[0].strip("'#"))
            target.hyperlink = link
            target.style = "Hyperlink"
            target.alignment = _WRAP
    for c, j in cols.items():
        ws.column_dimensions[get_column_letter(j)].width = FINDINGS_WIDTHS.get(c, 10)
    ws.column_dimensions[get_column_letter(link_col)].width = 14
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws, title_rows="1:1")


def _print_setup(ws: Worksheet, title_rows: str | None = None) -> None:
    """Landscape, fitted to the page width (as many pages down as it takes), header rows repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def _text_width(text) -> float:
    """Excel column width of a text: a CJK character is two units wide."""
    t = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1.1 for ch in t)


def _fit_columns(ws: Worksheet, header_row: int, first: int = 1, cap: int = 40) -> None:
    """Widths from the contents (header cells wrap rather than widen a column past `cap`)."""
    widths: dict[int, float] = {}
    for row in ws.iter_rows(min_row=header_row):
        for c in row:
            if c.value is None:
                continue
            w = _text_width(c.value if not isinstance(c.value, (int, float, Decimal)) else f"{c.value:,}")
            if c.row == header_row:
                w = min(w, 16)  # a long header wraps onto two or three lines
            widths[c.column] = max(widths.get(c.column, 0), w)
    for col, w in widths.items():
        if col >= first:
            ws.column_dimensions[get_column_letter(col)].width = max(8, min(cap, w + 2))
    for c in ws[header_row]:
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


CROSSDOC_SHEET = "跨文件核对"
CROSSDOC_RESULT_FILL = {"不一致": SEVERITY_FILL["error"], "尾差": SEVERITY_FILL["warning"]}
CROSSDOC_NUMBERS = ("本文件", "对方数", "差额")


def _crossdoc_sheet(wb: Workbook, block: dict) -> None:
    """跨年度/跨文件核对: each figure beside the other document's, disagreements first, figures as numbers."""
    from budgetlib.present.frames import CROSSDOC_ORDER

    ws = wb.create_sheet(CROSSDOC_SHEET, 1)
    rows = sorted(block.get("comparisons") or [], key=lambda c: (CROSSDOC_ORDER.get(c["结果"], 5), c["项目"]))
    labels = [k for k in (rows[0] if rows else {}) if k != "identity"]
    _header(ws, 1, labels)
    for i, c in enumerate(rows, start=2):
        for j, k in enumerate(labels, start=1):
            v = c.get(k)
            cell = ws.cell(row=i, column=j, value=float(v) if k in CROSSDOC_NUMBERS and v not in (None, "") else v)
            if k in CROSSDOC_NUMBERS and v not in (None, ""):
                cell.number_format = "#,##0." + "0" * max(decimals(v), 0) if decimals(v) else "#,##0"
        fill = CROSSDOC_RESULT_FILL.get(c["结果"])
        if fill:
            ws.cell(row=i, column=labels.index("结果") + 1).fill = PatternFill(fill_type="solid", start_color=fill,
                                                                              end_color=fill)
    for j, k in enumerate(labels, start=1):
        ws.column_dimensions[get_column_letter(j)].width = 40 if k in ("核对", "项目", "对方文件") else 10
        for cell in ws[get_column_letter(j)]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    _print_setup(ws, title_rows="1:1")


# ---------------------------------------------------------------- entry point


def write_workbook(path: str | Path, findings: list[Finding], report: Report | None,
                   crossdoc: dict | None = None) -> None:
    """Write the working paper to `path` (.xlsx): findings first, then the cross-document comparisons
    (when the unit's other documents were given), then each schedule and form."""
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
    links: dict[int, str] = {}
    for f in findings:
        where = locate(maps, f)
        if where is None:
            continue
        sm, coord = where
        links[id(f)] = f"#'{sm.ws.title}'!{coord}"
        if f.severity == "info":
            continue
        own, counterparts = labels.cells(f)
        if f.project is not None or own is not None or f.table is None or f.row is None:
            _mark(marks, sm, coord, f.severity, _comment_text(f))
        else:  # the table side of a narrative figure found wrong: that figure, not this cell, is painted
            _mark(marks, sm, coord, labels.COUNTERPART,
                  f"对照：情况说明 {labels.section_title(report, f.section)}所列 {f.stated}{f.amount_unit or ''}，"
                  f"本格 {f.expected}{f.amount_unit or ''}"
                  f"（{labels.rule_title(f.rule)}）")
        if f.other and f.other.get("table") is not None:
            other = Finding(rule=f.rule, severity=f.severity, message="", table=f.other["table"],
                            row=f.other.get("row"), column=f.other.get("column"))
            there = locate(maps, other)
            if there is not None:
                _mark(marks, there[0], there[1], labels.COUNTERPART,
                      f"对照：{labels.table_name(f, report)}对应数 {f.stated}{f.amount_unit or ''}，"
                      f"本表为 {f.expected}{f.amount_unit or ''}"
                      f"（{labels.rule_title(f.rule)}）")
    _apply_marks(marks)
    _findings_sheet(wb, findings, report, links)
    if crossdoc:
        _crossdoc_sheet(wb, crossdoc)
    wb.save(str(path))


__all__ = ["write_workbook", "locate", "SEVERITY_FILL", "FINDINGS_SHEET"]
