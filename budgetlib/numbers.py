"""Printed numbers → Decimal, exactly.

Everything that turns a printed figure into a number goes through here, so the rules never see a
float and never guess at a format twice.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

# Cells that mean "nothing here" in published schedules.
BLANK_MARKS = {"", "-", "—", "–", "－", "/", "／", "——", "--", "…"}

_NUM_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_LEADING_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_UNIT_SUFFIXES = ("万元", "元", "%", "％")


def normalize(text: str | None) -> str:
    """NFKC (全角 → 半角), drop all whitespace; None stays ''."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", t)


def is_blank(text: str | None) -> bool:
    return normalize(text) in BLANK_MARKS


def parse_amount(text: str | None) -> Decimal | None:
    """The Decimal a cell prints, or None for a blank / '-' / '/' cell.

    Accepts 全角 digits, 千分位 commas, a trailing 万元/元/%, a leading sign, (1.00) accounting
    negatives. Raises ValueError on text that is not a number at all, so callers decide.
    """
    t = normalize(text)
    if t in BLANK_MARKS:
        return None
    for suffix in _UNIT_SUFFIXES:
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    if t in BLANK_MARKS:
        return None
    if not _NUM_RE.match(t):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"not a number: {text!r}") from exc
    return -value if neg else value


def try_amount(text: str | None) -> Decimal | None:
    """parse_amount, but None instead of an error for non-numbers."""
    try:
        return parse_amount(text)
    except ValueError:
        return None


def leading_number(text: str | None) -> Decimal | None:
    """The first number in a cell such as '5.77万' or '≥95%'; None if there is none."""
    m = _LEADING_RE.search(normalize(text))
    if not m:
        return None
    return Decimal(m.group(0).replace(",", ""))


def decimals(text: str | None) -> int:
    """Digits after the decimal point as printed ('84.55%' → 2, '100' → 0)."""
    t = normalize(text).rstrip("%％")
    m = _LEADING_RE.search(t)
    if not m or "." not in m.group(0):
        return 0
    return len(m.group(0).split(".", 1)[1])


def quantize(value: Decimal, dp: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-dp), rounding=rounding)


def round_half_up(value: Decimal, dp: int) -> Decimal:
    return quantize(value, dp, ROUND_HALF_UP)


def truncate(value: Decimal, dp: int) -> Decimal:
    return quantize(value, dp, ROUND_DOWN)


def yuan_to_wan(value: Decimal) -> Decimal:
    return value / Decimal(10000)


# The units a money figure is printed in, as a power of ten of 元. Rules compute in 万元 (the unit of
# most schedules and narratives); every figure a person reads is quoted in the unit it was printed in.
UNITS = {"万元": 4, "元": 0}
INTERNAL = "万元"


def wan(value: Decimal, unit: str = "元") -> Decimal:
    """A figure printed in `unit`, in 万元 exactly; trailing zeros beyond the cent dropped
    (123400.00 元 → 12.34, 154369326.00 元 → 15436.9326)."""
    if unit == INTERNAL or unit not in UNITS:
        return value
    out = value.scaleb(UNITS[unit] - UNITS[INTERNAL])
    cents = out.quantize(Decimal("0.01"))
    return cents if cents == out else out.normalize()


def in_unit(value: Decimal, unit: str = INTERNAL) -> Decimal:
    """A 万元 figure in the printed `unit` (元: × 10000)."""
    return value if unit == INTERNAL or unit not in UNITS else value.scaleb(UNITS[INTERNAL] - UNITS[unit])


def as_printed(value: Decimal, unit: str) -> str:
    """A figure already in `unit` at its printed decimals, written as that unit is printed: 元 with
    thousands separators (154,369,326.00), 万元 plain (15436.93)."""
    return f"{value:,f}" if unit == "元" else f"{value:f}"


def fmt_amount(value: Decimal | None, unit: str = INTERNAL, dp: int = 2) -> str:
    """A 万元 figure (or difference) as the page printed it: in `unit` at `dp` decimals, 元 figures with
    thousands separators (154,369,326.00). The one formatter of every quoted amount."""
    if value is None:
        return "空"
    return as_printed(quantize(in_unit(value, unit), dp), unit)


def fmt(value: Decimal | None, dp: int = 2) -> str:
    """Format for messages: fixed decimals, no exponent."""
    if value is None:
        return "空"
    return f"{quantize(value, dp):f}"
