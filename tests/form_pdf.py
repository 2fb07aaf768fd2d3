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


# ---------------------------------------------------------------- the 安徽 / 财政部 9-column form

ANHUI_WIDTHS = (58, 66, 60, 80, 58, 62, 34, 34, 60)
Span = tuple[tuple[int, int], tuple[int, int]]


def _merge_down(rows: list[list[str]], spans: list[Span], first: int, last: int, col: int, key) -> None:
    """Merge the cells of `col` over runs of rows first..last that share key(row index), printing the text once."""
    start = first
    for i in range(first, last + 2):
        if i > last or key(i) != key(start):
            if i - 1 > start:
                spans.append(((col, start), (col, i - 1)))
                for j in range(start + 1, i):
                    rows[j][col] = ""
            start = i


def anhui_rows(f: dict) -> tuple[list[list[str]], list[Span]]:
    """One form in the 安徽 layout of excerpt 12: 项目资金 with 年初预算数/全年预算数/全年执行数 and one merged
    分值/执行率/得分 for the whole fund block; 年度总体目标; indicators 一级/二级/三级/年度指标值/实际完成值/分值/
    得分/偏差原因 (no 指标性质 column: the operator is in the 指标值); 总分. `f`: project, department,
    implementer, funds [(label, 年初, 全年, 执行)], block (分值, 执行率, 得分), goal, goal_done, indicators
    [(l1, l2, l3, 指标值, 完成值, 分值, 得分)], total (分值, 得分) or None; unit_name prints a 单位名称 row."""
    rows: list[list[str]] = []
    spans: list[Span] = []

    def add(cells: dict[int, str], merges: tuple[tuple[int, int], ...] = ()) -> int:
        rows.append([cells.get(c, "") or "" for c in range(9)])
        spans.extend(((c0, len(rows) - 1), (c1, len(rows) - 1)) for c0, c1 in merges)
        return len(rows) - 1

    add({0: "项目名称", 1: f["project"]}, ((1, 8),))
    add({0: "主管部门", 1: f["department"], 4: "实施单位", 5: f["implementer"]}, ((1, 3), (5, 8)))
    if f.get("unit_name"):
        add({0: "单位名称", 1: f["unit_name"]}, ((1, 8),))
    head = add({0: "项目资金（万元）", 3: "年初预算数", 4: "全年预算数", 5: "全年执行数", 6: "分值", 7: "执行率", 8: "得分"},
               ((1, 2),))
    for n, (label, initial, full, executed) in enumerate(f["funds"]):
        block = dict(zip((6, 7, 8), f["block"])) if n == 0 else {}
        add({1: label, 3: initial, 4: full, 5: executed, **block}, ((1, 2),))
    spans += [((0, head), (0, len(rows) - 1))] + [((c, head + 1), (c, len(rows) - 1)) for c in (6, 7, 8)]
    goal = add({0: "年度总体目标", 1: "预期目标", 5: "实际完成情况"}, ((1, 4), (5, 8)))
    add({1: f["goal"], 5: f["goal_done"]}, ((1, 4), (5, 8)))
    spans.append(((0, goal), (0, goal + 1)))
    head = add(dict(enumerate(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                               "偏差原因分析及改进措施"])))
    inds = f["indicators"]
    for ind in inds:
        add(dict(zip(range(1, 8), ind)))
    last = len(rows) - 1
    spans.append(((0, head), (0, last)))
    _merge_down(rows, spans, head + 1, last, 1, lambda i: inds[i - head - 1][0])
    _merge_down(rows, spans, head + 1, last, 2, lambda i: inds[i - head - 1][:2])
    if f.get("total") is not None:
        add({0: "总分", 6: f["total"][0], 7: f["total"][1]}, ((0, 5),))
    return rows, spans


def _split(rows: list[list[str]], spans: list[Span], cut: int) -> tuple[tuple, tuple]:
    """The grid cut before row `cut` into two tables; a merged cell across the cut becomes one on each side,
    its text on the first (a page break restarts a merge blank)."""
    top, bottom = [], []
    for (c0, r0), (c1, r1) in spans:
        if r1 < cut:
            top.append(((c0, r0), (c1, r1)))
        elif r0 >= cut:
            bottom.append(((c0, r0 - cut), (c1, r1 - cut)))
        else:
            top.append(((c0, r0), (c1, cut - 1)))
            bottom.append(((c0, 0), (c1, r1 - cut)))
    return (rows[:cut], top), (rows[cut:], bottom)


def render_anhui(forms: list[dict], path: Path, *, year: int | None = 2022, font_size: float = 7.5) -> Path:
    """Forms in the 安徽 layout, one after the other. A form with `break_before` = n is cut before its n-th
    indicator row (0-based; len(indicators) cuts before 总分) and continued on a new page under the title
    "项目支出绩效自评表（续）" with no 项目名称; `repeat_header` prints the indicator header row again there.
    `year` None prints no （年度） line."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title = ParagraphStyle("t", fontName="STSong-Light", fontSize=12, leading=16, alignment=1)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=font_size, leading=font_size * 1.25, wordWrap="CJK")

    def table(rows, spans):
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", a, b) for a, b in spans]
        return Table([[Paragraph(x, cell) for x in r] for r in rows], colWidths=list(ANHUI_WIDTHS), style=style)

    story: list = []
    for n, f in enumerate(forms):
        if n:
            story.append(PageBreak())
        story += [Paragraph("项目支出绩效自评表", title)] + ([Paragraph(f"（{year}年度）", title)] if year else [])
        story.append(Spacer(1, 4))
        rows, spans = anhui_rows(f)
        if f.get("break_before") is None:
            story.append(table(rows, spans))
            continue
        head = next(i for i, r in enumerate(rows) if r[1] == "一级指标")
        (r1, s1), (r2, s2) = _split(rows, spans, head + 1 + f["break_before"])
        if f.get("repeat_header"):
            r2 = [rows[head]] + r2
            s2 = [((c0, r0 + 1), (c1, r1_ + 1)) for (c0, r0), (c1, r1_) in s2]
            s2 = [((0, 0), (0, s[1][1])) if s[0] == (0, 1) else s for s in s2]
        story += [table(r1, s1), PageBreak(), Paragraph("项目支出绩效自评表（续）", title), Spacer(1, 4), table(r2, s2)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40,
                      bottomMargin=40).build(story)
    return path
