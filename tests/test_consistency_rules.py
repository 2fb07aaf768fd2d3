"""Year and placeholder checks (every template): on the national truth, on its PDFs, on czj_2024 and
on the blank national template."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import national_cases, real_file, truth_of
from truthmatch import missing, unexpected

from budgetlib.checks import audit
from budgetlib.checks.registry import Context, run_rules
from budgetlib.model import Finding, Prov, Report, Section, Subsection
from budgetlib.parse.report import read_report

RULES = {"narrative.year_mismatch", "narrative.placeholder"}


def run(report: Report) -> list[Finding]:
    return [f for f in run_rules(Context(report), only=RULES) if f.severity != "info"]


@functools.cache
def audited(pdf: Path) -> tuple[Report, list[Finding]]:
    report = read_report(pdf)
    return report, audit(report)


@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_national_truth(pdf):
    """Every planted year / placeholder is found where the truth puts it, and nothing else (d003 and
    d007 are clean)."""
    truth = truth_of(pdf)
    # these rules read the printed text, not the claims (whose national kinds are another story)
    found = run(Report.from_truth({**truth, "narrative": {**truth["narrative"], "claims": []}}))
    assert not missing(found, truth["errors"], RULES)
    assert not unexpected(found, truth["errors"], RULES)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_national_pdfs(pdf):
    truth = truth_of(pdf)
    report, findings = audited(pdf)
    assert not missing(findings, truth["errors"], RULES)
    assert not unexpected(findings, truth["errors"], RULES)
    # what the parser reads of the front matter holds no false alarm either
    assert not [f for f in findings if f.rule.startswith("disclosure.") and f.severity == "error"]


def test_czj_has_neither():
    report, findings = audited(real_file("national", "czj_2024.pdf"))
    assert not [f for f in findings if f.rule in RULES and f.severity != "info"]
    # the 目录's part 3 is one line, the body's breaks before 说明: the same heading
    assert not [f for f in findings if f.rule == "disclosure.toc" and f.severity != "info"]
    assert not [f for f in findings if f.rule == "disclosure.sections"]


def test_czj_narrative_errors_of_the_hand_audit_from_the_pdf():
    """With its 第三部分 read from the PDF, czj_2024 gives the hand audit's three errors and no other."""
    _, findings = audited(real_file("national", "czj_2024.pdf"))
    errors = {(f.rule, f.section, f.stated) for f in findings if f.severity == "error"}
    assert errors == {("narrative.table_mismatch", 4, "0.30"), ("narrative.share", 5, "71.73"),
                      ("narrative.sum", 5, "100.07")}


def test_blank_template_reports_its_placeholders_and_no_other_error():
    report, findings = audited(real_file("national", "template_2024.pdf"))
    errors = [f for f in findings if f.severity == "error"]
    assert {f.rule for f in errors} == {"narrative.placeholder"}
    where = {f.field or f.section for f in errors}
    assert where == {"cover", "part1", "part3", *range(1, 12)}
    cover = next(f for f in errors if f.field == "cover")
    assert (cover.stated, cover.page) == ("上海市XX局", 1)


# ---------------------------------------------------------------- units


def _report(*paragraphs: str, year: int = 2024, title: str = "") -> Report:
    provs = [[(0, Prov(21, (72.0, 100.0, 500.0, 112.0)))] for _ in paragraphs]
    return Report(year=year, title=title, sections=[Section(1, "一、收入支出决算总体情况说明", list(paragraphs),
                                                            line_provs=provs)])


@pytest.mark.parametrize("text,stated", [
    ("某局2023年度收入支出总计100.00万元。与2023年度相比，增加1.00万元。", "2023"),
    ("截至2023年12月31日，某局共有车辆2辆。", "2023"),
    ("某局2024年度收入支出总计100.00万元。与2022年度相比，增加1.00万元。", "2022"),  # the prior year is 2023
])
def test_year_mismatch(text, stated):
    (f,) = run(_report(text))
    assert (f.rule, f.section, f.stated, f.page, f.severity) == ("narrative.year_mismatch", 1, stated, 21, "error")


@pytest.mark.parametrize("text", [
    "某局2024年度收入支出总计100.00万元。与 2023 年度相比，增加1.00万元。",
    "2024年度“三公”经费支出决算数比2023年度减少0.39万元。",
    "2025年将继续加强预算绩效管理。",  # a plan, not a slot of the template
    "按照自2019年起施行的办法，2024年度编报绩效目标。",
    "截至 2024 年 12 月 31 日，共有车辆 0 辆。",
])
def test_years_that_are_right(text):
    assert not run(_report(text))


def test_cover_and_heading_years():
    rep = _report("某局2024年度收入支出总计1.00万元。", title="上海市某局2023年度部门决算")
    (f,) = run(rep)
    assert (f.field, f.stated, f.expected, f.page) == ("cover", "2023", "2024", 1)


@pytest.mark.parametrize("text,stated,expected", [
    ("上海市XX区XX委2024年度无政府性基金预算财政拨款收入和支出。", "上海市XX区XX委", "上海市某局"),
    ("上海市 XX 局 2024 年度收入支出总计 XXX 万元。主要原因：XXXXXXXX。", "上海市XX局", "上海市某局"),
    ("主要原因：ＸＸＸＸ。", "ＸＸＸＸ", "实际内容"),
    ("上海市XX局XXXX年度收入支出总计1.00万元。", "上海市XX局", "上海市某局"),
])
def test_placeholder(text, stated, expected):
    rep = _report(text)
    rep.unit = "上海市某局"
    (f,) = run(rep)
    assert (f.rule, f.section, f.stated, f.expected) == ("narrative.placeholder", 1, stated, expected)


def test_a_name_placeholder_on_the_cover_is_residue_in_the_text_an_error():
    # the hand audits: 上海市XX局 on the cover of a report that names its unit elsewhere is a leftover (a
    # warning); the same placeholder in the 情况说明's text is content never filled in (an error)
    rep = _report("某局2024年度收入支出总计1.00万元。", title="上海市XX局2024年度部门决算")
    rep.unit = "上海市某局"
    (f,) = run(rep)
    assert (f.rule, f.field, f.severity) == ("narrative.placeholder", "cover", "warning")
    rep = _report("上海市XX局2024年度收入支出总计1.00万元。")
    rep.unit = "上海市某局"
    (f,) = run(rep)
    assert (f.rule, f.section, f.severity) == ("narrative.placeholder", 1, "error")


def test_latin_words_are_no_placeholder():
    assert not run(_report("采购XXL号服装及UXX系统维护，2024年度支出1.00万元。"))


# ---------------------------------------------------------------- where a finding points, what it quotes


def test_year_at_the_start_of_a_printed_line_is_located_on_that_line():
    """Text.at: a year starting exactly where a printed line starts is on that line (its page), and one
    at the paragraph's first character is on the first line."""
    text = "本年度收支总计一百万元。2023年度收入支出总计1.00万元。"
    second = text.index("2023")
    provs = [(0, Prov(21, (72.0, 100.0, 500.0, 112.0))), (second, Prov(22, (72.0, 700.0, 500.0, 712.0)))]
    rep = Report(year=2024, sections=[Section(1, "一、收入支出决算总体情况说明", [text], line_provs=[provs])])
    (f,) = run(rep)
    assert (f.stated, f.page, f.bbox) == ("2023", 22, (72.0, 700.0, 500.0, 712.0))
    (f,) = run(_report("2023年度收入支出总计1.00万元。"))  # the year is the paragraph's character 0
    assert (f.stated, f.page) == ("2023", 21)


@pytest.mark.parametrize("text,quoted", [
    # eight characters either side of the year as printed (spaces dropped)
    ("本单位按照有关规定编制了2023年度部门决算报告并予以公开。", "照有关规定编制了2023年度部门决算报告并"),
    # a year near the start: the quote starts at the paragraph's first character
    ("2023年度收入支出总计一百万元整。", "2023年度收入支出总计一"),
    ("本局 2023 年度收入支出总计一百万元整。", "本局2023年度收入支出总计一"),
])
def test_year_mismatch_quotes_eight_characters_around_the_year(text, quoted):
    """The message quotes the year with at most 8 characters of its sentence on either side."""
    (f,) = run(_report(text))
    assert f"（“{quoted}”）" in f.message
    assert f.message == (f"“一、收入支出决算总体情况说明”中年度为2023年（“{quoted}”），报告为2024年度：应为2024年")


@pytest.mark.parametrize("year,text,stated", [
    (2025, "截至2024年8月31日，本部门共有车辆2辆。", None),  # a budget's assets are as of the year before
    (2025, "2024年执行数为100.00万元。", None),
    (2025, "截至2023年8月31日，本部门共有车辆2辆。", "2023"),  # two years before: last year's text
    (2025, "截至2026年8月31日，本部门共有车辆2辆。", "2026"),
])
def test_a_budget_may_name_the_year_before(year, text, stated):
    """A 预算 is drawn up in the year before the one it budgets: that year (only) is no mismatch."""
    rep = _report(text, year=year)
    rep.disclosure = "预算"
    assert [f.stated for f in run(rep)] == ([stated] if stated else [])


def test_the_same_year_in_a_final_account_is_that_year():
    """A 决算 naming its own year is right, the year before (not compared with) is a mismatch."""
    assert not run(_report("截至2024年12月31日，共有车辆2辆。2024年度收入支出总计1.00万元。"))
    assert [f.stated for f in run(_report("2023年度收入支出总计1.00万元。"))] == ["2023"]


@pytest.mark.parametrize("narrative_found,sections,said", [
    (True, True, False),
    (False, True, True),   # the 情况说明 was not found (whatever sections a truth file carries)
    (True, False, True),   # found, but no section of it read
])
def test_a_missing_narrative_is_said_once_per_rule(narrative_found, sections, said):
    """Without the 决算情况说明 both rules say they checked the cover and headings only (info)."""
    rep = _report("2024年度收入支出总计1.00万元。", title="上海市某局2024年度部门决算")
    rep.narrative_found = narrative_found
    if not sections:
        rep.sections = []
    info = [f for f in run_rules(Context(rep), only=RULES) if f.severity == "info"]
    assert sorted(f.rule for f in info) == (sorted(RULES) if said else [])
    assert all("未找到决算情况说明" in f.message for f in info)


def test_placeholder_message_names_the_section_not_the_subsection():
    """The message names the place by its section title: a section's paragraph, a subsection's."""
    rep = _report("主要原因：XXXXXXXX。")
    rep.unit = "上海市某局"
    (f,) = run(rep)
    assert f.message == "“一、收入支出决算总体情况说明”中残留模板占位符1处：XXXXXXXX"
    rep.sections[0].paragraphs = []
    rep.sections[0].subsections = [Subsection("（一）收入情况", ["主要原因：XXXXXXXX。"])]
    (f,) = run(rep)
    assert f.message == "“一、收入支出决算总体情况说明”中残留模板占位符1处：XXXXXXXX"


@pytest.mark.parametrize("n,listed", [
    (5, "X1、X2、X3、X4、X5"),
    (6, "X1、X2、X3、X4、X5等"),
])
def test_placeholder_message_lists_five_distinct_placeholders(n, listed):
    """At most five distinct placeholders are listed, then 等."""
    marks = ["XX", "XXX", "XXXX", "XXXXX", "XXXXXX", "XXXXXXX"][:n]
    rep = _report("；".join(f"第{i}项为{m}" for i, m in enumerate(marks)) + "。")
    rep.unit = "上海市某局"
    (f,) = run(rep)
    expected = listed
    for i, m in enumerate(marks):
        expected = expected.replace(f"X{i + 1}", m)
    assert f.message == f"“一、收入支出决算总体情况说明”中残留模板占位符{n}处：{expected}"


@pytest.mark.parametrize("title", ["上海市XX局 XXXX 年度部门决算", "上海市XX局XXXX年度部门决算"])
def test_a_cover_with_a_content_placeholder_besides_the_name_is_an_error(title):
    """Residue (a warning) is a cover whose every placeholder stands for the unit's name; a cover that
    also leaves the year as XXXX was never filled in (an error), with or without a space after the name."""
    rep = _report("某局2024年度收入支出总计1.00万元。", title=title)
    rep.unit = "上海市某局"
    (f,) = run(rep)
    assert (f.field, f.severity, f.stated) == ("cover", "error", "上海市XX局")


@pytest.mark.parametrize("paragraphs", [
    ("上海市某局2024年度收入支出总计1.00万元。", "上海市XX局2024年度无政府性基金预算财政拨款收入。"),
    ("上海市XX局2024年度无政府性基金预算财政拨款收入。", "上海市某局2024年度收入支出总计1.00万元。",
     "上海市某局2024年度无国有资本经营预算财政拨款收入。"),
])
def test_an_excerpt_without_a_cover_takes_the_unit_name_its_text_prints(paragraphs):
    """A file without a cover (an excerpt) names its unit where the placeholder stands: the name its own
    sentences print before the year, never the placeholder itself and never how often it was printed."""
    rep = _report(*paragraphs)
    (f,) = [f for f in run(rep) if f.rule == "narrative.placeholder"]
    assert (f.stated, f.expected) == ("上海市XX局", "上海市某局")
