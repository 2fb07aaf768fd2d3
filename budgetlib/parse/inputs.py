"""Is this PDF one 决算 or 预算 disclosure? Scanned, garbled, foreign and compiled files are refused here,
before the parsers spend a minute on them, each with a one-line reason (BadInput)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from budgetlib.errors import BadInput
from budgetlib.pdf.document import Document, PdfScan, garbled_share, scan_pdf
from budgetlib.templates import traditional_table

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
    disclosure: str = "决算"  # or "预算": the whole file's (classify)


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


# Some sites store a report in traditional characters (甘肃 天水 2017): markers are matched on the
# text simplified by the template catalogue's character table (templates/traditional.tsv).

_TOC_RE = re.compile(r"^\s*目\s*[录次]\s*$", re.M)
# the 三公 statement's title: "……“三公”经费(及机关运行经费)支出决算表" or its 情况说明
_SANGONG_RE = re.compile(r"三公.{0,3}经费.{0,16}决算(?:表|情况说明)")
# the main tables' titles: a report that prints them is a whole report, 目录 or not
_MAIN_TABLES_RE = re.compile(r"收入支出决算(?:总)?表|收入决算表|财政拨款收入支出决算(?:总)?表")
# a 决算情况说明 section, as any province words it
_NARRATIVE_RE = re.compile(r"(?:收入支出|收支)决算总体情况|决算情况说明|财政拨款支出决算情况")


# A budget's cover: "上海市普陀区2025年区级部门预算", "江苏省人民检察院 / 2017年部门预算", "……2019年度部门预算公开"
_BUDGET_COVER_RE = re.compile(r"\d{4}年度?.{0,12}(?:部门|单位)?预算(?:公开|报表|公开报表)?$")
# a budget table's title: 收支预算总表, 收入预算总表, 财政拨款支出预算表, 一般公共预算支出功能分类预算表 …
_BUDGET_TABLE_RE = re.compile(r"预算(?:总)?表")
# its narrative: 预算编制说明 (上海), 收支预算总体情况 / 收入预算情况 / 支出预算情况 (江苏)
_BUDGET_NARRATIVE_RE = re.compile(r"预算编制说明|收支预算总体情况|收入预算情况|支出预算情况|预算情况说明")
# a page that prints a table prints its unit
_UNIT_LINE_RE = re.compile(r"单位[:：]\s*万?元")


def plain(text: str) -> str:
    """Text for matching markers: no whitespace, traditional characters of the markers simplified."""
    return re.sub(r"\s+", "", text).translate(traditional_table())


# Budget figures, the only thing that makes a file auditable: an amount in 万元/元 in a sentence that names
# income, spending, appropriations or procurement (a narrative), or figures printed under a 决算 table's title.
_BUDGET_WORD = r"(?:收入|支出|拨款|三公|预算|决算|经费|结转|结余|采购)"
_PROSE_AMOUNT_RE = re.compile(rf"{_BUDGET_WORD}[^。；;]{{0,80}}?\d[\d,]*(?:\.\d+)?(?:万元|元)")
_TABLE_FIGURE_RE = re.compile(r"\d[\d,]*\.\d{2}(?!\d)")
_TABLE_TITLE_RE = re.compile(r"决算(?:明细|总)?表|公开\d{1,2}表")
TABLE_FIGURES = 3  # a table page prints several figures; a sentence's one is no table
# a 自评表 grid, printed with its title or as a fragment of indicator rows (权重/分值, 得分, 评价结论)
_FORM_GRID_RE = re.compile(r"[一二三]级指标|指标值|评价结论|绩效自评")
_FORM_SCORE_RE = re.compile(r"权重|分值|得分|合计")


def _narrative_page(flat: str) -> bool:
    return bool(_PROSE_AMOUNT_RE.search(flat))


def _figures(text: str) -> bool:
    """Figures counted on the printed text: without its spaces, neighbouring cells run into one number."""
    return len(_TABLE_FIGURE_RE.findall(text)) >= TABLE_FIGURES


def _table_page(text: str) -> bool:
    """A 决算 table's title with figures or its unit line (an empty table prints no figure)."""
    flat = plain(text)
    return bool(_TABLE_TITLE_RE.search(flat)) and (_figures(text) or bool(_UNIT_LINE_RE.search(flat)))


def _form_page(flat: str) -> bool:
    return bool(_FORM_GRID_RE.search(flat) and _FORM_SCORE_RE.search(flat))


def document_kind(texts: list[str]) -> str | None:
    """What a PDF holds, from its page texts, decided by its content: "full" (a cover or a 目录, and both
    the 情况说明's figures and the tables' on the pages after them: a 目录 page alone, or a cover and part
    of the report, is no complete report), "perf_form" (自评表 grids only), "sangong" (the 三公 statement),
    "tables" (决算 tables without their 情况说明, empty ones too), "excerpt" (any other pages with budget
    figures: a narrative page with no title, part of a report); None for a file with no budget figure and
    no 决算 table at all (a letter that mentions 决算 is no disclosure)."""
    flat = [plain(t) for t in texts]
    whole = "".join(flat)
    narrative = [n for n, t in enumerate(flat) if _narrative_page(t)]
    tables = [n for n, t in enumerate(texts) if _table_page(t)]
    forms = [n for n, t in enumerate(flat) if _form_page(t)]
    # an empty 决算 table (its title and unit line, no figure) is a page of the disclosure all the same: its
    # emptiness is what table.empty_unexplained checks
    if not (narrative or forms or tables):
        return None
    headed = any(cover_of(t) for t in texts) or any(_TOC_RE.search(t) for t in texts[:6])
    if headed and narrative and tables:
        return "full"
    main_tables = bool(_MAIN_TABLES_RE.search("".join(flat[n] for n in tables)))
    # a form's own text states amounts (本项目共申请预算资金90万元): the 情况说明's headings tell a narrative
    if forms and not tables and not _NARRATIVE_RE.search(whole):
        return "perf_form"
    # a 三公 statement prints its table and no other table of the report (narrative pages that mention
    # 三公 and hold no table are an excerpt)
    if tables and _SANGONG_RE.search(whole) and all(_SANGONG_RE.search(flat[n]) for n in tables) and not main_tables:
        return "sangong"
    if tables and not narrative:
        return "tables"
    return "excerpt"


_BUDGET_UNIT_RE = re.compile(r"(?:预算主管部门|预算单位|部门)[:：](.{2,40}?)(?:单位[:：]|$)")
_BUDGET_TITLE_RE = re.compile(r"^(?:(\d{4})年度?)?(.{2,40}?)(?:(\d{4})年度?)?(?:区级|省级)?(?:部门|单位)?预算(?:公开)?")


def budget_cover(text: str) -> tuple[str, int | None]:
    """(unit, year) a budget's first page names: 预算主管部门：X / 预算单位：X (上海), the title line
    before or after the year (江苏省人民检察院 2017年部门预算, 2017年度江苏省高级人民法院部门预算公开);
    ("", None) when it names neither."""
    lines = [re.sub(r"\s+", "", ln) for ln in text.splitlines() if ln.strip() and not _FOLIO_RE.match(ln)]
    year = next((int(m.group(1)) for ln in lines[:4] if (m := re.search(r"((?:19|20)\d\d)年", ln))), None)
    for ln in lines[:6]:
        if (m := _BUDGET_UNIT_RE.search(ln)) and not m.group(1).startswith("单位"):
            return m.group(1).strip(), year
    m = _BUDGET_TITLE_RE.match("".join(lines[:3]))
    # a place is no unit (上海市普陀区2025年区级部门预算: the unit is on the next line)
    if m and not re.fullmatch(r"(?:.{2,3}[省市])?.{2,4}[区县市]", m.group(2)) and "目录" not in m.group(2):
        return m.group(2), year
    return "", year


def budget_kind(texts: list[str]) -> str | None:
    """What a 预算 disclosure holds ("full", "tables", "excerpt"), or None when the file is no budget:
    its cover names a 部门/单位预算 or it prints budget tables (…预算表) or a 预算编制说明, and it
    prints no 决算 table (a 决算 report's 预算 words are column heads, never table titles)."""
    flat = [plain(t) for t in texts]
    whole = "".join(flat)
    if _MAIN_TABLES_RE.search(whole) or any(cover_of(t) for t in texts[:3]):
        return None
    head = [plain(ln) for t in texts[:2] for ln in t.splitlines()
            if ln.strip() and not _FOLIO_RE.match(ln)]
    covered = any(_BUDGET_COVER_RE.search("".join(head[i:i + 2])) for i in range(min(len(head), 4)))
    tables = sum(1 for t in flat if _UNIT_LINE_RE.search(t) and _BUDGET_TABLE_RE.search(t))
    narrative = bool(_BUDGET_NARRATIVE_RE.search(whole))
    if not (covered or tables) and (_NARRATIVE_RE.search(whole) or any(s in whole for s in SIGNATURES)):
        return None  # a 决算 excerpt that names a 预算 in passing
    if not (covered or tables or narrative):
        return None
    if tables and narrative:
        return "full"
    if tables:
        return "tables"
    return "excerpt" if narrative else None


def classify(texts: list[str]) -> tuple[str, str] | None:
    """(kind, disclosure) of a PDF from its page texts: a 预算 disclosure first (a budget mentions 决算
    in its prose), then the 决算 kinds; None for a file that is neither."""
    if kind := budget_kind(texts):
        return kind, "预算"
    if kind := document_kind(texts):
        return kind, "决算"
    return None


def check_is_final_account(scan: PdfScan) -> tuple[str, str]:
    """The document's (kind, disclosure) (classify); BadInput for a file that is no 决算 or 预算
    disclosure at all."""
    found = classify([p.text for p in scan.pages])
    if found is None:
        raise BadInput(scan.path, "未识别为决算或预算报告", "not a final-account (决算) or budget (预算) report")
    return found


# The last file vetted in this process, by (path, size, mtime): `budgetlib run` and a batch unit vet
# a file before they start its kernel and the parse vets it again (a pdfium scan and three pages
# through pdfminer, ≈0.2 s on an ordinary report).
_VETTED: dict[tuple, tuple[PdfScan, list[ReportSpan]]] = {}


def check_input(path: str | Path, allow_compilation: bool = False,
                opened: Callable[[], Document] | None = None) -> tuple[PdfScan, list[ReportSpan]]:
    """Vet a PDF: BadInput for anything that is not one readable 决算 or 预算 report (or, with
    allow_compilation, several). `opened`: the caller's pdfminer Document of `path` (opened when first
    called), so that the pages sampled for garbling are not parsed twice by a reader that goes on."""
    try:
        st = Path(path).stat()
        key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None  # _vet says what is wrong with the path
    found = _VETTED.get(key) if key else None
    if found is None:
        found = _vet(path, opened)
        _VETTED.clear()
        _VETTED[key] = found
    scan, spans = found
    spans = [replace(s) for s in spans]
    if len(spans) > 1 and not allow_compilation:
        names = "、".join(dict.fromkeys(s.unit for s in spans[:3]))
        raise BadInput(str(path), f"汇编文件，含{len(spans)}个单位的报告（{names}…），请用 budgetlib batch 自动拆分",
                       f"compilation of {len(spans)} reports; budgetlib batch splits it")
    return scan, spans


def _vet(path: str | Path, opened: Callable[[], Document] | None = None) -> tuple[PdfScan, list[ReportSpan]]:
    scan = scan_pdf(path)
    check_text_layer(scan)
    _, disclosure = check_is_final_account(scan)
    check_garbled(str(path), sample_texts(path, scan.text_pages[:3], opened))
    spans = find_reports(scan)
    for s in spans:
        s.disclosure = disclosure
    if disclosure == "预算" and len(spans) == 1 and not spans[0].unit and scan.pages:
        spans[0].unit, year = budget_cover(scan.pages[0].text)  # a budget's cover is not a 决算 cover
        spans[0].year = spans[0].year or year
    return scan, spans


def sample_texts(path: str | Path, pages: list[int], opened: Callable[[], Document] | None = None) -> list[str]:
    """pdfminer's text of a few pages: pdfium maps glyphs that pdfminer (our parser) cannot."""
    from budgetlib.pdf.document import open_document

    if opened is not None:
        doc = opened()
        return [doc.text(n) for n in pages]
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
