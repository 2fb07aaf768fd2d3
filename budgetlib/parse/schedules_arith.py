"""A table read is confirmed by its own arithmetic.

A printed table adds up: each row's 合计 is the sum of its component columns, each 类 the sum of its
款, each 款 of its 项, the 合计 row of the 类 rows. A report may break one or two of these (that is
what an audit finds); a table whose reading breaks most of them was misread — a column taken for
another, a row lost at a page break, figures shifted under the wrong header. Such a table is
unreadable: one problem names it and its confidence drops to 0, so every rule over it says could not
check (checks/identities.py) instead of reporting one error per identity the misreading broke.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlib.model import ParseProblem, Report, Row, Schedule
from budgetlib.templates import TableDef, row_sums

# A sum within this many cents per part of its parts holds (尾差: rounding, not a misreading).
SLACK_PER_PART = Decimal("0.01")
# A reading is judged only on this many identities that could be evaluated, and only this many
# broken ones make it a misreading (a report's own errors are one or two per table).
MIN_BROKEN = 3


def _amount(sched: Schedule, row: Row, column: str) -> Decimal | None:
    """In 万元, the scale of the slack (a 元 table's 尾差 of a few 元 is no misreading)."""
    cell = row.values.get(column)
    amount = cell.amount if cell is not None else None
    return None if amount is None else sched.internal(amount)


def _holds(total: Decimal | None, parts: list[Decimal | None]) -> bool | None:
    """None when the identity cannot be evaluated (a figure not read)."""
    if total is None or not parts or any(p is None for p in parts):
        return None
    return abs(sum(parts, Decimal(0)) - total) <= max(Decimal("0.01"), SLACK_PER_PART * len(parts))


def _row_identities(sched: Schedule, tdef: TableDef) -> list[bool | None]:
    out = []
    for row in sched.all_rows():
        for total, comps in row_sums(tdef):
            parts = [c for c in (comps or tuple(k for k in row.values if k != total)) if c in row.values]
            if total in row.values and parts:
                out.append(_holds(_amount(sched, row, total), [_amount(sched, row, c) for c in parts]))
    return out


def _children(sched: Schedule, row: Row) -> list[Row]:
    if row.key == "total":
        return [r for r in sched.rows if r.level == "类"]
    width = {3: 5, 5: 7}.get(len(row.code or ""))
    return [r for r in sched.rows if width and len(r.code or "") == width and r.code.startswith(row.code)]


def _hierarchy(sched: Schedule) -> list[bool | None]:
    out = []
    columns = [c.key for c in sched.columns]
    for row in sched.rows:
        kids = _children(sched, row)
        if not kids:
            continue
        for col in columns:
            out.append(_holds(_amount(sched, row, col), [_amount(sched, k, col) for k in kids]))
    return out


def _count(results: list[bool | None]) -> tuple[int, int]:
    done = [r for r in results if r is not None]
    held = sum(1 for r in done if r)
    return held, len(done) - held


def tally(sched: Schedule, tdef: TableDef) -> dict[str, tuple[int, int]]:
    """(identities that hold, identities broken) under the table's reading, by family: the row sums
    across columns and the hierarchy down each column. Each family sees other misreadings (figures
    shifted under the wrong header keep every column's sums and break the rows'; a row lost at a page
    break keeps the rows' sums and breaks its parent's), so each is judged on its own."""
    return {"row": _count(_row_identities(sched, tdef)), "hierarchy": _count(_hierarchy(sched))}


def check(sched: Schedule, tdef: TableDef, report: Report) -> None:
    """A reading under which most of a family of the table's identities fail is no reading: the table
    is unreadable (one problem, confidence 0)."""
    if not sched.present or sched.empty or sched.confidence == 0:
        return
    bad = [(held, broken) for held, broken in tally(sched, tdef).values() if broken >= MIN_BROKEN and broken >= held]
    if bad:
        held, broken = bad[0]
        sched.confidence = 0.0
        report.problems.append(ParseProblem(
            f"{sched.label}（{sched.title or tdef.title}）读出的数字与其自身的合计关系大多不符"
            f"（{held + broken} 项中 {broken} 项不成立），表格未能可靠读取，相关核对无法进行",
            sched.pages[0] if sched.pages else None, f"table {sched.key}"))
