"""Judgement rules (budgetlib/checks/judgement.py): each on a small hand-made report that has the problem
(the finding is there), the innocent look-alikes (no finding), and the corpus (no finding at all)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, DATA, NATIONAL, SHARED
from test_judgement_forms import FORM_RULES, SEED, where

from budgetlib.checks import judgement
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Cell, Claim, Finding, PerfForm, Prov, Report, Row, Schedule, Section, Subsection

JUDGEMENT = {r for r in RULES if r.startswith("judgement.")}


def report(*paragraphs: str, year: int | None = 2023, title: str = "", **fields) -> Report:
    """A report whose 第二部分 has one section holding `paragraphs` (printed on page 3, one line each)."""
    provs = [[(0, Prov(3, (90.0, 100.0 + 20 * i, 500.0, 112.0 + 20 * i)))] for i in range(len(paragraphs))]
    sec = Section(no=1, title="一、收入支出决算总体情况说明", paragraphs=list(paragraphs), page=3, line_provs=provs)
    return Report(year=year, title=title, sections=[sec], **fields)


def run(rep: Report, rule_id: str, params: dict | None = None) -> list[Finding]:
    return list(run_rules(Context(rep, params or {}), only={rule_id}))


def test_every_judgement_rule_is_registered_with_its_severity():
    want = {"judgement.punctuation": "info", "judgement.incomplete_sentence": "warning",
            "judgement.outdated_subject": "warning", "judgement.document_noun": "warning",
            "judgement.two_amounts": "warning", "judgement.impossible_change": "warning",
            "judgement.missing_glyphs": "info", "judgement.blank_page": "info", "judgement.typo": "warning",
            # issue 23 (tests/test_inspector_text.py): wording and 科目 names, never errors
            "judgement.collocation": "warning", "judgement.generic_reason": "warning",
            "judgement.period_year": "warning", "judgement.self_name": "warning",
            "judgement.subject_name": "warning", "judgement.subject_wording": "warning"}
    # the 自评表 rules (tests/test_judgement_forms.py) are all warnings
    want |= {r: "warning" for r in FORM_RULES}
    assert {r: RULES[r].severity for r in JUDGEMENT} == want
    for r in JUDGEMENT:
        assert RULES[r].title and RULES[r].formula  # the catalogue (docs/rules.md) has something to say


# ---------------------------------------------------------------- punctuation


def test_doubled_full_stop_is_reported_where_it_is_printed():
    (f,) = run(report("收入合计100.00万元。", "支出增加。。主要原因是业务量增加。"), "judgement.punctuation")
    assert (f.severity, f.stated, f.section, f.page) == ("info", "。。", 1, 3)
    assert f.bbox == (90.0, 120.0, 500.0, 132.0)  # the second paragraph's line
    assert "。。" in f.message


@pytest.mark.parametrize("text,mark", [
    ("2023年度本单位无财政拨款“三公”经费”支出。", "”"),
    ("一般公共服务（类）政府办公厅（室及相关机构事务（款）支出10.00万元。", "（"),
    ("主要用于以下方面：，一般公共服务支出10.00万元。", "：，"),
])
def test_unbalanced_or_mixed_punctuation(text, mark):
    (f,) = run(report(text), "judgement.punctuation")
    assert f.stated == mark


def test_punctuation_that_is_in_order_is_not_reported():
    ok = ("2023年度财政拨款“三公”经费支出1.47万元（其中：公务接待费1.47万元）……详见《附表13》。",
          "卫生健康（类）行政事业单位医疗（款）事业单位医疗（项）：支出决算为84.05万元（境)。")
    assert run(report(*ok), "judgement.punctuation") == []


# ---------------------------------------------------------------- incomplete sentences


@pytest.mark.parametrize("text,stated", [
    ("决算数小于预算数，主要原因是。", "主要原因是。"),
    ("决算数大于预算数的主要原因：。", "主要原因：。"),
    ("公用经费20.00万元，主要用于。", "主要用于。"),
    ("人员经费84.05万元，主要包括：；公用经费0.00万元。", "主要包括：；"),
])
def test_a_reason_announced_and_not_given(text, stated):
    (f,) = run(report(text), "judgement.incomplete_sentence")
    assert (f.severity, f.stated) == ("warning", stated)


def test_complete_sentences_and_a_list_announced_for_the_next_paragraph_pass():
    ok = ("决算数小于预算数，主要原因是年中调减预算。", "完成预算100%。其中：", "具体情况如下。",
          "主要用于以下方面：一般公共服务支出84.05万元。", "车辆主要用于业务工作的开展。")
    assert run(report(*ok), "judgement.incomplete_sentence") == []


# ---------------------------------------------------------------- outdated subjects


def test_renamed_subjects_are_data_with_the_year_of_renaming():
    names = {r.old: (r.new, r.since) for r in judgement.renamed_subjects()}
    assert names["医疗卫生与计划生育"] == ("卫生健康", 2019)
    assert names["文化体育与传媒"] == ("文化旅游体育与传媒", 2019)
    assert names["国土海洋气象等"] == ("自然资源海洋气象等", 2019)


def test_an_old_subject_name_in_a_report_after_the_renaming():
    text = "主要用于以下方面：医疗卫生与计划生育支出131.79万元，占2.34%；文化体育与传媒支出10.00万元。"
    found = run(report(text, year=2020), "judgement.outdated_subject")
    assert [(f.severity, f.stated, f.expected) for f in found] == [
        ("warning", "医疗卫生与计划生育支出", "卫生健康支出"), ("warning", "文化体育与传媒支出", "文化旅游体育与传媒支出")]
    assert "2019年起" in found[0].message and found[0].page == 3


def test_old_names_are_right_before_the_renaming_and_when_named_as_old():
    text = "医疗卫生与计划生育支出131.79万元。"
    assert run(report(text, year=2018), "judgement.outdated_subject") == []
    assert run(report("卫生健康支出（原医疗卫生与计划生育支出）131.79万元。", year=2020), "judgement.outdated_subject") == []
    assert run(report("文化旅游体育与传媒支出10.00万元。", year=2020), "judgement.outdated_subject") == []


def test_an_old_subject_name_in_a_table_row():
    row = Row(key="210", code="210", name="医疗卫生与计划生育支出", level="类", prov=Prov(22, (40, 300, 200, 312)))
    sch = Schedule(key="gp_expense", no=5, numbered=True, title="一般公共预算财政拨款支出决算表", rows=[row])
    (f,) = run(report("无。", year=2021, schedules={"gp_expense": sch}), "judgement.outdated_subject")
    assert (f.table, f.row, f.page, f.bbox, f.table_label) == ("gp_expense", "210", 22, (40, 300, 200, 312), "附表5")


# ---------------------------------------------------------------- the document noun


def test_a_unit_report_that_calls_itself_a_department_report():
    rep = report("本部门决算已经审核。", title="2023年度四川省某中心单位决算",
                 toc=["第一部分 单位概况", "第二部分 2023年度部门决算情况说明"], toc_page=1,
                 headings=["第二部分 2023年度部门决算情况说明"])
    found = run(rep, "judgement.document_noun")
    assert [(f.field, f.stated, f.expected) for f in found] == [
        ("toc", "2023年度部门决算", "2023年度单位决算"), ("headings", "2023年度部门决算", "2023年度单位决算"),
        (None, "本部门决算", "本单位决算")]
    assert found[0].page == 1 and found[2].page == 3
    assert all(f.severity == "warning" for f in found)


def test_a_department_report_that_calls_itself_a_unit_report():
    rep = report("2024年度单位决算情况如下。", title="上海市某局2024年度部门决算")
    (f,) = run(rep, "judgement.document_noun")
    assert (f.stated, f.expected) == ("2024年度单位决算", "2024年度部门决算")


def test_the_other_noun_in_its_own_sense_is_not_reported():
    # "本部门" alone, a department's 所属单位, and the 部门决算单位构成 heading are all right as they stand
    rep = report("本部门无政府性基金预算财政拨款支出。", "纳入主管部门决算汇总。", title="2023年度某中心单位决算",
                 headings=["第一部分 部门决算单位构成"])
    assert run(rep, "judgement.document_noun") == []
    rep = report("所属单位决算已汇总。", "本单位无三公经费。", title="2024年度某局部门决算")
    assert run(rep, "judgement.document_noun") == []


def test_without_a_cover_title_the_noun_cannot_be_judged():
    (f,) = run(report("2023年度部门决算情况说明。"), "judgement.document_noun")
    assert f.severity == "info" and f.message.startswith("无法核对")
    assert run(report("收入合计100.00万元。"), "judgement.document_noun") == []  # nothing to judge, nothing said


# ---------------------------------------------------------------- two amounts for one item


def test_the_same_item_with_two_amounts_in_one_paragraph():
    text = ("2023年度一般公共预算财政拨款支出2793.83万元，主要用于以下方面：一般公共服务支出2027.85万元，占72.58%；"
            "科学技术支出286.19万元，占10.24%。其中一般公共服务支出2072.85万元主要用于机构运行。")
    (f,) = run(report(text), "judgement.two_amounts")
    assert (f.severity, f.stated, f.expected) == ("warning", "2072.85万元", "2027.85万元")
    assert "一般公共服务支出" in f.message
    # a three-character item (办公费) is an item
    (f,) = run(report("其中：办公费12.00万元，印刷费3.00万元；办公费21.00万元。"), "judgement.two_amounts")
    assert (f.stated, f.expected) == ("21.00万元", "12.00万元")


def test_budget_change_and_prior_year_figures_are_other_items():
    ok = ("2023年度一般公共预算财政拨款支出年初预算为2827.14万元，支出决算为2793.83万元，完成年初预算的98.82%。",
          "2023年度收、支总计2133.59万元。与2022年相比，收、支总计各减少1281.85万元，下降37.53%。",
          "2022年度一般公共服务支出1800.00万元；2023年度一般公共服务支出2027.85万元。",
          "由中小企业供应商中标的，采购金额290.58万元；由小微企业供应商中标的，采购金额0.00万元。",
          "一般公共服务支出2027.85万元。",
          # the year opens the sentence, right after the full stop: the second figure is still 2022's
          "2023年度一般公共服务支出2027.85万元。2022年一般公共服务支出1800.00万元。")
    assert run(report(*ok), "judgement.two_amounts") == []
    # two paragraphs may each give an item once (the rule reads one paragraph at a time)
    assert run(report("一般公共服务支出2027.85万元。", "一般公共服务支出2072.85万元。"), "judgement.two_amounts") == []


# ---------------------------------------------------------------- an impossible change


def test_a_fall_described_as_a_rise():
    text = "2023年度一般公共预算财政拨款支出3845.49万元，比上年43269.30万元增加17.62%，主要原因是项目减少。"
    (f,) = run(report(text), "judgement.impossible_change")
    assert (f.severity, f.stated, f.expected) == ("warning", "增加17.62%", "下降91.11%")
    assert "方向相反" in f.message and f.page == 3


@pytest.mark.parametrize("text,expected", [
    ("本年收入3845.49万元，上年3000.00万元，增长17.62%。", "增长28.18%"),
    ("本年收入3845.49万元，上年3269.30万元，增长17.63%。", "增长17.62%"),  # 576.19 ÷ 3269.30 = 17.624%
    ("机关运行经费由2022年的200.00万元增加到2023年的230.00万元，增长5.00%。", "增长15.00%"),
    ("公务接待费支出10.00万元，比2022年度10.00万元增长5.00%。", "持平"),
    # a change smaller than one unit is still a change: 10.50 − 10.00 = 0.50 ÷ 10.00 = 5.00%, not 持平
    ("公务接待费支出10.50万元，比2022年度10.00万元下降5.00%。", "增长5.00%"),
    ("公务接待费支出9.50万元，比2022年度10.00万元增长5.00%。", "下降5.00%"),
])
def test_a_rate_that_the_two_figures_do_not_give(text, expected):
    (f,) = run(report(text), "judgement.impossible_change")
    assert f.expected == expected


def test_consistent_changes_and_sentences_without_both_figures_pass():
    ok = ("2023年度一般公共预算财政拨款支出3845.49万元，比上年3269.30万元增长17.62%。",
          "机关运行经费由2022年的200.00万元增加到2023年的230.00万元，增长15.00%。",
          "本年收入100.00万元，上年60.00万元，增长66.66%。",  # 66.667 truncated: a rounding tail, not impossible
          # 11.04 ÷ 13.06 = 84.53%; with each printed figure ±0.005 the rate spans 84.42–84.64: 84.55 may be right
          "本年收入24.10万元，上年13.06万元，增长84.55%。",
          "与2022年相比，一般公共预算财政拨款支出减少737.13万元，下降89.76%。",
          "2023年度收、支总计2133.59万元。与2022年相比，收、支总计各减少1281.85万元，减少37.53%。",
          "与上年相比，本年支出合计1994.88万元，增加100.00万元，增长5.28%。")
    assert run(report(*ok), "judgement.impossible_change") == []


# ---------------------------------------------------------------- what the PDF shows badly


def test_characters_the_pdf_cannot_display():
    cell = Cell("(cid:1234)(cid:88)", Prov(25, (300, 200, 340, 212)))
    sch = Schedule(key="income", no=2, numbered=True, title="收入决算表",
                   rows=[Row(key="2010350", name="事业运行", values={"total": cell})])
    form = PerfForm(index=2, project=Cell("51000-平台运维"), goal=Cell("完成\ufffd平台运维", Prov(8, (90, 100, 400, 120))))
    rep = report("收入合计(cid:3021)100.00万元。", schedules={"income": sch}, forms=[form])
    found = run(rep, "judgement.missing_glyphs")
    assert [(f.severity, f.section, f.table, f.column, f.project, f.field, f.page) for f in found] == [
        ("info", 1, None, None, None, None, 3), ("info", None, "income", "total", None, None, 25),
        ("info", None, None, None, 2, "goal", 8)]
    assert "有2个字符无法显示" in found[1].message


def test_a_missing_glyph_in_a_form_cell_without_a_page_is_on_the_forms_first_page():
    # a 自评表 printed over pages 12–13 whose cell was read without a position: the form's first page
    form = PerfForm(index=1, project=Cell("51000-平台运维"), conclusion=Cell("已完成(cid:77)"), pages=[12, 13])
    (f,) = run(report("无。", forms=[form]), "judgement.missing_glyphs")
    assert (f.project, f.field, f.page) == (1, "conclusion", 12)
    form.pages = []
    (f,) = run(report("无。", forms=[form]), "judgement.missing_glyphs")
    assert f.page is None  # no page known: none made up



def test_a_missing_glyph_is_quoted_with_the_text_around_it():
    (f,) = run(report("收(cid:3021)入合计100.00万元，比上年增加10.00万元，主要原因是业务量增加。"), "judgement.missing_glyphs")
    # from the paragraph's first character (the glyph is the second) to twelve characters after it
    assert "（“收(cid:3021)入合计100.00万元，”）" in f.message


def test_a_blank_page_right_after_the_toc():
    rep = report("无。", toc_page=2, blank_pages=[3, 9], page_map={"part1": [4, 5], "narrative": [6, 9]})
    (f,) = run(rep, "judgement.blank_page")
    assert (f.severity, f.page) == ("info", 3)
    # a blank page elsewhere is layout, not this rule's business; no 目录, nothing to say
    assert run(report("无。", toc_page=1, blank_pages=[5], page_map={"part1": [2]}), "judgement.blank_page") == []
    assert run(report("无。", blank_pages=[2]), "judgement.blank_page") == []
    # the body starts right after the 目录 (page 3): a blank page 4 is inside it, not this rule's business
    assert run(report("无。", toc_page=2, blank_pages=[4], page_map={"part1": [3, 5]}), "judgement.blank_page") == []


def _pdf_with_a_blank_page(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = Canvas(str(path), pagesize=(595, 842))
    for lines in (["2023年度测试中心", "单位决算", "目录", "第一部分 单位概况", "第二部分 2023年度单位决算情况说明"],
                  ["- 2 -"],
                  ["第一部分 单位概况", "一、主要职责", "测试中心主要职责是开展测试工作，服务本地区。"]):
        for i, line in enumerate(lines):
            c.setFont("STSong-Light", 14)
            c.drawString(80, 760 - 30 * i, line)
        c.showPage()
    c.save()


def test_the_parser_records_blank_pages_and_the_toc_page(tmp_path):
    from budgetlib.parse.report import parse_document
    from budgetlib.pdf.document import open_document

    pdf = tmp_path / "blank.pdf"
    _pdf_with_a_blank_page(pdf)
    with open_document(pdf) as doc:
        rep = parse_document(doc)
    assert (rep.toc_page, rep.blank_pages) == (1, [2])  # the folio alone does not make a page printed
    (f,) = run(rep, "judgement.blank_page")
    assert f.page == 2 and "第2页为空白页" in f.message


# ---------------------------------------------------------------- switching off, and the corpus


def test_a_rule_switched_off_in_params_says_so_instead():
    rep = report("决算数小于预算数，主要原因是。")
    params = {"disabled_rules": {"judgement.incomplete_sentence": "本单位模板原文如此，已另行说明"}}
    (f,) = run(rep, "judgement.incomplete_sentence", params)
    assert f.severity == "info" and "本单位模板原文如此" in f.message


def test_params_files_accept_the_judgement_rule_ids(tmp_path):
    from budgetlib.params import load_params

    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "u.yaml").write_text("pdf: r.pdf\ndisabled_rules:\n  judgement.punctuation: 标点由排版系统生成\n",
                                     encoding="utf-8")
    assert load_params(tmp_path / "u.yaml")["disabled_rules"] == {"judgement.punctuation": "标点由排版系统生成"}


def _truths() -> list[Path]:
    if not SHARED.is_dir():
        pytest.skip("../shared 不存在 / no shared corpus")
    return sorted(CORPUS.glob("*.truth.json")) + sorted(NATIONAL.glob("*.truth.json"))


def test_no_judgement_finding_on_the_corpus_ground_truth():
    """The generated cases (clean or with planted arithmetic errors) and the national cases print no judgement
    problem of these kinds: every finding here would be a false one. The seed has its own, real ones: pinned
    one by one in tests/test_judgement_forms.py (SEED), and nothing else."""
    found = {p.name: [f.message for f in run_rules(Context(Report.from_truth(p)), only=JUDGEMENT)
                      if p.name != "seed_2023.truth.json" or (f.rule, f.project, where(f)) not in SEED]
             for p in _truths()}
    assert found and all(v == [] for v in found.values()), {k: v for k, v in found.items() if v}


def test_sections_and_subsections_are_read_in_order_with_their_pages():
    sec = Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", page=3, paragraphs=["甲。"],
                  subsections=[Subsection("（一）总体情况", ["乙。。"], page=4)])
    found = run(Report(year=2023, sections=[sec]), "judgement.punctuation")
    assert [(f.section, f.page) for f in found] == [(5, 4)]


def test_passage_maps_back_to_the_printed_line():
    p = judgement.Passage.of("第一行 文字\n第二行。。", [(0, Prov(3, (1, 2, 3, 4))), (7, Prov(3, (1, 20, 3, 24)))])
    at = p.text.index("。。")
    assert p.where(at)["bbox"] == (1, 20, 3, 24)


# ---------------------------------------------------------------- sentences as published


# Transcribed from published 部门预算/单位预算 disclosures in ../shared/real/budget (file, page): the same
# kinds of wording occur in 决算 narratives, and these are real instances, not made-up ones.
PUBLISHED = [
    # wanlijiedao_2023_dept_budget p.6: (45.41 − 11.67) ÷ 11.67 = 289.12%
    ("judgement.impossible_change", 2023, "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加"
     "314.82%。主要原因是：群众团体事务一般行政管理事务经费增加。", "增长289.12%"),
    # wanlijiedao_2023_dept_budget p.7: the previous item's rate copied (60.54% is 274.85 → 441.25)
    ("judgement.impossible_change", 2023, "2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数"
     "增加60.54%。", "增长232.79%"),
    # wanlijiedao_2024_dept_budget p.9: 0.53% is 348.52 → 350.35, the item's own figure, not the 352.67 printed here
    ("judgement.impossible_change", 2024, "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数"
     "增加0.53%。主要原因是：住房公积金经费增加。", "增长1.19%"),
    # shehuifuliyuan_2024_unit_budget p.16
    ("judgement.incomplete_sentence", 2024, "（二）公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。其中：公务用车"
     "购置费0.00万元，与2023年预算持平，主要原因是无此项支出。", None),
    # shehuifuliyuan_2024_unit_budget p.6: a 2024 report with the 类 name retired in 2019
    ("judgement.outdated_subject", 2024, "5.“医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”50.37万元，"
     "主要用于人员医疗保险。", "卫生健康支出（类）"),
    # shengrendabangongting_2018_dept_budget p.25
    ("judgement.punctuation", 2018, "主要原因是退休人员工资由社保部门统一发放，不再列入本部门预算中，减少了该项支出。。", None),
]


@pytest.mark.parametrize("rule_id,year,text,expected", PUBLISHED, ids=[p[0].split(".")[1] for p in PUBLISHED])
def test_published_sentences(rule_id, year, text, expected):
    (f,) = run(report(text, year=year), rule_id)
    if expected is not None:
        assert f.expected == expected
    others = JUDGEMENT - {rule_id, "judgement.document_noun"}
    assert list(run_rules(Context(report(text, year=year)), only=others)) == []  # and nothing else fires


@pytest.mark.parametrize("pdf", sorted(DATA.glob("*.pdf")), ids=lambda p: p.stem)
def test_no_judgement_warning_on_the_parsed_samples(pdf):
    """End to end: the parser's paragraphs and cells (line breaks, page breaks, spacing) raise no false judgement."""
    from test_narrative_rules import audited  # the parse is shared with the narrative tests in one process

    report, findings = audited(pdf)
    assert report.narrative_found
    known = SEED if pdf.stem == "seed_2023" else []  # the seed's real problems, pinned in test_judgement_forms
    assert [f.message for f in findings if f.rule in JUDGEMENT and (f.rule, f.project, where(f)) not in known] == []


def test_passage_reads_full_width_digits_as_digits():
    # ２０２３ (U+FF12 U+FF10 U+FF12 U+FF13) is 2023; full-width punctuation stays as printed; the offsets map
    # back to the printed string with its spaces
    p = judgement.Passage.of("截至 ２０２３年１２月３１日，０．５")
    assert p.text == "截至2023年12月31日，0．5"
    assert p.index[2] == 3 and p.index[-1] == len("截至 ２０２３年１２月３１日，０．５") - 1


def test_passage_locates_a_position_on_its_printed_line():
    # two printed lines: "一二 三" (offsets 0–3) on page 3, "四五" (from offset 4) on page 4; whitespace is
    # dropped from the text but the offsets map back to the printed string
    p = judgement.Passage.of("一二 三四五", [(0, Prov(3)), (4, Prov(4))])
    assert p.text == "一二三四五"
    assert [p.prov(i).page for i in range(5)] == [3, 3, 3, 4, 4]
    assert p.prov(5).page == 4 and p.prov(99).page == 4  # the end of the passage (a hit that ends there)


def test_the_sentence_of_a_typo_starts_after_the_nearest_mark():
    from budgetlib.checks.judgement import sentence_at

    text = "收入增加。支出减少；其他支出增减少1.00万元；结余持平。"
    assert sentence_at(text, text.index("增减少")) == "其他支出增减少1.00万元；"
    assert sentence_at(text, 1) == "收入增加。"


def test_a_year_of_an_earlier_sentence_does_not_make_a_figure_another_years():
    from budgetlib.checks.judgement import _other_year

    text = "2022年支出100.00万元。本年支出120.00万元；2022年为100.00万元"
    assert not _other_year(text, text.index("120.00"), 2023)  # the 2022 is the sentence before's
    assert _other_year(text, text.rindex("100.00"), 2023)  # after the ；, 2022 names this figure's year


def test_a_passage_is_quoted_with_twelve_characters_either_side():
    from budgetlib.checks.judgement import Passage

    p = Passage.of("甲" * 20 + "。。" + "乙" * 20)
    assert p.around(20, 22) == "…" + "甲" * 12 + "。。" + "乙" * 12 + "…"
    assert p.around(0, 2) == "甲" * 14 + "…"  # at the start: nothing cut before it
    assert Passage.of("支出增加。。").around(4, 6) == "支出增加。。"


def test_an_item_label_naming_a_change_is_no_item():
    from budgetlib.checks.judgement import item_label

    text = "其中：办公费12.00万元，比上年增加经费3.00万元。"
    assert item_label(text, text.index("12.00")) == "办公费"
    assert item_label(text, text.index("3.00")) is None  # 比上年增加经费: a change, not an item


# ---------------------------------------------------------------- issue 20: the decisions each mutant changed


def test_full_width_nine_reads_as_nine():
    """Every full-width digit ０–９ is read as its ASCII digit, the last one (９) included."""
    assert judgement.Passage.of("１９９９年，９．９").text == "1999年，9．9"


def test_passage_prov_at_and_past_the_end_is_the_last_characters_line():
    """A position at the last character, or past the end (a hit that ends there), is on the line of the
    passage's last character, even when that character is alone on its line."""
    p = judgement.Passage.of("一二三\n四", [(0, Prov(3)), (4, Prov(4))])
    assert [p.prov(i).page for i in (0, 2, 3, 4, 99)] == [3, 3, 4, 4, 4]


def test_where_without_a_position_is_the_passages_first_character():
    """Passage.where() (no position) is where the passage starts; a passage with nothing printed but
    spaces is placed at the start of its first line."""
    p = judgement.Passage.of("一\n二", [(0, Prov(3, (1, 2, 3, 4))), (1, Prov(4, (1, 20, 3, 24)))])
    assert (p.where()["page"], p.where()["bbox"]) == (3, (1, 2, 3, 4))
    blank = judgement.Passage.of(" \n", [(0, Prov(3, (1, 2, 3, 4))), (1, Prov(4, (1, 20, 3, 24)))])
    assert blank.text == "" and blank.prov(0).page == 3


@pytest.mark.parametrize("text,mark,message", [
    ("甲" * 15 + "（" + "乙" * 15, "（", "括号不成对：“（”未闭合（…" + "甲" * 12 + "（" + "乙" * 12 + "…）"),
    ("甲" * 15 + "》" + "乙" * 15, "》", "书名号不成对：“》”没有对应的前半（…" + "甲" * 12 + "》" + "乙" * 12 + "…）"),
])
def test_an_unpaired_mark_says_which_half_is_missing_with_twelve_characters_either_side(text, mark, message):
    """An opener never closed is 未闭合, a closer without an opener 没有对应的前半; the mark is quoted with
    twelve characters of text on each side of it."""
    (f,) = run(report(text), "judgement.punctuation")
    assert (f.stated, f.message) == (mark, message)


@pytest.mark.parametrize("sub_page,page", [(4, 4), (None, 3)])
def test_a_subsection_title_is_placed_on_its_own_page_else_its_sections(sub_page, page):
    """A finding in a subsection's title is on the subsection's page; without one, on its section's."""
    sec = Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", page=3, paragraphs=["甲。"],
                  subsections=[Subsection("（一）总体情况。。", ["乙。"], page=sub_page)])
    (f,) = run(Report(year=2023, sections=[sec]), "judgement.punctuation")
    assert (f.section, f.page) == (5, page)


def test_the_renamings_are_read_from_subjects_yaml():
    """renamed_subjects() is the list in budgetlib/checks/subjects.yaml, every entry of it (read afresh)."""
    import yaml

    data = yaml.safe_load(judgement.SUBJECTS_FILE.read_text(encoding="utf-8"))
    judgement.renamed_subjects.cache_clear()
    got = judgement.renamed_subjects()
    assert got == tuple(judgement.Renamed(r["old"], r["new"], r["since"]) for r in data["renamed"])
    assert len(got) >= 3


def test_an_old_name_in_the_year_of_the_renaming_is_already_outdated():
    """报告年度 ≥ 更名年度: a 2019 report (the year 卫生健康支出 took effect) must use the new name."""
    (f,) = run(report("医疗卫生与计划生育支出131.79万元。", year=2019), "judgement.outdated_subject")
    assert (f.stated, f.expected) == ("医疗卫生与计划生育支出", "卫生健康支出")


def test_an_old_name_is_placed_in_the_message_as_说明_目录_or_the_table():
    """The message says where the old name is printed: the 说明 (a section), the 目录 or a heading, or the
    table by its label (附表5)."""
    row = Row(key="210", code="210", name="医疗卫生与计划生育支出", level="类")
    sch = Schedule(key="gp_expense", no=5, numbered=True, title="一般公共预算财政拨款支出决算表", rows=[row])
    rep = report("医疗卫生与计划生育支出131.79万元。", year=2021, schedules={"gp_expense": sch},
                 toc=["医疗卫生与计划生育支出情况"], toc_page=1)
    found = run(rep, "judgement.outdated_subject")
    assert sorted(f.message.split("中“")[0] for f in found) == ["目录或标题", "说明", "附表5"]


def test_a_clause_mark_opening_the_paragraph_is_not_part_of_the_item():
    """The item named before an amount starts after the last clause mark, also when that mark is the
    paragraph's first character: the same item twice with two amounts is still found."""
    text = "，办公费12.00万元；办公费21.00万元。"
    assert judgement.item_label(text, text.index("12.00")) == "办公费"
    (f,) = run(report(text), "judgement.two_amounts")
    assert (f.stated, f.expected) == ("21.00万元", "12.00万元")


@pytest.mark.parametrize("text,expected", [
    # 11.04 ÷ 13.06 = 84.53%; with each printed figure ±0.005 the rate spans 84.42–84.64: 84.41 is outside it
    ("本年收入24.10万元，上年13.06万元，增长84.41%。", "增长84.53%"),
    # the prior year of 0.80 (≤ 1) is still a figure: 0.70 ÷ 0.80 = 87.50%
    ("本年收入1.50万元，上年0.80万元，增长50.00%。", "增长87.50%"),
    # a 230万元 may be 229.5–230.5: the rate spans 14.46–14.97, and 20.00 is outside it
    ("本年收入230万元，上年200.50万元，增长20.00%。", "增长14.71%"),
])
def test_a_rate_just_outside_what_the_rounded_figures_allow(text, expected):
    """变动率 outside the range the two printed figures allow (each ± half its last digit) is impossible."""
    (f,) = run(report(text), "judgement.impossible_change")
    assert f.expected == expected


@pytest.mark.parametrize("text", [
    "本年收入24.10万元，上年13.06万元，增长84.45%。",  # near the low end of 84.42–84.64
    "本年收入24.10万元，上年13.06万元，增长84.60%。",  # near the high end
    # 1.50 and 1.00 are each ±0.005: 0.49 ÷ 1.005 = 48.76% … 0.51 ÷ 0.995 = 51.26%
    "本年收入1.50万元，上年1.00万元，增长51.00%。",
    # 230万元 is 229.5–230.5: (230.49 − 200.50) ÷ 200.50 = 14.96% is a possible truth
    "本年收入230万元，上年200.50万元，增长14.96%。",
    "公务接待费支出10.00万元，比2022年度10.00万元增长0.00%。",  # no change, and a rate of none
    "本年收入10.00万元，上年0.00万元，增长100.00%。",  # from nothing: no rate to check
    "本年支出1.20亿元，上年10000.00万元，增长20.00%。",  # two units: not compared as printed (it is right)
])
def test_rates_the_rounded_figures_allow_and_figures_not_compared(text):
    """Within the rounding of the printed figures, a zero change stated as 0.00%, a prior year of 0 and two
    figures in different units: no impossible change."""
    assert run(report(text), "judgement.impossible_change") == []


def test_an_impossible_change_in_a_later_sentence_is_placed_on_its_line():
    """A second sentence's rate is placed (page, box, quote) where it is printed, not by its offset in the
    sentence alone."""
    first = "2023年度收入合计100.00万元，其中财政拨款收入90.00万元，事业收入10.00万元。"
    second = "本年收入3845.49万元，上年3000.00万元，增长17.62%。"
    provs = [[(0, Prov(3, (90.0, 100.0, 500.0, 112.0))), (len(first), Prov(4, (90.0, 60.0, 500.0, 72.0)))]]
    sec = Section(no=1, title="一、收入支出决算总体情况说明", paragraphs=[first + second], page=3, line_provs=provs)
    (f,) = run(Report(year=2023, sections=[sec]), "judgement.impossible_change")
    assert (f.page, f.bbox, f.expected) == (4, (90.0, 60.0, 500.0, 72.0), "增长28.18%")
    assert f.message.endswith("（…上年3000.00万元，增长17.62%。）")


BUDGET_SENTENCE = "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。"


@pytest.mark.parametrize("kind,sentence,fires", [
    # the budget's own yoy_prior claim holds this clause (its sentence runs to the 。 across the ；)
    ("yoy_prior", "一、基本支出；" + BUDGET_SENTENCE, False),
    ("yoy_prior", BUDGET_SENTENCE, False),
    # a claim of another kind on the sentence does not hand it over
    ("amount", BUDGET_SENTENCE, True),
    # a yoy_prior claim on another sentence leaves this one to this rule
    ("yoy_prior", "2022年当年预算执行数为5.00万元，2023年预算安排5.00万元，与上年持平。", True),
])
def test_a_budgets_yoy_prior_sentence_is_budget_yoy_priors(kind, sentence, fires):
    """A clause that a budget's yoy_prior claim reads is budget.yoy_prior's to judge (an error there); any
    other clause, or one only another kind of claim reads, is judged here."""
    rep = report("一、基本支出；" + BUDGET_SENTENCE,
                 claims=[Claim(id="c1", section=1, kind=kind, sentence=sentence)])
    assert bool(run(rep, "judgement.impossible_change")) == fires


@pytest.mark.parametrize("toc,page_map,blank,pages", [
    # the body (第一部分) starts on page 6: pages 3 and 4 both lie between the 目录 and it
    (2, {"part1": [6, 7]}, [3, 4], [3, 4]),
    # where the body starts is not known: only the page right after the 目录 is surely before it
    (2, {}, [3], [3]),
    (2, {}, [4], []),
    # the body starts on the 目录's own page (检察院 2018 prints 第一部分 under its 目录): a blank page 3 is
    # inside the body, not between the two
    (2, {"part1": [2, 3, 4]}, [3], []),
])
def test_blank_pages_between_the_toc_and_the_body(toc, page_map, blank, pages):
    """Every blank page after the 目录 page and before the body's first page is reported; without a known
    body, only the page right after the 目录."""
    found = run(report("无。", toc_page=toc, page_map=page_map, blank_pages=blank), "judgement.blank_page")
    assert [f.page for f in found] == pages


@pytest.mark.parametrize("text,pos,sentence", [
    ("。收入增加", 2, "收入增加"),  # a mark opening the text ends the sentence before
    ("；减增加1.00万元", 1, "减增加1.00万元"),
    ("。收入增加", 0, "。"),  # a mark ends the sentence it is on, even at offset 0
    ("收入增加。支出减少。", 4, "收入增加。"),
])
def test_the_sentence_at_a_position(text, pos, sentence):
    """sentence_at: from after the last 。；; before the position to the first one at or after it."""
    assert judgement.sentence_at(text, pos) == sentence
