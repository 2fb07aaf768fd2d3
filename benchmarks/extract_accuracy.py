"""Extraction accuracy over the development corpus → docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [CORPUS_DIR]

`tables` part (附表): every truth value cell of the 13 schedules, plus each table's present / empty /
empty_note / column keys / row keys, compared exactly with what `parse_schedules` reads. It writes
the section "## Extraction accuracy — 附表"; `measure_tables` is importable for other reports.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

from mdsection import corpus, publish
from schedulematch import CellScore, score_tables

from budgetlib.model import Report
from budgetlib.parse.schedules import parse_schedules
from budgetlib.pdf.document import open_document

TABLES_HEADING = "## Extraction accuracy — 附表"


def measure_tables(pdfs: list[Path]) -> list[dict]:
    """Per report: its CellScore (per table), renderer, seconds, parse problems."""
    out = []
    for pdf in pdfs:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        report = Report()
        start = time.perf_counter()
        with open_document(pdf) as doc:
            schedules = parse_schedules(doc, report)
        out.append({"case": pdf.stem, "renderer": truth["render"]["renderer"], "render": truth["render"],
                    "score": score_tables(schedules, truth), "seconds": time.perf_counter() - start,
                    "problems": len(report.problems),
                    "confidence": min(s.confidence for s in schedules.values() if s.present)})
    return out


def render_tables(rows: list[dict]) -> str:
    per_table: dict[int, list[int]] = {}
    for r in rows:
        for no, t in r["score"].tables.items():
            slot = per_table.setdefault(no, [0, 0])
            slot[0] += t.matched
            slot[1] += t.total
    matched = sum(r["score"].matched for r in rows)
    total = sum(r["score"].total for r in rows)
    lines = [TABLES_HEADING, "",
             f"Run {date.today().isoformat()} on {platform.machine()} / Python {platform.python_version()}, "
             "`benchmarks/extract_accuracy.py`. Items: every truth value cell of the 13 附表 plus, per table, "
             "present / empty / empty_note / column keys / row keys; a value counts only when the string equals "
             "the truth exactly (\"0.00\" versus null distinguished).",
             "",
             f"**Overall: {matched}/{total} = {matched / total:.4%}** over {len(rows)} reports.",
             "",
             "| report | renderer | thousands | zero | items | matched | accuracy | min confidence | problems | s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        s: CellScore = r["score"]
        lines.append(f"| {r['case']} | {r['renderer']} | {'yes' if r['render']['thousands'] else 'no'} | "
                     f"`{r['render']['zero'] or 'blank'}` | {s.total} | {s.matched} | {s.ratio:.4%} | "
                     f"{r['confidence']:.2f} | {r['problems']} | {r['seconds']:.1f} |")
    lines += ["", "| table | items | matched | accuracy |", "|---|---|---|---|"]
    for no, (m, t) in sorted(per_table.items()):
        lines.append(f"| {no} | {t} | {m} | {m / t:.4%} |")
    misses = [(r["case"], *m) for r in rows for m in r["score"].misses]
    if misses:
        lines += ["", "First misses:", ""]
        lines += [f"- {case} {where}: parsed {p!r}, truth {t!r}" for case, where, p, t in misses[:20]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    rows = measure_tables(corpus(sys.argv[1:] if argv is None else argv))
    text = render_tables(rows)
    publish(TABLES_HEADING, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
