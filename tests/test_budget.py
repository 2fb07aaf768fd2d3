"""部门/单位预算 disclosures (issue 14): detected as 预算, said so in meta, the CLI line and the store,
audited without a crash. The 30 real budgets are in ../shared/real/budget (catalogue.csv); the few a
fresh clone needs are copied to tests/fixtures/real/budget."""

from __future__ import annotations

import copy
import csv
import json
from functools import cache
from pathlib import Path

import pytest
from conftest import REAL, real_file

from budgetlib.checks import audit
from budgetlib.cli import main
from budgetlib.errors import BadInput
from budgetlib.model import Cell, Claim, Report, Section
from budgetlib.parse.inputs import classify
from budgetlib.parse.report import read_report
from budgetlib.pdf.document import scan_pdf

BUDGETS = REAL / "budget"


def catalogue() -> list[dict[str, str]]:
    path = BUDGETS / "catalogue.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["file"].endswith(".pdf")]


ROWS = catalogue()


def _expected_kind(name: str) -> str:
    """Jiangsu publishes some budgets as two files: the tables (…_tables.pdf) and the narrative (…_text.pdf)."""
    if name.endswith("_tables.pdf"):
        return "tables"
    if name.endswith("_text.pdf"):
        return "excerpt"
    return "full"


def test_catalogue_is_there():
    """Says so when ../shared is absent (the parametrized tests below then run on no file)."""
    if not BUDGETS.is_dir():
        pytest.skip(f"{BUDGETS} 不存在：预算样本测试未运行 / ../shared/real/budget is absent")
    assert len(ROWS) == 30


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_budgets_are_classified(row):
    scan = scan_pdf(BUDGETS / row["file"])
    assert classify([p.text for p in scan.pages]) == (_expected_kind(row["file"]), "预算")


@pytest.mark.parametrize("parts", [("czj_2024.pdf",), ("excerpts", "01_daying_culture_tourism_2022.pdf"),
                                   ("excerpts", "06_jiading_justice_bureau_2017.pdf")], ids=lambda p: p[-1])
def test_final_accounts_stay_final_accounts(parts):
    """A 决算 says 预算 everywhere (一般公共预算, 年初预算数): it stays a 决算."""
    scan = scan_pdf(real_file(*parts))
    assert classify([p.text for p in scan.pages])[1] == "决算"


def test_cli_states_the_disclosure(tmp_path, capsys):
    pdf = real_file("budget", "shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf")
    out = tmp_path / "findings.json"
    assert main(["audit", str(pdf), "-o", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert "完整的部门/单位预算" in line, line
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert meta["disclosure"] == "预算" and meta["kind"] == "full"


def test_store_keeps_budget_and_final_account_apart(tmp_path):
    """One unit's 决算 and 预算 of one year are two rows of the store, and the prior-year check never
    compares a budget's figure with a final account's."""
    from budgetlib import store
    from budgetlib.batch.paths import year_folder

    assert year_folder(2025, "决算") == 2025 and year_folder(2025, "预算") == "2025预算"
    units = [{"unit": "某局", "year": 2025, "disclosure": d, "errors": e, "warnings": 0, "infos": 0}
             for d, e in (("决算", 1), ("预算", 2))]
    figs = [{"unit": "某局", "year": 2025, "disclosure": "预算", "key": "k", "label": "支出", "current": "10",
             "prior_stated": "8"},
            {"unit": "某局", "year": 2024, "disclosure": "决算", "key": "k", "label": "支出", "current": "9"},
            {"unit": "某局", "year": 2024, "key": "k2", "label": "收入", "current": "5"}]
    store.write_store(tmp_path, {"units": units, "findings": [], "figures": figs})
    con = store.open_store(tmp_path)
    assert store.units_with_most_errors(con)[["disclosure", "errors"]].values.tolist() == [["预算", 2], ["决算", 1]]
    assert store.prior_year_check(con).empty  # the 2024 figure is a 决算's
    assert con.execute("SELECT disclosure FROM figures WHERE key = 'k2'").fetchone() == ("决算",)


# ---------------------------------------------------------------- pinned findings (hand-checked)


@cache
def audited(name: str) -> tuple[Report, tuple]:
    path = real_file("budget", name)
    if not Path(path).is_file():
        pytest.skip(f"{name}：../shared/real/budget 不存在且未复制到 tests/fixtures/real/budget / not available")
    report = read_report(path)
    return report, tuple(audit(report, {}))


def problems(findings) -> list[tuple]:
    return sorted((f.rule, f.severity, f.page, f.stated, f.expected) for f in findings if f.severity != "info")


def _BI(page: int, year: int, what: str = "预算") -> tuple:  # noqa: N802 (reads as the phrase it pins)
    """比YYYY年预算持平 printed on `page` (judgement.collocation): 持平 goes with 与…相比."""
    return ("judgement.collocation", "warning", page, f"比{year}年{what}持平", f"与{year}年{what}相比持平")


# Every error below was checked by hand against the PDF (figures in the comments); the warnings too.
PINNED = {
    # 上海市普陀区人民政府办公室 2025 部门预算: every table identity and every narrative figure agrees
    # (收入/支出预算 9,101.68 = 财务收支预算总表 91,016,775.35 元; 12 科目 lines = 一般公共预算支出表)
    # — but for its wording: p.6 "政府性基金…0万元，比2024年预算持平；国有资本经营…比2024年预算持平" (持平 goes
    # with 与…相比; the 检查表 flags 比…持平), the same in its 单位预算 and in 商务委's "比2024年预算执行数持平"
    "shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf": [_BI(6, 2024)] * 2,
    "shanghai_putuo_quzhengfubangongshi_2025_unit_budget.pdf": [_BI(6, 2024)] * 2,
    "shanghai_putuo_shangwuwei_2025_dept_budget.pdf": [_BI(7, 2024, "预算执行数")] * 2,
    "shanghai_putuo_shangwuwei_2025_unit_budget.pdf": [_BI(7, 2024, "预算执行数")] * 2,
    # 万里街道 2024, p.9 item 31: “…住房公积金（项）”350.35万元 (table 2210201: 3,503,499 元), then
    # “2024年预算安排352.67万元” — one item, two amounts (352.67 is item 30's 其他城乡社区支出 figure)
    "shanghai_putuo_wanlijiedao_2024_dept_budget.pdf": [
        ("budget.restated", "error", 9, "352.67", "350.35"),
        # p.6 item 4: 宣传事务 114.00 → 110.60, “减少2.98%。主要原因是：宣传事务一般行政管理事务经费增加。”
        ("budget.reason_direction", "warning", 6, "减少", "增加"),
        # 比…持平 (pdftotext of the pages): p.6 政府性基金/国有资本经营 0.00万元; p.7-9 items 科普活动, 群众体育,
        # 其他城市生活救助, 计划生育服务, 其他城乡社区住宅 "比2023年预算执行数持平"; p.32 三公 因公出国, 公务车运行费, 公务接待费
        *[_BI(6, 2023)] * 2, *[_BI(p, 2023, "预算执行数") for p in (7, 7, 8, 8, 9)], *[_BI(32, 2023)] * 3,
    ],
    "shanghai_putuo_wanlijiedao_2023_dept_budget.pdf": [
        # p.7 item 16: 职业年金缴费支出 220.63万元 (table 2,206,272 元) then “2023年预算安排441.25万元” (item 15's)
        ("budget.restated", "error", 7, "441.25", "220.63"),
        # p.6 item 3: 2022年执行数11.67 → 2023年45.41: (45.41−11.67)/11.67 = 289.12%, printed 增加314.82%
        ("budget.yoy_prior", "error", 6, "314.82", "289.12"),
        # p.7 item 16: 132.59 → 441.25: 308.66/132.59 = 232.79%, printed 增加60.54% (item 15's rate)
        ("budget.yoy_prior", "error", 7, "60.54", "232.79"),
        # p.6: 政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元: last year would be −1421.25
        ("narrative.yoy_amount", "error", 6, "增加1421.25", "增加≤0.00"),
        # 比…持平: p.6 国有资本经营 0万元; p.7 公共法律服务 and 科普活动 "比2022年预算执行数持平"; p.29 三公 合计,
        # 因公出国, 公务用车购置费, 公务车用车运行费, 公务接待费
        _BI(6, 2022), *[_BI(7, 2022, "预算执行数")] * 2, *[_BI(29, 2022)] * 5,
    ],
    "shanghai_putuo_caizhengju_2025_dept_budget.pdf": [
        # p.7 and its reprint p.8 (the PDF prints the page twice): item 7 职业年金缴费支出 887.36万元,
        # table 2080506 = 873,617.00 元 = 87.36万元
        ("narrative.table_mismatch", "error", 7, "887.36", "87.36"),
        ("narrative.table_mismatch", "error", 8, "887.36", "87.36"),
        # truncated, not rounded: 877,080.00 元 → 87.71 (87.70), 782,164 → 78.22 (78.21),
        # 2,049,197 → 204.92 (204.91), 2,687,760 → 268.78 (268.77)
        *[("narrative.table_mismatch", "warning", page, stated, expected) for page in (7, 8)
          for stated, expected in (("87.70", "87.71"), ("78.21", "78.22"), ("204.91", "204.92"), ("268.77", "268.78"))],
    ],
    "shanghai_putuo_shehuifuliyuan_2024_unit_budget.pdf": [
        # p.6 item 4: 社会福利事业单位 738.66万元; 一般公共预算支出表 2081005 = 6,964,796 元 = 696.48万元
        ("narrative.table_mismatch", "error", 6, "738.66", "696.48"),
        # p.16: “…与2023年预算持平，主要原因是。” — the reason is missing
        ("judgement.incomplete_sentence", "warning", 16, "主要原因是。", None),
        # 医疗卫生与计划生育支出 was renamed 卫生健康支出 in 2019: narrative p.6, tables p.7 and p.10
        ("judgement.outdated_subject", "warning", 6, "医疗卫生与计划生育支出（类）", "卫生健康支出（类）"),
        ("judgement.outdated_subject", "warning", 7, "医疗卫生与计划生育支出", "卫生健康支出"),
        ("judgement.outdated_subject", "warning", 10, "医疗卫生与计划生育支出", "卫生健康支出"),
    ],
    # 万里街道 2025: four 1-元 tails in 元 tables printed without 分 (21201: 17,887,739 + 17,464,243 +
    # 6,522,681 + 53,121,126 = 94,995,789, printed 94,995,790; 212: Σ款 154,369,327, printed 154,369,326)
    "shanghai_putuo_wanlijiedao_2025_dept_budget.pdf": sorted(
        # its tables print whole 元 (单位：元): a 1 元 尾差 quoted in 元, as printed
        [("table.hierarchy", "warning", p, "154,369,326", "154,369,327") for p in (12, 12, 17, 23)]
        + [("table.hierarchy", "warning", p, "94,995,790", "94,995,789") for p in (12, 12, 17, 23)]
        + [("table.row_sum", "warning", p, "94,995,790", "94,995,789") for p in (17, 23)]
        # 比…持平: p.6 政府性基金/国有资本经营 0.00万元, p.30 三公 因公出国, 公务车运行费, 公务接待费
        + [_BI(6, 2024)] * 2 + [_BI(30, 2024)] * 3
        # p.7 item 21: “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）” — 210 is the 类; the 款 is 21007 计划生育事务
        + [("judgement.subject_wording", "warning", 7, "卫生健康支出（款）", "款级科目名称")]),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_pinned_findings(name):
    report, findings = audited(name)
    assert (report.disclosure, report.template, report.kind) == ("预算", "shanghai_budget", "full")
    assert problems(findings) == sorted(PINNED[name])


def test_tables_and_claims_are_read():
    """The clean budget is clean because it was read: all nine tables, the narrative's figures tied to cells."""
    report, findings = audited("shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf")
    assert [k for k, s in report.schedules.items() if s.present] == [
        "summary", "income", "expense", "fiscal_summary", "gp_expense", "gov_fund", "soe_capital", "gp_basic", "sangong"]
    assert report.unit == "上海市普陀区人民政府办公室" and report.year == 2025
    sangong = report.schedule("sangong").row("budget").values
    assert {k: sangong[k].text for k in ("total", "abroad", "reception", "admin")} == {
        "total": "867.50", "abroad": "839.00", "reception": "28.50", "admin": "213.28"}
    tied = {(c.ref.table, c.ref.row, c.ref.column): c.value for c in report.claims if c.kind == "amount" and c.ref}
    assert tied[("summary", "in.grand", "amount")] == "9,101.68"
    assert tied[("gp_expense", "2010302", "total")] == "4,614"
    assert tied[("sangong", "budget", "admin")] == "213.28"
    assert not [f for f in findings if f.rule == "table.missing"]


def test_a_planted_table_error_is_found():
    """基本支出 of 行政运行 raised by 1万元: the row sum and the hierarchy break, as errors."""
    report, _ = audited("shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf")
    planted = copy.deepcopy(report)
    row = planted.schedule("expense").row("2010301")
    row.values["basic"] = Cell("1192.950184", row.values["basic"].prov)  # printed 1191.950184 (11,919,501.84 元)
    found = {(f.rule, f.row, f.column) for f in audit(planted, {}) if f.severity == "error"}
    assert ("table.row_sum", "2010301", "total") in found
    assert ("table.hierarchy", "20103", "basic") in found


# ---------------------------------------------------------------- budget wording


def _budget_report(*paragraphs: str) -> Report:
    rep = Report(disclosure="预算", year=2024)
    rep.sections = [Section(no=1, title="2024年部门预算编制说明", paragraphs=list(paragraphs))]
    return rep


def _claims(rep: Report) -> list[Claim]:
    from budgetlib.parse.claims_budget import extract_budget_claims

    rep.claims = extract_budget_claims(rep)
    return rep.claims


def _errors(rep: Report, rule: str) -> list:
    from budgetlib.checks.registry import Context, run_rules

    return [f for f in run_rules(Context(rep, {}), only=[rule]) if f.severity != "info"]


def test_the_inspection_sheet_example_is_an_error():
    """普陀 预算公开检查表: 43269.3 → 3845.49 described as 增加17.62% (it fell by 91.11%)."""
    rep = _budget_report("1.“一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）”3845.49万元，"
                         "主要用于其他一般公共服务支出。2023年当年预算执行数为43269.3万元，2024年预算安排3845.49万元，"
                         "比2023年预算执行数增加17.62%。主要原因是：项目调整。")
    _claims(rep)
    [f] = _errors(rep, "budget.yoy_prior")
    assert f.severity == "error" and f.stated == "增加17.62" and f.expected == "减少39423.81"
    assert "下降91.11%" in f.message


def test_a_consistent_prior_is_no_finding_and_a_rate_slip_is():
    ok = "“教育支出（类）其他教育支出（款）其他教育支出（项）”25.00万元。2023年当年预算执行数为20.00万元，2024年预算安排25.00万元，比2023年预算执行数增加25.00%。"
    bad = ok.replace("增加25.00%", "增加20.00%")
    rep = _budget_report(ok)
    _claims(rep)
    assert _errors(rep, "budget.yoy_prior") == []
    rep = _budget_report(bad)
    _claims(rep)
    [f] = _errors(rep, "budget.yoy_prior")
    assert (f.stated, f.expected) == ("20.00", "25.00")


def test_one_item_two_amounts_in_a_paragraph():
    rep = _budget_report("2025年本部门政府采购预算34万元，其中：政府采购货物预算0万元、政府采购工程预算0万元、"
                         "政府采购服务预算34万元。本部门政府采购预算40万元。")
    _claims(rep)
    [f] = _errors(rep, "budget.restated")
    assert (f.stated, f.expected) == ("40", "34")


def test_jiangsu_wording():
    """江苏: 与上年相比增加X万元，增长Y%; 占“三公”经费的Y% of a whole the text does not state."""
    rep = _budget_report(
        "江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比收、支预算总计各增加3205.79万元，增长13.11%。",
        "江苏省委办公厅2019年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出70万元，占“三公”"
        "经费的13.77%；公务用车购置及运行费支出411.20万元，占“三公”经费的80.92%；公务接待费支出27万元，占“三公”经费的5.31%。")
    claims = _claims(rep)
    yoy = {c.kind: c for c in claims if c.kind.startswith("yoy")}
    assert (yoy["yoy_amount"].value, yoy["yoy_amount"].direction) == ("3205.79", "增加")
    assert (yoy["yoy_pct"].value, yoy["yoy_pct"].direction) == ("13.11", "增长")
    assert _errors(rep, "narrative.yoy_pct") == [] and _errors(rep, "narrative.sum") == []
    # 27664.22 − 3205.79 = 24458.43; 3205.79 / 24458.43 = 13.107% → 13.11 ✓; 13.77 + 80.92 + 5.31 = 100 ✓
    rep = _budget_report(rep.sections[0].paragraphs[1].replace("5.31%", "15.31%"))
    _claims(rep)
    [f] = _errors(rep, "narrative.sum")
    assert "110.00%" in f.message


# ---------------------------------------------------------------- every budget audits


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_every_budget_audits(row):
    """All 30 (江苏 included): read and audited without an exception; a refusal would be a one-line BadInput."""
    try:
        report = read_report(BUDGETS / row["file"])
    except BadInput as exc:  # pragma: no cover - none of the 30 is refused today
        pytest.fail(f"refused: {exc.line()}")
    findings = audit(report, {})
    assert report.disclosure == "预算" and findings
    assert all(f.message and f.rule for f in findings)


def test_wrong_year_in_a_comparison():
    """A 2025 budget compares with 2024 (上年): 比2023年 is the wrong year; 2024年执行数 and the assets
    截至2024年8月31日 are the year before, as a budget has them."""
    rep = _budget_report("2025年，某局收入预算100万元，比2023年预算增加10万元。",
                         "2024年当年预算执行数为90万元，2025年预算安排100万元，比2024年预算执行数增加11.11%。",
                         "截至2024年8月31日，某局共有车辆2辆。")
    rep.year = 2025
    [f] = _errors(rep, "narrative.year_mismatch")
    assert (f.stated, f.expected) == ("2023", "2024")


def test_a_reason_against_the_direction():
    rep = _budget_report("“一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”110.60万元。2023年当年预算执行数为"
                         "114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。主要原因是：宣传事务经费增加。")
    _claims(rep)
    assert _errors(rep, "budget.yoy_prior") == []  # (114.00 − 110.60) / 114.00 = 2.98%
    [f] = _errors(rep, "budget.reason_direction")
    assert (f.stated, f.expected, f.severity) == ("减少", "增加", "warning")


def test_batch_keeps_the_budget_apart(tmp_path):
    """A budget lands in <unit>/<year>预算/, its manifest, summary and store rows say 预算; a re-run skips it."""
    import shutil

    src = real_file("budget", "shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf")
    if not Path(src).is_file():
        pytest.skip("budget fixture not available")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(src, inputs / "budget.pdf")
    out = tmp_path / "out"
    argv = ["batch", str(inputs), "--out", str(out), "--no-notebooks", "--workers", "1"]
    assert main(argv) == 0
    folder = out / "上海市普陀区人民政府办公室" / "2025预算"
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["disclosure"] == "预算"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [d["disclosure"] for d in summary["done"]] == ["预算"]
    from budgetlib import store

    con = store.open_store(out)
    assert con.execute("SELECT DISTINCT disclosure FROM findings").fetchall() == [("预算",)]
    assert main(argv) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [d["disclosure"] for d in summary["skipped"]] == ["预算"]


def test_notebooks_run_on_a_budget(tmp_path, capsys):
    """`budgetlib run` on a budget: DIR/<unit>/<year>预算/, no notebook fails, 00 names the budget, the
    sections a budget does not have (绩效自评表, the 决算's 政府性基金…) each say so in one line, and 03
    shows the 三公 its 说明 does state."""
    pdf = real_file("budget", "shanghai_putuo_shehuifuliyuan_2024_unit_budget.pdf")
    if not Path(pdf).is_file():
        pytest.skip("budget fixture not available")
    assert main(["run", str(pdf), "--out", str(tmp_path)]) == 0
    folder = tmp_path / "上海市普陀区社会福利院" / "2024预算"

    def shown(name: str) -> str:
        nb = json.loads((folder / name).read_text(encoding="utf-8"))
        out = []
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                assert o.get("output_type") != "error", (name, o.get("evalue"))
                out.append("".join(o.get("data", {}).get("text/markdown", "")))
        return "\n".join(out)

    assert "2024年度预算" in shown("00_概览.ipynb") and "完整的部门/单位预算" in shown("00_概览.ipynb")
    assert "本报告为预算公开，不附绩效自评表，本节不适用。" in shown("05_绩效自评.ipynb")
    # the budget's 说明 states its 三公 under 其他相关情况说明: 03 shows that text and its checked figures;
    # only 政府性基金 and 国有资本经营, which it does not state, say they do not apply
    assert shown("03_三公基金国资.ipynb").count("本节不适用") == 2
    nb03 = json.loads((folder / "03_三公基金国资.ipynb").read_text(encoding="utf-8"))
    html03 = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb03["cells"] for o in c.get("outputs", []))
    assert "三公" in html03 and "经费" in html03 and "核对结果" in html03
    # 其他相关情况说明 is 04's: 01 (收入支出) points there instead of printing it among the 决算's 收入 sections
    assert "见 04 其他重要事项" in shown("01_收入支出.ipynb")
