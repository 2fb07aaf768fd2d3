"""A table whose reading breaks most of its own identities is unreadable: one problem names it, its
rules say could not check, never one error per broken identity (parse/schedules_arith.py)."""

from __future__ import annotations

import copy

import pytest
from conftest import sichuan_key

from budgetlib import templates
from budgetlib.checks import audit
from budgetlib.model import Report
from budgetlib.parse import schedules_arith

TABLE = 2  # 收入决算表: 合计 = Σ sources per row, 类 = Σ 款 = Σ 项 per column


@pytest.fixture
def report(seed_truth) -> Report:
    return Report.from_truth(copy.deepcopy(seed_truth))


def _tdef(report: Report, key: str):
    return templates.get(report.template or "sichuan_unit").table(key)


def _shift_columns(report: Report, key: str) -> None:
    """Every figure read one column to the left of where it is printed (a header misplaced)."""
    sched = report.schedules[key]
    cols = [c.key for c in sched.columns]
    for row in sched.all_rows():
        cells = [row.values.get(c) for c in cols]
        for c, cell in zip(cols, cells[1:] + cells[:1]):
            if cell is not None:
                row.values[c] = cell


def _table_errors(findings, key: str) -> list:
    return [f for f in findings if f.table == key and f.rule.startswith("table.") and f.severity != "info"]


def test_the_printed_table_is_read_as_it_adds_up(report):
    key = sichuan_key(TABLE)
    tally = schedules_arith.tally(report.schedules[key], _tdef(report, key))
    assert tally["row"][0] > 5 and tally["hierarchy"][0] > 20 and tally["row"][1] == tally["hierarchy"][1] == 0
    schedules_arith.check(report.schedules[key], _tdef(report, key), report)
    assert report.schedules[key].confidence == 1.0 and report.problems == []


def test_a_table_misread_under_its_headers_is_one_problem_and_no_errors(report):
    key = sichuan_key(TABLE)
    before = _table_errors(audit(copy.deepcopy(report)), key)
    _shift_columns(report, key)
    assert len(_table_errors(audit(copy.deepcopy(report)), key)) > len(before) + 5  # what it would report
    schedules_arith.check(report.schedules[key], _tdef(report, key), report)
    assert report.schedules[key].confidence == 0.0
    findings = audit(report)
    unreadable = [f for f in findings if f.rule == "parse.unreadable"]
    assert len(unreadable) == 1 and "合计关系大多不符" in unreadable[0].message
    assert _table_errors(findings, key) == []
    assert any(f.table == key and f.severity == "info" and "无法核对" in f.message for f in findings)


def test_a_report_s_own_error_leaves_the_table_readable(report):
    key = sichuan_key(TABLE)
    sched = report.schedules[key]
    row = next(r for r in sched.rows if r.level == "项")
    col = sched.columns[0].key
    row.values[col].text = str(row.values[col].amount + 5)  # a planted row_sum / hierarchy break
    schedules_arith.check(sched, _tdef(report, key), report)
    assert sched.confidence == 1.0 and report.problems == []
    assert _table_errors(audit(report), key)
