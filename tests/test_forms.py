"""绩效自评表 extraction against the truth files (`performance`)."""

from __future__ import annotations

from pathlib import Path

import form_pdf
import pytest
from conftest import DATA, corpus_cases, truth_of
from formmatch import score_forms

from budgetlib.model import FORM_TEXT_FIELDS, FUND_FIELDS, INDICATOR_FIELDS, Report
from budgetlib.parse.forms import form_pages, parse_forms
from budgetlib.pdf.cells import page_grids, printed
from budgetlib.pdf.document import open_document
from budgetlib.templates.form_profile import FormProfile

SAMPLES = sorted(p for p in DATA.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def _parse(pdf: Path) -> tuple[Report, list]:
    report = Report()
    with open_document(pdf) as doc:
        forms = parse_forms(doc, report)
    return report, forms


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[Report, list]]:
    return {p.stem: _parse(p) for p in SAMPLES}


def _miss_report(score) -> str:
    return "\n".join(f"{w}: parsed {p!r} truth {t!r}" for w, p, t in score.misses[:20])


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_every_field_of_every_sample_form_matches_truth(pdf, parsed):
    report, forms = parsed[pdf.stem]
    score = score_forms(forms, truth_of(pdf)["performance"])
    assert score.matched == score.total, _miss_report(score)
    assert not report.problems


def _cells(form):
    for k in FORM_TEXT_FIELDS:
        yield k, getattr(form, k)
    for r in form.funds:
        for k in FUND_FIELDS:
            yield f"{r.name}.{k}", getattr(r, k)
    for i, r in enumerate(form.indicators, start=1):
        for k in INDICATOR_FIELDS:
            yield f"indicator {i}.{k}", getattr(r, k)
    if form.total is not None:
        yield "total.weight", form.total.weight
        yield "total.score", form.total.score


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_every_cell_has_a_page_and_box_inside_the_form(pdf, parsed):
    report, forms = parsed[pdf.stem]
    for form in forms:
        assert form.pages and set(form.pages) <= set(report.page_map["forms"])
        for where, cell in _cells(form):
            assert cell.prov is not None and cell.prov.bbox is not None, (form.index, where)
            assert cell.prov.page in form.pages, (form.index, where, cell.prov.page)
            x0, top, x1, bottom = cell.prov.bbox
            assert 0 <= x0 < x1 and 0 <= top < bottom, (form.index, where)


def test_page_map_is_the_fourth_part(parsed):
    """第四部分 starts at its heading and stops before the first 附表 (公开01表)."""
    report, forms = parsed["seed_2023"]
    pages = report.page_map["forms"]
    with open_document(DATA / "seed_2023.pdf") as doc:
        texts = {n: doc.text(n) for n in range(1, doc.page_count + 1)}
        assert form_pages(doc) == pages
    first_table = min(n for n, t in texts.items() if "公开01表" in t)
    assert pages == list(range(pages[0], first_table))
    assert "第四部分" in texts[pages[0]] and "第四部分" not in texts[pages[0] - 1]
    assert sorted({p for f in forms for p in f.pages}) == pages


def test_seed_cells_broken_across_pages_read_whole(parsed, seed_truth):
    """The seed's 工资性支出 form breaks its 项目实施内容 row over pages 12/13; the 健康通 form its goal."""
    _, forms = parsed["seed_2023"]
    truth = seed_truth["performance"]
    wage = next(i for i, t in enumerate(truth) if t["project"].endswith("工资性支出"))
    assert forms[wage].content.text == truth[wage]["content"] != ""
    assert forms[wage].content.page == 12
    pass_form = next(i for i, t in enumerate(truth) if t["project"].endswith("健康通精细化管理平台"))
    assert forms[pass_form].goal.text == truth[pass_form]["goal"]
    assert len(forms[pass_form].pages) >= 2


def test_seed_wrapped_numbers_are_joined(parsed, seed_truth):
    _, forms = parsed["seed_2023"]
    targets = [i.target.text for f in forms for i in f.indicators]
    truth_targets = [i["target"] for t in seed_truth["performance"] for i in t["indicators"]]
    assert "200000000" in truth_targets
    assert targets == truth_targets


def test_blank_scores_read_as_none_like_truth(parsed, seed_truth):
    """A blank 总额 得分 or 合计 is None in the truth; a blank 其他资金 amount or 原因 is ''."""
    _, forms = parsed["seed_2023"]
    blank_total = [i for i, t in enumerate(seed_truth["performance"]) if t["funds"][0]["score"] is None]
    assert blank_total
    for i in blank_total:
        assert forms[i].funds[0].score.text is None
        assert forms[i].funds[0].score.prov is not None
    other = forms[0].fund("其他资金")
    assert other is not None and other.initial.text == "" and other.reason.text == ""


def test_missing_total_row_is_none(parsed):
    truth = truth_of(DATA / "case_009.pdf")["performance"]
    missing = [i for i, t in enumerate(truth) if t["total"] is None]
    assert missing
    _, forms = parsed["case_009"]
    for i in missing:
        assert forms[i].total is None


def test_merged_first_level_cells_propagate(parsed, seed_truth):
    _, forms = parsed["seed_2023"]
    first = forms[0].indicators
    assert [i.l1.text for i in first] == [i["l1"] for i in seed_truth["performance"][0]["indicators"]]
    assert first[1].l1.text == "产出指标"  # merged down from the row above


def test_printed_undoes_encoding_artifacts_only():
    assert printed("⼀级指标") == "一级指标"  # Kangxi radical 一
    assert printed("１２３．５") == "123．5"
    assert printed("（100字以内）；≥≤，") == "（100字以内）；≥≤，"


# ---------------------------------------------------------------- synthetic PDFs


def _table_pdf(path: Path, rows, spans, col_widths) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("SPAN", a, b) for a, b in spans]
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(rows, colWidths=col_widths, style=style)])
    return path


def test_grid_cells_keep_overflowing_text_and_flag_merged_cells(tmp_path):
    rows = [["预算执行情况（10分）", "", "60.00"],
            ["", "单位资金", "58.98"],
            ["合计", "", "100"]]
    pdf = _table_pdf(tmp_path / "grid.pdf", rows, [((0, 0), (0, 1)), ((0, 2), (1, 2))], [40, 80, 60])
    with open_document(pdf) as doc:
        grids = page_grids(doc.page(1), 1)
    assert len(grids) == 1
    bands = grids[0].rows
    # the label overflows its 40pt column (reportlab does not clip); its glyphs stay with it
    assert [c.text for c in bands[0].cells] == ["预算执行情况（10分）", "", "60.00"]
    assert [c.text for c in bands[1].cells] == ["预算执行情况（10分）", "单位资金", "58.98"]
    assert bands[1].starts == [False, True, True]
    assert [c.text for c in bands[2].cells] == ["合计", "100"]


def test_no_fourth_part_is_a_problem_not_an_error(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "narrative.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "第二部分 2023年度部门决算情况说明")
    c.drawString(72, 740, "一、收入支出决算总体情况说明")
    c.save()
    report, forms = _parse(path)
    assert forms == []
    assert report.page_map["forms"] == []
    assert report.forms_found is False
    assert any("第四部分" in p.message for p in report.problems)


@pytest.mark.parametrize(("case", "font_size", "widths", "title_in_grid"), [
    ("seed_2023", 9.0, None, False),
    ("case_009", 8.0, (40, 40, 40, 60, 26, 26, 30, 26, 26, 26, 155), True),  # numbers wrap in 26pt columns
], ids=["seed-9pt", "case_009-narrow-title-in-grid"])
def test_forms_reprinted_in_another_geometry_read_back_to_truth(tmp_path, case, font_size, widths, title_in_grid):
    """Other widths and font sizes move every wrap and page break (forms continue on the next page)."""
    truth = truth_of(DATA / f"{case}.pdf")
    pdf = form_pdf.render(truth, tmp_path / "forms.pdf", font_size=font_size, widths=widths,
                          title_in_grid=title_in_grid)
    report, forms = _parse(pdf)
    with open_document(pdf) as doc:
        assert doc.page_count > 8
    # reportlab drops the space it wraps a line at ("调整, 该项目" printed as "调整," | "该项目")
    score = score_forms(forms, truth["performance"], ignore_spaces=True)
    assert score.matched == score.total, _miss_report(score)
    assert not report.problems


def test_rows_that_cannot_be_read_are_reported_not_dropped(tmp_path):
    truth = truth_of(DATA / "case_008.pdf")
    pdf = form_pdf.render(truth, tmp_path / "forms.pdf", relabel={"合计": "小计"})
    report, forms = _parse(pdf)
    assert len(forms) == len(truth["performance"])
    assert all(f.total is None for f in forms)
    unread = [p for p in report.problems if "小计" in p.message]
    assert len(unread) == len(forms)
    assert all(p.page in report.page_map["forms"] for p in unread)
    assert [len(f.indicators) for f in forms] == [len(t["indicators"]) for t in truth["performance"]]


def test_form_profile_sets_the_forms_part_and_the_fund_rows(tmp_path):
    """A template whose forms stand in 第三部分, followed by 第四部分 名词解释 (no 公开01表), with four fund
    rows in its own wording: read under its profile, the forms stop at 第四部分 and four rows are
    complete; under the 四川 profile the part runs on to the end and four rows are one short."""
    truth = truth_of(DATA / "case_008.pdf")
    form = dict(truth["performance"][0])
    total, fiscal = form["funds"][0], form["funds"][1]
    form["funds"] = [total, {**fiscal, "name": "其中：本年财政拨款"},
                     {**fiscal, "name": "上年结转资金", **dict.fromkeys(("initial", "adjusted", "executed"), "0.00")},
                     form["funds"][4]]
    pdf = form_pdf.render({**truth, "performance": [form]}, tmp_path / "forms.pdf",
                          parts=("第三部分 附件", "第四部分 名词解释"), schedules=False)
    profile = FormProfile(fund_rows=("总额", "其中：本年财政拨款", "上年结转资金", "其他资金"), fund_row_count=4,
                          forms_part_between=("第三部分", "第四部分"))
    with open_document(pdf) as doc:
        last = doc.page_count
        sichuan, other = Report(), Report(form_profile=profile)
        parse_forms(doc, sichuan)
        (parsed,) = parse_forms(doc, other)
    assert other.page_map["forms"] == list(range(1, last)) and sichuan.page_map["forms"][-1] == last
    assert [f.name for f in parsed.funds] == list(profile.fund_rows)
    assert other.problems == []
    assert [p.message for p in sichuan.problems] == ["自评表资金行数为4，应为5"]


# ---------------------------------------------------------------- corpus


CORPUS_CASES = corpus_cases()


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", CORPUS_CASES, ids=lambda p: p.stem)
def test_corpus_form_fields_match_truth(pdf):
    report, forms = _parse(pdf)
    score = score_forms(forms, truth_of(pdf)["performance"])
    assert score.accuracy >= 0.999, f"{score.accuracy:.4%}\n" + _miss_report(score)
