"""Where on the page a finding points: its own page/bbox, else the provenance of the cell it names."""

from __future__ import annotations

from budgetlib.model import Cell, Finding, PerfForm, Prov, Report


def _prov(*candidates) -> Prov | None:
    """The first candidate with a page; one with a bbox wins over a page-only one."""
    page_only = None
    for c in candidates:
        prov = c.prov if isinstance(c, Cell) or hasattr(c, "prov") else c
        if prov is None or prov.page is None:
            continue
        if prov.bbox is not None:
            return prov
        page_only = page_only or prov
    return page_only


def _form_cell(form: PerfForm, f: Finding):
    if f.indicator is not None and 0 < f.indicator <= len(form.indicators):
        ind = form.indicators[f.indicator - 1]
        return _prov(getattr(ind, f.column or "score", None), ind)
    if f.row == "合计" and form.total is not None:
        return _prov(getattr(form.total, f.column or "score", None), form.total)
    if f.field:
        if f.field.startswith("funds."):
            row = form.fund("总额")
            return _prov(getattr(row, f.field.split(".", 1)[1], None), row) if row else None
        cell = getattr(form, f.field, None)
        return _prov(cell) if isinstance(cell, Cell) else None
    if f.row:
        row = form.fund(f.row)
        if row is not None:
            return _prov(getattr(row, f.column, None) if f.column else None, row)
    return None


def locate(report: Report | None, f: Finding) -> Prov | None:
    """Page and box to show for a finding; None when nothing places it."""
    if f.page is not None and f.bbox is not None:
        return Prov(f.page, f.bbox)
    found = None
    if report is not None:
        if f.project is not None and 0 < f.project <= len(report.forms):
            form = report.forms[f.project - 1]
            found = _form_cell(form, f) or (Prov(form.pages[0]) if form.pages else None)
        elif f.table is not None and f.table in report.schedules:
            s = report.schedules[f.table]
            row = s.row(f.row) if f.row else None
            found = _prov(row.get(f.column) if row and f.column else None, row) if row else None
            found = found or (Prov(s.pages[0]) if s.pages else None)
        elif f.section is not None:
            claim_id = f.field or (f.other or {}).get("claim")
            claim = report.claim(claim_id) if claim_id else None
            sec = report.section(f.section)
            found = _prov(claim) if claim else None
            found = found or (Prov(sec.page) if sec and sec.page else None)
    if found is None and f.page is not None:
        return Prov(f.page)
    if found is not None and f.page is not None and found.page != f.page and found.bbox is None:
        return Prov(f.page)
    return found
