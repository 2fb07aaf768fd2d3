"""Findings against a hand audit (../shared/real/*/*.expected.json): the matcher the tests and
benchmarks/real_reports.py share.

A hand-audit entry is matched by its figures — the stated and the expected value — because the hand
audits name some rules differently (narrative.amount, other:procurement …); a finding of another rule
with the same two figures counts. An entry without figures — a blank cell the audit wants filled (stated
null) or a text it quotes (a 填表说明 left in a field) — is matched by its rule id instead.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budgetlib.model import Finding

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_FIGURE = re.compile(r"[-+\d.,%\s/]*")


def numbers(text: str | None) -> set[Decimal]:
    out = set()
    for m in _NUMBER.findall(text or ""):
        try:
            out.add(Decimal(m.replace(",", "")).normalize())
        except InvalidOperation:
            pass
    return out


def family(rule: str) -> str:
    return re.split(r"[.:]", rule, maxsplit=1)[0]


def matches(f: Finding, e: dict) -> bool:
    """A finding of the same family (table, narrative, perf; the audit's other:* may be any text
    rule) that states the audited figure and recomputes the audit's expected one (either way round
    for a cross-table pair)."""
    want = family(e["rule"])
    if family(f.rule) != want and not (want == "other" and family(f.rule) in ("narrative", "judgement")):
        return False
    if e.get("stated") is None:  # a blank the audit wants filled (得分 未填写): the same rule on a blank
        return f.rule == e["rule"] and not (f.stated or "").strip()
    if f.rule == e["rule"] and not _FIGURE.fullmatch(e["stated"]):  # text (a 填表说明 left in): the same rule
        return True
    stated, expected = numbers(e.get("stated")), numbers(e.get("expected"))
    flat = re.sub(r"\s+", "", f.stated or "")
    if flat and not numbers(flat) and f.page == e.get("page") and flat in re.sub(r"\s+", "", e["stated"]) and \
            re.split(r"[.:]", f.rule)[-1] in (re.split(r"[.:]", e["rule"])[-1], "subject_wording"):
        return True  # a text the audit quotes at more length (XX局 in its heading; a 科目 name in its chain)
    if e["rule"].endswith("year_mismatch") and f.rule.endswith("year_mismatch"):  # a date quoted: its year
        return f.page == e.get("page") and bool(numbers(f.stated) & stated)
    if not stated and e.get("stated"):  # a word (持平, 大于): the same word stated on the same page
        return e["stated"] in (f.stated or "") and f.page == e.get("page", f.page)
    got = numbers(f.stated) | numbers(f.expected)
    if not stated or not (stated <= got):
        return False
    return not expected or bool(expected & got) or f.rule == e["rule"]


def score(findings: list[Finding], expected: list[dict]) -> dict:
    """Hand-audited errors found as errors, warnings as warnings or errors; errors the audit lacks."""
    want_err = [e for e in expected if e["severity"] == "error"]
    want_warn = [e for e in expected if e["severity"] == "warning"]
    errors = [f for f in findings if f.severity == "error"]
    flagged = [f for f in findings if f.severity in ("error", "warning")]
    found_err = [e for e in want_err if any(matches(f, e) for f in errors)]
    found_warn = [e for e in want_warn if any(matches(f, e) for f in flagged)]
    false = [f for f in errors if not any(matches(f, e) for e in expected)]
    return {"errors": (len(found_err), len(want_err)), "warnings": (len(found_warn), len(want_warn)),
            "false": false, "missed": [e for e in want_err + want_warn if e not in found_err + found_warn],
            "reported": (len(errors), sum(1 for f in findings if f.severity == "warning"))}
