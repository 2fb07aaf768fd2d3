"""Per-unit parameters (params/*.yaml): safe-loaded and validated."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from budgetlib.errors import BadInput

# `strict` was accepted and read by no rule; it is gone (an old file naming it is told so): what a
# rule may allow is `tolerances`, which rules to skip `disabled_rules`.
KNOWN_KEYS = {"pdf", "unit", "year", "tolerances", "disabled_rules", "notes"}
# Every tolerance the rules read (checks.rounding.Tolerance, handed to every rule family: tables,
# narrative, 自评表, percentages); a name no rule reads would silently do nothing.
KNOWN_TOLERANCES = {"sum_slack_per_part": "每个分项允许的舍入误差（万元），默认 \"0.005\""}


def _check_tolerance(path: str | Path, name: Any, value: Any) -> None:
    """Tolerances are amounts: a quoted decimal ("0.005") or an integer, never a float (YAML's 0.1 is
    a binary fraction, and amounts here are exact)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadInput(str(path), f"容差 {name} 应写成带引号的小数，如 \"0.005\"",
                       f"tolerance {name} must be a quoted decimal string")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise BadInput(str(path), f"容差 {name} 不是非负数：{value}", f"tolerance {name} is not a non-negative number")


def _rule_ids() -> set[str]:
    from budgetlib.checks import RULES

    return set(RULES)


def load_params(path: str | Path) -> dict[str, Any]:
    """Read a params YAML; the pdf path is resolved relative to the YAML's folder, then the cwd."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BadInput(str(path), "参数文件不存在", "params file not found") from exc
    except yaml.YAMLError as exc:
        raise BadInput(str(path), "参数文件不是合法的YAML", "invalid YAML", str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise BadInput(str(path), "参数文件应为键值映射", "params must be a mapping")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise BadInput(str(path), f"未知参数：{', '.join(sorted(unknown))}", "unknown keys")
    if "pdf" not in data or not isinstance(data["pdf"], str) or not data["pdf"].strip():
        raise BadInput(str(path), "缺少pdf路径", "missing 'pdf'")
    # bool is an int in Python: `year: yes` must not pass as a year
    if "year" in data and (not isinstance(data["year"], int) or isinstance(data["year"], bool)
                           or not 1990 <= data["year"] <= 2100):
        raise BadInput(str(path), "year 应为四位年份（整数）", "'year' must be an integer year")
    if "notes" in data and not isinstance(data["notes"], str | None):
        raise BadInput(str(path), "notes 应为文字", "'notes' must be text")
    if "unit" in data and not isinstance(data["unit"], str):
        raise BadInput(str(path), "unit 应为字符串", "'unit' must be a string")
    for key in ("tolerances", "disabled_rules"):
        if key in data and not isinstance(data[key] or {}, dict):
            raise BadInput(str(path), f"{key} 应为键值映射", f"'{key}' must be a mapping")
    for name, value in (data.get("tolerances") or {}).items():
        if name not in KNOWN_TOLERANCES:
            raise BadInput(str(path), f"未知容差：{name}（可用：{', '.join(KNOWN_TOLERANCES)}）",
                           f"unknown tolerance {name}")
        _check_tolerance(path, name, value)
    known = _rule_ids()
    for rid, why in (data.get("disabled_rules") or {}).items():
        if rid not in known:
            raise BadInput(str(path), f"关闭的规则不存在：{rid}", f"unknown rule id in disabled_rules: {rid}")
        if not isinstance(why, str) or not why.strip():
            raise BadInput(str(path), f"关闭规则 {rid} 必须写明理由", f"disabled rule {rid} needs a reason")
    pdf = Path(data["pdf"])
    if not pdf.is_absolute():
        for base in (p.parent, p.parent.parent, Path.cwd()):
            if (base / pdf).exists():
                pdf = base / pdf
                break
    if not pdf.is_file():
        raise BadInput(str(path), f"参数指定的PDF不存在：{data['pdf']}", "pdf not found")
    data["pdf"] = str(pdf)
    return data
