"""What a person reads where a finding names a place: the template's and the report's own words (table
titles, row and column names as printed, section titles) and the rule catalogue's Chinese titles,
never the model's keys (fiscal_summary, in.grand, rate, s7.abroad).
"""

from __future__ import annotations

import re

from budgetlib import templates
from budgetlib.model import Finding, Report
from budgetlib.present.order import sev_zh

# The model's own keys as they would leak into text: claim ids (s7.abroad.rate), two-sided row keys
# (in.grand, out.total), and the template's table keys; a test asserts none reaches a rendered page.
INTERNAL_KEY_RE = re.compile(r"(?<![A-Za-z0-9_])(?:s\d+\.[a-z0-9_]|in\.[a-z]|out\.[a-z])")
FIELD_LABELS = {"project": "项目名称", "goal": "项目年度目标", "goal_done": "年度目标完成情况",
                "content": "项目实施内容及过程概述", "conclusion": "评价结论", "problems": "存在问题",
                "measures": "改进措施", "funds.reason": "预算执行情况 原因栏", "indicators.reason": "未完成原因分析",
                "department": "主管部门", "implementer": "实施单位", "kind": "项目类型", "cover": "封面",
                "toc": "目录", "publish_date": "公开时间"}
FORM_COLUMNS = {"initial": "年初预算数", "adjusted": "调整后预算数", "executed": "预算执行数", "rate": "预算执行率",
                "weight": "权重", "score": "得分", "reason": "原因", "target": "指标值", "actual": "完成值",
                "l1": "一级指标", "l2": "二级指标", "l3": "三级指标", "op": "指标性质", "unit": "度量单位"}
CHINESE_NUMERALS = "零一二三四五六七八九十"


def table_keys() -> set[str]:
    """Every table key of every template (what must never be shown as a name)."""
    keys: set[str] = set()
    for tpl in templates.catalogue().values():
        keys.update(t.key for t in tpl.tables)
    return keys


def rule_title(rule_id: str | None) -> str:
    from budgetlib.checks import RULES

    if not rule_id:
        return ""
    r = RULES.get(rule_id)
    return r.title if r else {"parse.unreadable": "未能解析"}.get(rule_id, "其他")


def ordinal(no: int) -> str:
    if no <= 10:
        return CHINESE_NUMERALS[no]
    tens, ones = divmod(no, 10)
    return f"{'' if tens == 1 else CHINESE_NUMERALS[tens]}十{CHINESE_NUMERALS[ones] if ones else ''}"


def section_title(report: Report | None, no: int | None, template: str | None = None) -> str:
    """'七、财政拨款“三公”经费支出决算情况说明': the heading as printed, else the template's title (the
    report's template, or `template` when there is no report)."""
    if no is None:
        return ""
    title = ""
    if report is not None:
        s = report.section(no)
        title = (s.title if s is not None else "") or ""
        template = report.template
    if not title and template:
        tpl = templates.get(template)
        title = next((x.title for x in (tpl.sections if tpl else ()) if x.no == no), "")
    if not (0 < no < 100):
        return title or f"第{no}节"
    head = ordinal(no)
    if title.startswith(head + "、"):
        return title
    return f"{head}、{title}" if title else f"说明{head}"


def table_title(f: Finding, report: Report | None = None) -> str:
    if f.table is None:
        return ""
    sch = report.schedules.get(f.table) if report is not None else None
    title = f.table_title or (sch.title if sch is not None else "")
    if title:
        return title.strip("《》")
    return (f.table_label or "").strip("《》") or "附表"


def table_name(f: Finding, report: Report | None = None) -> str:
    """附表9《…》where the report numbers its tables, else 《…》."""
    title = f"《{table_title(f, report)}》"
    label = f.table_label or ""
    return f"{label}{title}" if label.startswith("附表") else title


def row_name(report: Report | None, table: str | None, row: str | None) -> str:
    """A schedule row as printed ('208 社会保障和就业支出', '合计'); a form row (总额, 合计) as it is."""
    if not row:
        return ""
    sch = report.schedules.get(table) if report is not None and table else None
    r = sch.row(row) if sch is not None else None
    if r is not None:
        text = " ".join(x for x in (r.code, r.name) if x).strip()
        if text:
            return text
    tpl = templates.get(report.template) if report is not None and table else None
    d = tpl.table(table) if tpl is not None else None
    if d is not None and (words := d.row_words(row)):
        return words
    if row in ("total", "grand"):
        return "合计" if row == "total" else "总计"
    if row.isdigit():
        return row  # a 科目编码 the table did not print as a row
    return "" if re.fullmatch(r"[A-Za-z_.0-9{}]+", row) else row


def column_name(report: Report | None, table: str | None, column: str | None) -> str:
    if not column:
        return ""
    sch = report.schedules.get(table) if report is not None and table else None
    if sch is not None:
        label = sch.label_of(column)
        if label != column:
            return label
    if column in FORM_COLUMNS:
        return FORM_COLUMNS[column]
    if column in ("total", "amount"):
        return "合计" if column == "total" else "金额"
    return "" if re.fullmatch(r"[a-z_.0-9]+", column) else column


def field_name(field: str | None) -> str:
    if not field:
        return ""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if field.startswith("part") and field[4:].isdigit():
        return f"第{ordinal(int(field[4:]))}部分标题"
    return "" if re.fullmatch(r"[a-z_.0-9]+", field) else field


def where(f: Finding, report: Report | None = None, template: str | None = None) -> str:
    """情况说明 七、…（三公）/ 《收入决算表》 合计 本年收入合计 / 自评表5 指标2 得分 — or 全文."""
    parts: list[str] = []
    if f.section is not None:
        parts.append("情况说明 " + section_title(report, f.section, template))
    if f.project is not None:
        name = (f.project_name or "").split("-", 1)[-1].strip()
        parts.append(f"自评表{f.project}" + (f"“{name[:20]}”" if name else ""))
    elif f.table is not None:
        # a narrative figure's finding names the table cell it was compared with: the counterpart
        parts.append(("对照" if f.section is not None else "") + table_name(f, report))
    if f.indicator is not None:
        parts.append(f"指标{f.indicator}")
    parts.append(row_name(report, f.table, f.row) if f.table else (f.row or "" if f.row != "indicators" else "绩效指标"))
    parts.append(column_name(report, f.table, f.column))
    parts.append(field_name(f.field))
    if f.other and f.other.get("table") is not None:
        other = Finding(rule=f.rule, severity=f.severity, message="", table=f.other["table"],
                        table_title=f.other.get("table_title"), table_label=f.other.get("table_label"))
        parts.append(f"对照{table_name(other, report)}"
                     + (f" {row_name(report, other.table, f.other.get('row'))}" if f.other.get("row") else ""))
    text = " ".join(p for p in parts if p)
    return text or "全文"


COUNTERPART = "counterpart"  # a mark: the cell a wrong figure was compared with, not itself wrong

Cell = tuple[str, str | None, str | None]  # (table key, row key, column key)


def cells(f: Finding) -> tuple[Cell | None, list[Cell]]:
    """The table cell a finding is about (None: it is about a narrative figure or a form) and the
    cells it was compared with. A narrative figure's finding names the table cell it disagrees with:
    that cell is the counterpart, the figure in the text is the one found wrong (a correct 总计 is
    not painted red because the text's figure is wrong). A cross-table identity names the stated
    cell and, in `other`, the cell of the other table: that one is the counterpart."""
    own: Cell | None = None
    counterparts: list[Cell] = []
    if f.table is not None and f.row is not None:
        cell = (f.table, f.row, f.column)
        if f.section is not None or (f.other or {}).get("claim"):
            counterparts.append(cell)
        else:
            own = cell
    other = f.other or {}
    if other.get("table") is not None and other.get("row") is not None:
        counterparts.append((other["table"], other["row"], other.get("column")))
    return own, counterparts


def labelled(f: Finding, report: Report | None = None) -> dict:
    """The Chinese columns of one finding, for every listing a person reads (CSV, workbook, store)."""
    return {"severity_zh": sev_zh(f.severity), "rule_title": rule_title(f.rule), "where": where(f, report),
            "section_title": section_title(report, f.section),
            "table_title": table_title(f, report),
            "row_name": row_name(report, f.table, f.row) if f.table else "",
            "column_name": column_name(report, f.table, f.column)}


__all__ = ["COUNTERPART", "INTERNAL_KEY_RE", "cells", "column_name", "field_name", "labelled", "row_name", "rule_title",
           "section_title", "table_keys", "table_name", "table_title", "where"]
