"""The region overview a batch writes (汇总.html, 汇总.xlsx) and the store's Chinese label columns: units by
errors, the frequent problems by their Chinese titles, working links, the year-on-year check; checked
in a real browser (headless Chromium) as well as by parsing."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from conftest import DATA, REAL, real_file

from budgetlib import store, templates
from budgetlib.batch import run_batch
from budgetlib.batch.overview import HTML_NAME, XLSX_NAME
from budgetlib.checks import RULES
from budgetlib.present import labels

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium 不可用（apt-get install chromium；make test 会自动安装）/ "
                             "headless Chromium missing: install chromium to check 汇总.html in a browser")
BUDGET_2024 = real_file("budget", "shanghai_putuo_wanlijiedao_2024_dept_budget.pdf")
BUDGET_2025 = REAL / "budget" / "shanghai_putuo_wanlijiedao_2025_dept_budget.pdf"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Four Sichuan units, the national czj report, and (where ../shared has its next year) one budget's
    two years."""
    d = tmp_path_factory.mktemp("inputs")
    for p in sorted(DATA.glob("*.pdf")):
        shutil.copy(p, d / p.name)
    shutil.copy(real_file("national", "czj_2024.pdf"), d / "czj_2024.pdf")
    shutil.copy(BUDGET_2024, d / BUDGET_2024.name)
    if BUDGET_2025.is_file():
        shutil.copy(BUDGET_2025, d / BUDGET_2025.name)
    out = tmp_path_factory.mktemp("out") / "runs"
    summary = run_batch([str(d)], out, workers=2, notebooks=False, progress=False)
    assert not summary["failed"], summary["failed"]
    return out, summary


class _Page(HTMLParser):
    """The tables (rows of cell texts) and the links of a page."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _page(out: Path) -> tuple[str, _Page]:
    text = (out / HTML_NAME).read_text(encoding="utf-8")
    p = _Page()
    p.feed(text)
    return text, p


def _manifests(out: Path) -> list[dict]:
    return [json.loads(m.read_text(encoding="utf-8")) for m in sorted(out.glob("*/*/manifest.json"))]


def test_units_by_errors_with_working_links(batch):
    out, summary = batch
    assert summary["overview"] == [str(out / HTML_NAME), str(out / XLSX_NAME)]
    text, page = _page(out)
    units = page.tables[0]
    assert units[0][:6] == ["单位", "年度", "类型", "错误", "警告", "提示"]
    body = units[1:]
    manifests = _manifests(out)
    assert len(body) == len(manifests)
    counts = [(int(r[3]), int(r[4])) for r in body]
    assert counts == sorted(counts, reverse=True)  # most errors first, then warnings
    want = sorted((m["findings"]["by_severity"].get("error", 0), m["findings"]["by_severity"].get("warning", 0))
                  for m in manifests)
    assert sorted(counts) == want
    for href in page.links:  # relative links that resolve to the unit's files
        assert not href.startswith(("/", "file:")), href
        assert (out / unquote(href)).is_file(), href
    pdfs = [h for h in page.links if h.endswith("findings.pdf")]
    assert len(pdfs) == len(manifests)


def test_frequent_problems_by_chinese_title(batch):
    out, _ = batch
    text, page = _page(out)
    problems = page.tables[1]
    assert problems[0] == ["问题", "严重程度", "条数", "涉及单位数"]
    titles = {r.title for r in RULES.values()}
    assert problems[1:] and all(row[0] in titles for row in problems[1:])
    sev = [row[1] for row in problems[1:]]
    assert sev == sorted(sev, key=["错误", "警告"].index)  # errors first
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not [rid for rid in RULES if rid in visible]
    assert not labels.INTERNAL_KEY_RE.search(visible)
    assert not [k for k in labels.table_keys() if re.search(rf"\b{k}\b", visible)]


def test_year_on_year_where_a_unit_has_two_years(batch):
    out, _ = batch
    text, page = _page(out)
    con = store.open_store(out)
    try:
        prior = store.crossdoc_overview(con)
    finally:
        con.close()
    if BUDGET_2025.is_file():
        # the 2025 budget's 12 statements about 2024 (totals and 三公, 比2024年预算…), all agreeing
        assert len(prior) == 12 and set(prior["核对结果"]) == {"一致"}
        table = page.tables[2]
        assert table[0][-1] == "核对结果" and len(table) == len(prior) + 1
        total = next(r for r in table[1:] if r[3] == "收入总计")
        assert (total[4], total[6]) == ("2024", "15621.11")
    else:
        assert "无从跨文件核对" in text


def test_workbook_overview_has_the_same_units(batch):
    out, _ = batch
    wb = openpyxl.load_workbook(out / XLSX_NAME)
    assert wb.sheetnames == ["各单位", "最常见的问题", "跨文件核对"]
    ws = wb["各单位"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    _, page = _page(out)
    assert [(r[0], r[3], r[4]) for r in rows] == [(r[0], int(r[3]), int(r[4])) for r in page.tables[0][1:]]
    assert all(isinstance(r[3], int) for r in rows)
    assert ws.page_setup.orientation == "landscape"


def test_store_finds_sangong_by_its_name(batch):
    """A query by the Chinese name finds every unit with a finding on a 三公 table or in the 三公 section,
    as the template's keys say (computed here from findings.json and the templates, not the store)."""
    out, _ = batch
    expected = set()
    for folder in out.glob("*/*"):
        if not (folder / "findings.json").is_file():
            continue
        doc = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        tpl = templates.get(doc["meta"].get("template"))
        sangong_sections = {s.no for s in tpl.sections if "三公" in s.title} if tpl else set()
        sangong_tables = {t.key for t in tpl.tables if "三公" in t.title} if tpl else set()
        if any(f.get("table") in sangong_tables or f.get("section") in sangong_sections for f in doc["findings"]):
            expected.add(doc["meta"]["unit"])
    con = store.open_store(out)
    try:
        found = {u for (u,) in con.execute("""
            SELECT DISTINCT unit FROM findings WHERE table_title LIKE '%三公%' OR section_title LIKE '%三公%'
        """).fetchall()}
        cols = {c for (c,) in con.execute("SELECT column_name FROM (DESCRIBE findings)").fetchall()}
    finally:
        con.close()
    assert expected and found == expected
    assert {"severity_zh", "rule_title", "table_title", "section_title"} <= cols


@NEEDS_CHROMIUM
def test_overview_renders_in_headless_chromium(batch, tmp_path):
    """The page opens from the disk (file://, no server) and shows the unit table: the screenshot has the
    error cells' red, and the DOM Chromium built holds every unit's row."""
    from PIL import Image

    out, _ = batch
    shot = tmp_path / "overview.png"
    url = (out / HTML_NAME).resolve().as_uri()
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    subprocess.run(common + [f"--screenshot={shot}", "--window-size=1400,1000", url], check=True,
                   capture_output=True, timeout=120)
    dom = subprocess.run(common + ["--dump-dom", url], check=True, capture_output=True, timeout=120).stdout.decode()
    img = Image.open(shot).convert("RGB")
    px = img.load()
    reds = sum(1 for x in range(0, img.width, 2) for y in range(0, img.height, 2) if px[x, y] == (255, 199, 206))
    assert reds > 50  # the 错误 cells' #ffc7ce
    for m in _manifests(out):
        assert m["unit"] in dom
    assert "批量审计汇总" in dom
