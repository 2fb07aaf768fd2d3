"""findings.pdf: the original report with every finding marked where it was read, and a list first.

Auditors read the PDF, not a spreadsheet. Each error or warning that carries a bbox becomes a Highlight
annotation over that box (red: error, amber: warning; info only on request) whose note is the finding's
message; the pages in front list every finding, errors first, then by page, those without a box included,
each entry linked to its page. The original pages are copied unchanged (pypdf), so text, fonts and page size stay as
published; only annotations are added.

Coordinates: a finding's bbox is pdfplumber's (x0, top, x1, bottom), top-left origin, in the page as
displayed (after /Rotate), offset by the MediaBox. `user_rect` undoes both (pdfplumber's shift, then
pdfminer's rotation matrix) to get the rectangle in the page's own user space, where annotations live.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from budgetlib.atomic import atomic_write
from budgetlib.model import Bbox, Finding
from budgetlib.present.labels import rule_title, where
from budgetlib.present.order import SEVERITY_ZH, Line, lines

# The marker colour (the annotation's /C, what a viewer shows in its comment list) and the tint painted
# with the Multiply blend mode: white paper takes the tint, black text stays black and legible.
COLOR = {"error": (0.86, 0.1, 0.1), "warning": (1.0, 0.62, 0.0), "info": (0.2, 0.45, 0.9)}
TINT = {"error": (1.0, 0.55, 0.55), "warning": (1.0, 0.82, 0.4), "info": (0.7, 0.82, 1.0)}
PAD = 1.0  # points around the box: a highlight flush with the glyphs hides their edges
FONT = "BudgetlibCJK"
PAGE_W, PAGE_H = 595.28, 841.89  # A4: the list pages
MARGIN = 48.0


# ---------------------------------------------------------------- coordinates


def _box(raw) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in raw)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def user_point(mediabox, rotation: int, x: float, top: float) -> tuple[float, float]:
    """A pdfplumber point (x, top) → the page's user space (origin bottom-left, unrotated)."""
    mx0, my0, mx1, my1 = _box(mediabox)
    r = rotation % 360
    # pdfplumber: the MediaBox as displayed (axes swapped at 90/270), height H, shifted by its corner
    nx0, ny0, nx1, ny1 = (my0, mx0, my1, mx1) if r in (90, 270) else (mx0, my0, mx1, my1)
    h = ny1 - ny0
    px, py = x - nx0, h - top - ny0  # pdfminer's layout coordinates
    # invert pdfminer's page matrix (pdfinterp.process_page) for each rotation
    if r == 90:
        return mx1 - py, px + my0
    if r == 180:
        return mx1 - px, my1 - py
    if r == 270:
        return py + mx0, my1 - px
    return px + mx0, py + my0


def user_rect(mediabox, rotation: int, bbox: Bbox, pad: float = PAD) -> tuple[float, float, float, float]:
    """A finding's bbox as a PDF rectangle (x0, y0, x1, y1) in the page's user space."""
    x0, top, x1, bottom = bbox
    a = user_point(mediabox, rotation, x0, top)
    b = user_point(mediabox, rotation, x1, bottom)
    return (min(a[0], b[0]) - pad, min(a[1], b[1]) - pad, max(a[0], b[0]) + pad, max(a[1], b[1]) + pad)


# ---------------------------------------------------------------- annotations


def _num(v: float):
    from pypdf.generic import FloatObject

    return FloatObject(round(v, 3))


def _highlight(writer, f: Finding, rect, serial: int):
    """A Highlight annotation with its own appearance, so every viewer paints it the same way."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    x0, y0, x1, y1 = rect
    r, g, b = TINT[f.severity]
    ap = DecodedStreamObject()
    ap.set_data(f"q /G0 gs {r:.3f} {g:.3f} {b:.3f} rg {x0:.3f} {y0:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re f Q".encode())
    ap.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([_num(v) for v in rect]),
        NameObject("/Resources"): DictionaryObject({
            NameObject("/ExtGState"): DictionaryObject({
                NameObject("/G0"): DictionaryObject({NameObject("/BM"): NameObject("/Multiply")})})}),
    })
    title = f"{SEVERITY_ZH.get(f.severity, f.severity)} {rule_title(f.rule)}"
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Highlight"),
        NameObject("/Rect"): ArrayObject([_num(v) for v in rect]),
        # upper-left, upper-right, lower-left, lower-right (PDF 32000 §12.5.6.10)
        NameObject("/QuadPoints"): ArrayObject([_num(v) for v in (x0, y1, x1, y1, x0, y0, x1, y0)]),
        NameObject("/C"): ArrayObject([_num(v) for v in COLOR[f.severity]]),
        NameObject("/Contents"): TextStringObject(f.message),
        NameObject("/T"): TextStringObject(title),
        NameObject("/Subj"): TextStringObject(rule_title(f.rule)),
        NameObject("/NM"): TextStringObject(f"budgetlib-{serial:04d}"),
        NameObject("/M"): TextStringObject(datetime.now().strftime("D:%Y%m%d%H%M%S")),
        NameObject("/F"): NumberObject(4),  # print it too
        NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(ap)}),
    })


# ---------------------------------------------------------------- the list pages


@functools.cache
def register_font() -> str:
    """The CJK TrueType font registered with reportlab (once per process: parsing it takes ≈0.7 s)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from budgetlib.present.fonts import cjk_ttf_path

    pdfmetrics.registerFont(TTFont(FONT, str(cjk_ttf_path())))
    return FONT


@functools.cache
def _units(ch: str) -> float:
    """A character's advance in the font, in 1/1000 of the size (reportlab's own TrueType widths)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(ch, register_font(), 1000)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break at any character (Chinese has no spaces), measured in the font. The line's width is summed
    as it grows, in the order and arithmetic of reportlab's stringWidth (0.001 * size * Σ advances):
    measuring every longer prefix again made long findings lists quadratic."""
    lines, cur, units = [], "", 0.0
    for ch in text:
        if ch == "\n":
            lines.append(cur)
            cur, units = "", 0.0
            continue
        if cur and 0.001 * size * (units + _units(ch)) > width:
            lines.append(cur)
            cur, units = "", 0.0
        cur += ch
        units += _units(ch)
    lines.append(cur)
    return lines


def _entries(findings: Iterable[Finding], page_count: int) -> list[tuple[str, list[tuple[int | None, Line]]]]:
    """Errors, then warnings, then information; within each, by page (the unlocated last) and down the
    page; identical information once, with a count."""
    def key(line: Line):
        f = line.finding
        page = f.page if f.page and 1 <= f.page <= page_count else None
        return (page is None, page or 0, (f.bbox or (0, 0))[1])

    out = []
    for sev in SEVERITY_ZH:
        group = sorted((x for x in lines(findings) if x.finding.severity == sev), key=key)
        if group:
            out.append((sev, [(x.finding.page if x.finding.page and 1 <= x.finding.page <= page_count else None, x)
                              for x in group]))
    return out


def _list_pages(findings: list[Finding], meta: dict[str, Any], page_count: int, n_marked: int, report=None):
    """The list as a reportlab PDF in memory, and the links to place: (list page index, rect, report page)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    font = register_font()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H))
    c.setTitle("审计发现标注版")
    links: list[tuple[int, tuple[float, float, float, float], int]] = []
    state = {"page": 0, "y": PAGE_H - MARGIN}
    width = PAGE_W - 2 * MARGIN

    def newline(height: float) -> None:
        if state["y"] - height < MARGIN:
            c.showPage()
            state["page"] += 1
            state["y"] = PAGE_H - MARGIN

    def write(text: str, size: float, color=(0, 0, 0), indent: float = 0.0, gap: float = 1.35) -> None:
        for line in _wrap(text, size, width - indent):
            newline(size * gap)
            state["y"] -= size * gap
            c.setFont(font, size)
            c.setFillColorRGB(*color)
            c.drawString(MARGIN + indent, state["y"], line)

    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ZH}
    year = f"{meta['year']}年度" if meta.get("year") else ""
    kind = f"{meta['disclosure']}公开" if meta.get("disclosure") else ""
    write(f"{year}{kind} 审计发现清单".strip(), 16)
    if meta.get("unit"):
        write(str(meta["unit"]), 12)
    summary = "，".join(f"{SEVERITY_ZH[s]}{n}条" for s, n in counts.items() if n) or "无"
    write(f"共{len(findings)}条（{summary}），其中{n_marked}条已在原报告页面上标注。", 10.5)
    src = "，".join(x for x in (
        f"原文件：{meta['pdf']}" if meta.get("pdf") else "",
        f"SHA-256：{str(meta['sha256'])[:16]}…" if meta.get("sha256") else "",
        f"budgetlib {meta['budgetlib']}" if meta.get("budgetlib") else "",
        f"规则集 {meta['ruleset']}" if meta.get("ruleset") else "") if x)
    if src:
        write(src, 9, (0.35, 0.35, 0.35))
    write("标注：红色为错误，黄色为警告；在阅读器中点击（或悬停）高亮处可看到说明。本清单之后为原报告全文，"
          "“原第N页”即原报告的页码；点击页码可跳转。未带坐标的发现只在本清单中列出。", 9, (0.35, 0.35, 0.35))
    state["y"] -= 6
    for sev, group in _entries(findings, page_count):
        state["y"] -= 4
        write(f"{SEVERITY_ZH[sev]}（{sum(x.count for _, x in group)}条）", 12, COLOR.get(sev, (0, 0, 0)))
        for page, line in group:
            f = line.finding
            label = f"原第{page}页" if page is not None else "未定位到页面"
            tail = "" if f.bbox or page is None else "（无坐标，未在页面上标注）"
            newline(10 * 1.35 * 2)  # an entry starts where its first two lines fit
            c.setFillColorRGB(*COLOR.get(sev, (0, 0, 0)))  # the severity's colour as a bullet beside its first line
            c.rect(MARGIN + 2, state["y"] - 10 * 1.35 + 1, 6, 6, stroke=0, fill=1)
            write(f"{label}　{line.message}{tail}", 10, (0, 0, 0), indent=12)
            if page is not None:
                links.append((state["page"], (MARGIN + 12, state["y"] - 3, MARGIN + 80, state["y"] + 12), page))
            write(f"{rule_title(f.rule)}　{where(f, report)}", 8, (0.4, 0.4, 0.4), indent=12, gap=1.3)
    c.showPage()
    c.save()
    return buf.getvalue(), links


# ---------------------------------------------------------------- the document


def annotated_pdf(source: str | Path, findings: list[Finding], meta: dict[str, Any] | None = None,
                  include_info: bool = False, report=None):
    """A pypdf PdfWriter: the list pages, then the original with the findings highlighted."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    meta = meta or {}
    shown = [f for f in findings if include_info or f.severity != "info"]
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    page_count = len(writer.pages)
    marked = 0
    for i, f in enumerate(shown):
        if not (f.bbox and f.page and 1 <= f.page <= page_count and f.severity in TINT):
            continue
        page = writer.pages[f.page - 1]
        rect = user_rect(page.mediabox, page.rotation, f.bbox)
        writer.add_annotation(f.page - 1, _highlight(writer, f, rect, i))
        marked += 1
    data, links = _list_pages(shown, meta, page_count, marked, report)
    front = PdfReader(io.BytesIO(data))
    for k, p in enumerate(front.pages):
        writer.insert_page(p, k)
    n = len(front.pages)
    for list_page, rect, page in links:
        writer.add_annotation(list_page, Link(rect=rect, target_page_index=n + page - 1))
    writer.add_metadata({"/Title": f"{meta.get('unit') or Path(str(source)).stem} 审计发现标注版",
                         "/Creator": f"budgetlib {meta.get('budgetlib') or ''}".strip()})
    return writer


def write_annotated_pdf(path: str | Path, source: str | Path, findings: list[Finding],
                        meta: dict[str, Any] | None = None, include_info: bool = False, report=None) -> None:
    """findings.pdf, atomically (a reader never sees half a file); `report` names places in its words."""
    writer = annotated_pdf(source, findings, meta, include_info, report)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            writer.write(fh)

    atomic_write(path, write)
