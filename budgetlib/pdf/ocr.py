"""Scanned reports: rasterise each page (pdfium) and let tesseract (chi_sim) write a searchable PDF,
an invisible text layer over the page image, which the ordinary pipeline then reads.

Optional: needs the `tesseract` binary with the chi_sim language (Debian: tesseract-ocr,
tesseract-ocr-chi-sim). One page image at a time on disk, so memory stays flat for long files.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from budgetlib.atomic import atomic_write
from budgetlib.errors import BadInput

LANG = "chi_sim"
DPI = 300


@cache
def available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, check=False)
    return LANG in (out.stdout + out.stderr).split()


def render_pages(pdf: str | Path, folder: Path, dpi: int = DPI) -> list[Path]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                img = page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
            path = folder / f"p{i + 1:04d}.png"
            img.save(path, dpi=(dpi, dpi))
            images.append(path)
    finally:
        doc.close()
    return images


def ocr_text(image: str | Path, psm: int = 3) -> str:
    """Plain text of one page image (used to measure accuracy); psm 3 = automatic layout, as --ocr uses."""
    out = subprocess.run(["tesseract", str(image), "stdout", "-l", LANG, "--psm", str(psm)],
                         capture_output=True, text=True, check=True)
    return out.stdout


def ocr_pdf(pdf: str | Path, target: str | Path, dpi: int = DPI) -> Path:
    """A searchable copy of a scanned PDF at `target` (written atomically)."""
    if not available():
        raise BadInput(str(pdf), "扫描件无文字层，且未安装 tesseract 中文识别（tesseract-ocr-chi-sim）",
                       "scanned PDF and no tesseract with chi_sim for --ocr")
    with tempfile.TemporaryDirectory(prefix="budgetlib-ocr-") as tmp:
        folder = Path(tmp)
        images = render_pages(pdf, folder, dpi)
        listing = folder / "pages.txt"
        listing.write_text("\n".join(str(p) for p in images) + "\n", encoding="utf-8")
        base = folder / "ocr"
        subprocess.run(["tesseract", str(listing), str(base), "-l", LANG, "--dpi", str(dpi), "pdf"],
                       capture_output=True, check=True)
        atomic_write(target, lambda p: shutil.copyfile(base.with_suffix(".pdf"), p))
    return Path(target)
