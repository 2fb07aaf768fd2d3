"""Broken inputs of every kind an auditor downloads, made on the spot (reportlab, pypdf, byte surgery)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _cjk_pdf(path: Path, lines: list[str], compress: bool = True) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pageCompression=1 if compress else 0)
    for start in range(0, len(lines), 35):
        c.setFont("STSong-Light", 11)
        for i, line in enumerate(lines[start:start + 35]):
            c.drawString(50, 800 - i * 20, line)
        c.showPage()
    c.save()
    return path


FAKE_REPORT = ["2023年度某县教育局", "部门决算", "目录", "第一部分 单位概况",
               "第二部分 2023年度部门决算情况说明", "一、收入支出决算总体情况说明",
               "2023年度收、支总计1137.57万元。与2022年相比，收、支总计各减少157.20万元。"] * 3


def zero_byte(d: Path) -> Path:
    p = d / "zero.pdf"
    p.write_bytes(b"")
    return p


def html_page(d: Path) -> Path:
    p = d / "html.pdf"
    p.write_text("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
                 "<body><h1>页面不存在</h1></body></html>\n", encoding="utf-8")
    return p


def truncated(d: Path) -> Path:
    raw = (DATA / "case_010.pdf").read_bytes()
    p = d / "truncated.pdf"
    p.write_bytes(raw[: len(raw) // 2])
    return p


def encrypted(d: Path) -> Path:
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=str(DATA / "case_010.pdf"))
    w.encrypt(user_password="secret", owner_password="owner")
    p = d / "encrypted.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    return p


def garbage_with_header(d: Path) -> Path:
    p = d / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\nstartxref\n999999\n%%EOF\n")
    return p


def scanned(d: Path, pages: int = 3, dpi: int = 100) -> Path:
    """The first pages of a real report rasterised and saved as an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(DATA / "case_010.pdf"))
    images = [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(pages)]
    pdf.close()
    p = d / "scanned.pdf"
    images[0].save(p, save_all=True, append_images=images[1:], resolution=dpi)
    return p


def blank(d: Path) -> Path:
    from reportlab.pdfgen import canvas

    p = d / "blank.pdf"
    c = canvas.Canvas(str(p))
    c.rect(50, 50, 200, 200)
    c.showPage()
    c.save()
    return p


def not_a_disclosure(d: Path) -> Path:
    """A letter about the accounts: it mentions 决算 and 预算 but is neither disclosure."""
    lines = ["关于做好2024年度工作总结的通知", "各科室：", "请于12月底前报送本科室工作总结，",
             "并配合做好年度预算执行和决算编报的准备工作。", "特此通知。", "办公室", "2024年11月20日"] * 2
    return _cjk_pdf(d / "letter.pdf", lines)


def cid_fonts(d: Path) -> Path:
    """A CJK report whose font has no ToUnicode map and an unknown ordering: pdfminer sees (cid:N).
    The surgery keeps every byte offset (same-length replacements), so the xref stays valid."""
    src = _cjk_pdf(d / "cid_src.pdf", FAKE_REPORT, compress=False)
    raw = src.read_bytes()
    assert b"/UniGB-UCS2-H" in raw and b"(GB1)" in raw
    raw = raw.replace(b"/UniGB-UCS2-H", b"/Identity-H  ").replace(b"(GB1)", b"(XYZ)")
    p = d / "cid.pdf"
    p.write_bytes(raw)
    src.unlink()
    return p


def compilation(d: Path, names=("case_008", "case_010", "case_009")) -> Path:
    """Several units' reports concatenated, as a department publishes its units in one file."""
    from pypdf import PdfWriter

    w = PdfWriter()
    for n in names:
        w.append(str(DATA / f"{n}.pdf"))
    p = d / "compilation.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    return p


# name → (builder, Chinese reason substring, English reason substring)
CASES = {
    "zero": (zero_byte, "空文件", "empty file"),
    "html": (html_page, "不是PDF（HTML页面）", "not a PDF"),
    "truncated": (truncated, "文件不完整", "truncated"),
    "encrypted": (encrypted, "已加密", "encrypted"),
    "corrupt": (garbage_with_header, "PDF已损坏", "corrupt"),
    "scanned": (scanned, "扫描件无文字层", "scanned"),
    "blank": (blank, "没有可提取的文字", "no extractable text"),
    "letter": (not_a_disclosure, "未识别为决算或预算报告", "not a final-account (决算) or budget"),
    "cid": (cid_fonts, "ToUnicode", "(cid:N)"),
    "compilation": (compilation, "汇编文件，含3个单位的报告", "compilation of 3 reports"),
}
