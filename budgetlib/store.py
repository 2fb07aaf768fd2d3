"""The findings store across units and years: Parquet files plus one DuckDB database (embedded, no
server) under the batch output folder.

Tables (one Parquet file each, and a DuckDB table of the same name in DIR/findings.duckdb):
Every table has a `disclosure` column, "决算" or "预算": a unit's budget and final account of one year
are two rows, never compared as one report's.
- units:    one row per unit and year (where it came from, the rule set, counts by severity);
- findings: one row per finding, with the auditor's annotation status (新发现/仍存在/已消失, 处理, 备注);
- figures:  the narrative's stated amounts, keyed by the schedule cell they refer to, with the prior-year
            figure each 与上年相比 sentence implies (prior = current ∓ change), so that one year's report
            can be checked against the previous year's report of the same unit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from budgetlib import annotations
from budgetlib.atomic import atomic_write
from budgetlib.model import DOWN, UP, Claim, Finding, Report
from budgetlib.numbers import try_amount

FIGURES = "figures.json"
DB_NAME = "findings.duckdb"
STORE_DIR = "_store"  # "_": no unit folder can have this name (paths.safe_name)

UNIT_COLUMNS = ["unit", "year", "disclosure", "folder", "source", "pdf_sha256", "part", "budgetlib", "ruleset",
                "errors", "warnings", "infos", "finished"]
FINDING_COLUMNS = ["unit", "year", "disclosure", "rule", "severity", "outcome", "location", "section", "table", "project", "row",
                   "column", "indicator", "field", "page", "stated", "expected", "difference", "amount_unit", "message",
                   "status", "disposition", "comment", "first_seen",
                   # in the report's and the catalogue's words: what a query by name (三公, 收入决算表) reads
                   "severity_zh", "rule_title", "table_title", "section_title", "where"]
FIGURE_COLUMNS = ["unit", "year", "disclosure", "key", "label", "current", "prior_stated", "change", "direction"]
# one row per cross-document comparison (batch/crossdoc.py, 跨文件核对.json): result 一致/尾差/不一致/口径不同/无对应
CROSSDOC_COLUMNS = ["unit", "year", "disclosure", "check", "item", "item_year", "basis", "stated", "stated_page",
                    "stated_text", "how", "other_file", "other_basis", "other", "other_page", "other_text",
                    "difference", "amount_unit", "result"]


SCHEMAS = {"units": UNIT_COLUMNS, "findings": FINDING_COLUMNS, "figures": FIGURE_COLUMNS,
           "crossdoc": CROSSDOC_COLUMNS}
DEFAULTS = {"disclosure": "决算"}  # rows written before budgets were read are 决算 rows
INT_COLUMNS = ("year", "errors", "warnings", "infos", "section", "project", "indicator", "page", "item_year",
               "stated_page", "other_page")


def figure_key(c: Claim) -> str:
    return f"表{c.ref.table}:{c.ref.row}:{c.ref.column}" if c.ref else f"说明:{c.label}"


def figures(report: Report) -> list[dict[str, Any]]:
    """Stated amounts, and the 上年 figure each 与上年相比 change implies for its subject."""
    by_id = {c.id: c for c in report.claims}
    rows: dict[str, dict[str, Any]] = {}
    for c in report.claims:
        if c.kind == "amount" and try_amount(c.value) is not None:
            rows.setdefault(figure_key(c), {"key": figure_key(c), "label": c.label, "current": c.value,
                                      "prior_stated": None, "change": None, "direction": None})
    for c in report.claims:
        subject = by_id.get(c.subject or "")
        delta, cur = try_amount(c.value), try_amount(subject.value) if subject else None
        if c.kind != "yoy_amount" or subject is None or delta is None or cur is None:
            continue
        if c.direction in UP:
            prior = cur - delta
        elif c.direction in DOWN:
            prior = cur + delta
        else:
            continue  # a garbled direction word ("增减少") states no prior figure
        row = rows.setdefault(figure_key(subject), {"key": figure_key(subject), "label": subject.label,
                                              "current": subject.value})
        row.update(prior_stated=str(prior), change=c.value, direction=c.direction)
    return list(rows.values())


# ---------------------------------------------------------------- building the store


def _unit_rows(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    sev = (manifest.get("findings") or {}).get("by_severity") or {}
    inputs = manifest.get("inputs") or {}
    part = inputs.get("part")
    return {"unit": manifest.get("unit", ""), "year": manifest.get("year"),
            "disclosure": manifest.get("disclosure", "决算"), "folder": str(folder),
            "source": manifest.get("source", ""), "pdf_sha256": manifest.get("pdf_sha256", ""),
            "part": f"{part[0]}/{part[1]}" if part else None, "budgetlib": inputs.get("budgetlib"),
            "ruleset": inputs.get("ruleset"), "errors": sev.get("error", 0), "warnings": sev.get("warning", 0),
            "infos": sev.get("info", 0), "finished": manifest.get("finished")}


def _labels(f: Finding, template: str | None) -> dict[str, Any]:
    """The Chinese label columns of a finding; section titles from the unit's template."""
    from budgetlib.present import labels
    from budgetlib.present.order import sev_zh

    return {"severity_zh": sev_zh(f.severity), "rule_title": labels.rule_title(f.rule),
            "table_title": labels.table_title(f) if f.table else "",
            "section_title": labels.section_title(None, f.section, template), "where": labels.where(f, None, template)}


def _finding_rows(folder: Path, unit: str, year: Any, disclosure: str = "决算") -> list[dict[str, Any]]:
    from budgetlib.present.findings_io import read_findings

    findings = read_findings(folder / "findings.json")
    template = (json.loads((folder / "findings.json").read_text(encoding="utf-8")).get("meta") or {}).get("template")
    notes = annotations.status_of(annotations.read(folder / annotations.NAME))
    rows = []
    for f, k in zip(findings, annotations.keys(findings)):
        d = f.to_dict()
        note = notes.get(k, {})
        rows.append({**{c: d.get(c) for c in FINDING_COLUMNS if c in d}, **_labels(f, template),
                     "unit": unit, "year": year,
                     "disclosure": disclosure,
                     "location": k[1], "status": note.get("status", annotations.STATUS_ZH["new"]),
                     "disposition": note.get("disposition", ""), "comment": note.get("comment", ""),
                     "first_seen": note.get("first_seen", "")})
    for k, note in notes.items():  # findings gone since the previous run keep their row
        if note.get("status") == annotations.STATUS_ZH["gone"]:
            rows.append({"unit": unit, "year": year, "disclosure": disclosure, "rule": k[0], "location": k[1],
                         "severity": annotations.severity_of(note), "message": note.get("message"),
                         **_labels(Finding(rule=k[0], severity=annotations.severity_of(note), message=""), None),
                         "status": note["status"], "disposition": note.get("disposition", ""),
                         "comment": note.get("comment", ""), "first_seen": note.get("first_seen", "")})
    return rows


def _figure_rows(folder: Path, unit: str, year: Any, disclosure: str = "决算") -> list[dict[str, Any]]:
    try:
        data = json.loads((folder / FIGURES).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [{**r, "unit": unit, "year": year, "disclosure": disclosure} for r in data]


CROSSDOC_FILE = "跨文件核对.json"  # batch.crossdoc.NAME (the batch sits above the store)
_CROSSDOC_FIELDS = {"check": "核对", "item": "项目", "item_year": "年度", "basis": "口径", "stated": "本文件",
                    "stated_page": "本文件页", "stated_text": "本文件原文", "how": "来源", "other_file": "对方文件",
                    "other_basis": "对方口径", "other": "对方数", "other_page": "对方页", "other_text": "对方原文",
                    "difference": "差额", "amount_unit": "金额单位", "result": "结果"}


def _crossdoc_rows(folder: Path, unit: str, year: Any, disclosure: str = "决算") -> list[dict[str, Any]]:
    try:
        data = json.loads((folder / CROSSDOC_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [{"unit": unit, "year": year, "disclosure": disclosure,
             **{col: c.get(zh) for col, zh in _CROSSDOC_FIELDS.items()}} for c in data.get("comparisons", [])]


def _table(rows: list[dict[str, Any]], columns: list[str], int_columns: tuple[str, ...]):
    import pyarrow as pa

    fields = [pa.field(c, pa.int32() if c in int_columns else pa.string()) for c in columns]
    data = {c: [r.get(c, DEFAULTS.get(c)) for r in rows] for c in columns}
    for c in columns:
        if c not in int_columns:
            data[c] = [None if v is None else str(v) for v in data[c]]
    return pa.table(data, schema=pa.schema(fields))


def collect(out: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Rows of the three tables from every finished unit folder under `out`."""
    from budgetlib.batch import manifest as mf

    units, found, figs, cross = [], [], [], []
    for manifest_path in sorted(Path(out).glob(f"*/*/{mf.NAME}")):
        folder = manifest_path.parent
        m = mf.read(folder)
        if not m or not mf.complete(folder, m):
            continue
        units.append(_unit_rows(folder, m))
        kind = m.get("disclosure", "决算")
        found.extend(_finding_rows(folder, m.get("unit", ""), m.get("year"), kind))
        figs.extend(_figure_rows(folder, m.get("unit", ""), m.get("year"), kind))
        cross.extend(_crossdoc_rows(folder, m.get("unit", ""), m.get("year"), kind))
    return {"units": units, "findings": found, "figures": figs, "crossdoc": cross}


def write_store(out: str | Path, tables: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """(Re)build DIR/store/*.parquet and DIR/findings.duckdb from the unit folders; returns the db path.
    Built beside and renamed into place, so a reader never sees half a store."""
    import duckdb
    import pyarrow.parquet as pq

    out = Path(out)
    tables = tables if tables is not None else collect(out)
    for name, columns in SCHEMAS.items():
        t = _table(tables.get(name, []), columns, INT_COLUMNS)
        atomic_write(out / STORE_DIR / f"{name}.parquet", lambda p, t=t: pq.write_table(t, p))

    def build(tmp: Path) -> None:
        tmp.unlink()  # duckdb wants to create the file itself
        con = duckdb.connect(str(tmp))
        try:
            for name in SCHEMAS:
                parquet = (out / STORE_DIR / f"{name}.parquet").resolve()
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [str(parquet)])
            con.execute(PRIOR_YEAR_VIEW)
        finally:
            con.close()

    atomic_write(out / DB_NAME, build)
    return out / DB_NAME


# Each report's implied 上年 figure next to what the previous year's report of the same unit states.
PRIOR_YEAR_VIEW = """
CREATE VIEW prior_year_check AS
SELECT cur.unit, cur.year, cur.key, cur.label,
       cur.prior_stated AS implied_prior, prev.current AS previous_report,
       CAST(cur.prior_stated AS DECIMAL(18, 2)) - CAST(prev.current AS DECIMAL(18, 2)) AS difference,
       CAST(cur.prior_stated AS DECIMAL(18, 2)) = CAST(prev.current AS DECIMAL(18, 2)) AS agrees
FROM figures cur JOIN figures prev
  ON prev.unit = cur.unit AND prev.disclosure = cur.disclosure AND prev.year = cur.year - 1 AND prev.key = cur.key
WHERE cur.prior_stated IS NOT NULL AND prev.current IS NOT NULL
"""


def open_store(path: str | Path):
    """A read-only DuckDB connection to a store: DIR/findings.duckdb, a batch output DIR, or a folder of
    the three Parquet files (DIR/_store)."""
    import duckdb

    p = Path(path)
    if p.is_dir() and (p / DB_NAME).is_file():
        p = p / DB_NAME
    if p.is_file():
        return duckdb.connect(str(p), read_only=True)
    folder = p / STORE_DIR if (p / STORE_DIR).is_dir() else p
    if not (folder / "units.parquet").is_file():
        raise FileNotFoundError(f"no findings store at {path}")
    con = duckdb.connect()
    for name, columns in SCHEMAS.items():
        path = folder / f"{name}.parquet"
        if not path.is_file():  # a store written before this table existed: an empty one
            cols = ", ".join(f"CAST(NULL AS {'INTEGER' if c in INT_COLUMNS else 'VARCHAR'}) AS {c}" for c in columns)
            con.execute(f"CREATE VIEW {name} AS SELECT {cols} WHERE false")
            continue
        literal = str(path.resolve()).replace("'", "''")  # a view takes no parameters
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
    con.execute(PRIOR_YEAR_VIEW)
    return con


# ---------------------------------------------------------------- the questions the 08 notebook asks


def findings_by_rule(con):
    return con.execute("""
        SELECT rule, severity, count(*) AS findings, count(DISTINCT unit || '/' || year) AS units
        FROM findings WHERE status <> '已消失' GROUP BY rule, severity ORDER BY findings DESC, rule
    """).df()


def units_with_most_errors(con, limit: int = 10):
    return con.execute("""
        SELECT unit, year, disclosure, errors, warnings, infos FROM units
        ORDER BY errors DESC, warnings DESC, unit, year, disclosure LIMIT ?
    """, [limit]).df()


def year_on_year(con):
    """Errors and warnings of each unit by year (one column per year), its 决算 and 预算 apart."""
    df = con.execute("SELECT unit, disclosure, year, errors, warnings FROM units ORDER BY unit, disclosure, year").df()
    if df.empty:
        return df
    return df.pivot_table(index=["unit", "disclosure"], columns="year", values=["errors", "warnings"], aggfunc="sum")


def crossdoc_check(con):
    """Every cross-document comparison of the store, disagreements first."""
    return con.execute("""
        SELECT unit, year, disclosure, "check", item, item_year, basis, stated, stated_page, other_file, other,
               other_page, difference, amount_unit, result FROM crossdoc
        ORDER BY CASE result WHEN '不一致' THEN 0 WHEN '尾差' THEN 1 WHEN '口径不同' THEN 2 WHEN '无对应' THEN 3
                 ELSE 4 END, unit, year, item
    """).df()


def prior_year_check(con):
    return con.execute("SELECT * FROM prior_year_check ORDER BY unit, year, key").df()


def annotation_status(con):
    return con.execute("""
        SELECT status AS 状态, coalesce(nullif(disposition, ''), '未处理') AS 处理, count(*) AS 条数
        FROM findings WHERE severity <> 'info' OR severity IS NULL GROUP BY 1, 2 ORDER BY 1, 2
    """).df()


# ---------------------------------------------------------------- the same questions, in Chinese (汇总, 08)


def units_overview(con):
    """Each unit and year, most errors first (then warnings), with its folder."""
    return con.execute("""
        SELECT unit AS 单位, year AS 年度, disclosure AS 类型, errors AS 错误, warnings AS 警告, infos AS 提示,
               folder AS 文件夹
        FROM units ORDER BY errors DESC, warnings DESC, unit, year, disclosure
    """).df()


def frequent_problems(con, limit: int = 20):
    """The most frequent errors and warnings by the rule's Chinese title (errors first)."""
    return con.execute("""
        SELECT rule_title AS 问题, severity_zh AS 严重程度, count(*) AS 条数,
               count(DISTINCT unit || '/' || year || disclosure) AS 涉及单位数, min(rule) AS 规则编号
        FROM findings WHERE status <> '已消失' AND severity IN ('error', 'warning')
        GROUP BY rule_title, severity_zh, severity
        ORDER BY CASE severity WHEN 'error' THEN 0 ELSE 1 END, 条数 DESC, 问题 LIMIT ?
    """, [limit]).df()


def prior_year_overview(con):
    """Each figure whose 上年 value this year's report implies, beside what last year's report states."""
    return con.execute("""
        SELECT unit AS 单位, year AS 年度, label AS 数字, implied_prior AS 本年报告推算的上年数,
               previous_report AS 上年报告所列, difference AS 差额,
               CASE WHEN agrees THEN '一致' ELSE '不一致' END AS 核对结果
        FROM prior_year_check ORDER BY agrees, unit, year, label
    """).df()


def crossdoc_overview(con):
    """Every cross-document comparison with Chinese headers, disagreements first (跨年度/跨文件核对)."""
    return con.execute("""
        SELECT unit AS 单位, year AS 年度, disclosure AS 类型, "check" AS 核对, item AS 项目, item_year AS 所属年度,
               basis AS 口径, stated AS 本文件, stated_page AS 本文件页, other_file AS 对方文件, other AS 对方数,
               other_page AS 对方页, difference AS 差额, amount_unit AS 金额单位, result AS 核对结果
        FROM crossdoc
        ORDER BY CASE result WHEN '不一致' THEN 0 WHEN '尾差' THEN 1 WHEN '口径不同' THEN 2 WHEN '无对应' THEN 3
                 ELSE 4 END, unit, year, item
    """).df()


def year_on_year_zh(con):
    """Units with more than one year: one column per year, '错误 3 / 警告 5' (blank: not in the store)."""
    df = con.execute("""
        SELECT unit, disclosure, year, errors, warnings FROM units
        WHERE (unit, disclosure) IN (SELECT unit, disclosure FROM units GROUP BY 1, 2 HAVING count(DISTINCT year) > 1)
        ORDER BY unit, disclosure, year
    """).df()
    import pandas as pd

    if df.empty:
        return pd.DataFrame(columns=["单位", "类型"])
    years = sorted(df["year"].dropna().unique())
    rows = []
    for (unit, kind), g in df.groupby(["unit", "disclosure"], sort=True):
        row = {"单位": unit, "类型": kind}
        for y in years:
            hit = g[g["year"] == y]
            row[f"{int(y)}年"] = (f"错误 {int(hit['errors'].sum())} / 警告 {int(hit['warnings'].sum())}"
                                 if len(hit) else "")
        rows.append(row)
    return pd.DataFrame(rows)


def findings_zh(con, where: str = "TRUE", params: list | None = None):
    """Findings in Chinese columns (the label columns), errors first; `where` filters (SQL on the table)."""
    return con.execute(f"""
        SELECT unit AS 单位, year AS 年度, disclosure AS 类型, severity_zh AS 严重程度, rule_title AS 问题,
               "where" AS 位置, page AS 页码, message AS 说明, status AS 状态
        FROM findings WHERE {where}
        ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, unit, year, page
    """, params or []).df()


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m budgetlib.store")
    ap.add_argument("out", help="a batch output folder to (re)build the store of")
    args = ap.parse_args(argv)
    print(f"已生成发现库：{write_store(args.out)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
