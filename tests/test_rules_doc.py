"""docs/rules.md is generated from the registry and must be current."""

from __future__ import annotations

from conftest import ROOT

from budgetlib.checks import RULES
from budgetlib.docs import render_rules_md


def test_rules_md_is_current():
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_rules_md(), "docs/rules.md is stale: run `python -m budgetlib.docs` (make docs)"


def test_every_rule_is_documented_with_its_formula():
    text = render_rules_md()
    for rid, r in RULES.items():
        assert f"### `{rid}` {r.title}" in text
        assert r.formula, f"{rid} has no formula docstring"
        assert r.formula.splitlines()[0] in text


def test_rules_doc_main_writes_the_file(tmp_path):
    from budgetlib.docs import main

    out = tmp_path / "rules.md"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_rules_md()
