"""budgetlib batch: every unit of a folder, isolated, resumable, on a local pool or a Dask cluster.

DIR/<unit>/<year>/  findings.json/.csv/.xlsx, figures.json, annotations.csv, notebooks/, manifest.json
DIR/summary.json    units done / skipped / failed (with the reason), findings by rule and severity
DIR/batch.log       one line per unit (and the traceback of internal errors)
DIR/_store/*.parquet + DIR/findings.duckdb   the findings store across units and years (budgetlib.store)
DIR/汇总.html, DIR/汇总.xlsx   the region overview (budgetlib.batch.overview)
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from budgetlib import __version__
from budgetlib.atomic import atomic_write_text
from budgetlib.batch import manifest as mf
from budgetlib.errors import BadInput

LOG_NAME = "batch.log"
SUMMARY_NAME = "summary.json"
log = logging.getLogger("budgetlib.batch")


@dataclass
class Task:
    source: str  # the input file (PDF or params YAML), absolute
    pdf: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    params_file: str | None = None
    error: BadInput | None = None

    def payload(self, out: Path, notebooks: bool, sha: str, part: list[int] | None = None,
                pdf: str | None = None, ocr: bool = False, force: bool = False) -> dict[str, Any]:
        return {"source": self.source, "pdf": pdf or self.pdf, "params": self.params,
                "params_file": self.params_file, "out": str(out), "notebooks": notebooks,
                "source_sha256": sha, "part": part, "ocr": ocr, "force": force}


def _files(root: Path, out: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if p.is_file() and not any(x.startswith(".") for x in rel) and not (out == p or out in p.parents):
            found.append(p)
    return found


def discover(inputs: list[str], out: Path) -> list[Task]:
    """Params YAMLs and PDFs in the given folders (recursively) or files; a PDF named by a params
    file runs once, with its params."""
    from budgetlib.params import load_params

    tasks: list[Task] = []
    for arg in inputs:
        root = Path(arg).resolve()
        if not root.exists():
            tasks.append(Task(str(root), error=BadInput(str(root), "输入不存在", "input not found")))
            continue
        for p in _files(root, out):
            suffix = p.suffix.lower()
            if suffix in (".yaml", ".yml"):
                try:
                    params = load_params(p)
                    tasks.append(Task(str(p), str(Path(params["pdf"]).resolve()), params, str(p)))
                except BadInput as exc:
                    tasks.append(Task(str(p), error=exc))
            elif suffix == ".pdf":
                tasks.append(Task(str(p), str(p)))
    with_params = {t.pdf for t in tasks if t.params_file and not t.error}
    seen: set[str] = set()
    unique = []
    for t in tasks:
        if (t.params_file is None and t.pdf in with_params) or t.source in seen:
            continue
        seen.add(t.source)
        unique.append(t)
    return unique


def clean_stale(out: Path) -> int:
    """Temporary files and folders of a killed run (never a finished output)."""
    n = 0
    for p in list(out.rglob(".*.tmp")):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        n += 1
    return n


def _setup_log(out: Path) -> logging.Handler:
    handler = logging.FileHandler(out / LOG_NAME, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return handler


def _executor(scheduler: str | None, workers: int | None):
    from budgetlib.batch.executors import DaskExecutor, LocalExecutor

    if scheduler:
        return DaskExecutor(scheduler)
    return LocalExecutor(workers or os.cpu_count() or 1)


@dataclass
class Outcome:
    done: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)


def _record_failure(outcome: Outcome, source: str, result: dict[str, Any]) -> None:
    outcome.failed.append({"source": source, "reason": result.get("reason", ""),
                           "reason_zh": result.get("reason_zh", ""), "kind": result.get("kind", "")})
    log.warning("FAILED %s %s", source, result.get("reason", ""))
    if result.get("traceback"):
        log.warning("%s", result["traceback"])


def run_batch(inputs: list[str], out: str | Path, *, workers: int | None = None, scheduler: str | None = None,
              timeout: float | None = 600.0, notebooks: bool = True, force: bool = False,
              progress: bool = True, ocr: bool = False) -> dict[str, Any]:
    """The whole batch; returns the summary (also written to DIR/summary.json)."""
    from budgetlib.checks.registry import ruleset_hash
    from budgetlib.pdf.document import file_sha256

    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    handler = _setup_log(out)
    t0 = time.monotonic()
    started = datetime.now().isoformat(timespec="seconds")
    stale = clean_stale(out)
    tasks = discover(inputs, out)
    ruleset = ruleset_hash()
    log.info("batch start: %d inputs, out=%s, notebooks=%s, force=%s, stale temp files removed=%d",
             len(tasks), out, notebooks, force, stale)
    idx = {} if force else mf.index(out)
    outcome = Outcome()
    todo: list[tuple[Task, str]] = []
    for t in tasks:
        if t.error:
            _record_failure(outcome, t.source, {"reason": t.error.line(), "reason_zh": t.error.reason_zh,
                                                "kind": "bad_input"})
            continue
        try:
            sha = file_sha256(t.pdf)
        except OSError as exc:
            _record_failure(outcome, t.source, {"reason": BadInput(t.pdf, "无法读取文件", "cannot read file",
                                                                   type(exc).__name__).line(), "kind": "bad_input"})
            continue
        entries = mf.finished(idx, mf.inputs_key(sha, None, t.params, ruleset, notebooks))
        if entries:
            for folder, m in entries:
                outcome.skipped.append({"source": t.source, "folder": str(folder), "unit": m["unit"],
                                        "year": m["year"], "disclosure": m.get("disclosure", "决算"),
                                        "findings": m["findings"]})
            log.info("SKIPPED %s (unchanged, outputs complete)", t.source)
        else:
            todo.append((t, sha))

    executor = _executor(scheduler, workers)
    bar = _progress(len(todo), progress)
    try:
        pending = {}
        for t, sha in todo:
            pending[executor.submit(t.payload(out, notebooks, sha, ocr=ocr, force=force), timeout)] = (t, sha)
        while pending:
            done, _ = executor.wait(set(pending))
            for fut in done:
                t, sha = pending.pop(fut)
                try:
                    result = fut.result()
                except Exception as exc:  # the executor lost the task (a Dask worker died, …)
                    result = {"status": "failed", "kind": "executor",
                              "reason": BadInput(t.source, f"执行器错误 {type(exc).__name__}",
                                                 "executor error", str(exc)[:160]).line()}
                if result["status"] == "split":
                    parts = result["parts"]
                    log.info("SPLIT %s into %d reports: %s", t.source, len(parts), "、".join(result["units"]))
                    for i, part in enumerate(parts, start=1):
                        payload = t.payload(out, notebooks, sha, [i, len(parts)], part, ocr, force)
                        pending[executor.submit(payload, timeout)] = (t, sha)
                    if bar is not None:
                        bar.total += len(parts) - 1
                        bar.refresh()
                    continue
                if result["status"] == "skipped":
                    outcome.skipped.append({"source": t.source, **{k: result[k] for k in
                                           ("folder", "unit", "year", "findings")},
                                            "disclosure": result.get("disclosure", "决算")})
                    log.info("SKIPPED %s → %s (unchanged, outputs complete)", t.source, result["folder"])
                elif result["status"] == "done":
                    outcome.done.append({"source": t.source, **{k: result[k] for k in
                                        ("folder", "unit", "year", "findings", "seconds", "peak_rss_mb")},
                                         "disclosure": result.get("disclosure", "决算")})
                    log.info("DONE %s → %s (%s s, %s MB)", t.source, result["folder"], result["seconds"],
                             result["peak_rss_mb"])
                else:
                    _record_failure(outcome, t.source, result)
                _tick(bar, outcome, t0)
    except BaseException:  # Ctrl-C: stop the running units now, not when they finish
        from budgetlib.batch.executors import kill_all

        kill_all()
        raise
    finally:
        executor.close()
        if bar is not None:
            bar.close()

    try:  # each unit against the same unit's other documents in this batch (last year's, its budget …)
        from budgetlib.batch.crossdoc import cross_check

        cross = cross_check(outcome.done + outcome.skipped, notebooks)
    except Exception as exc:  # the units' outputs stand on their own, as for the store below
        cross = {"error": f"{type(exc).__name__}: {exc}"}
        log.exception("cross-document checks failed")
    summary = _summary(outcome, out, started, time.monotonic() - t0, executor.name, executor.workers,
                       notebooks, ruleset, len(tasks))
    summary["crossdoc"] = cross
    if cross.get("units_compared"):
        summary["line"] += (f"；跨文件核对：{cross['units_compared']}个单位文件，{cross.get('statements', 0)}项，"
                            f"不一致{cross.get('disagree', 0)}项，尾差{cross.get('tail', 0)}项")
    try:
        from budgetlib.store import write_store

        summary["store"] = str(write_store(out))
    except Exception as exc:  # the units' outputs stand on their own; a store failure is reported, not fatal
        summary["store_error"] = f"{type(exc).__name__}: {exc}"
        log.exception("store build failed")
    if "store" in summary:
        try:
            from budgetlib.batch.overview import write_overview

            summary["overview"] = [str(p) for p in write_overview(out, summary)]
        except Exception as exc:  # as the store: reported, not fatal
            summary["overview_error"] = f"{type(exc).__name__}: {exc}"
            log.exception("overview failed")
    atomic_write_text(out / SUMMARY_NAME, json.dumps(summary, ensure_ascii=False, indent=1))
    log.info("%s", summary["line"])
    log.removeHandler(handler)
    handler.close()
    return summary


def _progress(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="单位", desc="批量审计", dynamic_ncols=True, smoothing=0.1)


def _tick(bar, outcome: Outcome, t0: float) -> None:
    if bar is None:
        return
    minutes = max(time.monotonic() - t0, 1e-6) / 60
    bar.set_postfix({"完成": len(outcome.done), "失败": len(outcome.failed),
                     "单位/分钟": f"{(len(outcome.done) + len(outcome.failed)) / minutes:.1f}"}, refresh=False)
    bar.update(1)


def _summary(outcome: Outcome, out: Path, started: str, seconds: float, executor: str, workers: int,
             notebooks: bool, ruleset: str, n_inputs: int) -> dict[str, Any]:
    by_sev: Counter = Counter()
    by_rule: dict[str, Counter] = {}
    for u in outcome.done + outcome.skipped:
        f = u.get("findings") or {}
        by_sev.update(f.get("by_severity") or {})
        for rule, sev in (f.get("by_rule") or {}).items():
            by_rule.setdefault(rule, Counter()).update(sev)
    rate = len(outcome.done) / (seconds / 60) if seconds > 0 else 0.0
    peaks = [u["peak_rss_mb"] for u in outcome.done if u.get("peak_rss_mb")]
    units = len(outcome.done) + len(outcome.skipped)
    line = (f"批量审计完成：{n_inputs}个输入，{units}个单位完成（其中{len(outcome.skipped)}个未变化已跳过），"
            f"{len(outcome.failed)}个失败；错误{by_sev.get('error', 0)}条，警告{by_sev.get('warning', 0)}条，"
            f"提示{by_sev.get('info', 0)}条；用时{seconds:.1f}秒（{rate:.1f}单位/分钟）；结果在 {out}")
    return {
        "line": line, "started": started, "seconds": round(seconds, 2), "budgetlib": __version__,
        "ruleset": ruleset, "executor": executor, "workers": workers, "notebooks": notebooks,
        "inputs": n_inputs, "units_done": len(outcome.done), "units_skipped": len(outcome.skipped),
        "units_failed": len(outcome.failed), "units_per_minute": round(rate, 2),
        "peak_rss_mb": max(peaks) if peaks else None,
        "findings_by_severity": dict(by_sev),
        "findings_by_rule": {r: dict(c) for r, c in sorted(by_rule.items())},
        "done": outcome.done, "skipped": outcome.skipped, "failed": outcome.failed,
    }


SAMPLE_MARK = ".sample_store"


def sample_store(inputs: list[str | Path], out: str | Path) -> Path:
    """The findings store of a batch (without notebooks) over `inputs`: notebook 08's sample when it is
    given no store. Every call starts from an empty `out`: a re-run would mark every finding 仍存在 and
    keep units no longer among the inputs, so the notebook's committed outputs would depend on what ran
    before. `out` must be absent or a sample made here (the mark file says so); a failed unit or store
    raises, since a sample with a hole would look clean."""
    out = Path(out)
    if out.exists():
        if not (out / SAMPLE_MARK).is_file():
            raise BadInput(str(out), "不是示例发现库，不会清空它", "not a sample store, so not emptied")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / SAMPLE_MARK).write_text("budgetlib.batch.sample_store: emptied and rebuilt on every call\n")
    summary = run_batch([str(p) for p in inputs], out, notebooks=False, progress=False)
    problems = [f["reason"] for f in summary["failed"]] + [summary[k] for k in ("store_error",) if k in summary]
    if problems:
        raise RuntimeError("示例发现库不完整 / the sample store is incomplete: " + "；".join(problems))
    return Path(summary["store"])


def main(args) -> int:
    """`budgetlib batch`: 0 when every unit is done, 2 when some failed (listed with their reasons)."""
    if args.workers is not None and args.workers < 1:
        raise BadInput("--workers", "工作进程数应为正整数", "--workers must be a positive integer")
    if args.timeout is not None and args.timeout <= 0:
        raise BadInput("--timeout", "超时秒数应为正数", "--timeout must be positive")
    summary = run_batch(args.inputs, args.out, workers=args.workers, scheduler=args.scheduler,
                        timeout=args.timeout, notebooks=not args.no_notebooks, force=args.force,
                        ocr=getattr(args, "ocr", False))
    print(summary["line"])
    for f in summary["failed"]:
        print(f"  失败 / failed: {f['reason']}")
    if summary.get("store_error"):
        print(f"  发现库未能生成 / store not built: {summary['store_error']}")
    if summary.get("overview"):
        print(f"  汇总：{summary['overview'][0]}")
    if summary.get("overview_error"):
        print(f"  汇总未能生成 / overview not written: {summary['overview_error']}")
    return 2 if summary["failed"] else 0
