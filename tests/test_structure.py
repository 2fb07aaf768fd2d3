"""Report structure against the truth files: 第二部分 sections text exactly as printed, cover, 目录."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from conftest import DATA, corpus_cases, national_cases, real_file, truth_of

from budgetlib import templates
from budgetlib.model import Report
from budgetlib.parse.structure import cn_number, join_lines, parse_structure, section_no
from budgetlib.pdf.document import Line, join_baselines, open_document

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


# ---------------------------------------------------------------- the national template


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _paragraphs(sections) -> dict[tuple, str]:
    """(section, subsection index or -1, paragraph index) → paragraph, for truth dicts or Sections."""
    out = {}
    for s in sections:
        get = s.get if isinstance(s, dict) else lambda k, default=None, s=s: getattr(s, k, default)
        for i, para in enumerate(get("paragraphs") or []):
            out[(get("no"), -1, i)] = para
        for j, sub in enumerate(get("subsections") or []):
            paras = sub["paragraphs"] if isinstance(sub, dict) else sub.paragraphs
            for i, para in enumerate(paras):
                out[(get("no"), j, i)] = para
    return out


def check_national_against_truth(pdf: Path) -> None:
    report, truth = structure_of(pdf), truth_of(pdf)
    assert report.template == "national_dept_2024"
    assert (report.unit, report.year) == (truth["unit"]["name"], truth["year"])  # d008's cover says 2023
    assert report.narrative_found
    # the 11 sections by number and title, and their subsections
    assert [(s.no, s.title, [x.title for x in s.subsections]) for s in report.sections] == [
        (s["no"], s["title"], [x["title"] for x in s.get("subsections") or []]) for s in truth["narrative"]["sections"]]
    want, got = _paragraphs(truth["narrative"]["sections"]), _paragraphs(report.sections)
    same = [k for k, para in want.items() if _squeeze(got.get(k, "")) == _squeeze(para)]
    assert len(same) >= 0.99 * len(want), sorted(set(want) - set(same))
    # the part headings as printed, a broken one joined; the narrative is 第三部分
    parts = {str(p.no): _squeeze(p.heading) for p in report.parts}
    assert parts == {no: _squeeze(h) for no, h in truth["front"]["parts"].items()}
    assert [(p.no, p.key) for p in report.parts] == [(1, "part1"), (2, "schedules"), (3, "narrative"), (4, "glossary")]
    assert [_squeeze(t) for t in report.toc] == [_squeeze(text) for _, text in truth["front"]["toc"]]


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", national_cases(), ids=lambda p: p.stem)
def test_national_corpus_structure_matches_truth(pdf):
    check_national_against_truth(pdf)


def test_czj_structure():
    r = structure_of(real_file("national", "czj_2024.pdf"))
    # cover "上海市普陀区财政局 / 2024年度部门决算", the year in another font than the words
    assert (r.template, r.unit, r.year) == ("national_dept_2024", "上海市普陀区财政局", 2024)
    # the 第三部分 heading breaks before 说明: joined, and it is the narrative
    three = r.part("narrative")
    assert (three.no, three.heading, three.page) == (3, "第三部分上海市普陀区财政局2024年度部门决算情况说明", 21)
    assert "第三部分 上海市普陀区财政局2024年度部门决算情况说明" in r.toc
    assert [s.no for s in r.sections] == list(range(1, 12))
    assert [len(s.subsections) for s in r.sections] == [0, 0, 0, 0, 3, 0, 2, 0, 0, 0, 3]
    assert r.section(11).subsections[2].title == "（三）国有资产占有使用情况说明"
    # p. 21: the figures stay in their sentences (pdfplumber's own lines put them on a line apart)
    one = r.section(1).paragraphs[0]
    assert one.startswith("上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元")
    assert [prov.page for _, prov in r.section(1).line_provs[0]] == [21, 21, 21]
    assert "（类）2106.66万元，占71.73%" in r.section(5).subsections[1].paragraphs[0]


def test_blank_template_structure():
    r = structure_of(real_file("national", "template_2024.pdf"))
    assert (r.unit, r.year) == ("上海市XX局", 2024)
    assert [s.no for s in r.sections] == list(range(1, 12))
    assert r.part("narrative").no == 3


@pytest.mark.parametrize("broken", [
    ("第三部分 临川市红枫区财政局", "2024年度部门决算情况说明"),
    ("第三部分 临川市红枫区财政局", "2024", "年度部门决算情况说明"),  # the year on a line of its own
])
def test_broken_part_heading_is_joined(broken):
    doc = FakeDoc([
        (1, 200, "临川市红枫区财政局"), (1, 200, "2024年度部门决算"), (1, 200, "目录"),
        (1, 80, "第一部分 临川市红枫区财政局概况"),
        (1, 80, "第三部分 临川市红枫区财政局2024年度部门决算情况说明"),
        (2, 200, "第一部分 临川市红枫区财政局概况"), (2, 57, "一、主要职能"), (2, 78, "负责某事。"),
        (2, 200, "收入支出决算总表"), (2, 200, "财政拨款收入支出决算总表"),  # the national template's titles
        *[(3, 200, line) for line in broken],
        (3, 57, "十、预算绩效管理情况"), (3, 78, "本部门开展了绩效管理。"),
        (3, 57, "十一、其他重要事项的情况说明"), (3, 57, "（一）机关运行经费支出情况"), (3, 78, "无。"),
    ])
    r = Report()
    parse_structure(doc, r)
    assert (r.template, r.unit, r.year) == ("national_dept_2024", "临川市红枫区财政局", 2024)
    assert r.headings[1] == "第三部分 临川市红枫区财政局2024年度部门决算情况说明"
    assert [(p.no, p.key) for p in r.parts] == [(1, "part1"), (3, "narrative")]
    assert [s.no for s in r.sections] == [10, 11] and r.section(10).paragraphs == ["本部门开展了绩效管理。"]


def _chars(text: str, x0: float, baseline: float, top_gap: float) -> list[dict]:
    """Characters of `text` on `baseline` (page 842 high) whose top lies `top_gap` above it."""
    out = []
    for i, ch in enumerate(text):
        y0 = 842 - baseline - 2.5
        out.append({"text": ch, "x0": x0 + 12 * i, "x1": x0 + 12 * (i + 1), "top": baseline - top_gap,
                    "bottom": 842 - y0, "y0": y0, "y1": y0 + 12, "upright": True, "size": 12.0,
                    "matrix": (1, 0, 0, 1, x0 + 12 * i, 842 - baseline), "doctop": baseline - top_gap})
    return out


def test_lines_on_one_baseline_are_one_line():
    words = _chars("总计", 96, 195.0, 12.0) + _chars("万元", 96 + 12 * 6, 195.0, 12.0)
    figure = _chars("2995", 96 + 24, 195.0, 7.0)  # another font: its top 5 pt lower
    lines = [{"text": "总计 万元", "chars": words, "x0": 96, "x1": 168, "top": 183.0, "bottom": 197.5},
             {"text": "2995", "chars": figure, "x0": 120, "x1": 168, "top": 188.0, "bottom": 197.5},
             {"text": "下一行", "chars": _chars("下一行", 72, 209.0, 12.0), "x0": 72, "x1": 108, "top": 197.0,
              "bottom": 211.5}]
    out = join_baselines(lines)
    assert [ln["text"] for ln in out] == ["总计2995万元", "下一行"]
    assert out[1] is lines[2]  # a line alone on its baseline is left as pdfplumber built it


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
    assert any("决算情况说明" in p.message for p in r.problems)
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


@pytest.mark.parametrize("text,unit", [
    ("四川省大数据技术服务中心", "四川省大数据技术服务中心"),
    ("上海市普陀区财政局", "上海市普陀区财政局"),
    ("一、收入支出决算总体情况说明收、支总计各是4125.49,4143.91万元。", ""),  # an excerpt's first paragraph
    ("一般公共预算财政拨款“三公”经费及机关运行经费支出决算表单位:万元", ""),  # a table title
    ("附件:项目支出绩效自评表()项目名称委托业务项目", ""),  # a standalone form
])
def test_a_paragraph_or_a_title_is_not_the_unit(text, unit):
    from budgetlib.parse.structure import plausible_unit

    assert plausible_unit(text) == unit


def _cover(*texts: str):
    from budgetlib.model import Report
    from budgetlib.parse.structure import PLine, parse_cover_and_toc

    r = Report()
    _, year = parse_cover_and_toc([PLine(t, 1, 0, 10 * i, 100, 10 * i + 8, 10) for i, t in enumerate(texts)], r)
    return r.unit, year


@pytest.mark.parametrize("lines,unit,year", [
    # the cover's title lines: unit and year (seed and czj wording)
    (("2023年度四川省大数据技术服务中心单位决算",), "四川省大数据技术服务中心", 2023),
    (("上海市普陀区财政局", "2024年度部门决算"), "上海市普陀区财政局", 2024),
    # a label line names the unit; 附件:/报表编号:/单位:万元 are skipped, not read as the title
    (("附件1:", "报表编号:510000_0013zp", "填报单位(盖章):某县财政局", "项目支出绩效自评表(2022年度)"), "某县财政局", 2022),
    # a paragraph ends the cover: its year and its unit are not the report's
    (("一、收入支出决算总体情况说明", "2022年度某县文化旅游局收、支总计各是4125.49,4143.91万元。"), "", None),
    (("某县教育局2019年度部门决算", "一、部门概况", "2018年度收入合计100万元。"), "某县教育局", 2019),
    # a title line "关于<unit><year>年度…说明" below a table title names the unit; a sentence that starts the
    # same way does not
    (("2017年度“三公”经费支出决算表", "单位:万元", "关于上海市嘉定区司法局2017年度一般公共预算财政拨"), "上海市嘉定区司法局", 2017),
    (("2017年度“三公”经费支出决算表", "关于某区教育局2017年度的预算,执行良好。"), "", 2017),
])
def test_unit_and_year_only_from_title_lines(lines, unit, year):
    assert _cover(*lines) == (unit, year)


def test_toc_ends_where_the_numbering_starts_over_on_its_own_page():
    """检察院 2018 prints the body's 第一部分 heading under its 目录, on the same page: it ends the 目录
    (read as a second 目录 entry, the body lacked 第一部分 and disclosure.toc reported it missing)."""
    from budgetlib.model import Report
    from budgetlib.parse.structure import PLine, parse_cover_and_toc

    texts = ["江苏省人民检察院", "2018年部门预算", "目录", "第一部分 部门概况", "一、主要职能",
             "第二部分 2018 年度部门预算表", "第三部分 2018 年度部门预算情况说明", "第四部分 名词解释",
             "第一部分 部门概况", "一、主要职责"]
    lines = [PLine(t, 2, 0, 10 * i, 100, 10 * i + 8, 10) for i, t in enumerate(texts)]
    r = Report()
    body, _ = parse_cover_and_toc(lines, r)
    assert [p.no for p in r.toc_parts] == [1, 2, 3, 4]
    assert lines[body].text == "第一部分 部门概况"
