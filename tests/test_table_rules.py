"""The table.* rules against the corpus truth (oracle: the truth `errors`), plus hand-made edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import DATA, corpus_cases, sichuan_key, truth_of
from truthmatch import missing, pdf_mismatches, truth_severity, unexpected, wrong_severity

from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Cell, Column, Finding, Report, Row, Schedule
from budgetlib.numbers import try_amount

TABLE_RULES = {r for r in RULES if r.startswith("table.")}


def table_findings(report: Report, params: dict | None = None, only: set[str] = TABLE_RULES) -> list[Finding]:
    return list(run_rules(Context(report, params or {}), only=only))


def table_severity(error: dict) -> set[str]:
    """rules.md: a planted 0.01 difference is a rounding tail (尾差) and counts as found as a warning."""
    stated, expected = (try_amount(error.get(k) or "") for k in ("stated", "expected"))
    if stated is not None and expected is not None and abs(stated - expected) <= Decimal("0.01"):
        return {"warning", truth_severity(error)}
    return {truth_severity(error)}


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_truth_errors_are_found_and_nothing_else(pdf):
    truth = truth_of(pdf)
    findings = table_findings(Report.from_truth(truth))
    assert missing(findings, truth["errors"], TABLE_RULES) == []
    assert unexpected(findings, truth["errors"], TABLE_RULES) == []
    assert wrong_severity(findings, truth["errors"], TABLE_RULES, severity_of=table_severity) == []


def test_rules_registered_with_rules_md_ids():
    assert {"table.row_sum", "table.column_sum", "table.hierarchy", "table.balance", "table.cross",
            "table.sangong_subtotal", "table.missing", "table.empty_unexplained"} <= TABLE_RULES


# ---------------------------------------------------------------- hand-made reports


def row(key: str, values: dict, level: str | None = None, name: str = "") -> Row:
    code = key if key.isdigit() else ""
    if level is None and code:
        level = {3: "类", 5: "款", 7: "项"}[len(code)]
    return Row(key=key, code=code, name=name or key, level=level or ("total" if key == "total" else None),
               values={k: Cell(v) for k, v in values.items()})


def schedule(no: int, cols: list[str], rows: list[Row], layout: str = "classification", **kw) -> Schedule:
    return Schedule(key=sichuan_key(no), no=no, numbered=True, title=f"表{no}", layout=layout,
                    columns=[Column(c, c) for c in cols], rows=rows, **kw)


def report_with(*schedules: Schedule) -> Report:
    return Report(template="sichuan_unit", schedules={s.key: s for s in schedules})


T6_COLS = ["total", "basic", "project"]


def t6(**overrides) -> Schedule:
    values = {
        "total": ["30.00", "20.00", "10.00"],
        "201": ["30.00", "20.00", "10.00"],
        "20103": ["30.00", "20.00", "10.00"],
        "2010301": ["18.00", "18.00", "-"],
        "2010350": ["12.00", "2.00", "10.00"],
    }
    values.update(overrides)
    return schedule(6, T6_COLS, [row(k, dict(zip(T6_COLS, v))) for k, v in values.items()])


def test_consistent_schedule_with_dash_and_blank_cells_passes():
    sch = t6(**{"2010301": ["18.00", "18.00", ""], "2010350": ["12.00", "2.00", "10.00"]})
    assert [f for f in table_findings(report_with(sch), only=TABLE_RULES - {"table.missing"})
            if f.severity != "info"] == []


def test_row_sum_error_names_the_total_cell():
    found = table_findings(report_with(t6(**{"2010350": ["12.50", "2.00", "10.00"]})), only={"table.row_sum"})
    assert [(f.severity, f.table, f.row, f.column, f.stated, f.expected, f.difference) for f in found] == [
        ("error", "gp_expense", "2010350", "total", "12.50", "12.00", "0.50")]
    assert found[0].table_no == 6 and found[0].table_label == "附表6"
    assert "报告数 12.50" in found[0].message and "应为 12.00" in found[0].message


def test_blank_total_with_nonzero_parts_is_an_error():
    found = table_findings(report_with(t6(**{"2010301": ["", "18.00", "-"]})), only={"table.row_sum"})
    assert [(f.row, f.column, f.expected) for f in found if f.severity == "error"] == [("2010301", "total", "18.00")]


def test_hierarchy_kuan_differs_from_its_xiang():
    sch = t6(**{"2010350": ["12.10", "2.10", "10.00"]})
    found = table_findings(report_with(sch), only={"table.hierarchy"})
    assert {(f.row, f.column) for f in found} == {("20103", "total"), ("20103", "basic")}
    assert all(f.severity == "error" for f in found)


def test_column_sum_total_row_vs_lei_rows():
    found = table_findings(report_with(t6(total=["31.00", "21.00", "10.00"])), only={"table.column_sum"})
    assert {(f.row, f.column, f.stated, f.expected) for f in found} == {
        ("total", "total", "31.00", "30.00"), ("total", "basic", "21.00", "20.00")}


def test_rounding_tail_policy_and_the_slack_parameter():
    """A total within max(0.01, k × 0.005) of its k parts is a 尾差 warning; `sum_slack_per_part`
    widens the envelope; beyond it, an error."""
    tail = t6(**{"2010350": ["12.01", "2.00", "10.00"]})
    assert [(f.severity, f.within_rounding) for f in table_findings(report_with(tail), only={"table.row_sum"})] == [
        ("warning", True)]
    two = t6(**{"2010350": ["12.02", "2.00", "10.00"]})
    assert [f.severity for f in table_findings(report_with(two), only={"table.row_sum"})] == ["error"]
    wide = table_findings(report_with(two), {"tolerances": {"sum_slack_per_part": "0.01"}}, only={"table.row_sum"})
    assert [(f.severity, f.within_rounding) for f in wide] == [("warning", True)]


def test_non_number_cell_is_could_not_check_not_an_error():
    found = table_findings(report_with(t6(**{"2010350": ["12.00", "2.0O", "10.00"]})), only={"table.row_sum"})
    assert [f.severity for f in found] == ["info"]
    assert found[0].message.startswith("无法核对")


def test_economic_table_lei_equals_sum_of_kuan_only():
    cols = ["total", "personnel", "public"]
    t8 = schedule(8, cols, [
        row("total", dict(zip(cols, ["15.00", "10.00", "5.00"]))),
        row("301", dict(zip(cols, ["10.00", "10.00", "0.00"]))),
        row("30101", dict(zip(cols, ["6.00", "6.00", "0.00"]))),
        row("30102", dict(zip(cols, ["3.00", "3.00", "0.00"]))),
        row("302", dict(zip(cols, ["5.00", "0.00", "5.00"]))),
        row("30201", dict(zip(cols, ["5.00", "0.00", "5.00"]))),
    ], layout="economic")
    found = table_findings(report_with(t8), only={"table.hierarchy"})
    assert {(f.table_no, f.row, f.column, f.stated, f.expected) for f in found} == {
        (8, "301", "total", "10.00", "9.00"), (8, "301", "personnel", "10.00", "9.00")}


def two_sided(no: int, left: dict, right: dict, right_cols: list[str]) -> Schedule:
    return Schedule(key=sichuan_key(no), no=no, numbered=True, layout="two_sided", columns=[Column("amount", "金额")] + [Column(c, c) for c in right_cols],
                    left=[Row(k, values={"amount": Cell(v)}) for k, v in left.items()],
                    right=[Row(k, code=k.split(".")[1] if k.split(".")[1].isdigit() else "",
                               values={c: Cell(x) for c, x in zip(right_cols, v)}) for k, v in right.items()])


def t1(out_grand: str = "110.00", in_total: str = "100.00") -> Schedule:
    return two_sided(1, {"in.gp": "100.00", "in.other": "-", "in.total_year": in_total, "in.carry_begin": "10.00",
                         "in.grand": "110.00"},
                     {"out.201": ["95.00"], "out.total_year": ["95.00"], "out.carry_end": ["15.00"],
                      "out.grand": [out_grand]}, ["amount"])


def test_balance_reports_the_expenditure_grand_total():
    found = [f for f in table_findings(report_with(t1(out_grand="110.10")), only={"table.balance"})
             if f.severity != "info"]
    assert [(f.severity, f.table_no, f.row, f.column, f.stated, f.expected) for f in found] == [
        ("error", 1, "out.grand", "amount", "110.10", "110.00")]
    assert "按 收入总计 应为 110.00万元" in found[0].message  # the template's formula, not a cell address


def test_two_sided_column_sums():
    found = table_findings(report_with(t1(in_total="101.00")), only={"table.column_sum"})
    # 本年收入合计 ≠ Σ income rows, and 总计 ≠ 本年收入合计 + 年初结转: both point at the cell that differs.
    assert {(f.row, f.column) for f in found} == {("in.total_year", "amount"), ("in.grand", "amount")}


def test_cross_compares_yuan_tables_in_wan():
    t2 = schedule(2, ["total", "fiscal"], [row("total", {"total": "1,000,049.00", "fiscal": "1,000,049.00"})],
                  unit="元")
    found = table_findings(report_with(t1(in_total="100.00"), t2), only={"table.cross"})
    assert [f for f in found if f.severity != "info"] == []  # 100.0049 万元 rounds to 100.00
    t2.rows[0].values["total"] = Cell("1,000,050.00")  # 100.005 → 100.01: one unit apart, a rounding adjustment
    found = [f for f in table_findings(report_with(t1(), t2), only={"table.cross"}) if f.severity != "info"]
    # quoted as printed: the 元 table's figure, the difference and the fields in 元, the 万元 table's in 万元
    assert [(f.severity, f.table_no, f.row, f.column, f.stated, f.expected, f.difference, f.amount_unit,
             f.other["table_no"], f.other["row"]) for f in found] == [
        ("warning", 2, "total", "total", "1,000,050.00", "1,000,000.00", "50.00", "元", 1, "in.total_year")]
    assert "报告数 1,000,050.00元" in found[0].message and "100.00万元" in found[0].message
    assert "差额 50.00元" in found[0].message and "0.005" not in found[0].message
    t2.rows[0].values["total"] = Cell("1,000,150.00")  # 100.02: beyond it
    found = [f for f in table_findings(report_with(t1(), t2), only={"table.cross"}) if f.severity != "info"]
    assert [(f.severity, f.stated, f.expected) for f in found] == [("error", "1,000,150.00", "1,000,000.00")]


def test_cross_lei_rows_and_a_lei_printed_on_one_side_only():
    """A 类 the summary does not print is not compared with 0: it cannot be checked (info)."""
    cols = ["total", "basic"]
    t3 = schedule(3, cols, [row("total", {"total": "95.00", "basic": "95.00"}),
                            row("201", {"total": "90.00", "basic": "90.00"}),
                            row("206", {"total": "5.00", "basic": "5.00"})])
    found = table_findings(report_with(t1(), t3), only={"table.cross"})
    errors = [f for f in found if f.severity == "error"]
    assert [(f.table_no, f.row, f.column, f.stated, f.expected, f.other["row"]) for f in errors] == [
        (3, "201", "total", "90.00", "95.00", "out.201")]
    assert [(f.severity, f.row) for f in found if f.table == "income_expense_summary" and f.row == "out.206"] == [
        ("info", "out.206")]


def test_cross_with_an_absent_schedule_says_could_not_check():
    found = table_findings(report_with(t6()), only={"table.cross"})
    assert found and all(f.severity == "info" for f in found)


def test_sangong_vehicle_subtotal():
    cols = ["total", "abroad", "vehicle", "vehicle_buy", "vehicle_run", "reception"]
    t13 = schedule(13, cols, [Row("budget", values={c: Cell(v) for c, v in zip(
                                  cols, ["10.00", "-", "8.00", "5.00", "3.00", "2.00"])}),
                              Row("actual", values={c: Cell(v) for c, v in zip(
                                  cols, ["9.00", "-", "7.00", "5.00", "3.00", "2.00"])})], layout="sangong")
    found = table_findings(report_with(t13), only={"table.sangong_subtotal", "table.row_sum"})
    assert [(f.rule, f.row, f.column, f.stated, f.expected) for f in found] == [
        ("table.sangong_subtotal", "actual", "vehicle", "7.00", "8.00")]


def test_missing_schedule_and_not_present_flag():
    rep = report_with(*[schedule(n, ["total"], [row("total", {"total": "1.00"})]) for n in range(1, 13)])
    rep.schedules[sichuan_key(5)].present = False
    found = table_findings(rep, only={"table.missing"})
    assert sorted((f.severity, f.table_no) for f in found) == [("error", 5), ("error", 13)]
    assert "公开05表" in min(found, key=lambda f: f.table_no).message


@pytest.mark.parametrize("cells,note,flagged", [
    (["-", "-", "-"], None, True),
    (["", "", ""], "注：本单位无此项支出，故本表为空表。", False),
    (["0.00", "0.00", "-"], "", True),
    (["0.00", "1.00", "1.00"], None, False),
])
def test_empty_schedule_needs_a_note(cells, note, flagged):
    sch = schedule(12, T6_COLS, [row("total", dict(zip(T6_COLS, cells)))], empty_note=note)
    found = table_findings(report_with(sch), only={"table.empty_unexplained"})
    assert [(f.severity, f.table_no) for f in found] == ([("error", 12)] if flagged else [])


def test_schedules_not_found_is_info_for_every_rule():
    rep = Report(schedules_found=False)
    found = table_findings(rep)
    assert {f.rule for f in found} == TABLE_RULES
    assert {f.severity for f in found} == {"info"}


# ---------------------------------------------------------------- end to end (PDF → findings)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", sorted(DATA.glob("*.pdf")), ids=lambda p: p.stem)
def test_pdf_end_to_end_table_rules(pdf):
    assert pdf_mismatches(pdf, TABLE_RULES, "schedules_found") == ([], [])


def test_end_to_end_fails_when_the_parser_finds_no_schedules(monkeypatch):
    import budgetlib.parse.report

    monkeypatch.setattr(budgetlib.parse.report, "read_report", lambda pdf: Report(schedules_found=False))
    with pytest.raises(AssertionError, match="schedules_found 为 False"):
        pdf_mismatches(DATA / "seed_2023.pdf", TABLE_RULES, "schedules_found")


def test_amounts_are_decimal_in_findings():
    found = table_findings(report_with(t6(**{"2010350": ["12.50", "2.00", "10.00"]})), only={"table.row_sum"})
    assert Decimal(found[0].difference) == Decimal("0.50")


# ---------------------------------------------------------------- missing input is never zero


def test_row_sum_without_component_columns_is_could_not_check():
    """A 合计 column whose parts were not read is not compared with 0 (was: 应为 0.00 on every row)."""
    sch = schedule(6, ["total"], [row("total", {"total": "30.00"}), row("201", {"total": "30.00"})])
    found = table_findings(report_with(sch), only={"table.row_sum"})
    assert [f.severity for f in found] == ["info"] and "组成栏目" in found[0].message


def test_cross_with_a_row_not_read_is_could_not_check():
    """T2 合计 vs T1 本年收入合计 when T1 has no such row: info, not a difference against 0."""
    t2 = schedule(2, ["total", "fiscal"], [row("total", {"total": "100.00", "fiscal": "100.00"})])
    t1 = t1_without("in.total_year")
    found = [f for f in table_findings(report_with(t1, t2), only={"table.cross"})
             if f.row in ("total", "in.total_year") and f.table in ("income", "income_expense_summary")]
    assert found and {f.severity for f in found} == {"info"}
    assert any("in.total_year" in f.message for f in found)


def t1_without(key: str) -> Schedule:
    sch = t1()
    sch.left = [r for r in sch.left if r.key != key]
    return sch


def test_table_with_no_rows_read_is_could_not_check_not_empty():
    sch = schedule(12, T6_COLS, [])
    found = table_findings(report_with(sch), only={"table.empty_unexplained"})
    assert [f.severity for f in found] == ["info"] and "未读到任何数据行" in found[0].message


def test_low_confidence_table_is_not_computed_on():
    """The parse confidence gates the identities: a badly read table yields info, not errors."""
    sch = t6(**{"2010350": ["99.00", "2.00", "10.00"]})
    assert any(f.severity == "error" for f in table_findings(report_with(sch), only={"table.row_sum"}))
    sch.confidence = 0.3
    found = table_findings(report_with(sch), only={"table.row_sum"})
    assert found and {f.severity for f in found} == {"info"} and "置信度" in found[0].message


@pytest.mark.parametrize("confidence,computed", [(0.49, False), (0.5, True), (0.51, True)])
def test_confidence_threshold_is_below_one_half(confidence, computed):
    """MIN_CONFIDENCE 0.5: a table read with confidence below it is not computed on, one at it is."""
    sch = t6(**{"2010350": ["99.00", "2.00", "10.00"]})
    sch.confidence = confidence
    found = table_findings(report_with(sch), only={"table.row_sum"})
    assert any(f.severity == "error" for f in found) == computed


def test_value_columns_keep_a_column_only_some_rows_print():
    from budgetlib.checks.identities import value_columns

    # a row may leave a column out (the 类 row prints only its total): a column printed in any row is
    # checked, one printed in no row holds no figures
    rows = [row("201", {"total": "5.00"}), row("20101", {"total": "5.00", "basic": "5.00"})]
    sch = schedule(5, ["total", "basic", "project"], rows)
    assert value_columns(sch, rows) == ["total", "basic"]


def test_row_name_gives_the_code_once():
    from budgetlib.checks.identities import row_name

    sch = schedule(5, ["total"], [Row(key="2010101", code="2010101", name="行政运行", level="项"),
                                  Row(key="2010102", code="2010102", name="2010102 一般行政管理事务", level="项"),
                                  Row(key="total", code="", name="合计", level="total"),
                                  Row(key="in.grand", code="", name=" ", level="total")])
    assert [row_name(sch, k) for k in ("2010101", "2010102", "total", "in.grand", "nowhere")] == [
        "2010101 行政运行", "2010102 一般行政管理事务", "合计", "in.grand", "nowhere"]  # no name printed: the key


def test_a_sum_across_tables_points_at_no_single_other_cell():
    # national 附表: 一般公共预算财政拨款支出表 合计 基本支出 = 基本支出表 人员经费合计 + 公用经费合计. Two
    # cells make the expected figure: the finding names both in its formula and points at neither alone
    from budgetlib import templates

    tpl = templates.get("national_dept_2024")

    def table(key: str, cols: list[str], rows: list[Row]) -> Schedule:
        return Schedule(key=key, no=1, numbered=True, title=tpl.table(key).title, layout="classification",
                        columns=[Column(c, c) for c in cols], rows=rows)

    gp = table("gp_expense", ["total", "basic", "project"],
               [row("total", {"total": "30.00", "basic": "30.00", "project": "0.00"})])
    basic = table("gp_basic", ["amount"], [
        Row(key="personnel_total", code="", name="人员经费合计", level="total", values={"amount": Cell("20.00")}),
        Row(key="public_total", code="", name="公用经费合计", level="total", values={"amount": Cell("9.00")})])
    rep = Report(template="national_dept_2024", schedules={gp.key: gp, basic.key: basic})
    (f,) = [f for f in table_findings(rep, only={"table.cross"}) if f.severity != "info"]
    assert (f.severity, f.table, f.row, f.column, f.stated, f.expected) == ("error", "gp_expense", "total", "basic",
                                                                            "30.00", "29.00")
    assert f.other is None and "人员经费合计+公用经费合计" in f.message


@pytest.mark.parametrize("values", [
    {"total": Cell("0.00"), "basic": Cell(None), "project": Cell("-")},  # zeros, and one figure not read
    {"total": Cell(None), "basic": Cell(None), "project": Cell(None)},
    {},  # a row read with no figure under any column
])
def test_an_empty_looking_table_with_figures_not_read_is_could_not_check(values):
    """Whether a table is empty is not judged on the figures that happen to be read: one figure not read
    (or none at all) makes table.empty_unexplained could-not-check (info), never an error or a pass."""
    sch = schedule(12, T6_COLS, [Row(key="total", name="合计", level="total", values=values)])
    found = table_findings(report_with(sch), only={"table.empty_unexplained"})
    assert [(f.severity, f.table_no) for f in found] == [("info", 12)] and "有未读取的数字" in found[0].message


# ---------------------------------------------------------------- the identity evaluator's decisions


def labelled(key: str, cols: dict[str, str], rows: list[Row], layout: str = "classification", **kw) -> Schedule:
    """A table under its template key, its columns with their printed labels."""
    return Schedule(key=key, title=key, layout=layout, columns=[Column(k, v) for k, v in cols.items()],
                    rows=rows, **kw)


def plain(key: str, code: str, values: dict, level: str | None = None) -> Row:
    return Row(key=key, code=code, name=key, level=level, values={k: Cell(v) for k, v in values.items()})


def test_row_sum_message_gives_the_formula_the_template_writes_or_the_part_columns():
    """table.row_sum names its formula: the template's (gov_fund 年末结转 = 年初 + 收入 − 支出), else the
    printed labels of the part columns joined by +."""
    gp = schedule(6, T6_COLS, [row("2010350", {"total": "12.50", "basic": "2.00", "project": "10.00"})])
    gp.columns = [Column("total", "合计"), Column("basic", "基本支出"), Column("project", "项目支出")]
    (f,) = table_findings(report_with(gp), only={"table.row_sum"})
    assert "按 基本支出+项目支出 应为 12.00万元" in f.message
    cols = ["carry_begin", "income", "total", "basic", "project", "carry_end"]
    fund = schedule(10, cols, [row("total", dict(zip(cols, ["10.00", "100.00", "95.00", "95.00", "0.00", "16.00"])))])
    (f,) = table_findings(report_with(fund), only={"table.row_sum"})
    assert (f.column, f.stated, f.expected) == ("carry_end", "16.00", "15.00")
    assert "按 年初结转和结余+本年收入−本年支出 应为 15.00万元" in f.message


def test_a_row_without_a_part_column_is_could_not_check():
    """A row that prints the 合计 but not one of its parts is an input not read (info), never summed
    without it."""
    sch = t6()
    del sch.rows[-1].values["project"]
    found = table_findings(report_with(sch), only={"table.row_sum"})
    assert [(f.severity, f.row, f.column) for f in found] == [("info", "2010350", "project")]


def shanghai_summary(grand: str = "100.00", row_201: str = "60.00") -> Schedule:
    """上海 单位预算 部门财务收支预算总表: no 本年合计, 总计 = the 支出 items; the 单位 variant splits the
    expense side into 人员经费 | 公用经费 | 项目支出 (columns the 总计 row does not print)."""
    cols = ["amount", "personnel", "public", "project"]
    left = {"in.gp": "100.00", "in.gf": "", "in.soc": "", "in.fiscal": "100.00", "in.business": "",
            "in.operating": "", "in.other": "", "in.grand": "100.00"}
    right = {"out.201": [row_201, "40.00", "10.00", "10.00"], "out.205": ["40.00", "30.00", "5.00", "5.00"],
             "out.212": ["0.00", "0.00"], "out.grand": [grand]}
    return Schedule(key="summary", no=1, title="部门财务收支预算总表", layout="two_sided",
                    columns=[Column(c, c) for c in cols],
                    left=[Row(k, values={"amount": Cell(v)}) for k, v in left.items()],
                    right=[Row(k, code=k.split(".")[1] if k.split(".")[1].isdigit() else "",
                               values={c: Cell(x) for c, x in zip(cols, v)}) for k, v in right.items()])


def shanghai(*schedules: Schedule) -> Report:
    return Report(template="shanghai_budget", schedules={s.key: s for s in schedules})


def test_optional_row_sum_checks_only_rows_printing_every_part():
    """上海 预算总表 (optional parts): a row printing 人员/公用/项目 is summed, a row printing only its amount
    (or only some parts: another variant of the form) is passed over, neither compared nor could-not-check."""
    assert table_findings(shanghai(shanghai_summary()), only={"table.row_sum"}) == []
    found = table_findings(shanghai(shanghai_summary(row_201="61.00", grand="101.00")), only={"table.row_sum"})
    assert [(f.severity, f.row, f.column, f.stated, f.expected) for f in found] == [
        ("error", "out.201", "amount", "61.00", "60.00")]


def test_budget_summary_total_is_the_sum_of_its_items():
    """items_to_grand (a budget's 收支总表 prints no 本年合计): 总计 = Σ 支出 items in the columns the
    总计 row prints; the 收入 side's rows_sum only in its declared column (amount)."""
    assert table_findings(shanghai(shanghai_summary()), only={"table.column_sum"}) == []
    found = table_findings(shanghai(shanghai_summary(grand="101.00")), only={"table.column_sum"})
    assert [(f.severity, f.row, f.column, f.stated, f.expected) for f in found] == [
        ("error", "out.grand", "amount", "101.00", "100.00")]
    assert "按 各收入（支出）项目之和 应为 100.00万元" in found[0].message


def test_breakdown_rows_of_a_two_sided_table_are_not_summed_again():
    """A breakdown row (in.fiscal.gp, in.carry_begin.gp) is within its parent row: 本年收入合计 = the items
    and 总计 = 本年合计 + carry-over rows count it once."""
    sch = two_sided(1, {"in.fiscal": "100.00", "in.fiscal.gp": "100.00", "in.total_year": "100.00",
                        "in.carry_begin": "10.00", "in.carry_begin.gp": "10.00", "in.grand": "110.00"},
                    {"out.201": ["95.00"], "out.total_year": ["95.00"], "out.carry_end": ["15.00"],
                     "out.carry_end.gp": ["15.00"], "out.grand": ["110.00"]}, ["amount"])
    assert table_findings(report_with(sch), only={"table.column_sum"}) == []


@pytest.mark.parametrize("rule", ["table.column_sum", "table.hierarchy"])
def test_low_confidence_table_is_could_not_check_for_every_rule(rule):
    """A table read with too little confidence is said to be could-not-check by the 合计/科目 rules too."""
    sch = t6(total=["31.00", "21.00", "10.00"])
    sch.confidence = 0.3
    found = table_findings(report_with(sch), only={rule})
    assert [(f.severity, f.table) for f in found] == [("info", "gp_expense")] and "置信度" in found[0].message


@pytest.mark.parametrize("key,level", [("total", None), ("sum", "total"), ("total", "total")])
def test_the_total_row_is_found_by_its_level_or_its_key(key, level):
    """column_sum: the 合计 row is the row of level total, or the one keyed total (a level not read)."""
    rows = [plain(key, "", {"total": "31.00"}, level), plain("201", "201", {"total": "30.00"}, "类"),
            plain("20103", "20103", {"total": "30.00"}, "款")]
    found = table_findings(report_with(labelled("gp_expense", {"total": "合计"}, rows)), only={"table.column_sum"})
    assert [(f.severity, f.row, f.stated, f.expected) for f in found] == [("error", key, "31.00", "30.00")]


@pytest.mark.parametrize("total,errors", [("30.00", []), ("31.00", [("total", "31.00", "30.00")])])
def test_lei_rows_without_a_level_are_the_three_digit_codes(total, errors):
    """A row whose level was not read is a 类 when its code has three digits (not a 款 or 项)."""
    rows = [plain("total", "", {"total": total}, "total"), plain("201", "201", {"total": "30.00"}),
            plain("20103", "20103", {"total": "30.00"}), plain("2010301", "2010301", {"total": "30.00"})]
    found = table_findings(report_with(labelled("gp_expense", {"total": "合计"}, rows)), only={"table.column_sum"})
    assert [(f.row, f.stated, f.expected) for f in found] == errors


def test_hierarchy_formula_names_the_level_summed():
    """A 类 is the sum of its 款 (所属各款之和), a 款 of its 项 (所属各项之和)."""
    sch = t6(**{"20103": ["31.00", "21.00", "10.00"]})
    found = table_findings(report_with(sch), only={"table.hierarchy"})
    formulas = {(f.row, f.column): f.message.split("按 ")[1].split(" 应为")[0] for f in found}
    assert formulas == {("201", "total"): "所属各款之和", ("201", "basic"): "所属各款之和",
                        ("20103", "total"): "所属各项之和", ("20103", "basic"): "所属各项之和"}


def _cross_each_lei(report: Report, a_table: str) -> list[Finding]:
    from budgetlib import templates
    from budgetlib.checks.identities import identity_id

    tpl = templates.get(report.template)
    i = next(i for i, d in enumerate(tpl.identities) if d.kind == "equal" and d.each and d.a.table == a_table)
    return [f for f in table_findings(report, only={"table.cross"}) if f.identity == identity_id(tpl.name, i)]


@pytest.mark.parametrize("out_206,said", [("5.00", True), ("1.00", True), ("0.00", False), ("", False)])
def test_a_lei_only_the_summary_prints_is_a_gap_only_with_an_amount(out_206, said):
    """Per 类 (支出决算表 vs 收支决算总表): a 类 printed on both sides is compared; one only the summary prints
    cannot be compared and is said (info) when it carries an amount, passed over when it is 0 or blank."""
    t3 = schedule(3, ["total"], [row("total", {"total": "95.00"}), row("201", {"total": "95.00"})])
    t1 = two_sided(1, {"in.gp": "100.00", "in.total_year": "100.00", "in.carry_begin": "10.00", "in.grand": "110.00"},
                   {"out.201": ["95.00"], "out.206": [out_206], "out.total_year": ["95.00"], "out.carry_end": ["15.00"],
                    "out.grand": ["110.00"]}, ["amount"])
    found = _cross_each_lei(report_with(t1, t3), "expense")
    assert [(f.severity, f.table, f.row) for f in found] == ([("info", "income_expense_summary", "out.206")] if said else [])
    if said:
        assert f"附表3未列出类 206，附表1为 {out_206}万元，无法逐类核对" in found[0].message


def test_per_lei_comparison_looks_only_at_the_lei_of_the_other_table():
    """上海 收入预算表 vs 支出预算表 per 类: the 款 and 项 of the expense table are no 类 the income table lacks."""
    income = labelled("income", {"total": "合计"}, [plain("total", "", {"total": "30.00"}, "total"),
                                                   plain("201", "201", {"total": "30.00"}, "类")])
    expense = labelled("expense", {"total": "合计"}, [plain("total", "", {"total": "30.00"}, "total"),
                                                     plain("201", "201", {"total": "30.00"}, "类"),
                                                     plain("20101", "20101", {"total": "30.00"}, "款"),
                                                     plain("2010101", "2010101", {"total": "30.00"}, "项")])
    assert _cross_each_lei(shanghai(income, expense), "income") == []
    expense.rows[1].values["total"] = Cell("31.00")
    assert [(f.severity, f.row, f.stated, f.expected) for f in _cross_each_lei(shanghai(income, expense), "income")] == [
        ("error", "201", "30.00", "31.00")]


def test_a_table_of_another_template_is_checked_by_that_templates_identities():
    """A report that fits no template still has each table checked by the within-table identities of
    the template the table belongs to (here 合计 = Σ 类 of 一般公共预算支出表), and by nothing else."""
    sch = t6(total=["31.00", "21.00", "10.00"])
    rep = Report(template=None, schedules={sch.key: sch})
    found = table_findings(rep, only={"table.column_sum"})
    assert sorted((f.rule, f.severity, f.row, f.column) for f in found) == [
        ("table.column_sum", "error", "total", "basic"), ("table.column_sum", "error", "total", "total")]
    sch.present = False
    assert table_findings(rep, only={"table.column_sum"}) == []


def national(*schedules: Schedule) -> Report:
    return Report(template="national_dept_2024", schedules={s.key: s for s in schedules})


def _convention(report: Report) -> list[Finding]:
    from budgetlib import templates
    from budgetlib.checks.identities import identity_id

    tpl = templates.get("national_dept_2024")
    i = next(i for i, d in enumerate(tpl.identities) if getattr(d, "convention", False) and d.a.row == "30108")
    return [f for f in table_findings(report, only={"table.cross"}) if f.identity == identity_id(tpl.name, i)]


@pytest.mark.parametrize("basic,said", [(None, False), ("5.0O", True), ("5.00", False), ("7.00", True)])
def test_convention_pair_does_not_apply_where_a_row_is_not_printed(basic, said):
    """基本支出表 30108 = 支出表 项 2080505 基本支出, by convention: a unit without the 项 skips the pair;
    a figure that is not a number is could-not-check; 2.00 apart is information, never an error."""
    gp_basic = labelled("gp_basic", {"amount": "金额"}, [plain("30108", "30108", {"amount": "5.00"}, "款")])
    rows = [plain("total", "", {"total": "5.00", "basic": "5.00"}, "total")]
    if basic is not None:
        rows.append(plain("2080505", "2080505", {"total": "5.00", "basic": basic}, "项"))
    gp = labelled("gp_expense", {"total": "合计", "basic": "基本支出"}, rows)
    found = _convention(national(gp_basic, gp))
    assert [f.severity for f in found] == (["info"] if said else [])


def test_a_cross_identity_on_an_absent_table_names_the_absent_tables_only():
    """table.cross on a report holding only 附表6 says, once per table, which absent tables it could not
    use; the table that is there is never called absent."""
    found = [f for f in table_findings(report_with(t6()), only={"table.cross"}) if "未找到" in f.message]
    named = {f.table for f in found}
    assert "fiscal_expense" in named and "gp_expense_detail" in named and "gp_expense" not in named
    assert all(f.severity == "info" and f.message.endswith("未找到，涉及它的核对未做") for f in found)


def test_judge_sums_unsigned_terms_and_points_at_a_single_other_table_cell():
    """An Identity of Terms given no sign adds them; a sum of a single cell of another table (b: [[…]])
    carries that cell as `other`, as a figure printed twice does."""
    from budgetlib.checks.identities import Identity, Term, judge

    a = labelled("gp_expense", {"total": "合计"}, [plain("total", "", {"total": "30.00"}, "total")], no=6, numbered=True)
    b = labelled("fiscal_expense", {"gp": "一般公共预算"},
                 [plain("total", "", {"gp": "20.00"}, "total"), plain("201", "201", {"gp": "10.00"}, "类")],
                 no=5, numbered=True)
    ctx = Context(report_with(a, b))
    parts = [Term(b, "total", "gp", b.rows[0].values["gp"]), Term(b, "201", "gp", b.rows[1].values["gp"])]
    assert judge(ctx, Identity("table.cross", Term(a, "total", "total", a.rows[0].values["total"]), parts, "f")) is None
    f = judge(ctx, Identity("table.cross", Term(a, "total", "total", a.rows[0].values["total"]), parts[:1], "f"))
    assert (f.severity, f.stated, f.expected) == ("error", "30.00", "20.00")
    assert (f.other["table"], f.other["table_no"], f.other["row"], f.other["column"]) == ("fiscal_expense", 5, "total", "gp")


def test_figures_are_quoted_at_the_finest_decimals_printed():
    """A part printed with fewer decimals does not coarsen the figures the finding quotes."""
    found = table_findings(report_with(t6(**{"2010350": ["12.50", "2.0", "10.00"]})), only={"table.row_sum"})
    assert [(f.stated, f.expected, f.difference) for f in found] == [("12.50", "12.00", "0.50")]


def test_a_yuan_table_is_judged_at_the_one_yuan_its_figures_were_kept_to():
    """In a 元 table printed to the 元, a sum 10 元 off is beyond its parts' rounding (an error, not a 尾差 of
    0.01 万元), and the finding quotes the figures as the table prints them, with separators."""
    t6_yuan = schedule(6, T6_COLS, [row("2010350", {"total": "120013.00", "basic": "20001.00", "project": "100002.00"})],
                       unit="元")
    found = table_findings(report_with(t6_yuan), only={"table.row_sum"})
    assert [(f.severity, f.stated, f.expected, f.difference, f.amount_unit) for f in found] == [
        ("error", "120,013.00", "120,003.00", "10.00", "元")]


def test_a_wan_table_printed_to_one_decimal_is_quoted_to_one_decimal():
    """Figures are quoted at the decimals the table prints them to (here one), not at a fixed two."""
    sch = schedule(6, T6_COLS, [row("2010350", {"total": "12.5", "basic": "2.0", "project": "10.0"})])
    found = table_findings(report_with(sch), only={"table.row_sum"})
    assert [(f.severity, f.stated, f.expected, f.difference) for f in found] == [("error", "12.5", "12.0", "0.5")]
    assert "应为 12.0万元" in found[0].message and "差额 0.5万元" in found[0].message
