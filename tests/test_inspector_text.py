"""What an inspector flags in 预算 and 决算 text (issue 23): collocations, generic reasons, periods of
another year, the document's own noun, 科目 names against their codes, rates labelled with the wrong
budget, and the conventional 0.01 tails between 基本支出决算表 and 一般公共预算财政拨款支出决算表.

Real sentences come from tests/fixtures/inspector_text.json (verbatim paragraphs of ../shared/real, as
the parser reads them, with their page); the sentences that must NOT be flagged are tested beside them.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal

import pytest
from conftest import ROOT, national_cases, real_file, truth_of

from budgetlib.checks import audit, subjects
from budgetlib.checks import wording as wording_rules
from budgetlib.checks.registry import Context, run_rules
from budgetlib.checks.subjects import name_of
from budgetlib.model import Finding, Report, Schedule, Section
from budgetlib.model import Row as TableRow
from budgetlib.parse.report import read_report

TEXTS = json.loads((ROOT / "tests" / "fixtures" / "inspector_text.json").read_text(encoding="utf-8"))
NEW_RULES = {"judgement.collocation", "judgement.generic_reason", "judgement.period_year", "judgement.self_name",
             "judgement.subject_name", "judgement.subject_wording", "narrative.rate_label"}


def report_of(*paragraphs: str, year: int = 2025, disclosure: str = "预算", title: str = "", page: int = 6,
              template: str | None = "shanghai_budget") -> Report:
    return Report(year=year, disclosure=disclosure, title=title, template=template,
                  sections=[Section(1, "一、部门预算编制说明", list(paragraphs), page=page)])


def real(key: str, **changes) -> Report:
    t = {**TEXTS[key], **changes}
    return report_of(t["text"], year=t["year"], disclosure=t["disclosure"], title=t["title"], page=t["page"],
                     template=t["template"])


def found(report: Report, rules: set[str] = NEW_RULES) -> list[Finding]:
    return [f for f in run_rules(Context(report), only=rules) if f.severity != "info" or f.rule in rules]


def flagged(report: Report, rules: set[str] = NEW_RULES) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.severity, f.stated) for f in found(report, rules)]


# ---------------------------------------------------------------- collocations


def test_bi_chiping_in_a_real_budget_is_a_warning_each_time():
    got = found(real("bi_chiping"))
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == [
        ("judgement.collocation", "warning", "比2024年预算持平", "与2024年预算相比持平")] * 2
    assert {f.page for f in got} == {TEXTS["bi_chiping"]["page"]}


def test_bi_execution_chiping_is_a_warning():
    assert flagged(real("bi_execution_chiping")) == [("judgement.collocation", "warning", "比2023年预算执行数持平")]


@pytest.mark.parametrize("key", ["yu_xiangbi_chiping", "tongchiping"])
def test_chiping_after_yu_or_tong_is_not_flagged(key):
    assert "持平" in TEXTS[key]["text"]
    assert flagged(real(key)) == []


@pytest.mark.parametrize("text", [
    "与上年相比，基本持平。",
    "与2024年预算相比持平。",
    "一般公共预算拨款支出预算0万元，与上年比持平。",
    "决算数与预算数基本持平。",
    "一般公共服务支出占比与上年持平。",
    "比上年增加10.00万元，主要原因是人员增加。",
])
def test_innocent_chiping_and_bi(text):
    assert flagged(report_of(text)) == []


@pytest.mark.parametrize("text,stated", [
    ("行政运行（项）决算数大小于预算数，主要原因是人员减少。", "大小于"),
    ("公务接待费比2024年预算增加减少0.35万元。", "增加减少0"),
])
def test_template_residue(text, stated):
    assert flagged(report_of(text)) == [("judgement.collocation", "warning", stated)]



@pytest.mark.parametrize("text,stated", [
    # 与 opening the clause (right after its comma), and 与 in a paragraph without any clause mark before it
    ("政府性基金预算拨款支出0万元，与上年比基本持平。", None),
    ("政府性基金拨款支出与上年比基本持平。", None),
    ("与上年比基本持平。", None),
    # 与 in an earlier clause of the paragraph does not excuse a later 比……持平
    ("与上年相比，一般公共预算拨款支出增加10.00万元；政府性基金拨款支出0万元，比上年持平。", "比上年持平"),
])
def test_yu_counts_only_in_the_clause_of_the_chiping(text, stated):
    """“与” before “比……持平” gives the innocent reading “与……比（较）持平” only within the same clause
    (since the last ，；：。), from the clause's first character on."""
    assert flagged(report_of(text)) == ([("judgement.collocation", "warning", stated)] if stated else [])



def test_the_wording_patterns_read_afresh_from_their_file():
    """wording.yaml read anew (its readers are cached): the 比……持平 pattern with its skip words."""
    wording_rules.wording.cache_clear()
    wording_rules._collocations.cache_clear()
    assert flagged(report_of("政府性基金拨款支出预算0万元，比2024年预算持平。")) == [
        ("judgement.collocation", "warning", "比2024年预算持平")]
    assert flagged(report_of("政府性基金拨款支出预算0万元，与上年比基本持平。")) == []


# ---------------------------------------------------------------- generic reasons


def test_the_same_generic_reason_for_two_items_is_flagged_once():
    rep = report_of("1.行政运行（项）比上年增加10.00万元，主要原因是业务量增加。",
                    "2.一般行政管理事务（项）比上年增加5.00万元，主要原因是业务量增加。",
                    "3.机关服务（项）比上年增加3.00万元，主要原因是业务量增加。")
    assert flagged(rep) == [("judgement.generic_reason", "warning", "业务量增加")]


@pytest.mark.parametrize("paragraphs", [
    # a specific reason repeated (shangwuwei_2025: 无公务用车车辆 for the 小计 and its parts) is no template text
    ("公务用车购置费0万元，与2024年预算持平，主要原因是无公务用车车辆。",
     "公务用车运行费0万元，与2024年预算持平，主要原因是无公务用车车辆。"),
    # a generic reason said once
    ("行政运行（项）比上年增加10.00万元，主要原因是业务量增加。", "机关服务（项）比上年减少1.00万元，主要原因是人员退休。"),
])
def test_reasons_that_are_not_flagged(paragraphs):
    assert flagged(report_of(*paragraphs)) == []



@pytest.mark.parametrize("paragraphs,stated", [
    # the same item's reason printed twice, in two sections whose paragraphs open with another sentence
    (("（一）财政拨款收入。行政运行（项）比上年增加10.00万元，主要原因是业务量增加。",
      "（二）一般公共预算支出。行政运行（项）比上年增加10.00万元，主要原因是业务量增加。"), None),
    # … and where a paragraph break left the previous sentence's 。 at the head of the next paragraph
    (("行政运行（项）比上年增加10.00万元，主要原因是业务量增加。", "。行政运行（项）比上年增加10.00万元，主要原因是业务量增加。"),
     None),
    # two numbered entries are two items, however alike their wording
    (("1.行政运行（项）比上年增加10.00万元，主要原因是业务量增加。", "2.行政运行（项）比上年增加10.00万元，主要原因是业务量增加。"),
     "业务量增加"),
    # a generic reason with 所致 after it is the same generic reason
    (("行政运行（项）比上年增加10.00万元，主要原因是业务量增加所致。", "机关服务（项）比上年增加3.00万元，主要原因是业务量增加所致。"),
     "业务量增加所致"),
])
def test_generic_reason_items_are_the_sentences_before_it(paragraphs, stated):
    """The item a reason is given for is its sentence up to the reason (from the last 。；, the mark
    itself left out): the same item twice is no repetition, two different items are."""
    want = [("judgement.generic_reason", "warning", stated)] if stated else []
    assert flagged(report_of(*paragraphs)) == want


# ---------------------------------------------------------------- years


def test_an_implementation_period_of_the_year_before():
    text = "五、实施周期：2025年1月1日至2025年12月31日"  # caizhengju_2025's 项目 text, in a 2026 budget
    assert flagged(report_of(text, year=2026)) == [("judgement.period_year", "warning", "2025年1月1日至2025年12月31日")]
    assert flagged(report_of(text, year=2025)) == []


def test_a_period_printed_under_its_heading_and_one_spanning_years():
    rep = report_of("五、实施周期", "2025年1月1日-2025年12月31日", year=2026)
    assert [f.rule for f in found(rep)] == ["judgement.period_year"]
    assert flagged(report_of("项目实施周期为2024年1月1日至2026年12月31日。", year=2026)) == []


def test_a_prior_year_figure_named_as_such_is_no_year_finding():
    """wanlijiedao_2024: 2023年当年预算执行数 … 2024年预算安排 … 比2023年预算执行数减少 (上年 in a 2024 budget)."""
    rep = real("prior_year_execution")
    assert rep.year == 2024 and "2023年当年预算执行数" in TEXTS["prior_year_execution"]["text"]
    assert flagged(rep, NEW_RULES | {"narrative.year_mismatch"}) == []



@pytest.mark.parametrize("paragraphs,year,stated", [
    # a period of the report's year, and the next paragraph (another year's results) is not its dates
    (("五、实施周期：2026年1月1日至2026年12月31日。", "六、2025年度绩效目标完成情况：已完成。"), 2026, None),
    # the heading alone, nothing printed under it
    (("五、实施周期",), 2026, None),
    # the dates end at the clause mark: the 2026 of the next clause is not the period's
    (("实施周期：2025年1月1日-2025年12月31日；资金来源：2026年财政拨款。",), 2026, "2025年1月1日-2025年12月31日"),
    # the word closing its sentence: the next sentence's year is no period
    (("各项目均明确了实施周期。2025年完成项目评审12个。",), 2026, None),
    # a period spanning the report's year, not at either end
    (("项目实施周期为2024年1月1日至2026年12月31日。",), 2025, None),
])
def test_the_period_is_the_dates_in_its_own_clause(paragraphs, year, stated):
    """The period read after 实施周期 runs to the first ；。 (or, for a bare heading, is the next
    paragraph); it is flagged only when its years do not include the report's."""
    want = [("judgement.period_year", "warning", stated)] if stated else []
    assert flagged(report_of(*paragraphs, year=year)) == want


# ---------------------------------------------------------------- the document's own noun


def test_a_unit_budget_calling_itself_a_department_budget():
    text = TEXTS["vehicles_dept_budget"]["text"]  # 2025年部门预算安排购置车辆0辆… (caizhengju, a 部门预算)
    dept = report_of(text, title="上海市普陀区2025年区级部门预算")
    unit = report_of(text, title="上海市普陀区2025年区级单位预算")
    assert flagged(dept) == []
    got = found(unit)
    assert {(f.rule, f.stated, f.expected) for f in got} == {
        ("judgement.self_name", "2025年部门预算安排", "2025年单位预算安排"),
        ("judgement.self_name", "部门预算安排购置", "单位预算安排购置")}
    assert all(f.severity == "warning" for f in got)


def test_a_final_account_calling_itself_a_budget_and_the_innocent_readings():
    rep = report_of("以下为2024年度部门预算情况说明。", year=2024, disclosure="决算", title="某局2024年度部门决算")
    assert flagged(rep) == [("judgement.self_name", "warning", "2024年度部门预算情况说明")]
    # the budget named as such in a 决算, and a 单位预算's table title with 部门预算经济分类
    fine = report_of("一般公共预算财政拨款支出年初预算为100.00万元，本部门预算执行良好。", year=2024, disclosure="决算",
                     title="某局2024年度部门决算")
    assert flagged(fine) == []
    assert flagged(report_of("8．2025年预算单位一般公共预算基本支出部门预算经济分类预算表",
                             title="上海市普陀区2025年区级单位预算")) == []



@pytest.mark.parametrize("text,title,stated", [
    # a department budget calling itself a unit budget
    ("2025年单位预算安排购置车辆0辆。", "上海市普陀区2025年区级部门预算", ["2025年单位预算安排", "单位预算安排购置"]),
    # a cover that names neither: no scope to hold the text against
    ("2025年单位预算安排购置车辆0辆。", "上海市普陀区2025年预算", []),
    # its own kind before 编制说明
    ("一、2025年部门预算编制说明", "上海市普陀区2025年区级部门预算", []),
])
def test_self_name_scope_against_the_cover(text, title, stated):
    """部门预算 must not call itself 单位预算; without 部门/单位 on the cover the scope is not checked."""
    assert flagged(report_of(text, title=title)) == [("judgement.self_name", "warning", s) for s in stated]


def test_a_final_account_may_speak_of_the_budget_it_executed():
    """“2024年度部门预算安排的项目” in a 决算 is the budget, not the document's own name (only before
    编制说明/情况说明/公开 is the other kind a slip)."""
    rep = report_of("2024年度部门预算安排的项目均已完成。", year=2024, disclosure="决算", title="某局2024年度部门决算")
    assert flagged(rep) == []


def test_self_name_message_says_where_it_is_printed():
    """The message names the place: 目录 for a 目录 entry, 标题 for a part heading, 正文 for a paragraph."""
    rep = report_of("以下为2024年度部门预算情况说明。", year=2024, disclosure="决算", title="某局2024年度部门决算")
    rep.toc = ["二、2024年度部门预算情况说明"]
    rep.headings = ["第二部分 2024年度部门预算情况说明"]
    wrong = "“2024年度部门预算情况说明”，应为“2024年度部门决算情况说明”"
    assert {(f.field, f.message) for f in found(rep)} == {
        (None, f"本报告为部门决算，正文却写作{wrong}（以下为2024年度部门预算情况说明。）"),
        ("toc", f"本报告为部门决算，目录却写作{wrong}（二、2024年度部门预算情况说明）"),
        ("headings", f"本报告为部门决算，标题却写作{wrong}（第二部分2024年度部门预算情况说明）")}


# ---------------------------------------------------------------- 科目 names


def test_the_subject_table_knows_the_2019_renames():
    assert name_of("210", 2018).name == "医疗卫生与计划生育支出"
    assert name_of("210", 2019).name == name_of("210", 2026).name == "卫生健康支出"
    assert name_of("207", 2024).name == "文化旅游体育与传媒支出"
    assert name_of("220", 2025).name == "自然资源海洋气象等支出"
    assert name_of("2200199", 2024).name == "其他自然资源事务支出"
    assert name_of("2080599", 2020) is None  # a year the table does not source is not checked
    assert name_of("299", 2024) is None



def test_the_subject_table_read_afresh_from_its_file():
    """function_subjects.yaml read anew (the readers cache it): plain entries from 2019 on, year ranges,
    `also` names, and the templates that write 科目 in full."""
    subjects.subject_data.cache_clear()
    subjects.subject_table.cache_clear()
    assert subjects.subject_data()["default_since"] == 2019
    assert set(subjects.subject_data()["full_name_templates"]) == {"national_dept_2024", "shanghai_budget"}
    assert name_of("221", 2019).name == "住房保障支出" and name_of("221", 2018) is None
    assert name_of("220", 2018).name == "国土海洋气象等支出"
    assert name_of("215", 2024).also == ("资源勘探信息等支出",)


def test_a_renamed_item_in_a_real_final_account():
    got = found(real("renamed_item"))
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == [
        ("judgement.subject_wording", "warning", "其他国土资源事务支出", "其他自然资源事务支出")]


@pytest.mark.parametrize("key,stated", [("class_name_as_kuan", "住房保障支出（款）"),
                                        ("class_name_as_kuan_budget", "卫生健康支出（款）")])
def test_a_class_name_printed_as_the_kuan(key, stated):
    assert flagged(real(key)) == [("judgement.subject_wording", "warning", stated)]


def test_zhichu_dropped_and_zhichu_after_the_mark():
    # the Jiangsu budgets write "公共安全（类）支出 N 万元" and head the item "（一）公共安全（类）": their style
    assert flagged(real("zhichu_dropped_heading")) == []
    assert flagged(real("zhichu_after_mark")) == []
    # in a template that names 科目 in full (上海 预算, national 决算) the same heading dropped its 支出
    got = flagged(real("zhichu_dropped_heading", template="shanghai_budget"))
    assert got == [("judgement.subject_wording", "warning", "公共安全（类）")]
    assert flagged(real("zhichu_after_mark", template="shanghai_budget")) == []


def test_missing_kuan_mark_and_a_kuan_marked_as_class():
    rep = report_of("1．住房改革支出（类）住房公积金（项）支出100.00万元。",
                    "2．一般公共服务支出（类）财政事务行政运行（项）10.00万元。", year=2024)
    got = {(f.stated, f.expected) for f in found(rep)}
    assert got == {("住房改革支出（类）", "住房改革支出（款）"), ("财政事务行政运行（项）", "类（类）款（款）项（项）")}
    # the Sichuan template writes 类 names short and its chains its own way: only the 款 marked 类 is a slip
    rep.template = "sichuan_unit"
    assert {(f.stated, f.expected) for f in found(rep)} == {("住房改革支出（类）", "住房改革支出（款）")}


def _table(*rows: tuple[str, str]) -> Schedule:
    return Schedule("gp_expense", title="一般公共预算财政拨款支出决算表",
                    rows=[TableRow(code, name, code, values={}) for code, name in rows])


def test_table_names_against_their_codes():
    sch = _table(("210", "九、卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"),
                 ("221", "住房保障"), ("22102", "住房保障支出"), ("2120201", "城乡社区规划与"),
                 ("215", "资源勘探信息等支出"), ("2999999", "自编科目"))
    rep = Report(year=2024, schedules={"gp_expense": sch})
    got = {(f.row, f.stated, f.expected) for f in found(rep)}
    # 支出 dropped; a 类 name on a 款 row; a cut-off name, an accepted older name and an unknown code pass
    assert got == {("221", "住房保障", "住房保障支出"), ("22102", "住房保障支出", "住房改革支出")}
    assert flagged(Report(year=2017, schedules={"gp_expense": _table(("210", "医疗卫生与计划生育支出"))})) == []



def test_a_pre_2019_class_name_in_a_table_is_outdated_once():
    """A 2024 table row 210 printed with its pre-2019 name is judgement.outdated_subject's warning only:
    the 科目-name rule leaves renamed 类 names to it."""
    rep = Report(year=2024, schedules={"gp_expense": _table(("210", "医疗卫生与计划生育支出"),
                                                            ("21011", "行政事业单位医疗"))})
    got = found(rep, NEW_RULES | {"judgement.outdated_subject"})
    assert [(f.rule, f.row, f.stated, f.expected) for f in got] == [
        ("judgement.outdated_subject", "210", "医疗卫生与计划生育支出", "卫生健康支出")]


@pytest.mark.parametrize("text,expected", [
    # a 类 and its 款 that both dropped 支出, printed one right after the other
    ("1．住房保障（类）住房改革（款）住房公积金（项）100.00万元。",
     [("住房保障（类）", "住房保障支出（类）"), ("住房改革（款）", "住房改革支出（款）")]),
    # a 类 that dropped 支出 followed at once by a 款 renamed in 2019, and a renamed 项
    ("11、自然资源海洋气象等（类）国土资源事务（款）其他国土资源事务支出（项）45.00万元。",
     [("自然资源海洋气象等（类）", "自然资源海洋气象等支出（类）"),
      ("其他国土资源事务支出", "其他自然资源事务支出"), ("国土资源事务（款）", "自然资源事务")]),
])
def test_adjacent_subject_slips_are_each_reported(text, expected):
    """Each slip of a 科目 chain is its own warning, also when one starts where the previous one ends
    (only a hit inside an earlier one is the same slip)."""
    got = found(report_of(text, year=2024))
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == [
        ("judgement.subject_wording", "warning", stated, want) for stated, want in expected]


def test_a_plain_entry_holds_from_2019_when_the_table_names_no_default_since(monkeypatch):
    """function_subjects.yaml without `default_since`: a plain entry, and a listed one without `since`,
    holds from the 2019 classification on."""
    monkeypatch.setattr(subjects, "subject_data",
                        lambda: {"subjects": {"210": "卫生健康支出", "22001": [{"name": "自然资源事务"}]}})
    subjects.subject_table.cache_clear()
    try:
        assert name_of("210", 2019).name == "卫生健康支出"
        assert name_of("22001", 2019).name == "自然资源事务"
        assert name_of("210", 2018) is None and name_of("22001", 2018) is None
    finally:
        subjects.subject_table.cache_clear()


# ---------------------------------------------------------------- rates


def test_rate_on_a_zero_budget_labelled_with_it():
    got = found(real("rate_on_zero_base"))
    assert [(f.rule, f.severity, f.stated, f.expected, f.page) for f in got] == [
        ("narrative.rate_label", "warning", "完成年初预算的95.89%", "完成全年预算的95.89%", 18)]


def test_rate_on_its_own_budget_and_a_zero_base_without_another_budget():
    assert flagged(real("rate_on_its_budget")) == []  # czj: 2940.05/2993.92 = 98.20%
    rep = report_of("支出年初预算为0万元，支出决算为5.00万元，完成年初预算的100.00%。", year=2024, disclosure="决算")
    assert flagged(rep) == [("narrative.rate_label", "info", "完成年初预算的100.00%")]


def test_rate_labelled_with_the_other_budget():
    rep = report_of("支出年初预算为200.00万元，全年预算为100.00万元，支出决算为95.00万元，完成年初预算的95.00%。",
                    year=2024, disclosure="决算")
    assert flagged(rep) == [("narrative.rate_label", "warning", "完成年初预算的95.00%")]



def test_rate_label_message_quotes_the_hit_where_it_is_printed():
    """The message quotes the labelled rate with 12 characters either side, counted from where the
    rate is printed: in the paragraph's first sentence and in a later one."""
    real_msg = found(real("rate_on_zero_base"))[0].message
    assert real_msg.endswith("（…决算为307.82万元，完成年初预算的95.89%。决算数小于预算数的主要…）")
    rep = report_of("一般公共预算财政拨款支出情况如下。支出年初预算为200.00万元，全年预算为100.00万元，"
                    "支出决算为95.00万元，完成年初预算的95.00%。", year=2024, disclosure="决算")
    [f] = found(rep)
    assert f.message == ("“完成年初预算的95.00%”与决算95.00÷年初预算200.00不符，却等于÷全年预算100.00的比例："
                         "所标预算口径有误（…出决算为95.00万元，完成年初预算的95.00%。）")


def test_rate_within_rounding_of_its_own_budget_is_not_relabelled():
    """50.00 ÷ 52.00 = 96.15%, and 96.17% lies within the rounding range of the printed amounts
    (each ±0.005: 96.135–96.173): the 年初 label fits, although 96.17% is exactly 50.00 ÷ 51.99."""
    rep = report_of("支出年初预算为52.00万元，全年预算为51.99万元，支出决算为50.00万元，完成年初预算的96.17%。",
                    year=2024, disclosure="决算")
    assert flagged(rep) == []


def test_rate_on_the_full_year_budget_when_the_initial_budget_is_zero():
    """The real sentence with the label corrected (年初 0, 完成全年预算的95.89%): nothing to say, and
    the 年初 budget of 0 is never used as a base."""
    rep = report_of("一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，"
                    "完成全年预算的95.89%。", year=2024, disclosure="决算")
    assert flagged(rep) == []



@pytest.mark.parametrize("text,expected", [
    # 307.82 ÷ 321.02 = 95.888…%: 95.88% is the rate cut off (截尾), on the 全年 budget
    ("年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.88%。",
     [("narrative.rate_label", "warning", "完成年初预算的95.88%", "完成全年预算的95.88%")]),
    # the same cut-off rate on its own (年初) budget fits it, though 307.82 ÷ 321.05 rounds to 95.88% too
    ("年初预算为321.02万元，全年预算为321.05万元，支出决算为307.82万元，完成年初预算的95.88%。", []),
])
def test_a_truncated_rate_fits_the_budget_it_is_the_rate_of(text, expected):
    """A rate cut off at its last digit instead of rounded fits its budget (rounding rules: 截尾 is
    consistent, outside the ±0.005 envelope of the amounts)."""
    got = found(report_of("一般公共预算财政拨款支出" + text, year=2024, disclosure="决算"))
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == expected


@pytest.mark.parametrize("text", [
    # 年初 0, 全年 under 1 万元: the rate is 0.40 ÷ 0.50
    "公务接待费年初预算为0万元，全年预算为0.50万元，支出决算为0.40万元，完成年初预算的80.00%。",
    # 年初 under 1 万元 but not the rate's base
    "公务接待费年初预算为0.80万元，全年预算为0.50万元，支出决算为0.40万元，完成年初预算的80.00%。",
])
def test_budgets_under_one_wanyuan_are_bases_like_any_other(text):
    """A budget of less than 1 万元 (but not 0) is a base: the rate 80.00% is 0.40 ÷ 0.50 (全年)."""
    got = found(report_of(text, year=2024, disclosure="决算"))
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == [
        ("narrative.rate_label", "warning", "完成年初预算的80.00%", "完成全年预算的80.00%")]


# ---------------------------------------------------------------- conventional tails between tables


def _d003(edit) -> list[Finding]:
    truth = truth_of(next(p for p in national_cases() if p.stem == "d003"))
    edit(truth)
    return [f for f in audit(Report.from_truth(truth)) if f.rule == "table.cross" and f.row in ("30110", "30108")]


def _set(truth: dict, table: str, key: str, column: str, value: str) -> None:
    next(r for r in truth["tables"][table]["rows"] if r["key"] == key)["values"][column] = value


def test_30110_against_21011_one_cent_apart_is_a_tail_warning():
    got = _d003(lambda t: _set(t, "gp_basic", "30110", "amount", str(Decimal("100.54") + Decimal("0.01"))))
    assert [(f.severity, f.stated, f.expected, f.within_rounding) for f in got] == [
        ("warning", "100.55", "100.54", True)]


def test_a_convention_beyond_its_tail_is_information_never_an_error():
    got = _d003(lambda t: _set(t, "gp_basic", "30108", "amount", "250.00"))
    assert [(f.severity, f.stated, f.expected) for f in got] == [("info", "250.00", "203.07")]


def test_a_convention_without_its_item_row_is_silent():
    def drop(t):
        rows = t["tables"]["gp_expense"]["rows"]
        rows[:] = [r for r in rows if r["key"] != "2080505"]
        _set(t, "gp_basic", "30108", "amount", "250.00")
    assert _d003(drop) == []


# ---------------------------------------------------------------- the real national reports' hand audits


@functools.cache
def national(name: str) -> tuple[Report, list[Finding]]:
    report = read_report(real_file("national", f"{name}.pdf"))
    return report, audit(report)


@pytest.mark.parametrize("name", ["shgz_2024", "ghzy_2024"])
def test_national_hand_audit_found_without_false_error(name):
    """Every error and warning of the hand audit reported (an error as an error), no error it lacks, and
    no 公开时间 noise (the national template prints none)."""
    from real_audit import score  # tests/real_audit.py: the matcher benchmarks/real_reports.py uses too

    report, findings = national(name)
    expected = json.loads(real_file("national", f"{name}.expected.json").read_text(encoding="utf-8"))
    s = score(findings, expected)
    assert s["missed"] == [] and s["false"] == []
    assert not [f for f in findings if f.rule == "disclosure.date"]


def test_ghzy_30110_tail_and_its_subject_wording():
    _, findings = national("ghzy_2024")
    tails = [f for f in findings if f.rule == "table.cross" and f.row == "30110"]
    assert [(f.severity, f.stated, f.expected, f.other["row"]) for f in tails] == [
        ("warning", "236.63", "236.64", "21011")]
    wording = {(f.stated, f.page) for f in findings if f.rule == "judgement.subject_wording"}
    assert ("其他国土资源事务支出", 24) in wording
    assert not [f for f in findings if f.rule in NEW_RULES and f.severity == "error"]


def test_a_2026_budget_with_the_pre_2019_class_name_is_outdated_once():
    """shehuifuliyuan_2024 p.6 item 5, as a 2026 budget would print it: the old 类 name is one warning
    (judgement.outdated_subject), not a second one from the 科目 wording rule."""
    text = "5.“医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元，主要用于人员医疗保险。"
    got = found(report_of(text, year=2026), NEW_RULES | {"judgement.outdated_subject"})
    assert [(f.rule, f.severity, f.stated, f.expected) for f in got] == [
        ("judgement.outdated_subject", "warning", "医疗卫生与计划生育支出（类）", "卫生健康支出（类）")]
    assert found(report_of(text, year=2018), NEW_RULES | {"judgement.outdated_subject"}) == []
