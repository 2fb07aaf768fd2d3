"""budgetlib.present: recomputed scores, charts, highlighted cells, page images, the cache, the views.

Expected values come from the corpus truth files (their `errors` list and `prior` figures), never from
an earlier run of this code.
"""

from __future__ import annotations

import io
import json
import pickle
import re
import warnings
from decimal import Decimal

import pdfplumber
import pytest
from conftest import DATA, corpus_cases, truth_of
from IPython.display import Image as IPImage
from PIL import Image

from budgetlib import cache
from budgetlib.model import Cell, Finding, Prov, Report, Schedule
from budgetlib.present import charts, frames, pages, styling
from budgetlib.present import recompute as rc
from budgetlib.present.fonts import cjk_font_name
from budgetlib.present.locate import locate
from budgetlib.present.view import UnitView

SEED_TRUTH = DATA / "seed_2023.truth.json"


def truth_findings(truth: dict) -> list[Finding]:
    """The truth file's errors as the Findings a perfect rule set would emit."""
    out = []
    for e in truth["errors"]:
        loc = {k: v for k, v in e["location"].items() if k in Finding.__dataclass_fields__}
        sev = "warning" if e.get("within_rounding") or e.get("truncated") else "error"
        out.append(Finding(rule=e["rule"], severity=sev, message=f"{e['rule']} <{e['expected']}>",
                           stated=e.get("stated"), expected=e.get("expected"), **loc))
    return out


@pytest.fixture(scope="module")
def seed() -> tuple[Report, list[Finding]]:
    truth = json.loads(SEED_TRUTH.read_text(encoding="utf-8"))
    return Report.from_truth(truth), truth_findings(truth)


# ---------------------------------------------------------------- recomputed score arithmetic


def _errors(truth: dict, rule: str) -> dict[tuple, dict]:
    return {(e["location"]["project"], e["location"].get("row")): e for e in truth["errors"] if e["rule"] == rule}


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_recomputed_rates_and_scores_agree_with_truth(pdf):
    truth = truth_of(pdf)
    report = Report.from_truth(truth)
    rate_err = _errors(truth, "perf.exec_rate")
    score_err = _errors(truth, "perf.budget_score")
    total_err = {k[0]: e for k, e in _errors(truth, "perf.total").items()}
    for form in report.forms:
        for row in form.funds:
            if row.rate.blank or row.executed.amount is None or row.adjusted.amount is None:
                continue
            e = rate_err.get((form.index, row.name.removeprefix("其中：")))
            expected = e["expected"] if e else row.rate.text
            assert rc.percent_text(rc.exec_rate(row)) == expected, (form.index, row.name)
        total_row = form.fund("总额")
        e = score_err.get((form.index, "总额"))
        if e is not None and e["expected"] and e["expected"][0].isdigit():
            assert rc.budget_score(form) == Decimal(e["expected"]), form.index
        elif total_row is not None and not total_row.score.blank and e is None:
            assert rc.budget_score(form) == total_row.score.amount, form.index
        e = total_err.get(form.index)
        if e is not None:
            assert rc.total_score(form) == Decimal(e["expected"]), form.index
        elif form.total is not None and not form.total.score.blank and not any(
                k[0] == form.index for k in score_err):
            assert rc.total_score(form) == form.total.score.amount, form.index


def test_score_frame_shows_blank_total_beside_recomputed(seed):
    report, _ = seed
    df = frames.score_frame(report.forms[8])  # 工资性支出: 合计 and 预算执行得分 left blank
    assert df.loc["total", "stated"] == frames.BLANK
    assert df.loc["total", "recomputed"] == "99.96"
    assert df.loc["budget", "recomputed"] == "9.96"
    assert df.loc["weights", "recomputed"] == "90"


# ---------------------------------------------------------------- charts


def test_cjk_font_registered_and_renders_without_missing_glyphs(seed):
    assert cjk_font_name() == "Noto Sans CJK SC"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(1, 7):
            data = charts.chart_data(seed[0], n)
            charts.png(charts.draw(data))
    assert not [w for w in caught if "missing from" in str(w.message)]


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_change_charts_recover_prior_year_figures(pdf):
    truth = truth_of(pdf)
    report = Report.from_truth(truth)
    broken = {e["location"].get("section") for e in truth["errors"] if e["rule"].startswith("narrative.")}
    for number, key in ((1, "grand"), (4, "fiscal_grand"), (5, "gp_exp")):
        if number in broken or key not in (truth.get("prior") or {}):
            continue
        data = charts.chart_data(report, number)
        assert data.values[0] == Decimal(truth["prior"][key]), number
        assert data.labels == [f"{truth['year'] - 1}年", f"{truth['year']}年"]


def test_structure_charts_use_schedules_then_claims(seed):
    report, _ = seed
    data = charts.chart_data(report, 2)
    assert data.labels == ["一般公共预算财政拨款收入", "事业收入", "经营收入"]
    assert data.values == [Decimal("84.05"), Decimal("11.70"), Decimal("670.78")]
    assert data.shares() == [Decimal("10.96"), Decimal("1.53"), Decimal("87.51")]  # as section 二 states
    without = Report.from_truth(SEED_TRUTH)
    del without.schedules["income_expense_summary"], without.schedules["expense"]
    assert charts.chart_data(without, 2).values == data.values
    assert charts.chart_data(without, 2).source.startswith("情况说明二")
    assert charts.chart_data(without, 3).values == [Decimal("84.05"), Decimal("55.85"), Decimal("1854.98")]
    assert charts.chart_data(Report(), 1) is None and charts.chart_data(Report(), 6) is None


def test_a_pie_with_a_slice_not_read_is_not_drawn():
    """A pie drawn without a slice that is printed would show every other share wrong: one cell of the
    收入 side not read and 图2 is not drawn (the view says it could not read its figures), never a pie
    of the rest."""
    from budgetlib.model import Cell

    report = Report.from_truth(SEED_TRUTH)
    row = next(r for r in report.schedules["income_expense_summary"].left if r.name.endswith("事业收入"))
    row.values["amount"] = Cell()  # not read
    assert charts.chart_data(report, 2) is None
    assert "未能从附表或情况说明读取" in _view(report, []).chart(2).text()

def test_chart_png_is_reproducible(seed):
    data = charts.chart_data(seed[0], 1)
    assert charts.png(charts.draw(data)) == charts.png(charts.draw(data))


# ---------------------------------------------------------------- highlighting


def test_form_summary_marks_seed_defects(seed):
    report, findings = seed
    marks = styling.summary_marks(findings)
    assert marks[(3, "rate")] == "warning"  # 84.55% stated, 84.53% recomputed (within rounding)
    assert marks[(7, "score")] == "error"  # 预算执行得分 blank
    assert marks[(9, "total")] == "error"  # 合计 blank
    assert marks[(4, "other")] == "error"  # 项目收入 ≥230 with 229.5, scored in full
    assert (1, "rate") not in marks
    df = frames.forms_summary(report, findings)
    css = styling.cell_styles(df, marks)
    assert css.loc[3, "rate"] == styling.CSS["warning"]
    assert css.loc[9, "total"] == styling.CSS["error"] and df.loc[9, "total"] == frames.BLANK
    assert css.loc[1, "rate"] == ""


def test_indicator_and_fund_cells_marked(seed):
    report, findings = seed
    ind = styling.cell_styles(frames.indicators_frame(report.forms[3]), styling.indicator_marks(findings, 4))
    assert ind.loc[4, "score"] == styling.CSS["error"]
    assert (ind.loc[[1, 2, 3]] == "").all().all()
    funds = styling.cell_styles(frames.funds_frame(report.forms[2]), styling.fund_marks(findings, 3))
    assert funds.loc["单位资金", "rate"] == styling.CSS["warning"]
    assert funds.loc["总额", "executed"] == ""


def test_table_marks_paint_the_stated_cell_and_mark_its_counterpart():
    f = Finding(rule="table.cross", severity="error", message="x", table=2, row="total", column="total",
                other={"table": 1, "row": "in.total_year", "column": "amount"})
    assert styling.table_marks([f], 2) == {("total", "total"): "error"}
    # the other table's cell was compared with the wrong one; it is not itself found wrong
    assert styling.table_marks([f], 1) == {("in.total_year", "amount"): styling.COUNTERPART}
    assert styling.CSS[styling.COUNTERPART] not in (styling.CSS["error"], styling.CSS["warning"])


def test_a_narrative_figure_found_wrong_leaves_its_table_cell_a_counterpart():
    # the text's 0.3 disagrees with the table's 总计 2961.68: the text is wrong, the cell is its counterpart
    f = Finding(rule="narrative.table_mismatch", severity="error", message="x", section=4, table="fiscal_summary",
                row="in.grand", column="amount", other={"claim": "s4.total"})
    assert styling.table_marks([f], "fiscal_summary") == {("in.grand", "amount"): styling.COUNTERPART}
    info = Finding(rule="narrative.table_mismatch", severity="info", message="无法核对", section=4,
                   table="fiscal_summary", row="in.grand", column="amount", other={"claim": "s4.total"})
    assert styling.table_marks([info], "fiscal_summary") == {}


def test_styled_html_is_escaped_and_stable(seed):
    _, findings = seed
    df = frames.findings_frame(findings)
    html1 = styling.style(df, "t").to_html()
    assert html1 == styling.style(frames.findings_frame(findings), "t").to_html()
    assert "&lt;20" in html1 and "<20" not in html1.replace("&lt;20", "")
    assert 'id="T_t"' in html1


def test_cell_styles_inlined_for_untrusted_notebooks(seed):
    report, findings = seed
    html = styling.to_html(styling.style(frames.funds_frame(report.forms[2]), "f3", styling.fund_marks(findings, 3)))
    td = re.search(r'<td id="T_f3_row0_col4"[^>]*>84.55%</td>', html).group(0)
    assert "background-color: #fde0dc" in td and "text-align: right" in td
    plain = re.search(r'<td id="T_f3_row0_col0"[^>]*>总额</td>|<td class="data row0 col0" >总额</td>', html).group(0)
    assert "background-color" not in plain


def test_claim_status_from_the_findings_that_name_the_claim():
    report = Report.from_truth(SEED_TRUTH)
    line = (100.0, 100.0, 340.0, 110.0)  # two claims read from one printed line share its box
    report.claim("s2.gp.share").prov = Prov(2, line)
    report.claim("s2.business").prov = Prov(2, line)
    fs = [Finding("narrative.share", "warning", "占比截尾", section=2, page=2, bbox=line,
                  other={"claim": "s2.gp.share"}),
          Finding("narrative.sum", "error", "合计不符", section=2, field="s2.total"),
          Finding("judgement.collocation", "warning", "搭配不当", section=2, page=2, bbox=line)]
    checked = {"s2.gp.share": {"narrative.share"}, "s2.total": {"narrative.sum"}, "s2.business": {"narrative.share"}}
    df = frames.claims_frame(report, 2, fs, checked)
    assert "id" not in df.columns  # the claim id indexes the row; it is not shown
    assert df.loc["s2.gp.share", "status"] == "警告：占比截尾"
    assert df.loc["s2.total", "status"] == "错误：合计不符"
    assert df.loc["s2.business", "status"] == "✓"  # same line, another claim: not the share's finding
    # the sum relation has no figure of its own: its finding is the one placed at its total
    assert df.loc["s2.sum", "status"] == "错误：合计不符"
    unchecked = [i for i in df.index if i not in checked and i != "s2.sum"]
    assert unchecked and all(df.loc[i, "status"] == frames.UNCHECKED for i in unchecked)


def test_findings_sorted_by_severity_then_place():
    fs = [Finding("perf.total", "info", "c", project=2), Finding("table.row_sum", "warning", "b", table=3),
          Finding("perf.total", "error", "a", project=5), Finding("narrative.share", "error", "d", section=2)]
    assert [f.message for f in frames.sort_findings(fs)] == ["d", "a", "b", "c"]


# ---------------------------------------------------------------- page images


def _seed_cell_bbox(seed_pdf, page: int, text: str):
    with pdfplumber.open(str(seed_pdf)) as pdf:
        hit = pdf.pages[page - 1].search(text)[0]
    return (hit["x0"], hit["top"], hit["x1"], hit["bottom"])


def test_page_image_boxes_the_cell_in_red(seed_pdf):
    bbox = _seed_cell_bbox(seed_pdf, 7, "84.55%")
    img = Image.open(io.BytesIO(pages.page_png(seed_pdf, 7, [bbox]))).convert("RGB")
    red = [(x, y) for x in range(img.width) for y in range(img.height) if img.getpixel((x, y)) == pages.RED]
    assert len(red) > 50
    scale = pages.RESOLUTION / 72
    xs = [x for x, _ in red]
    assert min(xs) == pytest.approx((bbox[0] - pages.BOX_PAD) * scale, abs=3)
    assert max(xs) == pytest.approx((bbox[2] + pages.BOX_PAD) * scale, abs=4)
    with pdfplumber.open(str(seed_pdf)) as pdf:
        assert img.height < pdf.pages[6].height * scale / 2  # cropped to the band around the cell
    plain = Image.open(io.BytesIO(pages.page_png(seed_pdf, 7, []))).convert("RGB")
    assert pages.RED not in {c for _, c in plain.getcolors(1 << 16)}


def test_evidence_groups_findings_by_page_and_locates_cells(seed_pdf):
    b1 = _seed_cell_bbox(seed_pdf, 7, "84.55%")
    report = Report()
    report.forms = Report.from_truth(SEED_TRUTH).forms
    report.forms[2].funds[0].rate = Cell("84.55%", Prov(7, b1))
    fs = [Finding("perf.exec_rate", "warning", "m", project=3, row="总额", column="rate"),
          Finding("table.missing", "error", "n", table=12, page=32),
          Finding("perf.total", "error", "no place")]
    assert locate(report, fs[0]) == Prov(7, b1)
    shots = pages.evidence(seed_pdf, report, fs)
    assert [(s.page, s.boxes, [f.message for f in s.findings]) for s in shots] == [(7, [b1], ["m"]), (32, [], ["n"])]
    shown = _view(report, fs).evidence(fs).text()
    assert "第7页：预算执行率计算有误" in shown and "第32页：应公开的表缺失（未能定位到单元格" in shown


def test_fund_reason_placeholder_marks_only_the_reason_cell(seed):
    report, findings = seed
    marks = styling.fund_marks(findings, 10)
    assert marks == {("总额", "reason"): "error", ("总额", "score"): "error"}  # score: blank 预算执行得分
    assert styling.field_marks(findings, 10)[("funds.reason", "text")] == "error"


def test_summary_evidence_says_when_pages_are_left_out(seed_pdf):
    fs = [Finding("table.missing", "error", "n", table=n, page=20 + n) for n in range(1, 4)]
    shown = _view(Report(), fs).summary_evidence(max_pages=2)
    assert sum(isinstance(x, IPImage) for x in shown) == 2
    assert "另有 1 页未在此显示" in shown.text()


def test_renderer_b_page_renders():
    pdf = DATA / "case_008.pdf"
    img = Image.open(io.BytesIO(pages.page_png(pdf, 1))).convert("L")
    assert img.getextrema()[0] < 128  # some dark (text) pixels, not a blank page


# ---------------------------------------------------------------- cache


def test_cache_parses_once_and_survives_damage(tmp_path, monkeypatch, seed_pdf):
    import budgetlib

    monkeypatch.setenv("BUDGETLIB_CACHE", str(tmp_path))
    calls = []
    monkeypatch.setattr(budgetlib, "load", lambda p: calls.append(p) or Report(unit="甲单位", sha256="x"))
    assert cache.load_report(seed_pdf).unit == "甲单位"
    assert cache.load_report(seed_pdf).unit == "甲单位"
    assert len(calls) == 1
    files = list(tmp_path.glob("*.pkl"))
    assert len(files) == 1 and files[0].name.startswith(cache.file_sha256(seed_pdf))
    assert isinstance(pickle.loads(files[0].read_bytes()), Report)
    files[0].write_bytes(b"not a pickle")
    assert cache.load_report(seed_pdf).unit == "甲单位" and len(calls) == 2
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "changed")
    cache.load_report(seed_pdf)
    assert len(calls) == 3 and len(list(tmp_path.glob("*.pkl"))) == 2
    assert not list(tmp_path.glob("*.tmp"))


# ---------------------------------------------------------------- views (what the notebooks call)


def _view(report: Report, findings: list[Finding]) -> UnitView:
    return UnitView(DATA / "seed_2023.pdf", report, findings, unit=report.unit, year=report.year)


NOTEBOOK_CALLS = [("header", ()), ("overview", ()), ("counts", ()), ("forms_summary", ()), ("forms", ()),
                  ("summary", ()), ("section_checks", (10,)), ("subsections", (10, ["机关运行经费", "政府采购"])),
                  ("evidence_for", ([1, 2], "income"))] + [("section", (n,)) for n in range(1, 11)] + \
                 [("chart", (n,)) for n in range(1, 7)] + [("schedule", (k, True)) for k in ("income", "sangong")] + \
                 [("schedules", (g, True)) for g in ("income", "fiscal", "sangong", None)]


@pytest.mark.parametrize("name,args", NOTEBOOK_CALLS, ids=[f"{c[0]}{c[1]}" for c in NOTEBOOK_CALLS])
def test_views_degrade_to_chinese_notes_on_an_empty_report(name, args):
    report = Report(narrative_found=False, schedules_found=False, forms_found=False)
    shown = getattr(_view(report, []), name)(*args)
    assert isinstance(shown, list)
    text = shown.text()
    if name in ("section", "subsections"):
        assert "未能解析情况说明" in text
    if name in ("schedule", "schedules"):
        assert "未能解析决算表" in text
    if name == "forms_summary":
        assert "未能解析绩效自评表" in text
    if name == "chart":
        assert "未能从附表或情况说明读取绘图所需的数字" in text


def test_form_view_shows_recomputed_beside_stated_and_marks(seed):
    report, findings = seed
    text = _view(report, findings).form(9, evidence=False).text()
    assert 'id="form-9"' in text and "工资性支出" in text
    assert frames.BLANK in text and "99.96" in text
    assert "background-color: #f28b82" in text  # the error fill
    assert "对照年度目标" in text  # the placeholder text is shown, in a marked cell


def test_summary_links_each_finding_to_its_notebook(seed):
    report, findings = seed
    view = _view(report, findings)
    assert view.link(Finding("perf.total", "error", "m", project=3)) == \
        '<a href="05_绩效自评.html#form-3">绩效自评</a>'
    assert "02_财政拨款.html#sec-5" in view.link(Finding("narrative.share", "error", "m", section=5))
    assert "06_附表.html#table-gp_expense_detail" in view.link(Finding("table.row_sum", "error", "m", table="gp_expense_detail"))
    text = view.summary().text()
    assert text.count("05_绩效自评.html#form-") == len(findings)


def test_schedule_view_of_an_empty_table_shows_its_note(seed):
    report, findings = seed
    text = _view(report, findings).schedule("sangong", identities=True).text()
    assert "空表" in text and "三公" in text
    assert "公务用车购置及运行维护费小计 = 公务用车购置费 + 公务用车运行维护费" in text


def test_missing_schedule_is_named():
    report = Report(template="sichuan_unit",
                    schedules={"fiscal_expense": Schedule(key="fiscal_expense", no=5, present=False)})
    assert "报告中未找到此表" in _view(report, []).schedule("fiscal_expense").text()


def test_a_budgets_charts_are_of_budget_figures_and_add_no_unlike_things():
    """A 上海 budget's 二 is 其他相关情况说明 (三公, 政府采购, 项目资金): no income-structure pie from it; the
    titles say 预算."""
    from conftest import real_file

    from budgetlib.cache import load_report

    report = load_report(real_file("budget", "shanghai_putuo_wanlijiedao_2024_dept_budget.pdf"))
    assert report.disclosure == "预算"
    pie = charts.chart_data(report, 2)
    assert pie is None or not pie.source.startswith("情况说明二")  # from a table, never from 二's amounts
    for n in range(1, 7):
        data = charts.chart_data(report, n)
        if data is not None:
            assert "决算" not in data.title and "预算" in data.title
    assert charts.title(1, "预算") == "图1：收、支预算总计变动情况"


def test_a_budgets_charts_are_the_templates_and_show_figures_as_printed():
    """The 上海 budget template draws 图1, 3 and 6 only (its tables and 预算编制说明 give no 图2, 4, 5:
    those are not drawn, and no note says figures are missing); a pie of a 元 table labels its slices
    in 元 as printed, and a bar its 万元 figure at the narrative's two decimals, never 18976.7551."""
    from conftest import real_file

    from budgetlib.cache import load_report

    report = load_report(real_file("budget", "shanghai_putuo_wanlijiedao_2025_dept_budget.pdf"))
    view = _view(report, [])
    for n in (2, 4, 5):
        assert view.chart(n).text() == ""
    pie = charts.chart_data(report, 3)
    assert pie.unit == "元" and pie.values == [Decimal("101341746"), Decimal("88425805")]
    fig = charts.draw(pie)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0].startswith("基本支出 101,341,746元")
    bars = charts.draw(charts.chart_data(report, 1))
    shown = [t.get_text() for t in bars.axes[0].texts]
    assert "18976.76" in shown and not any(len(s.split(".")[-1]) > 2 for s in shown)


def test_a_part_the_document_lacks_gets_no_heading_over_nothing():
    """A standalone 自评表 has no tables: 01's table block says so in one line and its evidence block
    shows nothing, not the headings 相关附表 / 证据：PDF原页 over empty space; a report with tables
    gets both headings (the budget's say 预算表)."""
    lone = _view(Report(template="sichuan_unit", kind="perf_form"), [])
    tables = lone.schedules("income").text()
    assert "相关附表" not in tables and "不含" in tables
    assert lone.evidence_for(sections=[1, 2, 3], group="income").text() == ""
    full = _view(Report(template="sichuan_unit", kind="full"), [])
    assert "相关附表" in full.schedules("income").text()
    assert "证据：PDF原页" in full.evidence_for(sections=[1, 2, 3], group="income").text()
    budget = _view(Report(template="shanghai_budget", kind="full", disclosure="预算"), [])
    assert "相关预算表" in budget.schedules("income").text()
