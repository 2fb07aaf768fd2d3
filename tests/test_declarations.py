"""Template identities are typed declarations checked when the template loads: a misspelt table, row or
column key, field or kind fails the load naming the file and line, instead of silently dropping checks."""

from __future__ import annotations

import re

import pytest

from budgetlib import templates
from budgetlib.templates import TemplateError, load_template
from budgetlib.templates.declarations import CellRef, ColumnSum, Equal, Hierarchy, RowsSum, RowSum, SideSums

SICHUAN = templates.HERE / "sichuan_unit.yaml"


def _with(tmp_path, old: str, new: str, name: str = "sichuan_unit.yaml"):
    """The Sichuan template with `old` (a whole identity line, once in the file) replaced by `new`; the
    line number that line has in the file."""
    text = SICHUAN.read_text(encoding="utf-8")
    lines = [i for i, line in enumerate(text.splitlines(), 1) if old in line]
    assert len(lines) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, lines[0]


@pytest.mark.parametrize("old,new,named", [
    # table key: income → incme (the example)
    ("kind: row_sum, table: income, total: total", "kind: row_sum, table: incme, total: total", "incme"),
    # a column of a row sum
    ("table: fiscal_summary, total: total, parts: [gp, gf, soc]", "table: fiscal_summary, total: total, parts: [gp, gf, scc]",
     "scc"),
    # a row of a cross-table identity
    ("b: [income_expense_summary, in.grand, amount], formula: 收入总计", "b: [income_expense_summary, in.grnad, amount], formula: 收入总计",
     "in.grnad"),
    # a table of a list
    ("kind: hierarchy, tables: [gp_basic_detail]", "kind: hierarchy, tables: [gp_basic_detal]", "gp_basic_detal"),
    # a field name and a kind
    ("kind: row_sum, table: income, total: total", "kind: row_sum, table: income, totl: total", "totl"),
    ("kind: hierarchy, tables: [gp_basic_detail]", "kind: hierarchy_, tables: [gp_basic_detail]", "hierarchy_"),
])
def test_a_misspelt_key_fails_the_load_with_file_and_line(tmp_path, old, new, named):
    path, line = _with(tmp_path, old, new)
    with pytest.raises(TemplateError) as exc:
        load_template(path)
    message = str(exc.value)
    assert message.startswith(f"sichuan_unit.yaml:{line}：") and f"“{named}”" in message


def test_the_line_is_the_key_s_own_in_block_style(tmp_path):
    # an identity written over several lines: the error points at the misspelt key's line
    path, line = _with(tmp_path, "  - {rule: table.row_sum, kind: row_sum, table: sangong, total: total, parts: [abroad, vehicle, reception]}",
                       "  - rule: table.row_sum\n    kind: row_sum\n    table: sangong\n    total: total\n"
                       "    parts: [abroad, vehicel, reception]")
    with pytest.raises(TemplateError, match=rf"^sichuan_unit.yaml:{line + 4}：.*“vehicel”"):
        load_template(path)


def test_keys_a_table_may_have_beyond_its_row_rules(tmp_path):
    # a 类 code, {code}, the 合计 row and a carry-over breakdown (two-sided tables) are rows of any table
    path, _ = _with(tmp_path, "b: [income_expense_summary, in.grand, amount], formula: 收入总计",
                    "b: [[income_expense_summary, in.carry_begin.gp, amount], [expense, \"201\", total], "
                    "[expense, total, total], [expense, \"{code}\", total]], formula: 收入总计")
    tpl = load_template(path)
    (eq,) = [d for d in tpl.identities if isinstance(d, Equal) and d.formula == "收入总计" and d.many]
    assert eq.b == (CellRef("income_expense_summary", "in.carry_begin.gp", "amount"), CellRef("expense", "201", "total"),
                    CellRef("expense", "total", "total"), CellRef("expense", "{code}", "total"))
    # but a breakdown of a one-sided table's row is no row of it
    path, line = _with(tmp_path, "b: [income_expense_summary, in.grand, amount], formula: 收入总计",
                       "b: [expense, total.gp, total], formula: 收入总计", name="other.yaml")
    with pytest.raises(TemplateError, match=rf"^other.yaml:{line}：.*“total.gp”"):
        load_template(path)


def test_shipped_templates_are_typed():
    """Every shipped identity is one of the typed kinds, and its fields read as the YAML says (sichuan_unit.yaml:
    fiscal_summary total = gp + gf + soc; gov_fund carry_end = carry_begin + income − total; gp_basic_detail
    类 = Σ款), on the line the YAML prints it."""
    tpl = templates.get("sichuan_unit")
    by_line = {int(d.where.rsplit(":", 1)[1]): d for d in tpl.identities}
    text = SICHUAN.read_text(encoding="utf-8").splitlines()
    assert all(re.match(r"\s*- \{rule: ", text[n - 1]) for n in by_line)

    def line_of(words: str) -> int:
        return next(i for i, line in enumerate(text, start=1) if words in line)

    row_sum = line_of("table: fiscal_summary, total: total, parts: [gp, gf, soc]")
    assert by_line[row_sum] == RowSum(rule="table.row_sum", where=f"sichuan_unit.yaml:{row_sum}",
                                      table="fiscal_summary", total="total", parts=((1, "gp"), (1, "gf"), (1, "soc")))
    carry = next(d for d in tpl.identities if isinstance(d, RowSum) and d.table == "gov_fund" and d.total == "carry_end")
    assert carry.parts == ((1, "carry_begin"), (1, "income"), (-1, "total"))
    hierarchy = line_of("tables: [gp_basic_detail], digits: [3, 5]")
    assert by_line[hierarchy] == Hierarchy(rule="table.hierarchy", where=f"sichuan_unit.yaml:{hierarchy}",
                                           tables=("gp_basic_detail",), digits=(3, 5))
    kinds = {type(d) for t in templates.catalogue().values() for d in t.identities}
    assert kinds == {RowSum, ColumnSum, RowsSum, SideSums, Hierarchy, Equal}
