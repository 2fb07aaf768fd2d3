"""FormProfile: the 自评表 conventions of a template as data, and how a template file's mapping builds one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlib.model import Report
from budgetlib.templates.form_profile import SICHUAN_UNIT, FormProfile


def test_reports_default_to_the_sichuan_profile():
    p = Report().form_profile
    assert p is SICHUAN_UNIT
    assert (p.indicator_weight_total, p.fund_row_count, p.total_row, p.forms_part_between, p.count_equals_forms) == (
        Decimal(90), 5, "总额", ("第四部分", "第五部分"), True)


def test_from_mapping_reads_a_template_section():
    """The keys of a template file's form_profile (YAML: numbers as int, lists for tuples)."""
    p = FormProfile.from_mapping({"indicator_weight_total": 100, "budget_weight": 0,
                                  "fund_rows": ["年度资金总额", "财政拨款", "上年结转资金", "其他资金"],
                                  "forms_between": ["第三部分", "第四部分"], "perf_count_equals_forms": False},
                                 name="anhui_project")
    assert p == FormProfile(name="anhui_project", indicator_weight_total=Decimal(100), budget_weight=Decimal(0),
                            fund_rows=("年度资金总额", "财政拨款", "上年结转资金", "其他资金"), fund_row_count=4,
                            forms_part_between=("第三部分", "第四部分"), count_equals_forms=False)
    assert FormProfile.from_mapping({}) == SICHUAN_UNIT
    assert FormProfile.from_mapping({"fund_rows": ["总额", "财政拨款"], "fund_row_count": None}).fund_row_count is None


def test_from_mapping_refuses_an_unknown_setting():
    with pytest.raises(ValueError, match="indicator_weights_total"):
        FormProfile.from_mapping({"indicator_weights_total": 100})
