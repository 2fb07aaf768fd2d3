"""Compare findings with a corpus truth file's `errors` (every identity that does not hold)."""

from __future__ import annotations

from pathlib import Path

from budgetlib.model import Finding

LOCATION_KEYS = ("section", "table", "project", "row", "column", "indicator", "field")
TRUTH_RULES_NOT_CHECKED = {"narrative.budget_rate", "narrative.perf_count"}


def _same(got: dict, key: str, want) -> bool:
    """The Sichuan corpus names tables by their printed number (int), the national one by key."""
    if key == "table" and isinstance(want, int):
        return got.get("table_no") == want
    return got.get(key) == want


def part_field(part: str | int) -> str:
    """The national truth locates the cover and the part headings by `part` ("cover", 1, 2, 3);
    a finding by `field` ("cover", "part1" …)."""
    return part if isinstance(part, str) else f"part{part}"


def matches(f: Finding, error: dict) -> bool:
    if f.rule != error["rule"]:
        return False
    loc = error["location"]
    mine = f.to_dict()
    for key in LOCATION_KEYS:
        if key in loc and not _same(mine, key, loc[key]):
            return False
    if "part" in loc and mine.get("field") != part_field(loc["part"]):
        return False
    other = loc.get("other")
    if other and f.other and any(not _same(f.other, k, v) for k, v in other.items()):
        return False
    # The national truth places narrative errors by {section, claim}: a finding that names its claim
    # (in `field` or other["claim"]) must name that one; one that names none is placed by section only.
    named = f.field or (f.other or {}).get("claim")
    if "part" in loc:  # the cover and part headings are placed by `field` (cover, part3), not by claim
        named = (f.other or {}).get("claim")
    if "claim" in loc and named is not None and named != loc["claim"]:
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


def truth_severity(error: dict) -> str:
    """The severity policy for a truth entry: within the rounding envelope (or truncated) → warning."""
    return "warning" if error.get("within_rounding") or error.get("truncated") else "error"


def wrong_severity(findings: list[Finding], errors: list[dict], rules: set[str],
                   severity_of=truth_severity) -> list[tuple[dict, list[str]]]:
    """Truth errors of `rules` whose matching findings do not carry `severity_of(error)`."""
    out = []
    for e in errors:
        if e["rule"] not in rules:
            continue
        got = [f.severity for f in findings if f.severity in ("error", "warning") and matches(f, e)]
        want = severity_of(e)
        want = want if isinstance(want, set) else {want}
        if got and not want & set(got):
            out.append((e, got))
    return out


PARTS = {"schedules_found": "附表 / schedules", "forms_found": "绩效自评表 / performance forms",
         "narrative_found": "决算情况说明 / narrative"}


def assert_found(report, found_flag: str, pdf) -> None:
    """A part the PDF has but the parser missed fails the test: a skip here would let a broken parser
    pass the whole end-to-end suite (every corpus PDF has every part)."""
    assert getattr(report, found_flag), (
        f"{Path(pdf).name}：解析器没有找到{PARTS.get(found_flag, found_flag)}（report.{found_flag} 为 False），"
        f"规则无从核对 / the parser found nothing, so no rule was checked")


def pdf_mismatches(pdf, rules: set[str], found_flag: str) -> tuple[list[dict], list[Finding]]:
    """read_report → audit on a PDF, then (missing, unexpected) against its truth for `rules`;
    fails when the parser behind `found_flag` (schedules_found, forms_found …) found nothing."""
    import json

    from budgetlib.checks import audit
    from budgetlib.parse.report import read_report

    report = read_report(pdf)
    assert_found(report, found_flag, pdf)
    errors = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))["errors"]
    findings = audit(report)
    return missing(findings, errors, rules), unexpected(findings, errors, rules)
