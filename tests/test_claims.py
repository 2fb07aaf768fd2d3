"""Narrative claims: the same ids, kinds, values and references as the truth files' claims."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import DATA, corpus_cases, sichuan_key, truth_of

from budgetlib import templates
from budgetlib.model import Column, Report, Row, Schedule, Section, Subsection
from budgetlib.parse.claims import extract_claims
from budgetlib.parse.structure import parse_structure
from budgetlib.pdf.document import open_document
from budgetlib.templates import plain_chars

SAMPLES = sorted(DATA.glob("*.pdf"))
COMPARED = ("section", "kind", "value", "direction", "subject", "part", "whole", "total", "parts", "amount", "budget")


@functools.cache
def claims_of(pdf: Path) -> dict:
    report = Report()
    with open_document(pdf) as doc:
        parse_structure(doc, report)
    return {c.id: c for c in extract_claims(report)}


def _as_truth(c) -> dict:
    out = {k: getattr(c, k) for k in COMPARED}
    out["parts"] = out["parts"] or None
    out["ref"] = None if c.ref is None else {"table": c.ref.table, "row": c.ref.row, "column": c.ref.column}
    return out


def _truth(c: dict) -> dict:
    out = {k: c.get(k) for k in COMPARED}
    ref = c.get("ref")
    out["ref"] = ref if ref and "table" in ref else None  # {'performance': 'count'} is not a table cell
    if out["ref"] and isinstance(out["ref"]["table"], int):  # the Sichuan corpus numbers its tables
        out["ref"] = {**out["ref"], "table": templates.get("sichuan_unit").by_ordinal(out["ref"]["table"]).key}
    return out


def check_against_truth(pdf: Path) -> None:
    got = claims_of(pdf)
    want = {c["id"]: c for c in truth_of(pdf)["narrative"]["claims"]}
    assert sorted(got) == sorted(want)
    diffs = {i: (_as_truth(got[i]), _truth(want[i])) for i in want if _as_truth(got[i]) != _truth(want[i])}
    assert not diffs
    for c in got.values():  # evidence: the sentence and the page it was printed on
        assert c.prov is not None and c.prov.page >= 2
        if c.value is not None and c.kind != "sum":
            assert c.value.replace(",", "") in c.sentence.replace(" ", "").replace(",", "")
        assert_points_at_its_figure(c)


def assert_points_at_its_figure(c) -> None:
    """A claim's `at` (printed paragraph, offset) is where its figure is printed (a 大于/小于 at the
    start of its phrase, 决算数大于预算数)."""
    if c.at is None:
        return
    text, off = c.at
    printed = plain_chars(text[off:])[0]
    head = printed[:len(c.value) + 4] if c.kind == "direction" else printed[:len(c.value)]
    assert c.value in head, (c.id, c.value, printed[:20])


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_claims_match_truth(pdf):
    check_against_truth(pdf)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_corpus_claims_match_truth(pdf):
    check_against_truth(pdf)


def test_seed_claims_keep_sentences_and_pages(seed_pdf):
    got = claims_of(seed_pdf)
    assert got["s1.yoy_pct"].direction == "下降"  # printed "减少 37.53%"
    assert got["s5.yoy_amount"].direction == "减少"  # printed with the typo "增减少"
    assert got["s5.item.2010350"].sentence.startswith("1. 一般公共服务（类）")
    assert got["s10.perf.count"].value == "18" and got["s10.perf.count"].prov.page == 4
    assert got["s7.none"].label == "财政拨款“三公”经费支出"


# ---------------------------------------------------------------- sentences


def _claims(no: int, *paragraphs: str, subsections: dict | None = None, report: Report | None = None) -> dict:
    rep = report or Report()
    sec = Section(no=no, title="", paragraphs=list(paragraphs),
                  subsections=[Subsection(t, list(p)) for t, p in (subsections or {}).items()])
    rep.sections = [sec]
    return {c.id: c for c in extract_claims(rep)}


def test_full_width_digits_and_spaces():
    got = _claims(1, "２０２３ 年度收、支总计 ２１３３．５９ 万元。与 ２０２２ 年相比，收、支总计各减少 １２８１．８５ 万元，减少 ３７．５３％。")
    assert got["s1.total"].value == "2133.59"
    assert (got["s1.yoy_amount"].value, got["s1.yoy_amount"].direction) == ("1281.85", "减少")
    assert (got["s1.yoy_pct"].value, got["s1.yoy_pct"].direction) == ("37.53", "下降")


def test_totals_as_a_pair_refer_to_the_two_totals_of_the_summary_table():
    # 大英 2022: "收、支总计各是4125.49,4143.91万元": 收入总计 and 支出总计 of 附表1 收入支出决算总表
    got = _claims(1, "2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,2570.97万元,"
                     "各下降23.51%、38.28%。")
    summary = templates.get("sichuan_unit").by_ordinal(1).key
    assert [(got[k].value, got[k].ref.table, got[k].ref.row, got[k].ref.column) for k in ("s1.total", "s1.total_out")] \
        == [("4125.49", summary, "in.grand", "amount"), ("4143.91", summary, "out.grand", "amount")]
    for c in got.values():
        assert_points_at_its_figure(c)


def test_thousands_separators_and_yuan():
    got = _claims(2, "2022年本年收入合计1,227,700.00元，其中：一般公共预算财政拨款收入863,910.00元，占70.37%；"
                     "事业收入363,790.00元，占29.63%。")
    assert got["s2.total"].value == "1,227,700.00" and got["s2.total"].unit == "元"
    assert got["s2.gp.share"].part == "s2.gp" and got["s2.gp.share"].whole == "s2.total"
    assert got["s2.sum"].parts == ["s2.gp", "s2.business"]
    assert got["s2.business"].ref.row == "in.business"


def test_zero_items_and_decrease_wording():
    got = _claims(4, "2023年财政拨款收、支总计84.05万元。与2022年相比，财政拨款收、支总计各减少737.13万元，降低89.76%。")
    assert got["s4.yoy_pct"].direction == "下降"
    got = _claims(3, "2023年本年支出合计100.00万元，其中：基本支出100.00万元，占100%；经营支出0万元，占0%。")
    assert got["s3.operating"].value == "0" and got["s3.operating.share"].value == "0"


def test_item_codes_come_from_the_schedules_when_parsed():
    rep = Report()
    rep.schedules["gp_expense"] = Schedule(key="gp_expense", no=6, columns=[Column("total", "合计")], rows=[
        Row("total", "合计"), Row("299", "其他支出", "299", "类"), Row("29999", "其他支出", "29999", "款"),
        Row("2999901", "其他支出", "2999901", "项")])
    got = _claims(5, subsections={"（三）一般公共预算财政拨款支出决算具体情况": [
        "1. 其他支出（类）其他支出（款）其他支出（项）：支出决算为 5.00 万元，完成预算 100%，决算数等于预算数。"]},
        report=rep)
    assert "s5.item.2999901" in got and got["s5.item.2999901"].ref.table == "gp_expense"
    # without schedules and outside the catalogue: numbered, no table reference (never a wrong one)
    got = _claims(5, subsections={"（三）具体情况": [
        "1. 其他支出（类）其他支出（款）其他支出（项）：支出决算为 5.00 万元，完成预算 100%，决算数等于预算数。"]})
    assert got["s5.item.1"].ref is None


def test_sangong_and_procurement():
    got = _claims(7, "2021年度财政拨款“三公”经费支出7.36万元，年初预算7.70万元，完成预算的95.58%。与2020年相比，"
                     "“三公”经费支出减少0.30万元，下降1.92%。其中：因公出国（境）费0.00万元，占0.00%；"
                     "公务用车购置及运行维护费0.00万元，占0.00%；公务接待费7.36万元，占100.00%。")
    assert got["s7.rate"].amount == "s7.total" and got["s7.rate"].budget == "s7.budget"
    assert got["s7.sum"].parts == ["s7.abroad", "s7.vehicle", "s7.reception"]
    got = _claims(10, subsections={"（二）政府采购支出情况": [
        "2021年度本部门政府采购支出总额523.98万元，其中：政府采购货物支出274.56万元、政府采购工程支出0.00万元、"
        "政府采购服务支出249.42万元。授予中小企业合同金额345.26万元，占政府采购支出总额的65.89%。"]})
    assert got["s10.proc.sum"].parts == ["s10.proc.goods", "s10.proc.works", "s10.proc.services"]
    assert got["s10.proc.sme.share"].value == "65.89" and got["s10.proc.sme.share"].whole == "s10.proc.total"


def test_sangong_items_are_read_under_another_heading_only_when_there_is_no_section_seven():
    item = "3.公务接待费支出7.36万元，完成预算95.58%。公务接待费支出决算比上年减少0.30万元，下降3.92%。"
    seven = Section(no=7, title="七、财政拨款“三公”经费支出决算情况说明", paragraphs=[
        "2021年度财政拨款“三公”经费支出7.36万元，年初预算7.70万元，完成预算的95.58%。其中：因公出国（境）费0.00万元，"
        "占0.00%；公务用车购置及运行维护费0.00万元，占0.00%；公务接待费7.36万元，占100.00%。"])
    five = Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", paragraphs=[item])
    # a whole report: the 三公 figures are section 七's alone (items read again elsewhere would be checked twice)
    got = extract_claims(Report(sections=[five, seven]))
    assert {c.section for c in got if c.id.startswith("s7.")} == {7}
    assert len({c.id for c in got}) == len(got)
    # an excerpt that lost the 七 heading: the items are read where they stand, under whatever heading
    for no in (5, 8):
        got = extract_claims(Report(sections=[Section(no=no, title="", paragraphs=[item])]))
        assert [(c.id, c.value, c.section) for c in got if c.id.startswith("s7.reception")] == [
            ("s7.reception", "7.36", no), ("s7.reception.rate", "95.58", no), ("s7.reception.yoy_amount", "0.30", no),
            ("s7.reception.yoy_pct", "3.92", no)]


def test_reception_examples_are_named_and_bounded_by_the_domestic_total():
    # 大英 2022 p.7: the listed 接待 items, each with its name and amount, at most the 国内公务接待 total
    got = _claims(4, "3.公务接待费支出7.8万元,完成预算100%。",
                  "国内公务接待支出7.8万元,主要用于执行公务。国内公务接待16批次,800人次(不包括陪同人员),共计支出7.8万元,"
                  "具体内容主要包括:签约仪式1.91万元、专家调研0.14万元、团队调研0.19万元等。")
    examples = [got[f"s7.reception.example.{n}"] for n in (1, 2, 3)]
    assert [(c.label, c.value) for c in examples] == [("签约仪式", "1.91"), ("专家调研", "0.14"), ("团队调研", "0.19")]
    assert got["s7.reception.examples"].kind == "at_most"
    assert got["s7.reception.examples"].parts == [c.id for c in examples]
    text = got["s7.reception.batches"].at[0]
    assert [(got[k].value, text[got[k].at[1]:].startswith(got[k].value)) for k in (
        "s7.reception.batches", "s7.reception.persons")] == [("16", True), ("800", True)]


def test_office_expenses_refer_to_the_templates_cell(monkeypatch):
    """机关运行经费 is checked against 附表8 公用经费 because the 四川 template says so (narrative.refs),
    not by its wording."""
    text = {"（一）机关运行经费支出情况": ["2023年度本单位机关运行经费支出12.34万元，比2022年增加1.00万元，增长8.82%。"]}
    ref = _claims(10, subsections=text)["s10.office"].ref
    assert (ref.table, ref.row, ref.column) == ("gp_basic_detail", "total", "public")
    sichuan = templates.get("sichuan_unit")
    monkeypatch.setitem(sichuan.narrative["refs"], "机关运行经费", ["gp_expense_detail", "total", "public"])
    assert _claims(10, subsections=text)["s10.office"].ref.table == "gp_expense_detail"


def test_none_statements():
    got = _claims(8, "2023 年技术服务中心无政府性基金预算财政拨款支出。")
    assert got["s8.none"].ref.table == "gov_fund" and got["s8.none"].label == "政府性基金预算财政拨款支出"


def test_a_sum_needs_its_total_and_at_least_one_part():
    from budgetlib.parse.claimtext import Builder, Para

    b = Builder(2)
    p = Para.of("本年收入合计100.00万元。")
    total = b.add(p, 6, "s2.total", "amount", "本年收入合计", "100.00")
    b.sum("s2.sum", "本年收入构成", total, [])  # no item listed: no sum to check (never total = 0)
    b.sum("s2.sum", "本年收入构成", None, [total])  # no total read: nothing to compare the items with
    assert [c.id for c in b.claims] == ["s2.total"]
    b.sum("s2.sum", "本年收入构成", total, [total])
    assert (b.claims[-1].kind, b.claims[-1].total, b.claims[-1].parts) == ("sum", "s2.total", ["s2.total"])


@pytest.mark.parametrize("word,direction", [("大于", "大于"), ("超过", "大于"), ("超出", "大于"), ("低于", "小于")])
def test_a_budget_gap_in_other_words_has_the_direction_of_its_meaning(word, direction):
    """决算数大于/超过/超出/低于预算数D万元: a budget_gap claim with the direction meant, placed at its figure D."""
    got = _claims(5, f"2017年度一般公共预算财政拨款支出总计1741.75万元，完成年初预算100%，决算数{word}预算数55.93万元。")
    gap = got["s5.gap"]
    assert (gap.value, gap.direction, gap.label) == ("55.93", direction, f"一般公共预算财政拨款决算数{direction}预算数")
    assert gap.at is not None
    assert_points_at_its_figure(gap)
    assert got["s5.rate"].budget == "s5.gap"


def test_a_claims_sentence_is_the_printed_one_up_to_its_full_stop():
    from budgetlib.parse.claimtext import Para

    p = Para.of("甲支出 1.00 万元。乙支出２.００万元，增加0.50万元。丙")
    assert p.sentence(p.norm.index("1.00")) == "甲支出 1.00 万元。"
    assert p.sentence(p.norm.index("2.00")) == "乙支出２.００万元，增加0.50万元。"  # printed: its full-width digits
    assert p.sentence(p.norm.index("丙")) == "丙"  # the last, without a full stop


def test_a_document_no_template_fits_is_read_in_the_sichuan_wording_on_a_tie():
    # both wordings read the five figures of this sentence; they differ in the table a part refers to
    sec = Section(no=2, title="", paragraphs=[
        "本年收入合计4335.38万元，其中：财政拨款收入3526.52万元，占81.34%；事业收入808.86万元，占18.66%。"])
    got = {c.id: c for c in extract_claims(Report(sections=[sec], template=None))}
    assert len(got) == 6
    assert (got["s2.fiscal"].ref.table, got["s2.fiscal"].ref.row) == (sichuan_key(1), "in.fiscal")


def test_a_plain_completion_rate_is_against_the_one_budget_printed_or_none():
    # 完成预算 without 年初/调整: the budget printed in the sentence when there is one; with two, the text
    # does not say which (the rate is not checked against a guess)
    got = _claims(5, "2023年度一般公共预算财政拨款支出95.00万元，年初预算为100.00万元，完成预算95%。")
    assert (got["s5.rate"].amount, got["s5.rate"].budget) == ("s5.total", "s5.budget")
    got = _claims(5, "2023年度一般公共预算财政拨款支出95.00万元，年初预算为100.00万元，调整预算为90.00万元，完成预算95%。")
    assert got["s5.budget_adjusted"].value == "90.00" and got["s5.rate"].budget is None
    got = _claims(5, "2023年度一般公共预算财政拨款支出95.00万元，年初预算为100.00万元，调整预算为90.00万元，完成调整预算106%。")
    assert got["s5.rate"].budget == "s5.budget_adjusted"


def test_sangong_rate_needs_both_the_rate_and_the_budget():
    got = _claims(7, "2021年度财政拨款“三公”经费支出7.36万元，年初预算7.70万元。")
    assert got["s7.budget"].value == "7.70" and "s7.rate" not in got
    got = _claims(7, "2021年度财政拨款“三公”经费支出7.36万元，完成预算的95.58%。")
    assert "s7.budget" not in got and "s7.rate" not in got  # no budget printed: no rate to check against a guess


def test_a_paragraph_maps_offsets_back_to_what_was_printed():
    import re

    from budgetlib.model import Prov
    from budgetlib.parse.claimtext import Para, Shift

    # a paragraph joined from two printed ones: an offset at the second's first character is in the second
    p = Para.of("甲支出1.00万元乙支出2.00万元")
    p.sources = [(0, "甲支出1.00万元"), (9, "乙支出2.00万元")]
    assert p.origin(9) == ("乙支出2.00万元", 0) and p.origin(8) == ("甲支出1.00万元", 8)
    # the line of an offset past the end is the last line's
    q = Para.of("甲支出1.00万元", [(0, Prov(3, (0, 0, 1, 1))), (5, Prov(4, (0, 2, 1, 3)))])
    assert q.prov(2).page == 3 and q.prov(99).page == 4
    # a match on a slice seen with offsets in the whole paragraph
    s = Shift(re.search(r"\d+\.\d+", "乙支出2.00万元"), 9)
    assert (s.start(), s.end()) == (12, 16)


def test_listed_classes_outside_the_catalogue_are_numbered_in_order():
    got = _claims(5, "2017年度一般公共预算财政拨款支出100.00万元，与上年相比增加10.00万元，增长11.11%。其中："
                     "1.专项业务支出60.00万元，完成年初预算100%；2.日常运转支出40.00万元，完成年初预算100%。")
    assert [(k, got[k].value, got[k].label) for k in ("s5.class.1", "s5.class.2")] == [
        ("s5.class.1", "60.00", "专项业务支出"), ("s5.class.2", "40.00", "日常运转支出")]


def test_each_sangong_item_has_its_own_change():
    got = _claims(5, "1.因公出国(境)费支出1.00万元,完成预算100%。因公出国(境)费支出决算比2021年减少0.10万元,下降9.09%。"
                     "2.公务用车购置及运行维护费支出2.00万元,完成预算100%。公务用车购置及运行维护费支出决算比2021年"
                     "增加0.20万元,增长11.11%。"
                     "3.公务接待费支出7.8万元,完成预算100%。公务接待费支出决算比2021年减少1.24万元,下降13.71%。")
    assert [(k, got[f"s7.{k}.yoy_amount"].value, got[f"s7.{k}.yoy_pct"].value) for k in (
        "abroad", "vehicle", "reception")] == [("abroad", "0.10", "9.09"), ("vehicle", "0.20", "11.11"),
                                               ("reception", "1.24", "13.71")]


# ---------------------------------------------------------------- issue 20: pinned by the surviving mutants


def test_a_pair_of_changes_printed_in_yuan_is_in_yuan():
    """收、支总计 as a pair (大英 2022's wording) printed in 元: the two changes are in 元 too (the unit
    printed after the second change), not 万元."""
    got = _claims(1, "2022年度收、支总计各是4125490.00、4143910.00元。与2021年相比,收、支总计各减少1267860.00、"
                     "2570970.00元,各下降23.51%、38.28%。")
    assert [(got[k].value, got[k].unit) for k in ("s1.total", "s1.yoy_amount", "s1.out.yoy_amount")] == [
        ("4125490.00", "元"), ("1267860.00", "元"), ("2570970.00", "元")]


@pytest.mark.parametrize("ordinal", [6, 7, 5, 3, 2])
def test_item_codes_come_from_any_functional_classification_schedule(ordinal):
    """A 类/款/项 path is resolved against the rows of whichever classification schedule was parsed
    (附表6, 7, 5, 3 or 2): each of them alone gives the item its code."""
    key = sichuan_key(ordinal)
    rep = Report()
    rep.schedules[key] = Schedule(key=key, no=ordinal, columns=[Column("total", "合计")], rows=[
        Row("total", "合计"), Row("299", "其他支出", "299", "类"), Row("29999", "其他支出", "29999", "款"),
        Row("2999901", "其他支出", "2999901", "项")])
    got = _claims(5, subsections={"（三）一般公共预算财政拨款支出决算具体情况": [
        "1. 其他支出（类）其他支出（款）其他支出（项）：支出决算为 5.00 万元，完成预算 100%。"]}, report=rep)
    assert "s5.item.2999901" in got and "s5.item.1" not in got


def test_the_share_of_all_spending_needs_both_the_share_and_the_spending_total():
    """s5.total.share (一般公共预算财政拨款支出占本年支出合计的P%) is a claim only when the share is printed
    and section 三's 本年支出合计 was read: it is compared with that total."""
    three = Section(no=3, title="", paragraphs=["2023年本年支出合计200.00万元。"])
    with_share = "2023年度一般公共预算财政拨款支出95.00万元，占本年支出合计的47.50%。"
    got = {c.id: c for c in extract_claims(Report(sections=[three, Section(no=5, title="", paragraphs=[with_share])]))}
    assert (got["s5.total.share"].value, got["s5.total.share"].part, got["s5.total.share"].whole) == (
        "47.50", "s5.total", "s3.total")
    # no 本年支出合计 read: nothing to compare the share with
    assert "s5.total.share" not in _claims(5, with_share)
    # no share printed: no share claim
    got = {c.id for c in extract_claims(Report(sections=[three, Section(no=5, title="", paragraphs=[
        "2023年度一般公共预算财政拨款支出95.00万元。"])]))}
    assert "s5.total" in got and "s5.total.share" not in got


def test_structure_classes_outside_the_catalogue_are_numbered_from_one():
    """主要用于：A支出…；B支出… with names the catalogue does not know: s5.class.1, s5.class.2 in the
    order printed (as the listed classes are)."""
    got = _claims(5, subsections={"（二）一般公共预算财政拨款支出决算结构情况": [
        "一般公共预算财政拨款支出100.00万元，主要用于：专项业务支出60.00万元，占60.00%；日常运转支出40.00万元，占40.00%。"]})
    assert [(k, got[k].value, got[k].label) for k in ("s5.class.1", "s5.class.2")] == [
        ("s5.class.1", "60.00", "专项业务支出"), ("s5.class.2", "40.00", "日常运转支出")]
    assert got["s5.struct.sum"].parts == ["s5.class.1", "s5.class.2"]


ITEMS = ("1.社会保障和就业(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项):年初预算为206.14万元,"
         "支出决算为206.14万元,完成年初预算的100.00%。2.卫生健康(类)行政事业单位医疗(款)行政单位医疗(项):"
         "年初预算为111.83万元,支出决算为99.23万元,完成年初预算的88.73%。")


def test_item_claims_come_in_the_truths_order():
    """Each 项 with its 年初预算: budget, amount, rate, item after item (the corpus truth's order)."""
    got = extract_claims(Report(sections=[Section(no=5, title="", subsections=[
        Subsection("（三）一般公共预算财政拨款支出决算具体情况", [ITEMS])])]))
    assert [c.id for c in got if c.id.startswith("s5.item")] == [
        "s5.item.2080505.budget", "s5.item.2080505", "s5.item.2080505.rate",
        "s5.item.2101101.budget", "s5.item.2101101", "s5.item.2101101.rate"]


@pytest.mark.parametrize("text,key,label", [
    (ITEMS, "s5.item.2080505", "2080505"),  # the truth's labels: 2080505年初预算, 2080505支出决算
    ("1.专项业务(类)日常运转(款)会议培训(项):年初预算为10.00万元,支出决算为9.00万元,完成年初预算的90.00%。",
     "s5.item.1", "专项业务日常运转会议培训"),  # no code: the printed names
])
def test_an_items_label_is_its_code_else_its_printed_names(text, key, label):
    """s5.item labels: the code when the path resolves to one (as the truth files), else the 类/款/项
    names as printed (never a missing code)."""
    got = _claims(5, subsections={"（三）具体情况": [text]})
    assert (got[key].label, got[f"{key}.budget"].label, got[f"{key}.rate"].label) == (
        f"{label}支出决算", f"{label}年初预算", f"{label}完成预算")


def test_a_class_listed_twice_is_one_claim_referring_to_its_table_row():
    """甘肃 2017: the classes listed after the total (其中：1.教育支出…) and again in a later paragraph are
    one claim each (the first reading), referring to 附表6's row of their 类 code."""
    got = extract_claims(Report(sections=[Section(no=5, title="", paragraphs=[
        "2017年度一般公共预算财政拨款支出100.00万元，完成年初预算100%。其中：1.教育支出60.00万元，完成年初预算100%；"
        "2.卫生健康支出40.00万元，完成年初预算100%。",
        "一般公共预算财政拨款支出主要用于以下方面：1.教育支出60.00万元，占60.00%；2.卫生健康支出40.00万元，占40.00%。"])]))
    ids = [c.id for c in got]
    assert len(ids) == len(set(ids))
    edu = next(c for c in got if c.id == "s5.class.205")
    assert (edu.value, edu.ref.table, edu.ref.row, edu.ref.column) == ("60.00", sichuan_key(6), "205", "total")
    assert "s5.class.210" in ids


def test_sangong_items_each_have_their_own_label_and_only_their_own_change():
    """A numbered 三公 item is labelled by its name (因公出国（境）费 as the truth prints it) and reads a
    change only up to the next item: an item without one gets none (not the next item's)."""
    got = _claims(5, "1.因公出国(境)费支出1.00万元,完成预算100%。2.公务接待费支出7.8万元,完成预算100%。"
                     "公务接待费支出决算比2021年减少1.24万元,下降13.71%。")
    assert (got["s7.abroad"].label, got["s7.reception"].label) == ("因公出国（境）费", "公务接待费")
    assert "s7.abroad.yoy_amount" not in got and "s7.abroad.yoy_pct" not in got
    assert (got["s7.reception.yoy_amount"].value, got["s7.reception.yoy_pct"].value) == ("1.24", "13.71")


@pytest.mark.parametrize("text,parts", [
    ("国内公务接待支出7.3万元,外事接待支出0.5万元。", ["s7.reception.domestic", "s7.reception.foreign"]),
    ("国内公务接待支出7.8万元。", None),  # 外事接待 not stated: the domestic part alone is not the whole
])
def test_reception_is_the_sum_of_domestic_and_foreign_only_when_both_are_stated(text, parts):
    """公务接待费 = 国内公务接待 + 外事接待: a sum claim when the text states both parts, none otherwise."""
    got = _claims(4, "3.公务接待费支出7.8万元,完成预算100%。", text)
    s = got.get("s7.reception.sum")
    assert (s and (s.total, s.parts)) == (("s7.reception", parts) if parts else None)


def test_reception_batches_without_a_repeated_total_or_listed_examples():
    """国内公务接待N批次，M人次 with no 共计支出 and no 包括 list: the counts only; a list piece without an
    amount (专家调研等) is no example."""
    got = _claims(4, "3.公务接待费支出7.8万元,完成预算100%。", "国内公务接待支出7.8万元。国内公务接待16批次,800人次。")
    assert (got["s7.reception.batches"].value, got["s7.reception.persons"].value) == ("16", "800")
    assert not [k for k in got if k.startswith(("s7.reception.domestic.", "s7.reception.example"))]
    got = _claims(4, "3.公务接待费支出7.8万元,完成预算100%。",
                  "国内公务接待支出7.8万元。国内公务接待16批次,800人次,具体内容主要包括:签约仪式1.91万元、专家调研等。")
    assert [(k, got[k].value) for k in got if k.startswith("s7.reception.example.")] == [
        ("s7.reception.example.1", "1.91")]
    assert got["s7.reception.examples"].parts == ["s7.reception.example.1"]


def _form_report(*goals: str) -> Report:
    from budgetlib.model import Cell, PerfForm

    return Report(kind="perf_form", forms=[PerfForm(index=i, goal=Cell(g)) for i, g in enumerate(goals, start=1)])


@pytest.mark.parametrize("goal,listed", [
    ("本项目共申请预算资金90万元。其中：30万元用于道路养护；30万元用于桥梁维修；30万元用于设备购置。", 3),
    ("本项目共申请预算资金60万元。其中：30万元用于道路养护；30万元用于桥梁维修。", 2),
    ("本项目共申请预算资金90万元。其中：30万元用于道路养护。", 1),  # one 其中 item is part of the total only
])
def test_a_forms_goal_lists_its_funds_numbered_from_one_summed_when_two_or_more(goal, listed):
    """池州 2022: 本项目共申请预算资金X万元。其中：A万元用于…；B万元用于… in a standalone 自评表's 年度总体目标:
    the total and the items 第1项… (section 0: a form is no 情况说明 section); a sum to check only when the
    list has at least two items."""
    got = {c.id: c for c in extract_claims(_form_report(goal))}
    items = [f"form1.goal.{n}" for n in range(1, listed + 1)]
    assert [(k, got[k].value, got[k].label) for k in items] == [
        (k, "30", f"其中第{n}项") for n, k in enumerate(items, start=1)]
    assert {c.section for c in got.values()} == {0}
    if listed > 1:
        assert (got["form1.goal.sum"].total, got["form1.goal.sum"].parts) == ("form1.goal.total", items)
    else:
        assert "form1.goal.sum" not in got


def test_a_composition_item_without_a_share_has_no_share_claim():
    """其中：A万元 with no 占P% after it: the item, no share claim (nothing printed to check)."""
    got = _claims(2, "2023年本年收入合计100.00万元，其中：一般公共预算财政拨款收入100.00万元。")
    assert got["s2.gp"].value == "100.00" and "s2.gp.share" not in got


def test_a_paragraph_maps_its_last_character_and_line_starts_exactly():
    """Para.origin / Para.prov at the edges: the last character maps to the last printed one (an offset
    past the end too); a character that starts a line is on that line; a sentence starts after the
    previous full stop even when the paragraph opens with one."""
    from budgetlib.model import Prov
    from budgetlib.parse.claimtext import Para

    p = Para.of("甲支出 1.00")  # norm 甲支出1.00: the last 0 is printed at offset 7
    assert p.origin(len(p.norm) - 1) == ("甲支出 1.00", 7) and p.origin(99) == ("甲支出 1.00", 7)
    q = Para.of("甲支出1.00万元", [(0, Prov(3)), (5, Prov(4)), (8, Prov(5))])  # 元 alone on the last line
    assert [q.prov(k).page for k in (4, 5, 7, 8)] == [3, 4, 4, 5]
    r = Para.of("。甲支出1.00万元。")
    assert r.sentence(r.norm.index("1.00")) == "甲支出1.00万元。"
