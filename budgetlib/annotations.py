"""Auditors' notes on findings, carried from run to run.

Each unit folder holds annotations.csv (UTF-8 with BOM, so Excel opens it): one row per finding,
keyed by unit + rule + location. The auditor fills 处理 (说明 = explained by the unit, 整改 =
corrected, or blank) and 备注; a re-run keeps those columns and sets 状态: 新发现 (not in the
previous run), 仍存在 (still reported), 已消失 (reported before, not now).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from budgetlib.model import Finding

NAME = "annotations.csv"
LOCATION_KEYS = ("section", "table", "project", "row", "column", "indicator", "field")
DISPOSITIONS = ("", "说明", "整改")
STATUS_ZH = {"new": "新发现", "open": "仍存在", "gone": "已消失"}
# CSV header: Chinese for the auditor, the English key in brackets for programs. What a person reads
# first (问题, 位置 in the report's words); the keys that match a finding from run to run last.
FIELDS = {"unit": "单位", "year": "年度", "severity": "严重程度", "title": "问题", "where": "位置",
          "message": "说明", "status": "状态", "disposition": "处理", "comment": "备注", "first_seen": "首次发现",
          "rule": "规则编号", "location": "定位键"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_EN = {zh: en for en, zh in SEVERITY_ZH.items()}


def severity_of(note: dict[str, str]) -> str:
    """A note's severity as the model names it (the CSV shows it in Chinese; older files in English)."""
    s = note.get("severity", "")
    return SEVERITY_EN.get(s, s)


def location(f: Finding) -> str:
    """A finding's place, stable across runs: 'table=5;row=2080501;column=total'."""
    parts = [f"{k}={getattr(f, k)}" for k in LOCATION_KEYS if getattr(f, k) is not None]
    for k, v in sorted((f.other or {}).items()):
        parts.append(f"other.{k}={v}")
    return ";".join(parts)


def keys(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    """(rule, location) per finding; repeats at one place get #2, #3 so every key is unique."""
    seen: Counter = Counter()
    out = []
    for f in findings:
        k = (f.rule, location(f))
        seen[k] += 1
        out.append(k if seen[k] == 1 else (k[0], f"{k[1]}#{seen[k]}"))
    return out


def read(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.rsplit("(", 1)[-1].rstrip(")") for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(r)]


def carry_forward(unit: str, year: int | str | None, old: list[dict[str, str]],
                  findings: list[Finding], today: str | None = None,
                  describe: Callable[[Finding], tuple[str, str]] | None = None) -> list[dict[str, str]]:
    """The new annotation rows: current findings (新发现 / 仍存在, the auditor's columns kept) and the
    previous run's findings that are no longer reported (已消失), so no note is ever lost. `describe(f)`
    gives (问题, 位置) in words (the rule's title, the place as the report names it)."""
    today = today or date.today().isoformat()
    before = {(r.get("rule", ""), r.get("location", "")): r for r in old if r.get("status") != STATUS_ZH["gone"]}
    gone_before = {(r.get("rule", ""), r.get("location", "")): r for r in old if r.get("status") == STATUS_ZH["gone"]}
    rows = []
    current = set()
    for f, k in zip(findings, keys(findings)):
        current.add(k)
        prev = before.get(k) or gone_before.get(k)
        rows.append({
            "unit": unit, "year": str(year or ""), "rule": k[0], "location": k[1],
            "status": STATUS_ZH["open"] if k in before else STATUS_ZH["new"],
            "disposition": (prev or {}).get("disposition", ""), "comment": (prev or {}).get("comment", ""),
            "first_seen": (prev or {}).get("first_seen") or today,
            "severity": SEVERITY_ZH.get(f.severity, f.severity), "message": f.message,
            **dict(zip(("title", "where"), describe(f) if describe else ("", "")))
        })
    for k, r in {**gone_before, **before}.items():
        if k not in current:
            rows.append({**{c: r.get(c, "") for c in FIELDS}, "unit": unit, "year": str(year or ""),
                         "status": STATUS_ZH["gone"]})
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([f"{zh}({en})" for en, zh in FIELDS.items()])
    for r in rows:
        w.writerow([r.get(c, "") for c in FIELDS])
    return buf.getvalue()


def status_of(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["rule"], r["location"]): r for r in rows}
