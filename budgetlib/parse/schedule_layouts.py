"""A stitched schedule grid → the rows and columns of `Schedule`, by layout.

Columns are keyed from their printed header labels (parent and child), never from their position;
rows from their 科目编码 (classification, economic), their label (two-sided, 三公).
Values are normalised once here: NFKC, no thousands separators, 元 converted to 万元, a printed
zero mark (-, 0.00, blank in a table with figures) read as "0.00", a blank cell of an all-blank
(empty) table kept as null — the conventions of the corpus truth files.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetlib.model import Cell, Column, ParseProblem, Prov, Report, Row, Schedule
from budgetlib.numbers import BLANK_MARKS, INTERNAL, UNITS, decimals, try_amount
from budgetlib.parse import plausibility, schedule_headers, schedules_arith
from budgetlib.parse.schedule_ambiguity import Pending, readings, settle
from budgetlib.parse.schedule_catalog import (
    CLASS_CODES,
    left_key,
    norm,
    right_special_key,
    sangong_row_key,
    strip_ordinal,
)
from budgetlib.pdf.grid import Grid, GridRow
from budgetlib.templates import TableDef

ZERO = "0.00"
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")
_DECIMAL = re.compile(r"\d\.\d")
_LISTED = re.compile(r"^[一二三四五六七八九十]+、\S")
LEVELS = {3: "类", 5: "款", 7: "项"}
_TOTAL_NAMES = ("合计", "总计")
SANGONG_NAMES = {"budget": "预算数", "actual": "决算数"}


def is_body_row(texts: list[str]) -> bool:
    """A row of figures rather than of header labels (used when there is no 栏次 row)."""
    first = texts[0] if texts else ""
    labels = [t for t in texts if t]
    if len(labels) > 1 and all(sangong_row_key(t) and len(t) <= 6 for t in labels):
        return False  # 预算数 | 决算数 | 预算数 …: the lowest header row of a 三公 table
    others = [t for t in texts[1:] if t]
    if first in _TOTAL_NAMES and others and not any(re.search(r"\d", t) for t in others):
        return False  # 合计 | 因公出国（境）费 | …: a header row that starts with the 合计 column
    if _LISTED.match(first):
        return True  # 一、一般公共预算财政拨款收入: an item of a two-sided table, even with blank figures
    if len(texts) > 2 and not first and texts[1] in _TOTAL_NAMES and not any(texts[2:]):
        return True  # | 合计 | (blank): the total row of an empty 编码 | 名称 | 金额 table
    if first in _TOTAL_NAMES or _CODE.match(first) or sangong_row_key(first) and len(first) <= 6:
        return True
    return any(_DECIMAL.search(t) for t in texts[1:])


@dataclass
class Col:
    index: int
    role: str  # code | name | line | value | other
    path: list[str]
    key: str | None = None
    label: str = ""


def _role(path: list[str], lanci: str) -> str:
    joined = norm("".join(path))
    if re.search("编码|代码|^类$|^款$|^项$", joined) or (path and re.search("编码|代码", norm(path[0]))):
        return "code"
    if re.search("名称", joined) or re.fullmatch(r"(收入|支出)?项目", norm(path[-1]) if path else ""):
        return "name"
    if "行次" in joined:
        return "line"
    if lanci.isdigit() or joined:
        return "value"
    return "other"


def _without_common_subheader(paths: list[list[str]], roles: list[str]) -> list[list[str]]:
    """A sub-header row that prints the same label under every value column (决算数, 金额, 本年数)
    says what kind of figure the columns hold, not which column each is: dropped from their paths, so
    each column is keyed by the header above it. Two labels alternating (预算数 | 决算数 under each
    三公 item) do tell the columns apart and stay; so does the one figure column of each side-by-side
    block (人员经费 | 公用经费, each 编码 | 名称 | 决算数), whose parent names the block."""
    under = [k for k, role in enumerate(roles) if role == "value" and len(paths[k]) > 1]
    if len(under) < 2 or len({norm(paths[k][-1]) for k in under}) != 1:
        return paths
    if any(roles[k] in ("code", "name") for k in range(under[0], under[-1])):
        return paths
    return [p[:-1] if k in under else p for k, p in enumerate(paths)]


def _columns(tdef: TableDef, paths: list[list[str]], lanci: list[str]) -> list[Col]:
    paths = _without_common_subheader(paths, [_role(p, lanci[c]) for c, p in enumerate(paths)])
    cols = []
    for c, path in enumerate(paths):
        role = _role(path, lanci[c])
        col = Col(c, role, path)
        if role == "value":
            col.key = tdef.column_key(path)
            col.label = tdef.column_label(col.key, path) if col.key else "".join(path)
        cols.append(col)
    return cols


class Reader:
    """Turns printed cells into model Cells for one schedule (unit, empty-table convention, problems)."""

    def __init__(self, sched: Schedule, tdef: TableDef, grid: Grid, unit: str, report: Report):
        self.sched, self.tdef, self.grid, self.unit, self.report = sched, tdef, grid, unit, report
        self.problems = 0
        self.reread = 0
        self.cells = 0
        self.empty = False
        self.ambiguous: dict[int, list[Decimal]] = {}
        self.dp: int | None = None  # the most decimals a figure is printed with

    def at(self, row: GridRow, c: int) -> tuple[str, Prov]:
        cell = row.cells[c]
        if cell is not None:
            return cell.text, Prov(cell.page, cell.bbox)
        return "", Prov(row.page, (self.grid.xs[c], row.top, self.grid.xs[c + 1], row.bottom))

    def value(self, row: GridRow, c: int) -> Cell:
        text, prov = self.at(row, c)
        self.cells += 1
        t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
        if t == "":
            return Cell(None if self.empty else ZERO, prov, read=True)  # printed blank: read, not missing
        if t in BLANK_MARKS:
            return Cell(ZERO, prov)
        amount = try_amount(t)
        if amount is not None:
            self.dp = max(self.dp or 0, decimals(t))
        if amount is None:
            choices = readings(t)
            if not choices:
                self.problems += 1
                self.report.problems.append(ParseProblem(
                    f"{self.sched.label}单元格无法识别为金额：{text!r}", prov.page, f"table {self.sched.key}"))
                return Cell(text, prov)
            self.reread += 1
            amount = choices[0]
            if len(choices) > 1:
                cell = Cell(self.fmt(amount), prov)
                self.ambiguous[id(cell)] = choices
                return cell
        return Cell(self.fmt(amount), prov)

    def fmt(self, amount: Decimal) -> str:
        if amount == 0:
            return ZERO
        return _plain(amount)  # as printed, in the table's unit (Schedule.internal converts)

    def settle(self) -> None:
        """Ambiguous readings decided by the table's identities (see schedule_ambiguity)."""
        if not self.ambiguous:
            return
        pending = [Pending(r, k, self.ambiguous[id(c)]) for r in self.sched.all_rows()
                   for k, c in r.values.items() if id(c) in self.ambiguous]
        for p in settle(self.sched, self.tdef, pending, self.fmt):
            self.problems += 1
            cell = p.row.values[p.column]
            self.report.problems.append(ParseProblem(
                f"{self.sched.label}单元格读法不确定（{' / '.join(map(str, p.choices))}），取{cell.text}",
                cell.page, f"table {self.sched.key}"))

    def text(self, row: GridRow, c: int | None) -> str:
        if c is None:
            return ""
        return re.sub(r"[\s\u3000]+", "", self.at(row, c)[0])


def _plain(amount: Decimal) -> str:
    s = f"{amount:f}"
    return "-" + s[1:] if s.startswith("-") else s


def _all_blank(grid: Grid, header_rows: int, value_cols: list[int]) -> bool:
    for row in grid.rows[header_rows:]:
        for c in value_cols:
            cell = row.cells[c]
            t = norm(cell.text) if cell is not None else ""
            if t in BLANK_MARKS:
                continue
            amount = try_amount(t)
            if amount is None or amount != 0:
                return False
    return True


def fill(sched: Schedule, tdef: TableDef, grid: Grid, header_rows: int, unit: str, report: Report,
         codes: dict[str, str]) -> None:
    choices, lanci = schedule_headers.readings(grid, header_rows)
    paths = choices[0] if len(choices) == 1 else _likeliest(choices, lanci, sched, tdef, grid, header_rows, unit,
                                                           report, codes)
    _fill(sched, tdef, grid, header_rows, unit, report, codes, _columns(tdef, paths, lanci))


def _likeliest(choices: list[list[list[str]]], lanci: list[str], sched: Schedule, tdef: TableDef, grid: Grid,
               header_rows: int, unit: str, report: Report, codes: dict[str, str]) -> list[list[str]]:
    """The reading of the header block (schedule_headers) the table bears out: each is tried on a
    copy of the grid, and the one read with the highest confidence (columns keyed by the template,
    no figure outside them, the table's identities not mostly broken) wins; then the one under
    which more of the identities hold; on a tie the block as drawn."""
    best, score = choices[0], None
    for paths in choices:
        trial = replace(sched, columns=[], rows=[], left=[], right=[])
        kept = len(report.problems)
        _fill(trial, tdef, copy.deepcopy(grid), header_rows, unit, report, dict(codes), _columns(tdef, paths, lanci))
        schedules_arith.check(trial, tdef, report)
        del report.problems[kept:]
        held = sum(h - b for h, b in schedules_arith.tally(trial, tdef).values())
        if score is None or (trial.confidence, held) > score:
            best, score = paths, (trial.confidence, held)
    return best


def _fill(sched: Schedule, tdef: TableDef, grid: Grid, header_rows: int, unit: str, report: Report,
          codes: dict[str, str], cols: list[Col]) -> None:
    _rehome(grid, header_rows, cols)
    _drop_hairline_columns(grid, header_rows, cols)
    _fold_spanned_rows(grid, header_rows, cols)
    values = [c for c in cols if c.role == "value"]
    reader = Reader(sched, tdef, grid, unit, report)
    # All blank: no data where the template lets the table be printed empty, else printed zeros.
    reader.empty = tdef.empty_allowed and _all_blank(grid, header_rows, [c.index for c in values])
    sched.empty = reader.empty
    sched.unit = unit if unit in UNITS else INTERNAL  # as printed, like its cells
    unmapped = [c for c in values if c.key is None]
    for c in unmapped:
        c.key = c.label or f"col{c.index}"
        report.problems.append(ParseProblem(f"{sched.label}栏目未识别：{c.label or c.index}", grid.page,
                                            f"table {sched.key}"))
    if sched.layout == "two_sided":
        _two_sided(sched, grid, header_rows, cols, reader, codes)
    elif sched.layout == "sangong":
        _sangong(sched, grid, header_rows, cols, reader)
    else:
        _coded(sched, grid, header_rows, cols, reader, codes)
    reader.settle()
    sched.dp = 2 if reader.dp is None else reader.dp
    cells = max(reader.cells, 1)
    penalty = 0.1 * len(unmapped) + reader.problems / cells + 0.5 * reader.reread / cells
    stray = _stray_figures(grid, header_rows, cols)
    if stray:
        # a figure printed where no column was read: the table's cells are not where the header
        # says, so nothing may be computed on them (could-not-check rather than a false 0)
        penalty += 0.6
        report.problems.append(ParseProblem(f"{sched.label}有数字未落在任何已识别的栏目中（如 {stray[0]}），表格未能可靠读取",
                                            grid.page, f"table {sched.key}"))
    if not sched.all_rows() and not reader.empty:  # an empty table may print blank rows only
        penalty += 0.5
        report.problems.append(ParseProblem(f"{sched.label}没有读到数据行", grid.page, f"table {sched.key}"))
    sched.confidence = round(max(0.0, sched.confidence - penalty), 3)
    plausibility.mark_implausible(sched, report)


def _rehome(grid: Grid, header_rows: int, cols: list[Col]) -> None:
    """A body cell printed from a column with no header label (a narrow ruling left of 合计, 江苏
    2017) over exactly one labelled column is that column's: moved there, or it would read as blank."""
    labelled = {c.index for c in cols if c.role != "other"}
    for row in grid.rows[header_rows:]:
        for cell in list(row.cells):
            if cell is None or cell.col in labelled or cell.colspan < 2:
                continue
            span = [k for k in range(cell.col + 1, cell.col + cell.colspan) if k in labelled]
            if len(span) == 1 and row.cells[span[0]] is None:
                row.cells[cell.col] = None
                row.cells[span[0]] = replace(cell, col=span[0], colspan=cell.col + cell.colspan - span[0])
    # a name printed one hairline column left of its 名称 column (a continuation page drawn a
    # little to the left, 江苏 2018): moved right when that column is blank on the row
    names = {c.index for c in cols if c.role == "name"}
    for row in grid.rows[header_rows:]:
        for cell in list(row.cells):
            right = cell.col + cell.colspan if cell is not None else -1
            if cell is None or cell.col in labelled or right not in names or not cell.text.strip() \
                    or _DECIMAL.search(cell.text):
                continue
            mine = row.cells[right]
            if mine is not None and not mine.text.strip() and mine.colspan == 1:
                row.cells[cell.col], row.cells[right] = None, replace(cell, col=right, colspan=1)


def _drop_hairline_columns(grid: Grid, header_rows: int, cols: list[Col]) -> None:
    """A fine-ruled grid (江苏 2018, a Word table) cuts one printed column into several under one
    header. A column no body row writes in is set aside when it is a sliver of a printed one: a
    written neighbour has the same role, key and header labels, or its header labels are the
    beginning of a neighbour's (the sliver under a merged header cell, left of the labelled part)."""
    body = grid.rows[header_rows:]
    written = {c.index for c in cols if any(row.cells[c.index] is not None and row.cells[c.index].text.strip()
                                            for row in body)}
    for c in cols:
        if c.role not in ("value", "name") or c.index in written or not c.path:
            continue
        near = [x for x in cols if x is not c and abs(x.index - c.index) <= 3]
        twin = any(x.index in written and x.role == c.role and x.key == c.key
                   and (x.path == c.path or (abs(x.index - c.index) == 1 and x.path[-1] == c.path[-1])) for x in near)
        sliver = any(len(x.path) > len(c.path) and x.path[:len(c.path)] == c.path for x in near)
        if twin or sliver:
            c.role = "other"


def _fold_spanned_rows(grid: Grid, header_rows: int, cols: list[Col]) -> None:
    """A label cell spanning several ruled rows (江苏 2019 Word tables: 204 公共安全支出 over three
    hairline rows) owns the figures printed in them: one left blank on its own row is taken from
    the rows it covers, where no label of their own is printed."""
    labels = [c.index for c in cols if c.role == "code"] + _name_columns(grid, header_rows, cols)
    values = [c.index for c in cols if c.role == "value"]
    rows = grid.rows

    def labelled(k: int) -> bool:
        return any(rows[k].cells[c] is not None and rows[k].cells[c].text.strip() for c in labels)

    # a figure whose cell spans down over the row that prints its label (合计 under 37,188.34)
    for j in range(header_rows, len(rows)):
        if labelled(j):
            continue
        for c in values:
            cell = rows[j].cells[c]
            if cell is None or not cell.text.strip() or cell.rowspan < 2:
                continue
            for k in range(j + 1, min(j + cell.rowspan, len(rows))):
                mine = rows[k].cells[c]
                if labelled(k) and (mine is None or not mine.text.strip()):
                    rows[k].cells[c], rows[j].cells[c] = replace(cell, row=k, rowspan=1), None
                    break
    for i in range(header_rows, len(rows)):
        span = max((rows[i].cells[c].rowspan for c in labels
                    if rows[i].cells[c] is not None and rows[i].cells[c].text.strip()), default=1)
        for j in range(i + 1, min(i + span, len(rows))):
            if labelled(j):
                break
            for c in values:
                cell, mine = rows[j].cells[c], rows[i].cells[c]
                if cell is not None and cell.text.strip() and (mine is None or not mine.text.strip()):
                    rows[i].cells[c], rows[j].cells[c] = replace(cell, row=i), None


def _row_values(reader: Reader, row: GridRow, cols: list[Col]) -> dict[str, Cell]:
    """The row's cell per column key. Columns that share a key are one printed column cut by
    hairlines (江苏 2019: 金额 over three rulings, 类 figures in one, 款 figures in another): a blank
    among them gives way to the one that prints a figure (two figures: the last stands, as before)."""
    out: dict[str, Cell] = {}
    for c in cols:
        if c.key in out and not reader.text(row, c.index) and not out[c.key].blank:
            continue
        out[c.key] = reader.value(row, c.index)
    return out


def _stray_figures(grid: Grid, header_rows: int, cols: list[Col]) -> list[str]:
    """Amounts printed in body cells of columns that are not read (no header label, or set aside)."""
    unread = {c.index for c in cols if c.role == "other"}
    out = []
    for row in grid.rows[header_rows:]:
        for cell in row.cells:
            if cell is not None and cell.col in unread and _DECIMAL.search(cell.text):
                amount = try_amount(norm(cell.text))
                if amount:
                    out.append(cell.text.strip())
    return out


def _add_columns(sched: Schedule, cols: list[Col]) -> None:
    for c in cols:
        if c.key and all(x.key != c.key for x in sched.columns):
            sched.columns.append(Column(c.key, c.label))


# ---------------------------------------------------------------- classification / economic


def _blocks_of_codes(cols: list[Col]) -> list[list[Col]]:
    """Side-by-side blocks (编码 | 名称 | 金额, printed twice across the page) → one list per block."""
    blocks: list[list[Col]] = [[]]
    for c in cols:
        if c.role == "code" and any(x.role == "value" for x in blocks[-1]):
            blocks.append([])
        blocks[-1].append(c)
    return blocks


def _coded(sched: Schedule, grid: Grid, header_rows: int, cols: list[Col], reader: Reader,
           codes: dict[str, str]) -> None:
    for block in _blocks_of_codes(cols):
        _coded_block(sched, grid, header_rows, block, reader, codes)
    if sched.layout == "economic_blocks":
        # 人员经费合计 / 公用经费合计 close their blocks; as rows they follow every coded row
        sched.rows.sort(key=lambda r: not r.code.isdigit())


def _code_of(parts: list[str], last: list[str]) -> str:
    """科目编码 printed whole, or split into 类 | 款 | 项 columns whose leading parts may be left blank."""
    if len(parts) > 1:
        for i, part in enumerate(parts):
            if not part and any(parts[i + 1:]) and i < len(last):
                parts[i] = last[i]
            elif i > 0 and len(part) == 1 and part.isdigit():
                parts[i] = "0" + part  # 款/项 printed without its leading zero (301 | 2 for 30102, 上海 2024)
        last[:] = parts
    return "".join(parts)


def _coded_block(sched: Schedule, grid: Grid, header_rows: int, cols: list[Col], reader: Reader,
                 codes: dict[str, str]) -> None:
    code_cols = [c.index for c in cols if c.role == "code"]
    names = _name_columns(grid, header_rows, cols)
    name_col = names[0] if names else (code_cols[-1] + 1 if code_cols else None)
    if name_col is not None and name_col >= len(grid.xs) - 1:
        name_col = None  # codes in the last column: a reading with no name column left to read
    values = [c for c in cols if c.role == "value" and c.index != name_col]
    _add_columns(sched, values)
    last: list[str] = []
    for i, row in enumerate(grid.rows[header_rows:], start=header_rows):
        parts = [reader.text(row, c) for c in code_cols]
        if parts and all(p in ("类", "款", "项") for p in parts):
            parts = [""] * len(parts)  # the 类 | 款 | 项 header labels printed in the 合计 row (czj)
        code = _code_of(parts, last)
        name = _item_name(grid, i, names, reader) if len(names) > 1 and not code_cols else reader.text(row, name_col)
        if not code and not name and not code_cols and not names and reader.tdef.single_row:
            name = reader.tdef.single_row  # a table of one unlabelled row of figures
        if not code and not name:
            if any(reader.text(row, c.index) for c in values):
                reader.report.problems.append(ParseProblem(f"{sched.label}有数无名的行", row.page,
                                                           f"table {sched.key}"))
            continue
        if not _CODE.match(code) and (m := _CODE_NAME.match(code + name)):
            code, name = m.group(1), m.group(2)
        if norm(code) in _TOTAL_NAMES or (not code and norm(name) in _TOTAL_NAMES):
            key, level, code, name = "total", "total", "", norm(code) or norm(name)
        elif _CODE.match(code):
            key, level = code, LEVELS.get(len(code))
            if level == "类":
                codes.setdefault(norm(name), code)
        else:
            key, level = reader.tdef.named_row(name or code) or name or code, None
        r = Row(key=key, name=name, code=code, level=level, prov=Prov(row.page, row.bbox))
        r.values = _row_values(reader, row, values)
        sched.rows.append(r)


def _name_columns(grid: Grid, header_rows: int, cols: list[Col]) -> list[int]:
    """The 名称 columns; with the item column when 项目名称 is printed over two (group | item)."""
    names = [c.index for c in cols if c.role == "name"]
    if len(names) == 1 and not any(c.role == "code" for c in cols) \
            and (item := _item_column(grid, header_rows, cols, names[0])) is not None:
        names.append(item)
    return names


def _item_column(grid: Grid, header_rows: int, cols: list[Col], name: int) -> int | None:
    """The item column of a 项目名称 printed over two columns (group | item): the first unlabelled
    column right of the 名称 column that prints a label in the body (a Word table cuts hairline
    slivers between them, 江苏 2018), else the one just right of it."""
    roles = {c.index: c.role for c in cols}
    k = name + 1
    while roles.get(k) == "other":
        if any((cell := row.cells[k]) is not None and cell.text.strip() and not _DECIMAL.search(cell.text)
               for row in grid.rows[header_rows:]):
            return k
        k += 1
    return name + 1 if roles.get(name + 1) == "other" else None


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _item_name(grid: Grid, i: int, names: list[int], reader: Reader) -> str:
    """The label of a row printed under two name columns (group | item, 江苏 收入预算总表): the item,
    or the group (a merged cell from above) where the item is blank or only 小计. A 小计 row whose
    group cell is blank takes the group label printed further down its block (a Word table whose
    group label is centred on a hairline row below the 小计 row: 检察院 2018 其他资金), never past
    the next 小计 or a row whose label spans the item column (收入总计)."""
    item = reader.text(grid.rows[i], names[-1])
    if item and norm(item) not in ("小计", "合计"):
        return item
    cell = grid.covering(i, names[0])
    group = _squash(cell.text) if cell is not None else ""
    if group or not item:
        return group or item
    for row in grid.rows[i + 1:]:
        own = row.cells[names[0]]
        if own is not None and own.col + own.colspan > names[-1]:
            break
        if own is not None and own.text.strip():
            return _squash(own.text)
        if norm(reader.text(row, names[-1])) in ("小计", "合计"):
            break
    return item


# ---------------------------------------------------------------- 三公


def _sangong(sched: Schedule, grid: Grid, header_rows: int, cols: list[Col], reader: Reader) -> None:
    values = [c for c in cols if c.role == "value"]
    label_col = next((c.index for c in cols if c.role in ("name", "code")), None)
    if label_col is None and not any(c.index == 0 for c in values):
        label_col = 0
    values = [c for c in values if c.index != label_col]
    tdef = reader.tdef
    blocks = {c.index: next((k for p in c.path if (k := sangong_row_key(p, tdef)) and len(norm(p)) <= 6), None)
              for c in values}
    if any(blocks.values()):  # 预算数 | 决算数 as column groups, one printed row
        for c in values:
            c.path = [p for p in c.path if not (sangong_row_key(p, tdef) and len(norm(p)) <= 6)]
            c.key = tdef.column_key(c.path) or c.key
            c.label = tdef.column_label(c.key, c.path)
        for row in grid.rows[header_rows:]:
            for key in ("budget", "actual"):
                mine = [c for c in values if blocks[c.index] == key]
                if not mine or sched.row(key):
                    continue
                r = Row(key=key, name=SANGONG_NAMES[key], prov=Prov(row.page, row.bbox))
                r.values = _row_values(reader, row, mine)
                sched.rows.append(r)
        _add_columns(sched, [c for c in values if blocks[c.index] == "actual"] or values)
        return
    _add_columns(sched, values)
    # a table of one unlabelled row of figures (上海 预算: “三公”经费预算数 | 机关运行经费预算数) names
    # that row in its template (rows: unnamed)
    unnamed = next((key for _, key in tdef.row_rules("unnamed")), None) if label_col is None else None
    for row in grid.rows[header_rows:]:
        if unnamed is not None:
            if not sched.row(unnamed) and any(reader.text(row, c.index) for c in values):
                r = Row(key=unnamed, name=SANGONG_NAMES.get(unnamed, unnamed), prov=Prov(row.page, row.bbox))
                r.values = {c.key: reader.value(row, c.index) for c in values}
                sched.rows.append(r)
            continue
        name = reader.text(row, label_col)
        if not name and tdef.single_row and any(reader.text(row, c.index) for c in values):
            name = tdef.single_row  # one unlabelled row of figures
        key = sangong_row_key(name, tdef) if name else None
        if key is not None and sched.row(key):
            continue
        if key is None:
            if name:
                reader.report.problems.append(ParseProblem(f"{sched.label}未识别的行：{name}", row.page,
                                                           f"table {sched.key}"))
            continue
        r = Row(key=key, name=name, prov=Prov(row.page, row.bbox))
        r.values = _row_values(reader, row, values)
        sched.rows.append(r)


# ---------------------------------------------------------------- two-sided (收入 | 支出)


def _blocks(grid: Grid, cols: list[Col]) -> list[list[Col]]:
    starts = [c.index for c in cols if c.role == "name"]
    if len(starts) < 2:  # no 项目 labels: split under the 收入 / 支出 group cells of the top row
        starts = [cell.col for cell in grid.rows[0].cells if cell is not None and re.search("收入|支出", cell.text)]
        for s in starts:
            cols[s].role = "name"
    starts = starts[:3] or [0]
    bounds = starts + [grid.ncols]
    return [cols[a:b] for a, b in zip(bounds, bounds[1:])]


def _class_code(name: str, codes: dict[str, str]) -> str | None:
    bare = strip_ordinal(name)
    return codes.get(bare) or CLASS_CODES.get(bare)


_ORDINAL_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])")


def _side_row_key(reader: Reader, side: str, name: str, codes: dict[str, str]) -> str | None:
    """The key a two-sided row's name has by the table's rules or as a 类 name (None: unknown)."""
    if side == "left":
        return left_key(reader.tdef, name, False)
    return right_special_key(reader.tdef, name, False) or (_class_code(name, codes) and "out.class")


def _two_sided(sched: Schedule, grid: Grid, header_rows: int, cols: list[Col], reader: Reader,
               codes: dict[str, str]) -> None:
    blocks = _blocks(grid, cols)
    # 收入 | 支出（功能分类）| 支出（支出用途） (江苏 收支预算总表): the third block is the expense side
    # by use, its rows following the functional ones
    for side, block in zip(("left", "right", "right"), blocks):
        name_col = block[0].index
        end = block[-1].index + 1
        values = [c for c in block if c.role == "value" and c.index != name_col]
        _add_columns(sched, values)
        rows: list[Row] = getattr(sched, side)
        after_carry = False
        body = grid.rows[header_rows:]
        wrapped: set[int] = set()
        for i, row in enumerate(body):
            name = reader.text(row, name_col)
            if not name or i in wrapped:
                continue
            nxt = next((k for k in range(i + 1, min(i + 4, len(body))) if reader.text(body[k], name_col)), None)
            tail = reader.text(body[nxt], name_col) if nxt is not None else ""
            if tail and not _ORDINAL_START.match(tail) and _side_row_key(reader, side, name, codes) is None \
                    and _side_row_key(reader, side, name + tail, codes) is not None:
                # a name wrapped onto the next ruled row (七、文化旅游体育与传媒支 | 出)
                name = name + tail
                wrapped.add(nxt)
                # its figure may sit on either ruled row, or on a hairline row between or just below
                row = next((body[k] for k in range(i, min(nxt + 2, len(body)))
                            if any(reader.text(body[k], c.index) for c in block if c.role == "value")
                            and (k <= nxt or not reader.text(body[k], name_col))), row)
            cell = row.cells[name_col]
            if cell is not None and cell.col + cell.colspan > end and len(blocks) > 2:
                # a name merged across the next block (当年支出小计): its figure is the last block's
                values = [c for c in blocks[-1] if c.role == "value"] if cell.col + cell.colspan > blocks[-1][0].index \
                    else values
            else:
                values = [c for c in block if c.role == "value" and c.index != name_col]
            code = ""
            if side == "left":
                key = left_key(reader.tdef, name, after_carry)
                after_carry = after_carry or key == "in.carry_begin"
            else:
                key = right_special_key(reader.tdef, name, after_carry)
                after_carry = after_carry or key == "out.carry_end"
                if key is None and (code := _class_code(name, codes) or ""):
                    key = f"out.{code}"
            if key is None:
                key = f"{'in' if side == 'left' else 'out'}.{strip_ordinal(name)}"
                reader.report.problems.append(ParseProblem(f"{sched.label}未识别的行：{name}", row.page,
                                                           f"table {sched.key}"))
            r = Row(key=key, name=name, code=code, prov=Prov(row.page, row.bbox))
            r.values = _row_values(reader, row, values)
            rows.append(r)
