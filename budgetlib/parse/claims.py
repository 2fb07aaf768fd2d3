"""Claims stated in the narrative (placeholder until the claim parser lands)."""

from __future__ import annotations

from budgetlib.model import Claim, Report


def extract_claims(report: Report) -> list[Claim]:
    return []
