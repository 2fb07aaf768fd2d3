"""Garbled figures with more than one plausible reading, settled by the schedule's own arithmetic.

A cell such as '1.234,56' or '12 345.6 7' can be read several ways. Each reading is tried against
the identities the cell takes part in — its row's 合计 = Σ components, its 类/款 = Σ children —
and the reading that makes one of them hold wins. A cell no identity can settle keeps its first
reading and is reported, never silently trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetlib.model import Row, Schedule
from budgetlib.templates import TableDef, row_sums

_OCR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "。": ".", "，": ","})


def readings(text: str) -> list[Decimal]:
    """Plausible numbers behind a printed figure that does not parse as one."""
    t = text.translate(_OCR)
    t = re.sub(r"[^\d.,\-]", "", t)
    out: list[Decimal] = []
    variants = [t.replace(",", "")]  # stray separators, a wrapped figure
    if "," in t:
        variants.append(t.replace(".", "").replace(",", "."))  # 1.234,56
    if t.count(".") > 1:  # 1.234.56: the last point is the decimal point
        head, _, tail = t.replace(",", "").rpartition(".")
        variants.append(head.replace(".", "") + "." + tail)
    for v in variants:
        try:
            d = Decimal(v)
        except InvalidOperation:
            continue
        if d.is_finite() and d not in out:
            out.append(d)
    return out


@dataclass
class Pending:
    row: Row
    column: str
    choices: list[Decimal]


def _value(row: Row, column: str) -> Decimal | None:
    cell = row.values.get(column)
    return cell.amount if cell is not None else None


def _holds(total: Decimal | None, parts: list[Decimal | None]) -> bool:
    if total is None or any(p is None for p in parts) or not parts:
        return False
    return sum(parts, Decimal(0)) == total


def _row_checks(sums: list[tuple[str, tuple[str, ...]]], row: Row, column: str) -> list[tuple[str, tuple[str, ...]]]:
    comps_of = [(t, comps or tuple(k for k in row.values if k != t)) for t, comps in sums]
    return [(t, comps) for t, comps in comps_of if column == t or column in comps]


def _children(sched: Schedule, row: Row) -> list[Row]:
    if row.key == "total":
        return [r for r in sched.rows if r.level == "类"]
    width = {3: 5, 5: 7}.get(len(row.code))
    return [r for r in sched.rows if width and len(r.code) == width and r.code.startswith(row.code)]


def _parent(sched: Schedule, row: Row) -> Row | None:
    if row.level == "类":
        return sched.row("total")
    return sched.row(row.code[:-2]) if len(row.code) in (5, 7) else None


def _consistent(sched: Schedule, sums: list[tuple[str, tuple[str, ...]]], p: Pending) -> bool:
    row, col = p.row, p.column
    for total, comps in _row_checks(sums, row, col):
        present = [c for c in comps if c in row.values]
        if _holds(_value(row, total), [_value(row, c) for c in present]):
            return True
    groups = [(row, _children(sched, row))]
    parent = _parent(sched, row)
    if parent is not None:
        groups.append((parent, _children(sched, parent)))
    return any(kids and _holds(_value(top, col), [_value(k, col) for k in kids]) for top, kids in groups)


def settle(sched: Schedule, tdef: TableDef, pending: list[Pending], fmt) -> list[Pending]:
    """Fix each pending cell to the reading that satisfies an identity; return those none settles."""
    sums = row_sums(tdef)
    unsettled = []
    for p in pending:
        cell = p.row.values[p.column]
        chosen = None
        for d in p.choices:
            cell.text = fmt(d)
            if _consistent(sched, sums, p):
                chosen = d
                break
        cell.text = fmt(chosen if chosen is not None else p.choices[0])
        if chosen is None:
            unsettled.append(p)
    return unsettled
