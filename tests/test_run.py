"""budgetlib run (papermill into DIR/<unit>/<year>/) and the committed notebooks' shape."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from budgetlib import cache, notebooks_run
from budgetlib.errors import BadInput
from budgetlib.model import Report
from tests.conftest import ROOT

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
    assert assigned == PARAMETERS
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
