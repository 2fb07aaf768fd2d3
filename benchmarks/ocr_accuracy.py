"""OCR accuracy on rendered corpus pages → docs/benchmarks.md "## OCR (scanned reports)".

Usage: .venv/bin/python benchmarks/ocr_accuracy.py [CORPUS_DIR]

Pages of a development-corpus report are rasterised at 300 dpi (as a scan would be), read back
with tesseract chi_sim, and compared with the PDF's own text layer: character accuracy
(1 − edits along difflib's alignment / length, whitespace ignored, NFKC; for tables this also
counts reading-order differences, so the amounts column is the better measure there) and the share of printed amounts (numbers
with decimals) recovered exactly, as a multiset.
"""

from __future__ import annotations

import difflib
import platform
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from mdsection import corpus, replace_section

from budgetlib.pdf import ocr
from budgetlib.pdf.document import scan_pdf

HEADING = "## OCR (scanned reports)"
NUMBER_RE = re.compile(r"\d[\d,]*\.\d+")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Characters substituted, inserted or deleted along difflib's alignment (≈ Levenshtein)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def amounts(text: str) -> Counter:
    """Printed amounts as a multiset, 千分位 commas dropped (OCR often loses them)."""
    return Counter(n.replace(",", "") for n in NUMBER_RE.findall(text))


def pick_pages(pdf: Path) -> dict[str, int]:
    """A narrative page, a 附表 page and a 绩效自评表 page."""
    scan = scan_pdf(pdf)
    found: dict[str, int] = {}
    for p in scan.pages:
        t = p.text
        if "narrative (第二部分)" not in found and "决算情况说明" in t and "万元" in t:
            found["narrative (第二部分)"] = p.number
        if "附表 (收入支出决算总表)" not in found and "收入支出决算总表" in t and "栏次" in t:
            found["附表 (收入支出决算总表)"] = p.number
        if "自评表" not in found and "绩效自评表" in t and "指标" in t:
            found["自评表"] = p.number
    return found


def main(argv: list[str]) -> int:
    if not ocr.available():
        print("tesseract with chi_sim not installed: nothing measured")
        return 1
    pdfs = corpus(argv)
    pdf = next((p for p in pdfs if p.stem == "case_009"), pdfs[0])
    scan = scan_pdf(pdf)
    pages = pick_pages(pdf)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        images = ocr.render_pages(pdf, Path(tmp), dpi=ocr.DPI)
        for kind, n in pages.items():
            ref = norm(scan.pages[n - 1].text)
            t0 = time.perf_counter()
            got = norm(ocr.ocr_text(images[n - 1]))
            secs = time.perf_counter() - t0
            acc = 1 - edit_distance(ref, got) / max(1, len(ref))
            want, have = amounts(ref), amounts(got)
            numbers = sum((want & have).values()) / max(1, sum(want.values()))
            rows.append((kind, n, len(ref), acc, sum(want.values()), numbers, secs))
    lines = [HEADING, "",
             f"{date.today().isoformat()}, {platform.machine()}, tesseract chi_sim, {ocr.DPI} dpi; "
             f"`benchmarks/ocr_accuracy.py` on {pdf.name} (renderer of the case as in its truth file). Reference = "
             f"the page's own text layer; tesseract's automatic page layout (psm 3), as `--ocr` uses; amounts "
             f"compared without 千分位 commas. `--ocr` (audit / extract / run / batch) turns a scanned PDF into a "
             f"searchable copy (tesseract's text layer over the page image) and audits that.", "",
             "| page | no. | characters | character accuracy | amounts | amounts exact | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, n, chars, acc, nums, exact, secs in rows:
        lines.append(f"| {kind} | {n} | {chars} | {acc:.1%} | {nums} | {exact:.1%} | {secs:.1f} |")
    lines += ["", "Limits: the OCR text layer has no vector ruling lines, so the 附表 and 自评表 grid parsers "
                  "(which follow ruled cells) find little in an OCR'd scan; the narrative claims are read from the "
                  "text. A wrong digit in an amount becomes a false finding, so OCR'd units should be reviewed "
                  "against the page images."]
    replace_section(HEADING, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
