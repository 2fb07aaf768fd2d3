"""A finding belongs to the claim it is about, a table cell is painted only when that cell is wrong, and ✓
means a rule compared the figure and it agreed.

On the real national report czj_2024 (committed in tests/fixtures when ../shared is absent), against its
hand audit: the 71.73% share is wrong, the four 类 amounts and the other shares read from the same line are
not; the narrative's 财政拨款收入支出总计 0.3 is wrong, the table's 总计 2961.68 is right.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import openpyxl
import pytest
from conftest import real_file
from real_audit import numbers

from budgetlib.present import frames, styling
from budgetlib.present.view import open_unit
from budgetlib.present.workbook import COUNTERPART_FILL, SEVERITY_FILL, write_workbook

CZJ = real_file("national", "czj_2024.pdf")
AUDIT = json.loads(real_file("national", "czj_2024.expected.json").read_text(encoding="utf-8"))
# the hand audit's narrative errors with a figure of their own (the 0.3, the 71.73%)
NARRATIVE_ERRORS = [e for e in AUDIT if e["severity"] == "error" and e["rule"].startswith("narrative")
                    and e.get("quote") and numbers(e["stated"]) == numbers(e["quote"])]


@pytest.fixture(scope="module")
def czj():
    return open_unit(CZJ)


def _value(text: str) -> Decimal | None:
    got = numbers(text)
    return next(iter(got)) if len(got) == 1 else None


def _claim_rows(u):
    for no in frames.section_numbers(u.report):
        df = frames.claims_frame(u.report, no, u.findings, u.checked)
        for (cid, row), sev in zip(df.iterrows(), df.attrs["severity"], strict=True):
            yield cid, row, sev


def test_the_hand_audits_narrative_errors_are_what_the_audit_names():
    assert {str(next(iter(numbers(e["stated"])))) for e in NARRATIVE_ERRORS} == {"0.3", "71.73"}


def test_an_error_is_shown_on_the_figure_it_is_about_not_on_its_line(czj):
    """Every claim row showing a hand-audited error's message states that error's figure."""
    shown = 0
    for e in NARRATIVE_ERRORS:
        stated = numbers(e["stated"])
        found = [f for f in czj.findings if f.severity == "error" and stated <= numbers(f.stated)]
        assert found, e
        for f in found:
            rows = [(cid, row) for cid, row, _ in _claim_rows(czj) if f.message in row["status"]]
            assert rows, f.message
            for cid, row in rows:  # 201, 201's share, 208, 208's share were read from one line
                assert numbers(row["value"]) == stated, (cid, row["label"], row["value"], f.message)
            shown += len(rows)
    assert shown == len(NARRATIVE_ERRORS)


def test_the_correct_table_cell_is_the_counterpart_not_an_error(czj):
    """The hand audit: the narrative's 0.3 is wrong, expected the table's 2961.68; that cell is not red."""
    e = next(x for x in NARRATIVE_ERRORS if numbers(x["stated"]) == {Decimal("0.3")})
    right = next(iter(numbers(e["expected"])))
    f = next(f for f in czj.findings if f.severity == "error" and numbers(f.stated) == {Decimal("0.30")})
    html = czj.schedule(f.table).text()
    cells = re.findall(r'<td id="[^"]+"[^>]*?(?:style="([^"]*)")?\s*>([^<]*)</td>', html)
    styles = [style for style, text in cells if _value(text) == right]  # 总计 of both sides print it
    assert styles, f"no cell prints {right}"
    assert not any(styling.CSS["error"] in x or styling.CSS["warning"] in x for x in styles)
    assert sum(styling.CSS[styling.COUNTERPART] in x for x in styles) == 1
    # the wrong figure itself is the one shown red: its claim row
    rows = [(row, sev) for _, row, sev in _claim_rows(czj) if numbers(row["value"]) == numbers(e["stated"])]
    assert any(sev == "error" for _, sev in rows)


def test_the_workbook_marks_the_correct_cell_as_counterpart(czj, tmp_path):
    path = tmp_path / "czj.xlsx"
    write_workbook(path, czj.findings, czj.report)
    wb = openpyxl.load_workbook(path)
    e = next(x for x in NARRATIVE_ERRORS if numbers(x["stated"]) == {Decimal("0.3")})
    right = next(iter(numbers(e["expected"])))
    cells = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row
             if isinstance(c.value, int | float) and Decimal(str(c.value)) == right and c.comment]
    assert cells
    for c in cells:
        assert c.fill.start_color.rgb == COUNTERPART_FILL, c.coordinate
        assert c.fill.start_color.rgb not in SEVERITY_FILL.values()
        assert c.comment.text.startswith("对照")


def test_a_tick_only_for_a_figure_a_rule_compared(czj):
    rows = list(_claim_rows(czj))
    ticked = [(cid, row) for cid, row, _ in rows if row["status"] == "✓"]
    unchecked = [(cid, row) for cid, row, _ in rows if row["status"] == frames.UNCHECKED]
    assert ticked and unchecked
    for cid, row in ticked:  # what it was compared with is said
        assert row["ref"], (cid, row["label"])
        assert cid in czj.checked
    assert all(cid not in czj.checked for cid, _ in unchecked)
    # 单价100万元以上设备2台 is compared with nothing the report prints
    assert any("设备" in row["label"] for _, row in unchecked)


def test_a_rule_switched_off_leaves_its_figures_unchecked():
    u = open_unit(CZJ)
    on = {cid for cid, row, _ in _claim_rows(u) if row["status"] == "✓"}
    off_rules = {"narrative.table_mismatch", "narrative.sum"}
    table_only = [cid for cid in on if u.checked[cid] <= off_rules]
    assert len(table_only) >= 10  # figures only the table comparison and the sums check (the 项 budgets…)
    u.params = {"disabled_rules": dict.fromkeys(off_rules, "测试")}
    u.__dict__.pop("checked", None)
    off = {cid: row for cid, row, _ in _claim_rows(u)}
    assert all(off[cid]["status"] == frames.UNCHECKED for cid in table_only)
    assert any(off[cid]["status"] == "✓" for cid in on)  # the others were compared by other rules
