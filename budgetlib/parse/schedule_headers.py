"""The header block of a schedule grid → one path of labels per column, top to bottom.

A header block is one to four rows of labels over the figures (a group label, the item, 预算数 |
决算数, a 栏次 row). A label that heads several columns, or several rows, is printed either as one
merged cell or as separate cells with the text in one of them and the others blank (a spreadsheet
printed with every cell's borders drawn). The grid alone cannot always tell a blank cell that
continues its neighbour's label from a cell that is blank, so both readings are offered:

- as drawn: each column's path holds the labels of the cells over it;
- as merged: a blank header cell continues the label on its left in the same row, when the two
  columns share every label above (the same group), so a group label drawn over separate cells
  heads all the columns of its group, as a merged one would.

A blank under a label adds nothing to a path, so a label drawn over separate rows reads the same
either way. Which reading is the table's is decided by the caller (schedule_layouts.fill): the one
under which the columns match the template and the table's identities hold.
"""

from __future__ import annotations

from budgetlib.parse.schedule_catalog import norm
from budgetlib.pdf.grid import Grid, GridCell

Paths = list[list[str]]


def lanci_row(grid: Grid, header_rows: int) -> list[str] | None:
    """The 栏次 row's texts (1 | 2 | 3 under the figures), when the block ends with one."""
    if header_rows and "栏次" in [norm(t) for t in grid.rows[header_rows - 1].texts()]:
        return [norm(t) for t in grid.rows[header_rows - 1].texts()]
    return None


def _owners(grid: Grid, rows: int) -> list[list[GridCell | None]]:
    """Per header row and column: the labelled cell printed over that position (merged or not)."""
    out = []
    for r in range(rows):
        line = []
        for c in range(grid.ncols):
            cell = grid.covering(r, c)
            line.append(cell if cell is not None and cell.text.strip() else None)
        out.append(line)
    return out


def _as_merged(owners: list[list[GridCell | None]]) -> list[list[GridCell | None]]:
    """Blank cells continuing the label on their left within its group (see the module docstring)."""
    out = [list(line) for line in owners]
    for r, line in enumerate(out):
        for c in range(1, len(line)):
            if line[c] is None and line[c - 1] is not None \
                    and all(out[k][c] is out[k][c - 1] for k in range(r)):
                line[c] = line[c - 1]
    return out


def _paths(owners: list[list[GridCell | None]], ncols: int) -> Paths:
    paths: Paths = []
    for c in range(ncols):
        path: list[str] = []
        seen: list[int] = []
        for line in owners:
            cell = line[c]
            if cell is None or id(cell) in seen:
                continue
            seen.append(id(cell))
            path.append(cell.text.strip())
        paths.append(path)
    return paths


def readings(grid: Grid, header_rows: int) -> tuple[list[Paths], list[str]]:
    """The column paths under each reading of the header block (as drawn first; as merged when it
    differs), and the 栏次 row's texts ('' per column without one)."""
    lanci = lanci_row(grid, header_rows)
    rows = header_rows - 1 if lanci is not None else header_rows
    owners = _owners(grid, rows)
    drawn = _paths(owners, grid.ncols)
    merged = _paths(_as_merged(owners), grid.ncols)
    return ([drawn] if merged == drawn else [drawn, merged]), lanci or [""] * grid.ncols
