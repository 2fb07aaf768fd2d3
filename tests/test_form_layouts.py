"""Other 自评表 layouts (issue 11, item 2) on synthetic PDFs in the 安徽 layout of excerpt 12 (tests/form_pdf.py
render_anhui): a form continued on the next page without its 项目名称, indicator rows that carry only a 分值, and
"完成" as the 完成值 of a numeric target. Every figure below is checked by hand."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetlib.checks import audit
from budgetlib.parse.report import read_report
from tests.form_pdf import render_anhui

FUNDS_A = [("年度资金总额:", "100", "120", "114"), ("其中:本年财政拨款", "100", "120", "114"),
           ("上年结转资金", "", "", ""), ("其他资金", "", "", "")]
# A clean form: 114/120 = 95%, 10 × 95% = 9.5; 产出 20+15+15 = 50, 效益 30, 满意度 10; 总分 9.5 + 90 = 99.5;
# every quantitative target met (126 ≥ 120, 92% ≥ 90%, 114 ≤ 120 万元, 95% ≥ 90%).
FORM_A = {
    "project": "道路养护项目", "department": "101-某县交通运输局", "implementer": "101001-某县公路事务中心",
    "funds": FUNDS_A, "block": ("10", "95%", "9.5"),
    "goal": "完成县道养护120公里。", "goal_done": "完成县道养护126公里。",
    "indicators": [("产出指标(50分)", "数量指标", "养护里程", "≥120公里", "126", "20", "20"),
                   ("产出指标(50分)", "质量指标", "路况优良率", "≥90%", "92%", "15", "15"),
                   ("产出指标(50分)", "成本指标", "项目总成本", "≤120万元", "114", "15", "15"),
                   ("效益指标(30分)", "社会效益指标", "群众出行便利程度", "明显提升", "达成预期指标", "30", "30"),
                   ("满意度指标(10分)", "满意度指标", "群众满意度", "≥90%", "95%", "10", "10")],
    "total": ("100", "99.5"),
}
# 180/200 = 90%, 10 × 90% = 9 (both right). 新建公路里程 ≥10公里 with 完成值 "完成": no number to judge it by;
# 受益群众满意度 prints only its 分值 10 (no 指标值, 完成值, 得分); 总分 99 cannot be checked (one score blank:
# 9 + 25 + 25 + 30 = 89 with it as 0 — that would be an error computed against a missing value).
FORM_B = {
    "project": "农村公路建设项目", "department": "101-某县交通运输局", "implementer": "101002-某县农村公路中心",
    "funds": [("年度资金总额:", "200", "200", "180"), ("其中:本年财政拨款", "200", "200", "180"),
              ("上年结转资金", "", "", ""), ("其他资金", "", "", "")],
    "block": ("10", "90%", "9"),
    "goal": "新建农村公路10公里。", "goal_done": "已完成。",
    "indicators": [("产出指标(50分)", "数量指标", "新建公路里程", "≥10公里", "完成", "25", "25"),
                   ("产出指标(50分)", "时效指标", "完工及时率", "=100%", "100%", "25", "25"),
                   ("效益指标(30分)", "社会效益指标", "通行条件改善", "有效改善", "达成预期指标", "30", "30"),
                   ("满意度指标(10分)", "满意度指标", "受益群众满意度", "", "", "10", "")],
    "total": ("100", "99"),
}
# where form A is cut: before its first indicator with the header row printed again; inside 产出指标 (the merged
# 一级指标 cell restarts blank on the new page); before 总分
BREAKS = {"header_repeated": (0, True), "inside_group": (2, False), "before_total": (5, False)}


@cache
def audited(tmp: Path, where: str):
    at, repeat = BREAKS[where]
    pdf = render_anhui([{**FORM_A, "break_before": at, "repeat_header": repeat}, FORM_B], tmp / f"anhui_{where}.pdf")
    report = read_report(pdf)
    return report, audit(report)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layouts")


@pytest.mark.parametrize("where", BREAKS)
def test_continued_form_belongs_to_the_form_before(tmp, where):
    report, _ = audited(tmp, where)
    assert report.kind == "perf_form" and report.form_profile.name == "anhui"
    assert [f.project.text for f in report.forms] == ["道路养护项目", "农村公路建设项目"]
    a = report.forms[0]
    assert a.pages == [1, 2]
    assert [i.l3.text for i in a.indicators] == ["养护里程", "路况优良率", "项目总成本", "群众出行便利程度", "群众满意度"]
    assert [i.l1.text for i in a.indicators] == ["产出指标(50分)"] * 3 + ["效益指标(30分)", "满意度指标(10分)"]
    assert [(i.target.text, i.actual.text, i.weight.text, i.score.text) for i in a.indicators][2] == (
        "≤120万元", "114", "15", "15")
    assert (a.total.weight.text, a.total.score.text) == ("100", "99.5")
    assert report.problems == []


@pytest.mark.parametrize("where", BREAKS)
def test_continued_clean_form_has_no_finding(tmp, where):
    _, findings = audited(tmp, where)
    assert [(f.rule, f.severity, f.message) for f in findings if f.project == 1 and f.severity != "info"] == []


def test_block_figures_on_the_total_row_only(tmp):
    report, _ = audited(tmp, "inside_group")
    total, *sources = report.forms[0].funds
    assert (total.name, total.initial.text, total.adjusted.text, total.executed.text) == ("总额", "100", "120", "114")
    assert (total.weight.text, total.rate.text, total.score.text) == ("10", "95%", "9.5")
    assert all(s.weight.blank and s.rate.blank and s.score.blank for s in sources)


def test_weight_only_row_and_text_actual(tmp):
    _, findings = audited(tmp, "inside_group")
    b = [(f.rule, f.severity, f.stated) for f in findings if f.project == 2 and f.severity != "info"]
    assert sorted(b) == [("perf.actual_nonnumeric", "error", "完成"), ("perf.indicator_score_missing", "error", None)]
    (missing,) = [f for f in findings if f.rule == "perf.indicator_score_missing"]
    assert "受益群众满意度" in missing.message and "新建公路里程" not in missing.message
    (text,) = [f for f in findings if f.rule == "perf.actual_nonnumeric"]
    assert "≥10公里" in text.message and text.column == "actual" and text.page == 3


def test_blank_score_makes_the_total_uncheckable_not_wrong(tmp):
    _, findings = audited(tmp, "inside_group")
    (total,) = [f for f in findings if f.rule == "perf.total" and f.project == 2]
    assert total.severity == "info" and "1项指标得分空白" in total.message
    unmet = [f for f in findings if f.rule == "perf.unmet_full_score" and f.project == 2]
    assert [(f.severity, f.indicator) for f in unmet] == [("info", 1)]  # "完成": nothing to compare


def test_unit_and_year_from_the_form(tmp):
    report, _ = audited(tmp, "inside_group")
    assert (report.unit, report.year) == ("某县交通运输局", 2022)


def test_unit_name_cell_comes_first(tmp):
    # a 单位名称 row under 主管部门 names the unit itself (the 主管部门 may be the department above it)
    pdf = render_anhui([{**FORM_A, "unit_name": "某县公路事务中心"}], tmp / "anhui_unit_name.pdf")
    report = read_report(pdf)
    assert (report.unit, report.year) == ("某县公路事务中心", 2022)
    assert report.problems == [] and len(report.forms[0].indicators) == 5


def test_no_unit_cell_and_no_cover_says_so(tmp):
    # neither a cover nor any form cell names a unit: nothing is guessed
    pdf = render_anhui([{**FORM_A, "department": "", "implementer": ""}], tmp / "anhui_no_unit.pdf")
    report = read_report(pdf)
    assert (report.unit, report.year) == ("", 2022)


def test_no_year_on_the_title_is_said(tmp, capsys):
    # no （年度） line under the title; the goal's sentence "2022年完成…" is a paragraph, not a source of the year
    import json

    from budgetlib.cli import main

    pdf = render_anhui([{**FORM_A, "goal": "2022年完成县道养护120公里。"}], tmp / "anhui_no_year.pdf", year=None)
    out = tmp / "no_year.json"
    assert main(["audit", str(pdf), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("某县交通运输局 未识别年度（单独公开的绩效自评表）")
    meta = json.loads(out.read_text("utf-8"))["meta"]
    assert (meta["unit"], meta["year"], meta["unrecognised"]) == ("某县交通运输局", None, ["未识别年度"])


def test_file_starting_with_a_continued_page(tmp):
    # a reviewer's cut-out: page 2 of form A (its indicators and 总分, no 项目名称) then form B. A's rows belong to a
    # form the file does not hold: said once for the page, nothing read or judged from them; B is read whole.
    from pypdf import PdfReader, PdfWriter

    full = render_anhui([{**FORM_A, "break_before": 2}, FORM_B], tmp / "anhui_cut_full.pdf")
    writer = PdfWriter()
    for page in PdfReader(full).pages[1:]:
        writer.add_page(page)
    cut = tmp / "anhui_cut.pdf"
    with cut.open("wb") as fh:
        writer.write(fh)
    report = read_report(cut)
    assert [f.project.text for f in report.forms] == ["农村公路建设项目"]
    assert [(p.message, p.page) for p in report.problems] == [("本页自评表接续本文件之前未收录的一页（无项目名称），未读取", 1)]
    # the file's edge cut the form: said as could-not-read (info), not as a misreading (warning)
    assert [p.severity for p in report.problems] == ["info"]
    findings = audit(report)
    assert {f.project for f in findings if f.project is not None} == {1}
    assert sorted(f.rule for f in findings if f.severity == "error") == ["perf.actual_nonnumeric",
                                                                           "perf.indicator_score_missing"]
