"""Amounts a schedule cannot hold: a figure far beyond the table's own totals is a misreading.

Two cells' figures run together ('28,775,800.' wrapped over its ruling into '28,775,800.00' reads
as 287758002877.58 万元) or a figure read with its decimal point lost dwarfs every 合计/总计 of
its table. Checking identities with such a number yields a dozen confident errors about figures
the report never printed, so the cell keeps its printed text but stops being an amount
(`Implausible.amount` is None): every identity involving it becomes 'could not check', and the
reading itself is reported as a parse problem.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlib import templates
from budgetlib.model import Cell, ParseProblem, Report, Row, Schedule

# How far beyond the table's largest total a figure may go before it is taken for a misreading.
FACTOR = Decimal(10)
_TOTAL_WORDS = ("合计", "总计")


class Implausible(Cell):
    """A printed figure kept as text but not usable as an amount (see the module docstring)."""

    @property
    def amount(self) -> Decimal | None:
        return None


def _total_row(row: Row) -> bool:
    return row.key == "total" or row.level == "total" or any(w in row.name for w in _TOTAL_WORDS)


def _reference(cells: list[Decimal]) -> Decimal | None:
    """The largest total that the other totals bear out: a total more than FACTOR times the next
    one is itself suspect (the misread cell may sit in the 合计 row) and is set aside."""
    ranked = sorted(cells, reverse=True)
    while len(ranked) > 1 and ranked[0] > FACTOR * ranked[1]:
        ranked.pop(0)
    return ranked[0] if ranked and ranked[0] > 0 else None


def mark_implausible(sched: Schedule, report: Report) -> None:
    """Flag every amount of `sched` larger than FACTOR × its largest 合计/总计 (rows named so, and
    the 合计 column); a table whose totals are all zero or blank gives no reference and is left as read."""
    rows = sched.all_rows()
    tpl = templates.get(report.template)
    tdef = tpl.table(sched.key) if tpl else None
    own = set(tdef.independent) if tdef else set()  # figures of their own, not bounded by the totals
    totals = [abs(c.amount) for r in rows for k, c in r.values.items()
              if (_total_row(r) or k == "total") and c.amount is not None and k not in own]
    ref = _reference(totals)
    if ref is None:
        return
    flagged = 0
    for r in rows:
        for k, c in list(r.values.items()):
            if c.amount is None or abs(c.amount) <= FACTOR * ref or k in own:
                continue
            r.values[k] = Implausible(c.text, c.prov)
            flagged += 1
            report.problems.append(ParseProblem(
                f"{sched.label}“{r.name or r.key}”行“{sched.label_of(k)}”读数{c.text}超过本表合计的{FACTOR}倍，"
                f"疑为相邻单元格粘连或数字换行误读，该数不参与核对", c.page, f"table {sched.key}"))
    if flagged:
        cells = sum(len(r.values) for r in rows)
        sched.confidence = round(max(0.0, sched.confidence - flagged / cells), 3)
