"""Findings onto table cells: pandas Styler with the inconsistent cells in red.

A `Marks` maps (row, column) of a frame from budgetlib.present.frames to the worst severity of the
findings there; `None` as the column marks the whole row. Stylers get a fixed uuid so the HTML is
byte-for-byte stable (nbval compares it with the committed notebooks).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable

import pandas as pd
from pandas.io.formats.style import Styler

from budgetlib.model import Finding
from budgetlib.present.frames import SEVERITY_RANK, SUMMARY_COLUMN_OF_RULE, fund_key
from budgetlib.present.labels import COUNTERPART, cells

Marks = dict[tuple[Hashable, str | None], str]

CSS = {
    "error": "background-color: #f28b82; color: #5c0000; font-weight: bold",
    "warning": "background-color: #fde0dc; color: #a50e0e; font-weight: bold",
    "info": "background-color: #e8f0fe",
    # the other side of a failed comparison: looked at, not found wrong (neutral, never red)
    COUNTERPART: "background-color: #f1f3f4; border: 2px dashed #5f6368",
}
TABLE_CSS = [
    {"selector": "", "props": "border-collapse: collapse; font-size: 12px"},
    {"selector": "th, td", "props": "border: 1px solid #c8c8c8; padding: 2px 6px; text-align: left"},
    {"selector": "th", "props": "background-color: #f3f3f3"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold; padding: 6px 0 2px"},
]
LEGEND = ("标色说明：<span style='{e}'>&nbsp;错误&nbsp;</span> 恒等关系不成立；"
          "<span style='{w}'>&nbsp;警告&nbsp;</span> 仅在四舍五入误差范围内或截尾；"
          "<span style='{i}'>&nbsp;提示&nbsp;</span> 无法核对或说明性信息；"
          "<span style='{c}'>&nbsp;对照&nbsp;</span> 与之核对的另一处（说明或另一张表）所列数不符，本格未发现问题。").format(
    e=CSS["error"], w=CSS["warning"], i=CSS["info"], c=CSS[COUNTERPART])


def worse(a: str | None, b: str) -> str:
    return b if a is None or SEVERITY_RANK.get(b, 9) < SEVERITY_RANK.get(a, 9) else a


def add(marks: Marks, key: tuple[Hashable, str | None], severity: str) -> None:
    marks[key] = worse(marks.get(key), severity)


def table_marks(findings: Iterable[Finding], table: str) -> Marks:
    """Cells of table `table` (logical key) named by findings: the cell a finding is about in its
    severity's colour; the cell it was compared with (the table side of a narrative figure, the other
    table of a cross-table identity) as 对照 only (budgetlib.present.labels.cells)."""
    marks: Marks = {}
    for f in findings:
        if f.project is not None:
            continue
        own, counterparts = cells(f)
        if own is not None and own[0] == table:
            add(marks, own[1:], f.severity)
        for t, row, column in counterparts:
            if t == table and f.severity != "info":
                add(marks, (row, column), COUNTERPART)
    return marks


def _form_findings(findings: Iterable[Finding], project: int) -> list[Finding]:
    return [f for f in findings if f.project == project]


def fund_marks(findings: Iterable[Finding], project: int) -> Marks:
    marks: Marks = {}
    for f in _form_findings(findings, project):
        if f.field and f.field.startswith("funds."):  # a fund-table column named as a form field
            add(marks, (fund_key(f.row or "总额"), f.field.split(".", 1)[1]), f.severity)
        elif f.indicator is None and f.row and f.row not in ("合计", "indicators"):
            add(marks, (fund_key(f.row), f.column), f.severity)
    return marks


def indicator_marks(findings: Iterable[Finding], project: int) -> Marks:
    marks: Marks = {}
    for f in _form_findings(findings, project):
        if f.indicator is not None:
            add(marks, (f.indicator, f.column), f.severity)
    return marks


SCORE_CELL_OF_RULE = {"perf.budget_score": ("budget", "stated"), "perf.indicator_weights": ("weights", "recomputed"),
                      "perf.total": ("total", "stated"), "perf.total_missing": ("total", "stated")}


def score_marks(findings: Iterable[Finding], project: int) -> Marks:
    marks: Marks = {}
    for f in _form_findings(findings, project):
        if f.rule in SCORE_CELL_OF_RULE:
            add(marks, SCORE_CELL_OF_RULE[f.rule], f.severity)
    return marks


def field_marks(findings: Iterable[Finding], project: int) -> Marks:
    marks: Marks = {}
    for f in _form_findings(findings, project):
        if f.field:
            add(marks, (f.field, "text"), f.severity)
    return marks


def summary_marks(findings: Iterable[Finding]) -> Marks:
    marks: Marks = {}
    for f in findings:
        if f.project is not None and f.severity != "info":
            add(marks, (f.project, SUMMARY_COLUMN_OF_RULE.get(f.rule, "other")), f.severity)
    return marks


def cell_styles(df: pd.DataFrame, marks: Marks) -> pd.DataFrame:
    """A frame of CSS strings, same shape as `df`: marked cells (or rows) get their severity's style."""
    out = pd.DataFrame("", index=df.index, columns=df.columns)
    rows = set(df.index)
    for (row, col), sev in sorted(marks.items(), key=lambda kv: -SEVERITY_RANK.get(kv[1], 9)):
        if row not in rows:
            continue
        if col is not None and col in df.columns:
            out.loc[row, col] = CSS[sev]
        else:
            out.loc[row, :] = CSS[sev]
    return out


def style(df: pd.DataFrame, uuid: str, marks: Marks | None = None, html_columns: Iterable[str] = (),
          caption: str | None = None) -> Styler:
    """The frame as a Styler: Chinese headers, index hidden, text escaped (except `html_columns`)."""
    marks = marks or {}
    severities = df.attrs.get("severity")
    if severities is not None and len(severities) == len(df):
        column = df.attrs.get("severity_column", df.columns[0])
        for pos, sev in enumerate(severities):
            if sev:
                marks = {**marks, (df.index[pos], column): sev}
    styler = Styler(df, uuid=uuid, cell_ids=False)
    styler.apply(lambda frame: cell_styles(frame, marks), axis=None)
    html_columns = set(html_columns)
    escaped = [c for c in df.columns if c not in html_columns]
    if escaped:
        styler.format(escape="html", subset=escaped, na_rep="")
    right = [c for c in df.attrs.get("numeric", ()) if c in df.columns]
    if right:
        styler.set_properties(subset=right, **{"text-align": "right"})
    nowrap = [c for c in df.attrs.get("nowrap", ()) if c in df.columns]
    if nowrap:
        styler.set_properties(subset=nowrap, **{"white-space": "nowrap"})
    labels = df.attrs.get("labels") or {}
    if labels:
        styler.relabel_index([labels.get(c, c) for c in df.columns], axis=1)
    styler.hide(axis="index")
    styler.set_table_styles(TABLE_CSS)
    if caption:
        styler.set_caption(caption)
    return styler


# uuids may hold hyphens (table-fiscal_summary-in): a \w-only pattern left those tables' cells uncoloured
_CELL_RULE = re.compile(r"((?:#T_[\w-]+?_row\d+_col\d+(?:,\s*)?)+)\s*\{([^}]*)\}")
_STYLED_TD = re.compile(r'<td id="(T_[\w-]+?_row\d+_col\d+)"([^>]*?)\s*>')


def to_html(styler: Styler) -> str:
    """The Styler's HTML with each cell's style also inlined on its <td>.

    JupyterLab drops <style> blocks from outputs of notebooks it does not trust (every executed copy
    papermill writes), but keeps inline background colours: the red cells must survive that.
    """
    html = styler.to_html()
    props: dict[str, list[str]] = {}
    for m in _CELL_RULE.finditer(html):
        decls = [d.strip() for d in m.group(2).split(";") if d.strip()]
        for sel in m.group(1).split(","):
            props.setdefault(sel.strip().lstrip("#"), []).extend(decls)

    def inline(m: re.Match) -> str:
        decls = props.get(m.group(1))
        if not decls:
            return m.group(0)
        return f'<td id="{m.group(1)}"{m.group(2)} style="{"; ".join(decls)}">'

    return _STYLED_TD.sub(inline, html)
