"""budgetlib.confirm: an error or warning leaves the pipeline only when the figures it states are printed
where it cites them, read a second way from the glyphs (budgetlib.pdf.printed)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import DATA

from budgetlib.confirm import confirm, reading_problems
from budgetlib.model import Finding
from budgetlib.parse.report import read_report
from budgetlib.present.summary import findings_meta


@pytest.fixture(scope="module")
def seed():
    return read_report(DATA / "seed_2023.pdf")


def _a_cell(report, minimum: Decimal = Decimal(100)):
    for sched in report.schedules.values():
        for row in sched.all_rows():
            for key, cell in row.values.items():
                if cell.amount is not None and cell.amount > minimum and cell.prov and cell.prov.bbox:
                    return sched, row, key, cell
    raise AssertionError("no figure read in the seed's tables")


def _cell_finding(sched, row, key, cell, stated: str) -> Finding:
    return Finding(rule="table.row_sum", severity="error", message="…", table=sched.key, row=row.key, column=key,
                   page=cell.page, bbox=cell.bbox, stated=stated, expected="1.00")


def test_a_figure_printed_in_its_cell_is_confirmed(seed):
    sched, row, key, cell = _a_cell(seed)
    f = _cell_finding(sched, row, key, cell, cell.text)
    assert confirm(seed, [f]) == [f]


def test_a_figure_not_printed_in_its_cell_is_could_not_read(seed):
    sched, row, key, cell = _a_cell(seed)
    wrong = str(cell.amount + Decimal("0.10"))
    out = confirm(seed, [_cell_finding(sched, row, key, cell, wrong)])
    assert [f.severity for f in out] == ["info"]
    assert out[0].message.startswith("无法核对") and wrong in out[0].message
    problems = reading_problems(out)
    assert [(p["rule"], p["figure"], p["page"]) for p in problems] == [("table.row_sum", wrong, cell.page)]
    assert Decimal(problems[0]["printed"].replace(",", "")) == cell.amount  # what the page prints there
    meta = findings_meta(seed, DATA / "seed_2023.pdf", seed.unit, seed.year, findings=out)
    assert len(meta["reading_problems"]) == 1


def test_a_cross_table_finding_confirms_the_other_cell_too(seed):
    sched, row, key, cell = _a_cell(seed)
    other = {"table": sched.key, "row": row.key, "column": key, "page": cell.page, "bbox": list(cell.bbox)}
    f = dataclasses.replace(_cell_finding(sched, row, key, cell, cell.text), rule="table.cross", other=other,
                            expected=cell.text)
    assert confirm(seed, [f]) == [f]
    bad = dataclasses.replace(f, expected=str(cell.amount * 2))
    assert [g.severity for g in confirm(seed, [bad])] == ["info"]


def _a_claim(report):
    for c in report.claims:
        if c.kind == "amount" and c.value and c.prov and c.prov.bbox and Decimal(c.value.replace(",", "")) > 10:
            return c
    raise AssertionError("no amount claim read in the seed's narrative")


def test_a_sentence_figure_is_confirmed_in_its_span_and_a_misread_one_is_not(seed):
    claim = _a_claim(seed)
    f = Finding(rule="narrative.sum", severity="warning", message="…", section=claim.section,
                page=claim.prov.page, bbox=claim.prov.bbox, stated=claim.value, expected="1.00",
                other={"claim": claim.id})
    assert confirm(seed, [f]) == [f]
    misread = dataclasses.replace(seed, claims=[dataclasses.replace(c, value=str(Decimal(c.value.replace(",", "")) + 7))
                                                if c is claim else c for c in seed.claims])
    out = confirm(misread, [f])
    assert [g.severity for g in out] == ["info"] and out[0].other["was"] == "warning"


def test_info_findings_and_reports_without_their_pdf_are_left_as_they_are(seed):
    sched, row, key, cell = _a_cell(seed)
    wrong = _cell_finding(sched, row, key, cell, str(cell.amount + 1))
    info = dataclasses.replace(wrong, severity="info")
    assert confirm(seed, [info]) == [info]
    assert confirm(dataclasses.replace(seed, path=""), [wrong]) == [wrong]  # a model from a truth file
