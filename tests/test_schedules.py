"""附表 extraction against the truth files: every cell of every schedule, plus layouts the corpus
does not print (tables over several pages, no repeated header, 元, a missing schedule, variant titles)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import DATA, corpus_cases, truth_of
from schedule_pdf import render, render_table, text_width
from schedulematch import score_tables

from budgetlib import templates
from budgetlib.model import Cell, Column, Report, Row, Schedule
from budgetlib.parse import schedule_layouts
from budgetlib.parse.schedule_ambiguity import Pending, readings, settle
from budgetlib.parse.schedule_catalog import classify_title, clean_title
from budgetlib.parse.schedule_layouts import LEVELS
from budgetlib.parse.schedules import parse_schedules, read_grid
from budgetlib.pdf.document import open_document
from budgetlib.pdf.grid import Grid, GridCell, GridRow, page_grids, stitch

SICHUAN = templates.get("sichuan_unit")
SK = {t.ordinal: t.key for t in SICHUAN.tables}
SAMPLES = sorted(p for p in DATA.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def _parse(path):
    with open_document(path) as doc:
        report = Report(path=str(path))
        report.schedules = parse_schedules(doc, report)
        grids = {s.no: [g.text_rows() for p in s.pages for g in page_grids(doc.page(p), p)]
                 for s in report.schedules.values() if s.present}
    return report, grids


@pytest.fixture(scope="module")
def parsed():
    return {p.name: _parse(p) for p in SAMPLES}


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_every_cell_matches_truth(parsed, pdf):
    report, _ = parsed[pdf.name]
    score = score_tables(report.schedules, truth_of(pdf))
    assert score.misses == []
    assert score.total > 200


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_grid_is_the_printed_grid(parsed, pdf):
    """The generic grid reader returns exactly the printed cells (merged text top-left)."""
    _, grids = parsed[pdf.name]
    display = truth_of(pdf)["display"]
    for no, rows in grids.items():
        assert len(rows) == 1, f"table {no} found on several pages"
        assert rows[0] == display[str(no)]["rows"], f"table {no}"


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_provenance_and_metadata(parsed, pdf):
    report, _ = parsed[pdf.name]
    truth = truth_of(pdf)
    pages = report.page_map["schedules"]
    assert [s.pages[0] for s in report.schedules.values()] == sorted(s.pages[0] for s in report.schedules.values())
    for s in report.schedules.values():
        t = truth["tables"][str(s.no)]
        assert (s.title, s.unit, s.layout) == (t["title"], t["unit"], t["layout"])
        assert [(c.key, c.label) for c in s.columns] == [(c["key"], c["label"]) for c in t["columns"]]
        assert s.confidence == 1.0 and set(s.pages) <= set(pages)
        for row in s.all_rows():
            assert row.prov and row.prov.page in s.pages
            for cell in row.values.values():
                x0, top, x1, bottom = cell.bbox
                assert cell.page in s.pages and x0 < x1 and top < bottom
                assert row.prov.bbox[1] - 1 <= top and bottom <= row.prov.bbox[3] + 1
        truth_rows = t.get("rows") or t["left"] + t["right"]
        assert [(r.name, r.code or "", r.level) for r in s.all_rows()] == [
            (r["name"], r.get("code") or "", r.get("level")) for r in truth_rows]
    assert report.problems == []


def test_cell_provenance_points_at_the_printed_figure(parsed):
    report, _ = parsed["seed_2023.pdf"]
    cell = report.schedules[SK[1]].cell("in.grand", "amount")
    with open_document(DATA / "seed_2023.pdf") as doc:
        printed = doc.page(cell.page).crop(cell.bbox).extract_text()
    assert printed.strip() == cell.text == "2133.59"


# ---------------------------------------------------------------- layouts the corpus does not have


@pytest.fixture(scope="module")
def case_008_truth():
    return truth_of(DATA / "case_008.pdf")


def _parse_synthetic(tmp_path_factory, truth, name, **options):
    path = render(truth, tmp_path_factory.mktemp("syn") / f"{name}.pdf", **options)
    report, _ = _parse(path)
    return report


@pytest.mark.parametrize("label", ["决算数", "金额"])
def test_a_sub_header_under_every_column_does_not_name_the_columns(tmp_path_factory, case_008_truth, label):
    """决算数 printed under each figure column (national reports) tells no column from another: each is
    still keyed by its own header, none read as 合计 or as zeros."""
    report = _parse_synthetic(tmp_path_factory, case_008_truth, f"sub{label}", subheader=label)
    score = score_tables(report.schedules, case_008_truth)
    assert score.misses == []
    assert not [p.message for p in report.problems if "栏目未识别" in p.message]


@pytest.mark.parametrize("repeat", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_tables_over_several_pages_are_stitched(tmp_path_factory, case_008_truth, repeat):
    report = _parse_synthetic(tmp_path_factory, case_008_truth, f"tall{repeat}", tall=(2, 8), repeat_header=repeat)
    assert len(report.schedules[SK[2]].pages) == 2 and len(report.schedules[SK[8]].pages) >= 2
    score = score_tables(report.schedules, case_008_truth)
    assert score.misses == []
    rows = report.schedules[SK[8]].rows
    assert {r.prov.page for r in rows} == set(report.schedules[SK[8]].pages)


@pytest.mark.parametrize("repeat", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_tables_printed_one_after_another(tmp_path_factory, repeat):
    """No page breaks: several tables on a page, tables cut anywhere (inside the header too), titles
    left at the foot of a page, a 注 carried over to the next page."""
    truth = truth_of(DATA / "case_009.pdf")
    report = _parse_synthetic(tmp_path_factory, truth, f"flow{repeat}", flow=True, repeat_header=repeat)
    assert len({s.pages[0] for s in report.schedules.values()}) < 13
    assert any(len(s.pages) > 1 for s in report.schedules.values())
    assert score_tables(report.schedules, truth).misses == []
    assert report.problems == []


UNRULED = {
    "one-per-page": ("case_008", {}),
    "over-pages-header-repeated": ("case_008", {"tall": (2, 8), "repeat_header": True}),
    "over-pages-header-not-repeated": ("case_008", {"tall": (2, 8), "repeat_header": False}),
    "one-after-another": ("case_009", {"flow": True, "repeat_header": True}),
    "one-after-another-header-not-repeated": ("case_009", {"flow": True, "repeat_header": False}),
}


@pytest.mark.parametrize("layout", list(UNRULED))
def test_tables_without_ruling_lines(tmp_path_factory, layout):
    """The same tables printed with no ruling line at all read back to every truth cell: columns from
    the header labels and the alignment of text and figures, rows from baselines (a 科目名称 wrapped over
    two lines with its figures between them is one row), a continuation page in the columns of the part
    before, an empty table's header over nothing printed."""
    case, options = UNRULED[layout]
    truth = truth_of(DATA / f"{case}.pdf")
    report = _parse_synthetic(tmp_path_factory, truth, f"unruled-{layout}", ruled=False, **options)
    assert score_tables(report.schedules, truth).misses == []
    assert all(s.confidence == 1.0 for s in report.schedules.values() if s.present)
    assert report.problems == []
    if options.get("tall"):
        assert len(report.schedules[SK[2]].pages) == 2 and len(report.schedules[SK[8]].pages) >= 2


def test_yuan_missing_schedule_and_variant_titles(tmp_path_factory, case_008_truth):
    titles = {8: "一般公共预算财政拨款基本支出决算表", 13: "一般公共预算财政拨款“三公”经费支出决算表",
              3: "支出决算表（续）", 6: "一般公共预算财政拨款出决算表"}
    report = _parse_synthetic(tmp_path_factory, case_008_truth, "variants", yuan=True, skip=(9,), titles=titles)
    s = report.schedules
    assert not s[SK[9]].present and s[SK[9]].layout == "classification" and s[SK[9]].rows == []
    assert s[SK[8]].title == titles[8] and s[SK[3]].title == "支出决算表" and s[SK[13]].present
    # each table keeps the unit it is printed in, its cells as printed; 万元 only in the arithmetic
    assert all(x.unit == "元" for x in s.values() if x.present)
    score = score_tables(s, case_008_truth)
    assert [m for m in score.misses if not m[0].startswith("9.")] == []
    assert s[SK[1]].cell("in.gp", "amount").text == "55738600.00"
    assert report.amount(SK[1], "in.gp", "amount") == Decimal("5573.86")


# The figures of the misreading reported on a Jiangsu-style 元 table: 合计 "28,775,800.00" printed as
# "28,775,800." | "00" in its narrow column, the first line running over the ruling into 基本支出
# "28,775,800.00" and read with it as 287758002877.58 万元.
WRAPPED_ROWS = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["栏次", "", "1", "2", "3"],
    ["合计", "", "35,757,800.\n00", "28,775,800.00", "6,982,000.00"],
    ["201", "一般公共服务支出", "35,757,800.\n00", "28,775,800.00", "6,982,000.00"],
    ["20101", "人大事务", "28,775,800.\n00", "28,775,800.00", ""],
    ["2010101", "行政运行", "28,775,800.\n00", "28,775,800.00", ""],
    ["20102", "政协事务", "6,982,000.\n00", "", "6,982,000.00"],
    ["2010201", "行政运行", "6,982,000.\n00", "", "6,982,000.00"],
]


@pytest.mark.parametrize("align", ["LEFT", "RIGHT"])
def test_wrapped_yuan_figure_over_its_ruling_reads_in_its_own_cell(tmp_path, align):
    """The first line of a wrapped figure runs over the ruling and touches the next cell's figure
    (left-aligned) or the row label (right-aligned); each cell still reads exactly what it prints."""
    from budgetlib.pdf.cells import page_grids as form_grids

    narrow = text_width("35,757,800.") + 0.5  # the first line is wider than the cell
    pdf = render_table(tmp_path / "t6.pdf", "一般公共预算财政拨款支出决算表", "元", WRAPPED_ROWS,
                       [50, 90, narrow, 60, 60], align=align)
    printed = [[t.replace("\n", "") for t in r] for r in WRAPPED_ROWS]
    with open_document(pdf) as doc:
        (grid,) = page_grids(doc.page(1), 1)
        assert grid.text_rows() == printed
        (form_grid,) = form_grids(doc.page(1), 1)  # the 自评表 reader assembles cells from the same glyphs
        if align == "LEFT":  # (it places runs by their start: right-aligned overflow is not its layout)
            assert [r.texts() for r in form_grid.rows] == printed
    report, _ = _parse(pdf)
    assert report.problems == []
    sched = report.schedules[SK[6]]
    assert (sched.unit, sched.dp) == ("元", 2)  # the cells as printed (in 元), 万元 only in the arithmetic
    assert _values(sched) == {
        "total": {"total": "35757800.00", "basic": "28775800.00", "project": "6982000.00"},
        "201": {"total": "35757800.00", "basic": "28775800.00", "project": "6982000.00"},
        "20101": {"total": "28775800.00", "basic": "28775800.00", "project": "0.00"},
        "2010101": {"total": "28775800.00", "basic": "28775800.00", "project": "0.00"},
        "20102": {"total": "6982000.00", "basic": "0.00", "project": "6982000.00"},
        "2010201": {"total": "6982000.00", "basic": "0.00", "project": "6982000.00"},
    }
    assert report.amount(SK[6], "total", "total") == Decimal("3575.78")
    assert sched.printed(sched.cell("total", "total")) == "35,757,800.00"


def test_glued_figures_divide_where_the_grammar_allows_one_reading():
    """Two figures drawn as one string over a ruling (no break in the drawing order to cut at)."""
    from budgetlib.pdf.grid import _grammar_cut

    assert _grammar_cut("28,775,8002,877.58") == len("28,775,800")
    assert _grammar_cut("28,775,800.002,877.58") == len("28,775,800.00")
    assert _grammar_cut("28,775,800.00") is None  # one figure overflowing: never cut
    # 35,757,800.|28,775,800.00 or 35,757,800.2|8,775,800.00: no guess (the drawing order decides
    # this one on the page, see the test above)
    assert _grammar_cut("35,757,800.28,775,800.00") is None
    assert _grammar_cut("1,234.5628,775,800.00") is None


def test_amount_far_beyond_the_tables_totals_is_a_parse_problem_not_a_dozen_errors():
    """A misreading the reader could not undo (287758002877.58 万元 in a table whose 合计 is 3575.78):
    the cell keeps its text, computes nothing, and every identity through it is 'could not check'."""
    from budgetlib.checks import audit
    from budgetlib.parse.plausibility import Implausible, mark_implausible

    cols = ["total", "basic", "project"]
    values = {"total": ["3575.78", "2877.58", "698.20"], "201": ["3575.78", "2877.58", "698.20"],
              "20101": ["2877.58", "287758002877.58", "0.00"], "2010101": ["2877.58", "2877.58", "0.00"],
              "20102": ["698.20", "0.00", "698.20"], "2010201": ["698.20", "0.00", "698.20"]}
    rows = [Row(k, code="" if k == "total" else k, level="total" if k == "total" else LEVELS[len(k)],
                values={c: Cell(v) for c, v in zip(cols, vs)}) for k, vs in values.items()]
    sched = Schedule(key="gp_expense", no=6, numbered=True, columns=[Column(c, c) for c in cols], rows=rows)
    report = Report(template="sichuan_unit", schedules={"gp_expense": sched})
    mark_implausible(sched, report)
    cell = sched.cell("20101", "basic")
    assert isinstance(cell, Implausible) and cell.text == "287758002877.58" and cell.amount is None
    (problem,) = report.problems
    assert "287758002877.58" in problem.message and "不参与核对" in problem.message
    found = [f for f in audit(report) if f.rule.startswith(("table.row_sum", "table.column_sum", "table.hierarchy",
                                                            "parse."))]
    assert [f.severity for f in found if f.rule == "parse.unreadable"] == ["warning"]
    assert [f for f in found if f.severity == "error"] == []
    assert {(f.rule, f.row) for f in found if f.severity == "info"} >= {("table.row_sum", "20101"),
                                                                       ("table.hierarchy", "20101")}
    assert sched.cell("2010101", "basic").amount == Decimal("2877.58")  # the rest is left as read


def test_a_table_without_totals_gives_no_reference():
    from budgetlib.parse.plausibility import mark_implausible

    sched = Schedule(key="gp_expense", no=6, numbered=True, columns=[Column("total", "合计")],
                     rows=[Row("total", level="total", values={"total": Cell("0.00")}),
                           Row("201", code="201", level="类", values={"total": Cell("5.00")})])
    report = Report()
    mark_implausible(sched, report)
    assert report.problems == [] and sched.cell("201", "total").amount == Decimal("5.00")


def test_no_schedules_at_all(tmp_path):
    from badfiles import FAKE_REPORT, _cjk_pdf

    path = _cjk_pdf(tmp_path / "narrative_only.pdf", FAKE_REPORT)
    report, _ = _parse(path)
    assert not report.schedules_found and report.template is None
    assert report.schedules == {}  # no template matched: nothing to call missing
    assert any("决算表" in p.message for p in report.problems)


# ---------------------------------------------------------------- pieces


@pytest.mark.parametrize("text,no", [
    ("收入支出决算总表", 1), ("二、收入决算表", 2), ("支出决算表（续）", 3), ("出决算表", 3),
    ("政拨款收入支出决算总表", 4), ("财政拨款支出决算明细表", 5), ("一般公共预算财政拨款支出决算表", 6),
    ("一般公共预算财政拨款支出决算明细表", 7), ("一般公共预算财政拨款基本支出决算表", 8),
    ("一般公共预算财政拨款基本支出决算明细表 公开08表", 8), ("一般公共预算财政拨款项目支出决算明细表", 9),
    ("政府性基金预算财政拨款收入支出决算表", 10), ("国有资本经营预算财政拨款收入支出决算表", 11),
    ("国有资本经营预算财政拨款支出决算表", 12), ("财政拨款“三公”经费支出决算表", 13),
    ("一般公共预算财政拨款“三公”经费支出决算表", 13), ("13.财政拨款\"三公\"经费支出决算表……38", 13),
    ("部门预算项目支出绩效自评表（2022年度）", None), ("2022年度某县教育局部门决算", None),
    ("政府性基金预算财政拨款“三公”经费支出决算表", None),
    ("本年收入合计3595.74万元，其中：财政拨款收入决算表明", None),
])
def test_classify_title(text, no):
    known = classify_title(text)
    tdef = templates.definition(known, templates.get("sichuan_unit")) if known else None
    assert (tdef.ordinal if tdef else None) == no


def test_clean_title():
    assert clean_title("八、一般公共预算财政拨款基本支出决算表 公开08表") == "一般公共预算财政拨款基本支出决算表"
    assert clean_title("收入决算表（续）") == "收入决算表"
    assert clean_title("公开 02 表：收入预算总表") == "收入预算总表"  # 检察院 2018


def test_readings_of_garbled_figures():
    assert readings("1 234.56") == [Decimal("1234.56")]
    assert Decimal("1234.56") in readings("1.234,56")
    assert readings("abc") == []


def test_identities_decide_between_readings():
    sched = Schedule(key="gp_expense", no=6)
    tdef = templates.get("sichuan_unit").table("gp_expense")

    def row(key, code, level, total, basic, project):
        return Row(key, code=code, level=level,
                   values={"total": Cell(total), "basic": Cell(basic), "project": Cell(project)})

    sched.rows = [row("total", "", "total", "1234.56", "1000.00", "234.56"),
                  row("201", "201", "类", "1234.56", "1000.00", "234.56")]
    garbled = sched.rows[0].values["total"]
    garbled.text = "1.23456"  # the first reading, wrong
    left = settle(sched, tdef, [Pending(sched.rows[0], "total", [Decimal("1.23456"), Decimal("1234.56")])], str)
    assert left == [] and garbled.text == "1234.56"
    # no identity can settle it: first reading kept and reported back
    sched.rows[0].values["basic"].text = "999.00"
    sched.rows[1].values["total"].text = "5.00"
    left = settle(sched, tdef, [Pending(sched.rows[0], "total", [Decimal("7"), Decimal("8")])], str)
    assert len(left) == 1 and garbled.text == "7"


# ---------------------------------------------------------------- printed variants, as grids


def _grid(rows: list[list[str]], spans: tuple = (), page: int = 1, x0: float = 0.0) -> Grid:
    """A ruled grid as the reader would build it; spans as in the truth `display` (c0, r0, c1, r1)."""
    xs = [x0 + 50.0 * i for i in range(len(rows[0]) + 1)]
    ys = [100.0 + 12.0 * i for i in range(len(rows) + 1)]
    size = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for c0, r0, c1, r1 in spans}
    covered = {(r, c) for c0, r0, c1, r1 in spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(size)
    out = []
    for r, texts in enumerate(rows):
        cells: list[GridCell | None] = []
        for c, text in enumerate(texts):
            if (r, c) in covered:
                cells.append(None)
                continue
            rs, cs = size.get((r, c), (1, 1))
            cells.append(GridCell(text, (xs[c], ys[r], xs[c + cs], ys[r + rs]), page, r, c, rs, cs))
        out.append(GridRow(page, ys[r], ys[r + 1], cells))
    return Grid(out, xs, (xs[0], ys[0], xs[-1], ys[-1]), page, [(page, (xs[0], ys[0], xs[-1], ys[-1]))])


def _values(sched: Schedule) -> dict[str, dict[str, str | None]]:
    return {r.key: {k: c.text for k, c in r.values.items()} for r in sched.all_rows()}


def test_code_split_into_lei_kuan_xiang_columns():
    grid = _grid([
        ["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", "", "", "", ""],
        ["栏次", "", "", "", "1", "2", "3"],
        ["合计", "", "", "", "1,010.00", "1,000.00", "10.00"],
        ["201", "", "", "一般公共服务支出", "1,010.00", "1,000.00", "10.00"],
        ["", "03", "", "政府办公厅（室）及相关机构事务", "1,010.00", "1,000.00", "10.00"],
        ["", "", "50", "事业运行", "1,010.00", "1,000.00", "－"],
    ], spans=((0, 0, 2, 0), (3, 0, 3, 1), (4, 0, 4, 1), (5, 0, 5, 1), (6, 0, 6, 1)))
    report = Report()
    sched = read_grid(SICHUAN.by_ordinal(6), [grid], report)
    assert [(r.key, r.level) for r in sched.rows] == [("total", "total"), ("201", "类"), ("20103", "款"),
                                                      ("2010350", "项")]
    assert _values(sched)["2010350"] == {"total": "1010.00", "basic": "1000.00", "project": "0.00"}
    assert report.problems == []


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "separate"])
def test_sangong_printed_as_two_column_blocks(merged):
    # separate: the 预算数 | 决算数 groups and 公务用车… drawn over separate cells, the label in the first
    labels = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    sub = ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    grid = _grid([
        ["项目", "预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
        ["", *labels, *labels],
        ["", *sub, *sub],
        ["栏次", *map(str, range(1, 13))],
        ["金额", "10.00", "1.00", "8.00", "5.00", "3.00", "1.00", "9.00", "-", "8.00", "5.00", "3.00", "1.00"],
    ], spans=((0, 0, 0, 2), (1, 0, 6, 0), (7, 0, 12, 0), (3, 1, 5, 1), (9, 1, 11, 1)) if merged else ())
    report = Report()
    sched = read_grid(SICHUAN.by_ordinal(13), [grid], report)
    keys = ["total", "abroad", "vehicle", "vehicle_buy", "vehicle_run", "reception"]
    assert [c.key for c in sched.columns] == keys
    assert _values(sched) == {
        "budget": dict(zip(keys, ["10.00", "1.00", "8.00", "5.00", "3.00", "1.00"])),
        "actual": dict(zip(keys, ["9.00", "0.00", "8.00", "5.00", "3.00", "1.00"])),
    }


# The national 三公 table's four header rows (its title, the items, 小计 | 购置费 | 运行维护费, 预算数 |
# 决算数) as the national template prints them, with the truth files' merges.
NATIONAL_SANGONG = [
    ["财政拨款“三公”经费", *[""] * 11],
    ["合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""],
    ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""],
    ["预算数", "决算数"] * 6,
    ["37.28", "35.83", "0.00", "0.00", "30.77", "30.77", "15.77", "15.77", "15.00", "15.00", "6.51", "5.06"],
]
NATIONAL_SANGONG_SPANS = ((0, 0, 11, 0), (0, 1, 1, 2), (2, 1, 3, 2), (4, 1, 9, 1), (10, 1, 11, 2), (4, 2, 5, 2),
                          (6, 2, 7, 2), (8, 2, 9, 2))


@pytest.mark.parametrize("spans", [NATIONAL_SANGONG_SPANS, ()], ids=["merged", "separate"])
def test_national_sangong_header_read_alike_merged_or_drawn_as_separate_cells(spans):
    # separate: every header cell drawn on its own, the label in the first of a group's cells and the
    # rest blank (a spreadsheet printed with all borders); the four header rows key the same columns
    report = Report()
    sched = read_grid(templates.get("national_dept_2024").table("sangong"), [_grid(NATIONAL_SANGONG, spans)], report)
    keys = ["total", "abroad", "vehicle", "vehicle_buy", "vehicle_run", "reception"]
    assert [c.key for c in sched.columns] == keys
    assert _values(sched) == {
        "budget": dict(zip(keys, ["37.28", "0.00", "30.77", "15.77", "15.00", "6.51"])),
        "actual": dict(zip(keys, ["35.83", "0.00", "30.77", "15.77", "15.00", "5.06"])),
    }
    assert report.problems == [] and sched.confidence == 1.0


def test_of_two_header_readings_the_one_the_identities_bear_out_wins():
    # two readings that key every column, 小计 and 公务用车购置费 swapped in the second: under it the
    # 小计 = 购置费 + 运行维护费 and 合计 = Σ items identities break, so the first is the table's
    tdef = templates.get("national_dept_2024").table("sangong")
    grid = _grid([
        ["项目", "合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"],
        ["预算数", "10.00", "1.00", "8.00", "5.00", "3.00", "1.00"],
        ["决算数", "9.00", "1.00", "7.00", "4.00", "3.00", "1.00"],
    ])
    right = [["项目"], ["合计"], ["因公出国（境）费"], ["小计"], ["公务用车购置费"], ["公务用车运行维护费"], ["公务接待费"]]
    wrong = [right[0], right[1], right[2], right[4], right[3], right[5], right[6]]
    report = Report()
    sched = Schedule(key="sangong", layout="sangong")
    for choices in ([wrong, right], [right, wrong]):
        got = schedule_layouts._likeliest(choices, [""] * 7, sched, tdef, grid, 1, "万元", report, {})
        assert got is right
    assert report.problems == [] and sched.rows == []  # the trials leave the report and the table as they were


def test_basic_expenditure_printed_as_side_by_side_blocks():
    grid = _grid([
        ["人员经费", "", "", "公用经费", "", ""],
        ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
        ["301", "工资福利支出", "100.00", "302", "商品和服务支出", "20.00"],
        ["30101", "基本工资", "100.00", "30201", "办公费", "20.00"],
    ], spans=((0, 0, 2, 0), (3, 0, 5, 0)))
    sched = read_grid(SICHUAN.by_ordinal(8), [grid], Report())
    assert [(r.key, r.level) for r in sched.rows] == [("301", "类"), ("30101", "款"), ("302", "类"), ("30201", "款")]
    assert sched.row("30201").get("total").text == "20.00"


def test_stitch_drops_a_repeated_header_and_realigns_columns():
    header = [["科目编码", "科目名称", "合计"], ["栏次", "", "1"]]
    first = _grid([*header, ["合计", "", "3.00"], ["201", "一般公共服务支出", "3.00"]])
    repeated = _grid([*header, ["20103", "政府办公厅（室）及相关机构事务", "3.00"]], page=2, x0=10.0)
    bare = _grid([["2010350", "事业运行", "3.00"]], page=3)
    grid = stitch([first, repeated, bare], header_rows=2)
    assert [r.texts()[0] for r in grid.rows] == ["科目编码", "栏次", "合计", "201", "20103", "2010350"]
    assert grid.pages == [1, 2, 3] and [p for p, _ in grid.parts] == [1, 2, 3]


# ---------------------------------------------------------------- whole corpus


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_corpus_cell_accuracy(pdf):
    report, _ = _parse(pdf)
    score = score_tables(report.schedules, truth_of(pdf))
    assert score.ratio >= 0.999, score.misses[:10]
