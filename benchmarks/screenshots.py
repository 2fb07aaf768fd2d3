"""Screenshots of what an auditor reads, for looking at (not a timing): every executed notebook, findings.pdf
page 1, the workbook's findings sheet and the batch's 汇总.html, for the four documents of issue 22 (the
seed, a national 部门决算, a 部门预算 in 元, a standalone 自评表) or the PDFs given.

    .venv/bin/python benchmarks/screenshots.py [PDF ...] [--out benchmarks/results/screenshots]

Needs chromium (make tools) and pdftoppm. Also lists, per file, any internal key (claim ids, row keys,
table keys, rule ids) left in the text a person reads.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "real"
DOCUMENTS = [ROOT / "data" / "seed_2023.pdf", SHARED / "national" / "czj_2024.pdf",
             SHARED / "budget" / "shanghai_putuo_wanlijiedao_2025_dept_budget.pdf",
             SHARED / "excerpts" / "11_qingshen_ndrc_2023_perf_form.pdf"]
RULE_ID_RE = re.compile(r"\b(?:narrative|table|perf|judgement|disclosure|budget|parse)\.[a-z_]+\b")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("chromium 不可用（make tools 安装）/ chromium missing")


def shoot(url: str, png: Path, width: int = 1400, height: int = 2000) -> None:
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size={width},{height}", url],
                   check=True, capture_output=True, timeout=180)


def visible_text(path: Path) -> str:
    t = path.read_text(encoding="utf-8", errors="replace")
    t = re.sub(r"<(style|script)\b.*?</\1>", " ", t, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", t))


def leaks(text: str) -> list[str]:
    from budgetlib.present.labels import INTERNAL_KEY_RE, table_keys

    found = [m.group(0) for m in INTERNAL_KEY_RE.finditer(text)]
    found += [k for k in table_keys() if re.search(rf"(?<![A-Za-z_]){k}(?![A-Za-z_])", text)]
    found += RULE_ID_RE.findall(text)
    return sorted(set(found))


def workbook_html(xlsx: Path, out: Path) -> Path:
    """The findings sheet as an HTML table (what Excel shows, near enough to look at)."""
    import openpyxl

    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        tag = "th" if i == 0 else "td"
        rows.append("<tr>" + "".join(f"<{tag}>{html.escape('' if v is None else str(v))}</{tag}>" for v in row) + "</tr>")
    page = out.with_suffix(".html")
    page.write_text('<meta charset="utf-8"><style>body{font-family:sans-serif;font-size:12px}'
                    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 4px;vertical-align:top}"
                    f"</style><h3>{html.escape(xlsx.name)}：{html.escape(ws.title)}</h3><table>{''.join(rows)}</table>",
                    encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "screenshots")
    args = ap.parse_args(argv)
    from budgetlib.batch import run_batch

    pdfs = [p for p in (args.pdfs or DOCUMENTS) if p.is_file()]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for p in pdfs:
            shutil.copy(p, inputs / p.name)
        runs = Path(tmp) / "runs"
        summary = run_batch([str(inputs)], runs, workers=2, progress=False)
        print(summary["line"])
        shoot((runs / "汇总.html").as_uri(), args.out / "汇总.png", height=1200)
        report = [f"汇总.html: {leaks(visible_text(runs / '汇总.html')) or 'ok'}"]
        for folder in sorted(p.parent for p in runs.glob("*/*/manifest.json")):
            tag = re.sub(r"\W+", "_", f"{folder.parent.name}_{folder.name}")
            for nb in sorted((folder / "notebooks").glob("*.html")):
                shoot(nb.as_uri(), args.out / f"{tag}_{nb.stem}.png")
                report.append(f"{tag}/{nb.name}: {leaks(visible_text(nb)) or 'ok'}")
            subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                            str(folder / "findings.pdf"), str(args.out / f"{tag}_findings_p1")], check=True)
            pdf_text = subprocess.run(["pdftotext", "-l", "3", str(folder / "findings.pdf"), "-"],
                                      capture_output=True, text=True).stdout
            report.append(f"{tag}/findings.pdf: {leaks(pdf_text) or 'ok'}")
            page = workbook_html(folder / "findings.xlsx", args.out / f"{tag}_workbook")
            shoot(page.as_uri(), args.out / f"{tag}_workbook.png", height=1200)
    (args.out / "leaks.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    print(f"截图在 {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
