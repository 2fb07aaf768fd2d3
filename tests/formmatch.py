"""Field-by-field comparison of parsed 绩效自评表 with the truth `performance` list.

Every truth field is one item; a parsed value counts only when it equals the truth exactly
(text, "" versus None included). Forms, fund rows or indicators the parser invented count as
misses too, so extra rows cannot hide behind a perfect match of the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budgetlib.model import FORM_TEXT_FIELDS, FUND_FIELDS, INDICATOR_FIELDS, PerfForm

SCALAR_FIELDS = (*FORM_TEXT_FIELDS, "budget_label")


def _squeeze(value: Any) -> Any:
    return value.replace(" ", "") if isinstance(value, str) else value


@dataclass
class FieldScore:
    ignore_spaces: bool = False
    total: int = 0
    matched: int = 0
    by_field: dict[str, list[int]] = field(default_factory=dict)  # field → [matched, total]
    misses: list[tuple[str, Any, Any]] = field(default_factory=list)  # (where, parsed, truth)

    def add(self, name: str, where: str, parsed: Any, truth: Any) -> None:
        ok = parsed == truth or (self.ignore_spaces and _squeeze(parsed) == _squeeze(truth))
        self.total += 1
        self.matched += ok
        slot = self.by_field.setdefault(name, [0, 0])
        slot[0] += ok
        slot[1] += 1
        if not ok:
            self.misses.append((where, parsed, truth))

    def merge(self, other: FieldScore) -> None:
        self.total += other.total
        self.matched += other.matched
        for name, (m, t) in other.by_field.items():
            slot = self.by_field.setdefault(name, [0, 0])
            slot[0] += m
            slot[1] += t
        self.misses.extend(other.misses)

    @property
    def accuracy(self) -> float:
        return self.matched / self.total if self.total else 1.0


def _text(cell) -> Any:
    return cell if isinstance(cell, str) or cell is None else cell.text


def score_forms(forms: list[PerfForm], truth: list[dict[str, Any]], ignore_spaces: bool = False) -> FieldScore:
    """`ignore_spaces` for re-printed PDFs: a renderer that wraps a line at a space does not draw it."""
    out = FieldScore(ignore_spaces)
    out.add("forms.count", "forms", len(forms), len(truth))
    for i in range(max(len(forms), len(truth))):
        f = forms[i] if i < len(forms) else None
        t = truth[i] if i < len(truth) else None
        where = f"form {i + 1}"
        if t is None:
            out.add("forms.extra", where, "extra form", None)
            continue
        for name in SCALAR_FIELDS:
            out.add(name, f"{where}.{name}", None if f is None else _text(getattr(f, name)), t.get(name))
        funds = f.funds if f else []
        for j in range(max(len(funds), len(t["funds"]))):
            pr = funds[j] if j < len(funds) else None
            tr = t["funds"][j] if j < len(t["funds"]) else None
            if tr is None:
                out.add("funds.extra", f"{where}.funds[{j}]", pr.name, None)
                continue
            out.add("funds.name", f"{where}.funds[{j}].name", pr and pr.name, tr["name"])
            for k in FUND_FIELDS:
                out.add(f"funds.{k}", f"{where}.{tr['name']}.{k}", pr and _text(getattr(pr, k)), tr.get(k))
        inds = f.indicators if f else []
        for j in range(max(len(inds), len(t["indicators"]))):
            pi = inds[j] if j < len(inds) else None
            ti = t["indicators"][j] if j < len(t["indicators"]) else None
            if ti is None:
                out.add("indicators.extra", f"{where}.indicators[{j}]", _text(pi.l3), None)
                continue
            for k in INDICATOR_FIELDS:
                out.add(f"indicators.{k}", f"{where}.indicators[{j}].{k}", pi and _text(getattr(pi, k)), ti.get(k))
        tt = t.get("total")
        pt = f.total if f else None
        if tt is None or pt is None:
            out.add("total", f"{where}.total", None if pt is None else "present", None if tt is None else "present")
        else:
            for k in ("weight", "score"):
                out.add(f"total.{k}", f"{where}.total.{k}", _text(getattr(pt, k)), tt.get(k))
    return out
