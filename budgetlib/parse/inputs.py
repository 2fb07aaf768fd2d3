"""Is this PDF one 决算 report? Scanned, garbled, foreign and compiled files are refused here,
before the parsers spend a minute on them, each with a one-line reason (BadInput)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from budgetlib.errors import BadInput
from budgetlib.pdf.document import PdfScan, garbled_share, scan_pdf

# Words only a final-account disclosure prints; a 预算 report's "上年决算数" column has none of them.
SIGNATURES = ("决算情况说明", "收入支出决算总表", "部门决算", "单位决算", "决算公开")

# A cover: "2023 年度四川省大数据技术服务中心" / "单位决算" (one line or two).
_COVER_RE = re.compile(r"^(\d{4})\s*年度?\s*(.+?)\s*(部门|单位)决算(?:公开|报告)?$")

# Page numbers ("- 1 -", "第1页", "3") may come first in the text layer; they are not the cover.
_FOLIO_RE = re.compile(r"^[-—–\s\d第页/共]*$")

# Above this share of (cid:N) glyphs the text layer is unreadable.
MAX_GARBLED = 0.2


@dataclass
class ReportSpan:
    """One unit's report inside a PDF: pages first..last (1-based, inclusive)."""

    first: int
    last: int
    unit: str
    year: int | None


def cover_of(text: str) -> tuple[str, int] | None:
    """(unit, year) when a page's first lines are a report cover."""
    # no whitespace: an OCR text layer spaces out CJK ("2022 年 度 …"), a cover never needs it
    lines = [re.sub(r"\s+", "", ln) for ln in text.splitlines() if not _FOLIO_RE.match(ln)][:3]
    for k in (1, 2, 3):
        m = _COVER_RE.match("".join(lines[:k]))
        if m:
            return m.group(2).strip(), int(m.group(1))
    return None


def find_reports(scan: PdfScan) -> list[ReportSpan]:
    """The reports in a PDF, by their covers; one span for a file without recognisable covers."""
    covers = [(p.number, c) for p in scan.pages if (c := cover_of(p.text))]
    if not covers:
        return [ReportSpan(1, scan.page_count, "", None)]
    spans = []
    for i, (first, (unit, year)) in enumerate(covers):
        last = covers[i + 1][0] - 1 if i + 1 < len(covers) else scan.page_count
        spans.append(ReportSpan(first, last, unit, year))
    return spans


def check_text_layer(scan: PdfScan) -> None:
    path, n = scan.path, scan.page_count
    text, images = scan.text_pages, scan.image_only_pages
    if not text:
        if images:
            raise BadInput(path, "扫描件无文字层（需OCR）", "scanned PDF without a text layer",
                           f"{len(images)}/{n} pages are images")
        raise BadInput(path, "没有可提取的文字", "no extractable text")
    if len(images) * 2 > n:
        raise BadInput(path, f"扫描件：{len(images)}/{n}页无文字层（需OCR）",
                       "mostly scanned PDF without a text layer", f"{len(images)}/{n} pages are images")


def check_is_final_account(scan: PdfScan) -> None:
    if any(cover_of(p.text) for p in scan.pages):
        return
    texts = [re.sub(r"\s+", "", p.text) for p in scan.pages]
    if "决算" in "".join(texts[:5]) and any(any(s in t for s in SIGNATURES) for t in texts):
        return
    raise BadInput(scan.path, "未识别为决算报告", "not a final-account (决算) report")


def check_input(path: str | Path, allow_compilation: bool = False) -> tuple[PdfScan, list[ReportSpan]]:
    """Vet a PDF: BadInput for anything that is not one readable 决算 report (or, with
    allow_compilation, several)."""
    scan = scan_pdf(path)
    check_text_layer(scan)
    check_is_final_account(scan)
    check_garbled(str(path), sample_texts(path, scan.text_pages[:3]))
    spans = find_reports(scan)
    if len(spans) > 1 and not allow_compilation:
        names = "、".join(dict.fromkeys(s.unit for s in spans[:3]))
        raise BadInput(str(path), f"汇编文件，含{len(spans)}个单位的报告（{names}…），请用 budgetlib batch 自动拆分",
                       f"compilation of {len(spans)} reports; budgetlib batch splits it")
    return scan, spans


def sample_texts(path: str | Path, pages: list[int]) -> list[str]:
    """pdfminer's text of a few pages: pdfium maps glyphs that pdfminer (our parser) cannot."""
    from budgetlib.pdf.document import open_document

    with open_document(path) as doc:
        return [doc.text(n) for n in pages]


def check_garbled(path: str, texts: list[str]) -> None:
    """pdfminer's view of the text layer: fonts without ToUnicode come out as (cid:N)."""
    share = garbled_share("".join(texts))
    if share > MAX_GARBLED:
        raise BadInput(path, "字体缺少ToUnicode映射，文字无法提取（乱码）",
                       "fonts without ToUnicode: text is (cid:N)", f"{share:.0%} unmapped glyphs")



def searchable(path: str | Path, cache: str | Path | None = None) -> str:
    """`path` itself when it has a text layer; for a scanned PDF, an OCR'd copy (tesseract chi_sim),
    kept under `cache` by the file's hash so a re-run does not OCR it again."""
    from budgetlib.pdf import ocr
    from budgetlib.pdf.document import file_sha256

    try:
        check_text_layer(scan_pdf(path))
        return str(path)
    except BadInput as exc:
        if "扫描" not in exc.reason_zh:
            raise
    import tempfile

    folder = Path(cache) if cache else Path(tempfile.gettempdir()) / "budgetlib-ocr"
    target = folder / f"ocr-{file_sha256(path)[:16]}.pdf"
    if not target.is_file():
        ocr.ocr_pdf(path, target)
    return str(target)
