"""Every error and warning confirmed on the page before it is reported.

The rules compute on the model the parser read. Before a finding leaves the pipeline as an error or
a warning, each figure it states is read a second, independent way at the place it cites — the glyphs
inside the cell's box (`budgetlib.pdf.printed`: lines within the cell joined), or, for a sentence, the
printed span of that sentence. A figure that is not printed there is a misreading, not a result: the
finding becomes could-not-read (info), and the reading problem is recorded (findings.json meta
`reading_problems`, counted in the benchmarks) as a reader defect to fix.

This step needs the PDF, so it sits between the rules and the output (`budgetlib.audit`); the rules in
budgetlib.checks stay free of PDF imports.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from budgetlib.model import Cell, Finding, Report
from budgetlib.numbers import BLANK_MARKS, try_amount

_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CENT = Decimal("0.01")
_WAN = -4  # 元 printed, 万元 computed (Schedule.internal converts exactly)


def _value(text: str) -> Decimal | None:
    return try_amount(text.replace(",", ""))


def _same(printed: Decimal, stated: Decimal) -> bool:
    """The stated figure is the printed one, in the unit printed or converted from 元 to 万元 (or, for
    the other side of a cross-table finding quoted in the stated table's 元, from 万元 to 元)."""
    if printed == stated or printed.scaleb(-_WAN) == stated:
        return True
    wan = printed.scaleb(_WAN)
    return wan == stated or wan.quantize(_CENT, ROUND_HALF_UP) == stated


def _cell_readings(text: str) -> list[Decimal]:
    """The figures a cell's printed text can be: the whole text, else each figure in it; a blank or
    a zero mark is 0."""
    t = text.strip().rstrip("%％")
    if t in BLANK_MARKS:
        return [Decimal(0)]
    whole = _value(t)
    if whole is not None:
        return [whole]
    return [v for m in _FIGURE.findall(t) if (v := _value(m)) is not None]


def _figures(stated: str | None) -> list[Decimal]:
    return [v for m in _FIGURE.findall(stated or "") if (v := _value(m)) is not None]


class _Pages:
    """The report's PDF, opened on first use and only if it is the file that was read."""

    def __init__(self, report: Report, doc=None):
        self.report, self.doc, self.opened, self.tried = report, doc, False, doc is not None

    def page(self, n: int | None):
        if n is None:
            return None
        if not self.tried:
            self.tried = True
            path = self.report.path
            if path and Path(path).is_file():
                from budgetlib.pdf.document import file_sha256, open_document

                if not self.report.sha256 or file_sha256(path) == self.report.sha256:
                    self.doc, self.opened = open_document(path), True
        if self.doc is None or not 1 <= n <= self.doc.page_count:
            return None
        return self.doc.page(n)

    def close(self) -> None:
        if self.opened and self.doc is not None:
            self.doc.close()


def _check_cell(pages: _Pages, page: int | None, bbox, stated: Decimal) -> dict | None:
    """None when `stated` is printed in the cell (or the cell cannot be looked at), else the problem."""
    from budgetlib.pdf.printed import printed_in

    p = pages.page(page)
    if p is None or bbox is None:
        return None
    text = printed_in(p, tuple(bbox))
    if any(_same(v, stated) for v in _cell_readings(text)):
        return None
    return {"page": page, "bbox": [round(x, 2) for x in bbox], "figure": str(stated), "printed": text}


def _squash(text: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _check_span(pages: _Pages, page: int | None, bbox, figures: list[Decimal], sentence: str) -> dict | None:
    """Each figure printed in the sentence's span: the sentence found in the printed lines around the
    place cited (a few lines either side, as a sentence wraps), or those lines when it is not found."""
    from budgetlib.pdf.printed import printed_band

    p = pages.page(page)
    if p is None or bbox is None or not figures:
        return None
    height = max(min(bbox[3] - bbox[1], 30.0), 8.0)
    band = printed_band(p, bbox[1] - 4 * height, bbox[3] + 4 * height)
    span = band
    want = _squash(sentence)
    if want and want in _squash(band):
        span = want
    printed = [v for m in _FIGURE.findall(span) if (v := _value(m)) is not None]
    missing = [f for f in figures if not any(_same(v, f) for v in printed)]
    if not missing:
        return None
    return {"page": page, "bbox": [round(x, 2) for x in bbox], "figure": str(missing[0]),
            "printed": span[:120]}


def _ref_cell(report: Report, table: str | None, row: str | None, column: str | None) -> Cell | None:
    sched = report.schedules.get(table or "")
    if sched is None or row is None or column is None:
        return None
    for r in sched.all_rows():
        if r.key == row:
            return r.values.get(column)
    return None


def _claim(report: Report, f: Finding):
    cid = f.field or (f.other or {}).get("claim")
    return next((c for c in report.claims if c.id == cid), None) if cid else None


_CLAIM_LINKS = ("part", "whole", "total", "subject", "amount", "budget")


def _involved(report: Report, claim) -> list:
    """The claim and the claims it is computed from (a share's part and whole, a sum's parts …), two
    links deep (a budget rate's budget and its amount)."""
    out, todo = [], [(claim, 0)]
    while todo:
        c, depth = todo.pop(0)
        if c is None or any(c is o for o in out):
            continue
        out.append(c)
        if depth < 2:
            todo += [(report.claim(i), depth + 1) for i in [*(getattr(c, k) for k in _CLAIM_LINKS), *c.parts] if i]
    return out


def _problems(report: Report, f: Finding, pages: _Pages) -> list[dict]:
    out: list[dict] = []
    stated = _figures(f.stated)
    claim = _claim(report, f)
    if claim is None and f.section is None and (f.table and f.row and f.column
                                                 or f.project is not None and f.field is None):
        # a cell: the stated figure is the cell's (one figure, as printed or converted); a 自评表 finding
        # placed on a text field (评价结论) cites the text, not the figure it compares it with
        whole = _value((f.stated or "").strip().rstrip("%％"))
        if whole is not None:
            out.append(_check_cell(pages, f.page, f.bbox, whole))
        other = f.other or {}
        expected = _value((f.expected or "").strip().rstrip("%％"))
        if other.get("bbox") and other.get("row") and other.get("column") and expected is not None:
            out.append(_check_cell(pages, other.get("page"), other.get("bbox"), expected))
    elif claim is not None:
        # the figures the sentence prints: each claim's own value in its own sentence (a sum of shares
        # states a total that is printed nowhere; its parts are printed)
        for c in _involved(report, claim):
            value = _value((c.value or "").strip())
            if c.kind != "sum" and value is not None and c.prov is not None:
                out.append(_check_span(pages, c.prov.page, c.prov.bbox, [value], c.sentence))
    elif f.project is None and f.page is not None and f.bbox is not None and stated:
        # a line of text (a year on the cover, a heading): its figures printed around the place cited
        out.append(_check_span(pages, f.page, f.bbox, stated, ""))
    for c in _involved(report, claim) if claim is not None else ():
        if c.ref is not None:
            # the table cell a sentence is compared with is read again too
            cell = _ref_cell(report, c.ref.table, c.ref.row, c.ref.column)
            if cell is not None and cell.prov is not None and cell.amount is not None:
                out.append(_check_cell(pages, cell.page, cell.bbox, cell.amount))
    return [p for p in out if p is not None]


def confirm(report: Report, findings: list[Finding], doc=None) -> list[Finding]:
    """`findings` with every error/warning whose figures are not printed where it cites them turned
    into could-not-read (info), carrying the reading problem in `other["unconfirmed"]`. Without the
    PDF the report was read from (a model built from a truth file), the findings are returned as
    they are: there is no page to read."""
    pages = _Pages(report, doc)
    try:
        out = []
        for f in findings:
            if f.severity not in ("error", "warning"):
                out.append(f)
                continue
            problems = _problems(report, f, pages)
            if not problems:
                out.append(f)
                continue
            p = problems[0]
            message = (f"无法核对：第{p['page']}页该处未能读到所列数字 {p['figure']}（页面上为“{p['printed'][:40]}”），"
                       f"疑为读取错误，不作为{'错误' if f.severity == 'error' else '警告'}报告。原结论：{f.message}")
            out.append(replace(f, severity="info", message=message,
                               other={**(f.other or {}), "unconfirmed": problems, "was": f.severity}))
        return out
    finally:
        pages.close()


def reading_problems(findings: list[Finding]) -> list[dict]:
    """The reading problems the confirmation found: one per finding it turned into could-not-read."""
    return [{"rule": f.rule, "table": f.table, "row": f.row, "column": f.column, "section": f.section,
             "project": f.project, **(f.other or {})["unconfirmed"][0]}
            for f in findings if f.other and "unconfirmed" in f.other]
