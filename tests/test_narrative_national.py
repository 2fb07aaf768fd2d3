"""Narrative rules on the national template (corpus_national): the truth files' narrative errors
are found at their {section, claim}, and nothing else is reported."""

from __future__ import annotations

import copy

import pytest
from conftest import national_cases, truth_of
from national import czj_report, pdf_case, read_pdf
from truthmatch import matches, missing, unexpected, wrong_severity

from budgetlib.checks import audit
from budgetlib.checks.registry import RULES, Context, run_rules
from budgetlib.model import Cell, Claim, Finding, Ref, Report, Row, Schedule

# year and entity claims (narrative.year_mismatch, narrative.placeholder) belong to the document
# structure work; every other narrative rule is checked here
OWNED_ELSEWHERE = {"narrative.year_mismatch", "narrative.placeholder"}
NARRATIVE = {r for r in RULES if r.startswith("narrative.")} - OWNED_ELSEWHERE
CASES = national_cases()


def run(report: Report) -> list[Finding]:
    return list(run_rules(Context(report), only=NARRATIVE))


def narrative_errors(truth: dict) -> list[dict]:
    return [e for e in truth["errors"] if e["rule"] in NARRATIVE]


def assert_as_truth(findings: list[Finding], truth: dict) -> None:
    errors = narrative_errors(truth)
    assert not missing(findings, errors, NARRATIVE)
    assert not unexpected(findings, errors, NARRATIVE)
    assert not wrong_severity(findings, errors, NARRATIVE)
    for e in errors:  # matched by the claim itself, not only by its section
        named = {(f.other or {}).get("claim") for f in findings if matches(f, e) and f.severity != "info"}
        assert named == {e["location"]["claim"]}, e


# ---------------------------------------------------------------- ground truth


@pytest.mark.parametrize("pdf", CASES, ids=lambda p: p.stem)
def test_truth_errors_found_and_nothing_else(pdf):
    truth = truth_of(pdf)
    assert_as_truth(run(Report.from_truth(truth)), truth)


@pytest.fixture(scope="module")
def clean() -> dict:
    """d007: a clean case (no planted errors) with 三公 spending, per-项 rates and every figure."""
    if not CASES:
        pytest.skip("../shared/corpus_national 不存在")
    truth = truth_of(next(p for p in CASES if p.stem == "d007"))
    assert not truth["errors"]
    return truth


def planted(truth: dict, claim_id: str, **changes) -> list[Finding]:
    return planted_many(truth, {claim_id: changes})


def planted_many(truth: dict, changes: dict[str, dict]) -> list[Finding]:
    t = copy.deepcopy(truth)
    for c in t["narrative"]["claims"]:
        c.update(changes.get(c["id"], {}))
    return [f for f in run(Report.from_truth(t)) if f.severity != "info"]


def _item_dir(truth: dict, word: str) -> dict:
    return next(c for c in truth["narrative"]["claims"] if c["kind"] == "direction" and c["value"] == word)


def test_clean_case_has_no_narrative_error(clean):
    assert not [f for f in run(Report.from_truth(clean)) if f.severity != "info"]


def test_direction_word_against_the_stated_figures(clean):
    c = _item_dir(clean, "小于")
    (f,) = planted(clean, c["id"], value="大于")
    assert (f.rule, f.severity, f.stated, f.expected, f.other) == \
        ("narrative.direction", "error", "大于", "小于", {"claim": c["id"]})
    (f,) = planted(clean, c["id"], value="等于")
    assert f.rule == "narrative.direction"


def test_flat_means_equal_and_roughly_flat_allows_a_cent(clean):
    c = _item_dir(clean, "等于")
    assert not planted(clean, c["id"], value="持平")
    assert not planted(clean, c["id"], value="基本持平")
    budget = next(x for x in clean["narrative"]["claims"] if x["id"] == c["budget"])

    def direction_with_budget(word: str, cents: int) -> list[Finding]:
        value = f"{float(budget['value']) + cents / 100:.2f}"
        found = planted_many(clean, {c["id"]: {"value": word}, c["budget"]: {"value": value}})
        return [f for f in found if f.rule == "narrative.direction"]

    assert not direction_with_budget("基本持平", 1)
    ((f,), (g,)) = direction_with_budget("基本持平", 2), direction_with_budget("等于", 1)
    assert (f.stated, f.expected, g.stated, g.expected) == ("基本持平", "小于", "等于", "小于")


def test_rate_on_a_table_budget(clean):
    c = next(x for x in clean["narrative"]["claims"] if x["kind"] == "budget_rate" and x.get("budget_ref")
             and x["value"] not in ("0.00", "0"))
    (f,) = planted(clean, c["id"], value="12.34")
    assert (f.rule, f.severity, f.other) == ("narrative.budget_rate", "error", {"claim": c["id"]})
    assert "÷预算" in f.message


def test_trimmed_amounts_are_cents():
    def mismatch(stated: str, cell: str) -> list[Finding]:
        rep = Report(template="national_dept_2024", claims=[
            Claim("s2.other", 2, "amount", "其他收入", stated, ref=Ref("income", "total", "other"))])
        rep.schedules["income"] = Schedule("income", rows=[Row("total", values={"other": Cell(cell)})])
        return [f for f in run(rep) if f.severity != "info"]

    assert not mismatch("6.2", "6.20") and not mismatch("0", "0.00")
    (f,) = mismatch("6.2", "6.23")  # 6.2 printed for 6.20, not a rounding of 6.23
    assert (f.rule, f.severity, f.stated, f.expected) == ("narrative.table_mismatch", "error", "6.20", "6.23")


def test_rate_of_a_zero_budget_is_could_not_check():
    rep = Report(template="national_dept_2024", claims=[
        Claim("s7.abroad", 7, "amount", "因公出国（境）费", "0.00"),
        Claim("s7.budget0", 7, "amount", "预算", "0"),
        Claim("s7.abroad.rate", 7, "budget_rate", "因公出国（境）费完成预算", "0", amount="s7.abroad", budget="s7.budget0"),
    ])
    (f,) = run(rep)
    assert (f.rule, f.severity) == ("narrative.budget_rate", "info")


def test_counts_add_up_exactly(clean):
    (f,) = planted(clean, "s11.veh.total", value=str(int(next(
        c for c in clean["narrative"]["claims"] if c["id"] == "s11.veh.total")["value"]) + 1))
    assert (f.rule, f.severity, f.other) == ("narrative.sum", "error", {"claim": "s11.veh.total"})
    assert "万元" not in f.message


def _claims(*specs) -> Report:
    return Report(template="national_dept_2024", claims=[Claim(*s[:5], **(s[5] if len(s) > 5 else {})) for s in specs])


def test_shares_add_up_to_a_hundred_within_their_rounding():
    shares = [("s5.class.201.share", 5, "share", "", "71.73"), ("s5.class.208.share", 5, "share", "", "11.11"),
              ("s5.class.210.share", 5, "share", "", "2.07"), ("s5.class.221.share", 5, "share", "", "15.16")]
    total = ("s5.struct.shares", 5, "sum", "各类占比之和", "100", {"parts": [s[0] for s in shares]})
    (f,) = [f for f in run(_claims(*shares, total)) if f.rule == "narrative.sum"]
    assert (f.severity, f.stated, f.expected, f.other) == ("error", "100.07", "100.00", {"claim": "s5.struct.shares"})
    shares[0] = shares[0][:4] + ("71.67",)  # 100.01: four shares may miss 100 by 0.02
    assert not [f for f in run(_claims(*shares, total)) if f.rule == "narrative.sum"]


def test_sme_contracts_at_most_the_procurement_total():
    specs = [("s11.proc.total", 11, "amount", "政府采购金额", "251.25"),
             ("s11.proc.won_sme", 11, "amount", "预留项目中小企业中标金额", "246.47"),
             ("s11.proc.other_sme", 11, "amount", "其他项目中小企业中标金额", "4.79"),
             ("s11.proc.sme", 11, "at_most", "中小企业中标金额", None,
              {"total": "s11.proc.total", "parts": ["s11.proc.won_sme", "s11.proc.other_sme"]})]
    assert not run(_claims(*specs))  # 251.26 against 251.25: the printed cents allow it
    specs[2] = specs[2][:4] + ("14.79",)
    (f,) = run(_claims(*specs))
    assert (f.rule, f.severity, f.stated, f.other) == ("narrative.at_most", "error", "261.26", {"claim": "s11.proc.sme"})


def test_flat_with_a_reason_of_change_is_a_warning():
    rep = _claims(("s4.flat", 4, "flat", "财政拨款收入支出总计", "持平",
                   {"quote": "基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付"}),
                  ("s7.flat", 7, "flat", "“三公”经费财政拨款支出", "持平"))
    (f,) = run(rep)
    assert (f.rule, f.severity, f.section, f.other) == ("narrative.yoy_flat", "warning", 4, {"claim": "s4.flat"})


# ---------------------------------------------------------------- end to end on the PDFs


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", [pdf_case(p) for p in CASES])
def test_pdf_errors_found_and_nothing_else(pdf):
    report = read_pdf(pdf)
    assert report.narrative_found
    assert_as_truth(audit(report), truth_of(pdf))


# ---------------------------------------------------------------- czj_2024 (real report, hand audit)

# czj_2024.expected.json, narrative part: (rule, severity, claim). The hand audit calls a narrative
# amount against its table narrative.amount (= narrative.table_mismatch) and its 持平 warning
# narrative.direction (here narrative.yoy_flat: 持平 is a comparison with last year, not with the budget).
CZJ_EXPECTED = {
    ("narrative.table_mismatch", "error", "s4.total"),  # 0.3 万元 vs 总计 2,961.68
    ("narrative.yoy_flat", "warning", "s4.flat"),  # 持平, with a reason of 减少支付
    ("narrative.share", "error", "s5.class.201.share"),  # 71.73% vs 71.65%
    ("narrative.sum", "warning", "s5.struct.total"),  # 2940.05 vs the four 类 2940.06
    ("narrative.sum", "error", "s5.struct.shares"),  # the shares add up to 100.07%
    ("narrative.sum", "warning", "s5.detail.budget"),  # 2993.92 vs the 11 项 2993.93
    ("narrative.sum", "warning", "s5.detail.total"),  # 2940.05 vs the 11 项 2940.06
    ("narrative.sum", "warning", "s11.proc.total"),  # 251.25 vs 4.79 + 0 + 246.47
    ("narrative.budget_rate", "info", "s7.abroad.rate"),  # 完成预算的0% of a budget of 0
    ("narrative.budget_rate", "info", "s7.vehicle.rate"),
}


def test_czj_hand_audit():
    findings = [f for f in run(czj_report()) if f.rule in NARRATIVE]
    assert {(f.rule, f.severity, (f.other or {}).get("claim")) for f in findings} == CZJ_EXPECTED
    (f,) = [f for f in findings if f.rule == "narrative.share"]
    assert (f.stated, f.expected, f.section) == ("71.73", "71.65", 5)
    (f,) = [f for f in findings if f.rule == "narrative.table_mismatch"]
    assert (f.stated, f.expected, f.table) == ("0.30", "2961.68", "fiscal_summary")
    (f,) = [f for f in findings if (f.other or {}).get("claim") == "s5.struct.shares"]
    assert (f.stated, f.expected) == ("100.07", "100.00")
    tails = [f for f in findings if f.severity == "warning" and f.rule == "narrative.sum"]
    assert all(f.within_rounding and abs(float(f.difference)) == 0.01 for f in tails)


@pytest.mark.parametrize("parts,total,flagged", [
    # each printed figure may be off by half a cent: n parts and the total allow 0.005 × (n + 1)
    (["1.01", "1.01", "1.00"], "3.00", False),  # excess 0.02 ≤ 0.005 × 4
    (["1.01", "1.01", "1.01"], "3.00", True),   # excess 0.03 > 0.02
    (["1.01", "1.00"], "2.00", False),          # excess 0.01 ≤ 0.005 × 3
    (["1.01", "1.01"], "2.00", True),           # excess 0.02 > 0.015
])
def test_at_most_allows_half_a_cent_per_printed_figure(parts, total, flagged):
    keys = [f"s11.proc.p{i}" for i in range(len(parts))]
    specs = [("s11.proc.total", 11, "amount", "政府采购金额", total)]
    specs += [(k, 11, "amount", f"分项{i}", v) for i, (k, v) in enumerate(zip(keys, parts))]
    specs.append(("s11.proc.sme", 11, "at_most", "中小企业中标金额", None, {"total": "s11.proc.total", "parts": keys}))
    found = [(f.rule, f.severity) for f in run(_claims(*specs))]
    assert found == ([("narrative.at_most", "error")] if flagged else [])


@pytest.mark.parametrize("stated,said", [("0", False), ("0.00", False), ("5.00", True)])
def test_share_of_a_zero_total(stated, said):
    # 0 of 0 printed as 占0%: nothing to object to; any other share of a zero total cannot be computed and says so
    specs = [("s5.total", 5, "amount", "支出合计", "0.00"), ("s5.class.201", 5, "amount", "一般公共服务支出", "0.00"),
             ("s5.class.201.share", 5, "share", "一般公共服务支出占比", stated, {"part": "s5.class.201", "whole": "s5.total"})]
    found = [(f.rule, f.severity) for f in run(_claims(*specs)) if f.rule == "narrative.share"]
    assert found == ([("narrative.share", "info")] if said else [])
