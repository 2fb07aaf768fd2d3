"""Rounding policy shared by every rule that compares a printed figure with a recomputed one.

Printed amounts are rounded (to 0.01 万元), so anything recomputed from them is uncertain. The
policy (rules.md "Judgement calls", domain.md §6):

* recompute with round-half-up at the precision the stated figure is printed with;
* equal → pass;
* equal to the truncated (ROUND_DOWN) value only → warning, reason ``truncated``;
* reachable once every input is allowed ± half a unit of its printed precision (±0.005 for
  2-dp amounts) → warning, reason ``within_rounding``;
* otherwise → error.

A `Verdict` carries the figures a finding needs (stated, expected, difference, envelope), so
rules only decide location and wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetlib.numbers import decimals, fmt, round_half_up, truncate, try_amount

HUNDRED = Decimal(100)
# Half a unit of the 0.01 万元 precision amounts are printed with.
HALF_CENT = Decimal("0.005")

PASS, WARNING, ERROR = "pass", "warning", "error"
EXACT, TRUNCATED, WITHIN_ROUNDING, MISMATCH = "exact", "truncated", "within_rounding", "mismatch"

Number = Decimal | str | int | None


@dataclass(frozen=True)
class Verdict:
    status: str  # pass | warning | error
    reason: str  # exact | truncated | within_rounding | mismatch
    stated: Decimal
    expected: Decimal  # recomputed, rounded half-up at the stated precision
    dp: int  # the stated precision
    low: Decimal | None = None  # envelope of the recomputed value (before rounding)
    high: Decimal | None = None

    @property
    def ok(self) -> bool:
        return self.status == PASS

    @property
    def within_rounding(self) -> bool:
        return self.reason in (TRUNCATED, WITHIN_ROUNDING)

    @property
    def difference(self) -> Decimal:
        return self.stated - self.expected

    @property
    def stated_text(self) -> str:
        return fmt(self.stated, self.dp)

    @property
    def expected_text(self) -> str:
        return fmt(self.expected, self.dp)

    @property
    def difference_text(self) -> str:
        return fmt(self.difference, self.dp)

    def note_zh(self) -> str:
        """Why a non-error verdict is not an error, for the finding message."""
        if self.reason == TRUNCATED:
            return "（所列数为截尾值，应四舍五入）"
        if self.reason == WITHIN_ROUNDING and self.low is not None and self.high is not None:
            return f"（在各数据舍入误差范围 {fmt(self.low, self.dp)}–{fmt(self.high, self.dp)} 内）"
        return ""


def as_decimal(value: Number) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return try_amount(value)


def stated_precision(stated_text: str) -> int:
    return decimals(stated_text)


def classify(stated_text: str, exact: Decimal, low: Decimal | None = None,
             high: Decimal | None = None) -> Verdict | None:
    """Judge a stated figure against the exact recomputed value and its rounding envelope [low, high].

    None when the stated text is not a number.
    """
    stated = as_decimal(stated_text)
    if stated is None:
        return None
    dp = stated_precision(stated_text)
    expected = round_half_up(exact, dp)
    if stated == expected:
        return Verdict(PASS, EXACT, stated, expected, dp, low, high)
    if stated == truncate(exact, dp):
        return Verdict(WARNING, TRUNCATED, stated, expected, dp, low, high)
    if low is not None and high is not None and \
            round_half_up(low, dp) <= stated <= round_half_up(high, dp):
        return Verdict(WARNING, WITHIN_ROUNDING, stated, expected, dp, low, high)
    return Verdict(ERROR, MISMATCH, stated, expected, dp, low, high)


def ratio_envelope(part: Decimal, whole: Decimal, half: Decimal = HALF_CENT,
                   scale: Decimal = HUNDRED) -> tuple[Decimal, Decimal] | None:
    """Range of part/whole×scale when both inputs may be off by ±half; None when unbounded."""
    lo_whole, hi_whole = whole - half, whole + half
    if lo_whole <= 0 <= hi_whole:
        return None
    lo_part, hi_part = max(part - half, Decimal(0)), part + half
    candidates = [p / w * scale for p in (lo_part, hi_part) for w in (lo_whole, hi_whole)]
    return min(candidates), max(candidates)


def compare_percent(stated_text: str, part: Number, whole: Number,
                    half: Decimal = HALF_CENT) -> Verdict | None:
    """Stated percentage vs part/whole×100 (round-half-up at the stated dp).

    part and whole are the printed amounts (Decimal or text); each may be off by ±half (0.005 for
    2-dp amounts). None when an input is missing or whole is zero (the caller reports
    'could not check').
    """
    p, w = as_decimal(part), as_decimal(whole)
    if p is None or w is None or w == 0:
        return None
    env = ratio_envelope(p, w, half)
    low, high = env if env else (None, None)
    return classify(stated_text, p / w * HUNDRED, low, high)


def sum_slack(n_parts: int, unit: Decimal = Decimal("0.01")) -> Decimal:
    """How far a sum of n independently rounded amounts may drift: n × half a unit, in whole units.

    For 0.01 万元: n = 1 → 0.00, 2–3 → 0.01, 4–5 → 0.02 … (domain.md §6).
    """
    return (unit / 2 * n_parts // unit) * unit


def compare_amount(stated_text: str, expected: Number, slack: Decimal = Decimal(0)) -> Verdict | None:
    """Stated amount vs expected, at the stated precision (round-half-up); a difference within
    `slack` (e.g. sum_slack of the components) → warning within_rounding; otherwise error."""
    exp = as_decimal(expected)
    if exp is None:
        return None
    if slack:
        return classify(stated_text, exp, exp - slack, exp + slack)
    return classify(stated_text, exp)
