"""Extraction accuracy over the development corpus → docs/benchmarks.md.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [CORPUS_DIR]

`tables` part (附表): every truth value cell of the 13 schedules, plus each table's present / empty /
empty_note / column keys / row keys, compared exactly with what `parse_schedules` reads. It writes
the section "## Extraction accuracy — 附表"; `measure_tables` is importable for other reports.

`performance` part (绩效自评表): every field of every truth form (text fields, budget_label, each fund
row's name and 7 values, each indicator's 10 values, 合计 weight/score or its absence) compared exactly
with what `parse_forms` reads; invented forms, fund rows or indicators count as misses. It writes the
section "## Extraction accuracy — 绩效自评表" (`measure_forms`, `render_forms`).
"""

from __future__ import annotations

import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

from mdsection import ROOT, corpus, publish  # first: it puts tests/ (the truth matchers) on sys.path

# isort: split
from formmatch import FieldScore, score_forms
from schedulematch import CellScore, score_tables

from budgetlib.model import Report
from budgetlib.parse.forms import parse_forms
from budgetlib.parse.schedules import parse_schedules
from budgetlib.pdf.document import open_document

TABLES_HEADING = "## Extraction accuracy — 附表"
FORMS_HEADING = "## Extraction accuracy — 绩效自评表"
NATIONAL_HEADING = "## Extraction accuracy — 决算表（全国部门决算模板）"
SICHUAN = ("Corpus: ../shared/corpus, generated reports of ONE template family (四川 单位决算: 13 附表 and "
           "绩效自评表), renderers A and B; 100% here proves nothing about other layouts — see "
           "\"Real reports\" for published documents.")
NATIONAL = ("Corpus: ../shared/corpus_national, 8 generated reports of the national 部门决算 template (2024; "
            "nine tables named by title), renderers A and B with the variants of its index.csv.")


def _parse_timed(pdf: Path, parse) -> tuple[dict, Report, object, float]:
    """(truth, report, what `parse(doc, report)` returned, seconds) for one corpus PDF."""
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    report = Report()
    start = time.perf_counter()
    with open_document(pdf) as doc:
        result = parse(doc, report)
    return truth, report, result, time.perf_counter() - start


def measure_tables(pdfs: list[Path]) -> list[dict]:
    """Per report: its CellScore (per table), renderer, seconds, parse problems."""
    out = []
    for pdf in pdfs:
        truth, report, schedules, seconds = _parse_timed(pdf, parse_schedules)
        out.append({"case": pdf.stem, "renderer": truth["render"]["renderer"], "render": truth["render"],
                    "score": score_tables(schedules, truth), "seconds": seconds,
                    "problems": len(report.problems),
                    "confidence": min(s.confidence for s in schedules.values() if s.present)})
    return out


def render_tables(rows: list[dict], heading: str = TABLES_HEADING, about: str = SICHUAN) -> str:
    per_table: dict[int, list[int]] = {}
    for r in rows:
        for no, t in r["score"].tables.items():
            slot = per_table.setdefault(no, [0, 0])
            slot[0] += t.matched
            slot[1] += t.total
    matched = sum(r["score"].matched for r in rows)
    total = sum(r["score"].total for r in rows)
    lines = [heading, "", about, "",
             f"Run {date.today().isoformat()} on {platform.machine()} / Python {platform.python_version()}, "
             "`benchmarks/extract_accuracy.py`. Items: every truth value cell of every table plus, per table, "
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


def measure_forms(pdfs: list[Path]) -> tuple[list[dict], FieldScore]:
    """Per report: forms (truth/parsed), field score, seconds, parse problems; and all fields pooled."""
    rows, overall = [], FieldScore()
    for pdf in pdfs:
        truth, report, forms, seconds = _parse_timed(pdf, parse_forms)
        score = score_forms(forms, truth["performance"])
        overall.merge(score)
        rows.append({"case": pdf.stem, "renderer": truth["render"]["renderer"], "forms": len(truth["performance"]),
                     "parsed": len(forms), "pages": len(report.page_map.get("forms", [])), "score": score,
                     "seconds": seconds, "problems": len(report.problems)})
    return rows, overall


def render_forms(rows: list[dict], overall: FieldScore) -> str:
    lines = [FORMS_HEADING, "", SICHUAN, "",
             f"Run {date.today().isoformat()} on {platform.machine()} / Python {platform.python_version()}, "
             "`benchmarks/extract_accuracy.py`. Items: every field of every truth form (text fields, budget_label, "
             "fund rows, indicators, 合计); a field counts only when the string equals the truth exactly "
             "(\"\" versus null distinguished); invented forms, fund rows or indicators count as misses.",
             "",
             f"**Overall: {overall.matched}/{overall.total} = {overall.accuracy:.4%}** over {len(rows)} reports, "
             f"{sum(r['forms'] for r in rows)} forms.",
             "",
             "| report | renderer | forms (truth/parsed) | pages | fields | matched | accuracy | problems | s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        s: FieldScore = r["score"]
        lines.append(f"| {r['case']} | {r['renderer']} | {r['forms']}/{r['parsed']} | {r['pages']} | {s.total} | "
                     f"{s.matched} | {s.accuracy:.4%} | {r['problems']} | {r['seconds']:.1f} |")
    lines += ["", "| field | items | matched | accuracy |", "|---|---|---|---|"]
    for name, (m, t) in sorted(overall.by_field.items()):
        lines.append(f"| {name} | {t} | {m} | {m / t:.4%} |")
    misses = [(r["case"], *m) for r in rows for m in r["score"].misses]
    if misses:
        lines += ["", "First misses:", ""]
        lines += [f"- {case} {where}: parsed {p!r}, truth {t!r}" for case, where, p, t in misses[:20]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    pdfs = corpus(sys.argv[1:] if argv is None else argv)
    rows = measure_tables(pdfs)
    text = render_tables(rows)
    publish(TABLES_HEADING, text)
    publish(FORMS_HEADING, render_forms(*measure_forms(pdfs)))
    national = ROOT.parent / "shared" / "corpus_national"
    if argv is None and national.is_dir():
        cases = sorted(p for p in national.glob("*.pdf") if p.with_suffix(".truth.json").exists())
        publish(NATIONAL_HEADING, render_tables(measure_tables(cases), NATIONAL_HEADING, NATIONAL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
