"""Cross-document checks (budgetlib.checks.crossdoc): a unit's disclosures against each other.

Real material: the 万里街道 部门预算 series 2023–2025 (../shared/real/budget, copies in
tests/fixtures/real/budget), whose totals agree year to year (16,497.86 → 15,621.11 → 18,976.76) as do
its 三公 (22.91 → 47.91 → 37.91); the 人民政府办公室 2025 部门预算 and its 单位预算. Generated pairs: the
corpus truth files carry the previous year's figures behind each yoy claim (`prior`).
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from conftest import DATA, corpus_cases, real_file, sichuan_key, truth_of

from budgetlib.cache import load_report
from budgetlib.checks import audit, crossdoc
from budgetlib.model import Cell, Report

WANLI = "shanghai_putuo_wanlijiedao_{}_dept_budget.pdf"
OFFICE = "shanghai_putuo_quzhengfubangongshi_2025_{}_budget.pdf"


@cache
def wanli(year: int) -> Report:
    return load_report(real_file("budget", WANLI.format(year)))


@cache
def office(noun: str) -> Report:
    return load_report(real_file("budget", OFFICE.format(noun)))


def cross(report: Report, *others: Report) -> list:
    return [f for f in audit(report, {}, list(others)) if f.rule.startswith("crossdoc.")]


def by_title(cs: list[crossdoc.Comparison]) -> dict[str, crossdoc.Comparison]:
    return {c.fact.title: c for c in cs}


# ---------------------------------------------------------------- the 万里街道 series


@pytest.mark.parametrize(("year", "prior_total", "prior_sangong"),
                         [(2024, "16497.86", "22.91"), (2025, "15621.11", "47.91")])
def test_series_totals_and_sangong_agree_with_previous_report(year, prior_total, prior_sangong):
    cs = crossdoc.compare(wanli(year), wanli(year - 1))
    t = by_title(cs)
    for title, figure in (("收入总计", prior_total), ("支出总计", prior_total), ("“三公”经费合计", prior_sangong)):
        c = t[title]
        assert c.fact.year == year - 1 and c.fact.basis == "预算"
        assert c.fact.how == crossdoc.IMPLIED  # this year's figure ∓ the stated change
        assert crossdoc.fmt(c.fact.value, 2) == figure
        assert c.other is not None and crossdoc.round_half_up(c.other.value, 2) == Decimal(figure)
        assert c.status == crossdoc.AGREE
        assert c.fact.page and c.other.page  # both documents' pages are cited
    same_basis = [c for c in cs if c.other is not None and c.other.basis == c.fact.basis]
    assert same_basis and all(c.status == crossdoc.AGREE for c in same_basis)
    assert not [f for f in cross(wanli(year), wanli(year - 1)) if f.severity != "info"]


def _stated_prior_execution(pdf: Path, year: int) -> int:
    """How many 上年执行数 the narrative states, counted on the page text (not through the parser)."""
    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages)
    return len(re.findall(rf"{year - 1}年(?:当年)?预算执行数为", re.sub(r"\s", "", text)))


def test_every_prior_execution_statement_is_matched_and_shown_not_judged():
    """The 2024 budget states each 项's 2023 execution; the 2023 budget states the 2023 budget of the same
    项: another basis (a budget is not its execution), shown side by side, never an error."""
    cs = crossdoc.compare(wanli(2024), wanli(2023))
    execution = [c for c in cs if c.fact.basis == "执行"]
    assert len(execution) == _stated_prior_execution(real_file("budget", WANLI.format(2024)), 2024)
    matched = [c for c in execution if c.other is not None]
    # every 项 but one (其他教育支出, new in 2024 with 0.00 executed) is in the 2023 budget
    assert len(matched) == len(execution) - 1
    assert all(c.status == crossdoc.OTHER_BASIS and c.other.basis == "预算" for c in matched)
    org = next(c for c in matched if c.fact.item == "项:2013202")  # 组织事务 一般行政管理事务
    assert (crossdoc.fmt(org.fact.value, 2), crossdoc.fmt(org.other.value, 2)) == ("60.79", "65.69")
    notes = [f for f in cross(wanli(2024), wanli(2023)) if f.severity == "info"]
    assert len(notes) == 1 and notes[0].message.startswith(f"{len(matched)}个项目")


def test_earlier_report_makes_no_statement_about_the_later():
    assert crossdoc.compare(wanli(2023), wanli(2024)) == []


# ---------------------------------------------------------------- one figure changed


def _with_cell(report: Report, table: str, row: str, column: str, text: str) -> Report:
    r = copy.deepcopy(report)
    cell = r.schedules[table].row(row).values[column]
    r.schedules[table].row(row).values[column] = Cell(text, cell.prov)
    return r


def _with_claim(report: Report, label: str, kind: str, value: str) -> Report:
    r = copy.deepcopy(report)
    by_id = {c.id: c for c in r.claims}
    target = next(c for c in r.claims if c.kind == kind and by_id.get(c.subject or "")
                  and by_id[c.subject].label == label)
    target.value = value
    return r


def test_changed_figure_in_the_earlier_report_is_found_with_both_pages():
    earlier = wanli(2023)
    cell = earlier.schedules["sangong"].row("budget").values["total"]
    changed = _with_cell(earlier, "sangong", "budget", "total", "32.91")
    found = [f for f in cross(wanli(2024), changed) if f.severity == "error"]
    assert len(found) == 1
    f = found[0]
    assert f.rule == "crossdoc.prior_year" and "“三公”经费合计" in f.message
    assert (f.stated, f.expected, f.difference) == ("22.91", "32.91", "-10.00")
    assert f.page is not None and f.other["page"] == cell.page


def test_changed_change_in_the_later_report_is_found_and_a_tail_is_a_warning():
    later = wanli(2025)
    big = _with_claim(later, "“三公”经费预算数为", "yoy_amount", "11")
    errors = [f for f in cross(big, wanli(2024)) if f.severity == "error"]
    assert [(f.stated, f.expected) for f in errors] == [("48.91", "47.91")]
    tail = _with_claim(later, "“三公”经费预算数为", "yoy_amount", "10.01")
    found = [f for f in cross(tail, wanli(2024)) if f.severity != "info"]
    assert [(f.severity, f.stated, f.expected, f.within_rounding) for f in found] == [
        ("warning", "47.92", "47.91", True)]


# ---------------------------------------------------------------- 部门 and 单位, other units


def test_department_and_its_unit_agree_and_a_unit_above_its_department_is_an_error():
    dept, unit = office("dept"), office("unit")
    assert (crossdoc.document_noun(dept), crossdoc.document_noun(unit)) == ("部门", "单位")
    cs = crossdoc.compare(unit, dept)
    assert cs and all(c.status == crossdoc.AGREE for c in cs)
    assert {"收入总计", "“三公”经费合计", "机关运行经费"} <= {c.fact.title for c in cs}
    higher = _with_cell(unit, "sangong", "budget", "reception", "30.00")  # the 部门 prints 28.50
    errors = [f for f in cross(higher, dept) if f.severity == "error"]
    assert [(f.rule, f.stated, f.expected) for f in errors] == [("crossdoc.dept_unit", "30.00", "28.50")]
    lower = _with_cell(unit, "sangong", "budget", "reception", "20.00")  # a 部门 may hold other units
    assert not [f for f in cross(lower, dept) if f.severity != "info"]


def test_documents_of_different_units_are_never_compared():
    other = office("dept")
    assert crossdoc.relation(wanli(2024), other) is None
    assert cross(wanli(2024), other) == []
    assert crossdoc.compare(wanli(2024), other) == []
    # parts of one disclosure must all stand in the one relation: the 2023 budget and a stranger do not
    assert crossdoc.compare(wanli(2024), [wanli(2023), other]) == []
    assert crossdoc.compare(wanli(2024), [other, wanli(2023)]) == []
    block = crossdoc.report_block(wanli(2024), [other])
    assert block["documents"] == [] and block["summary"]["statements"] == 0


@pytest.mark.parametrize(("a", "b", "same"), [
    ("上海市普陀区人民政府万里街道办事处", "上海市普陀区万里街道", True),
    ("上海市普陀区人民政府万里街道办事处", "普陀区万里街道办事处", True),
    ("上海市普陀区财政局（本级）", "上海市普陀区财政局", True),
    ("上海市普陀区教育局", "上海市静安区教育局", False),
    ("上海市普陀区教育局", "教育局", False),  # too short to name one unit
    ("上海市普陀区人民政府办公室", "上海市普陀区办公室", False),  # 人民政府 dropped only before a 街道/镇/乡
])
def test_unit_names(a, b, same):
    assert crossdoc.same_unit(a, b) is same


# ---------------------------------------------------------------- generated pairs


def _prior_report(report: Report, prior: dict[str, str]) -> Report:
    """The previous year's report as the generator knows it: its totals are truth's `prior` figures."""
    r = copy.deepcopy(report)
    r.year = report.year - 1
    r.claims = []
    cells = {"grand": (sichuan_key(1), "in.grand", "amount"), "fiscal_grand": (sichuan_key(4), "in.grand", "amount"),
             "gp_exp": (sichuan_key(6), "total", "total"), "sangong": (sichuan_key(13), "actual", "total")}
    for s in r.schedules.values():  # only the cells the truth knows keep a figure
        for row in s.all_rows():
            row.values = {k: Cell(None) for k in row.values}
    for name, (table, row, column) in cells.items():
        s = r.schedules.get(table)
        if s is not None and s.row(row) is not None and name in prior:
            s.row(row).values[column] = Cell(prior[name])
    return r


PRIOR_TITLES = {"grand": "收入总计", "fiscal_grand": "财政拨款收入支出总计", "gp_exp": "一般公共预算财政拨款支出合计",
                "sangong": "“三公”经费合计"}


@pytest.mark.parametrize("pdf", corpus_cases(), ids=lambda p: p.stem)
def test_generated_pairs(pdf):
    """Each yoy_amount implies the previous year's figure; against a previous-year report holding truth's
    prior figures it agrees (unless truth says the claim or its subject is wrong), and a previous-year
    figure moved by 1.00 or by 0.01 is an error or a 尾差 warning."""
    truth = truth_of(pdf)
    current = Report.from_truth(truth)
    prior = truth.get("prior") or {}
    wrong = {e["location"].get("claim") for e in truth["errors"] if e["rule"].startswith("narrative.")}
    by_id = {c["id"]: c for c in truth["narrative"]["claims"]}
    checked = 0
    for claim in truth["narrative"]["claims"]:
        key = next((k for k, v in prior.items() if v == claim.get("prior")), None)
        if claim["kind"] != "yoy_amount" or key not in PRIOR_TITLES or {claim["id"], claim["subject"]} & wrong:
            continue
        subject = Decimal(by_id[claim["subject"]]["value"])
        sign = {"增加": -1, "减少": 1}[claim["direction"]]
        if subject + sign * Decimal(claim["value"]) != Decimal(prior[key]):
            continue  # stated beside a figure the table prints otherwise: truth judges it by the table
        title = PRIOR_TITLES[key]
        cs = by_title(crossdoc.compare(current, _prior_report(current, prior)))
        assert cs[title].status == crossdoc.AGREE, cs[title].to_dict()
        for delta, severity in (("1.00", "error"), ("0.01", "warning")):
            moved = {**prior, key: str(Decimal(prior[key]) + Decimal(delta))}
            found = [f for f in cross(current, _prior_report(current, moved)) if f.severity != "info"]
            # (another item's finding here is one truth lists: its claim was skipped above)
            assert [(f.severity, f.expected) for f in found if title in f.message] == [(severity, moved[key])]
        checked += 1
    assert checked >= 1, "no yoy_amount of this case was compared"


def test_final_account_budget_figures_against_the_budget_of_its_year():
    """A 决算's 三公 预算数 row against the 预算 published for that year (here a budget document carrying the
    seed's unit, year and 三公 budget, then one figure changed)."""
    final = Report.from_truth(truth_of(DATA / "case_008.pdf"))
    row = final.schedules[sichuan_key(13)].row("budget")
    budget = copy.deepcopy(office("dept"))
    budget.unit, budget.year = final.unit, final.year
    target = budget.schedules["sangong"].row("budget").values
    for column in ("total", "abroad", "vehicle", "vehicle_buy", "vehicle_run", "reception"):
        target[column] = Cell(row.values[column].text, target[column].prov)
    assert crossdoc.relation(final, budget) == "budget_final"
    cs = [c for c in crossdoc.compare(final, budget) if c.other is not None]
    assert len(cs) == 6 and all(c.status == crossdoc.AGREE and c.fact.basis == "预算" for c in cs)
    assert not [f for f in cross(final, budget) if f.severity != "info"]
    stated = Decimal(row.values["reception"].text or "0")
    target["reception"] = Cell(str(stated + Decimal("2.00")), target["reception"].prov)
    found = [f for f in cross(final, budget) if f.severity == "error"]
    assert [(f.rule, f.expected) for f in found] == [("crossdoc.budget_final", crossdoc.fmt(stated + 2, 2))]


# ---------------------------------------------------------------- where it shows


def test_batch_writes_crossdoc_into_each_unit_and_the_store(tmp_path):
    import json
    import shutil

    from budgetlib.batch import manifest as mf
    from budgetlib.batch import run_batch
    from budgetlib.store import crossdoc_check, open_store

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in (WANLI.format(2024), WANLI.format(2025), OFFICE.format("dept")):
        shutil.copy(real_file("budget", name), inputs / name)
    out = tmp_path / "out"
    summary = run_batch([str(inputs)], out, workers=1, notebooks=False, progress=False)
    assert summary["units_done"] == 3
    assert (summary["crossdoc"]["units_compared"], summary["crossdoc"]["disagree"]) == (2, 0)
    wanli_dir = next(out.glob("*万里街道*"))
    block = json.loads((wanli_dir / "2025预算" / "跨文件核对.json").read_text(encoding="utf-8"))
    assert block["summary"]["agree"] == 12 and block["summary"]["disagree"] == 0
    meta = json.loads((wanli_dir / "2025预算" / "findings.json").read_text(encoding="utf-8"))["meta"]
    assert meta["crossdoc"]["summary"] == block["summary"]
    assert not list(out.glob("*办公室*/*/跨文件核对.json"))  # another unit: nothing compared
    con = open_store(out)
    rows = crossdoc_check(con)
    assert set(rows["unit"]) == {"上海市普陀区人民政府万里街道办事处"}
    total = rows[(rows["year"] == 2025) & (rows["item"] == "收入总计")].iloc[0]
    assert (total["stated"], total["result"]) == ("15621.11", "一致")
    assert crossdoc.round_half_up(Decimal(total["other"]), 2) == Decimal("15621.11")  # printed in 元
    again = run_batch([str(inputs)], out, workers=1, notebooks=False, progress=False)
    assert again["units_skipped"] == 3 and again["crossdoc"]["agree"] == summary["crossdoc"]["agree"]
    for folder in (wanli_dir / "2024预算", wanli_dir / "2025预算"):
        assert mf.complete(folder, mf.read(folder))


def test_summary_notebook_view_shows_the_comparisons():
    from budgetlib.present.view import open_unit

    u = open_unit(real_file("budget", WANLI.format(2025)), others=[real_file("budget", WANLI.format(2024))])
    text = u.crossdoc().text()
    assert "跨文件核对 12 项：一致 12" in text and "15621.11" in text
    alone = open_unit(real_file("budget", WANLI.format(2025))).crossdoc().text()
    assert "本节不适用" in alone and "15621.11" not in alone


def test_a_change_mistyped_in_a_real_report_is_found_against_the_previous_year():
    """江苏省高级人民法院 2018 部门预算 p.19: 一般行政管理事务 6049.97万元，与上年相比减少392.92万元，减少5.95%;
    the 2017 budget p.21 prints 6432.89. By hand: 6432.89 − 6049.97 = 382.92 and 382.92 / 6432.89 = 5.95%, the
    rate the 2018 report prints: 392.92 is mistyped, and only the 2017 document shows it."""
    name = "jiangsu_shenggaojifayuan_{}_dept_budget.pdf"
    paths = [real_file("budget", name.format(y)) for y in (2018, 2017)]
    if not all(p.is_file() for p in paths):
        pytest.skip("../shared/real/budget 不存在：江苏 2017/2018 预算未核对 / ../shared/real/budget is absent")
    later, earlier = (load_report(p) for p in paths)
    found = [f for f in cross(later, earlier) if f.severity == "error"]
    assert [(f.stated, f.expected, f.difference, f.page, f.other["page"]) for f in found] == [
        ("6442.89", "6432.89", "10.00", 19, 21)]


def test_an_ambiguous_match_is_reported_not_guessed():
    from budgetlib.batch.crossdoc import related

    later = wanli(2024)
    a, b = copy.deepcopy(wanli(2023)), copy.deepcopy(wanli(2023))
    b.unit = "普陀区万里街道"  # the same unit spelt another way: two candidates for one 2023 budget
    links, ambiguous = related({Path("2024"): later, Path("2023a"): a, Path("2023b"): b})
    assert links[Path("2024")] == []
    assert len([line for line in ambiguous if line.startswith(f"{later.unit} 2024预算")]) == 1
    links, ambiguous = related({Path("2024"): later, Path("2023a"): a})
    assert links[Path("2024")] == [Path("2023a")] and ambiguous == []


def test_the_same_count_at_the_same_date_in_two_documents():
    """部门预算 and 单位预算 of 人民政府办公室 2025 both count the vehicles 截至2024年8月31日; a count is exact."""
    dept, unit = office("dept"), office("unit")
    vehicles = [c for c in crossdoc.compare(unit, dept) if c.fact.item.startswith("车辆:")]
    assert vehicles and all(c.fact.basis == "截至2024年8月31日" and c.status == crossdoc.AGREE for c in vehicles)
    changed = copy.deepcopy(dept)
    total = next(c for c in changed.claims if c.kind == "figure" and c.label == "车辆总数")
    total.value = str(int(total.value) - 1)  # the 部门 now counts fewer than its 单位
    found = [f for f in cross(unit, changed) if f.severity != "info"]
    assert [(f.severity, f.rule) for f in found] == [("error", "crossdoc.dept_unit")]
    assert "辆" in found[0].message and "万元" not in found[0].message
    more = copy.deepcopy(unit)  # the 单位 counts a vehicle its 部门 (0) does not: whole vehicles quoted
    next(c for c in more.claims if c.kind == "figure" and c.label == "车辆总数").value = "1"
    found = [f for f in cross(more, dept) if f.severity != "info"]
    assert [(f.severity, f.stated, f.expected, f.difference, f.amount_unit) for f in found] == [
        ("error", "1", "0", "1", "辆")]


def test_a_disclosure_printed_in_two_files_is_compared_as_one():
    """江苏省委办公厅 2018 部门预算 was published as a tables file and a text file: the 2019 budget's statements
    about 2018 are compared with the two together (not an ambiguous pair)."""
    name = "jiangsu_shengweibangongting_{}_dept_budget_{}.pdf"
    paths = [real_file("budget", name.format(*x)) for x in ((2019, "text"), (2018, "tables"), (2018, "text"))]
    if not all(p.is_file() for p in paths):
        pytest.skip("../shared/real/budget 不存在：江苏 2018/2019 预算未核对 / ../shared/real/budget is absent")
    later, tables, text = (load_report(p) for p in paths)
    assert crossdoc.parts_of_one([tables, text])
    from budgetlib.batch.crossdoc import related

    links, ambiguous = related({Path("2019"): later, Path("t"): tables, Path("x"): text})
    assert sorted(links[Path("2019")]) == [Path("t"), Path("x")] and ambiguous == []
    cs = crossdoc.comparisons(later, [tables, text])
    assert len(cs) == 7 and all(c.status == crossdoc.AGREE for c in cs)  # by hand: the 7 项 2019 compares
    rent = next(c for c in cs if c.fact.title.endswith("提租补贴"))
    assert (crossdoc.fmt(rent.fact.value, 2), rent.other_doc["name"]) == ("2299.88", paths[2].name)


def test_a_name_matched_by_a_missing_prefix_must_be_confirmed_by_figures():
    """普陀区万里街道 is the 万里街道 of 上海市普陀区 only if the figures agree; a stranger with a name that ends
    the same way and figures that do not is left out, and said to be."""
    short = copy.deepcopy(wanli(2023))
    short.unit = "普陀区万里街道"
    assert crossdoc.name_match(wanli(2024).unit, short.unit) == "suffix"
    cs = crossdoc.comparisons(wanli(2024), [short])
    assert cs and sum(c.status == crossdoc.AGREE for c in cs) == 12
    stranger = short  # most of its figures differ from what the 2024 budget says of 2023
    for table, row, column, text in (("summary", "in.grand", "amount", "1.00"), ("summary", "out.grand", "amount", "1.00"),
                                     ("summary", "in.fiscal", "amount", "1.00"),
                                     ("fiscal_summary", "out.grand", "total", "1.00"),
                                     ("fiscal_summary", "out.grand", "gp", "1.00"), ("sangong", "budget", "total", "99.00"),
                                     ("sangong", "budget", "vehicle", "99.00"),
                                     ("sangong", "budget", "vehicle_run", "99.00")):
        stranger = _with_cell(stranger, table, row, column, text)
    assert crossdoc.comparisons(wanli(2024), [stranger]) == []
    block = crossdoc.report_block(wanli(2024), [stranger])
    assert block["unconfirmed"] == [stranger.path and Path(stranger.path).name] and block["documents"] == []


def test_final_account_budget_figures_against_the_next_years_budget():
    """The 2025 budget says 三公 37.91, 比2024年预算减少10: a 2024 决算 of the unit must print 47.91 as its 三公
    预算数 (here a generated 决算 given the unit's name, its year and that 预算数, then another)."""
    final = Report.from_truth(truth_of(DATA / "case_008.pdf"))
    final.unit, final.year = wanli(2025).unit, 2024
    final = _with_cell(final, sichuan_key(13), "budget", "total", "47.91")
    assert crossdoc.relation(final, wanli(2025)) == "budget_final"
    total = next(c for c in crossdoc.compare(final, wanli(2025)) if c.fact.title == "“三公”经费合计")
    assert total.status == crossdoc.AGREE and total.other.how == crossdoc.IMPLIED
    wrong = _with_cell(final, sichuan_key(13), "budget", "total", "45.91")
    found = [f for f in cross(wrong, wanli(2025)) if f.severity == "error" and "“三公”经费合计" in f.message]
    assert [(f.rule, f.stated, f.expected) for f in found] == [("crossdoc.budget_final", "45.91", "47.91")]


# ---------------------------------------------------------------- the pieces, on constructed facts


def _fact(value: str, dp: int = 2, *, item: str = "sangong.total", title: str = "“三公”经费合计", year: int = 2023,
          basis: str = "预算", how: str = crossdoc.PRINTED, page: int | None = 28, unit: str = "万元",
          printed: str = "万元") -> crossdoc.Fact:
    return crossdoc.Fact(item, title, year, basis, Decimal(value), dp, how, page, "", unit, printed)


@pytest.mark.parametrize(("fact", "value", "shown", "plain"), [
    # a 元 table's cell: 156211123元 is 15621.1123 万元 (4 decimals of 万元, none of 元)
    (_fact("15621.1123", 4, printed="元"), "15621.1123", "156,211,123元", "156211123"),
    (_fact("0", 6, printed="元"), "0", "0.00元", "0.00"),  # 0.00元: two decimals of 元
    (_fact("22.91"), "22.91", "22.91万元", "22.91"),
    (_fact("7", 0, unit="辆"), "8", "8辆", "8"),  # a count: no money unit
])
def test_a_fact_is_quoted_in_the_unit_and_decimals_it_was_printed_in(fact, value, shown, plain):
    """Fact.show / Fact.plain: a figure of a fact is quoted as its document printed it (元 with separators,
    万元, or a count), at the printed decimals."""
    assert fact.show(Decimal(value)) == shown
    assert fact.plain(Decimal(value)) == plain


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("上海市普陀区教育局", "上海市普陀区教育局", "exact"),
    ("上海市普陀区教育局", "普陀区教育局", "suffix"),  # 6 characters: a place and a body
    ("普陀区教育局", "上海市普陀区教育局", "suffix"),
    ("上海市普陀区教育局", "区教育局", None),
    ("", "上海市普陀区教育局", None),
    ("上海市普陀区教育局", "", None),
    ("", "", None),  # no name is no unit
])
def test_name_match_kinds(a, b, expected):
    """name_match: equal names are "exact"; a name ending the other and 6 characters or more is "suffix";
    an empty name matches nothing."""
    assert crossdoc.name_match(a, b) == expected


def _doc(year: int | None, disclosure: str, noun: str = "部门", unit: str = "上海市普陀区教育局") -> Report:
    return Report(path=f"{unit}{year}{noun}{disclosure}.pdf", unit=unit, year=year, disclosure=disclosure,
                  title=f"{unit}{year}年{noun}{disclosure}")


@pytest.mark.parametrize(("a", "b", "expected"), [
    (_doc(2024, "预算"), _doc(2023, "预算"), "prior_year"),
    (_doc(2023, "预算"), _doc(2024, "预算"), "prior_year"),
    (_doc(2024, "决算"), _doc(2023, "决算"), "prior_year"),
    (_doc(2025, "预算"), _doc(2023, "预算"), None),  # two years apart: no statement links them
    (_doc(2024, "预算"), _doc(2024, "预算"), None),  # two 部门 documents of one year: the same document
    (_doc(2024, "预算", "单位"), _doc(2024, "预算"), "dept_unit"),
    (_doc(2024, "决算"), _doc(2024, "决算", "单位"), "dept_unit"),
    (_doc(2024, "预算", "单位"), _doc(2023, "预算"), "prior_year"),
    (_doc(2024, "决算"), _doc(2024, "预算"), "budget_final"),  # the 预算 of the 决算's year
    (_doc(2024, "预算"), _doc(2024, "决算"), "budget_final"),
    (_doc(2024, "决算"), _doc(2025, "预算"), "budget_final"),  # the next 预算 states the 上年预算
    (_doc(2025, "预算"), _doc(2024, "决算"), "budget_final"),
    (_doc(2024, "决算"), _doc(2023, "预算"), None),  # a budget before the final account's year
    (_doc(2023, "预算"), _doc(2024, "决算"), None),
    (_doc(2024, "决算"), _doc(2026, "预算"), None),
    (_doc(2024, "预算"), _doc(None, "预算"), None),  # a document of no known year
    (_doc(None, "预算"), _doc(2024, "预算"), None),
    (_doc(2024, "预算"), _doc(2023, "预算", unit="上海市静安区教育局"), None),
])
def test_relation_between_two_documents(a, b, expected):
    """relation: last year's document of the same kind (prior_year), the 预算 of the 决算's year or of the
    next year (budget_final), the 部门 and its 单位 of one year (dept_unit); nothing else."""
    assert crossdoc.relation(a, b) == expected


@pytest.mark.parametrize(("a", "b", "le", "expected"), [
    (_fact("22.91"), _fact("22.91"), False, crossdoc.AGREE),
    (_fact("15621.1123", 4, printed="元"), _fact("15621.11"), False, crossdoc.AGREE),  # at the coarser 2 decimals
    (_fact("15621.11"), _fact("15621.1123", 4, printed="元"), False, crossdoc.AGREE),
    (_fact("47.92"), _fact("47.91"), False, crossdoc.TAIL),  # one unit of the coarser precision
    (_fact("47.90"), _fact("47.91"), False, crossdoc.TAIL),
    (_fact("47.93"), _fact("47.91"), False, crossdoc.DISAGREE),  # two units
    (_fact("20.00"), _fact("28.50"), False, crossdoc.DISAGREE),  # eq: lower is as wrong as higher
    (_fact("20.00"), _fact("28.50"), True, crossdoc.AGREE),  # le: the 单位 below its 部门
    (_fact("28.51"), _fact("28.50"), True, crossdoc.TAIL),
    (_fact("30.00"), _fact("28.50"), True, crossdoc.DISAGREE),
    (_fact("8", 0, unit="辆"), _fact("7", 0, unit="辆"), False, crossdoc.DISAGREE),  # a count has no tail
    (_fact("7", 0, unit="辆"), _fact("7", 0, unit="辆"), False, crossdoc.AGREE),
])
def test_judge_two_facts(a, b, le, expected):
    """_judge: equal at the coarser printed precision agrees; one unit of it apart is a 尾差, more (or any
    difference of a count) disagrees; with `le` a first figure below the second agrees."""
    assert crossdoc._judge(a, b, le=le) == expected


def _cmp(status: str, other: bool = True, title: str = "“三公”经费合计") -> crossdoc.Comparison:
    f = _fact("1.00", title=title)
    return crossdoc.Comparison("prior_year", f, f if other else None, {"name": "x.pdf"}, status)


@pytest.mark.parametrize(("names", "statuses", "expected"), [
    (["上海市普陀区教育局"], [], True),  # an exact name needs no figure
    (["上海市普陀区教育局", "上海市普陀区教育局"], [crossdoc.DISAGREE], True),
    (["普陀区教育局"], [crossdoc.AGREE], True),
    (["普陀区教育局"], [crossdoc.AGREE, crossdoc.TAIL, crossdoc.OTHER_BASIS, ""], True),
    (["普陀区教育局"], [], False),  # a suffix and nothing to confirm it
    (["普陀区教育局"], [crossdoc.OTHER_BASIS, crossdoc.TAIL, ""], False),  # no figure of the same basis agrees
    (["普陀区教育局"], [crossdoc.AGREE, crossdoc.DISAGREE], False),  # as many disagree as agree
    (["普陀区教育局"], [crossdoc.AGREE, crossdoc.DISAGREE, crossdoc.DISAGREE], False),
    (["普陀区教育局"], [crossdoc.AGREE, crossdoc.AGREE, crossdoc.DISAGREE], True),
    (["上海市普陀区教育局", "普陀区教育局"], [crossdoc.DISAGREE], False),  # one part named by a suffix only
])
def test_a_suffix_name_is_confirmed_by_agreeing_figures(names, statuses, expected):
    """confirmed: all names exact, or at least one figure agrees and more agree than disagree."""
    report = _doc(2024, "预算")
    group = [_doc(2023, "预算", unit=n) for n in names]
    assert crossdoc.confirmed(report, group, [_cmp(s) for s in statuses]) is expected


def test_summary_counts_each_result():
    """summary: statements, matched (another figure beside), and each result counted once."""
    cs = [_cmp(crossdoc.AGREE), _cmp(crossdoc.AGREE), _cmp(crossdoc.TAIL), _cmp(crossdoc.DISAGREE),
          _cmp(crossdoc.DISAGREE), _cmp(crossdoc.DISAGREE), _cmp(crossdoc.OTHER_BASIS), _cmp("", other=False)]
    assert crossdoc.summary(cs) == {"statements": 8, "matched": 7, "agree": 2, "tail": 1, "disagree": 3,
                                    "other_basis": 1, "unmatched": 1}


DOC = {"name": "b.pdf", "path": "/x/b.pdf", "unit": "上海市普陀区教育局", "year": 2023, "disclosure": "预算"}


@pytest.mark.parametrize(("identity", "fact", "other", "status", "severity", "message", "fields"), [
    ("prior_year", _fact("22.91", how=crossdoc.IMPLIED, page=32), _fact("32.91"), crossdoc.DISAGREE, "error",
     "“三公”经费合计（2023年预算数）：本文件推算为22.91万元，《b.pdf》第28页为32.91万元，相差-10.00万元",
     ("22.91", "32.91", "-10.00", "万元", False)),
    ("prior_year", _fact("47.92", how=crossdoc.FLAT), _fact("47.91", page=None), crossdoc.TAIL, "warning",
     "“三公”经费合计（2023年预算数）：本文件推算为47.92万元，《b.pdf》为47.91万元，相差0.01万元（尾差）",
     ("47.92", "47.91", "0.01", "万元", True)),
    # each figure as its document printed it; the difference exact, in this document's unit
    ("budget_final", _fact("15641.1123", 4, printed="元", page=10), _fact("15621.11", page=6),
     crossdoc.DISAGREE, "error",
     "“三公”经费合计（2023年预算数）：本文件为156,411,123元，《b.pdf》第6页为15621.11万元，相差200,023元",
     ("156,411,123", "156,211,100", "200,023", "元", False)),
    ("dept_unit", _fact("8", 0, unit="辆", basis="截至2024年8月31日", title="车辆总数"),
     _fact("7", 0, unit="辆", basis="截至2024年8月31日", title="车辆总数", page=30), crossdoc.DISAGREE, "error",
     "车辆总数（截至2024年8月31日）：本文件为8辆，《b.pdf》第30页为7辆，相差1辆（单位的数字不应超过部门）",
     ("8", "7", "1", "辆", False)),
])
def test_a_finding_quotes_both_documents(identity, fact, other, status, severity, message, fields):
    """_finding: the item, its year and basis (or the date of a count), how this document states it, both
    figures as printed with the other's file and page, the difference, 尾差 a warning, the 部门/单位 note."""
    f = crossdoc._finding(f"crossdoc.{identity}", crossdoc.Comparison(identity, fact, other, DOC, status))
    assert (f.severity, f.message) == (severity, message)
    assert (f.stated, f.expected, f.difference, f.amount_unit, f.within_rounding) == fields
    assert f.page == fact.page and f.other["page"] == other.page and f.other["file"] == "/x/b.pdf"
    assert (f.other["basis"], f.other["how"], f.other["item"]) == (other.basis, fact.how, fact.item)


def test_a_comparison_listed_in_the_unit_this_document_prints():
    """Comparison.to_dict: this document's figure, the other's and the exact difference, all in the unit this
    document prints the item in (元 here), without separators; an unmatched fact is 无对应."""
    fact, other = _fact("15641.1123", 4, printed="元", page=10), _fact("15621.11", page=6)
    row = crossdoc.Comparison("budget_final", fact, other, DOC, crossdoc.DISAGREE).to_dict()
    assert (row["本文件"], row["对方数"], row["差额"], row["金额单位"], row["结果"]) == (
        "156411123", "156211100", "200023", "元", crossdoc.DISAGREE)
    assert (row["本文件页"], row["对方页"], row["对方文件"], row["对方口径"]) == (10, 6, "b.pdf", "预算")
    row = crossdoc.Comparison("budget_final", _fact("22.91"), _fact("22.9", 1), DOC, crossdoc.AGREE).to_dict()
    assert (row["本文件"], row["对方数"], row["差额"], row["金额单位"]) == ("22.91", "22.9", "0.01", "万元")
    count = _fact("8", 0, unit="辆", basis="截至2024年8月31日")
    row = crossdoc.Comparison("dept_unit", count, None, DOC, "").to_dict()
    assert (row["本文件"], row["金额单位"], row["结果"], row["对方数"], row["差额"]) == ("8", "辆", "无对应", None, None)


@pytest.mark.parametrize(("titles", "names"), [
    ([], None),
    (["B", "A", "A"], "A、B"),  # three comparisons of two items: no 等
    (["C", "B", "A"], "A、B、C"),
    (["D", "C", "B", "A"], "A、B、C等"),  # four: three named and 等
])
def test_other_basis_note_names_three_items(titles, names):
    """_other_basis_note: one info finding counting the comparisons of another basis, naming at most three
    items (sorted) and 等 when there are more than three comparisons; none when there is none."""
    found = list(crossdoc._other_basis_note("crossdoc.prior_year", [_cmp(crossdoc.OTHER_BASIS, title=t)
                                                                     for t in titles]))
    if names is None:
        assert found == []
        return
    assert len(found) == 1 and found[0].severity == "info"
    assert found[0].message == (f"{len(titles)}个项目两份文件口径不同（如本文件为上年执行数、对方为上年预算数），"
                                f"并列列示、不作判断：{names}")


def test_a_document_of_another_unit_is_named_as_not_compared():
    """report_block / summary_text: a document of another unit is listed as unrelated and the line says so."""
    other = office("dept")
    block = crossdoc.report_block(wanli(2024), [other])
    assert block["unrelated"] == [Path(other.path).name] and block["unconfirmed"] == []
    assert crossdoc.summary_text(block) == ("跨文件核对 0 项：一致 0，尾差 0，不一致 0，口径不同 0，无对应 0"
                                            f"（非同一单位或无可比关系，未比较：{Path(other.path).name}）")


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("123400.00", "元", (Decimal("12.34"), 6)),  # 123400.00元 = 12.34万元, two decimals of 元 = six of 万元
    ("156211123", "元", (Decimal("15621.1123"), 4)),
    ("15621.11", "万元", (Decimal("15621.11"), 2)),
    ("25", "万元", (Decimal("25"), 0)),
    ("约", "万元", None),
])
def test_a_narrative_amount_in_wan_and_its_decimals(value, unit, expected):
    """_claim_value: a narrative amount in 万元 with its printed decimals counted in 万元; None for no number."""
    got = crossdoc._claim_value(crossdoc.Claim("c1", 3, "amount", value=value, unit=unit))
    assert got == expected and (got is None or got[0] == expected[0])


@pytest.mark.parametrize(("sentence", "basis"), [
    ("一般公共预算拨款支出15621.11万元，比上年执行数减少876.75万元", "执行"),
    ("一般公共预算拨款支出15621.11万元，比上年执行减少876.75万元", "执行"),  # 执行 without 数
    ("一般公共预算拨款支出15621.11万元，比2023年预算减少876.75万元", "预算"),
    ("一般公共预算拨款支出15621.11万元，比2023年度决算增加1.00万元", "决算"),
    ("一般公共预算拨款支出15621.11万元，比上年当年执行数增加1.00万元", "执行"),
    ("一般公共预算拨款支出15621.11万元，比上年减少876.75万元", "预算"),  # no word: the document's own basis
])
def test_the_basis_a_change_is_measured_from(sentence, basis):
    """_basis_of_change: 比上年执行(数)… is measured from the execution, 比…预算 from the budget, 比…决算 from
    the final account; a bare 比上年 from the basis of the figure it changes."""
    assert crossdoc._basis_of_change(sentence, "预算") == basis


@pytest.mark.parametrize(("label", "year"), [("2023年预算执行数", 2023), ("上年预算执行数", 2024)])
def test_the_year_a_label_names(label, year):
    """_year_of: the year printed in a label (…年), else the default."""
    assert crossdoc._year_of(label, 2024) == year


@pytest.mark.parametrize(("label", "path"), [
    ("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)", ("一般公共服务支出", "统计信息事务", "专项普查活动")),
    ("“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”支出", ("一般公共服务支出", "统计信息事务", "专项普查活动")),
    ("统计信息事务(款)专项普查活动(项)", ("统计信息事务", "专项普查活动")),
    ("一般公共服务支出-统计信息事务-专项普查活动", ("一般公共服务支出", "统计信息事务", "专项普查活动")),
    ("一般公共服务支出-统计信息事务-专项普查活动(2023年预算执行数)", ("一般公共服务支出", "统计信息事务", "专项普查活动")),
    ("统计信息事务-专项普查活动", ()),  # one dash: not a 类-款-项 path
    ("专项普查活动", ()),
])
def test_name_path_of_a_label(label, path):
    """_name_path: the 类/款/项 names of a narrative label, marked (类)(款)(项) (inside quotes or not) or joined
    by two dashes or more; () otherwise."""
    assert crossdoc._name_path(label) == path


@pytest.mark.parametrize(("label", "expected"), [
    ("一般公共服务支出(类)统计信息事务(款)专项普查活动(项)",
     ("项:2010508", "2010508 一般公共服务支出/统计信息事务/专项普查活动")),  # found in the table: its code
    ("统计信息事务(款)专项普查活动(项)", ("项:统计信息事务/专项普查活动", "统计信息事务/专项普查活动")),
    ("一般公共服务支出-统计信息事务-专项普查活动-其他", None),  # four names: not a 类/款/项 path
    ("专项普查活动(项)", None),  # one name: too little to know the 项
])
def test_the_function_item_a_label_names(label, expected):
    """_function_item: a 2- or 3-name path is an item (by the table's code when the table has the path)."""
    rows = {("一般公共服务支出", "统计信息事务", "专项普查活动"): ("2010508", "专项普查活动")}
    assert crossdoc._function_item(Report(), label, rows) == expected


def _part(tables: list[bool], text: bool) -> Report:
    from budgetlib.model import Schedule, Section

    return Report(schedules={f"t{k}": Schedule(f"t{k}", present=p) for k, p in enumerate(tables)},
                  sections=[Section(1, "收支预算总体情况")] if text else [])


@pytest.mark.parametrize(("reports", "expected"), [
    ([_part([True, False], False), _part([False], True)], True),  # tables (some read) + text
    ([_part([False], True), _part([True], False)], True),
    ([_part([True], True), _part([False], True)], False),  # a whole document and a text
    ([_part([True], False), _part([True], False)], False),  # two tables files
    ([_part([False, False], False), _part([False], True)], False),  # no table read in the first
    ([_part([True], False)], False),
    ([_part([True], False), _part([False], True), _part([False], True)], False),
])
def test_parts_of_one_disclosure(reports, expected):
    """parts_of_one: exactly two files, one holding (some of) the tables and no text, the other the text only."""
    assert crossdoc.parts_of_one(reports) is expected


def test_a_yuan_cell_is_compared_at_the_coarser_precision_and_quoted_at_its_own():
    """The 2023 budget prints 收入总计 in 元 (p.10: 164,978,640 = 16497.8640万元, 4 decimals of 万元); the 2024
    budget implies 16497.86 (2 decimals). 100元 more in the 2023 table is 16497.87 at 2 decimals: a 尾差,
    quoted with the 元 figure's 4 decimals."""
    changed = _with_cell(wanli(2023), "summary", "in.grand", "amount", "164978740")
    found = [f for f in cross(wanli(2024), changed) if f.severity != "info"]
    assert [(f.severity, f.stated, f.expected, f.difference, f.amount_unit) for f in found] == [
        ("warning", "16497.86", "16497.8740", "-0.0140", "万元")]
    assert "收入总计" in found[0].message and found[0].other["page"] == 10


def test_a_function_item_from_the_table_listed_beside_the_stated_execution():
    """2013202 一般行政管理事务: the 2024 budget states its 2023 execution 60.79万元 (p.6); the 2023 budget's
    功能分类 table prints its 2023 budget 656,900元 (p.20) = 65.6900万元: listed in 万元, another basis."""
    cs = crossdoc.compare(wanli(2024), wanli(2023))
    row = next(c for c in cs if c.fact.item == "项:2013202").to_dict()
    assert (row["口径"], row["本文件"], row["本文件页"], row["对方口径"], row["对方数"], row["对方页"], row["对方原文"],
            row["差额"], row["金额单位"], row["结果"]) == (
        "执行", "60.79", 6, "预算", "65.6900", 20, "656900元", "-4.9000", "万元", crossdoc.OTHER_BASIS)
    row = next(c for c in cs if c.fact.item == "sangong.total").to_dict()  # the 三公 table's cell, p.28
    assert (row["本文件原文"], row["对方数"], row["对方页"], row["对方原文"], row["结果"]) == (
        "47.91，比上年增加25", "22.91", 28, "22.91万元", crossdoc.AGREE)


def test_a_budget_compared_with_the_final_account_of_the_previous_year():
    """From the 2025 budget's side, against a 2024 决算: only what it says of the 2024 budget is compared (its
    三公 2024 预算 implied as 37.91 + 10 = 47.91), never its own 2025 figures."""
    final = Report.from_truth(truth_of(DATA / "case_008.pdf"))
    final.unit, final.year = wanli(2025).unit, 2024
    final = _with_cell(final, sichuan_key(13), "budget", "total", "47.91")
    cs = crossdoc.compare(wanli(2025), final)
    assert cs and all((c.fact.year, c.fact.basis) == (2024, "预算") for c in cs)
    total = next(c for c in cs if c.fact.title == "“三公”经费合计")
    assert total.status == crossdoc.AGREE and crossdoc.fmt(total.fact.value, 2) == "47.91"


def test_department_side_of_a_unit_above_it():
    """From the 部门's side the rule is the same: its 单位's figure may be lower, not higher."""
    dept, unit = office("dept"), office("unit")
    assert all(c.status == crossdoc.AGREE for c in crossdoc.compare(dept, unit))
    higher = _with_cell(unit, "sangong", "budget", "reception", "30.00")  # the 部门 prints 28.50
    reception = [c for c in crossdoc.compare(dept, higher) if c.fact.title == "公务接待费"]
    assert [c.status for c in reception] == [crossdoc.DISAGREE]
    errors = [f for f in cross(dept, higher) if f.severity == "error"]
    assert [(f.rule, f.stated, f.expected) for f in errors] == [("crossdoc.dept_unit", "28.50", "30.00")]
    lower = _with_cell(unit, "sangong", "budget", "reception", "20.00")
    assert all(c.status == crossdoc.AGREE for c in crossdoc.compare(dept, lower))


@pytest.mark.parametrize(("title", "toc", "headings", "disclosure", "noun"), [
    ("上海市普陀区教育局2024年单位预算", [], [], "预算", "单位"),  # by the title
    ("上海市普陀区教育局2024年预算", ["一、单位主要职能"], [], "预算", "单位"),  # by the 目录
    ("上海市普陀区教育局2024年预算", [], ["单位主要职能及机构设置"], "预算", "单位"),  # by a heading
    ("上海市普陀区教育局2023年单位决算", [], [], "决算", "单位"),
    ("上海市普陀区教育局2023年单位预算执行", [], [], "决算", "部门"),  # 单位预算 is not 单位决算
    ("上海市普陀区教育局2024年部门预算", ["一、部门主要职能"], [], "预算", "部门"),
    ("上海市普陀区教育局2024年预算", [], [], "预算", "部门"),  # silent: 部门
])
def test_document_noun(title, toc, headings, disclosure, noun):
    """document_noun: 单位 when the title, 目录 or headings say 单位预算/单位决算 (of its own kind) or 单位主要职能."""
    report = Report(title=title, toc=toc, headings=headings, disclosure=disclosure)
    assert crossdoc.document_noun(report) == noun


def test_the_facts_a_narrative_states():
    """facts() of a 2024 budget whose tables were not read: a count at a date; this year's amounts by their
    cell ref (元 converted) or by a 类/款/项 name path; the 2023 figures implied by 比上年增加/减少 (the basis from
    the sentence, else the figure's own), by 与上年持平, and printed outright (2023年预算执行数); a change with a
    direction word that is neither states nothing."""
    from budgetlib.model import Claim, Prov, Ref

    path = "一般公共服务支出(类)组织事务(款)一般行政管理事务(项)"
    claims = [
        Claim("v", 3, "figure", label="车辆总数", value="7", unit="辆", quote="2023年8月31日", prov=Prov(32)),
        Claim("a1", 3, "amount", label="“三公”经费预算数", value="47.91", ref=Ref("sangong", "budget", "total"),
              prov=Prov(31)),
        Claim("a2", 3, "amount", label="因公出国（境）费", value="0", ref=Ref("sangong", "budget", "abroad"),
              prov=Prov(31)),
        Claim("a3", 3, "amount", label="公务接待费", value="13500.00", unit="元",
              ref=Ref("sangong", "budget", "reception"), prov=Prov(31)),
        Claim("a4", 3, "amount", label=path, value="60.00", prov=Prov(7)),
        Claim("a5", 3, "amount", label="收入预算", value="15621.11", ref=Ref("summary", "in.grand", "amount"),
              prov=Prov(6)),
        Claim("a6", 3, "amount", label="其他收入", value="1.00", prov=Prov(6)),  # names no item
        Claim("b", 3, "amount", label="2023年预算执行数", value="60.79", prov=Prov(8)),
        Claim("a7", 3, "amount", label="公务用车购置及运行费", value="46.56", ref=Ref("sangong", "budget", "vehicle"),
              prov=Prov(31)),
        Claim("b7", 3, "amount", label="上年预算执行数", value="21.56", prov=Prov(31)),  # 上年: 2023
        Claim("p7", 3, "yoy_prior", subject="a7", budget="b7", prov=Prov(31)),
        Claim("y1", 3, "yoy_amount", value="25", direction="增加", subject="a1", prov=Prov(31),
              sentence="“三公”经费预算47.91万元，比上年预算增加25万元"),
        Claim("f2", 3, "flat", subject="a2", prov=Prov(31), sentence="因公出国（境）费0万元，与上年持平"),
        Claim("p4", 3, "yoy_prior", subject="a4", budget="b", prov=Prov(8)),
        Claim("g5", 3, "yoy_amount", value="100", direction="持平", subject="a5", prov=Prov(6)),  # garbled
        Claim("y5", 3, "yoy_amount", value="876.75", direction="减少", subject="a5", prov=Prov(6),
              sentence="收入预算15621.11万元，比上年减少876.75万元"),
        Claim("y6", 3, "yoy_amount", value="1", direction="增加", subject="a6", prov=Prov(6)),
    ]
    report = Report(unit="上海市普陀区教育局", year=2024, disclosure="预算", template="shanghai_budget", claims=claims)
    F, P, IMP = crossdoc.Fact, crossdoc.PRINTED, crossdoc.IMPLIED
    item = "项:一般公共服务支出/组织事务/一般行政管理事务"
    title = "一般公共服务支出/组织事务/一般行政管理事务"
    assert crossdoc.facts(report) == [
        F("车辆:车辆总数", "车辆总数", 2024, "截至2023年8月31日", Decimal("7"), 0, P, 32, "7辆", "辆"),
        F("sangong.total", "“三公”经费合计", 2024, "预算", Decimal("47.91"), 2, P, 31, "47.91万元"),
        F("sangong.abroad", "因公出国（境）费", 2024, "预算", Decimal("0"), 0, P, 31, "0万元"),
        F("sangong.reception", "公务接待费", 2024, "预算", Decimal("1.35"), 6, P, 31, "13500.00元", printed="元"),
        F(item, title, 2024, "预算", Decimal("60.00"), 2, P, 7, "60.00万元"),
        F("income_total", "收入总计", 2024, "预算", Decimal("15621.11"), 2, P, 6, "15621.11万元"),
        F("sangong.vehicle", "公务用车购置及运行（维护）费", 2024, "预算", Decimal("46.56"), 2, P, 31, "46.56万元"),
        F("sangong.vehicle", "公务用车购置及运行（维护）费", 2023, "执行", Decimal("21.56"), 2, P, 31, "上年预算执行数21.56"),
        F("sangong.total", "“三公”经费合计", 2023, "预算", Decimal("22.91"), 2, IMP, 31, "47.91，比上年增加25"),
        F("sangong.abroad", "因公出国（境）费", 2023, "预算", Decimal("0"), 0, crossdoc.FLAT, 31, "0，与上年持平"),
        F(item, title, 2023, "执行", Decimal("60.79"), 2, P, 8, "2023年预算执行数60.79"),
        F("income_total", "收入总计", 2023, "预算", Decimal("16497.86"), 2, IMP, 6, "15621.11，比上年减少876.75"),
    ]
