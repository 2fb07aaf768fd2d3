"""The Excel working paper: findings sheet, one sheet per schedule and form, red cells with comments."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import DATA, corpus_cases, truth_of

from budgetlib.checks import audit
from budgetlib.model import Finding, Report
from budgetlib.present.findings_io import write_findings
from budgetlib.present.workbook import COUNTERPART_FILL, FINDINGS_SHEET, SEVERITY_FILL, write_workbook


def _case(stem: str):
    for pdf in corpus_cases():
        if pdf.stem == stem:
            return pdf
    pytest.skip(f"{stem} not in the corpus")


def _cell_by_header(ws, header_row: int, header: str, first_col_value: str):
    cols = {c.value: c.column for c in ws[header_row]}
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[0].value == first_col_value:
            return ws.cell(row=row[0].row, column=cols[header])
    raise AssertionError(f"no row {first_col_value!r}")


@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory):
    report = Report.from_truth(truth_of(DATA / "seed_2023.pdf"))
    findings = audit(report)
    path = tmp_path_factory.mktemp("wb") / "seed.xlsx"
    write_workbook(path, findings, report)
    return openpyxl.load_workbook(path), findings, report


def test_sheets_findings_first_then_schedules_and_forms(seed_workbook):
    wb, findings, report = seed_workbook
    assert wb.sheetnames[0] == FINDINGS_SHEET
    assert wb.sheetnames[1:] == [s.label for s in report.schedules.values()] + [
        f"自评表{f.index}" for f in report.forms]
    ws = wb[FINDINGS_SHEET]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["严重程度", "结论", "问题", "位置"] and "报告数" in headers and "应为" in headers
    assert headers[-1] == "规则编号"  # the rule id only in the last column
    infos = [f.message for f in findings if f.severity == "info"]
    assert ws.max_row == len(findings) - (len(infos) - len(set(infos))) + 1


def test_exec_rate_warning_is_on_the_rate_cell(seed_workbook):
    wb, _, _ = seed_workbook
    ws = wb["自评表3"]
    header = next(c.row for c in ws["A"] if c.value == "预算执行情况")
    cell = _cell_by_header(ws, header, "预算执行率", "总额")
    assert cell.value == "84.55%"
    assert cell.fill.start_color.rgb == SEVERITY_FILL["warning"]
    assert cell.comment.text.startswith("报告数 84.55%，应为 84.53%（预算执行率计算有误")


def test_unmet_indicator_score_cell_is_red(seed_workbook):
    wb, _, _ = seed_workbook
    ws = wb["自评表4"]
    header = next(c.row for c in ws["A"] if c.value == "序号")
    cell = _cell_by_header(ws, header, "得分", 4)
    assert cell.value == 20
    assert cell.fill.start_color.rgb == SEVERITY_FILL["error"]
    assert "报告数 20，应为 <20（指标未达成却得满分" in cell.comment.text


def test_blank_budget_score_comment(seed_workbook):
    wb, _, _ = seed_workbook
    ws = wb["自评表9"]
    header = next(c.row for c in ws["A"] if c.value == "预算执行情况")
    cell = _cell_by_header(ws, header, "得分", "总额")
    assert cell.fill.start_color.rgb == SEVERITY_FILL["error"]
    assert cell.comment.text.startswith("报告数 空，应为 9.96（预算执行得分与执行率不符")


def test_table_cross_paints_the_stated_cell_and_marks_the_counterpart(tmp_path):
    pdf = _case("case_010")
    truth = truth_of(pdf)
    report = Report.from_truth(truth)
    path = tmp_path / "case_010.xlsx"
    write_findings(path, audit(report), {}, report)  # the .xlsx route of findings_io
    wb = openpyxl.load_workbook(path)
    ws9 = wb["附表9"]
    cell = _cell_by_header(ws9, 3, "合计", "合计")
    assert cell.value == 213.3 and ws9.cell(row=cell.row, column=cell.column).number_format == "0.00"
    assert cell.fill.start_color.rgb == SEVERITY_FILL["error"]
    assert cell.comment.text == "报告数 213.30万元，应为 113.30万元（表与表之间同一数字不一致）"  # a 万元 table in 万元
    other = _cell_by_header(wb["附表6"], 3, "项目支出", "合计")
    # the cell it was compared with is marked as the counterpart, not painted as an error
    assert other.fill.start_color.rgb == COUNTERPART_FILL and other.comment.text.startswith("对照")
    assert "附表9" in other.comment.text
    untouched = _cell_by_header(ws9, 3, "商品和服务支出", "合计")
    assert untouched.comment is None and untouched.fill.fill_type is None


def test_two_sided_balance_cell(tmp_path):
    report = Report.from_truth(truth_of(_case("case_006")))
    path = tmp_path / "wb.xlsx"
    write_workbook(path, audit(report), report)
    ws = openpyxl.load_workbook(path)["附表1"]
    marked = [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.comment]
    assert len(marked) == 1
    coord, value = marked[0]
    assert value == pytest.approx(4934.42)
    assert ws.cell(row=ws[coord].row, column=ws[coord].column - 1).value == "总计"


def test_findings_without_a_report_only_write_the_findings_sheet(tmp_path):
    path = tmp_path / "only.xlsx"
    write_workbook(path, [Finding(rule="table.missing", severity="error", message="缺表", table="sangong", table_no=13)], None)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [FINDINGS_SHEET]
    assert wb[FINDINGS_SHEET]["A2"].value == "错误"


def test_national_report_has_its_nine_tables_by_title(tmp_path):
    """The working paper follows the template: a national report gets its nine tables, named by title,
    and a cross-table finding paints the stated cell and marks the other table's cell as its counterpart."""
    from conftest import national_cases

    truth = truth_of(next(p for p in national_cases() if p.stem == "d001"))
    report = Report.from_truth(truth)
    findings = audit(report)
    path = tmp_path / "d001.xlsx"
    write_workbook(path, findings, report)
    wb = openpyxl.load_workbook(path)
    titles = [t["title"] for t in sorted(truth["tables"].values(), key=lambda t: t["no"])]
    assert wb.sheetnames[1:] == [t[:31] for t in titles]
    ws = wb["支出决算表"]
    assert ws["A1"].value == "支出决算表"
    total = _cell_by_header(ws, 3, "本年支出合计", "合计")
    assert str(total.value) == "4178.34" and total.fill.start_color.rgb == SEVERITY_FILL["error"]
    other = wb["收入支出决算总表"]
    marked = [c for row in other.iter_rows() for c in row if c.comment and "支出决算表" in c.comment.text]
    assert marked and all(c.fill.start_color.rgb == COUNTERPART_FILL for c in marked)
