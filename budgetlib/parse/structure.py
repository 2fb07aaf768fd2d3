"""Document structure: cover, 目录, 公开时间, the parts and the sections of the 决算情况说明.

Keys on titles rather than numbers, because templates order the parts differently (Sichuan prints
the 情况说明 as 第二部分, the national template as 第三部分 after the tables) and regions renumber
the sections. A part heading broken over lines is joined back into one. Paragraph text is rebuilt from printed lines: a paragraph starts at an
indented line or after a heading, and wrapped lines are joined without inserting anything, so the
text equals what the author typed (see `join_lines` for the one exception).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from budgetlib import templates
from budgetlib.model import LineProvs, ParseProblem, Part, Prov, Report, Section, Subsection
from budgetlib.numbers import normalize
from budgetlib.parse.schedule_catalog import classify_title
from budgetlib.pdf.document import Document
from budgetlib.templates import Template

CN_DIGITS = "一二三四五六七八九十"

PART_RE = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
SECTION_RE = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(\S.*)$")
SUBSECTION_RE = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(\S.*)$")
DATE_RE = re.compile(r"公开(?:时间|日期)[:：]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
YEAR_RE = re.compile(r"(\d{4})\s*年度?")
# A page number alone on its line; a year alone is none (a heading broken before and after its year).
FOOTER_RE = re.compile(r"^(?!\s*(?:19|20)\d\d\s*$)[-—–\s]*(?:第\s*)?\d+\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d+\s*页?)?[-—–\s]*$")
DEPT_RE = re.compile(r"主管部门\s*[:：]?\s*(\S+)")
PARENT_RE = re.compile(r"是(.{2,30}?)所属的")

# Part titles → page_map keys, most specific first. The narrative part is the template's
# (`narrative.part_words`); 情况说明 here names it for a document no template fits.
PART_KEYS = (
    ("名词解释", "glossary"),
    ("情况说明", "narrative"),
    ("附件", "forms"),
    ("绩效自评", "forms"),
    ("附表", "schedules"),
    ("决算表", "schedules"),
    ("概况", "part1"),
    ("基本情况", "part1"),
)

HEADING_MAX_CHARS = 40
TITLE_ENDINGS = ("情况说明", "情况")  # a heading may end so, with a full stop after it
HEADING_MAX_LINES = 3  # a part heading broken over more lines than this is not one
INDENT_MIN = 8.0  # points: a first-line indent is two characters (≥ 20 pt); wraps start at the margin


def cn_number(text: str) -> int | None:
    """一 → 1 … 十 → 10, 十一 → 11, 二十 → 20."""
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(text) + 1 if len(text) == 1 else None


@dataclass
class PLine:
    """A printed line with its page."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def prov(self) -> Prov:
        return Prov(self.page, (self.x0, self.top, self.x1, self.bottom))

    @property
    def key(self) -> str:
        return normalize(self.text)


def collect_lines(doc: Document) -> list[PLine]:
    out = []
    for n in range(1, doc.page_count + 1):
        for ln in doc.lines(n):
            if not ln.text.strip() or FOOTER_RE.match(ln.text):
                continue
            out.append(PLine(ln.text, n, ln.x0, ln.top, ln.x1, ln.bottom, ln.size))
    return out


def _keyword(title: str, table: tuple) -> object | None:
    """The value of the first (word, value) whose word occurs in the title."""
    t = normalize(title)
    return next((value for word, value in table if word in t), None)


def part_key(title: str, template: Template | None = None) -> str | None:
    """The page_map key of a part by its title: the narrative by the template's part words, the
    others by PART_KEYS; None when the title names none (yet: see `heading_span`)."""
    tpl = template or templates.get(templates.DEFAULT)
    title = templates.simplified(title)
    if any(w in normalize(title) for w in tpl.narrative.get("part_words") or ()):
        return "narrative"
    return _keyword(title, PART_KEYS)


def section_no(title: str, template: Template | None = None) -> int | None:
    """The section a heading names by the template's section plan; a heading the plan does not
    know is no section of it (its printed ordinal is never taken for one)."""
    tpl = template or templates.get(templates.DEFAULT)
    return tpl.section_no(normalize(title))


def match_template(lines: list[PLine], report: Report) -> None:
    """The template whose table titles the document prints (body and 目录), decided once."""
    titles = [t for ln in lines if (t := classify_title(ln.text)) is not None]
    numbered = any(SCHEDULE_NO_RE.search(ln.text) for ln in lines)
    tpl = templates.match(titles, numbered, report.disclosure, partial=report.kind in ("tables", "excerpt"))
    report.template = tpl.name if tpl else None
    if tpl is not None:
        report.form_profile = tpl.form_profile
        report.disclosure = tpl.kind


def is_heading(text: str, pattern: re.Pattern) -> re.Match | None:
    """A heading line: short, and not a sentence. A full stop after a title word is still a heading
    (the national template prints 七's subsections as '（一）…总体情况说明。')."""
    t = templates.simplified(text.strip())  # a site's traditional characters read as simplified
    if len(normalize(t)) > HEADING_MAX_CHARS or t.endswith(("；", ";")):
        return None
    if t.endswith("。") and not t[:-1].endswith(TITLE_ENDINGS):
        return None
    return pattern.match(t)


def _continues(prev: PLine, nxt: PLine) -> bool:
    """`nxt` is printed as the next line of the same heading as `prev`: same page, same size, right
    under it, and not a heading or a sentence of its own."""
    t = nxt.text.strip()
    return (nxt.page == prev.page and abs(nxt.size - prev.size) <= 1.0
            # tops, not bottom to top: figures in another font hang lower than the words
            and 0.8 * prev.size <= nxt.top - prev.top <= 2.5 * prev.size
            and not any(pattern.match(t) for pattern in (PART_RE, SECTION_RE, SUBSECTION_RE))
            and not t.endswith(("。", "；", ";")) and len(normalize(t)) <= HEADING_MAX_CHARS)


def heading_span(lines: list[PLine], i: int, template: Template | None = None) -> int:
    """How many lines the 第N部分 heading at lines[i] takes. A first line that names no part yet
    ('第三部分 临川市红枫区财政局', or czj's '第三部分…部门决算情况' before '说明') is continued by
    the lines printed under it until the title names one; otherwise the heading is its one line."""
    if part_key(lines[i].text, template) is not None:
        return 1
    text = lines[i].text.strip()
    for k in range(1, HEADING_MAX_LINES):
        if i + k >= len(lines) or not _continues(lines[i + k - 1], lines[i + k]):
            break
        text += lines[i + k].text.strip()
        if part_key(text, template) is not None:
            return k + 1
    return 1


def heading_text(lines: list[PLine]) -> str:
    """A heading's lines joined as typed: a break inside a title is no space."""
    return "".join(ln.text.strip() for ln in lines)


def strip_leaders(text: str) -> str:
    """'第一部分 单位概况……3' → '第一部分 单位概况'."""
    return re.sub(r"[.…·\s]{2,}\d*\s*$|\s+\d+\s*$", "", text).strip()


# ---------------------------------------------------------------- paragraphs


_CJK = r"\u3400-\u9fff"
_SPACED_RE = re.compile(rf"[{_CJK}] [\d.%]|[\d%] [{_CJK}]")


def join_lines(texts: list[str]) -> tuple[str, list[int]]:
    """Join wrapped lines; returns the paragraph and the offset each line starts at.

    Lines are joined without a separator. The exception: a paragraph typed with spaces around
    its numbers ('支出 84.05 万元') loses the space that fell on the wrap, so it is put back
    where a number meets a Chinese character across the break.
    """
    spaced = any(_SPACED_RE.search(t) for t in texts)
    out, offsets = "", []
    for t in texts:
        t = t.strip()
        if out and spaced:
            a, b = out[-1], t[:1]
            if (re.match(r"[\d%]", a) and re.match(rf"[{_CJK}]", b)) or \
                    (re.match(rf"[{_CJK}]", a) and re.match(r"\d", b)):
                out += " "
        offsets.append(len(out))
        out += t
    return out, offsets


def paragraphs_of(lines: list[PLine], margin: float) -> list[list[PLine]]:
    paras: list[list[PLine]] = []
    for ln in lines:
        if not paras or ln.x0 > margin + INDENT_MIN:
            paras.append([ln])
        else:
            paras[-1].append(ln)
    return paras


def build_text(para: list[PLine]) -> tuple[str, LineProvs]:
    text, offsets = join_lines([ln.text for ln in para])
    return text, [(off, ln.prov) for off, ln in zip(offsets, para)]


# ---------------------------------------------------------------- the parser


def parse_structure(doc: Document, report: Report) -> None:
    lines = collect_lines(doc)
    if not lines:
        report.narrative_found = False
        report.problems.append(ParseProblem("未找到文字内容"))
        return
    match_template(lines, report)
    tpl = templates.get(report.template) or templates.get(templates.DEFAULT)
    toc_end, cover_year = parse_cover_and_toc(lines, report, tpl)
    body = lines[toc_end:]
    parts = find_parts(body, report, tpl)
    map_schedule_pages(body, report)
    report.year = settle_year(report, cover_year)
    report.department = find_department(lines, parts) or report.department
    narrative = next((p for p in parts if p[2] == "narrative"), None)
    if narrative is None and report.kind in ("excerpt", "sangong"):
        # an excerpt of the 情况说明 printed without its 第N部分 heading: the text is the narrative, up to the
        # next part's heading when one follows (名词解释 on the page the excerpt ends the 情况说明 on) and the
        # text before it has sections of the plan
        end = parts[0][0] if parts else len(body)
        if not parts or any(is_heading(ln.text, SECTION_RE) and section_no(ln.text, tpl) for ln in body[:end]):
            narrative = (0, 0, "narrative", end)
    if narrative is None:
        report.narrative_found = False
        report.problems.append(ParseProblem("未找到决算情况说明部分", where="narrative"))
        return
    _, start, _, end = narrative
    report.sections = parse_sections(body[start:end], report)
    report.narrative_found = bool(report.sections)
    if not report.sections:
        report.problems.append(ParseProblem("决算情况说明中未找到“一、二、三……”各节", where="narrative"))


# Traditional forms as some sites store them (09: 天水市幼兒園2017年度部門決算公開).
COVER_SUFFIX_RE = re.compile(r"(部门|单位|部門|單位)?(决算|決算)(公开|公開)?(报告|報告)?$")
# Cover lines (matched on PLine.key: NFKC, so ASCII punctuation) that label something else (报表编号:…,
# 附件:, 单位:万元) are skipped; 单位名称:X / 填报单位:X names the unit.
_LABEL_LINE = re.compile(r"^(报表编号|编号|附件\d*)[:：]|^附件\d*$|^(金额)?单位[:：]?(万元|元)$")
_UNIT_LABEL = re.compile(r"^(?:(?:填报|编制)单位|单位名称)(?:\(盖章\))?[:：](.+)$")
# A paragraph or a numbered heading ends the cover: what follows is body text, never a title.
_BODY_LINE = re.compile(r"[。,，;；]|^[一二三四五六七八九十]+、|^[(（][一二三四五六七八九十]+[)）]")
COVER_LINES = 4
_SENTENCE = re.compile(r"[。,，;；]")


def cover_lines(lines: list[PLine]) -> tuple[list[PLine], str]:
    """The title lines of a cover (at most COVER_LINES, stopping at the first paragraph or numbered
    heading) and the unit a 单位名称:/填报单位: line names ("" when none)."""
    out: list[PLine] = []
    named = ""
    for ln in lines:
        if len(out) == COVER_LINES or _BODY_LINE.search(ln.key):
            break
        if m := _UNIT_LABEL.match(ln.key):
            named = named or m.group(1)
            continue
        if not _LABEL_LINE.match(ln.key):
            out.append(ln)
    return out, named


# A unit's name: no sentence punctuation, no list ordinal, no colon, no table title; at most this long.
UNIT_MAX_CHARS = 40
_NOT_UNIT = re.compile(r"[。，,；;：:、]|^[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|表|附件|编号|说明")


def plausible_unit(text: str) -> str:
    """The cover's unit, or "" when the first lines are no cover (an excerpt, a standalone form): a
    paragraph or a table title is not a unit's name."""
    t = text.strip()
    if not t or len(t) > UNIT_MAX_CHARS or _NOT_UNIT.search(t):
        return ""
    return t


# The title of an explanation: 关于上海市嘉定区司法局2017年度一般公共预算财政拨款“三公”经费支出决算情况说明
_ABOUT_TITLE = re.compile(r"^关于(.{2,40}?)(20\d{2})年")


def titled_unit(lines: list[PLine]) -> str:
    """The unit a 关于<unit><year>年度…说明 title line names, "" when no title line does (a
    paragraph that mentions the unit is no source: it may name another one)."""
    for ln in lines:
        m = _ABOUT_TITLE.match(ln.key)
        if m and not _BODY_LINE.search(ln.key) and (unit := plausible_unit(m.group(1))):
            return unit
    return ""


def parse_cover_and_toc(lines: list[PLine], report: Report, template: Template | None = None) -> tuple[int, int | None]:
    """Title, unit, 公开时间 and 目录 entries; returns the index of the first body line and the year
    the cover prints (the report's year is settled later, against the part headings)."""
    toc_at = next((i for i, ln in enumerate(lines[:80]) if ln.key in ("目录", "目次")), None)
    first_page = lines[0].page
    cover = [ln for ln in lines[: toc_at if toc_at is not None else len(lines)] if ln.page == first_page]
    cover = [ln for ln in cover if not DATE_RE.search(ln.text) and not PART_RE.match(ln.key)]
    cover, named = cover_lines(cover)
    title = "".join(ln.key for ln in cover)
    report.title = title
    # The year stands before the unit (Sichuan: 2023年度…单位决算) or after it (national: …局 /
    # 2024年度部门决算, on one, two or three lines): the unit is what is left around it.
    m = YEAR_RE.search(title) or re.search(r"(20\d{2})(?!\d)", title)
    cover_year = int(m.group(1)) if m else None
    unit = title[: m.start()] + title[m.end():] if m else title
    unit = COVER_SUFFIX_RE.sub("", unit)
    unit = re.sub(r"^年度|年度$", "", unit)
    report.unit = plausible_unit(unit) or plausible_unit(named) or report.unit or titled_unit(lines)

    for ln in lines[:120]:
        d = DATE_RE.search(ln.key)
        if d:
            try:
                report.publish_date = date(int(d.group(1)), int(d.group(2)), int(d.group(3))).isoformat()
            except ValueError:
                report.problems.append(ParseProblem(f"公开时间无效：{d.group(0)}", ln.page, "publish_date"))
            break

    if toc_at is None:
        return 0, cover_year
    seen: set[str] = set()
    i = toc_at + 1
    while i < len(lines):
        ln = lines[i]
        span = heading_span(lines, i, template) if PART_RE.match(ln.key) else 1
        text = strip_leaders(heading_text(lines[i:i + span]))
        m = PART_RE.match(normalize(text))
        if m and normalize(text) in seen and (ln.page > lines[toc_at].page or (
                report.toc_parts and (cn_number(m.group(1)) or 0) < max(p.no for p in report.toc_parts))):
            # the body's first part heading repeats a 目录 entry (on the 目录's own page when the
            # numbering starts over: 检察院 2018 prints 第一部分 under its 目录)
            break
        if ln.page > lines[toc_at].page + 3:
            break
        if _SENTENCE.search(ln.key) and len(ln.key) > 15:
            # a 目录 lists titles only: a sentence is the body (a page printing the end of a 目录 and the
            # text after it), which starts with the heading lines right above the sentence
            back = 0
            while back < 2 and i - back - 1 > toc_at and lines[i - back - 1].page == ln.page and any(
                    is_heading(lines[i - back - 1].text, p) for p in (SECTION_RE, SUBSECTION_RE)):
                back += 1
            del report.toc[len(report.toc) - back:]
            i -= back
            break
        if not DATE_RE.search(ln.key):
            report.toc.append(text)
            if m:
                seen.add(normalize(text))
                no = cn_number(m.group(1)) or len(report.toc_parts) + 1
                report.toc_parts.append(Part(no, part_key(m.group(2), template) or f"part{no}", text, ln.page))
        i += span
    if not seen:  # not a 目录 after all (or one without parts): nothing to compare
        return toc_at + 1, cover_year
    return i, cover_year


def settle_year(report: Report, cover_year: int | None) -> int | None:
    """The report's year: the one most of the cover, the 目录's parts and the body's part headings
    print (a cover left at last year's 2023 does not make a 2024 report a 2023 one); the cover's
    on a tie."""
    years = [cover_year] if cover_year else []
    for text in [t for t in report.toc if PART_RE.match(normalize(t))] + [p.heading for p in report.parts]:
        if m := YEAR_RE.search(normalize(text)):
            years.append(int(m.group(1)))
    if not years:
        return report.year
    counts = Counter(years)
    best = max(counts.values())
    return cover_year if counts.get(cover_year) == best else next(y for y in years if counts[y] == best)


def find_parts(lines: list[PLine], report: Report, template: Template | None = None) -> list[tuple[int, int, str, int]]:
    """(heading index, first body index, page_map key, end index) for each 第N部分 heading of the
    body; records each in report.parts and report.headings (joined when broken over lines)."""
    heads = []
    i = 0
    while i < len(lines):
        if is_heading(lines[i].text, PART_RE):
            span = heading_span(lines, i, template)
            heads.append((i, span))
            i += span
        else:
            i += 1
    parts = []
    for k, (i, span) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        head = lines[i:i + span]
        heading = heading_text(head)
        m = PART_RE.match(heading)
        no = cn_number(m.group(1)) or len(parts) + 1
        key = part_key(m.group(2), template) or f"part{no}"
        parts.append((i, i + span, key, end))
        report.headings.append(heading)
        box = (min(ln.x0 for ln in head), head[0].top, max(ln.x1 for ln in head), head[-1].bottom)
        report.parts.append(Part(no, key, heading, head[0].page, box))
        last_page = lines[end - 1].page if end > i else head[0].page
        report.page_map.setdefault(key, list(range(head[0].page, last_page + 1)))
    return parts


SCHEDULE_NO_RE = re.compile(r"公开\s*\d{1,2}\s*表")


def map_schedule_pages(lines: list[PLine], report: Report) -> None:
    """Reports converted from Word + Excel often print no 第五部分 heading before the 附表: take the
    pages that carry a 公开NN表 label, and end the part before them there."""
    if "schedules" in report.page_map:
        return
    pages = sorted({ln.page for ln in lines if SCHEDULE_NO_RE.search(ln.text)})
    if not pages:
        return
    first = pages[0]
    report.page_map["schedules"] = list(range(first, pages[-1] + 1))
    for key, got in report.page_map.items():
        if key != "schedules" and got and got[0] < first <= got[-1]:
            report.page_map[key] = [p for p in got if p < first]


def find_department(lines: list[PLine], parts: list[tuple[int, int, str, int]]) -> str | None:
    """主管部门 as the first 自评表 prints it; else '是X所属的' in 第一部分; else the unit itself
    for a 部门决算."""
    for ln in lines:
        m = DEPT_RE.search(ln.text)
        if m and m.group(1) not in ("实施单位",):
            return m.group(1)
    for ln in lines[:200]:
        m = PARENT_RE.search(ln.key)
        if m:
            return m.group(1)
    return None


def parse_sections(body: list[PLine], report: Report) -> list[Section]:
    text_lines = [ln for ln in body if not is_heading(ln.text, SECTION_RE) and not is_heading(ln.text, SUBSECTION_RE)]
    margin = min((ln.x0 for ln in text_lines), default=0.0)
    sections: list[Section] = []
    current: Section | None = None
    sub: Subsection | None = None
    pending: list[PLine] = []
    # A province that prints the sections as （一）（二）… under one "二、…决算情况说明" heading (甘肃
    # 2017): before any section heading, a subsection heading that names a section opens it, and so
    # do the ones after it.
    promoted = False

    def flush() -> None:
        target = sub or current
        if target is not None and pending:
            for para in paragraphs_of(pending, margin):
                text, provs = build_text(para)
                target.paragraphs.append(text)
                target.line_provs.append(provs)
        pending.clear()

    def opened(ln: PLine, no: int) -> Section:
        flush()
        title = ln.text.strip()
        report.headings.append(title)
        sections.append(Section(no=no, title=title, page=ln.page))
        return sections[-1]

    tpl = templates.get(report.template)
    for ln in body:
        m = is_heading(ln.text, SECTION_RE)
        if m and (no := section_no(ln.text, tpl)) is not None:
            current, sub, promoted = opened(ln, no), None, False
            continue
        m = is_heading(ln.text, SUBSECTION_RE)
        no = section_no(m.group(2), tpl) if m else None
        if m and no is not None and (current is None or (promoted and no != current.no)):
            current, sub, promoted = opened(ln, no), None, True
            continue
        if m and current is not None:
            flush()
            title = ln.text.strip()
            report.headings.append(title)
            sub = Subsection(title=title, page=ln.page)
            current.subsections.append(sub)
            continue
        pending.append(ln)
    if not sections and pending and report.kind != "full":
        # an excerpt printed without its section headings: its paragraphs, numbered later by what they
        # state (parse/report.number_untitled)
        current = Section(no=UNTITLED, title="", page=pending[0].page)
        sections.append(current)
    flush()
    return sections


UNTITLED = 0  # the section number of paragraphs printed under no heading, until their content numbers them
