"""Narrative and disclosure rules against the truth files' `errors`, on ground truth and on the PDFs."""

from __future__ import annotations

import copy
import functools
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, corpus_cases, truth_of
from truthmatch import assert_found, missing, unexpected

from budgetlib.checks import audit, checked_claims
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Claim, Finding, Part, Report
from budgetlib.parse.report import read_report
from budgetlib.templates.form_profile import FormProfile

NARRATIVE = {r for r in RULES if r.startswith("narrative.")}
DISCLOSURE = {r for r in RULES if r.startswith("disclosure.")}
SAMPLES = sorted(DATA.glob("*.pdf"))


def run(report: Report, rules: set[str] = NARRATIVE) -> list[Finding]:
    return list(run_rules(Context(report), only=rules))


def _claim(truth: dict, claim_id: str) -> dict:
    return next(c for c in truth["narrative"]["claims"] if c["id"] == claim_id)


# ---------------------------------------------------------------- ground truth


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_truth_errors_found_and_nothing_else(pdf):
    truth = truth_of(pdf)
    findings = run(Report.from_truth(truth))
    assert not missing(findings, truth["errors"], NARRATIVE)
    assert not unexpected(findings, truth["errors"], NARRATIVE)
    assert not [f for f in findings if f.severity == "info"]  # every input was there


def test_clean_seed_has_no_narrative_error(seed_truth):
    assert not [f for f in run(Report.from_truth(seed_truth)) if f.severity != "info"]


def test_planted_yoy_pct_is_blamed_on_the_rate():
    truth = truth_of(DATA / "case_009.pdf")
    (f,) = [f for f in run(Report.from_truth(truth)) if f.rule.startswith("narrative.yoy")]
    assert (f.rule, f.section, f.severity, f.stated, f.expected) == ("narrative.yoy_pct", 7, "error", "下降1.92", "下降3.92")


# ---------------------------------------------------------------- planted on the seed truth


def planted(truth: dict, claim_id: str, **changes) -> list[Finding]:
    t = copy.deepcopy(truth)
    _claim(t, claim_id).update(changes)
    return [f for f in run(Report.from_truth(t)) if f.severity != "info"]


def test_share_error_and_truncation(seed_truth):
    (f,) = planted(seed_truth, "s2.gp.share", value="12.96")
    assert (f.rule, f.section, f.severity, f.expected) == ("narrative.share", 2, "error", "10.96")
    (f,) = planted(seed_truth, "s2.operating.share", value="87.50")  # 670.78/766.53 = 87.508… → 87.51
    assert (f.severity, f.within_rounding, f.expected) == ("warning", True, "87.51")


def test_sum_error(seed_truth):
    found = planted(seed_truth, "s2.business", value="17.10")
    assert {(f.rule, f.section) for f in found} >= {("narrative.sum", 2), ("narrative.table_mismatch", 2)}


def test_yoy_amount_digit_typo_is_blamed_on_the_amount(seed_truth):
    (f,) = planted(seed_truth, "s1.yoy_amount", value="1581.85")
    assert (f.rule, f.section, f.severity) == ("narrative.yoy_amount", 1, "error")


def test_yoy_direction_flip(seed_truth):
    (f,) = planted(seed_truth, "s4.yoy_amount", direction="增加")
    assert (f.rule, f.section, f.stated, f.expected) == ("narrative.yoy_amount", 4, "增加737.13", "减少737.13")
    (f,) = planted(seed_truth, "s4.yoy_pct", direction="增长")
    assert (f.rule, f.section, f.stated) == ("narrative.yoy_pct", 4, "增长89.76")


def _yoy_report(current: str, word: str, delta: str, rate: tuple[str, str] | None) -> Report:
    """One subject with its year-on-year change, as the claim parser would give it."""
    claims = [Claim("s7.total", 7, "amount", "“三公”经费支出", current),
              Claim("s7.yoy_amount", 7, "yoy_amount", "“三公”经费支出", delta, direction=word, subject="s7.total")]
    if rate is not None:
        claims.append(Claim("s7.yoy_pct", 7, "yoy_pct", "“三公”经费支出", rate[1], direction=rate[0],
                            subject="s7.total"))
    return Report(claims=claims)


@pytest.mark.parametrize("rate", [("增长", "10.00"), None], ids=["with-rate", "amount-only"])
def test_yoy_increase_larger_than_this_year_is_an_error(rate):
    """增加100.83万元 on 6.55万元 this year puts last year at −94.28: the change amount is wrong (it
    used to be 'could not check', the rate being meaningless on a negative base)."""
    found = run(_yoy_report("6.55", "增加", "100.83", rate))
    (f,) = [f for f in found if f.rule.startswith("narrative.yoy")]
    assert (f.rule, f.severity, f.section, f.stated, f.difference) == (
        "narrative.yoy_amount", "error", 7, "增加100.83", "-94.28")
    assert "上年数为6.55−100.83=-94.28万元" in f.message and "不可能为负" in f.message


def test_yoy_prior_about_zero_is_not_an_error():
    """A prior year of zero within the rounding of the two printed figures: a new item, not a wrong change."""
    found = run(_yoy_report("6.55", "增加", "6.56", ("增长", "100.00")))
    assert {f.severity for f in found if f.rule.startswith("narrative.yoy")} == {"info"}
    found = run(_yoy_report("6.55", "增加", "6.56", None))
    assert {f.severity for f in found if f.rule.startswith("narrative.yoy")} == {"info"}


def test_none_contradicted_by_the_schedule(seed_truth):
    t = copy.deepcopy(seed_truth)
    for row in t["tables"]["13"]["rows"]:
        row["values"]["total"] = "1.50"
    (f,) = [f for f in run(Report.from_truth(t)) if f.severity != "info"]
    assert (f.rule, f.section, f.table, f.stated, f.expected) == ("narrative.none_contradicted", 7, "sangong", "无", "1.50")


def test_table_in_yuan_is_converted(seed_truth):
    t = copy.deepcopy(seed_truth)
    t["tables"]["1"]["unit"] = "元"
    for row in t["tables"]["1"]["left"] + t["tables"]["1"]["right"]:
        row["values"] = {k: None if v is None else str(float(v) * 10000) for k, v in row["values"].items()}
    assert not [f for f in run(Report.from_truth(t)) if f.severity != "info"]
    _claim(t, "s1.total")["value"] = "2133.95"
    (f,) = [f for f in run(Report.from_truth(t)) if f.severity != "info"]
    assert (f.rule, f.table_no, f.row, f.expected) == ("narrative.table_mismatch", 1, "in.grand", "2133.59")


def test_budget_rate_and_perf_count():
    truth = truth_of(DATA / "case_009.pdf")
    found = planted(truth, "s5.item.2140104.rate", value="106.10")
    assert ("narrative.budget_rate", 5) in {(f.rule, f.section) for f in found}
    found = planted(truth, "s10.perf.count", value="9")
    assert [(f.rule, f.stated, f.expected) for f in found if f.rule == "narrative.perf_count"] == \
        [("narrative.perf_count", "9", "8")]


def test_budget_rate_message_shows_the_figures_it_divides():
    truth = truth_of(DATA / "case_009.pdf")
    claims = {c["id"]: c for c in truth["narrative"]["claims"]}
    rate = claims["s5.item.2140104.rate"]
    amount, budget = claims[rate["amount"]]["value"], claims[rate["budget"]]["value"]
    (f,) = [f for f in planted(truth, "s5.item.2140104.rate", value="106.10") if f.rule == "narrative.budget_rate"]
    assert f"决算{amount}÷预算{budget}×100" in f.message  # the stated budget, as printed


def test_perf_count_against_forms_only_where_the_template_prints_them_all():
    truth = copy.deepcopy(truth_of(DATA / "case_009.pdf"))
    _claim(truth, "s10.perf.count")["value"] = "9"  # 8 forms printed
    rep = Report.from_truth(truth)
    assert [f.severity for f in run(rep, {"narrative.perf_count"})] == ["error"]
    rep.form_profile = FormProfile(count_equals_forms=False)
    (f,) = run(rep, {"narrative.perf_count"})
    assert f.severity == "info" and f.message.startswith("无法核对：") and "不必相等" in f.message


def test_missing_inputs_are_could_not_check(seed_truth):
    t = copy.deepcopy(seed_truth)
    t["narrative"]["claims"] = [c for c in t["narrative"]["claims"] if c["id"] != "s2.total"]
    found = run(Report.from_truth(t))
    infos = [f for f in found if f.rule == "narrative.share" and f.section == 2]
    assert infos and all(f.severity == "info" and f.message.startswith("无法核对") for f in infos)
    rep = Report.from_truth(seed_truth)
    rep.schedules, rep.schedules_found = {}, False
    found = run(rep, {"narrative.table_mismatch"})
    assert found and {f.severity for f in found} == {"info"}
    rep = Report.from_truth(seed_truth)
    rep.narrative_found, rep.sections, rep.claims = False, [], []
    for rid in NARRATIVE:
        (f,) = run(rep, {rid})
        assert f.severity == "info", rid


# ---------------------------------------------------------------- end to end on the PDFs


@functools.cache
def audited(pdf: Path) -> tuple[Report, list[Finding]]:
    report = read_report(pdf)
    return report, audit(report)


def check_pdf(pdf: Path) -> None:
    report, findings = audited(pdf)
    truth = truth_of(pdf)
    assert_found(report, "schedules_found", pdf)  # narrative.table_mismatch needs the 附表
    assert_found(report, "narrative_found", pdf)
    assert not missing(findings, truth["errors"], NARRATIVE)
    assert not unexpected(findings, truth["errors"], NARRATIVE | DISCLOSURE)
    if not [e for e in truth["errors"] if e["rule"].startswith("narrative.")]:
        assert not [f for f in findings if f.rule in NARRATIVE and f.severity == "error"]


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_pdf_narrative_findings_match_truth(pdf):
    check_pdf(pdf)


@pytest.mark.parametrize("found", [{"schedules_found": False}, {"narrative_found": False}])
def test_end_to_end_fails_when_the_parser_finds_nothing(found, monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "read_report", lambda pdf: Report(**found))
    pdf = tmp_path / "seed_2023.pdf"  # a path audited() has not cached
    (tmp_path / "seed_2023.truth.json").write_text((DATA / "seed_2023.truth.json").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    with pytest.raises(AssertionError, match=f"{next(iter(found))} 为 False"):
        check_pdf(pdf)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_corpus_pdf_narrative_findings_match_truth(pdf):
    check_pdf(pdf)


def test_disclosure_on_the_seed(seed_pdf):
    report, findings = audited(seed_pdf)
    mine = [f for f in findings if f.rule in DISCLOSURE]
    assert not [f for f in mine if f.severity != "info"]
    (toc,) = mine  # renderer A prints no 第五部分 heading: noted, not an error
    assert toc.rule == "disclosure.toc" and "第五部分" in toc.stated


def test_disclosure_defects():
    toc = [Part(1, "part1", "第一部分 单位概况"), Part(2, "narrative", "第二部分 2023年度单位决算情况说明"),
           Part(3, "glossary", "第三部分 名词解释")]
    body = [Part(1, "part1", "第一部分 单位概况", 2), Part(2, "narrative", "第二部分 2022年度单位决算情况说明", 2)]
    rep = Report(year=2023, toc=[p.heading for p in toc], toc_parts=toc, parts=body,
                 headings=[p.heading for p in body], page_map={"part1": [2], "narrative": [2, 3]})
    found = run(rep, DISCLOSURE | {"narrative.year_mismatch"})
    got = {(f.rule, f.severity, f.stated or f.expected) for f in found}
    # the narrative is there under another title: noted; the year is the defect
    assert ("disclosure.toc", "info", "第二部分 2023年度单位决算情况说明") in got
    assert ("disclosure.toc", "error", "第三部分 名词解释") in got
    assert ("disclosure.toc", "warning", "第二部分 2022年度单位决算情况说明") in got
    assert ("disclosure.date", "warning", "公开时间：YYYY年M月D日") in got
    (year,) = [f for f in found if f.rule == "narrative.year_mismatch" and f.severity != "info"]
    assert (year.severity, year.field, year.stated, year.expected) == ("error", "part2", "2022", "2023")
    assert not [f for f in found if f.rule == "disclosure.year"]  # the 目录 says 2023
    assert len([f for f in found if f.rule == "disclosure.sections" and f.severity == "error"]) == 10


def test_a_toc_entry_of_another_year():
    toc = [Part(1, "part1", "第一部分 单位概况", 1), Part(2, "narrative", "第二部分 2022年度单位决算情况说明", 1)]
    rep = Report(year=2023, toc=[p.heading for p in toc], toc_parts=toc)
    (f,) = run(rep, {"disclosure.year"})
    assert (f.severity, f.field, f.page, f.stated, f.expected) == ("warning", "toc", 1, "2022", "2023")
    assert "2022" in f.message and "2023" in f.message


def test_toc_title_differs_from_the_body_part_of_that_number():
    """人大办公厅 2017: the 目录 lists 第四部分 名称解释, the body prints 第四部分 名词解释 (p.29). The part is
    there: the error names both titles, it does not say the part is missing."""
    toc = [Part(1, "part1", "第一部分 部门概况"), Part(4, "part4", "第四部分 名称解释")]
    body = [Part(1, "part1", "第一部分 部门概况", 2), Part(4, "glossary", "第四部分 名词解释", 29)]
    rep = Report(year=2017, toc=[p.heading for p in toc], toc_parts=toc, parts=body,
                 headings=[p.heading for p in body], page_map={"part1": [2], "glossary": [29, 30]})
    found = [f for f in run(rep, {"disclosure.toc"}) if f.severity == "error"]
    assert [(f.stated, f.expected, f.page) for f in found] == [("第四部分 名称解释", "第四部分 名词解释", 29)]
    assert "未找到" not in found[0].message


def _national_with_section_eleven(text: str) -> Report:
    """A whole national 部门决算 with every section of the plan, section 十一 (其他重要事项) reading `text`."""
    from budgetlib import templates
    from budgetlib.model import Section

    plan = templates.get("national_dept_2024").sections
    sections = [Section(no=s.no, title=s.title, paragraphs=["说明。"]) for s in plan if s.no != 11]
    sections.append(Section(no=11, title="十一、其他重要事项的情况说明", paragraphs=[text]))
    return Report(template="national_dept_2024", year=2024, publish_date="2025年9月1日", sections=sections)


def test_other_matters_must_cover_each_item_the_template_lists():
    # 十一 lists （一）机关运行经费 （二）政府采购 （三）国有资产: one missing is a warning naming it
    whole = "（一）机关运行经费支出情况：…（二）政府采购支出情况：…（三）国有资产占有使用情况说明：…"
    assert [f for f in run(_national_with_section_eleven(whole), {"disclosure.sections"}) if f.severity != "info"] == []
    found = run(_national_with_section_eleven(whole.split("（三）")[0]), {"disclosure.sections"})
    assert [(f.severity, f.section, f.expected) for f in found] == [("warning", 11, "（三）国有资产占有使用情况说明")]
    assert "未说明“国有资产占有使用情况说明”" in found[0].message


def test_missing_publish_date_points_at_the_cover():
    rep = _national_with_section_eleven("")
    rep.publish_date = None
    assert run(rep, {"disclosure.date"}) == []  # the national template's PDFs print no 公开时间
    rep.template = "sichuan_unit"  # a template whose reports print one
    (f,) = run(rep, {"disclosure.date"})
    assert (f.severity, f.page, f.field) == ("warning", 1, "publish_date")


def test_shares_summing_to_a_hundred_with_one_share_unread_could_not_check():
    from budgetlib.model import Section

    shares = [Claim(id="s5.a.share", section=5, kind="share", label="甲占比", value="60.00"),
              Claim(id="s5.b.share", section=5, kind="share", label="乙占比", value="39.00")]
    whole = Claim(id="s5.shares", section=5, kind="sum", label="各项占比", value="100", parts=[c.id for c in shares])
    rep = Report(sections=[Section(5, "五、", ["甲占60.00%，乙占39.00%。"])], claims=[*shares, whole])
    (f,) = run(rep, {"narrative.sum"})  # 60.00 + 39.00 = 99.00, not 100 within ±0.01
    assert (f.severity, f.stated, f.expected) == ("error", "99.00", "100.00")
    rep.claims = [shares[0], whole]  # 乙's share not read: nothing is summed without it
    (f,) = run(rep, {"narrative.sum"})
    assert f.severity == "info" and "各占比未找到" in f.message


# ---------------------------------------------------------------- disclosure: the plan a report is held to


@pytest.mark.parametrize("template, disclosure, noun", [
    ("sichuan_unit", "决算", "决算情况说明"),
    ("shanghai_budget", "预算", "预算说明"),
])
def test_missing_section_is_named_in_the_words_of_its_disclosure(template, disclosure, noun):
    """A whole report of a known template is held to its section plan, whether a 决算 or a 预算; the missing
    section is reported as missing from the 决算情况说明 or the 预算说明, as the disclosure calls it."""
    from budgetlib import templates
    from budgetlib.model import Section

    plan = sorted(templates.get(template).sections, key=lambda s: s.no)
    sections = [Section(no=s.no, title=s.title, paragraphs=["说明。"]) for s in plan[1:]]
    rep = Report(template=template, disclosure=disclosure, year=2023, sections=sections)
    errors = [f for f in run(rep, {"disclosure.sections"}) if f.severity == "error"]
    assert [(f.section, f.expected) for f in errors] == [(plan[0].no, plan[0].title)]
    assert errors[0].message == f"{noun}缺少“{plan[0].title}”"


@pytest.mark.parametrize("kind, disclosure, template, field, message", [
    ("full", "预算", None, "template", "本预算的版式不属于任何已知模板，不核对完整性（应公开的表、各节、目录）"),
    ("perf_form", "决算", "sichuan_unit", "kind", "本文件为单独公开的绩效自评表，不核对完整性"),
    ("tables", "预算", "shanghai_budget", "kind", "本文件为预算公开表（仅表格部分），不核对完整性"),
])
def test_a_document_not_held_to_completeness_gets_one_note_saying_why(kind, disclosure, template, field, message):
    """A partial file, or a whole budget of a layout no template knows, gets one info note instead of the
    completeness rules: the note names what makes it partial (its kind, or its unknown template)."""
    rep = Report(kind=kind, disclosure=disclosure, template=template, year=2023, sections=[])
    (f,) = run(rep, {"disclosure.sections"})
    assert (f.severity, f.field, f.message) == ("info", field, message)
    assert run(rep, {"disclosure.toc", "disclosure.date"}) == []


def test_toc_entry_whose_content_is_found_points_at_its_first_page():
    """A 目录 entry with no printed body heading but whose content was found: an info at the first page of it."""
    toc = [Part(1, "part1", "第一部分 单位概况"), Part(3, "glossary", "第三部分 名词解释")]
    body = [Part(1, "part1", "第一部分 单位概况", 2)]
    rep = Report(year=2023, toc=[p.heading for p in toc], toc_parts=toc, parts=body,
                 headings=[p.heading for p in body], page_map={"part1": [2], "glossary": [17, 18, 19]})
    (f,) = run(rep, {"disclosure.toc"})
    assert (f.severity, f.stated, f.page) == ("info", "第三部分 名词解释", 17)
    assert "第17页起" in f.message


def test_toc_entry_missing_is_not_matched_to_a_part_of_another_number():
    """A 目录 entry absent from the body is 'not found'; a body part of ANOTHER number that the 目录 does not
    list is a separate warning, not the missing entry's other title."""
    toc = [Part(1, "part1", "第一部分 单位概况"), Part(3, "glossary", "第三部分 名词解释")]
    body = [Part(1, "part1", "第一部分 单位概况", 2), Part(4, "appendix", "第四部分 附件", 20)]
    rep = Report(year=2023, toc=[p.heading for p in toc], toc_parts=toc, parts=body,
                 headings=[p.heading for p in body], page_map={"part1": [2]})
    found = sorted(run(rep, {"disclosure.toc"}), key=lambda f: f.severity)
    assert [(f.severity, f.stated, f.expected) for f in found] == [
        ("error", "第三部分 名词解释", "正文中的同名标题"), ("warning", "第四部分 附件", "目录条目")]
    assert "正文中未找到该部分" in found[0].message


def test_other_matters_item_missing_among_subsections_is_reported():
    """其他重要事项 split into subsections: an item none of them (nor the text) mentions is a warning; items
    named by a subsection title are covered."""
    from budgetlib import templates
    from budgetlib.model import Section, Subsection

    plan = templates.get("national_dept_2024").sections
    sections = [Section(no=s.no, title=s.title, paragraphs=["说明。"]) for s in plan if s.no != 11]
    subs = [Subsection("（一）机关运行经费支出情况", ["支出情况略。"]), Subsection("（二）政府采购支出情况", ["采购情况略。"])]
    sections.append(Section(no=11, title="十一、其他重要事项的情况说明", subsections=subs))
    rep = Report(template="national_dept_2024", year=2024, sections=sections)
    found = [f for f in run(rep, {"disclosure.sections"}) if f.severity != "info"]
    assert [(f.severity, f.section, f.expected) for f in found] == [("warning", 11, "（三）国有资产占有使用情况说明")]


# ---------------------------------------------------------------- narrative rules on constructed claims


def _only(found: list[Finding], rule: str) -> list[Finding]:
    return [f for f in found if f.rule == rule]


def test_claim_of_a_table_not_read_names_the_table_by_its_label(seed_truth):
    """A claim whose 附表 was not read is 'could not check', naming the table as the report does (附表1)."""
    rep = Report.from_truth(seed_truth)
    rep.schedules[rep.claim("s1.total").ref.table].present = False
    found = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert [(f.severity, f.message) for f in found] == [("info", "无法核对：收、支总计：附表1缺失")]


@pytest.mark.parametrize("value, unit, severity", [
    ("21,335,940.00", "元", None),  # 2133.594 万元 → 2133.59 at the table's cent = 附表1 2133.59
    ("21,335,945.00", "元", None),  # 2133.5945 → 2133.59, rounded once (not 2133.595 → 2133.60)
    ("21,336,940.00", "元", "error"),  # 2133.694 → 2133.69 ≠ 2133.59
    ("2133.59", "万元", None),
    ("—", "万元", "info"),  # not a number: could not check
])
def test_amount_against_a_wan_table_at_the_tables_precision(seed_truth, value, unit, severity):
    """A narrative amount printed in 元 is converted to 万元 and rounded to the 万元 table's 0.01 before the
    comparison; a figure that is not a number is 'could not check', never an error or a pass."""
    rep = Report.from_truth(seed_truth)
    claim = rep.claim("s1.total")
    claim.value, claim.unit = value, unit
    found = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert [f.severity for f in found] == ([] if severity is None else [severity])
    if severity == "error":
        assert (found[0].expected, found[0].table_no, found[0].row) == ("2133.59", 1, "in.grand")
    if severity == "info":
        assert "不是数字" in found[0].message


def _sum_report(total: tuple[str, str, str] | None, *parts: tuple[str, str, str] | None) -> Report:
    """A sum claim over (kind, value, unit) figures; None leaves that claim out (not read)."""
    claims = [Claim("s2.sum", 2, "sum", "收入构成", total="s2.total" if total else None,
                    parts=[f"s2.p{i}" for i in range(len(parts))])]
    if total:
        claims.append(Claim("s2.total", 2, total[0], "合计", total[1], unit=total[2]))
    for i, p in enumerate(parts):
        if p:
            claims.append(Claim(f"s2.p{i}", 2, p[0], f"分项{i + 1}", p[1], unit=p[2]))
    return Report(claims=claims)


@pytest.mark.parametrize("kind", ["amount", "figure"])
def test_whole_number_total_of_parts_with_cents_is_an_amount_to_the_cent(kind):
    """A total printed without decimals (100) over parts printed to the cent is 100.00, not a count rounded to
    the unit: 60.50 + 39.40 = 99.90 ≠ 100.00 is an error (rounding 99.90 to a whole number would hide it)."""
    (f,) = run(_sum_report((kind, "100", "万元"), (kind, "60.50", "万元"), (kind, "39.40", "万元")),
               {"narrative.sum"})
    assert (f.severity, f.stated, f.expected, f.difference) == ("error", "100.00", "99.90", "0.10")
    # a whole-number total of whole-number figures is a count: it must equal the sum exactly
    (f,) = run(_sum_report(("figure", "6", ""), ("figure", "2", ""), ("figure", "3", "")), {"narrative.sum"})
    assert (f.severity, f.stated, f.expected) == ("error", "6", "5")


def test_total_in_wan_with_parts_in_yuan_is_compared_in_wan():
    """Mixed units: 863,910.00元 + 363,790.00元 = 1,227,700元 = 122.77万元, the total as printed: no finding;
    373,790.00 instead puts the parts at 123.77万元, an error quoted in 万元."""
    def rep(second: str) -> Report:
        return _sum_report(("amount", "122.77", "万元"), ("amount", "863,910.00", "元"), ("amount", second, "元"))

    assert run(rep("363,790.00"), {"narrative.sum"}) == []
    (f,) = run(rep("373,790.00"), {"narrative.sum"})
    assert (f.severity, f.stated, f.expected) == ("error", "122.77", "123.77")


@pytest.mark.parametrize("total, parts", [
    (None, (("amount", "60.50", "万元"), ("amount", "39.40", "万元"))),  # no total read
    (("amount", "99.90", "万元"), (("amount", "60.50", "万元"), None)),  # one part of two not read
])
def test_sum_with_its_total_or_a_part_unread_could_not_check(total, parts):
    """A sum is only checked when its total and every part were read: else one 'could not check'."""
    (f,) = run(_sum_report(total, *parts), {"narrative.sum"})
    assert f.severity == "info" and f.message == "无法核对：收入构成的合计或分项未找到"


def _closest_cases():
    from budgetlib.checks.narrative import MAX_CANDIDATES
    return [
        ("5", "4", "6", (0, 0)),  # 5 itself lies in [4, 6]: no edit
        ("5", "0", str(MAX_CANDIDATES), (0, 0)),  # exactly MAX_CANDIDATES steps: still searched
        ("1.00", "0", str(MAX_CANDIDATES // 100 + 10), (4, 1)),  # more steps at 0.01 than the cap: every character
        ("7.12", "1.70", "1.75", (2, 0)),  # 1.72 → 7.12: two edits, but a swap of two digits
    ]


@pytest.mark.parametrize("stated, low, high, want", _closest_cases())
def test_closest_value_edits(stated, low, high, want):
    """_closest: fewest edits from a value of [low, high] at the stated precision to the stated text, 0 when
    that value's digits are the stated ones reordered; a range of more candidates than the cap is not searched
    (as far as can be: every character, no swap)."""
    from budgetlib.checks.narrative import _closest

    assert _closest(stated, Decimal(low), Decimal(high)) == want


def _rate_only(current: str, rate: tuple[str, str], amount: tuple[str, str] | None = None, unit: str = "万元") -> Report:
    claims = [Claim("s7.total", 7, "amount", "“三公”经费支出", current, unit=unit)]
    if amount:
        claims.append(Claim("s7.yoy_amount", 7, "yoy_amount", "“三公”经费支出", amount[1], direction=amount[0],
                            subject="s7.total", unit=unit))
    if rate:
        claims.append(Claim("s7.yoy_pct", 7, "yoy_pct", "“三公”经费支出", rate[1], direction=rate[0],
                            subject="s7.total"))
    return Report(claims=claims)


def test_only_a_rate_or_only_an_amount_is_could_not_check_under_its_own_rule():
    """Without the prior year, a lone change rate cannot be checked (narrative.yoy_pct says so), nor a lone
    change amount that keeps the prior year positive (narrative.yoy_amount says so)."""
    rep = _rate_only("6.55", ("增长", "10.00"))
    assert run(rep, {"narrative.yoy_amount"}) == []
    (f,) = run(rep, {"narrative.yoy_pct"})
    assert f.severity == "info" and "只列了变动额或变动率之一" in f.message
    rep = _rate_only("6.55", None, ("增加", "1.00"))
    assert run(rep, {"narrative.yoy_pct"}) == []
    (f,) = run(rep, {"narrative.yoy_amount"})
    assert f.severity == "info" and "只列了变动额或变动率之一" in f.message


def test_increase_above_this_year_in_yuan_is_an_error_beyond_the_rounding():
    """本年65,500.00元, 增加65,650.00元: the prior year is −150元 (−0.015万元), beyond the rounding of the two
    printed figures (±0.005万元 each): an error whatever the rate; the bound on the increase is this year."""
    (f,) = run(_rate_only("65,500.00", None, ("增加", "65,650.00"), unit="元"), {"narrative.yoy_amount"})
    assert (f.severity, f.stated, f.expected) == ("error", "增加65,650.00", "增加≤6.55")
    assert "=-150.00元" in f.message


def test_increase_of_a_small_prior_year_is_still_checked():
    """增加1.00 on 1.50 this year: the prior year is 0.50, positive, so the rate is checkable: 1.00 / 0.50 = 200%."""
    (f,) = run(_rate_only("1.50", ("增长", "100.00"), ("增加", "1.00")), {"narrative.yoy_pct"})
    assert (f.severity, f.stated, f.expected) == ("error", "增长100.00", "增长200.00")
    found = run(_rate_only("1.50", ("增长", "200.00"), ("增加", "1.00")), {"narrative.yoy_pct", "narrative.yoy_amount"})
    assert found == []


@pytest.mark.parametrize("amount, rate", [("5.00", "150.00"), ("10.01", "150.00"), ("5.00", "100.00"),
                                          ("5", "100.00")])
def test_a_fall_of_more_than_a_hundred_percent_blames_the_rate(amount, rate):
    """下降150.00% on 10.00 this year: no decrease gives a fall of 100 % or more (Δ / (10 + Δ) < 1), so the rate is
    the wrong figure: 减少5.00 → 5 / 15 = 33.33 %; 减少10.01 → 10.01 / 20.01 = 50.02 % (it used to be blamed on
    the amount, 'about 10.00', as if a fall of 150 % were a change as large as this year). A fall of exactly
    100 % would leave this year at 0, not 10.00: the rate again."""
    found = run(_rate_only("10.00", ("下降", rate), ("减少", amount)), NARRATIVE)
    (f,) = [f for f in found if f.severity != "info"]
    expected = {"5.00": "下降33.33", "5": "下降33.33", "10.01": "下降50.02"}[amount]
    assert (f.rule, f.severity, f.stated, f.expected) == ("narrative.yoy_pct", "error", f"下降{rate}", expected)


def _direction_report(amount: str, budget: str | None, word: str) -> Report:
    claims = [Claim("s5.amount", 5, "amount", "一般公共预算财政拨款支出", amount),
              Claim("s5.dir", 5, "direction", "一般公共预算财政拨款支出", word, amount="s5.amount", budget="s5.budget")]
    if budget is not None:
        claims.append(Claim("s5.budget", 5, "budget", "年初预算", budget))
    return Report(claims=claims)


@pytest.mark.parametrize("amount, budget, word, expected", [
    ("100.50", "100.00", "等于", "大于"),
    ("100.50", "100.00", "大于", None),
    ("100.00", "100.00", "小于", "等于"),
    ("100.00", "100.00", "持平", None),
    ("99.00", "100.00", "大于", "小于"),
    ("100.01", "100.00", "基本持平", None),  # one cent apart: about equal
    ("110.00", "100.00", "基本持平", "大于"),  # 10.00 apart is no 基本持平
])
def test_direction_word_against_the_two_amounts(amount, budget, word, expected):
    """决算数大于/小于/等于（持平）预算数 as the two printed amounts order them; 基本持平 allows one cent."""
    found = run(_direction_report(amount, budget, word), {"narrative.direction"})
    assert [(f.severity, f.stated, f.expected) for f in found] == ([] if expected is None else [("error", word, expected)])


def test_direction_without_its_budget_could_not_check():
    """A 大于/小于 statement whose budget figure was not read is 'could not check'."""
    (f,) = run(_direction_report("100.50", None, "大于"), {"narrative.direction"})
    assert f.severity == "info" and "决算数、预算数或大小表述未找到" in f.message


@pytest.mark.parametrize("stated, difference", [("9", "1"), ("0", "-8"), ("10", "2")])
def test_perf_count_difference_is_stated_minus_forms(stated, difference):
    """case_009 prints 8 自评表: a stated count of 9 is 1 over, 0 is 8 under."""
    found = planted(truth_of(DATA / "case_009.pdf"), "s10.perf.count", value=stated)
    (f,) = [f for f in found if f.rule == "narrative.perf_count"]
    assert (f.stated, f.expected, f.difference) == (stated, "8", difference)


@pytest.mark.parametrize("cell, severity", [("2133.594", None), ("2133.595", "warning"), ("2133.604", "error")])
def test_amount_to_the_tenth_of_a_cent_against_a_cell_as_precise(seed_truth, cell, severity):
    """A 万元 narrative amount printed with three decimals against a cell kept to three decimals: compared at that
    precision, where one unit (0.001) apart is a rounding adjustment and ten units (0.010) apart an error — not
    first rounded to the cent, which would make 2133.59 against 2133.60 look like one unit."""
    t = copy.deepcopy(seed_truth)
    (grand,) = [r for r in t["tables"]["1"]["left"] if r["key"] == "in.grand"]
    grand["values"]["amount"] = cell
    rep = Report.from_truth(t)
    rep.claim("s1.total").value = "2133.594"
    found = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert [(f.severity, f.stated, f.expected) for f in found] == \
        ([] if severity is None else [(severity, "2133.594", cell)])
    if severity:  # both quoted as printed, the cell at the table's three decimals (it was 2133.60)
        assert found[0].message.startswith(f"收、支总计：说明中为2133.594万元，附表1为{cell}万元")


def _seed_with_yuan_table(seed_truth: dict, no: str, rows: str = "rows") -> dict:
    """The seed truth with table `no` printed in 元 (its 万元 figures × 10000, to the 分)."""
    t = copy.deepcopy(seed_truth)
    t["tables"][no]["unit"] = "元"
    groups = [t["tables"][no][k] for k in ("left", "right", "rows") if k in t["tables"][no]]
    for row in (r for g in groups for r in g):
        row["values"] = {k: None if v in (None, "") else f"{Decimal(v) * 10000:.2f}" for k, v in row["values"].items()}
    return t


@pytest.mark.parametrize("value, unit, severity, shown, cell", [
    ("21,335,901.00", "元", "error", "21,335,901.00元", "21,335,900.00元"),  # 1 元 apart: 100 units of the 分
    ("21,335,900.00", "元", None, None, None),
    ("2133.59", "万元", None, None, None),  # 2133.59 万元 = 21,335,900.00 元
    ("2133.60", "万元", "warning", "2133.60万元", "21,335,900.00元"),  # one unit of 0.01 万元 apart
])
def test_amount_against_a_yuan_table_is_quoted_as_both_print_it(seed_truth, value, unit, severity, shown, cell):
    """A 元 narrative amount against a 元 table is compared in 元 at the 分; the message quotes the narrative
    figure and the cell as each is printed (元 with thousands separators), never re-expressed in 万元."""
    rep = Report.from_truth(_seed_with_yuan_table(seed_truth, "1"))
    claim = rep.claim("s1.total")
    claim.value, claim.unit = value, unit
    found = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert [f.severity for f in found] == ([] if severity is None else [severity])
    if severity:
        assert found[0].message.startswith(f"收、支总计：说明中为{shown}，附表1为{cell}")
    if unit == "元" and severity:
        assert (found[0].stated, found[0].expected, found[0].difference, found[0].amount_unit) == (
            "21,335,901.00", "21,335,900.00", "1.00", "元")


def test_yuan_amount_against_a_wan_table_is_quoted_as_printed(seed_truth):
    """A 元 narrative amount against a 万元 table: the message quotes the narrative in 元 as printed."""
    rep = Report.from_truth(seed_truth)
    claim = rep.claim("s1.total")
    claim.value, claim.unit = "21,336,940.00", "元"
    (f,) = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert f.message == "收、支总计：说明中为21,336,940.00元，附表1为2133.59万元"


def test_none_contradicted_by_a_yuan_table_quotes_the_cell_in_yuan(seed_truth):
    """说明称无“三公”经费支出 while 附表13 (printed in 元) lists 15,000.00 元: the error quotes 元 as printed."""
    t = _seed_with_yuan_table(seed_truth, "13")
    for row in t["tables"]["13"]["rows"]:
        row["values"]["total"] = "15000.00"
    (f,) = [f for f in run(Report.from_truth(t)) if f.severity != "info"]
    assert (f.rule, f.stated, f.expected, f.difference, f.amount_unit) == (
        "narrative.none_contradicted", "无", "15,000.00", "-15,000.00", "元")
    assert f.message.endswith("但附表13列示15,000.00元")


def _checked(rep: Report, rules: set[str]) -> dict[str, set[str]]:
    """The claims `rules` recorded as compared, each with those of `rules` that did (checks.checked_claims)."""
    return {cid: got & rules for cid, got in checked_claims(rep).items() if got & rules}


def test_a_claim_not_compared_is_not_recorded_as_checked(seed_truth):
    """Only a figure a rule actually compared is recorded (else it is 未核对): a table amount that is a number is,
    one that is not is not; shares summing to 100 are; a pair of 收、支总计 with one not a number is not."""
    rep = Report.from_truth(seed_truth)
    assert "narrative.table_mismatch" in _checked(rep, {"narrative.table_mismatch"})["s1.total"]
    rep.claim("s1.total").value = "—"
    assert "s1.total" not in _checked(rep, {"narrative.table_mismatch"})
    shares = [Claim("s5.a.share", 5, "share", "甲占比", "60.00"), Claim("s5.b.share", 5, "share", "乙占比", "40.00")]
    whole = Claim("s5.shares", 5, "sum", "各项占比", "100", parts=[c.id for c in shares])
    assert _checked(Report(claims=[*shares, whole]), {"narrative.sum"}) == {
        c.id: {"narrative.sum"} for c in [whole, *shares]}
    pair = [Claim("s1.total", 1, "amount", "收、支总计", "4125.49"), Claim("s1.total_out", 1, "amount", "收、支总计", "—")]
    assert _checked(Report(claims=pair), {"narrative.balance"}) == {}


def test_sum_in_the_paragraph_an_excerpt_cuts_off_could_not_check():
    """An excerpt whose last paragraph is cut off: a sum with a figure in that paragraph may miss parts (could
    not check); a sum printed wholly elsewhere, or whose figures have no place, is checked as usual."""
    def sum_of(i: int, places: list) -> list[Claim]:
        ids = [f"s2.{i}.total", f"s2.{i}.a", f"s2.{i}.b"]
        figures = [Claim(cid, 2, "amount", f"项{i}", v, at=at) for cid, v, at in zip(ids, ["100.00", "60.50", "39.40"], places)]
        return [Claim(f"s2.{i}.sum", 2, "sum", f"构成{i}", total=ids[0], parts=ids[1:]), *figures]

    cut = "其中：甲60.50万元，乙39.40"
    rep = Report(cut_paragraph=cut, claims=[*sum_of(1, [("合计100.00万元", 2), (cut, 3), (cut, 12)]),
                                            *sum_of(2, [("合计100.00万元", 2), ("其中：丙60.50万元", 3), ("丁39.40万元", 0)]),
                                            *sum_of(3, [None, None, None])])
    found = {f.message.split("：")[1 if f.severity == "info" else 0]: f.severity for f in run(rep, {"narrative.sum"})}
    assert found == {"构成1所在段落在文件末页中断（节选），分项可能未列全": "info", "构成2": "error", "构成3": "error"}


@pytest.mark.parametrize("pages, checked", [
    ([3, 4, 5, 6, 7, 8, 9, 10], True),  # the forms' part inside the file: all forms are there
    ([2, 3, 4], True),
    ([1, 2, 3, 4], False),  # begins on the first page: forms before it may be cut off
    ([3, 4, 5, 11, 12], False),  # ends on the last page: forms after it may be cut off
    ([], False),
    (None, False),
])
def test_perf_count_of_an_excerpt_only_when_its_forms_part_is_whole(pages, checked):
    """A partial file (excerpt) holds every 自评表 only when its forms' part starts after the first page and ends
    before the last: then 9 stated against 8 forms is an error; else could not check."""
    rep = Report.from_truth(truth_of(DATA / "case_009.pdf"))
    rep.claim("s10.perf.count").value = "9"
    rep.kind, rep.page_count = "excerpt", 12
    if pages is not None:
        rep.page_map["forms"] = pages
    else:
        rep.page_map.pop("forms", None)
    (f,) = run(rep, {"narrative.perf_count"})
    assert (f.severity, f.stated if checked else "节选" in f.message) == (("error", "9") if checked else ("info", True))


@pytest.mark.parametrize("a, b, distance", [
    ("", "", 0), ("", "12.5", 4), ("12.5", "", 4), ("1.72", "1.72", 0), ("1.72", "7.12", 2), ("10.00", "5.00", 2),
    ("12", "123", 1), ("123", "12", 1), ("kitten", "sitting", 3), ("5.28", "5.38", 1),
])
def test_levenshtein_distance(a, b, distance):
    """_levenshtein: the fewest single-character insertions, deletions and substitutions turning a into b."""
    from budgetlib.checks.narrative import _levenshtein

    assert _levenshtein(a, b) == distance


def test_figures_computed_on_a_whole_wan_amount_are_quoted_to_the_cent():
    """增加100 (万元, printed without decimals) on 本年6.55: the prior year 6.55 − 100.00 = −93.45 万元 is quoted to
    the cent, as 万元 figures are kept, not rounded to the whole 万元 the change was printed at."""
    (f,) = run(_rate_only("6.55", None, ("增加", "100")), {"narrative.yoy_amount"})
    assert (f.severity, f.difference) == ("error", "-93.45")
    assert "本年6.55万元，变动额却为增加100.00万元，推算上年数为6.55−100.00=-93.45万元" in f.message


def test_wan_amount_printed_short_of_the_cent_is_quoted_as_compared(seed_truth):
    """2133.6 万元 in the narrative is 2133.60 (万元 amounts are kept to the cent, the zero dropped); against 附表1's
    2133.59 it is one unit apart (a warning), quoted as the figure compared, 2133.60, as the finding states it."""
    rep = Report.from_truth(seed_truth)
    rep.claim("s1.total").value = "2133.6"
    (f,) = [f for f in run(rep, {"narrative.table_mismatch"}) if f.other == {"claim": "s1.total"}]
    assert (f.severity, f.stated, f.expected) == ("warning", "2133.60", "2133.59")
    assert f.message.startswith("收、支总计：说明中为2133.60万元，附表1为2133.59万元")
