"""Report structure against the truth files: 第二部分 sections text exactly as printed, cover, 目录."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import DATA, corpus_cases, truth_of

from budgetlib import templates
from budgetlib.model import Report
from budgetlib.parse.structure import cn_number, join_lines, parse_structure, section_no
from budgetlib.pdf.document import Line, open_document

SAMPLES = sorted(DATA.glob("*.pdf"))


@functools.cache
def structure_of(pdf: Path) -> Report:
    report = Report()
    with open_document(pdf) as doc:
        parse_structure(doc, report)
    return report


def _truth_sections(truth: dict) -> list[tuple]:
    out = []
    for s in truth["narrative"]["sections"]:
        subs = [(x["title"], x["paragraphs"]) for x in s.get("subsections") or []]
        out.append((s["no"], s["title"], s.get("paragraphs") or [], subs))
    return out


def _sections(report: Report) -> list[tuple]:
    return [(s.no, s.title, s.paragraphs, [(x.title, x.paragraphs) for x in s.subsections])
            for s in report.sections]


def check_against_truth(pdf: Path) -> None:
    report, truth = structure_of(pdf), truth_of(pdf)
    assert report.narrative_found
    assert _sections(report) == _truth_sections(truth)
    assert report.year == truth["year"]
    assert report.unit == truth["unit"]["name"]
    assert report.department == truth["unit"]["department"]
    assert report.publish_date and report.publish_date.startswith(str(truth["year"] + 1))
    assert [t.split()[0] for t in report.toc] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    assert {"part1", "narrative", "glossary", "forms", "schedules"} <= set(report.page_map)
    # the forms end where the schedules begin, even without a 第五部分 heading (renderer A)
    assert report.page_map["forms"][-1] < report.page_map["schedules"][0]
    # every paragraph knows where each of its lines was printed
    for s in report.sections:
        assert len(s.line_provs) == len(s.paragraphs)
        assert all(provs and provs[0][0] == 0 for provs in s.line_provs)


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_sample_structure_matches_truth(pdf):
    check_against_truth(pdf)


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_corpus_structure_matches_truth(pdf):
    check_against_truth(pdf)


def test_seed_cover_and_toc(seed_pdf):
    r = structure_of(seed_pdf)
    assert r.title == "2023年度四川省大数据技术服务中心单位决算"
    assert r.publish_date == "2024-09-12"
    assert r.toc[1] == "第二部分 2023年度单位决算情况说明"
    assert "第二部分 2023 年度单位决算情况说明" in r.headings  # body spacing kept as printed
    assert r.page_map["narrative"] == [2, 3, 4]
    five = r.section(5)
    assert [s.page for s in five.subsections] == [2, 3, 3]


# ---------------------------------------------------------------- units


def test_wrapped_lines_join_without_spaces():
    text, offsets = join_lines(["2021年度收、支总计1137.57万元。与2020年相比，收、支总计各减少157.20万", "元，下降12.14%。"])
    assert text == "2021年度收、支总计1137.57万元。与2020年相比，收、支总计各减少157.20万元，下降12.14%。"
    assert offsets == [0, len("2021年度收、支总计1137.57万元。与2020年相比，收、支总计各减少157.20万")]


def test_spaced_paragraph_gets_its_wrap_space_back():
    # seed 一: the space typed before 37.53% fell on the line break
    text, _ = join_lines(["2023 年度收、支总计 2133.59 万元。与 2022 年相比，收、支总计各减少 1281.85 万元，减少",
                          "37.53%。主要变动原因是"])
    assert "减少 37.53%。" in text
    # …but two Chinese characters never get one
    text, _ = join_lines(["2023 年一般公共预算财政拨款支出 84.05 万元。与 2022 年相比，一般", "公共预算"])
    assert text.endswith("一般公共预算")


@pytest.mark.parametrize("text,no", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("十五", 15), ("甲", None)])
def test_cn_number(text, no):
    assert cn_number(text) == no


@pytest.mark.parametrize("title,no", [
    ("一、收入支出决算总体情况说明", 1),
    ("四、财政拨款收入支出决算总体情况说明", 4),
    ("三、一般公共预算财政拨款支出决算情况说明", 5),  # a region that numbers differently: title wins
    ("二、“三公”经费支出决算情况说明", 7),
    ("六、一般公共预算财政拨款基本支出决算情况说明", 6),
    ("十一、其他重要事项的情况说明", 10),
    ("十二、关于空表的说明", None),  # not in the section plan: never numbered by its ordinal
])
def test_sections_are_keyed_on_titles(title, no):
    assert section_no(title) == no


@pytest.mark.parametrize("title,no", [
    ("十、预算绩效管理情况", 10),
    ("十一、其他重要事项的情况说明", 11),
    ("八、政府性基金预算财政拨款收入支出决算情况说明", 8),
])
def test_national_section_plan(title, no):
    assert section_no(title, templates.get("national_dept_2024")) == no


class FakeDoc:
    """A document of given lines: [(page, x0, text)]."""

    def __init__(self, lines):
        self.pages: dict[int, list[Line]] = {}
        for i, (page, x0, text) in enumerate(lines):
            self.pages.setdefault(page, []).append(Line(text, x0, 50.0 + 20 * i, x0 + 300, 62.0 + 20 * i, 10.5))

    @property
    def page_count(self):
        return max(self.pages)

    def lines(self, n):
        return self.pages.get(n, [])


def test_missing_narrative_is_reported():
    doc = FakeDoc([(1, 100, "2023年度某单位单位决算"), (1, 100, "目录"), (1, 100, "第一部分 单位概况"),
                   (2, 100, "第一部分 单位概况"), (2, 80, "一、主要职责"), (2, 100, "负责某事。")])
    r = Report()
    parse_structure(doc, r)
    assert r.narrative_found is False
    assert any("第二部分" in p.message for p in r.problems)
    assert r.year == 2023 and r.unit == "某单位"


def test_paragraphs_split_on_indent_and_cross_pages():
    doc = FakeDoc([
        (1, 200, "第二部分 2023年度部门决算情况说明"),
        (1, 57, "一、收入支出决算总体情况说明"),
        (1, 78, "第一段第一行"), (1, 57, "第一段第二行。"),
        (1, 78, "第二段开始"), (2, 57, "跨页续行。"),
        (2, 57, "十、其他重要事项的情况说明"), (2, 57, "（一）机关运行经费支出情况"), (2, 78, "无。"),
    ])
    r = Report()
    parse_structure(doc, r)
    one, ten = r.section(1), r.section(10)
    assert one.paragraphs == ["第一段第一行第一段第二行。", "第二段开始跨页续行。"]
    assert [p.page for _, p in one.line_provs[1]] == [1, 2]
    assert ten.subsections[0].title == "（一）机关运行经费支出情况"
    assert ten.subsections[0].paragraphs == ["无。"]
    assert r.page_map["narrative"] == [1, 2]
