"""Hypothesis fuzzing of the text → number edge: numbers, narrative claims, table cells.

No input may crash a parser (only the documented ValueError of parse_amount), and every well-formed
value read back through any printed form (千分位, 全角, 万元/%, (accounting) negatives, spaces) is exact.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlib.model import Report, Section
from budgetlib.numbers import decimals, is_blank, leading_number, normalize, parse_amount, try_amount
from budgetlib.parse.claims import Para, extract_claims
from budgetlib.pdf.cells import printed

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMERIC_ALPHABET = "0123456789０１２３４５６７８９,，.．-－+()（）%％万元 　\t/—–…eE"
mixed_text = st.text(alphabet=st.sampled_from(list(NUMERIC_ALPHABET)), max_size=30) | st.text(max_size=40)
amounts = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2,
                      allow_nan=False, allow_infinity=False)

FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


def _grouped(d: Decimal) -> str:
    return f"{abs(d):,.2f}"


def printed_forms(d: Decimal) -> st.SearchStrategy[str]:
    """Ways a report prints the amount d."""
    plain, grouped = f"{abs(d):.2f}", _grouped(d)
    sign = "-" if d < 0 else ""
    forms = [sign + plain, sign + grouped, sign + plain + "万元", sign + grouped + "元",
             (sign + plain).translate(FULL), " " + sign + grouped + " ", sign + plain + "%"]
    if d < 0:
        forms += [f"({plain})", f"（{grouped}）", f"({plain})万元"]
    return st.sampled_from(forms)


@FAST
@given(mixed_text)
def test_parse_amount_never_crashes(text):
    try:
        value = parse_amount(text)
    except ValueError:
        assert try_amount(text) is None
        return
    assert value is None or isinstance(value, Decimal)
    assert try_amount(text) == value


@FAST
@given(mixed_text)
def test_number_helpers_never_crash(text):
    assert isinstance(normalize(text), str)
    assert isinstance(is_blank(text), bool)
    assert isinstance(decimals(text), int)
    n = leading_number(text)
    assert n is None or isinstance(n, Decimal)


@FAST
@given(amounts.flatmap(lambda d: st.tuples(st.just(d), printed_forms(d))))
def test_parse_amount_round_trip(pair):
    d, text = pair
    assert parse_amount(text) == d


@FAST
@given(amounts)
def test_huge_and_negative_values_keep_every_digit(d):
    big = d * Decimal(10) ** 20
    assert parse_amount(f"{big:f}") == big
    assert decimals(f"{abs(d):.2f}") == 2


@FAST
@given(st.text(alphabet=st.sampled_from(list("()（）")), min_size=1, max_size=8), amounts)
def test_nested_parentheses_are_rejected_or_exact(parens, d):
    text = parens + f"{abs(d):.2f}" + parens[::-1]
    try:
        value = parse_amount(text)
    except ValueError:
        return
    assert value in (abs(d), -abs(d), None)


@FAST
@given(mixed_text)
def test_cell_text_normalisation_is_idempotent(text):
    once = printed(text)
    assert printed(once) == once


# ---------------------------------------------------------------- narrative claims

NARRATIVE_ALPHABET = list("收支总计本年收入合计其中一般公共预算财政拨款占与上年相比增加减少增长下降万元%。，；：、（）0123456789.")


def _report(*paragraphs: str, no: int = 1) -> Report:
    return Report(sections=[Section(no=no, title="收入支出决算总体情况说明", paragraphs=list(paragraphs))])


@FAST
@given(st.lists(st.text(alphabet=st.sampled_from(NARRATIVE_ALPHABET), max_size=80) | st.text(max_size=60),
                max_size=4), st.integers(min_value=1, max_value=10))
def test_claim_extraction_never_crashes(paragraphs, no):
    for c in extract_claims(_report(*paragraphs, no=no)):
        assert c.value is None or isinstance(c.value, str)
    for p in paragraphs:
        para = Para.of(p)
        assert len(para.index) == len(para.norm)


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


@FAST
@given(money, money, st.booleans(), st.booleans(), st.booleans())
def test_total_and_change_round_trip(total, change, up, grouped, fullwidth):
    """'收、支总计X万元。与上年相比，收、支总计各增加D万元，增长P%' reads back X, D and the direction."""
    fmt = _grouped if grouped else (lambda d: f"{d:.2f}")
    pct = Decimal("12.34")
    text = (f"2023年度收、支总计{fmt(total)}万元。与2022年相比，收、支总计各{'增加' if up else '减少'}"
            f"{fmt(change)}万元，{'增长' if up else '下降'}{pct}%。")
    if fullwidth:
        text = text.translate(FULL)
    claims = {c.id: c for c in extract_claims(_report(text))}
    assert parse_amount(claims["s1.total"].value) == total
    assert parse_amount(claims["s1.yoy_amount"].value) == change
    assert claims["s1.yoy_amount"].direction == ("增加" if up else "减少")
    assert parse_amount(claims["s1.yoy_pct"].value) == pct
