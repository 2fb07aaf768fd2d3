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

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
    def outcome(self) -> str:
        """The finding's outcome (model.OUTCOMES) for a verdict that is not a pass."""
        return {TRUNCATED: "truncated", WITHIN_ROUNDING: "rounding"}.get(self.reason, "violated")

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


CENT = Decimal("0.01")
# The params file's tolerances (params.KNOWN_TOLERANCES) and their defaults.
DEFAULT_PER_PART = HALF_CENT


@dataclass(frozen=True)
class Tolerance:
    """The one rounding tolerance of an audit, built once from the params file (`tolerances:`; the
    template's `tolerances:` are the defaults) and handed to every rule family (tables, narrative, 自评表, percentages).

    `per_part` is how far one printed amount of 0.01 precision may be off its unrounded value
    (half a unit, 0.005 万元, by default); at another printed precision it scales with the unit. The
    policy of rules.md: a total of k printed parts may miss their sum by `tail(k)` = max(one unit,
    k × per_part) (尾差, a warning), one figure printed twice by one unit (a warning), and a
    recomputed rate is judged within the envelope its inputs' ± `half()` give."""

    per_part: Decimal = DEFAULT_PER_PART

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | None, defaults: Mapping[str, Any] | None = None) -> Tolerance:
        """The params file's `tolerances`, else the template's (`defaults`), else 0.005 万元 per part."""
        given = ((params or {}).get("tolerances") or {}).get("sum_slack_per_part")
        if given is None:
            given = (defaults or {}).get("sum_slack_per_part")
        return cls(DEFAULT_PER_PART if given is None else Decimal(str(given)))

    @staticmethod
    def unit(dp: int = 2) -> Decimal:
        return Decimal(1).scaleb(-dp)

    def half(self, dp: int = 2) -> Decimal:
        """How far one printed figure of `dp` decimals may be off its unrounded value."""
        return self.per_part * self.unit(dp) / CENT

    def envelope(self, n_parts: int, dp: int = 2) -> Decimal:
        """How far a sum of n printed figures may drift from the sum of their unrounded values."""
        return n_parts * self.half(dp)

    def tail(self, n_parts: int, dp: int = 2) -> Decimal:
        """The 尾差 a total of n printed parts may carry: max(one unit, n × per_part)."""
        return max(self.unit(dp), self.envelope(n_parts, dp))

    def same_figure(self, dp: int = 2) -> Decimal:
        """How far two printings of one figure may differ and be a rounding adjustment: one unit."""
        return self.unit(dp)


def compare_amount(stated_text: str, expected: Number, slack: Decimal = Decimal(0)) -> Verdict | None:
    """Stated amount vs expected, at the stated precision (round-half-up); a difference within
    `slack` (e.g. Tolerance.tail of the components) → warning within_rounding; otherwise error."""
    exp = as_decimal(expected)
    if exp is None:
        return None
    if slack:
        return classify(stated_text, exp, exp - slack, exp + slack)
    return classify(stated_text, exp)
