from decimal import Decimal

import pytest

from budgetlib.numbers import decimals, leading_number, parse_amount, round_half_up, truncate, try_amount


@pytest.mark.parametrize("text,expected", [
    ("2133.59", Decimal("2133.59")),
    ("２１３３．５９", Decimal("2133.59")),        # 全角 digits and point
    ("1,234.50", Decimal("1234.50")),              # 千分位
    ("１，２３４．５０", Decimal("1234.50")),       # 全角 千分位
    ("84.55%", Decimal("84.55")),
    ("84.55％", Decimal("84.55")),
    ("766.53万元", Decimal("766.53")),
    ("27,080元", Decimal("27080")),
    (" 60.00 ", Decimal("60.00")),
    ("-5.00", Decimal("-5.00")),
    ("(3.20)", Decimal("-3.20")),
    ("0", Decimal("0")),
])
def test_parse_amount_reads_printed_forms(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "-", "—", "/", "／", None, "  ", "－"])
def test_blank_marks_are_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["无", "12,34.5", "1.2.3", "abc", "完成"])
def test_non_numbers_raise(text):
    with pytest.raises(ValueError):
        parse_amount(text)
    assert try_amount(text) is None


def test_amounts_are_exact_decimals():
    assert parse_amount("0.1") + parse_amount("0.2") == parse_amount("0.3")


def test_decimals_and_leading_number():
    assert decimals("84.55%") == 2
    assert decimals("100") == 0
    assert decimals("9.8") == 1
    assert leading_number("5.77万") == Decimal("5.77")
    assert leading_number("≥95%") == Decimal("95")
    assert leading_number("完成") is None


def test_round_half_up_not_bankers():
    assert round_half_up(Decimal("8.455"), 2) == Decimal("8.46")   # banker's would give 8.46 too
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")   # banker's gives 0.12
    assert truncate(Decimal("38.2877"), 2) == Decimal("38.28")
