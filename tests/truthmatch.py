"""Compare findings with a corpus truth file's `errors` (every identity that does not hold)."""

from __future__ import annotations

from budgetlib.model import Finding

LOCATION_KEYS = ("section", "table", "project", "row", "column", "indicator", "field")
TRUTH_RULES_NOT_CHECKED = {"narrative.budget_rate", "narrative.perf_count"}


def matches(f: Finding, error: dict) -> bool:
    if f.rule != error["rule"]:
        return False
    loc = error["location"]
    for key in LOCATION_KEYS:
        if key in loc and getattr(f, key) != loc[key]:
            return False
    other = loc.get("other")
    if other and f.other and any(f.other.get(k) != v for k, v in other.items()):
        return False
    return True


def missing(findings: list[Finding], errors: list[dict], rules: set[str] | None = None) -> list[dict]:
    """Truth errors (of `rules`, if given) that no error/warning finding reports."""
    out = []
    for e in errors:
        if rules is not None and e["rule"] not in rules:
            continue
        if not any(matches(f, e) for f in findings if f.severity in ("error", "warning")):
            out.append(e)
    return out


def unexpected(findings: list[Finding], errors: list[dict], rules: set[str]) -> list[Finding]:
    """error/warning findings of `rules` that match no truth error: false alarms."""
    return [f for f in findings
            if f.rule in rules and f.severity in ("error", "warning")
            and not any(matches(f, e) for e in errors)]
