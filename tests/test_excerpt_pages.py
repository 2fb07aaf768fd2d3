"""Any page of a disclosure is audited (issue 21, item 4): pages cut out of real reports, printed again with
reportlab from the real text of ../shared/real/excerpts (01 大英 2022, 11 青神 2023), in the shapes the issue
names: a page of 收入/支出 narrative with no title, with or without its section headings; a page that starts
with part of a 目录; a 自评表 fragment of indicator rows with 权重, 合计 and 评价结论. Each is audited as what
it holds (never refused as "not a 决算"), gets no "missing section" error, and its hand-audited findings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetlib.checks import audit
from budgetlib.errors import BadInput
from budgetlib.parse.report import read_report

# 01_daying_culture_tourism_2022.txt, sections 一 to 三 as transcribed (hand audit: 01.expected.json)
S1 = ("2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,2570.97万元,各下降23.51%、"
      "38.28%。主要变动原因是天府旅游名县创建工作完成,项目收入减少。")
S2 = ("2022年本年收入合计4125.49万元,其中:一般公共预算财政拨款收入3859.16万元,占93.54%;政府性基金预算财政拨款收入0万元,"
      "占0%;国有资本经营预算财政拨款收入0万元,占0%;上级补助收入0万元,占0%;事业收入0万元,占0%;经营收入0万元,占0%;"
      "附属单位上缴收入0万元,占0%;其他收入266.33万元,占6.46%。")
S3 = ("2022年本年支出合计4143.91万元,其中:基本支出1140.27万元,占27.52%;项目支出3003.64万元,占72.48%;上缴上级支出0万元,"
      "占0%;经营支出0万元,占0%;对附属单位补助支出0万元,占0%。")
SECTIONS = [("一、收入支出决算总体情况说明", S1), ("二、收入决算情况说明", S2), ("三、支出决算情况说明", S3)]
TOC = ["目录", "第一部分 单位概况", "一、主要职能", "二、机构设置", "第二部分 2022年度单位决算情况说明"]


def _render(path: Path, lines: list[tuple[str, str]]) -> Path:
    """(style, text) lines on A4: "h" a heading line, "p" an indented paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    styles = {"h": ParagraphStyle("h", fontName="STSong-Light", fontSize=11, leading=18),
              "t": ParagraphStyle("t", fontName="STSong-Light", fontSize=15, leading=24, alignment=1),
              "p": ParagraphStyle("p", fontName="STSong-Light", fontSize=11, leading=18, firstLineIndent=22,
                                  wordWrap="CJK")}
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60,
                      bottomMargin=60).build([Paragraph(t, styles[s]) for s, t in lines])
    return path


def _traditional(text: str) -> str:
    """The text as some sites store it (09 天水 2017): traditional characters (templates/traditional.tsv read
    backwards), a pinyin reading in brackets after some of them (預(yù)算, 學(xué)齡)."""
    from budgetlib.templates import traditional_table

    back = {simp: chr(trad) for trad, simp in traditional_table().items()}
    out = "".join(back.get(ch, ch) for ch in text)
    for word, reading in (("預", "yù"), ("務", "wù"), ("結", "jié")):
        out = out.replace(word, f"{word}({reading})")
    return out


PAGES = {
    "headed_sections": [x for h, p in SECTIONS for x in (("h", h), ("p", p))],
    "paragraphs_only": [("p", p) for _, p in SECTIONS],
    "traditional": [(k, _traditional(t)) for h, p in SECTIONS for k, t in (("h", h), ("p", p))],
    "partial_toc": [("t", TOC[0])] + [("h", x) for x in TOC[1:]] + [x for h, p in SECTIONS for x in (("h", h), ("p", p))],
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("excerpt_pages")


@cache
def _audited(folder: Path, name: str):
    report = read_report(_render(folder / f"{name}.pdf", PAGES[name]))
    return report, audit(report)


@pytest.mark.parametrize("name", PAGES)
def test_narrative_page_audited_as_an_excerpt(folder, name):
    report, findings = _audited(folder, name)
    assert report.kind == "excerpt"
    assert not [f for f in findings if f.rule in ("disclosure.sections", "disclosure.toc", "table.missing")
                and f.severity != "info"]
    assert not [f for f in findings if f.severity != "info" and "缺少" in f.message]


@pytest.mark.parametrize("name", PAGES)
def test_narrative_page_hand_audit(folder, name):
    # 01.expected.json: 收、支总计 4125.49 ≠ 4143.91 (error); 2570.97/(4143.91+2570.97) = 38.29%, printed 38.28%
    # (truncated: warning); the shares of sections 二 and 三 hold
    _, findings = _audited(folder, name)
    errors = [(f.rule, f.message) for f in findings if f.severity == "error"]
    assert [r for r, _ in errors] == ["narrative.balance"], errors
    assert "4125.49" in errors[0][1] and "4143.91" in errors[0][1]
    assert any(f.rule == "narrative.yoy_pct" and "38.28" in (f.stated or "") and f.severity == "warning"
               for f in findings)


def test_page_without_headings_numbered_by_what_it_states(folder):
    # no heading at all: each paragraph goes to the section whose reading takes its figures (一 收、支总计,
    # 二 本年收入合计, 三 本年支出合计), so its claims are checked as under their headings
    report, _ = _audited(folder, "paragraphs_only")
    headed, _ = _audited(folder, "headed_sections")
    assert [s.no for s in report.sections] == [1, 2, 3]
    assert [(c.kind, c.value) for c in report.claims] == [(c.kind, c.value) for c in headed.claims]


# ---------------------------------------------------------------- a 自评表 fragment

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"]
# 11_qingshen_ndrc_2023_perf_form: its two indicator rows, 合计 and 评价结论 (no 项目名称, no fund block)
ROWS = [["产出指标", "质量指标", "发放(缴纳)覆盖率", "≥", "100", "%", "", "45", "", ""],
        ["效益指标", "社会效益指标", "足额保障率(参保率)", "≥", "100", "%", "", "45", "", ""]]


def _fragment(path: Path, header: bool) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    rows = ([HEADER] if header else []) + ROWS + [["合计", "", "", "", "", "", "", "90", "", ""],
                                                ["评价结论", "项目按计划实施，资金使用规范。", "", "", "", "", "", "", "", ""]]
    n = len(rows)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, n - 2), (6, n - 2)),
             ("SPAN", (1, n - 1), (9, n - 1))]
    table = Table([[Paragraph(x, cell) for x in r] for r in rows], colWidths=[48] * 10, style=style)
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    return path


@pytest.mark.parametrize("header", [True, False], ids=["with_header", "rows_only"])
def test_form_fragment_audited_as_a_form(folder, header):
    try:
        report = read_report(_fragment(folder / f"fragment_{header}.pdf", header))
    except BadInput as exc:
        pytest.fail(f"refused: {exc}")
    findings = audit(report)
    assert report.kind == "perf_form"
    # weights 45 + 45 = 90 hold; nothing is missing from a fragment
    assert not [f for f in findings if f.severity == "error" and f.rule in
                ("perf.indicator_weights", "perf.total_missing", "disclosure.sections", "table.missing")]


def test_page_without_budget_figures_still_refused(folder):
    pdf = _render(folder / "toc_only.pdf", [("t", TOC[0])] + [("h", x) for x in TOC[1:]])
    with pytest.raises(BadInput, match="未识别为决算或预算报告"):
        read_report(pdf)


# ---------------------------------------------------------------- a page cut inside a list of parts

S6_HEAD = "六、一般公共预算财政拨款基本支出决算情况说明"
S6_CUT = ("2023年度一般公共预算财政拨款基本支出779.51万元，其中：人员经费721.70万元，主要包括：基本工资、津贴补贴、"
          "奖金、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、住房公")


@pytest.mark.parametrize("ends", ["cut", "whole"])
def test_sum_in_the_paragraph_the_file_ends_inside(folder, ends):
    # the file stops mid-sentence after the first of 基本支出's parts (公用经费 57.81 is on the next page): the sum
    # 779.51 = 721.70 + … cannot be checked. The same paragraph ended (。) lists all it lists: 721.70 ≠ 779.51.
    text = S6_CUT if ends == "cut" else S6_CUT + "积金等。"
    report = read_report(_render(folder / f"s6_{ends}.pdf", [("h", S6_HEAD), ("p", text)]))
    assert report.kind == "excerpt"
    sums = [f for f in audit(report) if f.rule == "narrative.sum" and "基本支出" in f.message]
    assert [f.severity for f in sums] == (["info"] if ends == "cut" else ["error"]), [f.message for f in sums]


def test_narrative_before_the_next_part_heading_read(folder):
    # the page ends the 情况说明 and starts 第三部分 名词解释: the text above that heading is still the narrative
    # (its section 六 read, its sum judged), the glossary under it is not
    lines = [("h", S6_HEAD), ("p", S6_CUT + "积金等。"), ("h", "第三部分 名词解释"),
             ("p", "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。")]
    report = read_report(_render(folder / "s6_then_glossary.pdf", lines))
    assert [s.no for s in report.sections] == [6]
    sums = [f for f in audit(report) if f.rule == "narrative.sum" and "基本支出" in f.message]
    assert [f.severity for f in sums] == ["error"]
