"""read_report: one PDF → one Report (extract → transform; validation is budgetlib.checks)."""

from __future__ import annotations

import re
from pathlib import Path

from budgetlib import templates
from budgetlib.errors import BadInput
from budgetlib.model import ParseProblem, Report, Section
from budgetlib.parse import claims, claims_budget, figures, forms, schedules, structure
from budgetlib.parse.inputs import budget_cover, check_garbled, check_input, classify
from budgetlib.pdf.document import Document, open_document

TOC_LINE = re.compile(r"^\s*目\s*[录次]\s*$", re.M)


def _blank(doc: Document, number: int, text: str) -> bool:
    """Nothing printed but a page number: no other text, no image, no drawing (a page of a chart or a
    scanned seal has no text either, and is not blank)."""
    if any(ln.strip() and not structure.FOOTER_RE.match(ln) for ln in text.splitlines()):
        return False
    page = doc.page(number)
    return not (page.images or page.rects or page.lines or page.curves)


def read_report(path: str | Path) -> Report:
    """Vet the file (BadInput with a one-line reason for anything but one readable 决算 or 预算 report),
    then parse it."""
    opened: list[Document] = []

    def document() -> Document:  # one pdfminer parse of a page for the garbling check and the parser
        if not opened:
            opened.append(open_document(path))
        return opened[0]

    try:
        check_input(path, opened=document)
        return parse_document(document())
    finally:
        for doc in opened:
            doc.close()


def parse_document(doc: Document) -> Report:
    try:
        texts = [doc.text(n) for n in range(1, doc.page_count + 1)]
    except BadInput:
        raise
    except Exception as exc:  # pdfminer raises ad-hoc types on broken content streams
        raise BadInput(doc.path, "PDF已损坏，页面内容无法解析", "corrupt page content", type(exc).__name__) from exc
    check_garbled(doc.path, texts)
    report = Report(path=doc.path, sha256=doc.sha256, page_count=doc.page_count)
    # page-level layout facts the judgement rules read (a blank page after the 目录)
    # what the file holds and whether it is a 决算 or a 预算 disclosure (the template, once matched, decides)
    report.kind, report.disclosure = classify(texts) or ("full", "决算")
    report.blank_pages = [n for n, t in enumerate(texts, start=1) if _blank(doc, n, t)]
    report.toc_page = next((n for n, t in enumerate(texts[:6], start=1) if TOC_LINE.search(t)), None)
    structure.parse_structure(doc, report)
    report.cut_paragraph = ends_inside(report)
    if report.kind == "full" and report.cut_paragraph is not None:
        report.kind = "excerpt"  # a cover and the report up to a sentence it does not finish: no complete report
    report.schedules = schedules.parse_schedules(doc, report)
    report.forms = forms.parse_forms(doc, report)
    if report.disclosure == "预算":
        read_budget_narrative(doc, report)
    else:
        number_untitled(report)
        # after the schedules: claims take the 功能分类 codes of the narrative's names from them
        report.claims = claims.extract_claims(report)
    report.figures = figures.narrative_figures(report)
    if report.kind != "full":
        # a part the document does not claim to hold is no parse problem: the completeness note says it
        report.problems = [p for p in report.problems if not p.message.startswith("未找到")
                           and not (report.kind in ("tables", "perf_form", "sangong") and p.where == "narrative")]
    return report


# how a sentence ends: its stop, or a closing bracket or quote after one
_SENTENCE_END = re.compile(r"[。；;！!？?）)”」]\s*$")


def ends_inside(report: Report) -> str | None:
    """The 情况说明 text the file stops inside: its last paragraph, on the file's last page, running over
    more than one line and ending mid-sentence (a one-line text without a stop is a heading, a date or a
    signature, not a cut sentence); or the heading of its last section when the file ends right after it,
    nothing under it."""
    last_section = report.sections[-1] if report.sections else None
    if (last_section is not None and last_section.page == report.page_count and not last_section.paragraphs
            and not last_section.subsections and last_section.title):
        return last_section.title
    paras = [(provs, para) for s in report.sections for sub in [s, *s.subsections]
             for para, provs in zip(sub.paragraphs, sub.line_provs) if provs]
    if not paras:
        return None
    provs, last = max(paras, key=lambda x: (x[0][-1][1].page, (x[0][-1][1].bbox or (0, 0))[1]))
    if provs[-1][1].page != report.page_count or len(provs) < 2 or _SENTENCE_END.search(last):
        return None
    return last


def number_untitled(report: Report) -> None:
    """Paragraphs an excerpt prints under no section heading (structure.UNTITLED) go to the section of the
    template's plan whose reading takes the most figures from each; a paragraph no section reads stays
    unread (its figures are listed as unchecked)."""
    loose = report.section(structure.UNTITLED)
    if loose is None:
        return
    tpl = templates.get(report.template) or templates.get(templates.DEFAULT)
    numbered: list[Section] = []

    def read(no: int, text: str, provs) -> int:
        probe = Report(schedules=report.schedules, template=report.template, kind=report.kind,
                       sections=[Section(no=no, title="", paragraphs=[text], line_provs=[provs])])
        return sum(c.value is not None for c in claims.extract_claims(probe))

    for text, provs in zip(loose.paragraphs, loose.line_provs):
        counts = {no: read(no, text, provs) for no in sorted(p.no for p in tpl.sections)}
        best = max(counts, key=counts.get)
        if counts[best] == 0:
            continue
        if numbered and numbered[-1].no == best:
            numbered[-1].paragraphs.append(text)
            numbered[-1].line_provs.append(provs)
        else:
            numbered.append(Section(no=best, title="", paragraphs=[text], line_provs=[provs], page=provs[0][1].page))
    report.sections = [s for s in report.sections if s is not loose] + numbered
    report.narrative_found = bool(report.sections)


def read_budget_narrative(doc: Document, report: Report) -> None:
    """A budget's narrative (预算编制说明, 其他相关情况说明; 江苏 部门预算情况说明) and its claims: its
    headings are not the 决算 plan's, so its sections are found by their own headings."""
    unit, year = budget_cover(doc.text(1))
    report.unit = unit or report.unit  # the budget cover names it plainly; the 决算 cover reader does not know it
    report.year = report.year or year
    table_pages = {p for s in report.schedules.values() if s.present for p in s.pages} | {report.toc_page}
    report.sections = claims_budget.narrative_sections(structure.collect_lines(doc), table_pages,
                                                       templates.get(report.template))
    report.narrative_found = bool(report.sections)
    # a budget publishes no 绩效自评表 and has no 决算情况说明: neither is missing
    report.problems = [p for p in report.problems if p.where != "narrative" and "绩效自评表" not in p.message]
    report.forms_found = bool(report.forms)
    if not report.sections:
        report.problems.append(ParseProblem("未找到预算编制说明（预算情况说明）", where="narrative"))
    report.claims = claims_budget.extract_budget_claims(report)
