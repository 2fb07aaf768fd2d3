"""The perf.* rules against the corpus truth (oracle: the truth `errors`), the seed's own defects,
and hand-made forms for the edge cases."""

from __future__ import annotations

import pytest
from conftest import DATA, corpus_cases, truth_of
from truthmatch import missing, pdf_mismatches, truth_severity, unexpected, wrong_severity

from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Cell, Finding, FundRow, Indicator, PerfForm, Report, Total
from budgetlib.numbers import leading_number
from budgetlib.templates.form_profile import FormProfile

PERF_RULES = {r for r in RULES if r.startswith("perf.")}


def perf_findings(report: Report, only: set[str] = PERF_RULES) -> list[Finding]:
    return list(run_rules(Context(report, {}), only=only))


def policy_severity(truth: dict):
    """Truth severity, plus rules.md's judgement call: an '=' target exceeded is a warning."""
    def severity(e: dict) -> str:
        loc = e["location"]
        if e["rule"] == "perf.unmet_full_score":
            ind = truth["performance"][loc["project"] - 1]["indicators"][loc["indicator"] - 1]
            if ind["op"] == "=" and leading_number(ind["actual"]) > leading_number(ind["target"]):
                return "warning"
        return truth_severity(e)
    return severity


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_truth_errors_are_found_and_nothing_else(pdf):
    truth = truth_of(pdf)
    findings = perf_findings(Report.from_truth(truth))
    assert missing(findings, truth["errors"], PERF_RULES) == []
    assert unexpected(findings, truth["errors"], PERF_RULES) == []
    assert wrong_severity(findings, truth["errors"], PERF_RULES, policy_severity(truth)) == []


# ---------------------------------------------------------------- the seed's own defects


@pytest.fixture(scope="module")
def seed_findings() -> list[Finding]:
    return perf_findings(Report.from_truth(truth_of(DATA / "seed_2023.pdf")))


def pick(findings, rule, **where):
    return [f for f in findings if f.rule == rule and all(getattr(f, k) == v for k, v in where.items())]


@pytest.mark.parametrize("project,stated,expected", [(3, "84.55%", "84.53%"), (18, "83.66%", "83.68%")])
def test_seed_exec_rate_within_rounding_is_a_warning(seed_findings, project, stated, expected):
    found = pick(seed_findings, "perf.exec_rate", project=project, row="总额")
    assert [(f.severity, f.stated, f.expected, f.within_rounding) for f in found] == [
        ("warning", stated, expected, True)]
    assert found[0].project_name.endswith("项目" if project == 3 else "辅助平台研发")


def test_seed_missed_income_target_scored_in_full(seed_findings):
    found = pick(seed_findings, "perf.unmet_full_score", project=4)
    assert [(f.severity, f.indicator, f.stated, f.expected) for f in found] == [("error", 4, "20", "<20")]
    assert "229.5" in found[0].message


def test_seed_strict_targets_met_only_with_equality(seed_findings):
    found = pick(seed_findings, "perf.unmet_full_score", project=17)
    assert [(f.severity, f.indicator) for f in found] == [("error", 6), ("error", 7)]


def test_seed_equals_target_exceeded_is_a_warning(seed_findings):
    found = pick(seed_findings, "perf.unmet_full_score", project=14)
    assert [(f.severity, f.indicator) for f in found] == [("warning", 2), ("warning", 3)]


def test_seed_wan_reconciled(seed_findings):
    # 受理群众咨询申诉数量 ≥ 5.77 万件, 完成值 "5.77万": met.
    assert pick(seed_findings, "perf.unmet_full_score", project=14, indicator=1) == []


@pytest.mark.parametrize("project", [9, 10, 11, 12])
def test_seed_personnel_forms_template_text_and_blank_scores(seed_findings, project):
    fields = {f.field for f in pick(seed_findings, "perf.placeholder", project=project)}
    assert {"goal_done", "conclusion", "problems", "measures"} <= fields
    assert [f.severity for f in pick(seed_findings, "perf.budget_score", project=project)] == ["error"]
    assert [(f.severity, f.row) for f in pick(seed_findings, "perf.total_missing", project=project)] == [
        ("error", "合计")]


def test_seed_template_note_in_funds_reason(seed_findings):
    found = {f.project for f in pick(seed_findings, "perf.placeholder", field="funds.reason")}
    assert found == {10, 11}


def test_seed_blank_budget_score_expected_at_two_decimals(seed_findings):
    found = pick(seed_findings, "perf.budget_score", project=9)
    assert [(f.stated, f.expected) for f in found] == [(None, "9.96")]


# ---------------------------------------------------------------- hand-made forms


def c(text):
    return Cell(text)


def fund(name, initial, adjusted, executed, rate, weight="/", score="/", reason=""):
    return FundRow(name, c(initial), c(adjusted), c(executed), c(rate), c(weight), c(score), c(reason))


def ind(op, target, unit, actual, weight, score, l3="指标"):
    return Indicator(l1=c("产出指标"), l2=c("数量指标"), l3=c(l3), op=c(op), target=c(target), unit=c(unit),
                     actual=c(actual), weight=c(weight), score=c(score), reason=c(""))


def form(funds=None, indicators=None, total=("100", "100"), **text) -> Report:
    f = PerfForm(index=1, project=c("51000022T000000000001-测试项目"))
    f.funds = funds if funds is not None else [
        fund("总额", "10.00", "10.00", "10.00", "100.00%", "10", "10"),
        fund("其中：财政资金", "10.00", "10.00", "10.00", "100.00%"),
        fund("其他资金", "-", "-", "-", "-"),
    ]
    f.indicators = indicators if indicators is not None else [ind("≥", "1", "项", "1", "90", "90")]
    f.total = None if total is None else Total(c(total[0]), c(total[1]))
    for k, v in text.items():
        setattr(f, k, c(v))
    return Report(forms=[f])


def test_clean_form_with_dash_rows_passes():
    assert [f for f in perf_findings(form()) if f.severity != "info"] == []


@pytest.mark.parametrize("score,severity", [("8.5", None), ("8.4", "warning"), ("8.0", "error"), ("8.45", None),
                                            ("8.46", "warning"), ("9", "error")])
def test_one_and_two_decimal_budget_scores(score, severity):
    rep = form([fund("总额", "13.06", "13.06", "11.04", "84.53%", "10", score)], total=None)
    found = [f for f in perf_findings(rep, {"perf.budget_score"})]
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_zero_budget_gives_zero_rate_and_no_division_error():
    rep = form([fund("总额", "0.00", "0.00", "0.00", "0.00%", "10", "0"),
                fund("单位资金", "0.00", "0.00", "0.00", "100.00%")],
               indicators=[ind("≥", "1", "项", "1", "90", "90")], total=("100", "90"))
    found = perf_findings(rep, {"perf.exec_rate", "perf.budget_score"})
    assert [(f.rule, f.severity, f.row, f.expected) for f in found] == [
        ("perf.exec_rate", "error", "单位资金", "0.00%")]


def test_rate_outside_the_envelope_is_an_error():
    rep = form([fund("总额", "13.06", "13.06", "11.04", "84.61%", "10", "8.5")], total=None)
    found = perf_findings(rep, {"perf.exec_rate"})
    assert [(f.severity, f.stated, f.expected, f.row, f.column) for f in found] == [
        ("error", "84.61%", "84.53%", "总额", "rate")]
    assert "84.61%" in found[0].message and "84.53%" in found[0].message


def test_fund_sum_with_dash_parts():
    rep = form([fund("总额", "10.00", "12.00", "10.00", "83.33%", "10", "8.33"),
                fund("其中：财政资金", "10.00", "10.00", "10.00", "100.00%"),
                fund("其他资金", "-", "", "-", "-")], total=None)
    found = perf_findings(rep, {"perf.fund_sum"})
    assert [(f.column, f.stated, f.expected) for f in found] == [("adjusted", "12.00", "10.00")]


@pytest.mark.parametrize("op,target,unit,actual,severity", [
    ("≥", "95", "%", "95%", None),
    ("≥", "230", "万元", "229.5", "error"),
    (">", "1", "个", "1", "error"),
    ("<", "1", "分钟", "1", "error"),
    ("≤", "12", "小时", "11", None),
    ("=", "90", "%", "100%", "warning"),
    ("=", "90", "%", "80%", "error"),
    ("=", "100", "%", "100%", None),
    ("≥", "5.77", "万件", "5.77万", None),
    ("≥", "57700", "件", "5.77万", None),
    ("≥", "57800", "件", "5.77万", "error"),
    ("=", "57700", "件", "5.77万", None),  # 5.77万 is exactly 57700
    ("≥", "1000", "万人", "1000", None),
    ("定性", "达成", "", "未达成", None),
])
def test_unmet_full_score_by_operator(op, target, unit, actual, severity):
    rep = form(indicators=[ind(op, target, unit, actual, "90", "90")])
    found = [f for f in perf_findings(rep, {"perf.unmet_full_score"})]
    assert [(f.severity, f.indicator, f.column) for f in found] == ([(severity, 1, "score")] if severity else [])


def test_partial_score_is_not_a_full_score_claim():
    rep = form(indicators=[ind("≥", "230", "万元", "229.5", "90", "89.8")], total=("100", "99.8"))
    assert perf_findings(rep, {"perf.unmet_full_score", "perf.total"}) == []


def test_unreadable_actual_with_full_score_could_not_check():
    found = perf_findings(form(indicators=[ind("≥", "95", "%", "完成", "90", "90")]), {"perf.unmet_full_score"})
    assert [f.severity for f in found] == ["info"]


def test_total_uses_the_expected_budget_score_when_blank():
    ok = form([fund("总额", "10.00", "10.00", "9.00", "90.00%", "10", "")], total=("100", "99"))
    bad = form([fund("总额", "10.00", "10.00", "9.00", "90.00%", "10", "")], total=("100", "100"))
    assert perf_findings(ok, {"perf.total"}) == []
    assert [(f.severity, f.stated, f.expected) for f in perf_findings(bad, {"perf.total"})] == [
        ("error", "100", "99")]


def test_total_with_a_blank_budget_score_takes_it_at_two_decimals():
    # 执行 10.00 of 12.00: 83.333…% × 10 = 8.3333 → 8.33 (a score has two decimals); 8.33 + 90 = 98.33 exactly
    rows = [fund("总额", "12.00", "12.00", "10.00", "83.33%", "10", "")]
    assert perf_findings(form(rows, total=("100", "98.33")), {"perf.total"}) == []
    (f,) = perf_findings(form(rows, total=("100", "98.34")), {"perf.total"})
    assert (f.severity, f.stated, f.expected) == ("error", "98.34", "98.33")


def test_total_missing_row_or_blank_score():
    assert [f.row for f in perf_findings(form(total=None), {"perf.total_missing", "perf.total"})] == ["合计"]
    found = perf_findings(form(total=("100", "")), {"perf.total_missing", "perf.total"})
    assert [(f.rule, f.severity) for f in found] == [("perf.total_missing", "error")]


@pytest.mark.parametrize("weights,flagged", [(["22.5"] * 4, False), (["40", "20", "30"], False),
                                             (["40", "20", "35"], True)])
def test_indicator_weights(weights, flagged):
    rep = form(indicators=[ind("≥", "1", "项", "1", w, w) for w in weights])
    found = perf_findings(rep, {"perf.indicator_weights"})
    assert [(f.row, f.column, f.stated) for f in found] == ([("indicators", "weight", "95")] if flagged else [])


@pytest.mark.parametrize("weights,total,flagged", [(["40", "30", "20"], 90, False), (["40", "30", "30"], 90, True),
                                                   (["40", "30", "30"], 100, False), (["40", "30", "20"], 100, True)])
def test_indicator_weight_total_is_the_profiles(weights, total, flagged):
    """The 90 is the 四川 template's; a template whose indicators are worth 100 checks against 100."""
    rep = form(indicators=[ind("≥", "1", "项", "1", w, w) for w in weights])
    rep.form_profile = FormProfile(indicator_weight_total=total)
    found = perf_findings(rep, {"perf.indicator_weights"})
    assert [(f.stated, f.expected) for f in found] == ([(str(sum(map(int, weights))), str(total))] if flagged else [])
    assert all(f"应为 {total}" in f.message for f in found)


def test_no_total_row_is_could_not_check_never_the_first_row():
    """An 安徽 form whose 年度资金总额 row was not recognised: its first row (本年财政拨款) must not stand
    in for the total, which judged the sources against it with stated and expected swapped."""
    rep = form([fund("其中：本年财政拨款", "90", "89.974", "89.974", "0", "10", "0"),
                fund("上年结转资金", "", "", "", "", "10", "0"),
                fund("其他资金", "", "", "", "", "10", "0")], total=("100", "90"))
    found = perf_findings(rep, {"perf.fund_sum", "perf.budget_score", "perf.total"})
    assert sorted((f.rule, f.severity) for f in found) == [
        ("perf.budget_score", "info"), ("perf.fund_sum", "info"), ("perf.total", "info")]
    assert all(f.message.startswith("无法核对：") and "未找到年度资金总额行" in f.message for f in found)


@pytest.mark.parametrize("field,text,flagged", [
    ("goal_done", "对照年度目标，说明相关任务目标的完成情况(100字以内)", True),
    ("conclusion", "结合自评情况,说明项目自评总分。（200字以内）", True),
    ("measures", "无", False),
    ("problems", "资金拨付滞后，项目在200个工作日内完成。", False),
])
def test_placeholder_text(field, text, flagged):
    found = perf_findings(form(**{field: text}), {"perf.placeholder"})
    assert [(f.field, f.severity) for f in found] == ([(field, "error")] if flagged else [])


def test_form_without_funds_or_indicators_could_not_check():
    found = perf_findings(form(funds=[], indicators=[], total=("100", "0")),
                          PERF_RULES - {"perf.placeholder", "perf.total_missing"})
    assert {f.rule for f in found} == PERF_RULES - {"perf.placeholder", "perf.total_missing"}
    assert {f.severity for f in found} == {"info"}


def test_forms_not_found_is_info_for_every_rule():
    found = perf_findings(Report(forms_found=False))
    assert {f.rule for f in found} == PERF_RULES
    assert {f.severity for f in found} == {"info"}


def test_finding_carries_cell_provenance():
    from budgetlib.model import Prov

    rep = form([fund("总额", "13.06", "13.06", "11.04", "84.61%", "10", "8.5")], total=None)
    rep.forms[0].funds[0].rate.prov = Prov(57, (100.0, 200.0, 140.0, 212.0))
    (f,) = perf_findings(rep, {"perf.exec_rate"})
    assert (f.page, f.bbox, f.project, f.project_name) == (
        57, (100.0, 200.0, 140.0, 212.0), 1, "51000022T000000000001-测试项目")


# ---------------------------------------------------------------- end to end (PDF → findings)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", sorted(DATA.glob("*.pdf")), ids=lambda p: p.stem)
def test_pdf_end_to_end_perf_rules(pdf):
    assert pdf_mismatches(pdf, PERF_RULES, "forms_found") == ([], [])


# the operator printed in the 指标值 of a form without a 指标性质 column (安徽: ≥50个, ≤90万元); a bare 完成值 is
# in the target's unit (90 万元 ≤ 90 万元 is met, 95 is not)
@pytest.mark.parametrize("target,actual,severity", [
    ("≤90万元", "90", None),
    ("≤90万元", "95", "error"),
    ("≥50个", "50", None),
    ("≥50个", "48", "error"),
    ("≥100百分比", "100", None),
    ("效果明显", "达成预期指标", None),  # qualitative: nothing to compare
])
def test_unmet_full_score_operator_in_the_target(target, actual, severity):
    rep = form(indicators=[ind("", target, "", actual, "90", "90")])
    found = [f for f in perf_findings(rep, {"perf.unmet_full_score"})]
    assert [(f.severity, f.indicator) for f in found] == ([(severity, 1)] if severity else [])
    if severity:
        assert f"指标值 {target}，完成值 {actual}，未达到指标值" in found[0].message


@pytest.mark.parametrize("op,target,unit,actual,flagged", [
    ("≤", "90", "万元", "完成", True),  # a numeric target "completed" in words
    ("", "≤90万元", "", "已完成", True),  # the operator in the 指标值 (安徽)
    ("=", "100", "%", "达成预期指标", True),
    ("≥", "95", "%", "96%", False),
    ("定性", "有效改善", "", "完成", False),  # qualitative target: words are the answer
    ("≥", "95", "%", "", False),  # blank: perf.indicator_score_missing's business
    ("≥", "较上年提高", "", "完成", False),  # an operator without a number is no numeric target
])
def test_actual_nonnumeric(op, target, unit, actual, flagged):
    rep = form(indicators=[ind(op, target, unit, actual, "90", "90")])
    found = perf_findings(rep, {"perf.actual_nonnumeric"})
    assert [(f.severity, f.stated, f.column) for f in found] == ([("error", actual, "actual")] if flagged else [])


def test_actual_nonnumeric_names_the_indicator():
    named = ind("≤", "90", "万元", "完成", "10", "10", l3="项目成本")
    unnamed = ind("=", "100", "%", "达成预期指标", "10", "10", l3="")
    found = perf_findings(form(indicators=[named, unnamed]), {"perf.actual_nonnumeric"})
    assert [f.indicator for f in found] == [1, 2]
    assert "指标“项目成本”指标值" in found[0].message
    assert "指标“第2项指标”指标值" in found[1].message  # no 三级指标 name printed: its position


def test_budget_score_caps_the_rate_at_a_hundred_percent():
    # 执行数 12.00 over 预算数 10.00: 执行率 120%, but the score is min(120%, 100%) × 10 = 10, never 12
    over = [fund("总额", "10.00", "10.00", "12.00", "120.00%", "10", "10")]
    assert perf_findings(form(over, total=None), {"perf.budget_score"}) == []
    over[0] = fund("总额", "10.00", "10.00", "12.00", "120.00%", "10", "12")
    (f,) = perf_findings(form(over, total=None), {"perf.budget_score"})
    assert (f.severity, f.stated, f.expected) == ("error", "12", "10")


def test_fund_sum_counts_other_funds():
    # 总额 15.00 = 财政资金 10.00 + 其他资金 5.00 in every column
    rows = [fund("总额", "15.00", "15.00", "15.00", "100.00%", "10", "10"),
            fund("其中：财政资金", "10.00", "10.00", "10.00", "100.00%"),
            fund("其他资金", "5.00", "5.00", "5.00", "100.00%")]
    assert perf_findings(form(rows, total=None), {"perf.fund_sum"}) == []
    # 总额 10.00 with 其他资金 5.00 beside 财政资金 10.00: the sources make 15.00
    rows[0] = fund("总额", "10.00", "10.00", "10.00", "100.00%", "10", "10")
    found = perf_findings(form(rows, total=None), {"perf.fund_sum"})
    assert sorted((f.column, f.stated, f.expected, f.severity) for f in found) == [
        ("adjusted", "10.00", "15.00", "error"), ("executed", "10.00", "15.00", "error"),
        ("initial", "10.00", "15.00", "error")]


def test_fund_sum_names_the_columns_as_the_form_prints_them():
    # a form headed 全年预算数 where the template says 调整后预算数: the finding uses the form's word, for
    # that column only (年初预算数 stays 年初预算数)
    rep = form([fund("总额", "11.00", "12.00", "10.00", "83.33%", "10", "8.33"),
                fund("其中：财政资金", "10.00", "10.00", "10.00", "100.00%")], total=None)
    rep.forms[0].budget_label = "全年预算数"
    found = perf_findings(rep, {"perf.fund_sum"})
    assert [(f.column, f.message.split("总额报告数")[0][-5:]) for f in found] == [
        ("initial", "年初预算数"), ("adjusted", "全年预算数")]


def test_budget_score_below_the_exact_one_but_inside_rounding_is_a_warning():
    # 9.99 / 10.00 × 10 = 9.99; with each amount ±0.005 the score lies in 9.985/10.005 × 10 = 9.980 … 10:
    # a printed 9.98 is inside (a warning), 9.97 outside (an error)
    found = perf_findings(form([fund("总额", "10.00", "10.00", "9.99", "99.90%", "10", "9.98")], total=None),
                          {"perf.budget_score"})
    assert [(f.severity, f.stated) for f in found] == [("warning", "9.98")]
    found = perf_findings(form([fund("总额", "10.00", "10.00", "9.99", "99.90%", "10", "9.97")], total=None),
                          {"perf.budget_score"})
    assert [(f.severity, f.stated) for f in found] == [("error", "9.97")]


# ---------------------------------------------------------------- edge cases pinned for the mutation run (issue 20)


def test_finding_page_falls_back_to_the_forms_first_page_only_without_a_cell():
    """A finding with no cell of its own (Σ 权重) points at the form's first page; one that has a cell keeps
    the cell's page, never the form's first."""
    from budgetlib.model import Prov

    rep = form(indicators=[ind("≥", "1", "项", "1", w, w) for w in ("40", "20", "35")],
               funds=[fund("总额", "13.06", "13.06", "11.04", "84.61%", "10", "8.5")], total=None)
    rep.forms[0].pages = [57, 58]
    rep.forms[0].funds[0].rate.prov = Prov(58, (1.0, 2.0, 3.0, 4.0))
    found = perf_findings(rep, {"perf.indicator_weights", "perf.exec_rate"})
    assert sorted((f.rule, f.page) for f in found) == [("perf.exec_rate", 58), ("perf.indicator_weights", 57)]


@pytest.mark.parametrize("executed,adjusted,rate,basis", [
    ("11.04", "13.06", "84.61%", "预算执行数 11.04 ÷ 调整后预算数 13.06"),  # two decimals as printed
    ("11", "13", "84.00%", "预算执行数 11.00 ÷ 调整后预算数 13.00"),  # whole numbers at two decimals
    ("89.974", "90.5", "98.00%", "预算执行数 89.974 ÷ 调整后预算数 90.50"),  # a third decimal kept
])
def test_exec_rate_message_quotes_the_amounts_at_their_printed_precision(executed, adjusted, rate, basis):
    """The amounts in a perf.exec_rate message: at least two decimals, more where the form prints more."""
    rep = form([fund("总额", adjusted, adjusted, executed, rate, "10", "8")], total=None)
    (f,) = perf_findings(rep, {"perf.exec_rate"})
    assert f.severity == "error" and basis in f.message


def zero_total_over_sources(rate="100.00%", score="10", executed="0"):
    """Excerpt 12's shape: a 总额 row printed 0 over a source row that shows 89.974 of 89.974."""
    return form([fund("总额", "0", "0", executed, rate, "10", score),
                 fund("其中：本年财政拨款", "90", "89.974", "89.974", "100.00%")], total=None)


def test_zero_total_is_judged_against_its_sources():
    """A 总额 printed as 0 over sources with a budget: its rate and score are judged against the sources'
    sums (89.974 / 89.974 = 100.00%, score 10 of 10), not against the 0.00% convention."""
    assert perf_findings(zero_total_over_sources(), {"perf.exec_rate", "perf.budget_score"}) == []
    found = perf_findings(zero_total_over_sources(rate="99.00%", score="9"), {"perf.exec_rate", "perf.budget_score"})
    assert sorted((f.rule, f.severity, f.stated, f.expected) for f in found) == [
        ("perf.budget_score", "error", "9", "10"), ("perf.exec_rate", "error", "99.00%", "100.00%")]
    rate = next(f for f in found if f.rule == "perf.exec_rate")
    assert "预算执行数 89.974 ÷ 调整后预算数 89.974（总额行为0，按各资金来源合计）" in rate.message


def test_total_with_zero_budget_but_an_execution_keeps_its_own_zero_rate():
    """A 总额 whose 预算数 is 0 but whose 执行数 is not is not 'printed as 0': its own 0.00% convention holds,
    the sources' 50% is not imposed on it."""
    rep = form([fund("总额", "0", "0", "5.00", "0.00%", "10", "0"),
                fund("其中：财政资金", "10.00", "10.00", "5.00", "50.00%")], total=None)
    assert perf_findings(rep, {"perf.exec_rate"}) == []


@pytest.mark.parametrize("total,severity,difference", [
    ("10.01", "warning", "0.01"),  # 2 parts: a 尾差 of up to max(0.01, 2 × 0.005) = 0.01
    ("9.99", "warning", "-0.01"),
    ("10.02", "error", "0.02"),
])
def test_fund_sum_tail_of_one_cent_is_a_warning(total, severity, difference):
    """perf.fund_sum: a 总额 off the sum of its 2 sources by at most 0.01 is a 尾差 (warning), beyond it an error;
    the difference is stated − expected."""
    rows = [fund("总额", total, "10.00", "10.00", "100.00%", "10", "10"),
            fund("其中：财政资金", "5.00", "5.00", "5.00", "100.00%"),
            fund("其他资金", "5.00", "5.00", "5.00", "100.00%")]
    (f,) = perf_findings(form(rows, total=None), {"perf.fund_sum"})
    assert (f.column, f.severity, f.within_rounding, f.stated, f.expected, f.difference) == (
        "initial", severity, severity == "warning", total, "10.00", difference)
    assert f"差额 {difference}" in f.message


def grouped(*groups):
    """Indicators under 一级指标 that print their points (安徽: 产出指标(50分)); each group (label, weights)."""
    out = []
    for label, weights in groups:
        for w in weights:
            i = ind("≥", "1", "项", "1", w, w)
            i.l1 = c(label)
            out.append(i)
    return out


def test_declared_groups_that_add_up_pass():
    """Each 一级指标's weights equal its printed points and the points add up to 90: nothing to report."""
    rep = form(indicators=grouped(("产出指标(50分)", ["30", "20"]), ("效益指标（40分）", ["40"])))
    assert perf_findings(rep, {"perf.indicator_weights"}) == []


def test_each_declared_group_is_judged_by_its_own_points():
    """Weights 45 under 产出指标(50分) and 45 under 效益指标(40分) add up to 90 overall, but each group misses
    its printed points: two errors, stated − expected as the difference."""
    rep = form(indicators=grouped(("产出指标(50分)", ["30", "15"]), ("效益指标(40分)", ["45"])))
    found = perf_findings(rep, {"perf.indicator_weights"})
    assert [(f.severity, f.stated, f.expected, f.difference) for f in found] == [
        ("error", "45", "50", "-5"), ("error", "45", "40", "5")]
    assert "产出指标(50分)各指标权重之和为 45，应为 50" in found[0].message


def test_declared_points_must_add_up_to_the_template_total():
    """Printed points 50 + 50 = 100 where the template gives indicators 90: reported, difference 10."""
    rep = form(indicators=grouped(("产出指标(50分)", ["50"]), ("效益指标(50分)", ["40"])))
    found = perf_findings(rep, {"perf.indicator_weights"})
    assert [(f.stated, f.expected, f.difference) for f in found] == [("100", "90", "10"), ("40", "50", "-10")]
    assert "各一级指标所标分值之和为 100，应为 90" in found[0].message


def test_a_group_short_of_its_points_with_an_unweighted_row_is_not_judged():
    """A group whose weights fall short while one of its rows has no weight may be cut off there: info."""
    rep = form(indicators=grouped(("产出指标(50分)", ["30", ""]), ("效益指标(40分)", ["40"])))
    found = perf_findings(rep, {"perf.indicator_weights"})
    assert [(f.severity, "有指标未列权重" in f.message) for f in found] == [("info", True)]


def test_indicator_weights_difference_is_stated_minus_expected():
    """The plain Σ 权重 finding: 95 against 90 differs by 5."""
    rep = form(indicators=[ind("≥", "1", "项", "1", w, w) for w in ("40", "20", "35")])
    (f,) = perf_findings(rep, {"perf.indicator_weights"})
    assert (f.stated, f.expected, f.difference) == ("95", "90", "5")


@pytest.mark.parametrize("stated,severity,difference", [
    ("98.5", None, None),
    ("99", "warning", "0.5"),  # 98.5 printed without decimals rounds half up to 99
    ("98", "warning", "-0.5"),  # the truncated value
    ("100", "error", "1.5"),
])
def test_total_printed_without_decimals_is_judged_at_its_precision(stated, severity, difference):
    """perf.total: 8.5 + 90 = 98.5; a 合计 printed as a whole number may be off by half a unit (a warning)."""
    rep = form([fund("总额", "13.06", "13.06", "11.04", "84.53%", "10", "8.5")], total=("100", stated))
    found = perf_findings(rep, {"perf.total"})
    assert [(f.severity, f.within_rounding, f.difference) for f in found] == (
        [(severity, severity == "warning", difference)] if severity else [])


def unscored_last_row():
    return [ind("≥", "1", "项", "1", "80", "80"), ind("≥", "1", "项", "", "", "")]


@pytest.mark.parametrize("kind,indicators,total,expected", [
    ("excerpt", unscored_last_row, None, ("info", "在合计行之前中断")),  # the excerpt stops before 合计
    ("full", unscored_last_row, None, ("error", "合计行缺失")),  # a full report is held to its 合计 row
    ("excerpt", lambda: [ind("≥", "1", "项", "1", "90", "90")], None, ("error", "合计行缺失")),
    ("excerpt", unscored_last_row, ("100", ""), ("error", "合计得分未填写")),  # a 合计 row printed blank
    ("full", lambda: [ind("≥", "1", "项", "1", "90", "90")], ("100", ""), ("error", "合计得分未填写")),
])
def test_total_missing_or_cut_off(kind, indicators, total, expected):
    """perf.total_missing: a partial document ending on an unweighted, unscored indicator row is cut off
    (info); otherwise a missing 合计 row or a blank 合计 score is an error saying which."""
    rep = form(indicators=indicators(), total=total)
    rep.kind = kind
    (f,) = perf_findings(rep, {"perf.total_missing"})
    assert (f.severity, expected[1] in f.message) == (expected[0], True)


def test_indicator_score_missing_names_each_and_points_at_the_first():
    """perf.indicator_score_missing lists the unscored indicators by 三级指标 (the 二级 where none) and points
    at the first one's score cell."""
    from budgetlib.model import Prov

    first = ind("≥", "1", "项", "", "45", "", l3="培训人次")
    second = ind("≥", "1", "项", "", "45", "", l3="")
    first.score.prov, second.score.prov = Prov(5, (1.0, 1.0, 2.0, 2.0)), Prov(6, (1.0, 1.0, 2.0, 2.0))
    (f,) = perf_findings(form(indicators=[ind("≥", "1", "项", "1", "0", "0"), first, second]),
                         {"perf.indicator_score_missing"})
    assert f.message.endswith("2项绩效指标完成值、得分均未填写：培训人次、数量指标")
    assert (f.page, f.column) == (5, "score")


@pytest.mark.parametrize("l3,name", [("项目成本", "项目成本"), ("", "第1项指标")])
def test_unmet_full_score_names_the_indicator(l3, name):
    """perf.unmet_full_score names the indicator by its 三级指标, or by its position when none is printed."""
    (f,) = perf_findings(form(indicators=[ind("≥", "230", "万元", "229.5", "90", "90", l3=l3)]),
                         {"perf.unmet_full_score"})
    assert f"指标“{name}”指标值" in f.message


def test_placeholder_in_reason_columns_points_at_the_row():
    """perf.placeholder in the 原因 columns: a fund row by its name, an indicator by its 1-based position,
    stating the cell's text."""
    note = "预算执行率=预算执行数/预算数"
    rows = [fund("总额", "10.00", "10.00", "10.00", "100.00%", "10", "10"),
            fund("其中：财政资金", "10.00", "10.00", "10.00", "100.00%", reason=note)]
    inds = [ind("≥", "1", "项", "1", "45", "45"), ind("≥", "1", "项", "1", "45", "45")]
    inds[1].reason = c(" 针对项目自评中发现的问题分析原因 ")
    found = perf_findings(form(rows, inds), {"perf.placeholder"})
    assert [(f.field, f.row, f.indicator, f.stated) for f in found] == [
        ("funds.reason", "财政资金", None, note), ("indicators.reason", None, 2, "针对项目自评中发现的问题分析原因")]
