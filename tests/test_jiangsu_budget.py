"""江苏省级部门预算 2017–2019 (template jiangsu_budget_2017): which tables are read, the figures they
read, and the table.* findings, pinned per file. The figures were checked by hand against the PDFs
(pdftotext -layout); the files pinned here have no table error or warning — every identity of the
template holds in print (e.g. 委办 2018 三公: 1,471.70 = 508.20 + 933.50 + 30.00 and 508.20 = 70.00 +
411.20 + 27.00; 检察院 2017: 1,452.35 = 584.35 + 168.00 + 700.00). Narrative (预算编制说明) claims are
another rule family (claims.* / narrative.*) and are not pinned here, so the two sets compose.

The whole ../shared/real/budget folder runs when ../shared is present; a fresh clone has only the
tables-only 委办 2018 file (tests/fixtures/real) and says so.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED, committed, real_file

from budgetlib.checks import audit
from budgetlib.checks.registry import Context, run_rules
from budgetlib.model import Finding, Report
from budgetlib.parse.report import parse_document
from budgetlib.parse.schedule_catalog import chinese_number, classify_title, table_number
from budgetlib.pdf.document import open_document

TEMPLATE = "jiangsu_budget_2017"
KEYS = ["income_expense_summary", "income", "expense", "fiscal_summary", "fiscal_expense", "fiscal_basic",
        "gp_expense", "gp_basic", "sangong", "gov_fund", "operating_cost"]

# (table, row, column) → the figure printed there (万元), read by hand off the PDF
FIGURES = {
    # whole report, 2017 order (七 政府性基金 … 十一 三公), tables spread over pages 10–16
    "jiangsu_shengjianchayuan_2017_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "17996.68",
        ("income_expense_summary", "in.other", "amount"): "15.00",
        ("income_expense_summary", "out.use.basic", "amount"): "12323.48",
        ("fiscal_summary", "in.gp", "amount"): "17981.68",
        ("fiscal_summary", "out.basic", "amount"): "12308.48",
        ("expense", "total", "project"): "5533.00",
        ("expense", "total", "reserve"): "140.20",
        ("gp_basic", "total", "amount"): "12308.48",
        ("sangong", "budget", "total"): "1452.35",
        ("sangong", "budget", "vehicle_buy"): "50.00",
        ("operating_cost", "total", "amount"): "6032.55",
    },
    # whole report, 2018 order (九 三公, 十 政府性基金), figures printed without thousands separators
    "jiangsu_shengrendabangongting_2018_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "15897.44",
        ("income_expense_summary", "out.201", "amount"): "12706.28",
        ("income_expense_summary", "out.use.project", "amount"): "6333.96",
        ("fiscal_summary", "out.basic", "amount"): "7877.76",
        ("expense", "total", "reserve"): "1685.72",
        ("gp_expense", "total", "amount"): "15897.44",
        ("sangong", "budget", "total"): "2542.60",
        ("sangong", "budget", "meeting"): "1305.25",
        ("operating_cost", "total", "amount"): "1579.38",
    },
    # whole report, 2017, Word-drawn: titles '一、2017年度江苏省高级人民法院部门收支预算总表'; continuations
    # drawn with other hairlines (一般公共预算基本支出 p15→16). 收入预算总表 and 三公 are not read reliably
    # (figures outside any read column): could-not-check, not pinned as figures
    "jiangsu_shenggaojifayuan_2017_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "28849.38",
        ("expense", "total", "basic"): "17123.19",
        ("expense", "total", "reserve"): "182.92",
        ("fiscal_expense", "total", "amount"): "28849.38",
        ("gp_basic", "total", "amount"): "17123.19",
        ("gp_basic", "30299", "amount"): "193.00",
        ("operating_cost", "total", "amount"): "9193.40",
        ("operating_cost", "310", "amount"): "143.40",
    },
    # whole report, 2018, Word-drawn: 30108 printed above the frame of its continuation page (p12),
    # 十八、住房保障支出 one hairline column left of its 名称 column (p10); 收入预算总表 as 检察院 2018 below
    "jiangsu_shenggaojifayuan_2018_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "33172.15",
        ("income_expense_summary", "out.221", "amount"): "4716.51",
        ("income_expense_summary", "out.use.reserve", "amount"): "3258.06",
        ("fiscal_summary", "out.basic", "amount"): "18570.82",
        ("fiscal_basic", "30108", "amount"): "1326.81",
        ("income", "gp", "amount"): "33172.15",  # 小计 above the group label 一般公共预算资金 (Word table)
        ("income", "gp.grant", "amount"): "33172.15",
        ("income", "other", "amount"): "0.00",
        ("gp_basic", "30231", "amount"): "266.80",
        ("sangong", "budget", "total"): "2558.26",
        ("sangong", "budget", "training"): "1666.25",
    },
    # whole report, Word-drawn tables: hairline rulings cut one printed column or row into several,
    # label and figure cells span them (title lines '一、2019年度…' and 部门名称 inside the frame)
    "jiangsu_shenggaojifayuan_2019_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "37188.34",
        ("income_expense_summary", "out.use.basic", "amount"): "21968.00",
        ("expense", "total", "project"): "10208.94",
        ("expense", "total", "reserve"): "5011.40",
        ("fiscal_expense", "total", "amount"): "37188.34",
        ("gp_expense", "2040501", "amount"): "17279.29",
        ("gp_basic", "302", "amount"): "3580.05",
        ("sangong", "budget", "total"): "2382.02",
        ("sangong", "budget", "training"): "1597.25",
        ("operating_cost", "302", "amount"): "3580.05",
    },
    # whole report, 2018, Word-drawn 收入预算总表: 项目名称 over group | item with hairline slivers between,
    # each group label centred on a hairline row below its 小计 row (其他资金 小计 14.39 = 其他收入 14.39;
    # read as blank it made two false errors against 收入总计 21,955.35 = 21,940.96 + 14.39)
    "jiangsu_shengjianchayuan_2018_dept_budget.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "21955.35",
        ("income_expense_summary", "in.other", "amount"): "14.39",
        ("income", "grand", "amount"): "21955.35",
        ("income", "gp", "amount"): "21940.96",
        ("income", "gp.grant", "amount"): "21940.96",
        ("income", "other", "amount"): "14.39",
        ("income", "other.business", "amount"): "0.00",
        ("income", "other.other", "amount"): "14.39",
        ("income", "carry_begin", "amount"): "0.00",
    },
    # tables only, cover '省级部门预算公开报表 江苏省财政厅印制', titles framed inside the grids
    "jiangsu_shengweibangongting_2018_dept_budget_tables.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "24458.43",
        ("income_expense_summary", "out.201", "amount"): "20153.75",
        ("income_expense_summary", "out.use.reserve", "amount"): "1973.86",
        ("fiscal_summary", "in.gp", "amount"): "24458.43",
        ("expense", "total", "project"): "12081.46",
        ("fiscal_basic", "total", "amount"): "10403.11",
        ("sangong", "budget", "total"): "1471.70",
        ("sangong", "budget", "vehicle"): "411.20",
        ("operating_cost", "total", "amount"): "2094.58",
    },
    # tables only, 公开表一 … 公开表十二
    "jiangsu_shengrendachangweihui_2019_dept_budget_tables.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "18330.37",
        ("income_expense_summary", "out.use.basic", "amount"): "9312.90",
        ("expense", "total", "reserve"): "2557.89",
        ("gp_basic", "total", "amount"): "9312.90",
        ("sangong", "budget", "total"): "2600.71",
        ("sangong", "budget", "training"): "363.38",
    },
    # tables only, 表一 … (2017 order); 收入预算总表 prints 财政转专户管理资金 (sic)
    "jiangsu_shengzhengxiebangongting_2017_dept_budget_tables.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "9146.79",
        ("income", "other", "amount"): "80.00",
        ("fiscal_summary", "in.gp", "amount"): "9066.79",
        ("expense", "total", "project"): "3123.68",
        ("sangong", "budget", "total"): "1852.32",
        ("operating_cost", "total", "amount"): "3348.98",
    },
    # tables only, 公开01表 …
    "jiangsu_shengzhengxiebangongting_2018_dept_budget_tables.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "10150.48",
        ("income_expense_summary", "out.208", "amount"): "823.76",
        ("income", "other.other", "amount"): "80.00",
        ("fiscal_summary", "out.basic", "amount"): "5598.17",
        ("gp_expense", "2010204", "amount"): "814.16",
        ("sangong", "budget", "total"): "1656.86",
        ("sangong", "budget", "reception"): "412.50",
        ("operating_cost", "total", "amount"): "1115.85",
    },
    "jiangsu_shengzhengxiebangongting_2019_dept_budget_tables.pdf": {
        ("income_expense_summary", "in.grand", "amount"): "13377.11",
        ("fiscal_summary", "in.gp", "amount"): "13297.11",
        ("fiscal_basic", "total", "amount"): "6442.75",
        ("expense", "total", "project"): "4968.34",
        ("sangong", "budget", "total"): "2224.43",
        ("operating_cost", "total", "amount"): "1130.74",
    },
}
# table.* errors and warnings by rule: none in these files (info-level 无法核对 is not pinned)
FINDINGS: dict[str, Counter] = {name: Counter() for name in FIGURES}


# the one file a clone carries (tests/fixtures/real/budget): its tests run everywhere, never skip
COMMITTED = ("jiangsu_shengweibangongting_2018_dept_budget_tables.pdf",)


def budget_file(name: str) -> Path:
    path = real_file("budget", name)
    if name in COMMITTED:
        committed(FIXTURES / "real" / "budget" / name)
        return committed(path)
    if not path.exists():
        pytest.skip(f"{name}：../shared/real/budget 不存在，且 tests/fixtures 无此文件 / needs ../shared ({SHARED})")
    return path


@functools.cache
def audited(name: str) -> tuple[Report, list[Finding]]:
    with open_document(budget_file(name)) as doc:
        report = parse_document(doc)
    return report, audit(report)


def table_findings(findings: list[Finding]) -> Counter:
    return Counter((f.rule, f.severity) for f in findings
                   if f.rule.startswith("table.") and f.severity in ("error", "warning"))


def test_committed_file_is_pinned():
    assert set(COMMITTED) <= set(FIGURES)
    for name in COMMITTED:
        assert (FIXTURES / "real" / "budget" / name).is_file()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_tables_read(name):
    report, _ = audited(name)
    assert report.template == TEMPLATE
    assert [k for k, s in report.schedules.items() if s.present] == KEYS
    for (table, row, column), figure in FIGURES[name].items():
        r = report.schedules[table].row(row)
        assert r is not None, (table, row)
        assert r.values[column].text == figure, (table, row, column)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_table_findings_pinned(name):
    _, findings = audited(name)
    assert table_findings(findings) == FINDINGS[name], [f.message for f in findings
                                                         if f.rule.startswith("table.") and f.severity != "info"]


def test_identities_catch_a_changed_figure():
    """The pins above are no 'it ran': change one printed figure and the template's identities say so."""
    report, _ = audited("jiangsu_shengweibangongting_2018_dept_budget_tables.pdf")
    meeting = report.schedules["sangong"].row("budget").values["meeting"]
    basic = report.schedules["fiscal_summary"].row("out.basic").values["amount"]
    saved = meeting.text, basic.text
    try:
        meeting.text = "943.50"  # printed 933.50: 合计 1,471.70 ≠ 508.20 + 943.50 + 30.00
        found = [f for f in run_rules(Context(report), only={"table.row_sum"}) if f.severity != "info"]
        assert [(f.table, f.severity, f.difference) for f in found] == [("sangong", "error", "-10.00")]
        meeting.text = saved[0]
        basic.text = "10403.12"  # one cent off 基本支出表's 合计 10,403.11: the same figure, a 尾差 warning
        found = [f for f in run_rules(Context(report), only={"table.cross"}) if f.severity != "info"]
        assert [(f.table, f.severity) for f in found] == [("fiscal_basic", "warning")]
    finally:
        meeting.text, basic.text = saved


@pytest.mark.parametrize("name", ["jiangsu_shengweibangongting_2017_dept_budget_text.pdf",
                                  "jiangsu_shengzhengxiebangongting_2019_dept_budget_text.pdf"])
def test_narrative_only_file_has_no_tables(name):
    """The 说明 lists the twelve tables by title (一、收支预算总表 …) without printing them: no table is read."""
    report, findings = audited(name)
    assert not any(s.present for s in report.schedules.values())
    assert not table_findings(findings)


def test_unreadable_grid_is_not_missing():
    """人大办公厅 2017 draws 收入预算总表 inside the grid of the 收支预算总表 continuation: printed but not
    read — could-not-check, never table.missing."""
    report, findings = audited("jiangsu_shengrendabangongting_2017_dept_budget.pdf")
    assert report.schedules["income"].present and report.schedules["income"].confidence == 0
    assert not [f for f in findings if f.rule == "table.missing" and f.severity == "error"]
    assert table_findings(findings) == Counter()


def test_printed_numbers_and_titles():
    assert [chinese_number(t) for t in ("一", "九", "十", "十一", "十二", "二十", "二十三", "百")] == \
        [1, 9, 10, 11, 12, 20, 23, None]
    assert [table_number(t) for t in ("公开05表", "公开表十二", "表三", "附表三")] == [5, 12, 3, None]
    # a catalogue title the line ends with (上海's 部门支出预算总表 or 江苏's 支出预算总表: parse_schedules
    # takes the matched template's, see 高级法院 2017 above)
    assert classify_title("三、2017年度江苏省高级人民法院部门支出预算总表").endswith("支出预算总表")
    assert classify_title("财政拨款支出预算表（功能科目）") == "财政拨款支出预算表(功能科目)"
    assert classify_title("“三公”经费、会议费、培训费支出预算表（一般公共预算）") is not None
    assert classify_title("2018年政府采购预算表") is None  # not (yet) in the template
    # a 预算 title is never taken for the 决算 one it resembles, nor the reverse
    assert classify_title("财政拨款收支预算总表") == "财政拨款收支预算总表"
    assert classify_title("财政拨款收入支出决算总表") == "财政拨款收入支出决算总表"
