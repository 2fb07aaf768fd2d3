"""The identities a template declares, as typed declarations checked when the template loads.

Each entry of a template's `identities:` list becomes one of the dataclasses below. Every table,
column and row key it names is checked against the template's own tables: a misspelt key (`incme`
for `income`) fails the load with the file and line, where it would otherwise silently remove its
checks. Row keys are the table's row rules (left/right/named), its 合计 row `total`, a
classification code (digits or `{code}`) and, on a two-sided table, the fund breakdown of the
carry-over rows (in.carry_begin.gp …).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

# TableDef (budgetlib.templates) is passed in, never imported: the catalogue imports this module.
TableDef = Any

# the fund rows a carry-over row of a two-sided table breaks into (年初结转和结余 → 一般公共预算 …)
FUNDS = (("国有资本", "soc"), ("政府性基金", "gf"), ("一般公共预算", "gp"))
CARRY_ROWS = ("in.carry_begin", "out.carry_end")


class TemplateError(ValueError):
    """A template file that cannot be used: the message names the file and line."""


@dataclass(frozen=True)
class CellRef:
    table: str
    row: str
    column: str

    def at(self, code: str = "", col: str = "") -> tuple[str, str, str]:
        """(table, row, column) with `{code}` and `{col}` filled in."""
        return tuple(x.replace("{code}", code).replace("{col}", col) for x in (self.table, self.row, self.column))


@dataclass(frozen=True, kw_only=True)
class Declaration:
    rule: str
    where: str  # file:line of the declaration, for messages about it
    formula: str = ""  # the identity in words (Chinese) when the default wording does not fit
    id: str = ""  # template#position, set where a rule runs it (checks.identities.declared)

    kind = ""
    cross = False  # between tables (an absent table makes it could-not-check once)

    def tables_named(self) -> tuple[str, ...]:
        """Every table the declaration addresses."""
        own = getattr(self, "tables", ()) or ((self.table,) if getattr(self, "table", "") else ())
        return tuple(own)

    def on(self, key: str) -> Declaration:
        """The same within-table identity on table `key` alone."""
        if hasattr(self, "tables"):
            return replace(self, tables=(key,))
        return replace(self, table=key)


@dataclass(frozen=True, kw_only=True)
class RowSum(Declaration):
    """In every row: total column = Σ sign × part columns (`others`: every other column read)."""
    table: str
    total: str
    parts: tuple[tuple[int, str], ...] = ()
    others: bool = False
    exclude: tuple[str, ...] = ()  # with `others`: columns that are no part of the total
    optional: bool = False  # the parts are columns only one variant of the table prints
    kind = "row_sum"


@dataclass(frozen=True, kw_only=True)
class ColumnSum(Declaration):
    """In every column: the 合计 row = Σ 类 rows."""
    tables: tuple[str, ...]
    kind = "column_sum"


@dataclass(frozen=True, kw_only=True)
class RowsSum(Declaration):
    """row = Σ rows, in `columns` (default every column read)."""
    table: str
    row: str
    rows: tuple[str, ...]
    columns: tuple[str, ...] = ()
    kind = "rows_sum"


@dataclass(frozen=True, kw_only=True)
class SideSums(Declaration):
    """Each side of a two-sided table: 本年合计 = items, 总计 = 本年合计 + carry-over rows."""
    table: str
    sides: tuple[str, ...] = ("left", "right")
    items_to_grand: bool = False  # no 本年合计 printed: 总计 = the items
    kind = "side_sums"


@dataclass(frozen=True, kw_only=True)
class Hierarchy(Declaration):
    """类 = Σ 款 and 款 = Σ 项, by code length (`digits`)."""
    tables: tuple[str, ...]
    digits: tuple[int, ...] = (3, 5, 7)
    kind = "hierarchy"


@dataclass(frozen=True, kw_only=True)
class Equal(Declaration):
    """a = b (one cell printed twice), or a = Σ b; `each: 类` for every 类 row, `columns` for `{col}`."""
    a: CellRef
    b: tuple[CellRef, ...]
    many: bool = False  # b is a list of cells (a sum), not one cell
    each: str = ""
    columns: tuple[str, ...] = ()
    convention: bool = False  # equal by the usual bookkeeping, not by definition: 0.01 a warning, more info
    kind = "equal"
    cross = True

    def tables_named(self) -> tuple[str, ...]:
        return (self.a.table, *(c.table for c in self.b))


KINDS: dict[str, type[Declaration]] = {c.kind: c for c in (RowSum, ColumnSum, RowsSum, SideSums, Hierarchy, Equal)}
# the YAML fields of each kind, besides rule, kind and formula
FIELDS = {"row_sum": {"table", "total", "parts", "except", "optional"}, "column_sum": {"tables"},
          "rows_sum": {"table", "row", "rows", "columns"}, "side_sums": {"table", "sides", "items_to_grand"},
          "hierarchy": {"tables", "digits"}, "equal": {"a", "b", "each", "columns", "convention"}}


def _fail(where: str, message: str) -> TemplateError:
    return TemplateError(f"{where}：{message}")


def declarations(path: Path, text: str, loader: Any, raw: Any, tables: dict[str, TableDef]) -> tuple[Declaration, ...]:
    """The `identities:` of a template file (`raw`, as loaded from `text`), typed and checked against its
    `tables`; the lines come from the YAML nodes."""
    if not raw:
        return ()
    root = yaml.compose(text, Loader=loader)
    node = next(v for k, v in root.value if k.value == "identities")
    if not isinstance(raw, list):
        raise _fail(f"{path.name}:{node.start_mark.line + 1}", "identities 应为列表 / identities must be a list")
    return tuple(_declaration(path, d, n, tables) for d, n in zip(raw, node.value))


def _declaration(path: Path, d: Any, item: yaml.Node, tables: dict[str, TableDef]) -> Declaration:
    line = item.start_mark.line + 1
    here = f"{path.name}:{line}"
    if not isinstance(d, dict):
        raise _fail(here, "恒等关系应为映射 / an identity must be a mapping")
    lines = {k.value: v.start_mark.line + 1 for k, v in item.value}

    def at(key: str) -> str:
        return f"{path.name}:{lines.get(key, line)}"

    kind = d.get("kind")
    cls = KINDS.get(kind)
    if cls is None:
        raise _fail(at("kind"), f"未知的恒等关系类型“{kind}” / unknown identity kind (one of {', '.join(KINDS)})")
    for key in d:
        if key not in FIELDS[kind] | {"rule", "kind", "formula"}:
            raise _fail(at(key), f"{kind} 不认识字段“{key}” / unknown field of {kind}")
    if "rule" not in d:
        raise _fail(here, "缺少 rule / missing rule")
    checker = _Checker(path.name, lines, line, tables)
    try:
        args = _ARGS[kind](d, checker)
    except KeyError as exc:
        raise _fail(here, f"{kind} 缺少字段 {exc.args[0]} / missing field") from None
    return cls(rule=str(d["rule"]), where=here, formula=str(d.get("formula") or ""), **args)


class _Checker:
    """Checks the keys of one declaration against the template's tables."""

    def __init__(self, file: str, lines: dict[str, int], line: int, tables: dict[str, TableDef]):
        self.file, self.lines, self.line, self.tables = file, lines, line, tables

    def _fail(self, field: str, message: str) -> TemplateError:
        return _fail(f"{self.file}:{self.lines.get(field, self.line)}", message)

    def table(self, field: str, key: str) -> TableDef:
        t = self.tables.get(key)
        if t is None:
            raise self._fail(field, f"{field} 引用了模板中没有的表“{key}” / unknown table key")
        return t

    def column(self, field: str, table: str, key: str) -> str:
        t = self.table(field, table)
        known = {k for k, _ in t.columns} | {k for _, k in t.header} | set(t.independent)
        if "{col}" not in key and key not in known:
            raise self._fail(field, f"{field} 引用了表“{table}”中没有的栏目“{key}” / unknown column key")
        return key

    def row(self, field: str, table: str, key: str) -> str:
        t = self.table(field, table)
        known = {k for rules in t.rows.values() for _, k in rules} | {"total"}
        if t.layout == "two_sided":
            known |= {f"{carry}.{fund}" for carry in CARRY_ROWS for _, fund in FUNDS}
        code = key.rsplit(".", 1)[-1]
        if not (key in known or code.isdigit() or code == "{code}"):
            raise self._fail(field, f"{field} 引用了表“{table}”中没有的行“{key}” / unknown row key")
        return key

    def cell(self, field: str, spec: Any) -> CellRef:
        if not (isinstance(spec, list) and len(spec) == 3 and all(isinstance(x, str) for x in spec)):
            raise self._fail(field, f"{field} 应为 [表, 行, 栏] / a cell is [table, row, column]")
        table, row, column = spec
        return CellRef(table, self.row(field, table, row), self.column(field, table, column))


def _signed(part: Any) -> tuple[int, str]:
    p = str(part)
    return (-1, p[1:]) if p.startswith("-") else (1, p)


def _row_sum(d: dict, c: _Checker) -> dict:
    table = c.table("table", d["table"]).key
    others = d["parts"] == "others"
    parts = () if others else tuple(_signed(p) for p in d["parts"])
    for _, col in parts:
        c.column("parts", table, col)
    return {"table": table, "total": c.column("total", table, d["total"]), "parts": parts, "others": others,
            "exclude": tuple(c.column("except", table, x) for x in d.get("except") or ()),
            "optional": bool(d.get("optional"))}


def _tables(d: dict, c: _Checker) -> tuple[str, ...]:
    return tuple(c.table("tables", t).key for t in d["tables"])


def _rows_sum(d: dict, c: _Checker) -> dict:
    table = c.table("table", d["table"]).key
    return {"table": table, "row": c.row("row", table, str(d["row"])),
            "rows": tuple(c.row("rows", table, str(r)) for r in d["rows"]),
            "columns": tuple(c.column("columns", table, x) for x in d.get("columns") or ())}


def _side_sums(d: dict, c: _Checker) -> dict:
    sides = tuple(d.get("sides") or ("left", "right"))
    if not set(sides) <= {"left", "right"}:
        raise c._fail("sides", "sides 只能是 left、right / sides are left and right")
    return {"table": c.table("table", d["table"]).key, "sides": sides, "items_to_grand": bool(d.get("items_to_grand"))}


def _hierarchy(d: dict, c: _Checker) -> dict:
    digits = tuple(int(x) for x in d.get("digits") or (3, 5, 7))
    if len(digits) < 2 or list(digits) != sorted(digits):
        raise c._fail("digits", "digits 应为递增的代码位数 / digits are increasing code lengths")
    return {"tables": _tables(d, c), "digits": digits}


def _equal(d: dict, c: _Checker) -> dict:
    many = isinstance(d["b"], list) and bool(d["b"]) and isinstance(d["b"][0], list)
    each = str(d.get("each") or "")
    if each not in ("", "类"):
        raise c._fail("each", f"each 只能是“类” / unknown each “{each}”")
    a = c.cell("a", d["a"])
    columns = tuple(str(x) for x in d.get("columns") or ())
    for col in columns:
        c.column("columns", a.table, col)
    return {"a": a, "b": tuple(c.cell("b", s) for s in (d["b"] if many else [d["b"]])), "many": many,
            "each": each, "columns": columns, "convention": bool(d.get("convention"))}


_ARGS = {"row_sum": _row_sum, "column_sum": lambda d, c: {"tables": _tables(d, c)}, "rows_sum": _rows_sum,
         "side_sums": _side_sums, "hierarchy": _hierarchy, "equal": _equal}
