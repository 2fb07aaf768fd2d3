"""The layout-variant corpus (../shared/corpus_variants: 元 tables with thousands separators in wide fonts
that wrap numbers inside their cells, landscape pages, headers not repeated on continuation pages,
other CJK fonts), audited end to end — reading, rules and the confirmation on the page — against each
truth file's `errors`: every error found (rule and location), no error or warning that is not one."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, VARIANTS, VARIANTS_SIZE, in_ci, variant_cases
from truthmatch import TRUTH_RULES_NOT_CHECKED, missing, unexpected

import budgetlib
from budgetlib.parse.report import read_report


def test_variants_corpus_is_there():
    if in_ci():
        assert SHARED.is_dir(), "CI 中必须有 ../shared（版式变体语料）/ CI must provide ../shared"
    if not SHARED.is_dir():
        pytest.skip(f"../shared 不存在：版式变体语料（{VARIANTS_SIZE} 份）的测试未运行 / corpus_variants tests did not run")
    assert len(variant_cases()) == VARIANTS_SIZE
    assert all(p.parent == VARIANTS for p in variant_cases())


def _line(f) -> str:
    return f"{f.severity} {f.rule} {f.table or f.section or f.project} {f.row} {f.column} {f.stated}→{f.expected}"


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", variant_cases(), ids=lambda p: p.stem)
def test_every_planted_error_found_and_no_false_finding(pdf):
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    errors = [e for e in truth["errors"] if e["rule"] not in TRUTH_RULES_NOT_CHECKED]
    findings = budgetlib.audit(read_report(pdf))
    reported = {f.rule for f in findings}
    assert [(e["rule"], e["location"]) for e in missing(findings, errors)] == []
    assert [_line(f) for f in unexpected(findings, errors, reported)] == []
    # a finding the confirmation set aside is a reader defect, never an accepted result
    assert [_line(f) for f in findings if f.other and "unconfirmed" in f.other] == []
