"""The national 部门决算 template (2024): tables read by title into the template's logical keys, the
template's identities evaluated, against the generated national corpus's truth and the hand audit of
a real published report (czj_2024)."""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import national_cases, real_file, truth_of
from schedulematch import score_tables
from truthmatch import missing, unexpected

from budgetlib import templates
from budgetlib.checks import audit
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Finding, Report
from budgetlib.parse.report import read_report

TABLE_RULES = {r for r in RULES if r.startswith("table.")}
NATIONAL_KEYS = ["income_expense_summary", "income", "expense", "fiscal_summary", "gp_expense", "gp_basic",
                 "sangong", "gov_fund", "soe_capital"]


@functools.cache
def parsed(pdf: Path) -> Report:
    return read_report(pdf)


def test_catalogue_holds_both_families():
    cat = templates.catalogue()
    assert {"sichuan_unit", "national_dept_2024"} <= set(cat)
    national = cat["national_dept_2024"]
    assert [t.key for t in national.tables] == NATIONAL_KEYS and not national.numbered
    assert len(cat["sichuan_unit"].tables) == 13 and cat["sichuan_unit"].numbered
    # "支出决算表" is a substring of other titles: only the whole title line names a table
    assert national.by_title("一般公共预算财政拨款支出决算表").key == "gp_expense"
    assert national.by_title("支出决算表").key == "expense"
    assert national.by_title("财政拨款支出决算表") is None


def test_document_is_matched_by_its_titles():
    national = [t.title for t in templates.get("national_dept_2024").tables]
    sichuan = [t.title for t in templates.get("sichuan_unit").tables]
    assert templates.match(national, numbered=False).name == "national_dept_2024"
    assert templates.match(sichuan, numbered=True).name == "sichuan_unit"
    assert templates.match(["某某情况统计表", "另一张表"], numbered=False) is None


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_tables_match_truth_cell_by_cell(pdf):
    report = parsed(pdf)
    assert report.template == "national_dept_2024"
    assert list(report.schedules) == NATIONAL_KEYS
    score = score_tables(report.schedules, truth_of(pdf))
    assert score.misses == [] and score.total > 400


@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_table_rules_on_truth_find_every_violated_identity_and_nothing_else(pdf):
    truth = truth_of(pdf)
    findings = list(run_rules(Context(Report.from_truth(truth), {}), only=TABLE_RULES))
    assert missing(findings, truth["errors"], TABLE_RULES) == []
    assert unexpected(findings, truth["errors"], TABLE_RULES) == []


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_table_rules_end_to_end(pdf):
    truth = truth_of(pdf)
    findings = audit(parsed(pdf))
    assert missing(findings, truth["errors"], TABLE_RULES) == []
    assert unexpected(findings, truth["errors"], TABLE_RULES) == []


def test_planted_errors_of_each_table_kind_are_found():
    """The national set as a whole plants a row sum, a column sum, a hierarchy, a balance, a
    cross-table equality, a 三公 subtotal, a missing and an unexplained empty table; each is found."""
    planted: set[str] = set()
    for pdf in national_cases():
        truth = truth_of(pdf)
        findings = audit(parsed(pdf))
        for e in truth["errors"]:
            if e["rule"] in TABLE_RULES:
                assert not missing(findings, [e], TABLE_RULES), e
                planted.add(e["rule"])
    assert {"table.row_sum", "table.column_sum", "table.cross"} <= planted  # present in the fixtures alone


def test_finding_names_the_table_by_title_and_ordinal():
    truth = truth_of(next(p for p in national_cases() if p.stem == "d001"))
    (f,) = [f for f in run_rules(Context(Report.from_truth(truth), {}), only={"table.cross"})
            if f.severity == "error" and f.row == "total"]
    assert (f.table, f.table_no, f.table_label) == ("expense", 3, "《支出决算表》")
    assert "《支出决算表》" in f.message and "《收入支出决算总表》" in f.message and "附表" not in f.message


# ---------------------------------------------------------------- a real report: czj_2024


CZJ = real_file("national", "czj_2024.pdf")


@functools.cache
def czj() -> tuple[Report, list[Finding]]:
    report = read_report(CZJ)
    return report, audit(report)


def _expected() -> list[dict]:
    return json.loads(CZJ.with_name("czj_2024.expected.json").read_text(encoding="utf-8"))


def _title_key(title: str | None) -> str | None:
    d = templates.get("national_dept_2024").by_title(title) if title else None
    return d.key if d else None


def _cell_matches(f: Finding, e: dict) -> bool:
    """The hand audit names a table by title, a row by its printed name, a column by its label; a
    cross-table finding may point at either side."""
    key = _title_key(e["table"])
    stated, expected = Decimal(e["stated"].replace(",", "")), Decimal(e["expected"].replace(",", ""))
    sides = [(f.table, f.stated, f.expected)]
    if f.other:
        sides.append((f.other.get("table"), f.expected, f.stated))
    return any(t == key and {Decimal(a or "0"), Decimal(b or "0")} == {stated, expected} for t, a, b in sides)


@pytest.mark.parametrize("entry", [e for e in _expected() if e["rule"].startswith("table.")],
                         ids=lambda e: f"{e['rule']}-{e['table']}-{e['row']}-{e['column']}")
def test_czj_every_hand_audited_table_warning_is_reported(entry):
    _, findings = czj()
    hits = [f for f in findings if f.rule == entry["rule"] and f.severity in ("error", "warning")
            and _cell_matches(f, entry)]
    assert hits, entry
    if entry["severity"] == "warning":
        assert all(f.within_rounding for f in hits)


def test_czj_tables_give_no_error_and_read_the_template():
    report, findings = czj()
    assert report.template == "national_dept_2024"
    assert [k for k, s in report.schedules.items() if s.present] == NATIONAL_KEYS
    assert [f.message for f in findings if f.rule.startswith("table.") and f.severity == "error"] == []
    # the four 0.01–0.02 tails of tables 二/三 and 五, two of 六, two cross-table adjustments
    tails = [f for f in findings if f.rule.startswith("table.") and f.severity == "warning"]
    assert len(tails) == 10 and all(f.within_rounding for f in tails)
    s = report.schedules["sangong"]
    assert s.cell("budget", "total").text == "0.95" and s.cell("budget", "reception").text == "0.95"


# ---------------------------------------------------------------- planted on a clean national report


def _planted(edit) -> list[Finding]:
    """d003 (clean) with one edit, audited from its truth: the errors and warnings found."""
    truth = truth_of(next(p for p in national_cases() if p.stem == "d003"))
    edit(truth)
    return [f for f in audit(Report.from_truth(truth)) if f.severity in ("error", "warning")]


def _row(truth: dict, table: str, key: str) -> dict:
    return next(r for r in truth["tables"][table]["rows"] if r["key"] == key)


def _claim(truth: dict, claim_id: str) -> dict:
    return next(c for c in truth["narrative"]["claims"] if c["id"] == claim_id)


def test_clean_national_report_is_clean():
    assert [(f.rule, f.message) for f in _planted(lambda t: None) if f.severity == "error"] == []


def test_planted_row_sum_is_found():
    def edit(t):
        _row(t, "expense", "2010601")["values"]["total"] = "999.99"
    found = _planted(edit)
    assert ("table.row_sum", "expense", "2010601", "total") in {(f.rule, f.table, f.row, f.column) for f in found}


def test_planted_cross_table_difference_is_found():
    def edit(t):
        for r in t["tables"]["income"]["rows"]:
            if r["key"] == "total":
                r["values"]["total"] = "1.00"
    found = _planted(edit)
    cross = [f for f in found if f.rule == "table.cross" and f.table == "income" and f.column == "total"]
    assert cross and cross[0].other["table"] == "income_expense_summary" and cross[0].severity == "error"


def test_planted_narrative_amount_is_found():
    def edit(t):
        _claim(t, "s1.total")["value"] = "2791.59"
    found = _planted(edit)
    assert any(f.rule == "narrative.table_mismatch" and f.section == 1 and f.stated == "2791.59" for f in found)


def test_planted_direction_word_is_found():
    def edit(t):
        _claim(t, "s5.item.2010601.dir")["value"] = "大于"
    found = _planted(edit)
    assert any(f.rule == "narrative.direction" and f.section == 5 and f.severity == "error" for f in found)


def test_planted_wrong_year_is_found():
    def edit(t):
        sec = next(s for s in t["narrative"]["sections"] if s["no"] == 1)
        sec["paragraphs"][0] = sec["paragraphs"][0].replace("2024年度", "2023年度", 1)
    found = _planted(edit)
    assert any(f.rule == "narrative.year_mismatch" and f.section == 1 for f in found)
