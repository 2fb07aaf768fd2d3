"""`budgetlib run`: every per-unit audit notebook, executed into DIR/<unit>/<year>/ (papermill's
parameter injection; one kernel per unit shared by its notebooks, or papermill per notebook).

Each notebook is written twice: the executed .ipynb (the working paper, with code) and an .html
without code cells for readers. Both are written atomically. `python -m budgetlib.notebooks_run
--refresh` re-executes the committed notebooks in place on the sample (their outputs are what nbval
compares), stripping the timings and kernel details that would change from run to run.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# nbformat imports jsonschema, which imports rfc3987-syntax when it is installed (JupyterLab's
# jupyter-events asks for it) and builds its IRI grammar at import: ≈0.8 s per `budgetlib run` and per
# batch unit, for the "iri" format that no notebook schema uses. Without it jsonschema skips that format.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402

from budgetlib.atomic import atomic_write, atomic_write_text
from budgetlib.errors import BadInput
from budgetlib.kernels import CELL_TIMEOUT, KERNEL, KERNEL_ARGS, WarmKernel, default_kernels, start_kernels  # noqa: E402,I001


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


_html_lock = threading.Lock()


@functools.cache
def _html_exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)


IMAGE_ALT = "PDF页面（红框为问题所在单元格）"
_IMG_WITHOUT_ALT = re.compile(r"<img (?![^>]*\balt=)")
_OUTPUT_DIV = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")')


class _Unparsed(str):
    """Stands in for BeautifulSoup in HTMLExporter.from_notebook_node: that last step re-parses the
    whole page with html.parser only to give images without alt text a placeholder and outputs a
    tabindex (≈80 % of an export's CPU); to_html adds both itself, with a regex."""

    def __new__(cls, markup: str, features: str | None = None):
        return super().__new__(cls, markup)

    def select(self, selector: str) -> list:
        return []


def to_html(nb) -> str:
    """HTML for readers: outputs and text only, no code cells, no prompts. One exporter serves every
    notebook (its templates load once: half the export time; the output is the same)."""
    import nbconvert.exporters.html as html_exporter

    with _html_lock:
        soup, html_exporter.BeautifulSoup = html_exporter.BeautifulSoup, _Unparsed
        try:
            body, _ = _html_exporter().from_notebook_node(nb)
        finally:
            html_exporter.BeautifulSoup = soup
    body = _IMG_WITHOUT_ALT.sub(f'<img alt="{IMAGE_ALT}" ', body)
    return _OUTPUT_DIV.sub(r'\1 tabindex="0"', body)


def warm_html() -> None:
    """Load the exporter's templates now (a batch's fork server does, once for all its units)."""
    from nbformat.v4 import new_notebook

    to_html(new_notebook())


def run_unit(pdf: str | Path, params: dict | None, out_dir: str | Path, params_file: str | Path | None = None,
             notebooks: list[Path] | None = None, engine: str = "shared", kernel: WarmKernel | None = None,
             kernels: int | None = None, children: list | None = None,
             others: list[str | Path] | None = None) -> Path:
    """Execute every per-unit notebook for one report; returns DIR/<unit>/<year>/ (<year>预算/ for a budget).

    The PDF is parsed here first (through the cache), so a bad file fails fast with BadInput and the
    notebooks all read the cached model. With the shared engine the kernel starts (and imports what
    the notebooks import) while the report is parsed; `kernel` is one started earlier by the caller
    (the batch starts it before its own parse), used here and shut down. Otherwise `kernels` kernels
    (default: two where two cores are free to run them, see default_kernels) share the notebooks;
    `children` are ones the caller forked earlier still (kernels.fork_kernels, the CLI's first step);
    `others`, PDFs of the unit's other disclosures, reach the notebooks as the `others` parameter. A
    notebook that fails is still written (with its error output) and its HTML too; a RuntimeError
    naming the failed notebooks follows at the end.
    """
    from budgetlib.cache import load_report

    params = params or {}
    paths = notebooks or unit_notebooks()
    started: list[WarmKernel] = [kernel] if kernel is not None else []
    if engine == "shared" and kernel is None:
        started = start_kernels(kernels or default_kernels(len(paths)), cwd=paths[0].parent if paths else None,
                                children=children)
    elif children:
        for child in children:
            child.abandon()
    try:
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
        if others:
            parameters["others"] = [str(Path(o).resolve()) for o in others]
        if engine == "papermill":
            failed = _run_papermill(paths, parameters, folder)
        else:
            failed = _run_shared_kernels(started, paths, parameters, folder)
    finally:
        for k in reversed(started):  # a forked sibling before the kernel it was forked from
            k.shutdown()
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


def inject_parameters(nb, parameters: dict):
    """papermill's parameter injection (`parameterize_notebook`): a cell tagged `injected-parameters`
    right after the cell tagged `parameters` (or in place of an earlier injected one), the values in
    metadata.papermill.parameters. Done here because importing papermill takes ≈0.3 s, on the path of
    every run and every batch unit; the papermill engine and `papermill -p` read the same cells."""
    from nbformat.v4 import new_code_cell

    source = "# Parameters\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())
    # a fixed id (papermill's is random): the same run gives the same HTML
    cell = new_code_cell(source=source, metadata={"tags": ["injected-parameters"]}, id="injected-parameters")
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    injected = next((i for i, t in enumerate(tags) if "injected-parameters" in t), None)
    declared = next((i for i, t in enumerate(tags) if "parameters" in t), None)
    if injected is not None:
        nb.cells[injected] = cell
    else:
        nb.cells.insert(0 if declared is None else declared + 1, cell)
    nb.metadata.setdefault("papermill", {})["parameters"] = dict(parameters)
    return nb


def _heaviest_first(paths: list[Path]) -> list[Path]:
    """The committed notebook's size stands for its work (page images, tables): the longest go first,
    so that two kernels finish together."""
    return sorted(paths, key=lambda p: -p.stat().st_size)


def _run_shared_kernels(kernels: list[WarmKernel], paths: list[Path], parameters: dict, folder: Path) -> list[str]:
    """A unit's notebooks in its kernels, one notebook after another per kernel: a kernel starts and
    budgetlib, pandas and matplotlib are imported once per kernel, not once per notebook. Each
    notebook gets its parameters injected as papermill would (a tagged cell after `parameters`) and
    starts from an empty namespace (%reset), so it reads top to bottom as if run alone; units stay
    isolated from each other."""
    import queue

    todo: queue.SimpleQueue = queue.SimpleQueue()
    for nb_path in _heaviest_first(paths) if len(kernels) > 1 else paths:
        todo.put(nb_path)
    failed: dict[Path, str] = {}
    # HTML export runs beside the kernels: it needs only the finished notebook.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="budgetlib-html")
    pending: list = []
    try:
        for k in kernels:
            k.ready()  # both lanes start together: neither takes every notebook while the other warms up
        if len(kernels) == 1:
            _lane(kernels[0], todo, parameters, folder, writer, pending, failed)
        else:
            with ThreadPoolExecutor(max_workers=len(kernels), thread_name_prefix="budgetlib-kernel") as lanes:
                for done in [lanes.submit(_lane, k, todo, parameters, folder, writer, pending, failed)
                             for k in kernels]:
                    done.result()
    finally:
        writer.shutdown(wait=True)
    for done in pending:
        done.result()  # a failed write raises here, after every notebook has run
    return [failed[p] for p in paths if p in failed]  # in the notebooks' order, whichever kernel ran them


def _lane(kernel: WarmKernel, todo, parameters: dict, folder: Path, writer, pending: list,
          failed: dict[Path, str]) -> None:
    """Notebooks taken from `todo` until it is empty, each executed in `kernel`."""
    import queue

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    kc = kernel.ready()
    first = True
    while True:
        try:
            nb_path = todo.get_nowait()
        except queue.Empty:
            return
        nb = inject_parameters(nbformat.read(nb_path, as_version=4), parameters)
        client = NotebookClient(nb, km=kernel.km, timeout=CELL_TIMEOUT, record_timing=False,
                                resources={"metadata": {"path": str(nb_path.parent)}})
        client.kc = kc  # the kernel's one client: no channels to open and no kernel_info per notebook
        try:
            if not first:
                kernel.reset()
            first = False
            client.execute()
        except CellExecutionError as exc:
            failed[nb_path] = f"{nb_path.name}: {exc.ename}: {exc.evalue}"
        pending.append(writer.submit(_write, folder, nb_path, nb))


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
