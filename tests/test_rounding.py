"""The rounding envelope policy, on the worked examples of rules.md and domain.md §6."""

from decimal import Decimal

import pytest

from budgetlib.checks.rounding import (
    ERROR,
    PASS,
    TRUNCATED,
    WARNING,
    WITHIN_ROUNDING,
    Tolerance,
    compare_amount,
    compare_percent,
    ratio_envelope,
)

D = Decimal


@pytest.mark.parametrize("stated,part,whole,status,reason", [
    ("4.27", "0.28", "6.56", PASS, "exact"),                 # domain §6 case 08: 4.2683 → 4.27
    ("13.71", "1.24", "9.04", WARNING, TRUNCATED),           # 13.7168 truncated
    ("38.28", "2570.97", "6714.88", WARNING, TRUNCATED),     # NAR-ROUNDING example
    ("34.88", "6.28", "6.28", ERROR, "mismatch"),             # 接待 of 三公 = 100%
    ("37.53", "1281.85", "3415.44", PASS, "exact"),           # seed 一 yoy
    ("84.55", "11.04", "13.06", WARNING, WITHIN_ROUNDING),    # rules.md envelope 84.46–84.60
    ("84.61", "11.04", "13.06", ERROR, "mismatch"),           # just outside the envelope
    ("93.5", "93.54", "100", PASS, "exact"),                  # 1-dp stated precision
    ("９３．５４％", "93.54", "100.00", PASS, "exact"),        # 全角 stated figure
])
def test_compare_percent(stated, part, whole, status, reason):
    v = compare_percent(stated, part, whole)
    assert v is not None
    assert (v.status, v.reason) == (status, reason)


def test_envelope_of_rules_md_example():
    low, high = ratio_envelope(D("11.04"), D("13.06"))
    assert round(low, 2) == D("84.46") and round(high, 2) == D("84.60")


def test_yoy_rate_envelope():
    from budgetlib.checks.narrative import _rate_range

    # 增加 10.00 to 110.00 (prior 100.00), each figure ±0.005: 9.995/100.010 … 10.005/99.990 (×100)
    low, high = _rate_range(D("10.00"), D("110.00"), "增加", D("0.005"))
    assert (low, high) == (D("9.995") / D("100.010") * 100, D("10.005") / D("99.990") * 100)
    assert _rate_range(D("10.00"), D("10.00"), "增加", D("0.005")) is None  # a prior year of 0: no rate



def test_amounts_a_stated_rate_allows():
    from budgetlib.checks.narrative import _delta_range

    # 增长5.28% of 本年 1994.88: the rate in [5.275, 5.285]%, 本年 ±0.005, Δ = p·本年/(1+p)
    low, high = _delta_range(D("5.28"), 2, D("1994.88"), "增加", D("0.005"))
    assert low == D("0.05275") * D("1994.875") / (1 + D("0.05275"))
    assert high == D("0.05285") * D("1994.885") / (1 + D("0.05285"))


def test_envelope_of_a_part_under_one_unit():
    # 0.50 of 10.00: part in [0.495, 0.505], whole in [9.995, 10.005] → 4.9475… – 5.0525…
    assert ratio_envelope(D("0.50"), D("10.00")) == (D("0.495") / D("10.005") * 100, D("0.505") / D("9.995") * 100)
    # a printed 0.00 may be up to 0.005 but never negative: the share's low end is 0
    assert ratio_envelope(D("0.00"), D("10.00"))[0] == 0


def test_verdict_carries_figures_for_the_finding():
    v = compare_percent("34.88", "6.28", "6.28")
    assert (v.stated_text, v.expected_text, v.difference_text) == ("34.88", "100.00", "-65.12")
    assert not v.within_rounding


@pytest.mark.parametrize("part,whole", [(None, "1"), ("1", None), ("1", "0"), ("1", "无")])
def test_missing_inputs_give_none(part, whole):
    assert compare_percent("1.00", part, whole) is None


def test_not_a_number_stated_gives_none():
    assert compare_percent("约一半", "1", "2") is None


@pytest.mark.parametrize("n,slack", [(1, "0.01"), (2, "0.01"), (3, "0.015"), (4, "0.02"), (5, "0.025"), (6, "0.03")])
def test_tail_is_max_of_one_unit_and_half_a_unit_per_part(n, slack):
    """rules.md: a total of k printed parts may miss their sum by max(0.01, k × 0.005)."""
    assert Tolerance().tail(n) == D(slack)


def test_tolerance_scales_with_the_printed_precision_and_the_params():
    assert Tolerance().tail(4, 0) == D(2) and Tolerance().half(1) == D("0.05")
    wide = Tolerance.from_params({"tolerances": {"sum_slack_per_part": "0.01"}})
    assert wide.tail(3) == D("0.03") and wide.half() == D("0.01") and wide.same_figure() == D("0.01")
    assert Tolerance.from_params({}) == Tolerance() == Tolerance.from_params(None)


def test_compare_amount():
    assert compare_amount("1360.96", D("1360.96")).status == PASS
    assert compare_amount("1360.46", D("1360.96")).status == ERROR
    assert compare_amount("89.98", D("89.99"), Tolerance().tail(3)).reason == WITHIN_ROUNDING
    assert compare_amount("89.97", D("89.99"), Tolerance().tail(3)).status == ERROR
    # a table in 元 converted to 万元 keeps its extra digits; compared at the stated precision
    assert compare_amount("47.06", D("47.055")).status == PASS
    assert compare_amount("47.05", D("47.055")).reason == TRUNCATED
    assert compare_amount("1,360.96", D("1360.96")).status == PASS
    assert compare_amount("x", D("1")) is None
    assert compare_amount("1", None) is None


@pytest.mark.parametrize("stated,exact,status", [
    ("0.13", "0.125", PASS),   # half rounds up (rules.md: round half up), even when the digit before is even
    ("0.12", "0.125", WARNING),  # the truncated figure is a warning, not the rounding
    ("2.5", "2.45", PASS),
    ("8.46", "8.455", PASS),
    ("8.44", "8.445", WARNING),  # truncated; banker's rounding would have taken it for exact
])
def test_classify_rounds_half_up(stated, exact, status):
    from budgetlib.checks.rounding import classify

    v = classify(stated, D(exact))
    assert v.status == status and (v.reason == "exact") == (status == PASS)


def test_note_says_why_a_figure_is_not_an_error():
    # rules.md: 11.04 / 13.06 has the envelope 84.46–84.60; only a warning says why it is one
    assert compare_percent("84.55", "11.04", "13.06").note_zh() == "（在各数据舍入误差范围 84.46–84.60 内）"
    assert compare_percent("13.71", "1.24", "9.04").note_zh() == "（所列数为截尾值，应四舍五入）"
    assert compare_percent("84.61", "11.04", "13.06").note_zh() == ""


@pytest.mark.parametrize("a,b,distance", [("84.53", "84.53", 0), ("84.53", "84.35", 2), ("8453", "84.53", 1),
                                          ("", "12", 2), ("kitten", "sitting", 3), ("ab", "ba", 2),
                                          ("abcd", "acd", 1), ("abc", "abd", 1), ("12.34", "21.34", 2)])
def test_levenshtein(a, b, distance):
    from budgetlib.checks.narrative import _levenshtein

    assert _levenshtein(a, b) == distance == _levenshtein(b, a)


@pytest.mark.parametrize("whole,half", [
    ("0.01", "0.01"),    # 0.01 ± 0.01 (sum_slack_per_part 0.01): the whole may be 0.00
    ("-0.01", "0.01"),   # −0.01 ± 0.01: likewise, from below
    ("0.005", "0.005"),
    ("0.00", "0.005"),
])
def test_no_envelope_when_the_whole_may_be_zero(whole, half):
    """A share of a whole whose rounding range reaches 0 (at either end) is unbounded: no envelope."""
    assert ratio_envelope(D("0.01"), D(whole), D(half)) is None


@pytest.mark.parametrize("part,whole", [("0.50", "1.00"), ("1.00", "1.00"), ("0.50", "0.02")])
def test_envelope_of_a_whole_clear_of_zero(part, whole):
    """A whole whose ±half range stays off 0 (1.00, even 0.02) bounds the share."""
    p, w, h = D(part), D(whole), D("0.005")
    assert ratio_envelope(p, w) == ((p - h) / (w + h) * 100, (p + h) / (w - h) * 100)


def test_unit_defaults_to_the_cent_of_wan_yuan():
    """Tolerance.unit(): one unit of the 0.01 万元 precision unless another is asked for."""
    assert Tolerance.unit() == D("0.01") == Tolerance().unit()
    assert Tolerance.unit(0) == D(1) and Tolerance.unit(3) == D("0.001")
