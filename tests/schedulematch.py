"""Cell-by-cell comparison of parsed 附表 with the truth `tables`.

Every truth value cell is one item, and so are each table's `present`, `empty`, `empty_note`, row
key list and column key list: a parser that invents or loses rows cannot score by matching the
cells it did find. Values compare as strings, exactly ("0.00" versus null included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from budgetlib import templates
from budgetlib.model import Cell, Schedule
from budgetlib.numbers import INTERNAL, in_unit, quantize

SIDES = ("rows", "left", "right")


@dataclass
class TableScore:
    total: int = 0
    matched: int = 0
    misses: list[tuple[str, Any, Any]] = field(default_factory=list)  # (where, parsed, truth)

    def add(self, where: str, parsed: Any, truth: Any) -> None:
        self.total += 1
        if parsed == truth:
            self.matched += 1
        else:
            self.misses.append((where, parsed, truth))

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 1.0


@dataclass
class CellScore:
    """Value cells and structure items per table number."""

    tables: dict[str, TableScore] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.tables.values())

    @property
    def matched(self) -> int:
        return sum(t.matched for t in self.tables.values())

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 1.0

    @property
    def misses(self) -> list[tuple[str, Any, Any]]:
        return [m for t in self.tables.values() for m in t.misses]


def _rows(s: Schedule | None, side: str):
    if s is None or not s.present:
        return []
    return {"rows": s.rows, "left": s.left, "right": s.right}[side]


def _in_truth_unit(cell: Cell, s: Schedule, t: dict) -> str | None:
    """A parsed cell's text, as the truth would print it when the page printed the table in the other
    unit (a 万元 truth re-printed in 元: 55,738,600.00 元 is the truth's 5573.86)."""
    unit = t.get("unit") or INTERNAL
    if s.unit == unit or cell.amount is None:
        return cell.text
    return f"{quantize(in_unit(s.internal(cell.amount), unit), 2):f}"


def truth_key(truth: dict, name: str) -> str:
    """The logical key of a truth table: the Sichuan corpus numbers its tables "1".."13"."""
    if name.isdigit():
        return templates.get("sichuan_unit").by_ordinal(int(name)).key
    return name


def score_tables(parsed: dict[str, Schedule], truth: dict) -> CellScore:
    out = CellScore()
    for name, t in truth["tables"].items():
        no = name
        s = parsed.get(truth_key(truth, name))
        score = out.tables.setdefault(no, TableScore())
        score.add(f"{no}.present", bool(s and s.present), t["present"])
        if not t["present"]:
            continue
        score.add(f"{no}.empty", s.empty if s else None, t["empty"])
        score.add(f"{no}.empty_note", s.empty_note if s else None, t["empty_note"])
        score.add(f"{no}.columns", [c.key for c in s.columns] if s else None, [c["key"] for c in t["columns"]])
        for side in SIDES:
            truth_rows = t.get(side) or []
            got = {r.key: r for r in _rows(s, side)}
            if truth_rows or got:
                score.add(f"{no}.{side}.keys", [r.key for r in _rows(s, side)], [r["key"] for r in truth_rows])
            for r in truth_rows:
                row = got.get(r["key"])
                for col, value in r["values"].items():
                    cell = row.values.get(col) if row else None
                    score.add(f"{no}.{r['key']}.{col}", _in_truth_unit(cell, s, t) if cell else "<missing>", value)
    return out
