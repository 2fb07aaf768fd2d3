"""One tolerance for every rule family (issue 20): the params file's `sum_slack_per_part` moves the
自评表 and narrative findings exactly as it moves the table findings, and the 尾差 policy of rules.md
holds between the narrative and its table cell (one figure printed twice 0.01 apart is a warning)."""

from __future__ import annotations

from decimal import Decimal

from budgetlib.checks.registry import Context, run_rules
from budgetlib.model import Cell, Claim, Column, FundRow, PerfForm, Ref, Report, Row, Schedule, Total

DEFAULT: dict = {}
WIDE = {"tolerances": {"sum_slack_per_part": "0.01"}}  # a total of 2 parts may then miss by 0.02


def verdicts(report: Report, params: dict, rule: str) -> list[tuple[str, bool]]:
    return [(f.severity, f.within_rounding) for f in run_rules(Context(report, params), only={rule})
            if f.severity != "info"]


def table_report() -> Report:
    cols = ["total", "basic", "project"]
    sch = Schedule(key="gp_expense", no=6, numbered=True, columns=[Column(c, c) for c in cols],
                   rows=[Row("2010350", code="2010350", level="项",
                             values=dict(zip(cols, map(Cell, ["100.02", "50.00", "50.00"]))))])
    return Report(template="sichuan_unit", schedules={"gp_expense": sch})


def form_report() -> Report:
    def fund(name, *amounts):
        initial, adjusted, executed = map(Cell, amounts)
        return FundRow(name=name, initial=initial, adjusted=adjusted, executed=executed, rate=Cell(""),
                       weight=Cell(""), score=Cell(""), reason=Cell(""))

    form = PerfForm(index=1, project=Cell("510000-平台运维"), funds=[
        fund("总额", "100.02", "100.00", "100.00"), fund("其中：财政资金", "50.00", "50.00", "50.00"),
        fund("其中：其他资金", "50.00", "50.00", "50.00")], total=Total(Cell("100"), Cell("")))
    return Report(template="sichuan_unit", forms=[form])


def narrative_report(stated: str = "100.02") -> Report:
    claims = [Claim("t", 1, "amount", "合计", stated), Claim("p1", 1, "amount", "甲", "50.00"),
              Claim("p2", 1, "amount", "乙", "50.00"), Claim("s", 1, "sum", "合计", total="t", parts=["p1", "p2"])]
    return Report(template="sichuan_unit", claims=claims)


def test_sum_slack_per_part_moves_tables_forms_and_narrative_alike():
    cases = {"table.row_sum": table_report(), "perf.fund_sum": form_report(), "narrative.sum": narrative_report()}
    got = {rule: (verdicts(rep, DEFAULT, rule), verdicts(rep, WIDE, rule)) for rule, rep in cases.items()}
    # 0.02 over two parts: beyond max(0.01, 2 × 0.005) by default, within 2 × 0.01 when the params say so
    assert got == {rule: ([("error", False)], [("warning", True)]) for rule in cases}


def test_a_one_unit_tail_is_a_warning_in_every_family():
    table = table_report()
    table.schedules["gp_expense"].rows[0].values["total"] = Cell("100.01")
    form = form_report()
    form.forms[0].funds[0].initial = Cell("100.01")
    for rule, rep in (("table.row_sum", table), ("perf.fund_sum", form), ("narrative.sum", narrative_report("100.01"))):
        assert verdicts(rep, DEFAULT, rule) == [("warning", True)], rule


def narrative_and_cell(stated: str, cell: str) -> Report:
    sch = Schedule(key="income", no=2, numbered=True, columns=[Column("total", "合计")],
                   rows=[Row("total", level="total", values={"total": Cell(cell)})])
    ref = Ref("income", "total", "total")
    return Report(template="sichuan_unit", schedules={"income": sch},
                  claims=[Claim("s2.total", 2, "amount", "本年收入合计", stated, ref=ref)])


def test_narrative_and_its_table_cell_one_unit_apart_is_a_warning():
    assert verdicts(narrative_and_cell("4733.14", "4733.13"), DEFAULT, "narrative.table_mismatch") == [
        ("warning", True)]
    assert verdicts(narrative_and_cell("4733.14", "4733.12"), DEFAULT, "narrative.table_mismatch") == [
        ("error", False)]
    assert verdicts(narrative_and_cell("4733.14", "4,733.14"), DEFAULT, "narrative.table_mismatch") == []


def test_a_narrative_figure_against_a_column_not_read_is_could_not_check():
    """The false error of issue 20: "说明中为4733.14万元，《收入决算表》为0.00万元" where the column was not read."""
    rep = narrative_and_cell("4733.14", "4733.14")
    rep.schedules["income"].rows[0].values.clear()
    (f,) = run_rules(Context(rep, {}), only={"narrative.table_mismatch"})
    assert (f.severity, f.outcome) == ("info", "missing") and "0.00" not in f.message and "合计" in f.message


def test_the_template_holds_the_default_and_the_params_file_overrides_it(monkeypatch):
    from budgetlib import templates

    tpl = templates.get("sichuan_unit")
    assert tpl.tolerances == {"sum_slack_per_part": "0.005"}
    report = table_report()
    assert Context(report, DEFAULT).tol.per_part == Decimal("0.005")
    monkeypatch.setitem(tpl.tolerances, "sum_slack_per_part", "0.01")
    assert Context(report, DEFAULT).tol.per_part == Decimal("0.01")
    assert verdicts(report, DEFAULT, "table.row_sum") == [("warning", True)]
    assert Context(report, {"tolerances": {"sum_slack_per_part": "0.002"}}).tol.per_part == Decimal("0.002")
