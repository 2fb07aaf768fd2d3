"""Re-print a whole report from its truth file (cover, 目录, parts, 情况说明, 自评表, 附表) with reportlab, in
one layout of a family of transforms, for the layout-invariance harness (tests/test_invariance.py,
benchmarks/invariance.py).

The base layout prints each 附表's `display` grid as the truth records it (merged cells, header rows,
widths) on A4 portrait in STSong-Light. A transform changes only how the same figures are laid out:
narrow columns that wrap numbers and names, 元 instead of 万元, code columns split into 类|款|项,
merged header cells drawn as separate cells, more header rows (a 决算数 group row, a 栏次 row), tables
broken over pages at random rows with and without their header repeated, no ruling lines, landscape
pages, another CJK font. The findings of a transformed report must equal the base report's.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from form_pdf import _form_rows, _split
from schedule_pdf import _yuan


@dataclass(frozen=True)
class Layout:
    narrow: bool = False  # numeric and name columns narrower than their text: numbers and names wrap
    yuan: bool = False  # 附表 figures in the other unit: 元 for 万元 (a table in 元: 万元); the narrative as printed
    split_codes: bool = False  # a joined 科目编码 column printed as 类|款|项 columns
    separate_headers: bool = False  # merged header cells drawn as separate cells (text in the first)
    deep_headers: bool = False  # a 决算数 group row over the figures and a 栏次 row: up to four header rows
    breaks: bool = False  # every long table broken over two pages at a random row
    repeat_header: bool = True  # with `breaks`: the header printed again on the continuation page
    ruled: bool = True
    landscape: bool = False
    font: str = "STSong-Light"  # or "SimHei" (a TrueType font shipped with mplfonts, embedded)


BASE = Layout()
TRANSFORMS: dict[str, Layout] = {
    "narrow": Layout(narrow=True),
    "yuan": Layout(yuan=True),
    "split_codes": Layout(split_codes=True),
    "separate_headers": Layout(separate_headers=True),
    "deep_headers": Layout(deep_headers=True),
    "breaks_repeated": Layout(breaks=True, repeat_header=True),
    "breaks_bare": Layout(breaks=True, repeat_header=False),
    "unruled": Layout(ruled=False),
    "landscape": Layout(landscape=True),
    "font": Layout(font="SimHei"),
}

MARGIN = 50.0
CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def _register(font: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if font in pdfmetrics.getRegisteredFontNames():
        return
    if font == "SimHei":
        import mplfonts

        path = Path(mplfonts.__file__).parent / "fonts" / "SimHei.ttf"
        pdfmetrics.registerFont(TTFont(font, str(path)))
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(font))


# ---------------------------------------------------------------- grid transforms (on a copy of `display`)


def _grid(d: dict) -> dict:
    return {"rows": [list(r) for r in d["rows"]], "spans": [list(s) for s in d["spans"]],
            "header_rows": d["header_rows"], "numeric_cols": list(d["numeric_cols"]), "widths": list(d["widths"])}


def _code_column(g: dict) -> int | None:
    """The column that holds joined 科目编码 (205, 20501, 2050101) under a header naming 编码."""
    h = g["header_rows"]
    for c in range(len(g["widths"])):
        head = "".join(r[c] for r in g["rows"][:h])
        body = [r[c] for r in g["rows"][h:] if r[c]]
        if "编码" in head and body and sum(bool(CODE_RE.match(x)) for x in body) >= len(body) - 1 \
                and any(len(x) > 3 for x in body):
            return c
    return None


def split_codes(g: dict) -> dict:
    """科目编码 2050101 → 205 | 01 | 01 under a 类|款|项 header row (economic codes: 类|款)."""
    c = _code_column(g)
    if c is None:
        return g
    h = g["header_rows"]
    n = max(2, max((len(r[c]) - 1) // 2 for r in g["rows"][h:] if CODE_RE.match(r[c])))
    rows: list[list[str]] = []
    for i, r in enumerate(g["rows"]):
        v = r[c]
        parts = [v[:3], v[3:5], v[5:7]][:n] if i >= h and CODE_RE.match(v) else [v] + [""] * (n - 1)
        rows.append(r[:c] + parts + r[c + 1:])
    spans = [[c0 + (n - 1 if c0 > c else 0), r0, c1 + (n - 1 if c1 >= c else 0), r1] for c0, r0, c1, r1 in g["spans"]]

    def covered(group, col, row):
        return any(s[0] <= col <= s[2] and s[1] <= row <= s[3] for s in group)

    for i, r in enumerate(g["rows"]):
        if r[c] and not (i >= h and CODE_RE.match(r[c])) and not covered(spans, c, i):
            spans.append([c, i, c + n - 1, i])  # a header label, 栏次, 合计 over the code columns
    # the 类|款|项 row under the first header row; the other columns' first-row cells merged down over it
    rows.insert(1, [""] * c + ["类", "款", "项"][:n] + [""] * (len(rows[0]) - c - n))
    out = []
    for c0, r0, c1, r1 in spans:
        if r0 >= 1:
            out.append([c0, r0 + 1, c1, r1 + 1])
        elif c0 <= c <= c1 and r1 == 0:
            out.append([c0, r0, c1, r1])
        else:
            out.append([c0, r0, c1, r1 + 1])
    for col in range(len(rows[0])):
        if not (c <= col < c + n) and not covered(out, col, 0):
            out.append([col, 0, col, 1])
    w = g["widths"][c] * 1.4  # room for 205 | 01 | 01 on one line each
    widths = g["widths"][:c] + [w * 0.4] + [w * 0.6 / (n - 1)] * (n - 1) + g["widths"][c + 1:]
    numeric = [k + n - 1 if k > c else k for k in g["numeric_cols"]]
    return {"rows": rows, "spans": out, "header_rows": h + 1, "numeric_cols": numeric, "widths": widths}


def separate_headers(g: dict) -> dict:
    """Merged header cells drawn as separate cells, the text in the first of them."""
    return {**g, "spans": [s for s in g["spans"] if s[1] >= g["header_rows"]]}


def _runs(cols: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in sorted(cols):
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def deep_headers(g: dict) -> dict:
    """A 决算数 group row above the figures' headers (label columns merged down over it) and, where
    none is printed, a 栏次 row under them: two to four header rows in all."""
    h, numeric = g["header_rows"], g["numeric_cols"]
    if h >= 4 or not numeric:
        return g
    grouped = any(s[1] == 0 and s[0] != s[2] and any(s[0] <= c <= s[2] for c in numeric) for s in g["spans"])
    rows, spans = [list(r) for r in g["rows"]], [list(s) for s in g["spans"]]
    if not grouped:
        ncols = len(rows[0])
        top = [""] * ncols
        spans = [[c0, r0 + 1, c1, r1 + 1] for c0, r0, c1, r1 in spans]
        for a, b in _runs(numeric):
            top[a] = "决算数"
            if b > a:
                spans.append([a, 0, b, 0])
        for c in range(ncols):
            if c in numeric:
                continue
            own = next((s for s in spans if s[0] == c and s[1] == 1), None)
            if own is not None and own[2] != c:
                continue  # a label merged across columns keeps its row
            top[c], rows[0][c] = rows[0][c], ""
            if own is not None:
                own[1] = 0
            else:
                spans.append([c, 0, c, 1])
        rows.insert(0, top)
        h += 1
    if h < 4 and not any("栏次" in x for r in rows[:h] for x in r):
        label = [c for c in range(len(rows[0])) if c not in numeric]
        ranks = [""] * len(rows[0])
        if label:
            ranks[label[0]] = "栏次"
        for k, c in enumerate(numeric, start=1):
            ranks[c] = str(k)
        rows.insert(h, ranks)
        for s in spans:
            if s[1] >= h:
                s[1] += 1
                s[3] += 1
        h += 1
    return {**g, "rows": rows, "spans": spans, "header_rows": h}


def _wan(text: str) -> str:
    try:
        return f"{Decimal(text.replace(',', '')) / 10000:.2f}"
    except ArithmeticError:
        return text


def yuan(g: dict, printed_in: str = "万元") -> dict:
    """Figures in the other unit: 万元 × 10000 in 元, or a table printed in 元 back in 万元 (to 0.01, as the
    truth's 万元 values are rounded)."""
    rows = [list(r) for r in g["rows"]]
    convert = _wan if printed_in == "元" else _yuan
    for r in rows[g["header_rows"]:]:
        for c in g["numeric_cols"]:
            if r[c] not in ("", "-"):
                r[c] = convert(r[c])
    return {**g, "rows": rows}


def transform(d: dict, layout: Layout, unit: str = "万元") -> dict:
    g = _grid(d)
    if layout.split_codes:
        g = split_codes(g)
    if layout.deep_headers:
        g = deep_headers(g)
    if layout.separate_headers:
        g = separate_headers(g)
    if layout.yuan:
        g = yuan(g, unit)
    return g


# ---------------------------------------------------------------- drawing


class _Styles:
    def __init__(self, layout: Layout):
        from reportlab.lib.styles import ParagraphStyle

        _register(layout.font)
        f = layout.font
        self.font = f
        self.cover = ParagraphStyle("cover", fontName=f, fontSize=22, leading=30, alignment=1)
        self.part = ParagraphStyle("part", fontName=f, fontSize=15, leading=22, alignment=1, spaceBefore=8,
                                   spaceAfter=6)
        self.title = ParagraphStyle("title", fontName=f, fontSize=13, leading=18, alignment=1)
        self.heading = ParagraphStyle("heading", fontName=f, fontSize=10.5, leading=16)
        self.body = ParagraphStyle("body", fontName=f, fontSize=10.5, leading=16, firstLineIndent=21,
                                   wordWrap="CJK")
        self.small = ParagraphStyle("small", fontName=f, fontSize=7.5, leading=9)
        self.cell = ParagraphStyle("cell", fontName=f, fontSize=7, leading=8.5, wordWrap="CJK")
        self.figure = ParagraphStyle("figure", parent=self.cell, alignment=2)


def _page_width(layout: Layout) -> float:
    from reportlab.lib.pagesizes import A4, landscape

    return (landscape(A4) if layout.landscape else A4)[0] - 2 * MARGIN


def _widths(g: dict, layout: Layout, st: _Styles) -> list[float]:
    from reportlab.pdfbase import pdfmetrics

    scale = _page_width(layout) / sum(g["widths"])
    widths = [w * scale for w in g["widths"]]
    if not layout.narrow:
        return widths
    h = g["header_rows"]
    for c in range(len(widths)):
        texts = [r[c] for r in g["rows"][h:] if r[c]]
        if not texts:
            continue
        longest = max(pdfmetrics.stringWidth(x, st.font, 7) for x in texts)
        if c in g["numeric_cols"] or longest > 40:  # figures and names: narrower than the longest one
            widths[c] = min(widths[c], max(24.0, 0.7 * longest + 12))  # 12: the cell padding
    return widths


def _table(g: dict, layout: Layout, st: _Styles, header: int):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    numeric = set(g["numeric_cols"])
    data = []
    for i, r in enumerate(g["rows"]):
        out = []
        for c, x in enumerate(r):
            if i < header or c not in numeric:
                out.append(Paragraph(x, st.cell))
            elif layout.narrow:
                out.append(Paragraph(x, st.figure))  # a figure wraps inside its cell
            else:
                out.append(x)
        data.append(out)
    style = [("FONT", (0, 0), (-1, -1), st.font, 7), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if layout.ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("ALIGN", (c, header), (c, -1), "RIGHT") for c in g["numeric_cols"]]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in g["spans"]]
    return Table(data, colWidths=g["col_widths"], style=style)


def _cut(g: dict, cut: int, repeat: bool) -> tuple[dict, dict]:
    """The grid cut before row `cut`; the second part under the header rows again when `repeat`."""
    spans = [((c0, r0), (c1, r1)) for c0, r0, c1, r1 in g["spans"]]
    (r1, s1), (r2, s2) = _split(g["rows"], spans, cut)
    first = {**g, "rows": r1, "spans": [[a[0], a[1], b[0], b[1]] for a, b in s1]}
    second = {**g, "rows": r2, "spans": [[a[0], a[1], b[0], b[1]] for a, b in s2], "header_rows": 0}
    if repeat:
        h = g["header_rows"]
        head = [s for s in g["spans"] if s[3] < h]
        second = {**g, "rows": g["rows"][:h] + r2, "header_rows": h,
                  "spans": head + [[a[0], a[1] + h, b[0], b[1] + h] for a, b in s2]}
    return first, second


def schedule_flowables(d: dict, layout: Layout, st: _Styles, rng: random.Random, unit: str = "万元") -> list:
    from reportlab.platypus import PageBreak

    g = transform(d, layout, unit)
    g["col_widths"] = _widths(g, layout, st)
    h = g["header_rows"]
    body = len(g["rows"]) - h
    if not (layout.breaks and body >= 6):
        return [_table(g, layout, st, h)]
    cut = h + rng.randint(2, body - 2)
    first, second = _cut(g, cut, layout.repeat_header)
    return [_table(first, layout, st, h), PageBreak(), _table(second, layout, st, second["header_rows"])]


def _paragraphs(sections: list[dict], st: _Styles) -> list:
    from reportlab.platypus import Paragraph

    out: list = []
    for s in sections:
        out.append(Paragraph(s["title"], st.heading))
        out += [Paragraph(p, st.body) for p in s.get("paragraphs") or ()]
        for sub in s.get("subsections") or ():
            out.append(Paragraph(sub["title"], st.heading))
            out += [Paragraph(p, st.body) for p in sub.get("paragraphs") or ()]
    return out


def _forms(truth: dict, st: _Styles) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table

    widths = (52, 44, 44, 50, 34, 44, 38, 44, 34, 34, 77)
    out: list = []
    for f in truth.get("performance") or ():
        rows, spans = _form_rows(f)
        data = [[Paragraph(x, st.cell) for x in r] for r in rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", a, b) for a, b in spans]
        out += [Paragraph(f"部门预算项目支出绩效自评表（{truth['year']}年度）", st.title), Spacer(1, 4),
                Table(data, colWidths=list(widths), style=style), Spacer(1, 18)]
    return out


def _schedules(truth: dict, layout: Layout, st: _Styles, rng: random.Random, numbered: bool) -> list:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    out: list = []
    for key, t in truth["tables"].items():
        if not t.get("present", True) or key not in truth["display"]:
            continue
        printed = t.get("unit") or "万元"
        unit = ({"元": "万元", "万元": "元"}[printed] if printed in ("元", "万元") else printed) if layout.yuan else printed
        label = (f"单位：{truth['unit']['name']}　　公开{int(t['no']):02d}表　　金额单位：{unit}" if numbered
                 else f"单位：{unit}")
        out += [Paragraph(t["title"], st.title), Spacer(1, 4), Paragraph(label, st.small), Spacer(1, 4)]
        out += schedule_flowables(truth["display"][key], layout, st, rng, printed)
        if t.get("empty_note"):
            out += [Spacer(1, 4), Paragraph(t["empty_note"], st.small)]
        out.append(PageBreak())
    return out


def story(truth: dict, layout: Layout, seed: int = 0) -> list:
    """The report's flowables: the Sichuan plan (cover, 目录, 概况, 情况说明, 名词解释, 附件, 附表) or the
    national one (cover, 目录, 概况, 决算表, 情况说明, 名词解释)."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    st = _Styles(layout)
    rng = random.Random(f"{truth.get('case_id')}-{seed}")
    unit, year = truth["unit"]["name"], truth["year"]
    national = truth.get("schema") == "national-2024" or "front" in truth
    if national:
        front = truth["front"]
        cover = [Paragraph(x, st.cover) for x in front["cover"]]
        toc = [Paragraph("目录", st.part)] + [Paragraph(x, st.heading) for kind, x in front["toc"]]
        parts = {k: v.replace("\n", "") for k, v in front["parts"].items()}
        p1 = front["part1"]
        out = cover + [PageBreak()] + toc + [PageBreak(), Paragraph(parts["1"], st.part),
                                             Paragraph("一、主要职能", st.heading)]
        out += [Paragraph(x, st.body) for x in p1["duties"]]
        out += [Paragraph("二、部门决算单位构成", st.heading)] + [Paragraph(x, st.body) for x in p1["composition"]]
        out += [PageBreak(), Paragraph(parts["2"], st.part)] + _schedules(truth, layout, st, rng, numbered=False)
        out += [Paragraph(parts["3"], st.part)] + _paragraphs(truth["narrative"]["sections"], st)
        out += [PageBreak(), Paragraph(parts["4"], st.part)] + [Paragraph(x, st.body) for x in front["glossary"]]
        return out
    heads = ["第一部分 单位概况", f"第二部分 {year}年度单位决算情况说明", "第三部分 名词解释", "第四部分 附件",
             "第五部分 附表"]
    out = [Paragraph(f"{year}年度{unit}", st.cover), Paragraph("单位决算", st.cover), Spacer(1, 20),
           Paragraph("目录", st.part)] + [Paragraph(x, st.heading) for x in heads] + [PageBreak()]
    out += [Paragraph(heads[0], st.part), Paragraph("一、主要职责", st.heading),
            Paragraph(f"{unit}是{truth['unit'].get('department') or unit}所属的{truth['unit'].get('kind', '行政')}单位。",
                      st.body)]
    out += [Paragraph(heads[1], st.part)] + _paragraphs(truth["narrative"]["sections"], st)
    out += [Paragraph(heads[2], st.part), Paragraph("1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。", st.body)]
    out += [PageBreak(), Paragraph(heads[3], st.part)] + _forms(truth, st)
    out += [PageBreak(), Paragraph(heads[4], st.part)] + _schedules(truth, layout, st, rng, numbered=True)
    return out


def render(truth: dict, path: Path, layout: Layout = BASE, seed: int = 0) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if layout.landscape else A4
    SimpleDocTemplate(str(path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                      bottomMargin=MARGIN).build(story(truth, layout, seed))
    return path


def combined(*names: str) -> Layout:
    """Several transforms at once (the benchmark's stress rows)."""
    out = BASE
    for n in names:
        out = replace(out, **{k: v for k, v in vars(TRANSFORMS[n]).items() if v != getattr(BASE, k)})
    return out
