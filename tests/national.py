"""Helpers for the national-template tests: claims compared with a corpus_national truth file, the
PDFs read once per process, and the czj_2024 narrative fixture."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from budgetlib.model import Claim, Report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# read with the document structure (another extractor), not by parse/claims_national
STRUCTURE_KINDS = {"year", "entity", "text"}
# claims for checks the truth does not list: a year-on-year 持平, bounds, the shares of 五（二） against 100
EXTRA_KINDS = {"flat", "at_most"}
EXTRA_IDS = {"s5.struct.shares"}
COMPARED = ("section", "kind", "value", "direction", "subject", "part", "whole", "total", "parts", "amount", "budget")
# Known misses. The truth ties 十一's 机关运行经费 to 六's 公用经费合计 cell when the department is a
# single administrative budget unit (第一部分's 单位构成); the narrative cannot tell that, so
# s11.office carries no ref and is bounded by s6.public instead (s11.office.bound).
KNOWN = {"s11.office": {"ref"}}


def as_truth(c: Claim | dict) -> dict:
    """The compared fields of a claim, from the model or from a truth file."""
    if isinstance(c, dict):
        out = {k: c.get(k) for k in COMPARED}
        out["ref"], out["budget_ref"] = c.get("ref"), c.get("budget_ref")
    else:
        out = {k: getattr(c, k) for k in COMPARED}
        out["ref"] = None if c.ref is None else vars(c.ref)
        out["budget_ref"] = None if c.budget_ref is None else vars(c.budget_ref)
    out["parts"] = out["parts"] or None
    return out


def compare(got: list[Claim], truth: dict) -> tuple[list[str], dict[str, set[str]], list[str]]:
    """(ids matched exactly, {id: differing fields} of the truth claims not matched, ids extracted
    that the truth does not have and are not of EXTRA_KINDS / EXTRA_IDS). A missing claim differs in
    every field ('missing')."""
    mine = {c.id: c for c in got}
    want = {c["id"]: c for c in truth["narrative"]["claims"] if c["kind"] not in STRUCTURE_KINDS}
    ok, diff = [], {}
    for i, w in want.items():
        if i not in mine:
            diff[i] = {"missing"}
            continue
        a, b = as_truth(mine[i]), as_truth(w)
        fields = {k for k in a if a[k] != b[k]}
        if fields:
            diff[i] = fields
        else:
            ok.append(i)
    extra = [i for i, c in mine.items() if i not in want and c.kind not in EXTRA_KINDS and i not in EXTRA_IDS]
    return ok, diff, extra


def unknown_misses(diff: dict[str, set[str]]) -> dict[str, set[str]]:
    return {i: f for i, f in diff.items() if KNOWN.get(i) != f}


def pdf_case(pdf: Path):
    import pytest

    return pytest.param(pdf, id=pdf.stem)


@functools.cache
def read_pdf(pdf: Path) -> Report:
    from budgetlib.parse.report import read_report

    return read_report(pdf)


def czj_fixture() -> dict:
    return json.loads((FIXTURES / "czj_2024_narrative.json").read_text(encoding="utf-8"))


def czj_report() -> Report:
    """czj_2024 as a Report: its 第三部分 transcribed and its tables, claims extracted."""
    from budgetlib.parse.claims import extract_claims

    rep = Report.from_truth(czj_fixture())
    rep.claims = extract_claims(rep)
    return rep
