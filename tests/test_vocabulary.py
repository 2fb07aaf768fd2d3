"""No internal vocabulary in anything a person reads: every rendered notebook, findings.pdf, the workbook,
the CSV and annotations.csv of three kinds of document (a national 部门决算, a 部门预算, a standalone
自评表), run as a batch with notebooks."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import real_file
from pypdf import PdfReader

from budgetlib.batch import run_batch
from budgetlib.present.labels import INTERNAL_KEY_RE, table_keys

DOCUMENTS = [real_file("national", "czj_2024.pdf"),
             real_file("budget", "shanghai_putuo_wanlijiedao_2024_dept_budget.pdf"),
             real_file("excerpts", "11_qingshen_ndrc_2023_perf_form.pdf")]
# the model's claim kinds, as they leaked into the 类型 column before
KIND_WORDS = re.compile(r"(?<![A-Za-z_])(?:flat|direction|figure|at_most|share_of_unstated)(?![A-Za-z_])")
RULE_ID = re.compile(r"\b(?:narrative|table|perf|judgement|disclosure|budget|parse)\.[a-z_]+\b")


def named_row_keys() -> set[str]:
    """The templates' keys of named rows (personnel_total), as they leaked into 核对依据 before."""
    from budgetlib import templates

    return {key for tpl in templates.catalogue().values() for t in tpl.tables for _, key in t.rows.get("named", ())
            if re.fullmatch(r"[a-z]+_[a-z_]+", key)}  # compound keys only: budget, other are words of rule ids


def internal(text: str) -> list[str]:
    found = [m.group(0) for m in INTERNAL_KEY_RE.finditer(text)] + KIND_WORDS.findall(text)
    found += [k for k in table_keys() | named_row_keys() if re.search(rf"(?<![A-Za-z_]){k}(?![A-Za-z_])", text)]
    found += re.findall(r"[行列] [a-z_]+\b", text)
    return found


def visible(path: Path) -> str:
    t = path.read_text(encoding="utf-8")
    t = re.sub(r"<(style|script)\b.*?</\1>", " ", t, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", t))


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    d = tmp_path_factory.mktemp("inputs")
    for p in DOCUMENTS:
        shutil.copy(p, d / p.name)
    out = tmp_path_factory.mktemp("out")
    summary = run_batch([str(d)], out, workers=2, notebooks=True, progress=False)
    assert not summary["failed"], summary["failed"]
    folders = sorted(p.parent for p in out.glob("*/*/manifest.json"))
    assert len(folders) == len(DOCUMENTS)
    return folders


def test_rendered_notebooks_speak_the_reports_words(units):
    checked = 0
    for folder in units:
        pages = sorted((folder / "notebooks").glob("*.html"))
        assert len(pages) >= 8
        for page in pages:
            text = visible(page)
            assert not internal(text), (page, internal(text)[:10])
            checked += 1
    assert checked >= 24


def test_findings_pdf_workbook_and_csvs_speak_the_reports_words(units):
    for folder in units:
        reader = PdfReader(str(folder / "findings.pdf"))
        listing = "".join(reader.pages[k].extract_text() for k in range(min(3, len(reader.pages))))
        assert "审计发现清单" in listing
        assert not internal(listing) and not RULE_ID.findall(listing), folder
        wb = openpyxl.load_workbook(folder / "findings.xlsx")
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            if ws.title == "审计发现":
                assert rows[0][-1] == "规则编号"
                rows = [r[:-1] for r in rows]  # the rule id may stay in its one trailing column
            text = "\n".join(" ".join("" if v is None else str(v) for v in r) for r in rows)
            assert not internal(text) and not RULE_ID.findall(text), (folder, ws.title, internal(text)[:5])
        for name, keep in (("findings.csv", -1), ("annotations.csv", -2)):
            rows = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8-sig"))))
            text = "\n".join(" ".join(r[:keep]) for r in rows[1:])  # the keys that match a finding stay last
            assert not internal(text) and not RULE_ID.findall(text), (folder, name, internal(text)[:5])


SEVERITY_WORDS = {"错误": 0, "警告": 1, "提示": 2}


def test_every_listing_puts_errors_first(units):
    """The notebooks' finding tables (07 全部发现, each section's and table's) and the workbook list errors,
    then warnings, then information."""
    listed = 0
    for folder in units:
        for page in sorted((folder / "notebooks").glob("*.html")):
            text = page.read_text(encoding="utf-8")
            for table in re.findall(r"<table\b.*?</table>", text, flags=re.S):
                head = re.search(r"<thead>.*?</thead>", table, flags=re.S)
                if not head or "严重程度" not in head.group(0):
                    continue
                first = [html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
                         for m in re.findall(r"<tr>\s*(<td\b.*?</td>)", table, flags=re.S)]
                ranks = [SEVERITY_WORDS[w] for w in first if w in SEVERITY_WORDS]
                assert ranks == sorted(ranks), (page.name, first[:12])
                listed += len(ranks)
        ws = openpyxl.load_workbook(folder / "findings.xlsx")["审计发现"]
        rows = list(ws.iter_rows(values_only=True))
        col = rows[0].index("严重程度")
        ranks = [SEVERITY_WORDS[r[col]] for r in rows[1:] if r[col] in SEVERITY_WORDS]
        assert ranks and ranks == sorted(ranks), folder
    assert listed
