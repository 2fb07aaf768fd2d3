"""Layout invariance (issue 21, item 5), the fast subset: two reports re-printed from their truth files in
every layout transform of tests/report_pdf.py give the same errors and warnings as their base print, and
pages cut out of a report raise nothing the whole report does not. The full matrix over every dev-corpus
report is benchmarks/invariance.py (results in docs/benchmarks.md).

A transform the reader does not yet read is an expected failure with strict=True and its reason: when
the reader is fixed the test fails until the mark is removed. No excerpt range is expected to fail.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import layout_invariance as inv
import pytest
import report_pdf
from conftest import DATA, FIXTURES

REPORTS = {"case_008": DATA / "case_008.pdf", "d004": FIXTURES / "national" / "d004.pdf"}
# a report outside the two, in the transform its reading once depended on: seed_2023's 自评表 quote
# “因疫情政策调整, 该项目暂停”, whose space a line break eats in another font
SINGLE = {"seed_2023": (DATA / "seed_2023.pdf", "font")}

# an open reading defect is listed here, (report, transform) → reason, and runs as a strict xfail
KNOWN: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("invariance")


@cache
def _base(name: str, folder: Path):
    truth = inv.truth(REPORTS[name] if name in REPORTS else SINGLE[name][0])
    if truth.get("performance") and name in REPORTS:  # two 自评表 of 21 keep the test fast; the benchmark prints them all
        truth = {**truth, "performance": truth["performance"][:2]}
    pdf = report_pdf.render(truth, folder / f"{name}-base.pdf")
    report, findings = inv.audited(pdf)
    return truth, pdf, report, findings


def _cases():
    for name in REPORTS:
        for t in report_pdf.TRANSFORMS:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[(name, t)])] if (name, t) in KNOWN else []
            yield pytest.param(name, t, marks=marks, id=f"{name}-{t}")
    for name, (_, t) in SINGLE.items():
        yield pytest.param(name, t, id=f"{name}-{t}")


def test_base_print_finds_the_planted_table_errors(folder):
    # the base print is itself read right: d004's planted table errors (truth `planted`) are found, so an
    # empty comparison below is not two empty readings
    truth, _, _, findings = _base("d004", folder)
    got = inv.keys(findings)
    planted = [p for p in truth["planted"] if p["rule"].startswith("table.") and p["rule"] != "table.empty_unexplained"]
    assert planted
    for p in planted:
        loc = p["location"]
        assert any(k[0] == p["rule"] and k[1] == loc["table"] and k[2] == loc.get("row") for k in got), p


@pytest.mark.parametrize(("name", "transform"), list(_cases()))
def test_same_findings_in_every_layout(name, transform, folder):
    truth, _, _, findings = _base(name, folder)
    base = inv.keys(findings)
    assert base, "the base print must have findings to compare"
    diff = inv.transformed(truth, transform, folder, base)
    assert diff.ok, (diff.reason(), [inv.show(k) for k in list(diff.extra) + list(diff.lost)][:6])


def _layouts_differ(a: Path, b: Path) -> bool:
    return a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("transform", list(report_pdf.TRANSFORMS))
def test_each_transform_changes_the_print(transform, folder):
    # a transform that printed the base layout again would pass the comparison vacuously
    truth, pdf, _, _ = _base("case_008", folder)
    import pdfplumber

    out = report_pdf.render(truth, folder / f"changed-{transform}.pdf", report_pdf.TRANSFORMS[transform])
    with pdfplumber.open(pdf) as a, pdfplumber.open(out) as b:
        words_a = [(w["text"], round(w["x0"]), round(w["top"])) for p in a.pages for w in p.extract_words()]
        words_b = [(w["text"], round(w["x0"]), round(w["top"])) for p in b.pages for w in p.extract_words()]
        lines_a = sum(len(p.lines) + len(p.rects) for p in a.pages)
        lines_b = sum(len(p.lines) + len(p.rects) for p in b.pages)
    assert words_a != words_b or lines_a != lines_b


# ---------------------------------------------------------------- excerpts

# page ranges of case_008's base print (1 cover and 目录, 2-3 概况 and 情况说明, 4-5 自评表: the first on 4, the
# second from 4 to 5, 6-18 附表): 4-4 ends inside the second form (before its 合计), 5-5 starts inside it
RANGES = [(1, 3), (2, 2), (3, 3), (2, 6), (4, 4), (5, 5), (4, 5), (5, 6), (6, 9), (8, 8), (10, 18), (17, 18),
          (1, 18)]
# d004 (national template: 1 cover, 2 目录, 4-12 附表, 13-15 情况说明): 11 an empty table without its note
# (audited, not refused as holding no figure); 1-13 cover to the heading of section 六, the page's last line:
# an excerpt, not a report missing sections 六 to 十一
NATIONAL_RANGES = [(11, 11), (13, 14), (15, 15), (1, 13)]
# d001: section 8 leaves 上海市XX区XX委 in; page 14 names the unit in its own sentences, page 13's heading too
PLACEHOLDER_RANGES = [(13, 14), (14, 14)]


@pytest.mark.parametrize(("first", "last"), RANGES, ids=[f"p{a}-{b}" for a, b in RANGES])
def test_excerpt_raises_nothing_new_and_keeps_what_it_holds(first, last, folder):
    _, pdf, report, findings = _base("case_008", folder)
    assert report.page_count == 18
    assert [f.pages for f in report.forms] == [[4], [4, 5]]  # the ranges above cut the second form
    res = inv.excerpt_check(pdf, report, findings, first, last, folder)
    assert res.ok, res.reason()


@pytest.mark.parametrize(("first", "last"), NATIONAL_RANGES, ids=[f"p{a}-{b}" for a, b in NATIONAL_RANGES])
def test_national_excerpt_raises_nothing_new_and_keeps_what_it_holds(first, last, folder):
    _, pdf, report, findings = _base("d004", folder)
    assert report.schedules["gov_fund"].pages == [11]
    res = inv.excerpt_check(pdf, report, findings, first, last, folder)
    assert not res.refused, res.refused
    assert res.ok, res.reason()


def test_file_ending_after_a_section_heading_is_an_excerpt(folder, tmp_path):
    from budgetlib.parse.report import read_report

    _, pdf, report, _ = _base("d004", folder)
    assert report.kind == "full"
    part = read_report(inv.excerpt(pdf, 1, 13, tmp_path / "part.pdf"))
    assert part.kind == "excerpt" and part.cut_paragraph == part.sections[-1].title
    assert part.sections[-1].no == 6


def test_empty_table_page_keeps_its_unexplained_finding(folder):
    # the whole report finds d004's 政府性基金 table empty without the note saying why: the page alone does too
    _, pdf, report, findings = _base("d004", folder)
    assert any(f.rule == "table.empty_unexplained" and f.table == "gov_fund" for f in findings)
    res = inv.excerpt_check(pdf, report, findings, 11, 11, folder)
    assert res.ok and not res.missing


@pytest.mark.parametrize(("first", "last"), PLACEHOLDER_RANGES, ids=[f"p{a}-{b}" for a, b in PLACEHOLDER_RANGES])
def test_placeholder_expects_the_name_the_excerpt_prints(first, last, folder, tmp_path):
    from budgetlib.checks import audit
    from budgetlib.parse.report import read_report

    pdf = report_pdf.render(inv.truth(FIXTURES / "national" / "d001.pdf"), folder / "d001-base.pdf")
    _, findings = inv.audited(pdf)
    full = [f for f in findings if f.rule == "narrative.placeholder" and f.section == 8]
    assert [f.expected for f in full] == ["上海市南屏区卫生健康委员会"]
    part = read_report(inv.excerpt(pdf, first, last, tmp_path / "part.pdf"))
    assert not part.unit  # no cover: the name comes from the pages' own text
    got = [f for f in audit(part) if f.rule == "narrative.placeholder" and f.section == 8]
    assert [(f.stated, f.expected, f.severity) for f in got] == [(f.stated, f.expected, f.severity) for f in full]
