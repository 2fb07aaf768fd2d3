"""budgetlib run (papermill into DIR/<unit>/<year>/) and the committed notebooks' shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from nbformat.v4 import new_code_cell, new_notebook

from budgetlib import cache, notebooks_run
from budgetlib.errors import BadInput
from budgetlib.model import Report

NOTEBOOKS = ROOT / "notebooks"
PARAMETERS = {"pdf_path", "unit", "year", "params_file", "output_dir"}


@pytest.mark.parametrize("name", ["../evil", "a/b", "..", ".", "", ".hidden", "a\\b", "x\x00y", "c:d"])
def test_unsafe_unit_names_rejected(tmp_path, name):
    with pytest.raises(BadInput):
        notebooks_run.unit_folder(tmp_path, name, 2023)


def test_unit_folder_is_under_out_dir(tmp_path):
    folder = notebooks_run.unit_folder(tmp_path, "四川省大数据技术服务中心", 2023)
    assert folder == (tmp_path / "四川省大数据技术服务中心" / "2023").resolve()
    assert notebooks_run.unit_folder(tmp_path, "甲", None).name == "未知年度"


def test_run_rejects_escaping_unit_before_running(tmp_path, monkeypatch, seed_pdf):
    monkeypatch.setattr(cache, "load_report", lambda p: Report(unit="../../etc"))
    with pytest.raises(BadInput):
        notebooks_run.run_unit(seed_pdf, {}, tmp_path / "out", notebooks=[])
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def _notebook(path, *cells):
    nb = new_notebook(cells=[new_code_cell('pdf_path = ""\nunit = ""\nyear = None\nparams_file = ""\noutput_dir = ""',
                                           metadata={"tags": ["parameters"]}),
                             *[new_code_cell(c) for c in cells]],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                                "budgetlib": {"scope": "unit"}})
    nbformat.write(nb, path)
    return path


def test_run_unit_executes_with_parameters_and_writes_html_without_code(tmp_path, monkeypatch, seed_pdf):
    monkeypatch.setattr(cache, "load_report", lambda p: Report(unit="报告里的单位", year=2023))
    good = _notebook(tmp_path / "01_good.ipynb", "import pathlib\nprint('单位:', unit, year, pathlib.Path(pdf_path).name)")
    bad = _notebook(tmp_path / "02_bad.ipynb", "raise ValueError('故意出错')")
    with pytest.raises(RuntimeError, match="02_bad.ipynb"):
        notebooks_run.run_unit(seed_pdf, {"unit": "参数里的单位"}, tmp_path / "runs", notebooks=[good, bad])
    folder = tmp_path / "runs" / "参数里的单位" / "2023"
    assert sorted(p.name for p in folder.iterdir()) == ["01_good.html", "01_good.ipynb", "02_bad.html", "02_bad.ipynb"]
    nb = nbformat.read(folder / "01_good.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "单位: 参数里的单位 2023 seed_2023.pdf" in printed
    html = (folder / "01_good.html").read_text(encoding="utf-8")
    assert "单位: 参数里的单位 2023 seed_2023.pdf" in html
    assert "import pathlib" not in html  # code cells are excluded for readers
    assert "故意出错" in (folder / "02_bad.html").read_text(encoding="utf-8")


def test_unit_notebooks_found_in_order():
    names = [p.name for p in notebooks_run.unit_notebooks(NOTEBOOKS)]
    assert names[:8] == ["00_概览.ipynb", "01_收入支出.ipynb", "02_财政拨款.ipynb", "03_三公基金国资.ipynb",
                         "04_其他重要事项.ipynb", "05_绩效自评.ipynb", "06_附表.ipynb", "07_汇总.ipynb"]


# ---------------------------------------------------------------- the committed notebooks

COMMITTED = notebooks_run.unit_notebooks(NOTEBOOKS)
ABSOLUTE_PATH = re.compile(r"(/work/|/home/|/tmp/|/root/|[A-Z]:\\\\)")


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.stem)
def test_committed_notebook_shape(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0] is code[0]
    assigned = set(re.findall(r"^(\w+) =", params[0].source, flags=re.M))
    # 07 also takes the unit's other documents (跨年度/跨文件核对; the batch fills it in)
    assert assigned == PARAMETERS | ({"others"} if path.stem == "07_汇总" else set())
    assert '"../data/seed_2023.pdf"' in params[0].source
    for c in code[1:]:
        # nbval --nbval-lax compares only tagged cells: every output cell must be tagged.
        assert "nbval-check-output" in c.metadata.get("tags", []), c.source
        assert c.outputs, f"{path.name}: committed without outputs: {c.source}"
        for out in c.outputs:
            assert out.output_type != "error" and out.get("name") != "stderr", (c.source, out)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.stem)
def test_committed_outputs_are_deterministic(path):
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert "papermill" not in doc["metadata"]
    assert not ABSOLUTE_PATH.search(text)
    assert not re.search(r"at 0x[0-9a-f]{6,}", text)
    assert not re.search(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d", text)  # no execution timestamps


def test_committed_notebooks_stay_small():
    assert sum(p.stat().st_size for p in NOTEBOOKS.glob("*.ipynb")) < 5_000_000


def test_shared_kernel_is_warm_and_each_notebook_starts_empty(tmp_path, monkeypatch, seed_pdf):
    """One kernel per unit: the modules the notebooks import are loaded before the first notebook (the
    warm-up ran while the report was parsed), yet no name of the warm-up or of an earlier notebook is left."""
    monkeypatch.setattr(cache, "load_report", lambda p: Report(unit="甲", year=2023))
    ipython = {"In", "Out", "exit", "quit", "get_ipython", "open", "sys", *PARAMETERS}
    shown = f"{sorted(ipython)!r}"
    first = _notebook(tmp_path / "01_a.ipynb",
                      "import sys\n"
                      f"print('left:', sorted(k for k in globals() if (not k.startswith('_') or k.startswith('_bl'))\n"
                      f"                     and k not in {shown}))\n"
                      "print('warm:', 'budgetlib.present.view' in sys.modules)\nsecret = 1")
    second = _notebook(tmp_path / "02_b.ipynb", "print('secret seen:', 'secret' in globals())")
    folder = notebooks_run.run_unit(seed_pdf, {}, tmp_path / "runs", notebooks=[first, second])
    out = {p.stem: "".join(o.get("text", "") for c in nbformat.read(p, as_version=4).cells
                           if c.cell_type == "code" for o in c.get("outputs", []))
           for p in folder.glob("*.ipynb")}
    assert "left: []" in out["01_a"] and "warm: True" in out["01_a"]
    assert "secret seen: False" in out["02_b"]


def test_parameters_injected_as_papermill_injects_them():
    """The shared engine's own injection (papermill is not imported on a run's path) gives the cell
    papermill gives: same place, same tag, same values once executed, same metadata; a second
    injection replaces the first."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    params = {"pdf_path": '/报告/甲 "引号".pdf', "unit": "单位'乙", "year": 2023, "params_file": "",
              "output_dir": "/out/x\\y"}
    path = COMMITTED[0]
    ours = notebooks_run.inject_parameters(nbformat.read(path, as_version=4), {**params, "year": 1999})
    ours = notebooks_run.inject_parameters(ours, params)
    theirs = parameterize_notebook(load_notebook_node(str(path)), params, kernel_name="python3")
    tags = lambda nb: [c.metadata.get("tags", []) for c in nb.cells]  # noqa: E731
    assert tags(ours) == tags(theirs) and sum("injected-parameters" in t for t in tags(ours)) == 1
    i = next(i for i, t in enumerate(tags(ours)) if "injected-parameters" in t)
    assert "parameters" in tags(ours)[i - 1]
    mine, papermills = {}, {}
    exec(ours.cells[i].source, mine)  # noqa: S102 (the cell a notebook runs)
    exec(theirs.cells[i].source, papermills)  # noqa: S102
    assert {k: mine[k] for k in params} == {k: papermills[k] for k in params} == params
    assert ours.metadata.papermill["parameters"] == theirs.metadata.papermill["parameters"] == params


@pytest.mark.parametrize("path", [p for p in COMMITTED if p.stem.startswith(("00", "05"))], ids=lambda p: p.stem)
def test_reader_html_is_nbconverts_without_its_reparse(path):
    """to_html skips the exporter's BeautifulSoup pass and adds its alt texts and tabindex itself:
    the same page text, the same images (each with an alt text), every output focusable."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    ours = BeautifulSoup(notebooks_run.to_html(nb), "html.parser")
    theirs = BeautifulSoup(HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                        exclude_output_prompt=True).from_notebook_node(nb)[0], "html.parser")
    assert ours.get_text() == theirs.get_text()
    assert [i["src"] for i in ours.select("img")] == [i["src"] for i in theirs.select("img")]
    assert all(i.get("alt") == notebooks_run.IMAGE_ALT for i in ours.select("img"))
    assert ours.select("img") or not path.stem.startswith("05")  # 05 shows the forms' pages
    outputs = ours.select(".jp-Notebook div.jp-OutputArea-output")
    assert len(outputs) == len(theirs.select(".jp-Notebook div.jp-OutputArea-output")) > 0
    assert all(o.get("tabindex") == "0" for o in outputs)


FORKED_RUN = r"""
import json, os, sys
from pathlib import Path
from budgetlib import cache, kernels, notebooks_run
from budgetlib.model import Report
import budgetlib.batch.unit  # imported here only: a kernel forked from this process has it too
assert kernels.can_fork()
cache.load_report = lambda p: Report(unit="甲", year=2023)
tmp = Path(sys.argv[1])
folder = notebooks_run.run_unit(sys.argv[2], {}, tmp / "runs", kernels=2,
                                notebooks=[tmp / f"0{i}_n.ipynb" for i in range(4)])
try:
    os.waitpid(-1, os.WNOHANG)
    left = "child left"
except ChildProcessError:
    left = "no child left"
print(json.dumps({"folder": str(folder), "left": left}))
"""


def test_kernels_forked_with_one_warm_up(tmp_path, seed_pdf):
    """A single-threaded runner forks its kernels: the first child imports the notebooks' modules and
    forks the second from itself (both have the runner's modules, neither was started as a new
    interpreter); each notebook still starts from an empty namespace; nothing is left running."""
    import subprocess
    import sys

    probe = ("import os, sys, time\ntime.sleep(0.3)\nprint('forked:', 'budgetlib.batch.unit' in sys.modules)\n"
             "print('kernel', os.getpid())\nprint('单位:', unit, year)\nprint('secret seen:', 'secret' in globals())\n"
             "secret = 1")
    for i in range(4):
        _notebook(tmp_path / f"0{i}_n.ipynb", probe)
    done = subprocess.run([sys.executable, "-c", FORKED_RUN, str(tmp_path), str(seed_pdf)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["left"] == "no child left"
    printed = ["".join(o.get("text", "") for c in nbformat.read(p, as_version=4).cells
                       if c.cell_type == "code" for o in c.get("outputs", []))
               for p in sorted(Path(result["folder"]).glob("*.ipynb"))]
    assert len(printed) == 4
    assert all("forked: True" in t and "单位: 甲 2023" in t and "secret seen: False" in t for t in printed)
    assert len({re.search(r"kernel (\d+)", t).group(1) for t in printed}) == 2
    assert "connect another client" not in done.stdout + done.stderr  # no kernel banner


def test_two_kernels_share_a_units_notebooks(tmp_path, monkeypatch, seed_pdf):
    """`budgetlib run` with two kernels: both run notebooks, every notebook is written, each still starts
    from an empty namespace, and a failure is reported under its notebook's name."""
    monkeypatch.setattr(cache, "load_report", lambda p: Report(unit="甲", year=2023))
    probe = "import os, time\ntime.sleep(0.3)\nprint('kernel', os.getpid())\nprint('secret seen:', 'secret' in globals())\nsecret = 1"
    paths = [_notebook(tmp_path / f"0{i}_n.ipynb", probe) for i in range(4)]
    paths.append(_notebook(tmp_path / "05_bad.ipynb", "raise ValueError('故意出错')"))
    with pytest.raises(RuntimeError, match="05_bad.ipynb"):
        notebooks_run.run_unit(seed_pdf, {}, tmp_path / "runs", notebooks=paths, kernels=2)
    folder = tmp_path / "runs" / "甲" / "2023"
    assert sorted(p.name for p in folder.glob("*.html")) == sorted(p.with_suffix(".html").name for p in paths)
    printed = ["".join(o.get("text", "") for c in nbformat.read(folder / p.name, as_version=4).cells
                       if c.cell_type == "code" for o in c.get("outputs", [])) for p in paths[:4]]
    assert all("secret seen: False" in t for t in printed)
    assert len({re.search(r"kernel (\d+)", t).group(1) for t in printed}) == 2
