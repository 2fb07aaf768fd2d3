"""Per-field accuracy of the 绩效自评表 parser over the development corpus → docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/extract_accuracy_forms.py [CORPUS_DIR]

Writes (or replaces) only the section "## Extraction accuracy — 绩效自评表" of docs/benchmarks.md;
other sections belong to other benchmarks.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from formmatch import FieldScore, score_forms  # noqa: E402

from budgetlib.model import Report  # noqa: E402
from budgetlib.parse.forms import parse_forms  # noqa: E402
from budgetlib.pdf.document import open_document  # noqa: E402

HEADING = "## Extraction accuracy — 绩效自评表"
OUT = ROOT / "docs" / "benchmarks.md"


def _corpus(argv: list[str]) -> list[Path]:
    base = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus"
    if not base.is_dir():
        base = ROOT / "data"
    return sorted(p for p in base.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def measure(pdfs: list[Path]) -> tuple[list[dict], FieldScore]:
    rows, overall = [], FieldScore()
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        start = time.perf_counter()
        report = Report()
        with open_document(pdf) as doc:
            forms = parse_forms(doc, report)
        seconds = time.perf_counter() - start
        score = score_forms(forms, truth["performance"])
        overall.merge(score)
        rows.append({"case": pdf.stem, "renderer": (truth.get("render") or {}).get("renderer", "?"),
                     "forms": len(truth["performance"]), "parsed": len(forms), "pages": len(report.page_map["forms"]),
                     "total": score.total, "matched": score.matched, "seconds": seconds,
                     "problems": len(report.problems), "misses": score.misses[:5]})
    return rows, overall


def render(rows: list[dict], overall: FieldScore) -> str:
    lines = [HEADING, "",
             f"Run {date.today().isoformat()} on {platform.machine()} / Python {platform.python_version()}, "
             f"`benchmarks/extract_accuracy_forms.py`. A field counts when the parsed text equals the truth "
             f"exactly (\"\" and null distinguished); invented forms, fund rows or indicators count as misses.",
             "",
             f"**Overall: {overall.matched}/{overall.total} fields = {overall.accuracy:.4%}** over {len(rows)} reports, "
             f"{sum(r['forms'] for r in rows)} forms.",
             "",
             "| report | renderer | forms (truth/parsed) | pages | fields | matched | accuracy | parse s | problems |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        acc = r["matched"] / r["total"] if r["total"] else 1.0
        lines.append(f"| {r['case']} | {r['renderer']} | {r['forms']}/{r['parsed']} | {r['pages']} | {r['total']} | "
                     f"{r['matched']} | {acc:.4%} | {r['seconds']:.1f} | {r['problems']} |")
    lines += ["", "| field | matched | total | accuracy |", "|---|---|---|---|"]
    for name, (m, t) in sorted(overall.by_field.items()):
        lines.append(f"| {name} | {m} | {t} | {m / t:.4%} |")
    misses = [(r["case"], *m) for r in rows for m in r["misses"]]
    if misses:
        lines += ["", "First misses:", ""]
        lines += [f"- {case} {where}: parsed {p!r}, truth {t!r}" for case, where, p, t in misses[:20]]
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = OUT) -> None:
    """Replace this benchmark's section (heading to the next '## ' heading) or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: text + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    rows, overall = measure(_corpus(sys.argv[1:] if argv is None else argv))
    write_section(render(rows, overall))
    print(f"绩效自评表: {overall.matched}/{overall.total} = {overall.accuracy:.4%} → {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
