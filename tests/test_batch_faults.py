"""Slow batch checks with real processes: a SIGKILLed batch loses nothing, and a loopback Dask cluster
(scheduler and workers started here) gives the same findings as the local pool."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badfiles import DATA, html_page, truncated, zero_byte
from conftest import corpus_cases

from budgetlib.batch import manifest as mf
from budgetlib.batch import run_batch

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UNITS = ("case_008", "case_010", "case_009")

pytestmark = pytest.mark.corpus


@pytest.fixture
def inputs(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for n in UNITS:
        shutil.copy(DATA / f"{n}.pdf", d / f"{n}.pdf")
    return d


def _assert_every_visible_file_is_whole(out: Path) -> None:
    from openpyxl import load_workbook

    for p in out.rglob("*"):
        if not p.is_file() or p.name.startswith("."):
            continue
        if p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".csv":
            p.read_text(encoding="utf-8-sig")
        elif p.suffix == ".xlsx":
            load_workbook(p, read_only=True).close()
        elif p.suffix == ".parquet":
            import pyarrow.parquet as pq

            pq.read_table(p)
    for m in out.glob(f"*/*/{mf.NAME}"):
        assert mf.complete(m.parent, mf.read(m.parent)), m


def test_sigkill_mid_batch_loses_nothing(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("BUDGETLIB_CACHE", str(tmp_path / "cache"))  # cold: each unit parses, so the kill lands mid-run
    proc = subprocess.Popen([sys.executable, "-m", "budgetlib", "batch", str(inputs), "--out", str(out),
                             "--workers", "1", "--no-notebooks"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not list(out.glob(f"*/*/{mf.NAME}")):
        assert proc.poll() is None, "batch ended before it could be killed"
        assert time.monotonic() < deadline, "no unit finished in time"
        time.sleep(0.05)
    time.sleep(0.3)  # into the next unit
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.5)  # the worker dies with its parent (PR_SET_PDEATHSIG)
    finished_before = len(list(out.glob(f"*/*/{mf.NAME}")))
    assert 1 <= finished_before < len(UNITS)
    _assert_every_visible_file_is_whole(out)

    summary = run_batch([str(inputs)], out, workers=2, notebooks=False, progress=False)
    assert summary["units_failed"] == 0
    assert summary["units_skipped"] == finished_before
    assert summary["units_done"] == len(UNITS) - finished_before
    assert len(list(out.glob(f"*/*/{mf.NAME}"))) == len(UNITS)
    assert not list(out.rglob(".*.tmp"))
    _assert_every_visible_file_is_whole(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dask_cluster(tmp_path):
    """A real `dask scheduler` and `dask worker` (2 processes) on loopback, torn down afterwards."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard", "--local-directory", str(tmp_path)],
                                      cwd=tmp_path, start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="5s") as c:
                    c.wait_for_workers(2, timeout=60)
                break
            except OSError:
                assert time.monotonic() < deadline, "dask scheduler did not come up"
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)


def _findings(summary) -> dict[str, list]:
    return {Path(u["source"]).name: json.loads((Path(u["folder"]) / "findings.json").read_text("utf-8"))["findings"]
            for u in summary["done"]}


def test_corpus_batch_local_and_dask_agree(tmp_path, dask_cluster):
    """The development corpus plus broken files: every good unit complete, the broken ones failed with
    their reasons, the re-run skipping everything, and a loopback Dask cluster giving the same findings."""
    src = tmp_path / "corpus"
    src.mkdir()
    pdfs = corpus_cases()
    for p in pdfs:
        shutil.copy(p, src / p.name)
    bad = [zero_byte(src).name, html_page(src).name, truncated(src).name]
    local = run_batch([str(src)], tmp_path / "local", workers=2, notebooks=False, progress=False)
    assert local["units_done"] == len(pdfs)
    assert sorted(Path(f["source"]).name for f in local["failed"]) == sorted(bad)
    for u in local["done"]:
        assert mf.complete(Path(u["folder"]), mf.read(Path(u["folder"])))
    again = run_batch([str(src)], tmp_path / "local", workers=2, notebooks=False, progress=False)
    assert again["units_done"] == 0 and again["units_skipped"] == len(pdfs)
    remote = run_batch([str(src)], tmp_path / "dask", scheduler=dask_cluster, notebooks=False, progress=False)
    assert remote["executor"] == "dask"
    assert _findings(remote) == _findings(local)
    assert sorted(f["reason"].replace(str(tmp_path / "dask"), "") for f in remote["failed"]) == sorted(
        f["reason"].replace(str(tmp_path / "local"), "") for f in local["failed"])
