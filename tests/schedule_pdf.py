"""Re-print a truth file's 附表 with reportlab, in layouts the corpus does not have.

The printed grid (`display`) of a truth file is drawn again with options: tables tall enough to run
over pages (header repeated or not), figures in 元, a schedule left out, another title. The parser
must read the result back to the same truth values. `flow` prints the tables one after another
without page breaks: several on a page, tables cut anywhere, a title left at the foot of a page.
`ruled=False` prints them without ruling lines.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

A4_WIDTH = 595.0
MARGIN = 50.0


def _yuan(text: str) -> str:
    t = text.replace(",", "")
    try:
        return f"{Decimal(t) * 10000:.2f}"
    except ArithmeticError:
        return text


def render(truth: dict, path: Path, *, repeat_header: bool = True, tall: tuple[int, ...] = (),
           yuan: bool = False, skip: tuple[int, ...] = (), titles: dict[int, str] | None = None,
           flow: bool = False, subheader: str = "", ruled: bool = True) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title_style = ParagraphStyle("t", fontName="STSong-Light", fontSize=14, alignment=1, leading=18)
    small = ParagraphStyle("s", fontName="STSong-Light", fontSize=7.5, leading=9)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=7, leading=8.5, wordWrap="CJK")
    titles = titles or {}
    story: list = [Paragraph("第五部分 附表", title_style), Spacer(1, 6)]
    for no in range(1, 14):
        if no in skip:
            continue
        t = truth["tables"][str(no)]
        d = truth["display"][str(no)]
        rows = [list(r) for r in d["rows"]]
        header_rows, spans = d["header_rows"], [list(s) for s in d["spans"]]
        if subheader and no not in (1, 4, 13):
            # a row printing the same label (决算数) under every figure column, above the 栏次 row; the
            # header cells merged down over it stay merged
            at = header_rows - 1
            rows.insert(at, [subheader if c in d["numeric_cols"] else "" for c in range(len(rows[0]))])
            spans = [[c0, r0 + (r0 >= at), c1, r1 + (r1 >= at)] for c0, r0, c1, r1 in spans]
            spans += [[c, at - 1, c, at] for c in range(len(rows[0])) if c not in d["numeric_cols"]
                      and not any(c0 <= c <= c1 and r0 <= at - 1 <= r1 for c0, r0, c1, r1 in spans)]
            header_rows += 1
        if yuan:
            for r in rows[header_rows:]:
                for c in d["numeric_cols"]:
                    r[c] = _yuan(r[c]) if r[c] not in ("", "-") else r[c]
        numeric = set(d["numeric_cols"])
        rows = [[Paragraph(x, cell) if i < header_rows or c not in numeric else x for c, x in enumerate(r)]
                for i, r in enumerate(rows)]
        scale = (A4_WIDTH - 2 * MARGIN) / sum(d["widths"])
        table = Table(rows, colWidths=[w * scale for w in d["widths"]],
                      rowHeights=60 if no in tall else None,
                      repeatRows=header_rows if repeat_header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
        style += [("FONT", (0, 0), (-1, -1), "STSong-Light", 7),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("ALIGN", (c, header_rows), (c, -1), "RIGHT") for c in d["numeric_cols"]]
        style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
        table.setStyle(style)
        unit = "元" if yuan else "万元"
        story += [Paragraph(titles.get(no, t["title"]), title_style), Spacer(1, 4),
                  Paragraph(f"单位：某单位　　公开{no:02d}表　　金额单位：{unit}", small), Spacer(1, 4), table]
        if t["empty_note"]:
            story += [Spacer(1, 4), Paragraph(t["empty_note"], small)]
        story.append(Spacer(1, 14) if flow else PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN).build(story)
    return path


def text_width(text: str, size: float = 7.0) -> float:
    """Printed width of `text` in the font render_table uses."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return pdfmetrics.stringWidth(text, "STSong-Light", size)


def render_table(path: Path, title: str, unit: str, rows: list[list[str]], widths: list[float], *,
                 align: str = "RIGHT", padding: float = 2.0, font_size: float = 7.0) -> Path:
    """One schedule printed the way some report generators print it: plain strings (a newline is a
    line break the generator made), no clipping, so a line wider than its column runs over the ruling."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title_style = ParagraphStyle("t", fontName="STSong-Light", fontSize=14, alignment=1, leading=18)
    small = ParagraphStyle("s", fontName="STSong-Light", fontSize=7.5, leading=9)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "STSong-Light", font_size),
             ("LEADING", (0, 0), (-1, -1), font_size * 1.2), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("ALIGN", (0, 0), (-1, -1), align)]
    style += [(side, (0, 0), (-1, -1), padding) for side in ("LEFTPADDING", "RIGHTPADDING")]
    story = [Paragraph(title, title_style), Spacer(1, 4), Paragraph(f"单位：某单位　　金额单位：{unit}", small),
             Spacer(1, 4), Table(rows, colWidths=widths, style=style)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN).build(story)
    return path
