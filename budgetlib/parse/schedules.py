"""The report's tables: find each by its title, stitch its pages, read it into the model under
the logical key its template gives it (budgetlib/templates).

Only pages whose text names a schedule (or continue one) are searched for ruled grids, so the
cost over the whole report stays close to pdfplumber's own text extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlib import templates
from budgetlib.model import Column, ParseProblem, Report, Schedule
from budgetlib.numbers import BLANK_MARKS
from budgetlib.parse import schedule_layouts, schedules_arith
from budgetlib.parse.schedule_catalog import TABLE_ID, UNIT, classify_title, clean_title, norm, table_number
from budgetlib.pdf.document import Document, Line
from budgetlib.pdf.grid import Grid, GridCell, GridRow, page_grids, page_words, same_columns, stitch
from budgetlib.pdf.textgrid import text_grid
from budgetlib.templates import TableDef, Template

# A table continues on the next page only if its part reaches this far down the page, or nothing but a
# page number is printed below it (a page break forced at a row).
CONTINUE_FROM = 0.6
_PAGE_NUMBER = re.compile(r"[-—\s\d第页/共]*")
# Rulings of a continuation part may sit this far (points) from those of the first part.
COLUMN_SLACK = 3.0
_NOTE = re.compile(r"^(?:注|说明)[:：]?")
# The national template's footnote describing a table (注：本表反映…) is no 空表 note.
_EMPTY_NOTE = re.compile(r"空表|无数据")
_DESCRIPTION = re.compile(r"^(?:注|说明)[:：]?\s*本表反映")
_SCHEDULE_WORDS = re.compile(r"决算|公开\s*\d|预算(?:总)?表|公开\s*表")
_TITLE_LIKE = re.compile(r"^[^，。；,;:：]{4,40}表$")
_OTHER_TABLE = re.compile(r"决算|预算|情况|明细|汇总|统计|公开")
_NOT_TITLE = re.compile(r"第[一二三四五六七八九十]部分|自评|^\s*(?:部门|单位)[:：]")


@dataclass
class Heading:
    known: str | None = None  # the catalogue title the title line names
    title: str = ""
    table_id: int | None = None  # a printed 公开NN表 number
    unit: str | None = None
    unknown: bool = False  # a table title that is in no template
    bottom: float = 1e9  # of the title line; a 空表 note between it and the grid belongs to the table

    @property
    def ident(self) -> str | None:
        """What names the table: its title, or (no title printed) its printed number."""
        if self.known is not None:
            return self.known
        return f"公开{self.table_id:02d}表" if self.table_id is not None and not self.unknown else None

    @property
    def found(self) -> bool:
        return self.ident is not None or self.unknown


@dataclass
class Segment:
    """One schedule as printed: its heading, the grid parts page by page, the lines after it."""

    heading: Heading
    page: int
    grids: list[Grid] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    note_page: int | None = None
    open: bool = True  # may continue on the next page

    @property
    def pages(self) -> list[int]:
        pages = [g.page for g in self.grids] or [self.page]
        if self.note_page and self.note_page not in pages:
            pages.append(self.note_page)
        return pages


def read_heading(lines: list[Line]) -> Heading:
    h = Heading()
    for k, ln in enumerate(lines):
        text = ln.text.strip()
        number = table_number(norm(text))
        if number is not None and h.table_id is None:
            h.table_id = number
        u = UNIT.search(norm(text))
        if u and h.unit is None:
            h.unit = u.group(1)
        if h.known is not None:
            continue
        known = classify_title(text)
        if known is None and k + 1 < len(lines) and "决算表" not in text:
            # a long title wraps ("…“三公”经费及机关运行经 | 费支出决算表", 上海 2017): read across the
            # break, or its second line alone would name another table (支出决算表)
            joined = text + lines[k + 1].text.strip()
            known = classify_title(joined)
            if known is not None:
                text = joined
        if known is not None:
            h.known, h.title, h.unknown, h.bottom = known, clean_title(text), False, ln.bottom
        elif not h.title and _TITLE_LIKE.match(TABLE_ID.sub("", norm(text))) and not _NOT_TITLE.search(text):
            h.title, h.unknown = clean_title(text), True
    if h.unknown and h.table_id is None and not _OTHER_TABLE.search(h.title):
        h.title, h.unknown = "", False  # a running header or a caption, not another table's title
    return h


def _note_lines(lines: list[Line], top: float, bottom: float) -> list[Line]:
    """The 注 paragraphs between a grid's bottom and the next thing on the page, skipping the
    national template's description footnote (注：本表反映…), which is no 空表 note."""
    out: list[Line] = []
    skipping = False
    last: Line | None = None
    for ln in lines:
        if ln.top < top - 1 or ln.bottom > bottom + 1:
            continue
        starts = bool(_NOTE.match(ln.text.strip()))
        if last is None:
            if not starts:
                continue
        elif ln.top - last.bottom > 1.2 * max(ln.bottom - ln.top, 1.0) or (starts and out):
            break
        if starts:
            skipping = bool(_DESCRIPTION.match(ln.text.strip()))
        last = ln
        if not skipping:
            out.append(ln)
    return out


def locate(doc: Document) -> list[Segment]:
    """Every schedule occurrence in page order (recognised or not: unknown ones bound the others)."""
    segments: list[Segment] = []
    current: Segment | None = None
    pending: Heading | None = None  # a title printed at the foot of a page, its grid on the next
    for n in range(1, doc.page_count + 1):
        may_continue = current is not None and current.open and current.grids and current.grids[-1].page == n - 1
        if not may_continue and pending is None and not _SCHEDULE_WORDS.search(_raw_text(doc, n)):
            current = None  # cheap test on the raw glyphs: no line building on narrative and form pages
            continue
        lines = doc.lines(n)
        headed = [ln for ln in lines if classify_title(ln.text) is not None or TABLE_ID.search(norm(ln.text))]
        if not headed and not may_continue and pending is None:
            current = None
            continue
        page = doc.page(n)
        grids = [_drop_caption(g) for g in page_grids(page, n)]
        if not grids:
            prev = current.grids[-1] if may_continue and not current.grids[-1].ruled else None
            grids = _unruled_grids(page, n, lines, prev, pending is not None) \
                if headed or prev is not None or pending is not None else []
        _carry_note(segments, lines, n, min([g.bbox[1] for g in grids] + [ln.top for ln in headed] + [page.height]))
        if not grids:
            titles = [ln for ln in headed if classify_title(ln.text) is not None]
            pending = read_heading(headed) if len(titles) == 1 and titles[0] is _last_text_line(lines) else None
            current = None
            continue
        top = 0.0
        grids = [_without_title_rows(g) for g in grids]
        for i, g in enumerate(grids):
            heading = read_heading([ln for ln in lines if ln.top >= top - 1 and ln.bottom <= g.bbox[1] + 1])
            if i == 0 and pending is not None and not heading.title:
                heading = Heading(pending.known, pending.title, heading.table_id or pending.table_id,
                                  heading.unit or pending.unit, pending.unknown)
            same = (heading.found and current is not None and i == 0 and heading.ident == current.heading.ident
                    and current.grids[-1].page == n - 1)
            if heading.found and not same:
                current = Segment(heading, n, [g])
                segments.append(current)
            elif i == 0 and current is not None and (same or (may_continue and (
                    same_columns(current.grids[-1], g, COLUMN_SLACK) or _coded_continuation(current.grids[-1], g)))):
                # a continuation under a repeated title may lose its first row's ruling as well
                g = _with_orphan_row(page, n, g, lines) if g.ruled else g
                current.grids.append(g)
            else:
                current = None
                top = g.bbox[3]
                continue
            nxt = grids[i + 1].bbox[1] if i + 1 < len(grids) else page.height
            after = _note_lines(lines, g.bbox[3], nxt)
            above = [ln for ln in _note_lines(lines, heading.bottom, g.bbox[1]) if _EMPTY_NOTE.search(ln.text)]
            if after or above:
                current.notes, current.note_page = after or above, n
            current.open = not after and (g.bbox[3] >= CONTINUE_FROM * page.height or _last_on_page(lines, g.bbox[3]))
            top = g.bbox[3]
        # A title under the last grid of the page: its table starts on the next page.
        tail = read_heading([ln for ln in lines if ln.top >= top - 1])
        pending = tail if tail.known is not None else None
    return segments


def _heading_line(text: str) -> bool:
    t = norm(text)
    return classify_title(text) is not None or bool(TABLE_ID.search(t) or UNIT.search(t) or _CAPTION_LINE.match(t))


def _unruled_grids(page, n: int, lines: list[Line], prev: Grid | None, titled: bool) -> list[Grid]:
    """Tables printed without ruling lines (pdf/textgrid.py): under each title and its 单位 lines, the
    words down to a 注, the next title or the page number; and at the head of the page, when a title
    at the foot of the page before is `titled`, or `prev` (an unruled table's part that may go on
    overleaf) is given: then read in its columns when they do not repeat its header."""
    starts = [i + 1 for i, ln in enumerate(lines) if classify_title(ln.text) is not None]
    if (prev is not None or titled) and lines and classify_title(lines[0].text) is None:
        starts.insert(0, 0)
    out: list[Grid] = []
    words = None
    for j in starts:
        while j < len(lines) and _heading_line(lines[j].text):
            j += 1
        if j >= len(lines):
            continue
        end = next((m.top for k, m in enumerate(lines[j + 1:], start=j + 1) if _NOTE.match(m.text.strip())
                    or classify_title(m.text) is not None or _last_on_page(lines[k:], m.top + 1)), page.height)
        words = page_words(page) if words is None else words
        inside = [dict(w) for w in words if w["top"] >= lines[j].top - 1 and w["bottom"] <= end + 1]
        # the table ends on this page: a 注 or a title follows it, or it stops well above the foot
        closed = end < page.height and not _last_on_page(lines, end) \
            or max((w["bottom"] for w in inside), default=0.0) < CONTINUE_FROM * page.height
        g = text_grid(inside, n, lambda texts: schedule_layouts.is_body_row([norm(t) for t in texts]),
                      columns=prev.xs if prev is not None and j == 0 else None, closed=closed)
        if g is not None:
            out.append(g)
    return out


_CAPTION_LINE = re.compile(r"^(?:部门|单位|编制单位|预算单位|部门名称|单位名称)[:：]")


def _drop_caption(grid: Grid) -> Grid:
    """A grid whose frame encloses the table's title (江苏's Excel print: 公开09表 + title, then
    部门：… 单位：万元, in ruled rows above the header) → the grid below them; the title is then read
    from the lines above the new top like any other."""
    k, titled = 0, False
    for row in grid.rows:
        joined = "".join(norm(t) for t in row.texts())
        title = classify_title(TABLE_ID.sub("", joined)) is not None or table_number(joined) is not None \
            or classify_title(UNIT.split(joined)[0].split("部门")[0]) is not None
        if not joined:
            k += 1  # blank rows of the frame around the title
            continue
        if title or _CAPTION_LINE.match(joined) or UNIT.search(joined):
            k, titled = k + 1, True
            continue
        break
    if not titled or k >= len(grid.rows):
        return grid
    top = grid.rows[k].top
    bbox = (grid.bbox[0], top, grid.bbox[2], grid.bbox[3])
    return stitch([Grid(rows=grid.rows[k:], xs=grid.xs, bbox=bbox, page=grid.page, parts=[(grid.page, bbox)])])


def _coded_continuation(prev: Grid, g: Grid) -> bool:
    """A continuation drawn with other hairlines (江苏 2017 Word tables): the same outer edges, and
    it starts with a row of a 科目编码 and a figure, as the table it continues does."""
    edge = 2 * COLUMN_SLACK  # hand-drawn frames: the right edge may move a little more
    if abs(prev.xs[0] - g.xs[0]) > edge or abs(prev.xs[-1] - g.xs[-1]) > edge or not g.rows:
        return False
    texts = [norm(t) for t in g.rows[0].texts() if norm(t)]
    return bool(texts) and re.fullmatch(r"\d{3}(?:\d{2}){0,2}", texts[0]) is not None \
        and any(_AMOUNT.match(t) for t in texts[1:])


_AMOUNT = re.compile(r"^-?[\d,]+\.\d{2}$")


def _with_orphan_row(page, n: int, g: Grid, lines: list[Line]) -> Grid:
    """A continuation whose first row lost its top ruling (江苏 2018: 30108 printed above the frame):
    the figures line right above the grid is that row, cut into the grid's columns by position."""
    above = [ln for ln in lines if ln.bottom <= g.bbox[1] + 1]
    if not above or not g.rows:
        return g
    ln = above[-1]
    height = g.rows[0].bottom - g.rows[0].top
    if g.bbox[1] - ln.bottom > 0.6 * height or ln.bottom - ln.top > 1.5 * height:
        return g
    words = [w for w in page_words(page) if w["top"] >= ln.top - 1 and w["bottom"] <= ln.bottom + 1]
    if not any(_AMOUNT.match(w["text"]) for w in words) or len(words) < 2:
        return g
    cells: list[GridCell | None] = [None] * g.ncols
    for w in words:
        x = (w["x0"] + w["x1"]) / 2
        c = next((k for k in range(g.ncols) if g.xs[k] <= x < g.xs[k + 1]), None)
        if c is None:
            return g
        prev = cells[c]
        text = prev.text + w["text"] if prev is not None else w["text"]
        cells[c] = GridCell(text, (g.xs[c], ln.top, g.xs[c + 1], ln.bottom), n, 0, c)
    row = GridRow(n, ln.top, g.bbox[1], cells)
    bbox = (g.bbox[0], ln.top, g.bbox[2], g.bbox[3])
    return stitch([Grid(rows=[row, *g.rows], xs=g.xs, bbox=bbox, page=n, parts=[(n, bbox)])])


def _without_title_rows(g: Grid) -> Grid:
    """A grid whose ruling takes in the table's title and 编制单位/单位 lines (上海 预算表, drawn from
    Excel with borders round every row) starts below them; the lines stay for the heading."""
    for k, row in enumerate(g.rows[:3]):
        text = "".join(row.texts())
        if text and classify_title(text) is not None:
            cut = k + 1
            while cut < len(g.rows) and cut <= k + 3 and (not "".join(g.rows[cut].texts()).strip()
                                                          or UNIT.search(norm("".join(g.rows[cut].texts())))):
                cut += 1
            rows = g.rows[cut:]
            if not rows:
                return g
            bbox = (g.bbox[0], rows[0].top, g.bbox[2], g.bbox[3])
            return Grid(rows, g.xs, bbox, g.page, [(g.page, bbox)] + g.parts[1:], g.ruled)
    return g


def _carry_note(segments: list[Segment], lines: list[Line], n: int, limit: float) -> None:
    """A 注 printed at the head of the page after the table it explains ended on the page before."""
    last = segments[-1] if segments else None
    if last is None or last.notes or not last.grids or last.grids[-1].page != n - 1:
        return
    notes = _note_lines(lines, 0.0, limit)
    if notes:
        last.notes, last.note_page = notes, n


def _raw_text(doc: Document, n: int) -> str:
    return "".join(c["text"] for c in doc.pdf.pages[n - 1].chars)


def _last_on_page(lines: list[Line], bottom: float) -> bool:
    """Nothing but a page number printed below `bottom`: a table cut there by a page break, however
    high up, may go on overleaf (a continuation still needs the same columns and no title of its own)."""
    return all(ln.top < bottom - 1 or _PAGE_NUMBER.fullmatch(ln.text) for ln in lines)


def _last_text_line(lines: list[Line]) -> Line | None:
    """The last line that is not a bare page number."""
    for ln in reversed(lines):
        if not _PAGE_NUMBER.fullmatch(ln.text):
            return ln
    return None


def _header_rows(grid: Grid) -> int | None:
    """Rows of header (through the 栏次 row); None when the part holds header rows only, with no 栏次."""
    rows = [[norm(t) for t in r.texts()] for r in grid.rows]
    for i, texts in enumerate(rows):
        if "栏次" in texts:
            return i + 1
    for i, texts in enumerate(rows):
        if schedule_layouts.is_body_row(texts):
            return i
    # An empty table printed with blank cells only: its body starts at the first row with no label.
    for i, texts in enumerate(rows[1:], start=1):
        if all(t in BLANK_MARKS for t in texts):
            return i
    return None


def read_grid(tdef: TableDef, parts: list[Grid], report: Report, codes: dict[str, str] | None = None,
              unit: str = "万元", numbered: bool = False) -> Schedule:
    """The table `tdef` from its grid parts (one per page, in order)."""
    header_rows = _header_rows(parts[0])
    if header_rows is None and len(parts) > 1:  # the page broke inside the header
        parts = [stitch(parts[:2]), *parts[2:]]
        header_rows = _header_rows(parts[0])
    header_rows = header_rows or 0
    grid = stitch(parts, header_rows)
    sched = Schedule(key=tdef.key, no=tdef.ordinal, title=tdef.title, numbered=numbered, layout=tdef.layout,
                     pages=grid.pages)
    schedule_layouts.fill(sched, tdef, grid, header_rows, unit, report, {} if codes is None else codes)
    return sched


def build(segment: Segment, tdef: TableDef, report: Report, codes: dict[str, str], numbered: bool) -> Schedule:
    sched = read_grid(tdef, segment.grids, report, codes, segment.heading.unit or "万元", numbered)
    sched.title = segment.heading.title.strip() or tdef.title
    sched.pages = segment.pages
    if numbered and segment.heading.table_id is not None and segment.heading.table_id != tdef.ordinal:
        sched.confidence = round(sched.confidence - 0.05, 3)  # a regional numbering, or a mislabelled table
    if segment.notes:
        sched.empty_note = "".join(ln.text.strip() for ln in segment.notes)
    schedules_arith.check(sched, tdef, report)
    return sched


def _missing(tdef: TableDef, numbered: bool) -> Schedule:
    return Schedule(key=tdef.key, no=tdef.ordinal, title=tdef.title, numbered=numbered, present=False,
                    layout=tdef.layout, columns=[Column(k, label) for k, label in tdef.columns])


def _unread(doc: Document, report: Report, tdef: TableDef, numbered: bool) -> Schedule | None:
    """A table whose title is printed among the schedules but whose grid could not be told apart
    (江苏 2017: three tables drawn as one grid): present, read with confidence 0, so nothing is
    computed on it and it is not called missing."""
    titles = {norm(t) for t in tdef.titles}
    for n in report.page_map.get("schedules") or []:
        for ln in doc.lines(n):
            known = classify_title(ln.text)
            if known is not None and templates.definition(known, templates.get(report.template)) is tdef \
                    or norm(ln.text) in titles:
                report.problems.append(ParseProblem(f"《{tdef.title}》已印出，但未能读出其表格", n, f"table {tdef.key}"))
                return Schedule(key=tdef.key, no=tdef.ordinal, title=tdef.title, numbered=numbered,
                                layout=tdef.layout, pages=[n], confidence=0.0)
    return None


def definition(seg: Segment, tpl: Template | None) -> TableDef | None:
    """The table a segment is: by its title (the matched template's, else any template's), or by
    its printed number when the matched template numbers its tables. Never a guessed number."""
    h = seg.heading
    if h.known is not None:
        if tpl is not None and tpl.by_title(h.known) is None:
            # a title read off a line that prints the unit before it (…高级人民法院部门支出预算总表):
            # the matched template's title it ends with, before another template's longer one
            mine = next((d for k in templates.title_suffixes() if h.known.endswith(k) and (d := tpl.by_title(k))), None)
            if mine is not None:
                return mine
        return templates.definition(h.known, tpl)
    if tpl is not None and tpl.numbered and h.table_id is not None:
        return tpl.by_number(h.table_id)
    return None


def parse_schedules(doc: Document, report: Report) -> dict[str, Schedule]:
    segments = [s for s in locate(doc) if s.heading.ident is not None]
    tpl = templates.get(report.template)
    if tpl is None and report.template is None:
        tpl = templates.match([s.heading.known for s in segments if s.heading.known],
                             any(s.heading.table_id is not None for s in segments), report.disclosure)
        report.template = tpl.name if tpl else None
        if tpl is not None:
            report.disclosure = tpl.kind
    out: dict[str, Schedule] = {}
    found: list[tuple[Segment, TableDef]] = []
    for seg in segments:
        tdef = definition(seg, tpl)
        if tdef is None:
            report.problems.append(ParseProblem(f"未能识别的表：{seg.heading.title or seg.heading.ident}",
                                                seg.page, "tables"))
            continue
        found.append((seg, tdef))
    # Two-sided tables print 类 names without codes: read the coded tables first to learn them.
    codes: dict[str, str] = {}
    for seg, tdef in sorted(found, key=lambda f: f[1].layout == "two_sided"):
        if tdef.key in out:
            report.problems.append(ParseProblem(f"{out[tdef.key].label}（{tdef.title}）重复出现，仅读取第一处",
                                                seg.page, f"table {tdef.key}"))
            continue
        mine = tpl is not None and tpl.table(tdef.key) is tdef
        out[tdef.key] = build(seg, tdef, report, codes, numbered=mine and tpl.numbered)
    pages = sorted({p for s, _ in found for p in s.pages})
    if pages:
        first = pages[0]
        if first > 1 and re.search(r"第[一二三四五六七八九十]部分.{0,30}(附表|决算表)", doc.text(first - 1)) \
                and len(doc.text(first - 1)) < 200:
            pages.insert(0, first - 1)
        report.page_map["schedules"] = list(range(pages[0], pages[-1] + 1))
    report.schedules_found = bool(out)
    if not out:
        report.problems.append(ParseProblem(f"未找到{'预算表' if report.disclosure == '预算' else '决算表（附表）'}",
                                            None, "schedules"))
    ordered: dict[str, Schedule] = {}
    for tdef in tpl.tables if tpl else ():
        ordered[tdef.key] = out.pop(tdef.key, None) or _unread(doc, report, tdef, tpl.numbered) \
            or _missing(tdef, tpl.numbered)
    ordered.update(out)
    return ordered
