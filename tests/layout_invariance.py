"""Layout and excerpt invariance (issue 21, item 5): shared by tests/test_invariance.py (a fast subset)
and benchmarks/invariance.py (every dev-corpus report × every transform).

A finding is compared by what it says, not where it is printed: rule, table, row, column, section,
project, indicator, field, stated and expected (figures compared as numbers in one unit: a finding quotes
them as printed, 61,623,900.00 元 in a table printed in 元, which is the base print's 6162.39 万元).
Only errors and warnings count; info ("could not check") is the reader's honesty, not a finding.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetlib.checks import audit
from budgetlib.errors import BadInput
from budgetlib.model import Finding, Report
from budgetlib.numbers import INTERNAL, wan
from budgetlib.parse.report import read_report

Key = tuple


def _canon(value, unit: str | None = None) -> str | None:
    """A figure as a number in 万元: a finding quotes a 元 table's figures in 元 (f.amount_unit), the same
    figure printed in 万元 in 万元."""
    if value is None:
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return str(value)
    return str(wan(number, unit or INTERNAL).normalize())


def key(f: Finding) -> Key:
    # a 自评表 by its name: its ordinal counts from the first form the file holds (an excerpt's first is 1)
    return (f.rule, f.table, f.row, f.column, f.section, f.project_name or f.project, f.indicator, f.field,
            _canon(f.stated, f.amount_unit), _canon(f.expected, f.amount_unit))


def keys(findings: list[Finding]) -> Counter:
    return Counter(key(f) for f in findings if f.severity in ("error", "warning"))


def audited(pdf: Path) -> tuple[Report, list[Finding]]:
    report = read_report(pdf)
    return report, audit(report)


def truth(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))


def show(k: Key) -> str:
    names = ("rule", "table", "row", "column", "section", "project", "indicator", "field", "stated", "expected")
    return " ".join(f"{n}={v}" for n, v in zip(names, k) if v is not None)


@dataclass
class Difference:
    """What a transformed (or excerpted) report says that the base does not, and what it lost."""

    extra: Counter = field(default_factory=Counter)
    lost: Counter = field(default_factory=Counter)
    crash: str | None = None

    @property
    def ok(self) -> bool:
        return not self.extra and not self.lost and self.crash is None

    def reason(self, limit: int = 3) -> str:
        if self.crash:
            return f"crash: {self.crash}"
        out = [f"+{sum(self.extra.values())} new", f"-{sum(self.lost.values())} lost"]
        rules = Counter(k[0] for k in self.extra) + Counter(k[0] for k in self.lost)
        out.append("rules " + ", ".join(f"{r}×{n}" for r, n in rules.most_common(limit)))
        tables = sorted({k[1] for k in list(self.extra) + list(self.lost) if k[1]})
        if tables:
            out.append("tables " + ", ".join(tables))
        unread = sorted({k[7] for k in self.extra if k[0] == "parse.unreadable" and k[7]})
        if unread:
            out.append("unreadable " + ", ".join(unread[:limit]))
        return "; ".join(out)


def compare(base: Counter, other: Counter) -> Difference:
    return Difference(extra=other - base, lost=base - other)


def transformed(truth_: dict, name: str, folder: Path, base_keys: Counter) -> Difference:
    import report_pdf

    pdf = report_pdf.render(truth_, folder / f"{truth_.get('case_id', 'report')}-{name}.pdf",
                            report_pdf.TRANSFORMS[name])
    try:
        _, findings = audited(pdf)
    except Exception as exc:  # the harness reports a crash as the transform's failure, with its reason
        return Difference(crash=f"{type(exc).__name__}: {exc}")
    return compare(base_keys, keys(findings))


# ---------------------------------------------------------------- excerpts


def section_pages(report: Report, no: int) -> set[int]:
    s = report.section(no)
    if s is None:
        return set()
    pages = {s.page} if s.page else set()
    for provs in s.line_provs + [p for sub in s.subsections for p in getattr(sub, "line_provs", [])]:
        pages |= {prov.page for _, prov in provs}
    return pages


def input_pages(report: Report, f: Finding) -> set[int] | None:
    """The pages a finding's figures come from (a table's every page, the section's, the form's); None
    when the finding is about the whole document (completeness, the cover, a parse problem)."""
    pages: set[int] = set()
    tables = [f.table] + [(f.other or {}).get("table")]
    for t in filter(None, tables):
        s = report.schedules.get(t)
        if s is None or not s.pages:
            return None
        pages |= set(s.pages)
    if f.section is not None:
        got = section_pages(report, f.section)
        if not got:
            return None
        pages |= got
    if f.project is not None:
        if not 0 < f.project <= len(report.forms) or not report.forms[f.project - 1].pages:
            return None
        pages |= set(report.forms[f.project - 1].pages)
    if f.rule == "narrative.placeholder" and f.expected == report.unit:
        pages.add(1)  # the name the placeholder should read is the cover's: an excerpt without it may not know it
    # the count of 自评表 is the whole report's: an excerpt cannot know it holds them all
    if f.rule.startswith(("disclosure.", "parse.")) or f.rule == "narrative.perf_count" or not pages:
        return None
    return pages


def figure_pages(report: Report) -> set[int]:
    """The pages of the whole report that print a budget figure: a table with figures, a sentence stating
    an amount (万元 or 元: a count of cars is no budget figure), a 自评表. An excerpt holding one of them may
    not be refused as holding no figure."""
    pages = {p for s in report.schedules.values() if s.present and not s.empty for p in s.pages}
    pages |= {c.prov.page for c in report.claims if c.prov and c.prov.page and c.decimal is not None
              and c.unit in ("万元", "元") and c.kind in ("amount", "yoy_amount", "figure")}
    return pages | {p for f in report.forms for p in f.pages}


def excerpt(pdf: Path, first: int, last: int, out: Path) -> Path:
    """Pages first..last (1-based, inclusive) of `pdf` as a file of their own."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(pdf)).pages[first - 1:last]:
        writer.add_page(page)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


@dataclass
class ExcerptResult:
    first: int
    last: int
    refused: str | None = None  # BadInput's reason: allowed only for pages that hold no figure
    figures: list[int] = field(default_factory=list)  # pages of a refused range that hold figures
    crash: str | None = None
    extra: Counter = field(default_factory=Counter)  # findings the full report does not raise
    missing: Counter = field(default_factory=Counter)  # findings whose inputs all lie in the range, not raised

    @property
    def ok(self) -> bool:
        return self.crash is None and not self.extra and not self.missing and not self.figures

    def reason(self) -> str:
        if self.crash:
            return f"crash: {self.crash}"
        parts = [f"refused ({self.refused}) though pages {self.figures} print figures"] if self.figures else []
        if self.extra:
            parts.append("new: " + "; ".join(show(k) for k in list(self.extra)[:2]))
        if self.missing:
            parts.append("lost: " + "; ".join(show(k) for k in list(self.missing)[:2]))
        return " | ".join(parts)


def excerpt_check(pdf: Path, report: Report, findings: list[Finding], first: int, last: int,
                  folder: Path) -> ExcerptResult:
    res = ExcerptResult(first, last)
    part = excerpt(pdf, first, last, folder / f"{pdf.stem}-p{first}-{last}.pdf")
    full = keys(findings)
    try:
        _, got = audited(part)
    except BadInput as exc:
        res.refused = exc.reason_zh
        res.figures = sorted(p for p in figure_pages(report) if first <= p <= last)
        got = []
    except Exception as exc:
        res.crash = f"{type(exc).__name__}: {exc}"
        return res
    mine = keys(got)
    res.extra = Counter({k: n for k, n in mine.items() if k not in full})
    need = Counter(key(f) for f in findings if f.severity in ("error", "warning")
                   and (pages := input_pages(report, f)) is not None and all(first <= p <= last for p in pages))
    res.missing = need - mine
    return res
