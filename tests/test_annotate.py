"""findings.pdf: the report with its findings highlighted where they were read, and a list in front."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import DATA
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from budgetlib.cli import main
from budgetlib.model import Finding
from budgetlib.present.annotate import PAD, user_rect, write_annotated_pdf
from budgetlib.present.labels import rule_title

CASE = DATA / "case_008.pdf"
PDFTOPPM = shutil.which("pdftoppm")
NEEDS_PDFTOPPM = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm 不可用（apt-get install poppler-utils；make test 会自动安装）/ "
                             "pdftoppm missing: install poppler-utils to render findings.pdf")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """`budgetlib audit case_008.pdf -o findings.json -o findings.pdf`, once for the module."""
    folder = tmp_path_factory.mktemp("annotate")
    assert main(["audit", str(CASE), "-o", str(folder / "findings.json"), "-o", str(folder / "findings.pdf")]) == 0
    return folder


def _findings(out: Path) -> list[Finding]:
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return [Finding.from_dict(d) for d in doc["findings"]]


def _front(reader: PdfReader) -> int:
    """How many list pages precede the original's."""
    return len(reader.pages) - len(PdfReader(str(CASE)).pages)


def _marked(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in ("error", "warning") and f.bbox and f.page]


def _highlights(page) -> list:
    return [a.get_object() for a in page.get("/Annots") or [] if a.get_object()["/Subtype"] == "/Highlight"]


def test_each_error_and_warning_with_a_box_is_highlighted_on_its_page(out):
    findings = _findings(out)
    marked = _marked(findings)
    assert any(f.severity == "error" for f in marked) and any(f.severity == "warning" for f in marked)
    reader = PdfReader(str(out / "findings.pdf"))
    n = _front(reader)
    assert n >= 1
    total = sum(len(_highlights(p)) for p in reader.pages)
    assert total == len(marked)  # info findings and findings without a box are not drawn
    for f in marked:
        page = reader.pages[n + f.page - 1]
        (annot,) = [a for a in _highlights(page) if a["/Contents"] == f.message]
        want = user_rect(page.mediabox, page.rotation, f.bbox)
        assert [float(v) for v in annot["/Rect"]] == pytest.approx(want, abs=0.01)
        red, green, blue = (float(v) for v in annot["/C"])
        if f.severity == "error":
            assert red > 0.8 and green < 0.2 and blue < 0.2
        else:
            assert red > 0.9 and 0.5 < green < 0.8 and blue < 0.1
        assert str(annot["/T"]).endswith(rule_title(f.rule))  # the rule's Chinese title, not its id


def test_pdfplumber_reads_each_highlight_back_at_the_findings_bbox(out):
    """An independent inverse: pdfplumber maps the annotation's PDF rectangle back to its own coordinates."""
    marked = _marked(_findings(out))
    with pdfplumber.open(str(out / "findings.pdf")) as pdf:
        n = len(pdf.pages) - len(PdfReader(str(CASE)).pages)
        for f in marked:
            annots = [a for a in pdf.pages[n + f.page - 1].annots if a["contents"] == f.message]
            assert len(annots) == 1
            a = annots[0]
            got = (a["x0"] + PAD, a["top"] + PAD, a["x1"] - PAD, a["bottom"] - PAD)
            assert got == pytest.approx(f.bbox, abs=0.01)


def test_page_one_lists_errors_first_then_by_page_with_links(out):
    findings = [f for f in _findings(out) if f.severity != "info"]
    reader = PdfReader(str(out / "findings.pdf"))
    n = _front(reader)
    listing = "".join(reader.pages[k].extract_text() for k in range(n))
    first = reader.pages[0].extract_text()
    assert "审计发现清单" in first and "决算公开" in first
    # errors first: every error's text comes before every warning's
    at = {f.message: listing.index(f.message[:20]) for f in findings}
    errors = [at[f.message] for f in findings if f.severity == "error"]
    warnings = [at[f.message] for f in findings if f.severity == "warning"]
    assert errors and warnings and max(errors) < min(warnings)
    assert listing.index("错误（") < listing.index("警告（")
    # within a severity, by page
    for sev in ("error", "warning"):
        mine = sorted((at[f.message], f.page or 10**6) for f in findings if f.severity == sev)
        assert [p for _, p in mine] == sorted(p for _, p in mine)
    # a finding with a page but no box is listed only, and says so
    unboxed = [f for f in findings if f.page and not f.bbox]
    assert unboxed, "case_008 has a page-level finding (an empty table without a note)"
    assert "无坐标" in listing
    # no rule id in what is read: the rule's Chinese title instead
    assert not any(f.rule in listing for f in findings)
    # each entry's page number links to that page of the original
    links = [a.get_object() for k in range(n) for a in reader.pages[k].get("/Annots") or []
             if a.get_object()["/Subtype"] == "/Link"]
    targets = sorted(reader.get_page_number(a["/Dest"][0].get_object()) for a in links)
    assert targets == sorted(n + f.page - 1 for f in findings if f.page)


def _render(pdf: Path, page: int, folder: Path) -> tuple[int, int, list]:
    """Page `page` (1-based) at 72 dpi: one pixel per point, so a pdfplumber bbox is a pixel box."""
    from PIL import Image

    stem = folder / f"page{page}"
    subprocess.run([PDFTOPPM, "-r", "72", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True, timeout=60)
    img = Image.open(f"{stem}.png").convert("RGB")
    return img.width, img.height, img.load()


def _share(px, box, test) -> float:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    cells = [px[x, y] for x in range(x0, x1) for y in range(y0, y1)]
    return sum(1 for c in cells if test(c)) / max(1, len(cells))


def reddish(c) -> bool:
    r, g, b = c
    return r > 200 and g < 190 and b < 190 and r - g > 50


def amber(c) -> bool:
    r, g, b = c
    return r > 200 and 150 < g < 235 and b < 150


@NEEDS_PDFTOPPM
def test_rendered_highlight_covers_the_cell_and_nothing_else(out, tmp_path):
    marked = _marked(_findings(out))
    reader = PdfReader(str(out / "findings.pdf"))
    n = _front(reader)
    error = next(f for f in marked if f.severity == "error")
    warning = next(f for f in marked if f.severity == "warning")
    for f, colour in ((error, reddish), (warning, amber)):
        _, _, px = _render(out / "findings.pdf", n + f.page, tmp_path)
        x0, top, x1, bottom = f.bbox
        inside = (x0 + 1, top + 1, x1 - 1, bottom - 1)
        # most of the box is the tint (the rest is the printed text, which stays black)
        assert _share(px, inside, colour) > 0.5, (f.rule, f.bbox)
        # a band just outside the box, left and right, is untouched paper or other ink
        for band in ((x0 - 8, top, x0 - 3, bottom), (x1 + 3, top, x1 + 8, bottom)):
            assert _share(px, band, colour) == 0, (f.rule, band)
    # the same page of the original is not tinted there at all
    _, _, orig = _render(CASE, error.page, tmp_path)
    x0, top, x1, bottom = error.bbox
    assert _share(orig, (x0 + 1, top + 1, x1 - 1, bottom - 1), reddish) == 0


# ---------------------------------------------------------------- coordinates on odd pages


def _one_word_pdf() -> bytes:
    """A4 with one word at a known place (user space x=100, baseline y=700)."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica", 20)
    c.drawString(100, 700, "MARK")
    c.showPage()
    c.save()
    return buf.getvalue()


def _variant(rotation: int, mediabox: tuple[float, float, float, float] | None, cropbox=None) -> bytes:
    reader = PdfReader(io.BytesIO(_one_word_pdf()))
    writer = PdfWriter()
    page = writer.add_page(reader.pages[0])
    if mediabox:
        page.mediabox = RectangleObject(mediabox)
    if cropbox:
        page.cropbox = RectangleObject(cropbox)
    if rotation:
        page.rotate(rotation)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _word_bbox(data: bytes) -> tuple[tuple[float, float, float, float], int]:
    """The word's pdfplumber bbox (as the parser records it) and the page's rotation."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        (w,) = page.extract_words()
        return (w["x0"], w["top"], w["x1"], w["bottom"]), page.rotation


VARIANTS = [(0, None, None), (90, None, None), (180, None, None), (270, None, None),
            (0, (20, 30, 615, 872), None), (90, (20, 30, 615, 872), None), (270, (-10, 15, 600, 850), None),
            (0, None, (50, 60, 500, 800))]


@pytest.mark.parametrize("rotation,mediabox,cropbox", VARIANTS)
def test_bbox_maps_to_the_same_user_space_rectangle_whatever_the_rotation_and_boxes(rotation, mediabox, cropbox):
    base_bbox, _ = _word_bbox(_variant(0, None))
    base = user_rect((0, 0, 595, 842), 0, base_bbox, pad=0)
    assert base[0] == pytest.approx(100, abs=0.5) and base[1] < 700 < base[3]  # the word is where it was drawn
    data = _variant(rotation, mediabox, cropbox)
    bbox, rot = _word_bbox(data)
    assert rot == rotation
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert user_rect(page.mediabox, page.rotation, bbox, pad=0) == pytest.approx(base, abs=0.05)


@NEEDS_PDFTOPPM
def test_highlight_on_a_rotated_page_renders_over_the_word(tmp_path):
    src = tmp_path / "rotated.pdf"
    src.write_bytes(_variant(90, None))
    bbox, _ = _word_bbox(src.read_bytes())
    f = Finding(rule="x.test", severity="error", message="测试标注", page=1, bbox=bbox)
    dest = tmp_path / "findings.pdf"
    write_annotated_pdf(dest, src, [f])
    n = len(PdfReader(str(dest)).pages) - 1
    _, _, px = _render(dest, n + 1, tmp_path)
    x0, top, x1, bottom = bbox
    assert _share(px, (x0 + 1, top + 1, x1 - 1, bottom - 1), reddish) > 0.3
    assert _share(px, (x0 - 30, top - 30, x0 - 10, top - 10), reddish) == 0


def test_info_findings_are_marked_only_on_request(out, tmp_path):
    findings = _findings(out)
    info = Finding(rule="judgement.punctuation", severity="info", message="标点重复：“。。”", page=3,
                   bbox=(100.0, 200.0, 140.0, 212.0))
    for flag, want in ((False, 0), (True, 1)):
        dest = tmp_path / f"info_{flag}.pdf"
        write_annotated_pdf(dest, CASE, [*findings, info], include_info=flag)
        reader = PdfReader(str(dest))
        page = reader.pages[_front(reader) + 2]
        assert sum(1 for a in _highlights(page) if a["/Contents"] == info.message) == want
        assert ("标点重复" in reader.pages[0].extract_text()) == flag
