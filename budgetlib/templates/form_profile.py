"""What a template fixes about its 绩效自评表 and narrative conventions, as data rather than constants.

The 四川 单位决算 template prints five fund rows, indicator weights summing to 90 (预算执行 takes
the other 10), its forms between 第四部分 and 第五部分, and one form for every project the narrative
says was self-evaluated. Other provinces' templates differ (安徽: 年度资金总额 and three sources,
indicators worth 90 or 100), so the parser and the rules read these values from the report's
profile. `from_mapping` builds one from the `form_profile` section of a template file
(budgetlib/templates/*.yaml); a template with no 自评表 has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class FormProfile:
    name: str = "sichuan_unit"
    # Σ 绩效指标权重 on every form (预算执行 takes budget_weight of the 100 points).
    indicator_weight_total: Decimal = Decimal(90)
    budget_weight: Decimal = Decimal(10)
    # Fund rows as the truth schema names them, the total first; the parser maps a printed label
    # to one of these, and falls back to the label itself for wording it does not know.
    fund_rows: tuple[str, ...] = ("总额", "其中：财政资金", "财政专户管理资金", "单位资金", "其他资金")
    # How many fund rows a complete form has; None where the template does not fix it.
    fund_row_count: int | None = 5
    # The headings that open and close the part holding the forms.
    forms_part_between: tuple[str, str] = ("第四部分", "第五部分")
    # The narrative's count of self-evaluated projects equals the number of forms printed (a
    # template that publishes only some projects' forms says False).
    count_equals_forms: bool = True
    # The form's own instruction: "预算执行率未达到90%的需要说明原因" (None: the template asks no reason).
    explain_rate_below: Decimal | None = Decimal(90)

    @property
    def total_row(self) -> str:
        """The fund row holding the total (年度资金总额)."""
        return self.fund_rows[0]

    @classmethod
    def from_mapping(cls, d: Mapping[str, Any], name: str | None = None) -> FormProfile:
        """A profile from a template's `form_profile` mapping (YAML), unset keys taken from the
        四川 defaults. Both this module's field names and the template file's shorter ones
        (forms_between, perf_count_equals_forms) are accepted; an unknown key is an error, so
        a misspelt setting cannot silently leave the default in force."""
        aliases = {"forms_between": "forms_part_between", "perf_count_equals_forms": "count_equals_forms"}
        known = set(cls.__dataclass_fields__)
        values: dict[str, Any] = {}
        for key, v in d.items():
            k = aliases.get(key, key)
            if k not in known:
                raise ValueError(f"form_profile: unknown setting {key!r}")
            values[k] = v
        if name is not None:
            values["name"] = name
        for k in ("indicator_weight_total", "budget_weight", "explain_rate_below"):
            if values.get(k) is not None:
                values[k] = Decimal(str(values[k]))
        if "fund_rows" in values:
            values["fund_rows"] = tuple(str(x) for x in values["fund_rows"])
            values.setdefault("fund_row_count", len(values["fund_rows"]))
        if "forms_part_between" in values:
            start, end = values["forms_part_between"]
            values["forms_part_between"] = (str(start), str(end))
        return cls(**values)


SICHUAN_UNIT = FormProfile()

# 安徽 项目支出绩效自评表 (池州 2022): 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, the
# 年度资金总额 row and its 其中 本年财政拨款, 上年结转资金, 其他资金; 产出 50 + 效益 30 + 满意度 10
# indicator points and 资金 10. Published project by project: no narrative count to match.
ANHUI = FormProfile(name="anhui", fund_rows=("总额", "其中：本年财政拨款", "上年结转资金", "其他资金"),
                    fund_row_count=4, count_equals_forms=False, explain_rate_below=None)

# The header wording only the 安徽 fund block prints (四川 says 年初预算数 / 调整后预算数 / 预算执行数).
_ANHUI_HEADER = ("全年预算数", "全年执行数", "分值")


def profile_by_header(text: str, default: FormProfile | None = SICHUAN_UNIT) -> FormProfile | None:
    """The profile a standalone form's own header wording names (it has no template to say it)."""
    flat = "".join(text.split())
    if all(w in flat for w in _ANHUI_HEADER):
        return ANHUI
    return default
