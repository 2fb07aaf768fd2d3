"""After the units of a batch: each unit's disclosures checked against its other disclosures in the batch
(last year's, the same year's budget or final account, its 部门 or 单位; checks/crossdoc.py).

Every unit folder with at least one related document gets 跨文件核对.json (the documents compared, the
counts, every comparison) and the cross-document findings merged into its findings.json/.csv/.xlsx/.pdf
(earlier cross-document findings replaced: they depend on the other documents, which change on their
own); its manifest is rewritten with the new sizes and counts, so a re-run still recognises the unit as
complete. A document that two others of the same kind and year could equally be (two 2023 预算 of one
unit) is compared with neither, and the ambiguity is reported.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from budgetlib.atomic import atomic_write_text
from budgetlib.batch import manifest as mf

NAME = "跨文件核对.json"
RULE_PREFIX = "crossdoc."
log = logging.getLogger("budgetlib.batch")


def related(reports: dict[Path, Any]) -> tuple[dict[Path, list[Path]], list[str]]:
    """folder → the folders of its related documents; and the ambiguities, one line each."""
    from budgetlib.checks.crossdoc import kind_of, parts_of_one, relation

    out: dict[Path, list[Path]] = {}
    ambiguous: list[str] = []
    for folder, report in reports.items():
        candidates = [f for f, r in reports.items() if f != folder and relation(report, r)]
        by_kind: dict[tuple, list[Path]] = {}
        for f in candidates:
            by_kind.setdefault(kind_of(reports[f]), []).append(f)
        keep = []
        for kind, folders in by_kind.items():
            if len(folders) == 1 or parts_of_one([reports[f] for f in folders]):
                keep.extend(folders)
            else:
                names = "、".join(sorted(reports[f].unit for f in folders))
                ambiguous.append(f"{report.unit} {report.year}{report.disclosure}：{kind[0]}年{kind[2]}{kind[1]}有"
                                 f"{len(folders)}份可能对应的文件（{names}），未作比较")
        out[folder] = keep
    return out, ambiguous


def _rewrite(folder: Path, report, findings: list, meta: dict[str, Any]) -> None:
    from budgetlib.present.findings_io import write_findings

    for name in ("findings.json", "findings.csv", "findings.xlsx", "findings.pdf"):
        if (folder / name).exists():
            write_findings(folder / name, findings, meta, report)


SUMMARY_NOTEBOOK = "07_汇总"


def _rerun_summary(folder: Path, pdf: str, params: dict, others: list[str], year) -> list[str]:
    """Notebook 07 again, now with the unit's other documents: its 跨年度/跨文件核对 section and its findings
    include the cross-document ones. The other notebooks do not change."""
    import shutil
    import tempfile

    from budgetlib.notebooks_run import run_unit, unit_notebooks

    nb = [p for p in unit_notebooks() if p.stem == SUMMARY_NOTEBOOK]
    target = folder / "notebooks"
    if not nb or not (target / f"{SUMMARY_NOTEBOOK}.ipynb").exists():
        return []
    staging = Path(tempfile.mkdtemp(prefix=".crossdoc.", suffix=".tmp", dir=folder))
    try:
        done = run_unit(pdf, {**params, "unit": folder.parent.name, "year": year}, staging, notebooks=nb,
                        kernels=1, others=others)
        moved = []
        for produced in done.glob(f"{SUMMARY_NOTEBOOK}.*"):
            produced.replace(target / produced.name)
            moved.append(f"notebooks/{produced.name}")
        return moved
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _annotate(folder: Path, manifest: dict[str, Any], report, findings: list) -> None:
    """annotations.csv follows the findings: a cross-document finding gets its 说明/整改 line, one that went
    away is marked 已消失, as for every other finding."""
    from budgetlib import annotations
    from budgetlib.atomic import atomic_write
    from budgetlib.present import labels

    unit, year = manifest.get("unit", report.unit), manifest.get("year", report.year)
    old = annotations.read(folder / annotations.NAME)
    notes = annotations.carry_forward(unit, year, old, findings,
                                      describe=lambda f: (labels.rule_title(f.rule), labels.where(f, report)))
    atomic_write(folder / annotations.NAME, lambda p: p.write_text(annotations.to_csv(notes), encoding="utf-8-sig"))


def cross_check(units: list[dict[str, Any]], notebooks: bool = False) -> dict[str, Any]:
    """Run the cross-document rules over the batch's finished units (done and skipped); returns the
    batch summary's `crossdoc` block and updates each unit dict's `findings` counts in place."""
    from budgetlib.cache import load_report
    from budgetlib.checks import crossdoc
    from budgetlib.checks.registry import RULES, Context, run_rules
    from budgetlib.model import Finding

    reports: dict[Path, Any] = {}
    entries: dict[Path, dict[str, Any]] = {}
    for u in units:
        folder = Path(u["folder"])
        m = mf.read(folder)
        if not m or not m.get("pdf") or not (folder / "findings.json").is_file():
            continue
        try:
            reports[folder] = load_report(m["pdf"])
        except Exception as exc:  # the unit stands on its own; it is only left out of the comparisons
            log.warning("CROSSDOC cannot reload %s: %s", m["pdf"], exc)
            continue
        entries[folder] = u
    links, ambiguous = related(reports)
    only = [r for r in RULES if r.startswith(RULE_PREFIX)]
    totals: Counter = Counter()
    compared = 0
    for folder, report in reports.items():
        others = [reports[f] for f in links.get(folder, [])]
        doc = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
        had = any(f.get("rule", "").startswith(RULE_PREFIX) for f in doc["findings"])
        if not others and not had and not (folder / NAME).exists():
            continue
        m = mf.read(folder) or {}
        params = m.get("params") or {}
        kept = [f for f in map(Finding.from_dict, doc["findings"]) if not f.rule.startswith(RULE_PREFIX)]
        new = list(run_rules(Context(report, params, others), only=only)) if others else []
        meta = {k: v for k, v in doc["meta"].items() if k != "crossdoc"}
        if others:
            meta["crossdoc"] = crossdoc.report_block(report, others)
            text = json.dumps({**meta["crossdoc"], "findings": [f.to_dict() for f in new]}, ensure_ascii=False,
                              indent=1)
            totals.update(meta["crossdoc"]["summary"])
            compared += 1
            log.info("CROSSDOC %s: %s", folder, crossdoc.summary_text(meta["crossdoc"]))
            if doc["meta"].get("crossdoc") == meta["crossdoc"] and (folder / NAME).is_file() \
                    and (folder / NAME).read_text(encoding="utf-8") == text:
                continue  # a re-run over the same documents: everything below is already in place
            atomic_write_text(folder / NAME, text)
        else:
            (folder / NAME).unlink(missing_ok=True)
        findings = kept + new
        _rewrite(folder, report, findings, meta)
        _annotate(folder, m, report, findings)
        counts = mf.finding_counts(findings)
        if notebooks and m.get("pdf") and (others or had):
            try:
                _rerun_summary(folder, m["pdf"], params, [o.path for o in others], m.get("year"))
            except Exception as exc:  # the findings files are right; the notebook keeps its earlier run
                log.warning("CROSSDOC notebook 07 of %s not re-run: %s", folder, exc)
        if m:
            outputs = [n for n in m.get("outputs") or {} if n != NAME] + ([NAME] if others else [])
            m.update(findings=counts, outputs=mf.describe_outputs(folder, outputs))
            atomic_write_text(folder / mf.NAME, json.dumps(m, ensure_ascii=False, indent=1))
        entries[folder]["findings"] = counts
    return {"units_compared": compared, **dict(totals), "ambiguous": ambiguous}
