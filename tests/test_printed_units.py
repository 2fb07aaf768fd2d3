"""Figures as printed (issue 22, item 2): every figure a finding quotes — its message, its stated/expected/
difference fields, the workbook, the CSV and findings.pdf — is in the unit and precision of the page it was
printed on. A 元 table's figures and differences are quoted in 元 with thousands separators (a 1 元 尾差 is
"差额 1元", never -0.0001 万元); a 万元 table's stay in 万元. Ground truth: the layout-variant corpus's truth
files (their `errors` state each wrong figure in the table's own unit) and the real 万里街道 2025 budget,
whose tables print whole 元 ("单位：元", 154,369,326)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from conftest import SHARED, VARIANTS, in_ci, real_file

import budgetlib
from budgetlib.model import Finding, Report
from budgetlib.parse.report import read_report
from budgetlib.present import frames
from budgetlib.present.findings_io import findings_csv, write_findings

YUAN_CASE = "v002"  # tables in 元 (no separators printed), narrative in 万元, three planted table errors
WAN_CASE = "v005"  # tables in 万元


def _case(stem: str) -> Path:
    pdf = VARIANTS / f"{stem}.pdf"
    if not pdf.exists():
        if in_ci():
            raise AssertionError(f"CI 中必须有 {pdf}")
        pytest.skip(f"../shared 不存在：{pdf.name} 的测试未运行 / corpus_variants missing")
    return pdf


@cache
def _audited(pdf: Path) -> tuple[Report, list[Finding], dict]:
    report = read_report(pdf)
    truth_path = pdf.with_suffix(".truth.json")
    truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else {}
    return report, budgetlib.audit(report), truth


def _table_errors(truth: dict) -> list[dict]:
    """The truth's table errors located on one cell, stated in the table's own unit (table.cross is
    compared, and stated, in 万元 by the corpus)."""
    return [e for e in truth["errors"] if e["rule"].startswith("table.") and e["rule"] != "table.cross"
            and e.get("stated") is not None and "row" in e["location"]]


def _found(findings: list[Finding], e: dict) -> Finding:
    loc = e["location"]
    got = [f for f in findings if f.rule == e["rule"] and f.table_no == int(loc["table"])
           and f.row == loc["row"] and f.column == loc["column"]]
    assert len(got) == 1, (e, [f.message for f in findings if f.rule == e["rule"]])
    return got[0]


def _yuan(text: str) -> str:
    return f"{Decimal(text):,.2f}"


def test_yuan_table_findings_quote_yuan_figures_and_differences():
    _, findings, truth = _audited(_case(YUAN_CASE))
    assert {t["unit"] for t in truth["tables"].values()} == {"元"}
    errors = _table_errors(truth)
    assert len(errors) >= 3
    for e in errors:
        f = _found(findings, e)
        diff = Decimal(e["stated"]) - Decimal(e["expected"])
        assert (f.stated, f.expected, f.difference, f.amount_unit) == (
            _yuan(e["stated"]), _yuan(e["expected"]), _yuan(str(diff)), "元"), f.message
        assert f"报告数 {_yuan(e['stated'])}元" in f.message and f"应为 {_yuan(e['expected'])}元" in f.message
        assert f"差额 {_yuan(str(diff))}元" in f.message and "万元" not in f.message


def test_narrative_against_a_yuan_table_quotes_the_table_in_yuan():
    # "说明称无…" against 附表13 printed in 元: the table's figure as the table prints it (truth: 28.69 万元)
    _, findings, truth = _audited(_case(YUAN_CASE))
    (e,) = [e for e in truth["errors"] if e["rule"] == "narrative.none_contradicted"]
    in_yuan = _yuan(str(Decimal(e["expected"]) * 10000))
    (f,) = [f for f in findings if f.rule == "narrative.none_contradicted"]
    assert f.message.endswith(f"列示{in_yuan}元") and (f.expected, f.amount_unit) == (in_yuan, "元")


def test_workbook_csv_and_findings_pdf_show_yuan_as_printed(tmp_path):
    pdf = _case(YUAN_CASE)
    report, findings, truth = _audited(pdf)
    (e,) = [e for e in _table_errors(truth) if e["rule"] == "table.row_sum"]
    stated, diff = _yuan(e["stated"]), _yuan(str(Decimal(e["stated"]) - Decimal(e["expected"])))

    xlsx = tmp_path / "findings.xlsx"
    write_findings(xlsx, findings, {}, report)
    wb = openpyxl.load_workbook(xlsx)
    # the schedule sheet: the cell in 元, with thousands separators, marked with the figures in 元
    ws = wb[f"附表{e['location']['table']}"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment and stated in c.comment.text]
    assert marked and all(c.value == Decimal(e["stated"]) for c in marked)
    assert all(c.number_format == "#,##0.00" and f"报告数 {stated}元" in c.comment.text for c in marked)
    # the findings sheet: the figures in 元 and the unit beside them
    fs = wb["问题清单"] if "问题清单" in wb.sheetnames else wb.worksheets[0]
    rows = [[c.value for c in r] for r in fs.iter_rows()]
    header = next(r for r in rows if "报告数" in r)
    row = next(r for r in rows if e["rule"] in r and r[header.index("报告数")] == Decimal(e["stated"]))
    assert row[header.index("金额单位")] == "元" and stated in row[header.index("说明")]

    text = findings_csv(findings, report)
    line = next(r for r in csv.DictReader(io.StringIO(text)) if r["规则编号"] == e["rule"])
    assert (line["报告数"], line["差额"], line["金额单位"]) == (stated, diff, "元")

    out = tmp_path / "findings.pdf"
    write_findings(out, findings, {}, report)
    import pdfplumber

    with pdfplumber.open(out) as doc:
        listing = "".join(p.extract_text() or "" for p in doc.pages[:3]).replace("\n", "")
    assert f"报告数 {stated}元" in listing and f"差额 {diff}元" in listing
    assert f"报告数 {Decimal(e['stated']) / 10000}" not in listing  # never the 万元 conversion


def test_wan_tables_stay_in_wan():
    _, findings, truth = _audited(_case(WAN_CASE))
    errors = _table_errors(truth)
    assert errors
    for e in errors:
        f = _found(findings, e)
        assert (f.stated, f.expected, f.amount_unit) == (e["stated"], e["expected"], "万元")
        assert f"报告数 {e['stated']}万元" in f.message and "," not in f.stated


BUDGET = "shanghai_putuo_wanlijiedao_2025_dept_budget.pdf"


def _budget() -> Path:
    pdf = real_file("budget", BUDGET)
    if not pdf.exists():
        if in_ci() or SHARED.is_dir():
            raise AssertionError(f"{pdf} missing")
        pytest.skip("../shared 不存在：万里街道 2025 预算的测试未运行")
    return pdf


def test_real_yuan_budget_quotes_its_one_yuan_tails_in_yuan():
    # its tables print whole 元 (单位：元, 154,369,326); ten sums are 1 元 off their parts: 尾差 of 元 figures
    report, findings, _ = _audited(_budget())
    s = report.schedules["income"]
    assert (s.unit, s.dp) == ("元", 0)
    tails = [f for f in findings if f.rule.startswith("table.") and f.severity != "info"]
    assert len(tails) == 10
    for f in tails:
        assert f.severity == "warning" and f.within_rounding and f.amount_unit == "元", f.message
        assert f.difference in ("1", "-1") and "," in f.stated, f.message
        assert f"差额 {f.difference}元，属尾差" in f.message and "0.0001" not in f.message
        assert f"报告数 {f.stated}元" in f.message
    assert {f.stated for f in tails} == {"154,369,326", "94,995,790"}
    # the notebook's table shows the figures as printed
    (_, df), = frames.schedule_frames(report.schedules["gp_expense"])
    assert "154,369,326" in df.to_string() and "15436.9326" not in df.to_string()
