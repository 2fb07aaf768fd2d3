"""Per-unit parameters (params/*.yaml): safe-loaded and validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from budgetlib.errors import BadInput

KNOWN_KEYS = {"pdf", "unit", "year", "tolerances", "disabled_rules", "strict", "notes"}


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
    if "pdf" not in data or not isinstance(data["pdf"], str):
        raise BadInput(str(path), "缺少pdf路径", "missing 'pdf'")
    if "year" in data and not isinstance(data["year"], int):
        raise BadInput(str(path), "year 应为整数", "'year' must be an integer")
    if "unit" in data and not isinstance(data["unit"], str):
        raise BadInput(str(path), "unit 应为字符串", "'unit' must be a string")
    for key in ("tolerances", "disabled_rules"):
        if key in data and not isinstance(data[key] or {}, dict):
            raise BadInput(str(path), f"{key} 应为键值映射", f"'{key}' must be a mapping")
    for rid, why in (data.get("disabled_rules") or {}).items():
        if not isinstance(why, str) or not why.strip():
            raise BadInput(str(path), f"关闭规则 {rid} 必须写明理由", f"disabled rule {rid} needs a reason")
    pdf = Path(data["pdf"])
    if not pdf.is_absolute():
        for base in (p.parent, p.parent.parent, Path.cwd()):
            if (base / pdf).exists():
                pdf = base / pdf
                break
    if not pdf.exists():
        raise BadInput(str(path), f"参数指定的PDF不存在：{data['pdf']}", "pdf not found")
    data["pdf"] = str(pdf)
    return data
