"""Opening a PDF safely: every way a download can be broken becomes a one-line BadInput."""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.page import ALL_ATTRS, Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.geometry import objects_to_bbox
from pdfplumber.utils.text import chars_to_textmap

from budgetlib.errors import BadInput
from budgetlib.pdf.content import FastInterpreter

# A page whose text layer has fewer characters than this is treated as an image.
MIN_TEXT_CHARS = 20

# Parsed pages kept in memory at once (about 2–4 MB each with their layout objects).
PAGE_CACHE = 48

# dedupe_chars removes the doubled characters of fake-bold text (same glyph drawn twice, offset).
CHAR_SETTINGS = {"dedupe": {"tolerance": 1}}


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(path: str | Path) -> None:
    """Cheap checks before pdfminer sees the file."""
    p = Path(path)
    if not p.exists():
        raise BadInput(str(path), "文件不存在", "file not found")
    if p.is_dir():
        raise BadInput(str(path), "是目录而不是文件", "is a directory")
    size = p.stat().st_size
    if size == 0:
        raise BadInput(str(path), "空文件", "empty file")
    with open(p, "rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        kind = "HTML页面" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "其他格式"
        raise BadInput(str(path), f"不是PDF（{kind}）", "not a PDF")
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise BadInput(str(path), "文件不完整（可能下载中断）", "truncated PDF")


def _pdfium_error(path: str | Path, exc: Exception) -> BadInput:
    msg = str(exc).lower()
    if "password" in msg or "security" in msg:
        return BadInput(str(path), "已加密（需要密码）", "encrypted PDF")
    return BadInput(str(path), "PDF已损坏，无法解析", "corrupt PDF", str(exc).splitlines()[0][:120])


@dataclass
class PageScan:
    """What a fast pass sees on one page: its text layer and how many images it draws."""

    number: int
    text: str
    images: int

    @property
    def chars(self) -> int:
        return sum(1 for ch in self.text if not ch.isspace())

    @property
    def has_text(self) -> bool:
        return self.chars >= MIN_TEXT_CHARS


@dataclass
class PdfScan:
    path: str
    pages: list[PageScan]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.has_text]

    @property
    def image_only_pages(self) -> list[int]:
        return [p.number for p in self.pages if not p.has_text and p.images]


def scan_pdf(path: str | Path) -> PdfScan:
    """Every page's text and image count through pdfium: ~25× faster than a pdfminer layout pass and
    one page in memory at a time, so a 600-page file can be vetted before it is parsed."""
    check_file(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _pdfium_error(path, exc) from exc
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range().replace("\r\n", "\n")
                textpage.close()
                images = sum(1 for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
            finally:
                page.close()
            pages.append(PageScan(i + 1, text, images))
    except pdfium.PdfiumError as exc:
        raise _pdfium_error(path, exc) from exc
    finally:
        pdf.close()
    if not pages:
        raise BadInput(str(path), "PDF没有页面", "PDF has no pages")
    return PdfScan(str(path), pages)


def garbled_share(text: str) -> float:
    """Share of a text layer that pdfminer could not map to Unicode: '(cid:123)' per glyph when a
    font has neither a ToUnicode map nor a known encoding."""
    cids = re.findall(r"\(cid:\d+\)", text)
    if not cids:
        return 0.0
    rest = len(re.sub(r"\(cid:\d+\)|\s", "", text))
    return len(cids) / (len(cids) + rest)


BASELINE_TOLERANCE = 1.0  # points: two text lines on baselines this close are one printed line


def _baseline(char: dict) -> float | None:
    """Where an upright, unrotated character sits, measured down from the page top: its text
    matrix origin. (bottom is measured down and y0 up, so bottom + y0 is constant.)"""
    m = char.get("matrix")
    if not char.get("upright") or not m or m[1] != 0 or m[2] != 0 or "y0" not in char:
        return None
    return char["bottom"] + char["y0"] - m[5]


def _line_baseline(line: dict) -> float | None:
    found = [b for c in line.get("chars") or () if c.get("text", "").strip() and (b := _baseline(c)) is not None]
    if not found:
        return None
    return Counter(round(b, 1) for b in found).most_common(1)[0][0]


def join_baselines(lines: list[dict]) -> list[dict]:
    """pdfplumber's text lines, with lines printed on one baseline joined back into one.

    pdfplumber puts characters on a line by their top (within 3 pt). A line set in two fonts
    (FangSong for the words, Times New Roman for the figures, as Word exports czj_2024) has tops
    5 pt apart, so every figure of a sentence lands on a line of its own ("…收入支出总计 万元。与
    年度相比" / "2024 2995.39 2023"). Lines on the same baseline are one printed line: their
    characters are laid out again, left to right, with pdfplumber's own word spacing. Lines that
    share a baseline with no other stay exactly as pdfplumber built them."""
    groups: list[list[dict]] = []
    by_baseline: dict[float, list[dict]] = {}
    for ln in lines:
        b = _line_baseline(ln)
        near = None if b is None else next((k for k in by_baseline if abs(k - b) <= BASELINE_TOLERANCE), None)
        if near is not None:
            by_baseline[near].append(ln)
            continue
        group = [ln]
        groups.append(group)
        if b is not None:
            by_baseline[b] = group
    out = []
    for group in groups:
        if len(group) == 1:
            out.append(group[0])
            continue
        chars = [c for ln in group for c in ln["chars"]]
        top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
        # one top for all, so that the layout sees one line and orders it by x alone
        flat = [dict(c, top=top, bottom=bottom, _orig=c) for c in chars]
        built = chars_to_textmap(flat, layout_bbox=objects_to_bbox(flat)).extract_text_lines(
            strip=True, return_chars=True)
        for ln in built:
            ln["chars"] = [c["_orig"] for c in ln["chars"]]
            ln["top"], ln["bottom"] = top, bottom
        out.extend(built)
    return out


_DEDUPE_KEY = itemgetter("upright", "text", "fontname", "size")
_DOCTOP, _X0, _POS = itemgetter("doctop"), itemgetter("x0"), itemgetter("doctop", "x0")


def _clusters(objs: list[dict], key, tolerance: float) -> list[list[dict]]:
    """pdfplumber's `cluster_objects(objs, key, tolerance)` for tolerance > 0: the distinct values
    sorted, a new cluster where one is more than `tolerance` above the one before; clusters in
    value order, each in the order of `objs`."""
    values = sorted(set(map(key, objs)))
    if len(values) == 1:
        return [list(objs)]
    index, n, last = {}, 0, values[0]
    for v in values:
        if v > last + tolerance:
            n += 1
        index[v] = n
        last = v
    out: list[list[dict]] = [[] for _ in range(n + 1)]
    for o in objs:
        out[index[key(o)]].append(o)
    return out


def dedupe_chars(chars: list[dict], tolerance: float = 1) -> list[dict]:
    """pdfplumber's `utils.dedupe_chars` (same groups, same survivor, same order), but the survivors
    put back in drawing order by their place in `chars` instead of `chars.index` (a linear search
    comparing dicts per survivor: the bulk of its time on a page of a few thousand characters).

    A survivor is the first of its cluster in drawing order among equal (doctop, x0), so a dict
    equal to it cannot come earlier: its own place is what `chars.index` finds."""
    place = {id(c): i for i, c in enumerate(chars)}
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=_DEDUPE_KEY), key=_DEDUPE_KEY):
        group = list(group)
        if len(group) == 1:  # most glyphs: a cluster of one, kept
            kept.append(group[0])
            continue
        for y_cluster in _clusters(group, _DOCTOP, tolerance):
            if len(y_cluster) == 1:
                kept.append(y_cluster[0])
                continue
            for x_cluster in _clusters(y_cluster, _X0, tolerance):
                kept.append(min(x_cluster, key=_POS))
    kept.sort(key=lambda c: place[id(c)])
    return kept


def _deduped(page, tolerance: float):
    """`page.dedupe_chars(tolerance=…)` through `dedupe_chars` above (pdfplumber's Page.dedupe_chars
    builds its FilteredPage the same way)."""
    p = page.filter(lambda x: True)
    p._objects = dict(page.objects)
    p._objects["char"] = dedupe_chars(page.chars, tolerance)
    return p


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


_PLAIN = frozenset({float, int, bool, str, type(None)})  # resolve_all gives these back as they are
_KINDS: dict[type, str] = {}


def _resolved(v):
    """resolve_all(v), without its calls for a plain value or a tuple of plain values (a char's matrix,
    a colour): those it gives back equal as they are, and a tuple cannot be changed through the copy."""
    t = type(v)
    if t in _PLAIN:
        return v
    if t is tuple and all(type(e) in _PLAIN for e in v):
        return v
    return resolve_all(v)


def _process_object(page: Page, obj) -> dict:
    """pdfplumber's `Page.process_object` (the same dict, key for key and in the same order), with
    plain numbers and strings taken as they are instead of through `resolve_all` one attribute at a
    time: a quarter of the time pdfplumber spends on a page of text was that call overhead."""
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(r"^LT", "", cls.__name__).lower()
    attr = {k: _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = resolve_and_decode(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = page.pdf.unicode_norm
        attr["text"] = unicodedata.normalize(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):  # pragma: no cover - as pdfplumber
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(page.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in obj.original_path]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


class _FastPage(Page):
    """A pdfplumber page laid out by pdfminer's operators on content read by `content.objects`
    (FastInterpreter), its layout objects turned into dicts by `_process_object`: the same objects,
    sooner. Only our Document's pages are of this class (`_fast_pages`)."""

    @property
    def layout(self):
        if hasattr(self, "_layout"):
            return self._layout
        device = PDFPageAggregatorWithMarkedContent(self.pdf.rsrcmgr, pageno=self.page_number,
                                                    laparams=self.pdf.laparams)
        try:
            FastInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        except Exception as e:  # as pdfplumber's Page.layout
            raise PdfminerException(e) from e
        self._layout = device.get_result()
        return self._layout

    process_object = _process_object


def _fast_pages(pages: list[Page]) -> None:
    for page in pages:
        page.__class__ = _FastPage


class _RecentPages(list):
    """pdfplumber's page list, closing (flushing the parsed objects of) pages not used recently.

    pdfplumber keeps every page it has parsed, chars and layout tree, for the life of the PDF: a
    600-page file then needs well over 500 MB. Any parser's `doc.pdf.pages[i]` goes through here, so
    at most PAGE_CACHE original pages stay parsed; a closed page parses again if it is used again."""

    def __init__(self, pages: list, keep: int) -> None:
        super().__init__(pages)
        self.keep = keep
        self.recent: dict[int, None] = {}

    def __getitem__(self, i):
        page = super().__getitem__(i)
        if isinstance(i, int):
            i %= len(self)
            self.recent.pop(i, None)
            self.recent[i] = None
            while len(self.recent) > self.keep:
                old = next(iter(self.recent))
                del self.recent[old]
                super().__getitem__(old).close()
        return page


@dataclass
class Document:
    """One opened PDF; pages are pdfplumber pages with fake-bold duplicates removed."""

    path: str
    pdf: pdfplumber.PDF
    _lines: dict[int, list[Line]] = field(default_factory=dict)
    _pages: dict[int, object] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        return file_sha256(self.path)

    @property
    def page_count(self) -> int:
        return len(self.pdf.pages)

    def page(self, number: int):
        """1-based page, characters de-duplicated (once: every parser asks for the same pages).

        At most PAGE_CACHE parsed pages are kept (least recently used go first, their pdfplumber
        caches flushed): a whole ordinary report fits, and a 600-page file stays in bounded memory."""
        if number in self._pages:
            self._pages[number] = self._pages.pop(number)  # most recently used last
            return self._pages[number]
        self._pages[number] = _deduped(self.pdf.pages[number - 1], **CHAR_SETTINGS["dedupe"])
        while len(self._pages) > PAGE_CACHE:
            oldest = next(iter(self._pages))
            del self._pages[oldest]
            self.pdf.pages[oldest - 1].close()
        return self._pages[number]

    def lines(self, number: int) -> list[Line]:
        """The printed lines of a page, top to bottom, each with its box (see `join_baselines`)."""
        if number not in self._lines:
            page = self.page(number)
            out = []
            for ln in join_baselines(page.extract_text_lines(return_chars=True, strip=True)):
                sizes = [c.get("size", 0) for c in ln.get("chars", [])]
                out.append(Line(ln["text"], ln["x0"], ln["top"], ln["x1"], ln["bottom"],
                                max(sizes) if sizes else 0.0))
            self._lines[number] = out
        return self._lines[number]

    def text(self, number: int) -> str:
        return "\n".join(ln.text for ln in self.lines(number))

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_document(path: str | Path) -> Document:
    check_file(path)
    try:
        pdf = pdfplumber.open(str(path))
        n = len(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise BadInput(str(path), "已加密（需要密码）", "encrypted PDF", type(exc).__name__) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInput(str(path), "PDF已损坏，无法解析", "corrupt PDF", type(exc).__name__) from exc
    except Exception as exc:  # pdfminer raises many ad-hoc types on broken files
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise BadInput(str(path), "已加密（需要密码）", "encrypted PDF") from exc
        raise BadInput(str(path), "PDF已损坏，无法解析", "corrupt PDF", type(exc).__name__) from exc
    if n == 0:
        pdf.close()
        raise BadInput(str(path), "PDF没有页面", "PDF has no pages")
    _fast_pages(pdf.pages)
    pdf._pages = _RecentPages(pdf.pages, PAGE_CACHE)
    return Document(str(path), pdf)
