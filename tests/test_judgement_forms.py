"""Judgement rules on the 绩效自评表 (budgetlib/checks/judgement_forms.py) and the 增减少 typo: each rule on a
small hand-made form that has the problem and on its innocent look-alikes, then the seed's own forms as an
inspector reads them (every entry checked against ../shared/seed by hand), the corpus truth (no finding),
and the parsed seed PDF (the same findings, each placed on its cell)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import DATA

from budgetlib.checks import judgement_forms
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Cell, Finding, FundRow, Indicator, PerfForm, Prov, Report, Section, Total
from budgetlib.templates.form_profile import FormProfile

FORM_RULES = {r for r in RULES if RULES[r].fn.__module__ == judgement_forms.__name__}
NEW_RULES = FORM_RULES | {"judgement.typo"}


def ind(l3: str = "完成数量", op: str = "≥", target: str = "1", unit: str = "个", actual: str = "1",
        weight: str = "10", score: str = "10", l2: str = "数量指标", l1: str = "产出指标") -> Indicator:
    return Indicator(l1=Cell(l1), l2=Cell(l2), l3=Cell(l3), op=Cell(op), target=Cell(target), unit=Cell(unit),
                     actual=Cell(actual), weight=Cell(weight), score=Cell(score), reason=Cell(""))


def total_row(initial: str = "100.00", adjusted: str = "100.00", executed: str = "100.00", rate: str = "100.00%",
              reason: str = "") -> FundRow:
    return FundRow(name="总额", initial=Cell(initial), adjusted=Cell(adjusted), executed=Cell(executed),
                   rate=Cell(rate), weight=Cell("10"), score=Cell("10"), reason=Cell(reason, Prov(5, (400, 80, 540, 95))))


def form(index: int = 1, name: str = "数据共享平台运维", indicators: list[Indicator] | None = None,
         fund: FundRow | None = None, total: str = "100", **text) -> PerfForm:
    """A complete, unremarkable form: every rule passes it until a test changes one thing."""
    fields = {"goal": "完成数据共享平台运维。", "goal_done": "已完成平台运维。", "content": "开展日常运维和安全管理。",
              "conclusion": "项目完成情况良好。", "problems": "无", "measures": "无", **text}
    return PerfForm(index=index, project=Cell(f"51000022T00000000000{index}-{name}", Prov(5, (140, 40, 540, 52))),
                    funds=[fund or total_row()], indicators=indicators or [ind()],
                    total=Total(weight=Cell("100"), score=Cell(total)), pages=[5],
                    **{k: Cell(v, Prov(5, (140, 60, 540, 72))) for k, v in fields.items()})


def run(*forms: PerfForm, rule_id: str, params: dict | None = None, **report) -> list[Finding]:
    return list(run_rules(Context(Report(forms=list(forms), **report), params or {}), only={rule_id}))


def test_the_form_rules_are_registered_as_warnings_with_a_formula():
    assert NEW_RULES == {f"judgement.{n}" for n in (
        "vacuous_target", "status_as_target", "conclusion_vs_score", "duplicate_indicator", "unit_mismatch",
        "low_rate_no_reason", "adjustment_no_reason", "empty_field", "name_variant", "goal_count", "typo")}
    for r in NEW_RULES:
        assert RULES[r].severity == "warning" and RULES[r].title and RULES[r].formula


def test_an_unremarkable_form_raises_nothing():
    assert list(run_rules(Context(Report(forms=[form()]), {}), only=NEW_RULES)) == []


def test_no_forms_no_finding():
    """A template without 自评表 (or forms not found): perf's could-not-check says it once, these stay quiet."""
    bad = form(content="")
    assert run(bad, rule_id="judgement.empty_field", form_profile=None) == []
    assert run(bad, rule_id="judgement.empty_field", forms_found=False) == []


# ---------------------------------------------------------------- vacuous targets


def test_a_target_any_outcome_meets():
    f = form(indicators=[ind("景区满意度", "≥", "0", "%", "0", "5", "5", l2="服务对象满意度指标")])
    (x,) = run(f, rule_id="judgement.vacuous_target")
    assert (x.severity, x.project, x.indicator, x.column, x.stated) == ("warning", 1, 1, "target", "≥0%")
    assert "任何完成值都能达到" in x.message and "得分 5" in x.message


@pytest.mark.parametrize("op,target", [(">", "0"), ("≥", "90"), ("≤", "0"), ("≥", "0起"), ("定性", "0")])
def test_targets_that_constrain_are_not_vacuous(op, target):
    assert run(form(indicators=[ind(op=op, target=target)]), rule_id="judgement.vacuous_target") == []


# ---------------------------------------------------------------- status text where a target belongs


def test_status_text_as_target_and_actual():
    status = "因疫情政策调整，该项目暂停"
    (x,) = run(form(indicators=[ind("景区疫情防控水平", "定性", status, "", status, "5", "5")]),
               rule_id="judgement.status_as_target")
    assert (x.indicator, x.column, x.stated) == (1, "target", status) and "完成值与之相同" in x.message
    assert "指标“景区疫情防控水平”的" in x.message
    # an indicator without a 三级指标 name is named by its position in the form
    (x,) = run(form(indicators=[ind(), ind("", "定性", status, "", status, "5", "5")]), rule_id="judgement.status_as_target")
    assert x.indicator == 2 and "指标“第2项指标”的" in x.message


def test_status_text_quoted_alike_whether_a_line_break_ate_its_space():
    # “调整, 该项目” wrapped after the comma prints without the space: the finding must not depend on it
    said = []
    for status in ("因疫情政策调整, 该项目暂停", "因疫情政策调整,该项目暂停", "因疫情政策调整 ,该项目 暂停"):
        (x,) = run(form(indicators=[ind("景区疫情防控水平", "定性", status, "", "完成", "5", "5")]),
                   rule_id="judgement.status_as_target")
        said.append(x.stated)
    assert said == ["因疫情政策调整,该项目暂停"] * 3


def test_status_as_actual_counts_only_when_scored_in_full():
    paused = ind("平台运行稳定性", "定性", "稳定", "", "项目暂停", "10", "10")
    (x,) = run(form(indicators=[paused]), rule_id="judgement.status_as_target")
    assert x.column == "actual"
    honest = ind("平台运行稳定性", "定性", "稳定", "", "项目暂停", "10", "0")  # reported as not met: fine
    assert run(form(indicators=[honest]), rule_id="judgement.status_as_target") == []


# ---------------------------------------------------------------- the conclusion against the score


def test_a_paused_project_scored_in_full():
    f = form(goal_done="后因该项目不具备继续实施条件，项目暂停。", conclusion="后因暂停该项目实施，未能最终投入使用。")
    found = run(f, rule_id="judgement.conclusion_vs_score")
    assert [(x.field, x.stated) for x in found] == [("goal_done", "100"), ("conclusion", "100")]
    assert "“暂停该项目实施”“未能最终投入使用”" in found[1].message
    assert found[0].page == 5 and found[0].bbox == (140, 60, 540, 72)


@pytest.mark.parametrize("text,total,fires", [
    ("平台尚未启动，待下年实施。", "92", True),
    ("个别指标未完成，自评得分92分。", "92", False),  # a shortfall at 92 is what the 8 lost points say
    ("部分任务未完成。", "100", True),  # … but not at full marks
    ("受疫情影响暂停线下培训，改为线上开展，全部完成。", "100", False),  # the training paused, not the project
    ("项目暂停。", "60", False),  # the score agrees
    ("无未完成事项。", "100", False),
])
def test_conclusions_and_scores(text, total, fires):
    assert bool(run(form(conclusion=text, total=total), rule_id="judgement.conclusion_vs_score")) == fires


def test_a_blank_total_is_not_judged():
    assert run(form(conclusion="项目暂停。", total=""), rule_id="judgement.conclusion_vs_score") == []


# ---------------------------------------------------------------- an indicator filed twice


def test_the_same_indicator_under_two_second_level_headings():
    inds = [ind("一年快速通行人数", unit="人次", l2="经济效益指标", l1="效益指标"),
            ind("一年快速通行人数", unit="人次", l2="可持续影响指标", l1="效益指标")]
    (x,) = run(form(indicators=inds), rule_id="judgement.duplicate_indicator")
    assert (x.indicator, x.column, x.stated) == (2, "l3", "一年快速通行人数")
    assert "经济效益指标" in x.message and "可持续影响指标" in x.message


def test_same_heading_blank_names_and_other_forms_are_not_duplicates():
    twice = [ind("完成数量"), ind("完成数量")]  # the same 二级指标: not this rule's case
    blank = [ind("", l2="质量指标"), ind("", l2="社会效益指标")]
    assert run(form(indicators=twice), form(2, indicators=blank), rule_id="judgement.duplicate_indicator") == []
    other = form(2, indicators=[ind("完成数量", l2="质量指标")])  # another form may file it elsewhere
    assert run(form(), other, rule_id="judgement.duplicate_indicator") == []


# ---------------------------------------------------------------- a unit that does not fit


@pytest.mark.parametrize("l3,unit", [("一年快速通行人数", "个"), ("培训人次", "个"), ("检查次数", "份"),
                                     ("设备完好率", "台"), ("足额保障率（参保率）", "个"), ("群众满意度", "人")])
def test_a_unit_that_does_not_measure_the_named_quantity(l3, unit):
    (x,) = run(form(indicators=[ind(l3, unit=unit)]), rule_id="judgement.unit_mismatch")
    assert (x.indicator, x.column, x.stated) == (1, "unit", unit)


@pytest.mark.parametrize("l3,unit", [("服务对象覆盖人数", "人"), ("培训人次", "万人次"), ("服务人群", "万人"),
                                     ("巡查次数", "次/年"),
                                     ("人力服务工作效率", "件/天"), ("群众满意度", "分"), ("单位培训成本", "元/人次"),
                                     ("汇聚数据量", "万条"), ("一年快速通行人数", ""), ("完成率", "%")])
def test_units_that_fit(l3, unit):
    assert run(form(indicators=[ind(l3, unit=unit)]), rule_id="judgement.unit_mismatch") == []


def test_the_same_indicator_with_another_unit_in_the_same_form():
    (x,) = run(form(indicators=[ind("接入设备数量", unit="台"), ind("接入设备数量", unit="套")]),
               rule_id="judgement.unit_mismatch")
    assert (x.indicator, x.stated) == (2, "套") and "本表第1项同名指标以“台”计" in x.message


def test_the_same_indicator_measuring_another_kind_in_another_form():
    first, second = form(1, indicators=[ind("服务对象数量", unit="人次")]), form(2, indicators=[ind("服务对象数量", unit="个")])
    (x,) = run(first, second, rule_id="judgement.unit_mismatch")
    assert (x.project, x.indicator) == (2, 1) and "自评表1第1项同名指标以“人次”计" in x.message


@pytest.mark.parametrize("a,b", [("万条", "条"),  # one quantity, two scales
                                 ("台", "套"),  # two projects, two kinds of equipment
                                 ("人/月", "人"),  # a unit the rule does not know is not compared
                                 ("天", "工作日")])
def test_units_of_one_kind_in_two_forms(a, b):
    first, second = form(1, indicators=[ind("完成数量", unit=a)]), form(2, indicators=[ind("完成数量", unit=b)])
    assert run(first, second, rule_id="judgement.unit_mismatch") == []


# ---------------------------------------------------------------- reasons the form asks for


@pytest.mark.parametrize("reason", ["", "无", "1. 预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需要说明原因"])
def test_a_low_rate_without_a_reason(reason):
    f = form(fund=total_row("33.00", "29.00", "0.00", "0.00%", reason))
    (x,) = run(f, rule_id="judgement.low_rate_no_reason")
    assert (x.field, x.row, x.page, x.bbox) == ("funds.reason", "总额", 5, (400, 80, 540, 95))


def test_low_rates_with_a_reason_or_nothing_budgeted_pass():
    explained = form(fund=total_row("13.06", "13.06", "11.04", "84.55%", "项目经费有结余"))
    nothing = form(2, fund=total_row("0.00", "0.00", "0.00", "0.00%"))
    high = form(3, fund=total_row("60.00", "60.00", "58.98", "98.30%", "无"))
    assert run(explained, nothing, high, rule_id="judgement.low_rate_no_reason") == []


def test_the_rate_floor_is_the_templates():
    low = form(fund=total_row("10.00", "10.00", "8.50", "85.00%"))
    assert run(low, rule_id="judgement.low_rate_no_reason", form_profile=FormProfile(explain_rate_below=Decimal(80))) == []
    assert run(low, rule_id="judgement.low_rate_no_reason", form_profile=FormProfile(explain_rate_below=None)) == []
    assert FormProfile.from_mapping({"explain_rate_below": 85}).explain_rate_below == Decimal(85)


def test_a_budget_change_without_a_reason():
    (x,) = run(form(fund=total_row("19.82", "21.50", "19.64", "91.35%", "无")), rule_id="judgement.adjustment_no_reason")
    assert (x.field, x.row, x.stated) == ("funds.reason", "总额", "无")
    assert "追加 1.68 万元" in x.message and "只写“无”" in x.message


def test_budget_changes_with_any_reason_and_unchanged_budgets_pass():
    said = form(fund=total_row("145.00", "114.06", "113.50", "99.51%", "根据项目约定验收期限调整，调减部分预算"))
    other = form(2, fund=total_row("0.00", "4.00", "0.00", "0.00%", "项目尚未正式启动实施"))  # answers the rate only
    same = form(3, fund=total_row("60.00", "60.00", "58.98", "98.30%"))
    assert run(said, other, same, rule_id="judgement.adjustment_no_reason") == []


# ---------------------------------------------------------------- fields left empty


def test_blank_content_and_a_conclusion_of_nothing():
    found = run(form(content="", conclusion="无"), rule_id="judgement.empty_field")
    assert [(x.field, x.stated) for x in found] == [("content", "（空白）"), ("conclusion", "无")]
    assert "空白" in found[0].message and "只写“无”" in found[1].message


def test_no_problems_and_no_measures_are_answers():
    assert run(form(problems="无", measures="无"), rule_id="judgement.empty_field") == []


# ---------------------------------------------------------------- the project name against the form's text


def test_a_name_one_character_off_what_the_text_quotes():
    f = form(name="四川天府健康同文旅管理平台建设", goal="打通“四川天府健康通”二维码。",
             content="实现平台与“四川天府健康通”对接。")
    (x,) = run(f, rule_id="judgement.name_variant")  # once, though quoted twice
    assert (x.field, x.stated, x.expected, x.page) == ("project", "四川天府健康同", "四川天府健康通", 5)


@pytest.mark.parametrize("name,goal", [
    ("四川天府健康通精细化管理平台", "通过“四川天府健康通”精细化管理平台的建设。"),  # the name holds it
    ("四川天府健康通应急采购项目", "提高四川天府健康通咨询申诉团队语音接通率，“我要咨询”答复率。"),  # not quoted
    ("不可移动文物保护修缮（一期）", "衔接“文物保护修缮（二期）”工作。"),  # another phase, not a typo
    ("数据中台项目", "完成“数据中台安全性”建设。"),
])
def test_names_the_text_writes_alike_or_unquoted(name, goal):
    assert run(form(name=name, goal=goal), rule_id="judgement.name_variant") == []


# ---------------------------------------------------------------- the goal's count against the indicator's


def test_the_goal_names_five_provinces_and_the_indicator_four():
    f = form(goal="实现西南五省统一信用代码数据的采集、治理及服务。",
             indicators=[ind("汇聚数据量", target="30000000", unit="条"), ind("汇聚省份数量", target="4")])
    (x,) = run(f, rule_id="judgement.goal_count")
    assert (x.indicator, x.column, x.stated, x.expected) == (2, "target", "4", "5")


@pytest.mark.parametrize("goal,l3,op,target", [
    ("实现西南五省数据汇聚。", "汇聚省份数量", "≥", "5"),
    ("覆盖全省二十一个市州。", "覆盖市州数", "=", "21"),
    ("实现西南五省数据汇聚。", "省级平台数量", "≥", "1"),  # 省级: not a count of provinces
    ("实现西南五省数据汇聚。", "汇聚省份数量", ">", "4"),  # > 4 is five or more
    ("建设省级平台一个。", "汇聚省份数量", "≥", "4"),
])
def test_counts_that_agree_or_do_not_compare(goal, l3, op, target):
    assert run(form(goal=goal, indicators=[ind(l3, op, target)]), rule_id="judgement.goal_count") == []


@pytest.mark.parametrize("text,n", [("五", 5), ("十", 10), ("十二", 12), ("二十一", 21), ("两", 2), ("21", 21),
                                    ("一百", None), ("五五", None)])
def test_chinese_counts(text, n):
    assert judgement_forms.chinese_count(text) == n


def test_every_chinese_digit():
    assert [judgement_forms.chinese_count(c) for c in "零一二三四五六七八九"] == list(range(10))
    assert [judgement_forms.chinese_count("十" + c) for c in "一二三四五六七八九"] == list(range(11, 20))


# ---------------------------------------------------------------- the 增减少 typo


def _narrative(*paragraphs: str) -> Report:
    provs = [[(0, Prov(3, (90.0, 100.0 + 20 * i, 500.0, 112.0 + 20 * i)))] for i in range(len(paragraphs))]
    return Report(year=2023, sections=[Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明",
                                               paragraphs=list(paragraphs), page=3, line_provs=provs)])


def test_a_garbled_direction_word_is_reported_with_its_sentence():
    text = ("2023年一般公共预算财政拨款支出84.05万元。与2022年相比，一般公共预算财政拨款支出增减少737.13万元，"
            "下降89.76%。主要变动原因是项目减少。")
    (x,) = list(run_rules(Context(_narrative(text), {}), only={"judgement.typo"}))
    assert (x.severity, x.section, x.page, x.stated, x.expected) == ("warning", 5, 3, "增减少", "减少")
    assert x.message.endswith("与2022年相比，一般公共预算财政拨款支出增减少737.13万元，下降89.76%。")


def test_direction_words_in_order_pass():
    ok = _narrative("支出增加10.00万元，增长5.00%；收入减少3.00万元。", "增减变动情况如下。")
    assert list(run_rules(Context(ok, {}), only={"judgement.typo"})) == []


def test_a_form_rule_switched_off_in_params():
    params = {"disabled_rules": {"judgement.empty_field": "本单位自评表模板无此栏"}}
    (x,) = run(form(content=""), rule_id="judgement.empty_field", params=params)
    assert x.severity == "info" and "本单位自评表模板无此栏" in x.message


# ---------------------------------------------------------------- the seed, as an inspector reads it


# (rule, 自评表, where): where is the form field, 指标N.column, or §N for 第二部分's section N. Each entry was
# checked by hand against ../shared/seed/sichuan_bigdata_tech_service_center_2023.txt; the comment quotes it.
SEED = [
    ("judgement.empty_field", 1, "content"),  # 表1 "2. 项目实施内容及过程概述" row, nothing printed in it
    ("judgement.empty_field", 2, "content"),  # 表2 "2. 项目实施内 / 容及过程概述" over the page break, no text
    ("judgement.empty_field", 3, "content"),  # 表3 "2. 项目实施内容及过程概述" row empty
    ("judgement.empty_field", 4, "content"),  # 表4 "2. 项目实施内 / 容及过程概述", no text
    ("judgement.empty_field", 5, "content"),  # 表5 "2. 项目实施内容及过程概述" row empty
    ("judgement.empty_field", 5, "conclusion"),  # 表5 "评价结论	无"
    ("judgement.empty_field", 6, "content"),  # 表6 "2. 项目实施内容及过程 / 概述", no text
    ("judgement.adjustment_no_reason", 2, "funds.reason"),  # 表2 "总额 19.82 21.50 19.64 91.35% 10 9.1 无"
    ("judgement.adjustment_no_reason", 7, "funds.reason"),  # 表7 "总额 120.00 177.68 177.68 100.00% 10", 原因 blank
    ("judgement.adjustment_no_reason", 8, "funds.reason"),  # 表8 "总额 33.00 29.00 0.00 0.00% 10 0", 原因 blank
    ("judgement.adjustment_no_reason", 9, "funds.reason"),  # 表9 "总额 163.51 129.01 128.45 99.56% 10", 原因 blank
    ("judgement.adjustment_no_reason", 10, "funds.reason"),  # 表10 "总额 302.62 420.45 …", 原因 "1. 预算执行率=…" (填表说明)
    ("judgement.adjustment_no_reason", 11, "funds.reason"),  # 表11 "总额 94.03 120.32 …", 原因 "1. 预算执行率=…" (填表说明)
    ("judgement.adjustment_no_reason", 12, "funds.reason"),  # 表12 "总额 166.38 76.88 76.81 99.91% 10", 原因 blank
    ("judgement.adjustment_no_reason", 14, "funds.reason"),  # 表14 "总额 236.50 160.62 160.62 100.00% 10 10", 原因 blank
    ("judgement.low_rate_no_reason", 8, "funds.reason"),  # 表8 "总额 33.00 29.00 0.00 0.00%", 原因 blank
    ("judgement.conclusion_vs_score", 7, "goal_done"),  # 表7 "…后因该项目不具备继续实施条件，项目暂停。", 合计 100
    ("judgement.conclusion_vs_score", 7, "conclusion"),  # 表7 "…暂停该项目实施, 未能最终投入使用。", 合计 100
    ("judgement.vacuous_target", 7, "指标12.target"),  # 表7 "景区满意度 ≥ 0 % 0 5 5"
    ("judgement.vacuous_target", 7, "指标13.target"),  # 表7 "游客满意度 ≥ 0 % 0 5 5"
    ("judgement.status_as_target", 7, "指标6.target"),  # 表7 "推动景区旅游基础设施投资情况 定性 因疫情政策调整, 该项目暂停 … 5 5"
    ("judgement.status_as_target", 7, "指标8.target"),  # 表7 "全省 4A 级景区的疫情防控水平 定性 因疫情政策调整, 该项目暂停 … 5 5"
    ("judgement.name_variant", 7, "project"),  # 表7 "项目名称 …-四川天府健康同文旅管理平台建设"; 目标 "打通“四川天府健康通”二维码"
    ("judgement.duplicate_indicator", 8, "指标8.l3"),  # 表8 "一年快速通行人数" under 经济效益指标 and 可持续影响指标
    ("judgement.unit_mismatch", 8, "指标8.unit"),  # 表8 "可持续影响指标 一年快速通行人数 ≥ 90 个" (经济效益: "… 人次")
    ("judgement.duplicate_indicator", 16, "指标7.l3"),  # 表16 "同城化数据价值" under 经济效益指标 and 服务对象满意度指标
    ("judgement.goal_count", 3, "指标2.target"),  # 表3 目标 "实现西南五省统一信用代码数据的采集…"; "汇聚省份数量 ≥ 4 个"
    ("judgement.typo", None, "§5"),  # 五(一) "一般公共预算财政拨款支出增减少 737.13 万元，下降 89.76%"
]


def where(f: Finding) -> str:
    if f.indicator is not None:
        return f"指标{f.indicator}.{f.column}"
    return f.field or f"§{f.section}"


def _key(entry: tuple) -> tuple:
    return entry[0], entry[1] or 0, entry[2]


def seed_found(findings: list[Finding]) -> list[tuple]:
    return sorted(((f.rule, f.project, where(f)) for f in findings if f.rule in NEW_RULES), key=_key)


def test_the_seeds_judgement_problems_on_its_truth():
    rep = Report.from_truth(DATA / "seed_2023.truth.json")
    found = list(run_rules(Context(rep, {}), only=NEW_RULES))
    assert seed_found(found) == sorted(SEED, key=_key)
    assert len(SEED) >= 16  # the bar
    assert all(f.project_name for f in found if f.project is not None)


def test_the_seeds_judgement_problems_on_the_parsed_pdf_sit_on_their_cells():
    from test_narrative_rules import audited  # the parse is shared with the other end-to-end tests

    report, findings = audited(DATA / "seed_2023.pdf")
    mine = [f for f in findings if f.rule in NEW_RULES]
    assert seed_found(mine) == sorted(SEED, key=_key)
    assert all(f.page and f.bbox for f in mine)
    (name,) = [f for f in mine if f.rule == "judgement.name_variant"]
    assert name.page == report.forms[6].project.page and name.bbox == report.forms[6].project.bbox
    from budgetlib.present.frames import location_text

    assert location_text(name) == "自评表7“四川天府健康同文旅管理平台建设” 项目名称"  # where an auditor looks


def test_a_quote_is_marked_cut_only_where_it_is():
    from budgetlib.checks.judgement_forms import _around

    assert _around("项目已全部完成", 2, 4) == "项目已全部完成"  # the whole text: no …
    text = "本项目" + "按计划实施" * 6 + "，效果较差"
    start = text.index("效果较差")
    assert _around(text, start, start + 4) == "…" + text[start - 12:]  # cut at the front only
    assert _around(text, 0, 3) == text[:15] + "…"  # cut at the end only


# ---------------------------------------------------------------- issue 20: the decisions each mutant changed


def test_an_indicator_finding_sits_on_that_indicators_cell():
    """A finding on the Nth indicator is placed on the Nth indicator's cell (page and box), not another's."""
    first, second = ind("完成数量", target="5"), ind("景区满意度", "≥", "0", "%", "0", "5", "5")
    first.target = Cell("5", Prov(5, (300, 100, 340, 112)))
    second.target = Cell("0", Prov(6, (300, 40, 340, 52)))
    (x,) = run(form(indicators=[first, second]), rule_id="judgement.vacuous_target")
    assert (x.indicator, x.page, x.bbox) == (2, 6, (300, 40, 340, 52))


@pytest.mark.parametrize("target,actual,score,column,same", [
    ("因疫情政策调整，该项目暂停", "因疫情政策调整，该项目暂停", "5", "target", True),
    ("因疫情政策调整，该项目暂停", "完成", "5", "target", False),  # the actual differs: not "the same"
    ("稳定", "项目暂停", "5", "actual", False),  # the status is the actual's; the target is another text
])
def test_the_same_status_as_target_and_actual_is_said_only_when_it_is(target, actual, score, column, same):
    """“完成值与之相同” is said only of a status target whose actual is the very same text."""
    (x,) = run(form(indicators=[ind("平台运行稳定性", "定性", target, "", actual, "5", score)]),
               rule_id="judgement.status_as_target")
    assert x.column == column and ("完成值与之相同" in x.message) == same


def test_a_paused_project_at_exactly_ninety_of_a_hundred():
    """合计得分 ≥ 满分的90%: exactly 90 of 100 is the 优 grade, and contradicts a project that never started."""
    (x,) = run(form(conclusion="平台尚未启动，待下年实施。", total="90"), rule_id="judgement.conclusion_vs_score")
    assert (x.field, x.stated) == ("conclusion", "90")
    assert run(form(conclusion="平台尚未启动，待下年实施。", total="89.99"), rule_id="judgement.conclusion_vs_score") == []


@pytest.mark.parametrize("a,b", [("台", "台"), ("万条", "条")])
def test_the_same_indicator_twice_in_one_form_with_one_unit(a, b):
    """Within one form, the same 三级指标 twice in the same unit (or the same unit at another scale) is no
    unit mismatch."""
    assert run(form(indicators=[ind("汇聚数据量", unit=a), ind("汇聚数据量", unit=b)]),
               rule_id="judgement.unit_mismatch") == []


@pytest.mark.parametrize("adjusted,executed,rate,fires", [
    ("10.00", "8.95", "", True),  # no rate printed: 8.95 ÷ 10.00 = 89.50% is below 90%
    ("10.00", "0.50", "", True),  # 5.00%
    ("29.00", "29.00", "", False),  # 100.00%
    ("10.00", "9.00", "90.00%", False),  # 90% has reached 90%: no reason asked for
    # the printed rate decides (2999.99 ÷ 3333.33 = 89.9998%, printed, rightly rounded, as 90.00%)
    ("3333.33", "2999.99", "90.00%", False),
])
def test_the_rate_that_asks_for_a_reason(adjusted, executed, rate, fires):
    """预算执行率未达到90%的需要说明原因: the printed rate, or executed ÷ adjusted × 100 when no rate is printed;
    a rate of exactly 90% needs no reason."""
    f = form(fund=total_row(adjusted, adjusted, executed, rate, ""))
    assert bool(run(f, rule_id="judgement.low_rate_no_reason")) == fires


def test_a_name_one_character_off_at_the_end_of_the_project_name():
    """The quoted name is compared with every stretch of the project name, the last one included."""
    f = form(name="文旅管理平台之四川天府健康同", goal="打通“四川天府健康通”二维码。")
    (x,) = run(f, rule_id="judgement.name_variant")
    assert (x.stated, x.expected) == ("四川天府健康同", "四川天府健康通")


def test_a_numeral_against_another_character_is_not_a_typo():
    """Only two Chinese characters, neither a numeral, make a one-character typo: （一期） against （后期）
    names another phase."""
    f = form(name="不可移动文物保护修缮（一期）", goal="衔接“文物保护修缮（后期）”工作。")
    assert run(f, rule_id="judgement.name_variant") == []


@pytest.mark.parametrize("text", ["十五五", "三四十", "十甲", "甲十"])
def test_counts_that_are_not_chinese_numbers(text):
    """Any one of: two characters before or after 十, or one that is not a digit, makes no number."""
    assert judgement_forms.chinese_count(text) is None
