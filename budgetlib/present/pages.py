"""Evidence: the PDF page a finding points at, rendered with the cell(s) boxed in red.

pypdfium2 renders (as pdfplumber's `Page.to_image` does, without parsing the page first); pages are cropped to the band around the boxes and
stored as small palette PNGs, so a notebook with dozens of findings stays a few hundred kB.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from budgetlib.model import Bbox, Finding, Report
from budgetlib.present.locate import locate

RED = (220, 0, 0)
BOX_PAD = 3.0  # points around the cell, so the box does not strike through the digits
BAND_MARGIN = 70.0  # points of context above and below the boxed cells
RESOLUTION = 100  # dpi of a cropped band: the 8pt table figures stay legible
THUMB_RESOLUTION = 50  # dpi of a whole page when nothing on it can be boxed
PALETTE_COLORS = 32
BOX_WIDTH = 3  # pixels


@dataclass
class Evidence:
    page: int
    boxes: list[Bbox]
    png: bytes
    findings: list[Finding]


def padded(b: Bbox, pad: float = BOX_PAD) -> Bbox:
    return (b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)


def to_png(image) -> bytes:
    """PNG without metadata: small and byte-for-byte reproducible. zlib's default level: `optimize=True`
    cost 6× the encode time for 10 % smaller files."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


# The page in PALETTE_COLORS - 1 grey levels (a lookup table, not a quantizer) and a reserved pure red
# for the boxes: the boxes are the only colour on the image.
_GREYS = PALETTE_COLORS - 1
_GREY_LEVEL = bytes(v * (_GREYS - 1) // 255 for v in range(256))
_PALETTE = [c for i in range(_GREYS) for c in (i * 255 // (_GREYS - 1),) * 3] + list(RED)
RED_INDEX = _GREYS


def _boxed(page_image, boxes: list[Bbox]):
    """The rendered page (greyscale) as a palette image, boxes drawn afterwards in the reserved red.

    Mapping grey levels through a table costs nothing beside the quantizer an RGB page needed (a
    third of the image's time went to it), and files are as small."""
    from PIL import Image, ImageDraw

    grey = page_image.original
    img = Image.frombytes("P", grey.size, grey.tobytes().translate(_GREY_LEVEL))
    img.putpalette(_PALETTE)
    draw = ImageDraw.Draw(img)
    x0, top = page_image.bbox[0], page_image.bbox[1]
    for b in boxes:
        xy = [(b[0] - x0) * page_image.scale, (b[1] - top) * page_image.scale,
              (b[2] - x0) * page_image.scale, (b[3] - top) * page_image.scale]
        draw.rectangle(xy, outline=RED_INDEX, width=BOX_WIDTH)
    return img


@dataclass
class _Rendered:
    """A rendered page region: the image, the region in PDF points (x0, top, x1, bottom), pixels per point."""

    original: object
    bbox: Bbox
    scale: float


def render_page(pdf, page_no: int, boxes: Iterable[Bbox] = (), crop: bool = True):
    """Palette PIL image of one 1-based page (greys) with red boxes; cropped to the boxes' band when `crop`.

    `pdf` is a pypdfium2 document: it renders without parsing the page's objects as pdfplumber would
    (the boxes come from the parsed model already), which is most of an evidence image's cost."""
    page = pdf[page_no - 1]
    width, height = page.get_size()
    boxes = [padded(b) for b in boxes]
    resolution = RESOLUTION if boxes else THUMB_RESOLUTION
    image = page.render(scale=resolution / 72, grayscale=True).to_pil()
    scale = image.size[0] / width
    region: Bbox = (0.0, 0.0, float(width), float(height))
    if boxes and crop:
        top = max(0.0, min(b[1] for b in boxes) - BAND_MARGIN)
        bottom = min(float(height), max(b[3] for b in boxes) + BAND_MARGIN)
        region = (0.0, top, float(width), bottom)
        image = image.crop((0, round(top * scale), image.size[0], round(bottom * scale)))
    return _boxed(_Rendered(image, region, scale), boxes)


def open_pdf(pdf_path: str | Path):
    import pypdfium2

    return pypdfium2.PdfDocument(str(pdf_path))


# Rendered PNGs by (file, page, boxes, crop). A module-level cache outlives the %reset between the
# notebooks of a unit run in one kernel: 05 (forms) and 07 (summary) show many of the same pages.
PNG_CACHE_SIZE = 64
_png_cache: OrderedDict[tuple, bytes] = OrderedDict()


def _png_key(pdf_path: str | Path, page_no: int, boxes: Iterable[Bbox], crop: bool) -> tuple:
    st = Path(pdf_path).stat()
    return (str(Path(pdf_path).resolve()), st.st_size, st.st_mtime_ns, page_no, tuple(map(tuple, boxes)), crop)


def _cached_png(key: tuple, make: Callable[[], bytes]) -> bytes:
    png = _png_cache.get(key)
    if png is None:
        png = make()
        _png_cache[key] = png
        while len(_png_cache) > PNG_CACHE_SIZE:
            _png_cache.popitem(last=False)
    else:
        _png_cache.move_to_end(key)
    return png


def page_png(pdf_path: str | Path, page_no: int, boxes: Iterable[Bbox] = (), crop: bool = True) -> bytes:
    boxes = list(boxes)

    def make() -> bytes:
        pdf = open_pdf(pdf_path)
        try:
            return to_png(render_page(pdf, page_no, boxes, crop))
        finally:
            pdf.close()

    return _cached_png(_png_key(pdf_path, page_no, boxes, crop), make)


def group_by_page(report: Report | None, findings: Iterable[Finding]) -> dict[int, tuple[list[Bbox], list[Finding]]]:
    """page → (boxes, findings) for every finding that can be placed on a page."""
    out: dict[int, tuple[list[Bbox], list[Finding]]] = {}
    for f in findings:
        prov = locate(report, f)
        if prov is None:
            continue
        boxes, fs = out.setdefault(prov.page, ([], []))
        if prov.bbox is not None and prov.bbox not in boxes:
            boxes.append(prov.bbox)
        fs.append(f)
    return dict(sorted(out.items()))


def evidence(pdf_path: str | Path, report: Report | None, findings: Iterable[Finding],
             max_pages: int | None = None) -> list[Evidence]:
    """One image per page that findings point at (the PDF opened once), in page order."""
    groups = group_by_page(report, findings)
    pages = list(groups.items())[:max_pages] if max_pages is not None else list(groups.items())
    out = []
    if not pages:
        return out
    pdf = open_pdf(pdf_path)
    try:
        for page_no, (boxes, fs) in pages:
            if not 0 < page_no <= len(pdf):
                continue
            png = _cached_png(_png_key(pdf_path, page_no, boxes, True),
                              lambda page_no=page_no, boxes=boxes: to_png(render_page(pdf, page_no, boxes)))
            out.append(Evidence(page_no, boxes, png, fs))
    finally:
        pdf.close()
    return out
