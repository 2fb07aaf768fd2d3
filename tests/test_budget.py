"""部门/单位预算 disclosures (issue 14): detected as 预算, said so in meta, the CLI line and the store,
audited without a crash. The 30 real budgets are in ../shared/real/budget (catalogue.csv); the few a
fresh clone needs are copied to tests/fixtures/real/budget."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import REAL, real_file

from budgetlib.cli import main
from budgetlib.parse.inputs import classify
from budgetlib.pdf.document import scan_pdf

BUDGETS = REAL / "budget"


def catalogue() -> list[dict[str, str]]:
    path = BUDGETS / "catalogue.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["file"].endswith(".pdf")]


ROWS = catalogue()


def _expected_kind(name: str) -> str:
    """Jiangsu publishes some budgets as two files: the tables (…_tables.pdf) and the narrative (…_text.pdf)."""
    if name.endswith("_tables.pdf"):
        return "tables"
    if name.endswith("_text.pdf"):
        return "excerpt"
    return "full"


def test_catalogue_is_there():
    """Says so when ../shared is absent (the parametrized tests below then run on no file)."""
    if not BUDGETS.is_dir():
        pytest.skip(f"{BUDGETS} 不存在：预算样本测试未运行 / ../shared/real/budget is absent")
    assert len(ROWS) == 30


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_budgets_are_classified(row):
    scan = scan_pdf(BUDGETS / row["file"])
    assert classify([p.text for p in scan.pages]) == (_expected_kind(row["file"]), "预算")


@pytest.mark.parametrize("parts", [("czj_2024.pdf",), ("excerpts", "01_daying_culture_tourism_2022.pdf"),
                                   ("excerpts", "06_jiading_justice_bureau_2017.pdf")], ids=lambda p: p[-1])
def test_final_accounts_stay_final_accounts(parts):
    """A 决算 says 预算 everywhere (一般公共预算, 年初预算数): it stays a 决算."""
    scan = scan_pdf(real_file(*parts))
    assert classify([p.text for p in scan.pages])[1] == "决算"


def test_cli_states_the_disclosure(tmp_path, capsys):
    pdf = real_file("budget", "shanghai_putuo_quzhengfubangongshi_2025_dept_budget.pdf")
    out = tmp_path / "findings.json"
    assert main(["audit", str(pdf), "-o", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert "完整的部门/单位预算" in line, line
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert meta["disclosure"] == "预算" and meta["kind"] == "full"


def test_store_keeps_budget_and_final_account_apart(tmp_path):
    """One unit's 决算 and 预算 of one year are two rows of the store, and the prior-year check never
    compares a budget's figure with a final account's."""
    from budgetlib import store
    from budgetlib.batch.paths import year_folder

    assert year_folder(2025, "决算") == 2025 and year_folder(2025, "预算") == "2025预算"
    units = [{"unit": "某局", "year": 2025, "disclosure": d, "errors": e, "warnings": 0, "infos": 0}
             for d, e in (("决算", 1), ("预算", 2))]
    figs = [{"unit": "某局", "year": 2025, "disclosure": "预算", "key": "k", "label": "支出", "current": "10",
             "prior_stated": "8"},
            {"unit": "某局", "year": 2024, "disclosure": "决算", "key": "k", "label": "支出", "current": "9"},
            {"unit": "某局", "year": 2024, "key": "k2", "label": "收入", "current": "5"}]
    store.write_store(tmp_path, {"units": units, "findings": [], "figures": figs})
    con = store.open_store(tmp_path)
    assert store.units_with_most_errors(con)[["disclosure", "errors"]].values.tolist() == [["预算", 2], ["决算", 1]]
    assert store.prior_year_check(con).empty  # the 2024 figure is a 决算's
    assert con.execute("SELECT disclosure FROM figures WHERE key = 'k2'").fetchone() == ("决算",)
