"""Params YAML: safe-loaded, validated, each mistake a clear one-line error (exit 2 from the CLI)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA

from budgetlib.cli import main
from budgetlib.errors import BadInput
from budgetlib.params import load_params


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(DATA / "case_010.pdf", tmp_path / "r.pdf")
    return tmp_path


def write(folder: Path, text: str) -> Path:
    p = folder / "unit.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_params_resolve_the_pdf_beside_the_yaml(folder):
    p = write(folder, 'pdf: r.pdf\nunit: 岚溪区文化馆\nyear: 2022\ntolerances:\n  sum_slack_per_part: "0.005"\n'
                      "disabled_rules:\n  table.missing: 本单位无政府性基金，按规定不公开\n")
    params = load_params(p)
    assert Path(params["pdf"]) == folder / "r.pdf"
    assert params["year"] == 2022 and params["tolerances"] == {"sum_slack_per_part": "0.005"}


@pytest.mark.parametrize("text,zh", [
    ("pdf: r.pdf\ncolour: red\n", "未知参数：colour"),
    ("unit: x\n", "缺少pdf路径"),
    ("pdf: ''\n", "缺少pdf路径"),
    ("pdf: [r.pdf]\n", "缺少pdf路径"),
    ("pdf: missing.pdf\n", "参数指定的PDF不存在"),
    ("pdf: .\n", "参数指定的PDF不存在"),
    ("pdf: r.pdf\nyear: '2022'\n", "year 应为四位年份"),
    ("pdf: r.pdf\nyear: yes\n", "year 应为四位年份"),
    ("pdf: r.pdf\nyear: 22\n", "year 应为四位年份"),
    ("pdf: r.pdf\nunit: 12\n", "unit 应为字符串"),
    ("pdf: r.pdf\nstrict: true\n", "未知参数：strict"),  # read by no rule, so removed (issue 20)
    ("pdf: r.pdf\ntolerances: [1]\n", "tolerances 应为键值映射"),
    ("pdf: r.pdf\ntolerances:\n  sum_slack_per_part: 0.005\n", "应写成带引号的小数"),
    ("pdf: r.pdf\ntolerances:\n  sum_slack_per_part: '-1'\n", "不是非负数"),
    ("pdf: r.pdf\ntolerances:\n  sum_slack_per_part: 'abc'\n", "不是非负数"),
    ("pdf: r.pdf\ntolerances:\n  table_slack: '1'\n", "未知容差：table_slack"),
    ("pdf: r.pdf\ndisabled_rules:\n  table.missing: ''\n", "必须写明理由"),
    ("pdf: r.pdf\ndisabled_rules:\n  table.no_such_rule: 理由\n", "关闭的规则不存在"),
    ("- pdf: r.pdf\n", "应为键值映射"),
    ("pdf: [unclosed\n", "不是合法的YAML"),
])
def test_invalid_params_are_clear_errors(folder, text, zh):
    with pytest.raises(BadInput) as err:
        load_params(write(folder, text))
    assert zh in err.value.reason_zh


def test_yaml_is_safe_loaded_no_object_construction(folder):
    """A python/object tag would run code under yaml.load; safe_load refuses it."""
    marker = folder / "pwned"
    p = write(folder, f'pdf: r.pdf\nunit: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(BadInput) as err:
        load_params(p)
    assert "不是合法的YAML" in err.value.reason_zh
    assert not marker.exists()


def test_cli_reports_params_errors_with_exit_2(folder, capsys):
    p = write(folder, "pdf: r.pdf\ncolour: red\n")
    assert main(["audit", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(p) in err and "unknown keys" in err


def test_sum_slack_per_part_widens_the_rounding_envelope_of_a_sum(folder):
    """The one tolerance a rule reads does what the params file says: 12.03 against 2.00 + 10.00 is an
    error at the default 0.005 per part, a rounding-tail warning at 0.02 per part."""
    from budgetlib.checks.registry import Context, run_rules
    from budgetlib.model import Cell, Column, Report, Row, Schedule

    cols = ["total", "basic", "project"]
    sch = Schedule(key="gp_expense", no=6, numbered=True, columns=[Column(c, c) for c in cols],
                   rows=[Row("2010350", code="2010350", level="项",
                             values=dict(zip(cols, map(Cell, ["12.03", "2.00", "10.00"]))))])
    report = Report(template="sichuan_unit", schedules={"gp_expense": sch})
    default = load_params(write(folder, "pdf: r.pdf\n"))
    wide = load_params(write(folder, 'pdf: r.pdf\ntolerances:\n  sum_slack_per_part: "0.02"\n'))
    got = {name: [(f.severity, f.within_rounding) for f in run_rules(Context(report, p), only={"table.row_sum"})]
           for name, p in (("default", default), ("wide", wide))}
    assert got == {"default": [("error", False)], "wide": [("warning", True)]}
