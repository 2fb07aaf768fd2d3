"""`budgetlib run`: every per-unit audit notebook, executed into DIR/<unit>/<year>/ (papermill's
parameter injection; one kernel per unit shared by its notebooks, or papermill per notebook).

Each notebook is written twice: the executed .ipynb (the working paper, with code) and an .html
without code cells for readers. Both are written atomically. `python -m budgetlib.notebooks_run
--refresh` re-executes the committed notebooks in place on the sample (their outputs are what nbval
compares), stripping the timings and kernel details that would change from run to run.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from budgetlib.atomic import atomic_write, atomic_write_text
from budgetlib.errors import BadInput

KERNEL = "python3"
# The kernel's own start-up warnings (e.g. "running over TCP without encryption") go to the terminal
# of `budgetlib run`, not into the notebook: they say nothing about the audit.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]
CELL_TIMEOUT = 900  # seconds; a cell renders at most a few dozen page images


def notebook_dir() -> Path:
    env = os.environ.get("BUDGETLIB_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "notebooks"


def unit_notebooks(folder: Path | None = None) -> list[Path]:
    """The notebooks that audit one unit (metadata budgetlib.scope == 'unit'), in file-name order."""
    folder = folder or notebook_dir()
    out = []
    for p in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        if (nb.metadata.get("budgetlib") or {}).get("scope") == "unit":
            out.append(p)
    return out


def safe_component(name: str, what: str) -> str:
    """A unit name or year usable as one folder name under the output dir, or BadInput."""
    text = str(name).strip()
    if (not text or text in (".", "..") or any(c in text for c in '/\\\x00:*?"<>|')
            or text.startswith(".") or len(text.encode()) > 200):
        raise BadInput(text or "''", f"{what}不能用作目录名", f"unsafe {what_en(what)} for a folder name")
    return text


def what_en(what: str) -> str:
    return {"单位名称": "unit name", "年度": "year"}.get(what, what)


def unit_folder(out_dir: Path, unit: str, year: object) -> Path:
    base = out_dir.resolve()
    folder = (base / safe_component(unit, "单位名称") / safe_component(str(year or "未知年度"), "年度")).resolve()
    if base not in folder.parents:
        raise BadInput(unit, "单位名称不能用作目录名", "unit folder escapes the output directory")
    return folder


def to_html(nb) -> str:
    """HTML for readers: outputs and text only, no code cells, no prompts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def run_unit(pdf: str | Path, params: dict | None, out_dir: str | Path, params_file: str | Path | None = None,
             notebooks: list[Path] | None = None, engine: str = "shared") -> Path:
    """Execute every per-unit notebook for one report; returns DIR/<unit>/<year>/ (<year>预算/ for a budget).

    The PDF is parsed here first (through the cache), so a bad file fails fast with BadInput and the
    notebooks all read the cached model. A notebook that fails is still written (with its error
    output) and its HTML too; a RuntimeError naming the failed notebooks follows at the end.
    """
    from budgetlib.cache import load_report

    params = params or {}
    pdf = Path(pdf).resolve()
    report = load_report(pdf)
    unit = params.get("unit") or report.unit or pdf.stem
    year = params.get("year") or report.year
    # a budget beside the same unit's 决算 of that year: DIR/<unit>/<year>预算/ (as batch.paths.year_folder)
    folder = unit_folder(Path(out_dir), unit, f"{year or ''}预算" if report.disclosure == "预算" else year)
    folder.mkdir(parents=True, exist_ok=True)
    parameters = {"pdf_path": str(pdf), "unit": unit, "year": year,
                  "params_file": str(Path(params_file).resolve()) if params_file else "",
                  "output_dir": str(folder)}
    paths = notebooks or unit_notebooks()
    run = _run_papermill if engine == "papermill" else _run_shared_kernel
    failed = run(paths, parameters, folder)
    if failed:
        raise RuntimeError("notebooks failed / 笔记本运行出错: " + "; ".join(failed))
    return folder


def _write(folder: Path, nb_path: Path, nb) -> None:
    target = folder / nb_path.name
    atomic_write(target, lambda p: nbformat.write(nb, str(p)))
    atomic_write_text(target.with_suffix(".html"), to_html(nb))


def _run_papermill(paths: list[Path], parameters: dict, folder: Path) -> list[str]:
    """One papermill run (and one kernel) per notebook: the reference the shared kernel is measured against."""
    import papermill

    failed = []
    for nb_path in paths:
        tmp = folder / f".{nb_path.stem}.running.ipynb"
        try:
            papermill.execute_notebook(str(nb_path), str(tmp), parameters=parameters, kernel_name=KERNEL,
                                       cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                                       execution_timeout=CELL_TIMEOUT, extra_arguments=KERNEL_ARGS)
        except papermill.PapermillExecutionError as exc:
            failed.append(f"{nb_path.name}: {exc.ename}: {exc.evalue}")
        if not tmp.exists():  # papermill could not even start the kernel
            raise RuntimeError(f"notebook {nb_path.name} did not run")
        nb = nbformat.read(tmp, as_version=4)
        tmp.unlink()
        _write(folder, nb_path, nb)
    return failed


RESET = "%reset -f"


def _run_shared_kernel(paths: list[Path], parameters: dict, folder: Path) -> list[str]:
    """All of a unit's notebooks in one kernel, one after another: the kernel starts and budgetlib,
    pandas and matplotlib are imported once per unit, not once per notebook. Each notebook gets its
    parameters injected as papermill would (a tagged cell after `parameters`) and starts from an empty
    namespace (%reset), so it reads top to bottom as if run alone; units stay isolated from each other."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    failed = []
    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(extra_arguments=KERNEL_ARGS, cwd=str(paths[0].parent) if paths else None)
    # HTML export runs beside the kernel: it needs only the finished notebook.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budgetlib-html")
    pending = []
    try:
        for nb_path in paths:
            nb = parameterize_notebook(load_notebook_node(str(nb_path)), parameters, kernel_name=KERNEL)
            client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, record_timing=False,
                                    resources={"metadata": {"path": str(nb_path.parent)}})
            try:
                client.execute()
            except CellExecutionError as exc:
                failed.append(f"{nb_path.name}: {exc.ename}: {exc.evalue}")
            finally:
                _reset(client)
            pending.append(writer.submit(_write, folder, nb_path, nb))
    finally:
        km.shutdown_kernel(now=True)
        writer.shutdown(wait=True)
    for done in pending:
        done.result()  # a failed write raises here, after every notebook has run
    return failed


def _reset(client) -> None:
    """Empty the namespace for the next notebook (imported modules stay: that is the saving)."""
    if client.kc is None:
        return
    client.kc.execute(RESET, silent=True, store_history=False)
    client.kc.get_shell_msg(timeout=CELL_TIMEOUT)
    client.kc.stop_channels()
    client.kc = None


# ---------------------------------------------------------------- refreshing the committed notebooks

VOLATILE_CELL_METADATA = ("execution", "papermill", "collapsed", "scrolled")


def clean(nb) -> None:
    """Drop what changes between identical runs: timings, papermill records, widget state."""
    for key in ("papermill", "widgets"):
        nb.metadata.pop(key, None)
    nb.metadata.pop("language_info", None)
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        cell["id"] = f"c{i:02d}"
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def refresh(paths: list[Path] | None = None) -> list[Path]:
    """Execute the committed notebooks in place with their default parameters (the sample report)."""
    from nbclient import NotebookClient

    done = []
    for path in paths or unit_notebooks():
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, record_timing=False,
                                extra_arguments=KERNEL_ARGS,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        clean(nb)
        atomic_write(path, lambda p, nb=nb: nbformat.write(nb, str(p)))
        done.append(path)
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m budgetlib.notebooks_run")
    ap.add_argument("--refresh", action="store_true", help="re-execute the committed notebooks in place")
    ap.add_argument("notebooks", nargs="*", type=Path)
    args = ap.parse_args(argv)
    if not args.refresh:
        ap.error("nothing to do (use --refresh)")
    for p in refresh(args.notebooks or None):
        print(f"已刷新 {p.name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
