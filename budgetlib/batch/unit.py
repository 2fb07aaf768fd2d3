"""One unit, start to finish, inside its own worker process: vet the PDF, parse, audit, write
findings (.json/.csv/.xlsx, and the PDF annotated), carry the auditors' annotations forward, run the notebooks, and write
the manifest last. Every file is written to a temporary name and renamed, so a kill at any moment
leaves either the old complete file or the new complete file."""

from __future__ import annotations

import json
import resource
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from budgetlib import __version__, annotations, store
from budgetlib.atomic import atomic_write, atomic_write_text
from budgetlib.batch import manifest as mf
from budgetlib.batch.paths import claim_dir, safe_name, year_folder
from budgetlib.errors import BadInput

FINDINGS = ("findings.json", "findings.csv", "findings.xlsx", "findings.pdf")
NOTEBOOK_DIR = "notebooks"
# Batch-owned folders start with "_": safe_name strips a leading "_", so no unit can be called that.
PARTS_DIR = "_parts"
OCR_DIR = "_ocr"


def _vm_hwm_kb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        pass
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this worker and of its finished children (the notebook kernels).

    The worker's own peak is VmHWM: ru_maxrss would still carry the RSS of the process it was forked
    from (the batch, or a Dask worker). The children's figure is ru_maxrss, an upper bound for the
    same reason."""
    own = _vm_hwm_kb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def split_pdf(path: str | Path, spans, out_dir: Path) -> list[str]:
    """Each report of a compilation as its own PDF (pypdf copies pages without rendering them)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(path))
    outs = []
    for i, span in enumerate(spans, start=1):
        writer = PdfWriter()
        for n in range(span.first - 1, span.last):
            writer.add_page(reader.pages[n])
        target = out_dir / f"{safe_name(Path(path).stem)}.part{i:03d}.pdf"

        def write(tmp: Path, writer=writer) -> None:
            with open(tmp, "wb") as fh:
                writer.write(fh)

        atomic_write(target, write)
        outs.append(str(target))
    return outs


def _load(pdf: str):
    try:
        from budgetlib.cache import load_report  # parse once: the notebooks then read the pickle
    except ImportError:  # pragma: no cover - the cache module is optional
        from budgetlib.parse.report import read_report as load_report
    return load_report(pdf)


def _start_kernel(task: dict[str, Any]):
    """The unit's notebook kernel, started before the parse so that its start-up and imports overlap
    with it (None without notebooks); forked from this process, which has the notebooks' modules
    imported already when it came from the batch's warm fork server (kernels.start_kernels)."""
    if not task.get("notebooks", True):
        return None
    try:
        from budgetlib.notebooks_run import notebook_dir, start_kernels
    except ImportError as exc:
        raise BadInput(task["pdf"], "审计笔记本模块不可用（budgetlib.notebooks_run）",
                       "notebook runner not available; use --no-notebooks", str(exc)) from exc
    return start_kernels(1, cwd=notebook_dir())[0]


def _run_notebooks(task: dict[str, Any], folder: Path, year, kernel=None) -> list[str]:
    """Execute the unit's notebooks into a staging folder, then swap it in as notebooks/."""
    from budgetlib.notebooks_run import run_unit

    staging = Path(tempfile.mkdtemp(prefix=".notebooks.", suffix=".tmp", dir=folder))
    try:
        # the unit folder's (safe) name: a hostile params 'unit' never reaches a path in the runner
        params = {**task["params"], "unit": folder.parent.name, "year": year}
        run_unit(task["pdf"], params, staging, params_file=task.get("params_file"), kernel=kernel)
        produced = [p for p in staging.rglob("*") if p.is_file()]
        if not produced:
            raise RuntimeError("notebook runner wrote nothing")
        # run_unit may nest its outputs under <unit>/<year>/: keep the innermost common folder
        root = staging
        while True:
            kids = list(root.iterdir())
            if len(kids) == 1 and kids[0].is_dir():
                root = kids[0]
                continue
            break
        final = folder / NOTEBOOK_DIR
        old = folder / f".{NOTEBOOK_DIR}.old.tmp"
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        root.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        return sorted(str(p.relative_to(folder)) for p in final.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run(task: dict[str, Any]) -> dict[str, Any]:
    """The work of one input; returns a result dict (status done | skipped | split | failed)."""
    from budgetlib.checks.registry import ruleset_hash
    from budgetlib.parse.inputs import check_input

    t0 = time.monotonic()
    out = Path(task["out"])
    pdf, params = task["pdf"], task.get("params") or {}
    if task.get("ocr"):
        from budgetlib.parse.inputs import searchable

        pdf = searchable(pdf, out / OCR_DIR)
        task = {**task, "pdf": pdf}  # the notebooks read the searchable copy too
    _, spans = check_input(pdf, allow_compilation=task.get("part") is None)
    if len(spans) > 1:
        parts_dir = out / PARTS_DIR / task["source_sha256"][:16]
        return {"status": "split", "parts": split_pdf(pdf, spans, parts_dir),
                "units": [s.unit for s in spans]}
    span = spans[0]
    ruleset = ruleset_hash()
    key = mf.inputs_key(task["source_sha256"], task.get("part"), params, ruleset, bool(task.get("notebooks", True)))
    owner = task["source"] + (f"#{task['part'][0]}" if task.get("part") else "")
    if not task.get("force") and (params.get("unit") or span.unit):
        # a part of a compilation finished before an interruption is not redone
        folder = claim_dir(out, params.get("unit") or span.unit,
                           year_folder(params.get("year") or span.year, span.disclosure), owner)
        m = mf.read(folder)
        if m and m.get("inputs") == key and mf.complete(folder, m):
            return {"status": "skipped", "folder": str(folder), "unit": m["unit"], "year": m["year"],
                    "disclosure": m.get("disclosure", "决算"),
                    "findings": m["findings"]}
    kernel = _start_kernel(task)
    try:
        return _audit_unit(task, pdf, params, span, ruleset, key, owner, kernel, t0)
    finally:
        if kernel is not None:
            kernel.shutdown()


def _audit_unit(task: dict[str, Any], pdf: str, params: dict, span, ruleset: str, key: dict, owner: str, kernel,
                t0: float) -> dict[str, Any]:
    """Parse, audit, write the findings and run the notebooks (in `kernel`, already starting)."""
    from budgetlib import audit
    from budgetlib.present import labels
    from budgetlib.present.findings_io import read_findings, write_findings
    from budgetlib.present.order import applicable
    from budgetlib.present.summary import findings_meta

    out = Path(task["out"])
    report = _load(pdf)
    unit = params.get("unit") or span.unit or report.unit or Path(pdf).stem
    year = params.get("year") or span.year or report.year
    folder = claim_dir(out, unit, year_folder(year, report.disclosure), owner)
    (folder / mf.NAME).unlink(missing_ok=True)  # the unit is incomplete until the new manifest lands

    findings = applicable(audit(report, params), report)
    previous = read_findings(folder / "findings.json") if (folder / "findings.json").exists() else []
    old_notes = annotations.read(folder / annotations.NAME)
    if previous and not old_notes:  # a first re-run: the previous findings become the baseline
        old_notes = annotations.carry_forward(unit, year, [], previous)
    notes = annotations.carry_forward(unit, year, old_notes, findings,
                                      describe=lambda f: (labels.rule_title(f.rule), labels.where(f, report)))

    # the folder may be named after the file; the meta names only a unit that was read (or given)
    meta = findings_meta(report, pdf, params.get("unit") or span.unit or report.unit, year, findings=findings,
                         budgetlib=__version__, ruleset=ruleset)
    for name in FINDINGS:
        write_findings(folder / name, findings, meta, report)
    atomic_write_text(folder / store.FIGURES, json.dumps(store.figures(report), ensure_ascii=False, indent=1))
    atomic_write(folder / annotations.NAME,
                 lambda p: p.write_text(annotations.to_csv(notes), encoding="utf-8-sig"))
    outputs = [*FINDINGS, store.FIGURES, annotations.NAME]
    if task.get("notebooks", True):
        outputs += _run_notebooks(task, folder, year, kernel)

    manifest = {
        "unit": unit, "year": year, "disclosure": report.disclosure, "source": task["source"], "pdf": pdf, "pdf_sha256": report.sha256,
        "params": {k: v for k, v in params.items() if k != "pdf"}, "params_file": task.get("params_file"),
        "inputs": key,
        "outputs": mf.describe_outputs(folder, outputs),
        "findings": mf.finding_counts(findings),
        "finished": datetime.now().isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - t0, 2), "peak_rss_mb": peak_rss_mb(),
    }
    atomic_write_text(folder / mf.NAME, json.dumps(manifest, ensure_ascii=False, indent=1))
    return {"status": "done", "folder": str(folder), "unit": unit, "year": year, "disclosure": report.disclosure,
            "findings": manifest["findings"], "seconds": manifest["seconds"], "peak_rss_mb": manifest["peak_rss_mb"]}
