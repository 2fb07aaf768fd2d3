"""What a person reads of the findings: errors first everywhere, identical information once, nothing about
parts the document does not have, Chinese words instead of the model's keys (CLI, CSV, workbook)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA, real_file

from budgetlib.cache import load_report
from budgetlib.checks import audit
from budgetlib.cli import main
from budgetlib.present import labels
from budgetlib.present.findings_io import findings_csv, write_findings
from budgetlib.present.order import SEVERITY_RANK, SEVERITY_ZH, applicable, lines
from budgetlib.present.workbook import FINDINGS_SHEET

CZJ = real_file("national", "czj_2024.pdf")
FORM = real_file("excerpts", "11_qingshen_ndrc_2023_perf_form.pdf")
BUDGET = real_file("budget", "shanghai_putuo_wanlijiedao_2024_dept_budget.pdf")
ZH_RANK = {zh: SEVERITY_RANK[en] for en, zh in SEVERITY_ZH.items()}


@pytest.fixture(scope="module")
def czj():
    report = load_report(CZJ)
    return report, audit(report)


def _internal(text: str) -> list[str]:
    """The model's keys in a text: claim ids, two-sided row keys, template table keys."""
    found = [m.group(0) for m in labels.INTERNAL_KEY_RE.finditer(text)]
    return found + [k for k in labels.table_keys() if k in text]


def test_czj_errors_come_first_in_the_cli(czj, capsys):
    report, findings = czj
    errors = [f for f in findings if f.severity == "error"]
    expected = json.loads(real_file("national", "czj_2024.expected.json").read_text(encoding="utf-8"))
    hand = [e for e in expected if e["severity"] == "error"]
    assert len(errors) == len(hand) == 3  # the hand audit's errors
    assert main(["audit", str(CZJ)]) == 0
    out = capsys.readouterr().out.splitlines()[1:]
    sevs = [line.split()[0] for line in out]
    assert sevs[: len(errors)] == ["错误"] * len(errors)  # 3 errors before the 尾差 warnings
    assert [ZH_RANK[s] for s in sevs] == sorted(ZH_RANK[s] for s in sevs)
    text = "\n".join(out)
    assert "[warning]" not in text and "[error]" not in text
    assert not any(f.rule in text for f in findings)  # the rule's Chinese title, not its id
    assert not _internal(text)


def test_csv_in_chinese_errors_first(czj):
    report, findings = czj
    rows = list(csv.reader(io.StringIO(findings_csv(findings, report))))
    head, body = rows[0], rows[1:]
    assert head[:4] == ["严重程度", "结论", "问题", "位置"] and head[-1] == "规则编号"
    ranks = [ZH_RANK[r[0]] for r in body]
    assert ranks == sorted(ranks) and len(body) == len(findings)
    assert not _internal("\n".join(",".join(r[:-1]) for r in body))  # the last column is the rule id


def test_unknown_output_format_is_refused_before_the_audit(monkeypatch, capsys, tmp_path):
    import budgetlib.parse.report as rp

    def boom(*a, **k):
        raise AssertionError("the report was read before the output format was checked")

    monkeypatch.setattr(rp, "read_report", boom)
    assert main(["audit", str(CZJ), "-o", str(tmp_path / "x.json"), "-o", str(tmp_path / "x.docx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("错误：") and ".docx" in err[0]
    assert not (tmp_path / "x.json").exists()


def test_a_standalone_form_is_not_told_it_lacks_a_narrative_and_tables():
    report = load_report(FORM)
    everything = audit(report)
    shown = applicable(everything, report)
    assert [f for f in everything if f.severity != "info"] == [f for f in shown if f.severity != "info"]
    assert not [f for f in shown if f.rule.split(".")[0] in ("narrative", "table")]
    assert len([f for f in everything if f.rule.startswith(("narrative.", "table."))]) >= 20  # before: 23


def test_a_template_without_forms_gets_no_form_rules():
    report = load_report(BUDGET)
    assert report.form_profile is None
    everything = audit(report)
    assert len([f for f in everything if f.rule.startswith("perf.")]) >= 10  # one per perf rule before
    assert not [f for f in applicable(everything, report) if f.rule.startswith("perf.")]


def test_a_full_report_keeps_its_could_not_check(czj):
    report, findings = czj
    assert applicable(findings, report) == [f for f in findings if not f.rule.startswith("perf.")]


def test_identical_information_collapses_with_a_count():
    report = load_report(BUDGET)
    shown = applicable(audit(report), report)
    listed = lines(shown)
    assert sum(line.count for line in listed) == len(shown)
    infos = [f.message for f in shown if f.severity == "info"]
    assert len([x for x in listed if x.finding.severity == "info"]) == len(set(infos))
    repeated = [x for x in listed if x.count > 1]
    assert repeated and all(x.message.endswith(f"（共 {x.count} 处）") for x in repeated)
    ranks = [SEVERITY_RANK[x.finding.severity] for x in listed]
    assert ranks == sorted(ranks)


def test_workbook_findings_sheet_is_printable(czj, tmp_path):
    report, findings = czj
    path = tmp_path / "czj.xlsx"
    write_findings(path, findings, {}, report)
    wb = openpyxl.load_workbook(path)
    ws = wb[FINDINGS_SHEET]
    head = [c.value for c in ws[1]]
    assert head[:4] == ["严重程度", "结论", "问题", "位置"] and head[-1] == "规则编号"
    sev = [ZH_RANK[c.value] for c in ws["A"][1:]]
    assert sev == sorted(sev) and sev[:3] == [0, 0, 0]
    col = {h: i for i, h in enumerate(head)}
    first = [c.value for c in ws[2]]
    assert isinstance(first[col["报告数"]], (int, float)) and isinstance(first[col["差额"]], (int, float))
    assert ws.cell(row=2, column=col["说明"] + 1).alignment.wrap_text
    from openpyxl.utils import get_column_letter

    assert ws.column_dimensions[get_column_letter(col["说明"] + 1)].width >= 40  # 说明 is wide enough to read
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    text = "\n".join(str(c.value) for sheet in wb.worksheets for row in sheet.iter_rows()
                     for c in row[: len(head) - 1 if sheet.title == FINDINGS_SHEET else None] if c.value is not None)
    assert not _internal(text)


def test_a_changed_pdf_path_is_not_given_the_samples_unit_and_params():
    """In JupyterLab a user changes pdf_path alone: the seed's params file names another PDF, so neither
    its unit and year nor its tolerances apply, and the heading says so."""
    from budgetlib.present.view import open_unit

    seed_params = Path(__file__).resolve().parent.parent / "params" / "seed_2023.yaml"
    u = open_unit(CZJ, seed_params, "", None)
    assert (u.unit, u.year) == (load_report(CZJ).unit, 2024) and u.unit != "四川省大数据技术服务中心"
    assert u.params == {} and "未套用" in u.header().text()
    same = open_unit(DATA / "seed_2023.pdf", seed_params, "", None)
    assert same.params and not same.params_note and same.unit == "四川省大数据技术服务中心"


def test_other_matters_follow_the_template():
    """National: 十一 其他重要事项 (机关运行经费, 政府采购 on p.24) beside 十 预算绩效管理; Sichuan: 十; a 上海
    budget: 二 其他相关情况说明, whose items are paragraphs, not numbered subsections."""
    from budgetlib.present.view import open_unit

    national = open_unit(CZJ, "", "", None)
    assert national.other_sections() == [10, 11]
    text = national.other_matters().text()
    assert "未找到“机关运行经费”" not in text and "未找到“政府采购”" not in text and 'id="sec-11"' in text
    assert open_unit(DATA / "seed_2023.pdf", "", "", None).other_sections() == [10]
    budget = open_unit(BUDGET, "", "", None)
    assert budget.other_sections() == [2]
    assert "未找到“三公”" not in budget.other_matters().text()
