"""Narrative wording beyond the Sichuan template and every figure accounted for (issue 11, items 3–4).

Figures in the tests are hand-checked: each expected value is worked out in the comment beside it."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest
from conftest import real_file

from budgetlib.checks import audit, checked_claims
from budgetlib.checks.narrative import _wan
from budgetlib.cli import main
from budgetlib.model import Report, Section
from budgetlib.parse.claims import extract_claims
from budgetlib.parse.claimtext import Para
from budgetlib.parse.figures import figures_of, narrative_figures
from budgetlib.parse.report import read_report
from budgetlib.templates import simplified

# ---------------------------------------------------------------- normalisation


def test_traditional_characters_and_pinyin_readings_are_matched_as_simplified():
    # 天水 2017 as stored: traditional characters, a pinyin reading after 預 (the site's font lacks 预)
    printed = "一般公共預(yù)算財政撥款支出總計1741.75 萬元,決算數(shù)大于預(yù)算數(shù)55.93萬元"
    p = Para.of(printed)
    assert p.norm == "一般公共预算财政拨款支出总计1741.75万元,决算数大于预算数55.93万元"
    assert p.sentence(0) == printed  # the quote stays what was printed
    assert simplified("三、一般公共預(yù)算財政撥款支出決算情況。") == "三、一般公共预算财政拨款支出决算情况。"
    # a simplified text is left as it is (覆盖 keeps 覆; 於 → 于)
    assert simplified("覆盖面大於上年") == "覆盖面大于上年"
    # a parenthesis of plain letters is no pinyin reading
    assert Para.of("资金(abc)100万元").norm == "资金(abc)100万元"


def test_full_width_punctuation_reads_as_ascii():
    p = Para.of("本年收入合计１，２３４．５０万元；占５０．００％。")
    assert p.norm == "本年收入合计1,234.50万元;占50.00%。"


def _claims(no: int, *paragraphs: str) -> dict:
    rep = Report()
    rep.sections = [Section(no=no, title="", paragraphs=list(paragraphs))]
    return {c.id: c for c in extract_claims(rep)}


def _report(*sections: tuple[int, list[str]]) -> Report:
    rep = Report(schedules_found=False)
    rep.sections = [Section(no=no, title="", paragraphs=paras) for no, paras in sections]
    rep.claims = extract_claims(rep)
    rep.figures = narrative_figures(rep)
    return rep


def _errors(rep: Report, rule: str) -> list:
    return [f for f in audit(rep) if f.rule == rule and f.severity != "info"]


# ---------------------------------------------------------------- wording


def test_totals_as_a_pair_each_with_its_change():
    # 大英 2022: 4125.49 ≠ 4143.91 (Δ18.42); 1267.86/(4125.49+1267.86)=23.508% → 23.51 ✓;
    # 2570.97/(4143.91+2570.97)=38.2877% → 38.29, printed 38.28 (truncated: a warning)
    rep = _report((1, ["2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,2570.97万元,"
                       "各下降23.51%、38.28%。"]))
    (bal,) = _errors(rep, "narrative.balance")
    assert (bal.stated, bal.expected, bal.difference) == ("4143.91", "4125.49", "18.42")
    (pct,) = _errors(rep, "narrative.yoy_pct")
    assert (pct.severity, pct.stated, pct.expected) == ("warning", "下降38.28", "下降38.29")
    assert rep.narrative_coverage == (6, 6)


def test_bare_zero_share():
    got = _claims(2, "2017年度,本单位收入为100万元,其中:财政拨款收入100万元,占100%;经营收入0万元,占0;其他收入0万元,占0%。")
    assert got["s2.operating.share"].value == "0" and got["s2.operating.share"].whole == "s2.total"
    # a bare 0 for a share that is not 0: 事业收入 10 of 100 is 10%, not 0
    rep = _report((2, ["2017年度,本单位收入为100万元,其中:财政拨款收入90万元,占90%;事业收入10万元,占0。"]))
    (f,) = _errors(rep, "narrative.share")
    assert (f.stated, f.expected) == ("0", "10")
    assert rep.narrative_coverage == (5, 5)  # 100万元 90万元 90% 10万元 0


def test_amounts_in_yuan_are_converted_to_wan_exactly():
    got = _claims(2, "2022年本年收入合计1,227,700.00元，其中：一般公共预算财政拨款收入863,910.00元，占70.37%；"
                     "事业收入363,790.00元，占29.63%。")
    assert got["s2.total"].unit == "元" and _wan(got["s2.total"]) == Decimal("122.77")  # 1227700 / 10000
    assert _wan(got["s2.gp"]) == Decimal("86.391")
    # 863910 / 1227700 = 70.3682% → 70.37 ✓; 363790 / 1227700 = 29.6318% → 29.63 ✓; 863910 + 363790 = 1227700 ✓
    rep = _report((2, ["2022年本年收入合计1,227,700.00元，其中：一般公共预算财政拨款收入863,910.00元，占70.37%；"
                       "事业收入363,790.00元，占29.64%。"]))
    (f,) = _errors(rep, "narrative.share")
    assert (f.stated, f.expected) == ("29.64", "29.63")
    assert _errors(rep, "narrative.sum") == []


def test_budget_rate_against_the_budget_the_gap_implies():
    # 天水 2017: 预算 = 1741.75 − 55.93 = 1685.82; 1741.75 / 1685.82 = 103.3177% → 103 at the printed 0 dp
    text = ("2017年度,本單位一般公共預算財政撥款支出總計1741.75萬元,與上年相比減少53.7萬元,降低2.99%;"
            "完成年初預算100%,決算數大於預算數55.93萬元,主要原因:工資調標。")
    rep = _report((5, [text]))
    (f,) = _errors(rep, "narrative.budget_rate")
    assert (f.severity, f.stated, f.expected) == ("error", "100", "103")
    assert "1685.82" in f.message
    # 53.7 / (1741.75 + 53.7) = 2.9909% → 2.99 ✓
    assert _errors(rep, "narrative.yoy_pct") == []
    # the same sentence stating 103.32% is right; 小于 puts the budget above: 1741.75 / (1741.75 + 55.93) = 96.89%
    assert _errors(_report((5, [text.replace("100%", "103.32%")])), "narrative.budget_rate") == []
    low = text.replace("100%", "96.89%").replace("大於", "小於")
    assert _errors(_report((5, [low])), "narrative.budget_rate") == []
    # without the gap's amount the budget is unknown: could not check, never an error
    rep = _report((5, [text.replace("預算數55.93萬元", "預算數")]))
    assert _errors(rep, "narrative.budget_rate") == []
    assert any(f.rule == "narrative.budget_rate" and f.message.startswith("无法核对") for f in audit(rep))



def test_budget_rate_without_the_amount_a_gap_is_counted_from_could_not_check():
    text = ("2017年度,本單位一般公共預算財政撥款支出總計1741.75萬元,與上年相比減少53.7萬元,降低2.99%;"
            "完成年初預算100%,決算數大於預算數55.93萬元,主要原因:工資調標。")
    rep = _report((5, [text]))
    gap = rep.claim("s5.gap")
    # the 决算数 the gap is counted from left unread (say, a figure the reader could not parse)
    rep.claims = [c for c in rep.claims if c.id != gap.amount]
    assert _errors(rep, "narrative.budget_rate") == []
    assert any(f.rule == "narrative.budget_rate" and f.message.startswith("无法核对") for f in audit(rep))


def test_sangong_items_under_another_heading():
    # 大英 2022 p.7: the 七 heading is on a missing page; 1.24 / (7.8 + 1.24) = 13.7168% → 13.72, printed 13.71
    rep = _report((4, ["3.公务接待费支出7.8万元,完成预算100%。公务接待费支出决算比2021年减少1.24万元,下降13.71%。",
                       "国内公务接待支出7.8万元,主要用于执行公务。国内公务接待16批次,800人次(不包括陪同人员),共计支出7.8万元,"
                       "具体内容主要包括:签约仪式1.91万元、专家调研0.14万元、团队调研0.19万元等。",
                       "外事接待支出0万元。"]))
    (pct,) = _errors(rep, "narrative.yoy_pct")
    assert (pct.severity, pct.stated, pct.expected) == ("warning", "下降13.71", "下降13.72")
    # 7.8 = 7.8 + 0 ✓; 1.91 + 0.14 + 0.19 = 2.24 ≤ 7.8 ✓; 7.8 stated twice ✓
    assert _errors(rep, "narrative.sum") == [] and _errors(rep, "narrative.at_most") == []
    assert rep.narrative_coverage == (12, 12)


# ---------------------------------------------------------------- figures and coverage


def test_what_a_figure_is():
    p = Para.of("截至2022年12月31日，共有车辆5辆，其中：一般公务用车2辆。1. 教育支出1595.95万元，占0；第3批，"
                "电话0938-8212345，3-6岁，收、支总计各是4125.49,4143.91万元，各下降23.51%、38.28%，1,234.50元，"
                "国内公务接待16批次，800人次，分类施策，2017年度62名职工")
    got = [p.norm[a:b] for a, b in figures_of(p)]
    assert got == ["5辆", "2辆", "1595.95万元", "0", "4125.49", "4143.91万元", "23.51%", "38.28%", "1,234.50元",
                   "16批次", "800人次", "62名"]


def test_unknown_wording_shows_as_low_coverage():
    # wording no extractor knows: five figures, none read — five 未核对的数字, coverage 0/5, not a silent pass
    rep = _report((1, ["本年度共花费经费合计300万元，较去年多出20万元，多出7.14%，其中人头费200万元，杂费100万元。"]))
    assert rep.narrative_coverage == (0, 5)
    unchecked = [f for f in audit(rep) if f.rule == "narrative.unchecked_figure"]
    assert [f.stated for f in unchecked] == ["300万元", "20万元", "7.14%", "200万元", "100万元"]
    assert all(f.severity == "info" and f.section == 1 and "人头费" in f.message for f in unchecked)


# ---------------------------------------------------------------- the real excerpts


@cache
def audited(*parts: str):
    report = read_report(real_file(*parts))
    return report, audit(report)


def excerpt(name: str):
    return audited("excerpts", f"{name}.pdf")


def _above_info(findings) -> set:
    return {(f.rule, f.severity, f.stated, f.expected) for f in findings if f.severity != "info"}


def test_daying_all_four_hand_audited_findings_and_nothing_else():
    report, findings = excerpt("01_daying_culture_tourism_2022")
    assert _above_info(findings) == {
        ("narrative.balance", "error", "4143.91", "4125.49"),
        ("narrative.yoy_pct", "warning", "下降38.28", "下降38.29"),  # 2570.97/6714.88 = 38.2877%
        ("narrative.yoy_pct", "warning", "下降13.71", "下降13.72"),  # 1.24/9.04 = 13.7168%
        ("narrative.yoy_pct", "warning", "下降79.47", "下降79.48"),  # 285.5/359.23 = 79.4755%
    }
    # 一 6, 二 17, 三 11, 四 12 (the 三公 items), 八 1, 九 1, 十 11 figures, all read
    assert report.narrative_coverage == (59, 59)


def test_tianshui_budget_rate_and_nothing_else():
    report, findings = excerpt("09_tianshui_kindergarten_2017")
    assert [s.no for s in report.sections] == [2, 3, 4, 5]  # （一）（二）（三） under 二、, then 三、
    assert _above_info(findings) == {("narrative.budget_rate", "error", "100", "103")}  # 1741.75/1685.82
    # 30 figures; the two not read are "62名职工" inside a 主要原因
    assert report.narrative_coverage == (28, 30)
    left = [f for f in findings if f.rule == "narrative.unchecked_figure"]
    assert [(f.stated, f.page) for f in left] == [("62名", 2), ("62名", 2)]


def test_jiading_sangong_statement_read_in_full_without_error():
    report, findings = excerpt("06_jiading_justice_bureau_2017")
    assert [f for f in findings if f.severity != "info"] == []
    # 完成预算 of a 0 budget (因公出国 0万元, 完成预算的0%) is no error (hand audit: info)
    assert report.narrative_coverage == (19, 19)  # the cut-off "8.47万" at the end is no figure


def test_guichi_goal_text_sum():
    report, findings = excerpt("12_guichi_tangxi_town_2022_perf_form")
    # 实际完成情况: 30 + 30 + 29.99 = 89.99 ≠ 89.97 (Δ0.02); 预期目标 30 + 30 + 30 = 90 ✓
    (f,) = [f for f in findings if f.rule == "narrative.sum" and f.severity != "info"]
    assert (f.severity, f.stated, f.expected) == ("error", "89.97", "89.99")
    assert report.narrative_coverage == (8, 8)


def test_czj_coverage():
    report, _ = audited("national", "czj_2024.pdf")
    consumed, total = report.narrative_coverage
    # the one figure not read: the 单价100万元（含）以上 threshold of 十一（三）
    assert (consumed, total) == (100, 101)
    (left,) = [f for f in report.figures if f.claim is None]
    assert left.text == "100万元" and left.section == 11


def test_cli_line_and_meta_give_the_coverage(tmp_path, capsys):
    out = tmp_path / "findings.json"
    assert main(["audit", str(real_file("excerpts", "09_tianshui_kindergarten_2017.pdf")), "-o", str(out)]) == 0
    assert "叙述数字核对覆盖率 28/30（93.3%）" in capsys.readouterr().out
    meta = json.loads(out.read_text("utf-8"))["meta"]
    assert meta["narrative_coverage"] == {"consumed": 28, "figures": 30, "share": 0.9333}


@pytest.mark.parametrize("name", ["01_daying_culture_tourism_2022", "06_jiading_justice_bureau_2017",
                                  "09_tianshui_kindergarten_2017", "12_guichi_tangxi_town_2022_perf_form"])
def test_coverage_at_least_90_percent_on_each_narrative(name):
    consumed, total = excerpt(name)[0].narrative_coverage
    assert total and consumed / total >= 0.9


def test_rate_against_the_budget_it_names():
    # 年初预算 100, 全年预算 120, 决算 114: 完成全年预算 114/120 = 95% ✓, 完成年初预算 114/100 = 114% ✓
    text = "一般公共预算财政拨款支出总计114万元,年初预算为100万元,全年预算为120万元,完成{}预算{}%。"
    assert _errors(_report((5, [text.format("全年", "95")])), "narrative.budget_rate") == []
    assert _errors(_report((5, [text.format("年初", "114")])), "narrative.budget_rate") == []
    # 完成年初预算95%: the text compares with 全年 (114/120) while naming 年初 (114/100 = 114%): an error
    (f,) = _errors(_report((5, [text.format("年初", "95")])), "narrative.budget_rate")
    assert (f.stated, f.expected) == ("95", "114")
    rep = _report((5, [text.format("全年", "95")]))
    assert rep.claim("s5.rate").budget == "s5.budget_adjusted" and rep.claim("s5.budget_adjusted").value == "120"
    assert rep.claim("s5.budget").value == "100"  # read as what it is, though this rate does not use it
    assert rep.narrative_coverage == (4, 4)


def test_amounts_in_yuan_compared_in_yuan_and_named_with_their_unit():
    # 863,910 + 363,795 = 1,227,705 元 ≠ 1,227,700 元: 5 元 apart, which 万元 at 0.01 (122.77 both) would hide
    rep = _report((2, ["2022年本年收入合计1,227,700.00元，其中：一般公共预算财政拨款收入863,910.00元，占70.37%；"
                       "事业收入363,795.00元，占29.63%。"]))
    (f,) = _errors(rep, "narrative.sum")
    assert (f.severity, f.stated, f.expected, f.difference, f.amount_unit) == (
        "error", "1,227,700.00", "1,227,705.00", "-5.00", "元")  # in 元, as printed
    assert "=1,227,705.00元" in f.message and "万元" not in f.message
    # 100,000 元 = 10 万元; 100000 / (1000000 + 100000) = 9.0909% → 9.09, printed 9.10: within the envelope
    rep = _report((1, ["2022年度收、支总计1,000,000.00元。与2021年相比，收、支总计减少100,000.00元，下降9.10%。"]))
    (f,) = _errors(rep, "narrative.yoy_pct")
    assert (f.severity, f.expected) == ("warning", "下降9.09")
    # quoted in 元, the unit the narrative prints (no 万元 conversion beside it)
    assert "按减少100,000.00元÷上年数1,100,000.00元" in f.message and "万元" not in f.message


def test_sangong_item_rate_is_against_the_budget_row():
    # case_009 附表13: 公务接待费 预算数 7.70, 决算数 7.36 → 完成预算 7.36 / 7.70 = 95.584…% → 95.58%
    from conftest import DATA, truth_of

    def rate_findings(pct: str) -> list:
        rep = Report.from_truth(truth_of(DATA / "case_009.pdf"))
        rep.sections = [Section(no=4, title="", paragraphs=[f"3.公务接待费支出7.36万元,完成预算{pct}%。"])]
        rep.claims = extract_claims(rep)
        assert rep.claim("s7.reception.rate") is not None
        return [f for f in audit(rep) if f.rule == "narrative.budget_rate" and f.severity != "info"]

    assert rate_findings("95.58") == []
    (f,) = rate_findings("100.00")  # what the 决算数 row would give
    assert (f.severity, f.expected) == ("error", "95.58")
    assert "决算7.36÷预算7.70×100" in f.message  # the budget is named, from 附表13's 预算数 row


def test_a_decrease_larger_than_this_year_is_no_negative_prior():
    # 本年 5.00, 减少 10.00 → 上年 5.00 + 10.00 = 15.00 ≥ 0: nothing wrong; the same 增加 puts 上年 at
    # 5.00 − 10.00 = −5.00, impossible whatever the rate
    from budgetlib.checks.narrative import _negative_prior
    from budgetlib.model import Claim

    def change(word: str) -> Claim:
        return Claim("s1.yoy_amount", 1, "yoy_amount", "收、支总计", "10.00", direction=word)

    half = Decimal("0.005")  # half a unit of the printed precision (the default tolerance)
    assert _negative_prior(change("减少"), Decimal("5.00"), Decimal("10.00"), half) is None
    f = _negative_prior(change("增加"), Decimal("5.00"), Decimal("10.00"), half)
    assert (f.rule, f.severity, f.difference) == ("narrative.yoy_amount", "error", "-5.00")


@pytest.mark.parametrize("stated", ["30.00", "2.00", "30"])
def test_a_wrong_change_amount_is_given_the_amount_the_rate_implies(stated):
    # 本年 100.00 up 25.00% → 上年 100.00 ÷ 1.25 = 80.00 → 增加 20.00, whatever amount was printed
    rep = _report((1, [f"2023年度收、支总计100.00万元。与2022年相比，收、支总计各增加{stated}万元，增长25.00%。"]))
    (f,) = _errors(rep, "narrative.yoy_amount")
    assert (f.severity, f.stated, f.expected) == ("error", f"增加{stated}", "增加20.00")
    assert f.difference == str(Decimal(stated) - Decimal("20.00"))


def test_a_wrong_rate_is_explained_with_the_prior_year_it_implies():
    # 1994.88 − 100.00 = 1894.88 (增加: the prior year is below); 100.00 / 1894.88 = 5.2774% → 5.28, printed 5.38
    rep = _report((1, ["2023年度收、支总计1994.88万元。与2022年相比，收、支总计各增加100.00万元，增长5.38%。"]))
    (f,) = _errors(rep, "narrative.yoy_pct")
    assert (f.stated, f.expected) == ("增长5.38", "增长5.28")
    assert "上年数1894.88万元（本年1994.88−变动额）" in f.message
    # 减少: the prior year is above, 1994.88 + 100.00 = 2094.88; 100.00 / 2094.88 = 4.7735% → 4.77
    rep = _report((1, ["2023年度收、支总计1994.88万元。与2022年相比，收、支总计各减少100.00万元，下降4.87%。"]))
    (f,) = _errors(rep, "narrative.yoy_pct")
    assert (f.stated, f.expected) == ("下降4.87", "下降4.77")
    assert "上年数2094.88万元（本年1994.88+变动额）" in f.message


def test_budget_rate_of_a_zero_budget_could_not_check_of_one_is_checked():
    rep = _report((5, ["2023年度一般公共预算财政拨款支出0.50万元，年初预算为0.00万元，完成预算0%。"]))
    assert _errors(rep, "narrative.budget_rate") == []
    assert any(f.rule == "narrative.budget_rate" and "预算数为0" in f.message for f in audit(rep))
    # 0.50 / 1.00 = 50%, printed 60%
    rep = _report((5, ["2023年度一般公共预算财政拨款支出0.50万元，年初预算为1.00万元，完成预算60%。"]))
    (f,) = _errors(rep, "narrative.budget_rate")
    assert (f.stated, f.expected) == ("60", "50")


def test_on_a_tie_the_rate_is_the_figure_blamed():
    # 10.00 / (1994.88 − 10.00) = 0.5038% → 0.50, printed 0.01 (two edits); 0.01% would need Δ ≈ 0.20, printed
    # 10.00 (two edits as well): no figure is the likelier typo, and the rate is the one reported
    rep = _report((1, ["2023年度收、支总计1994.88万元。与2022年相比，收、支总计各增加10.00万元，增长0.01%。"]))
    assert [(f.stated, f.expected) for f in _errors(rep, "narrative.yoy_pct")] == [("增长0.01", "增长0.50")]
    assert _errors(rep, "narrative.yoy_amount") == []


@pytest.mark.parametrize("word, rate, expected, budget", [
    ("大於", "100", "103", "1685.82（1741.75−55.93）"),  # 1741.75 / 1685.82 = 103.32% → 103
    ("小於", "100", "97", "1797.68（1741.75+55.93）"),  # 1741.75 / 1797.68 = 96.89% → 97
])
def test_budget_a_gap_implies_is_shown_with_its_sum(word, rate, expected, budget):
    """决算数大于预算数D: the budget is 决算 − D, 小于: 决算 + D; the message shows that budget and how it was got."""
    text = ("2017年度,本單位一般公共預算財政撥款支出總計1741.75萬元,與上年相比減少53.7萬元,降低2.99%;"
            f"完成年初預算{rate}%,決算數{word}預算數55.93萬元,主要原因:工資調標。")
    (f,) = _errors(_report((5, [text])), "narrative.budget_rate")
    assert (f.stated, f.expected) == (rate, expected)
    assert f"决算1741.75÷预算{budget}×100" in f.message


def test_totals_as_a_pair_that_agree_are_no_finding():
    # 收、支总计各是4125.49,4125.49万元: income = expenditure, nothing to report
    rep = _report((1, ["2022年度收、支总计各是4125.49,4125.49万元。"]))
    assert rep.claim("s1.total_out") is not None and rep.claim("s1.total_out").value == "4125.49"
    assert [f for f in audit(rep) if f.rule == "narrative.balance"] == []


@pytest.mark.parametrize("stated, difference", [("10.89", "-0.09"), ("11", "0.02")])
def test_the_implied_change_amount_is_rounded_once_to_the_cent(stated, difference):
    # 增长12.34% on 本年100.00: Δ = 0.1234 × 100.00 / 1.1234 = 10.9845… → 10.98, rounded once half-up to the cent
    # (10.985 → 10.99 would be a double rounding). 10.89 swaps two digits of 10.98 (10.89 / 89.11 = 12.22%);
    # 11 is 11.00 in 万元 (11 / 89 = 12.36%): both are the amount the rate blames, and 10.98 is what it implies
    rep = _report((1, [f"2023年度收、支总计100.00万元。与2022年相比，收、支总计各增加{stated}万元，增长12.34%。"]))
    (f,) = _errors(rep, "narrative.yoy_amount")
    assert (f.severity, f.stated, f.expected, f.difference) == ("error", f"增加{stated}", "增加10.98", difference)
    assert _errors(rep, "narrative.yoy_pct") == []


def _checked(rep: Report, rule: str) -> set[str]:
    """The claims `rule` recorded as compared (a claim no rule compared is shown 未核对, never as agreeing)."""
    return {cid for cid, rules in checked_claims(rep).items() if rule in rules}


@pytest.mark.parametrize("no, text, rule, kinds", [
    (2, "2017年度,本单位收入为100万元,其中:财政拨款收入90万元,占90%;事业收入10万元,占10%。", "narrative.share",
     {"share", "amount"}),
    (1, "2023年度收、支总计1994.88万元。与2022年相比，收、支总计各增加100.00万元，增长5.28%。", "narrative.yoy_pct",
     {"yoy_amount", "yoy_pct"}),
    (1, "2023年度收、支总计1994.88万元。与2022年相比，收、支总计各增加100.00万元，增长5.28%。", "narrative.yoy_amount",
     {"yoy_amount", "yoy_pct"}),
    (5, "一般公共预算财政拨款支出总计114万元,年初预算为100万元,全年预算为120万元,完成全年预算95%。",
     "narrative.budget_rate", {"budget_rate", "amount", "budget"}),
    (1, "2022年度收、支总计各是4125.49,4125.49万元。", "narrative.balance", {"amount"}),
])
def test_the_claims_a_rule_compared_are_recorded(no, text, rule, kinds):
    # every figure a rule compared is recorded as checked by it (the 年初预算 100 of the budget_rate case is not:
    # the rate is of the 全年预算 120)
    rep = _report((no, [text]))
    want = {c.id for c in rep.claims if c.kind in kinds} - {"s5.budget"}
    assert want and _checked(rep, rule) == want


@pytest.mark.parametrize("cur, word, delta, rate, found", [
    # 1.24 / (6.55 − 1.24) = 23.35%; with each figure ±0.005: 1.235 / 5.32 = 23.21% … 1.245 / 5.30 = 23.49%, so 23.21 is
    # within the rounding of the printed figures (a warning), not a wrong figure
    ("6.55", "增加", "1.24", "23.21", ("narrative.yoy_pct", "warning", "增长23.21", "增长23.35")),
    ("6.55", "增加", "1.24", "23.49", ("narrative.yoy_pct", "warning", "增长23.49", "增长23.35")),
    # 12.50 / (9.04 + 12.50) = 58.03%, printed 58.06: one digit from the rate, while 58.06% would need Δ ≈ 12.51–12.52
    ("9.04", "减少", "12.50", "58.06", ("narrative.yoy_pct", "error", "下降58.06", "下降58.03")),
    # 16.08% on 6.55: Δ = 0.1608 × 6.55 / 0.8392 = 1.2550… → 1.26 (1.24 / 7.79 = 15.92%, three digits off the rate)
    ("6.55", "减少", "1.24", "16.08", ("narrative.yoy_amount", "error", "减少1.24", "减少1.26")),
    # 11.00% on 9.04: Δ = 0.11 × 9.04 / 1.11 = 0.8959 → 0.90 (0.87 / 8.17 = 10.65%)
    ("9.04", "增加", "0.87", "11.00", ("narrative.yoy_amount", "error", "增加0.87", "增加0.90")),
])
def test_change_amount_and_rate_judged_within_the_rounding_of_both(cur, word, delta, rate, found):
    # the rate is judged within the envelope its two printed inputs (±0.005 each) allow; when they disagree beyond it,
    # the figure blamed is the one fewer digits away from agreeing, with the rate ±half a unit of its printed digits
    rate_word = {"增加": "增长", "减少": "下降"}[word]
    rep = _report((1, [f"2023年度收、支总计{cur}万元。与2022年相比，收、支总计各{word}{delta}万元，{rate_word}{rate}%。"]))
    got = [(f.rule, f.severity, f.stated, f.expected) for f in audit(rep)
           if f.rule.startswith("narrative.yoy") and f.severity != "info"]
    assert got == [found]


def test_prior_year_of_a_cent_leaves_the_rate_without_an_envelope():
    # 6.56 − 6.55 = 0.01: with each figure ±0.005 the prior year may be 0, so the rate has no bound; it is judged
    # against the exact 6.55 / 0.01 = 65500%, and a printed 100.00% is the wrong figure
    rep = _report((1, ["2023年度收、支总计6.56万元。与2022年相比，收、支总计各增加6.55万元，增长100.00%。"]))
    got = [(f.rule, f.severity, f.stated, f.expected) for f in audit(rep)
           if f.rule.startswith("narrative.yoy") and f.severity != "info"]
    assert got == [("narrative.yoy_pct", "error", "增长100.00", "增长65500.00")]
