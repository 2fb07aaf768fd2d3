"""Re-print a truth file's 绩效自评表 with reportlab, in a geometry the corpus does not have.

The forms are drawn from `performance` on the 四川 template (merged 一级/二级 cells, label cells
merged down their sections) with other column widths and font sizes, so rows wrap and page breaks
fall elsewhere. The parser must read the result back to the same truth values.
"""

from __future__ import annotations

from pathlib import Path

FUND_KEYS = ("initial", "adjusted", "executed", "rate", "weight", "score", "reason")
IND_KEYS = ("l1", "l2", "l3", "op", "target", "unit", "actual", "weight", "score", "reason")


def _form_rows(f: dict) -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    rows: list[list[str]] = []
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []

    def add(cells: dict[int, str], merges: tuple[tuple[int, int], ...] = ()) -> int:
        r = len(rows)
        rows.append([cells.get(c, "") or "" for c in range(11)])
        spans.extend(((c0, r), (c1, r)) for c0, c1 in merges)
        return r

    add({0: "项目名称", 1: f["project"]}, ((1, 10),))
    add({0: "主管部门", 1: f["department"], 6: "实施单位（盖章）", 7: f["implementer"]}, ((1, 5), (7, 10)))
    r = add({0: "项目基本情况", 1: "1. 项目年度目标完成情况", 2: "项目年度目标", 6: "年度目标完成情况"}, ((2, 5), (6, 10)))
    add({2: f["goal"], 6: f["goal_done"]}, ((2, 5), (6, 10)))
    add({1: "2. 项目实施内容及过程概述", 2: f["content"]}, ((2, 10),))
    spans += [((0, r), (0, r + 2)), ((1, r), (1, r + 1))]
    r = add({0: "预算执行情况（10分）", 1: "年度预算数（万元）", 2: "年初预算", 3: f["budget_label"], 4: "预算执行数",
             5: "预算执行率", 6: "权重", 7: "得分", 8: "原因"}, ((8, 10),))
    for fund in f["funds"]:
        add({1: fund["name"], **{i + 2: fund[k] for i, k in enumerate(FUND_KEYS)}}, ((8, 10),))
    spans.append(((0, r), (0, len(rows) - 1)))
    r = add(dict(enumerate(["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                            "完成值", "权重", "得分", "未完成原因分析"])))
    first = len(rows)
    for ind in f["indicators"]:
        add({i + 1: ind[k] for i, k in enumerate(IND_KEYS)})
    spans.append(((0, r), (0, len(rows) - 1)))
    for col, key in ((1, ("l1",)), (2, ("l1", "l2"))):
        start = first
        for i in range(first, len(rows) + 1):
            ind = f["indicators"][i - first] if i < len(rows) else None
            group = ind and tuple(ind[k] for k in key)
            begin = f["indicators"][start - first]
            if ind is None or group != tuple(begin[k] for k in key):
                if i - 1 > start:
                    spans.append(((col, start), (col, i - 1)))
                    for j in range(start + 1, i):
                        rows[j][col] = ""
                start = i
    if f["total"] is not None:
        add({0: "合计", 8: f["total"]["weight"], 9: f["total"]["score"]}, ((0, 7),))
    for label, key in (("评价结论", "conclusion"), ("存在问题", "problems"), ("改进措施", "measures")):
        add({0: label, 1: f[key]}, ((1, 10),))
    return rows, spans


def render(truth: dict, path: Path, *, font_size: float = 7.5, widths: tuple[float, ...] | None = None,
           title_in_grid: bool = False, relabel: dict[str, str] | None = None,
           parts: tuple[str, str] = ("第四部分 附件", "第五部分 附表"), schedules: bool = True) -> Path:
    """`title_in_grid`: the form title is the first row of the ruled table, not a line above it;
    `relabel`: template labels printed in other words (合计 → 小计); `parts`: the headings before and
    after the forms; `schedules`: whether 公开01表 follows the second heading."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    heading = ParagraphStyle("h", fontName="STSong-Light", fontSize=14, leading=18)
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12, leading=16, alignment=1)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.25,
                          wordWrap="CJK")
    widths = widths or (52, 44, 44, 50, 34, 44, 38, 44, 34, 34, 77)
    year = truth.get("year", "")
    story: list = [Paragraph(parts[0], heading), Spacer(1, 6)]
    for f in truth["performance"]:
        rows, spans = _form_rows(f)
        heading_text = f"部门预算项目支出绩效自评表（{year}年度）"
        if title_in_grid:
            rows = [[heading_text] + [""] * 10] + rows
            spans = [((0, 0), (10, 0))] + [((c0, r0 + 1), (c1, r1 + 1)) for (c0, r0), (c1, r1) in spans]
        data = [[Paragraph((relabel or {}).get(x, x), cell) for x in r] for r in rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", a, b) for a, b in spans]
        if not title_in_grid:
            story += [Paragraph(heading_text, title), Spacer(1, 4)]
        story += [Table(data, colWidths=list(widths), style=style), Spacer(1, 18)]
    story += [PageBreak(), Paragraph(parts[1], heading)] + ([Paragraph("公开01表", heading)] if schedules else [])
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40,
                      bottomMargin=40).build(story)
    return path
