"""The region overview every batch writes beside its unit folders: 汇总.html (one self-contained page that
opens from the disk, no server) and 汇总.xlsx with the same tables.

Units by errors and warnings, each with links to its notebooks, findings.pdf and working paper; the most
frequent problems by their Chinese titles; the year-on-year check where a unit has two years; the inputs
that could not be audited. Everything is read from the findings store (budgetlib.store) and the summary.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import quote

from budgetlib.atomic import atomic_write, atomic_write_text

HTML_NAME = "汇总.html"
XLSX_NAME = "汇总.xlsx"
UNIT_FILES = (("findings.pdf", "标注版报告"), ("findings.xlsx", "审计底稿"))
NOTEBOOK_DIR = "notebooks"

CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px 32px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 2px solid #ddd; }
p.note { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th { background: #f0f2f5; text-align: left; } th, td { border: 1px solid #d6d9de; padding: 4px 8px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.err { background: #ffc7ce; font-weight: bold; } td.warn { background: #ffeb9c; }
td.bad { color: #b00020; font-weight: bold; } td.ok { color: #1b5e20; }
a { color: #0b57d0; text-decoration: none; } a:hover { text-decoration: underline; }
.links a { margin-right: 6px; white-space: nowrap; }
"""


def _href(out: Path, target: Path) -> str:
    """A link relative to the overview (so the folder can be moved or copied as a whole)."""
    try:
        rel = target.resolve().relative_to(out.resolve())
    except ValueError:
        return target.resolve().as_uri()
    return "/".join(quote(p) for p in rel.parts)


def unit_links(out: Path, folder: Path) -> list[tuple[str, str]]:
    """(text, href) of a unit's readable outputs that exist: its notebooks as HTML, findings.pdf, workbook."""
    links = []
    for nb in sorted((folder / NOTEBOOK_DIR).glob("*.html")):
        links.append((nb.stem, _href(out, nb)))
    for name, text in UNIT_FILES:
        if (folder / name).is_file():
            links.append((text, _href(out, folder / name)))
    return links


def _cell(value: Any, cls: str = "") -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return f'<td class="{cls}">{html.escape(text)}</td>' if cls else f"<td>{html.escape(text)}</td>"


def _table(headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def build(out: str | Path, summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The overview's tables (pandas DataFrames with Chinese headers) and the links of each unit."""
    from budgetlib import store

    out = Path(out)
    con = store.open_store(out)
    try:
        units = store.units_overview(con)
        problems = store.frequent_problems(con)
        prior = store.crossdoc_overview(con)
        two_years = con.execute("""
            SELECT unit, disclosure FROM units GROUP BY unit, disclosure HAVING count(DISTINCT year) > 1
        """).fetchall()
    finally:
        con.close()
    links = {row["文件夹"]: unit_links(out, Path(row["文件夹"])) for _, row in units.iterrows()}
    failed = (summary or {}).get("failed") or []
    return {"units": units, "problems": problems, "prior": prior, "two_years": two_years, "links": links,
            "failed": failed, "line": (summary or {}).get("line", "")}


def render_html(data: dict[str, Any], out: Path) -> str:
    units, problems, prior = data["units"], data["problems"], data["prior"]
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             "<title>批量审计汇总</title>", f"<style>{CSS}</style></head><body>", "<h1>批量审计汇总</h1>"]
    if data["line"]:
        parts.append(f'<p class="note">{html.escape(data["line"])}</p>')
    n_err = int((units["错误"] > 0).sum()) if len(units) else 0
    parts.append(f"<h2>各单位审计结果（{len(units)}份报告，其中{n_err}份有错误）</h2>")
    parts.append('<p class="note">按错误数、警告数从多到少排列；点击链接打开该单位的笔记本（网页版）、'
                 "标注版报告（findings.pdf）和审计底稿（Excel）。</p>")
    rows = []
    for _, r in units.iterrows():
        links = "".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for t, h in data["links"].get(r["文件夹"], []))
        rows.append("<tr>" + _cell(r["单位"]) + _cell(r["年度"]) + _cell(r["类型"])
                    + _cell(r["错误"], "num err" if r["错误"] else "num") + _cell(r["警告"], "num warn" if r["警告"] else "num")
                    + _cell(r["提示"], "num") + f'<td class="links">{links}</td></tr>')
    parts.append(_table(["单位", "年度", "类型", "错误", "警告", "提示", "查看"], rows))

    parts.append("<h2>最常见的问题</h2>")
    if len(problems):
        rows = ["<tr>" + _cell(r["问题"]) + _cell(r["严重程度"], "bad" if r["严重程度"] == "错误" else "")
                + _cell(r["条数"], "num") + _cell(r["涉及单位数"], "num") + "</tr>" for _, r in problems.iterrows()]
        parts.append(_table(["问题", "严重程度", "条数", "涉及单位数"], rows))
    else:
        parts.append('<p class="note">没有错误或警告。</p>')

    parts.append("<h2>跨年度/跨文件核对（同一单位的几份公开文件）</h2>")
    if len(prior):
        counts = prior["核对结果"].value_counts()
        summary = "，".join(f"{k}{int(counts.get(k, 0))}项" for k in ("不一致", "尾差", "一致", "口径不同", "无对应"))
        parts.append('<p class="note">本文件所列数字（含由“比上年增减”推算的上年数）与本单位其他文件（上年的、同年预算或决算、'
                     f"部门或单位）所列同一数字对照：{html.escape(summary)}。口径不同的（如上年执行数与上年预算数）只并列、不判断。</p>")
        cols = ("单位", "年度", "类型", "项目", "所属年度", "口径", "本文件", "本文件页", "对方文件", "对方数", "对方页", "差额", "金额单位")
        cls = {"不一致": "bad", "尾差": "warn", "一致": "ok"}
        rows = ["<tr>" + "".join(_cell(r[c], "num" if c in ("本文件", "对方数", "差额") else "") for c in cols)
                + _cell(r["核对结果"], cls.get(r["核对结果"], "")) + "</tr>" for _, r in prior.iterrows()]
        parts.append(_table([*cols, "核对结果"], rows))
    elif data["two_years"]:
        names = "、".join(f"{u}（{d}）" for u, d in data["two_years"])
        parts.append(f'<p class="note">{html.escape(names)} 有相邻两年的报告，但本年报告未列可与上年报告对照的上年数。</p>')
    else:
        parts.append('<p class="note">本批没有同一单位的几份公开文件（上年的、同年预算或决算、部门或单位），无从跨文件核对。</p>')

    if data["failed"]:
        parts.append(f"<h2>未能审计的文件（{len(data['failed'])}个）</h2>")
        rows = ["<tr>" + _cell(Path(f.get("source", "")).name) + _cell(f.get("reason_zh") or f.get("reason")) + "</tr>"
                for f in data["failed"]]
        parts.append(_table(["文件", "原因"], rows))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_xlsx(path: Path, data: dict[str, Any], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "各单位"
    heads = ["单位", "年度", "类型", "错误", "警告", "提示", "标注版报告", "审计底稿", "笔记本"]
    ws.append(heads)
    red = PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
    for _, r in data["units"].iterrows():
        folder = Path(r["文件夹"])
        ws.append([r["单位"], int(r["年度"]) if r["年度"] == r["年度"] else None, r["类型"], int(r["错误"]),
                   int(r["警告"]), int(r["提示"]), None, None, None])
        row = ws.max_row
        if r["错误"]:
            ws.cell(row=row, column=4).fill = red
        for col, name in ((7, "findings.pdf"), (8, "findings.xlsx"), (9, NOTEBOOK_DIR)):
            if (folder / name).exists():
                c = ws.cell(row=row, column=col, value={7: "打开", 8: "打开", 9: "文件夹"}[col])
                c.hyperlink = _href(out, folder / name)
                c.style = "Hyperlink"
    sheets = [("最常见的问题", data["problems"][["问题", "严重程度", "条数", "涉及单位数"]]),
              ("跨文件核对", data["prior"])]
    for title, df in sheets:
        s = wb.create_sheet(title)
        s.append(list(df.columns))
        for row in df.itertuples(index=False):
            s.append([None if (isinstance(v, float) and v != v) else (v.item() if hasattr(v, "item") else v)
                      for v in row])
        if not len(df):
            s.append(["（无）"])
    for s in wb.worksheets:
        for c in s[1]:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="center")
        for col in s.columns:
            width = max(len(str(c.value or "")) * 2 for c in col[:200])
            s.column_dimensions[col[0].column_letter].width = max(8, min(48, width + 2))
        s.freeze_panes = "A2"
        s.page_setup.orientation = "landscape"
        s.page_setup.fitToWidth = 1
        s.page_setup.fitToHeight = 0
        s.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(str(path))


def show(df, uuid: str, empty: str = "（无）", drop: tuple[str, ...] = ("文件夹", "规则编号")):
    """A store view as notebook 08 shows it: styled, index hidden, blanks for missing values, 错误 red
    and 警告 yellow where a column is named so; `empty` in words when there is nothing."""
    from IPython.display import Markdown

    from budgetlib.present import styling

    df = df.drop(columns=[c for c in drop if c in df.columns])
    if df.empty:
        return Markdown(empty)
    df = df.astype(object).where(df.notna(), "")
    if "严重程度" in df.columns:
        df.attrs["severity"] = [{"错误": "error", "警告": "warning"}.get(v, "") for v in df["严重程度"]]
        df.attrs["severity_column"] = "严重程度"
    elif "核对结果" in df.columns:
        df.attrs["severity"] = ["" if v == "一致" else "error" for v in df["核对结果"]]
        df.attrs["severity_column"] = "核对结果"
    elif "错误" in df.columns:
        df.attrs["severity"] = ["error" if v else "" for v in df["错误"]]
        df.attrs["severity_column"] = "错误"
    return styling.style(df, uuid)


def write_overview(out: str | Path, summary: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """汇总.html and 汇总.xlsx in `out`, from its findings store (built first); atomically."""
    out = Path(out)
    data = build(out, summary)
    atomic_write_text(out / HTML_NAME, render_html(data, out))
    atomic_write(out / XLSX_NAME, lambda p: write_xlsx(p, data, out))
    return out / HTML_NAME, out / XLSX_NAME


__all__ = ["HTML_NAME", "XLSX_NAME", "build", "render_html", "show", "unit_links", "write_overview", "write_xlsx"]
