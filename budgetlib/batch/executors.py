"""Where units run: a local pool of N worker processes (default), or an existing Dask distributed
cluster (--scheduler ADDRESS). Both run the same function, `run_isolated`, which starts one worker
process per unit (budgetlib.batch.worker) and enforces the per-unit timeout by killing that
process's group. Dask supplies the distribution; nothing here is a home-made scheduler."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor
from concurrent.futures import wait as wait_local
from typing import Any

from budgetlib.batch.worker import MARKER, PARENT_ENV

# Worker processes running now (this process's), killed if the batch is interrupted.
LIVE: set[int] = set()


def kill_all() -> None:
    for pid in list(LIVE):
        _kill_group(pid)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _timed_out(task: dict[str, Any], timeout: float, t0: float) -> dict[str, Any]:
    return {"status": "failed", "kind": "timeout", "seconds": round(time.monotonic() - t0, 2),
            "reason": f"错误：{task['source']}：超时（超过{timeout:g}秒） / error: {task['source']}: "
                      f"timed out after {timeout:g} s",
            "reason_zh": f"超时（超过{timeout:g}秒）", "reason_en": "timeout"}


def _died(task: dict[str, Any], returncode: int | None, stderr: str, t0: float) -> dict[str, Any]:
    returncode = -1 if returncode is None else returncode
    how = f"信号 {-returncode}" if returncode < 0 else f"退出码 {returncode}"
    tail = stderr.strip().splitlines()[-1:] or [""]
    return {"status": "failed", "kind": "crash", "seconds": round(time.monotonic() - t0, 2),
            "reason": f"错误：{task['source']}：工作进程异常退出（{how}） / error: {task['source']}: "
                      f"worker died ({tail[0][:160]})",
            "reason_zh": f"工作进程异常退出（{how}）", "reason_en": "worker died"}


_fork_lock = threading.Lock()
_fork_context = None


def _forkserver(notebooks: bool):
    """multiprocessing's fork server for this process's batches, with what a unit imports loaded
    (None where there is none: not POSIX). Started once: the first batch chooses the preloads."""
    global _fork_context
    with _fork_lock:
        if _fork_context is None:
            import multiprocessing

            from budgetlib.batch.worker import PRELOAD, PRELOAD_NOTEBOOKS

            try:
                ctx = multiprocessing.get_context("forkserver")
            except ValueError:  # pragma: no cover - Windows
                return None
            preload = list(PRELOAD)
            if notebooks:
                from budgetlib.kernels import WARM_MODULES

                preload += [*PRELOAD_NOTEBOOKS, *WARM_MODULES]
            ctx.set_forkserver_preload([*preload, "budgetlib.batch.warm"])  # last: it uses the others
            _skip_main_module()
            _fork_context = ctx
        return _fork_context


UNIT_PROCESS = "budgetlib-unit"


def _skip_main_module() -> None:
    """multiprocessing re-imports the parent's __main__ script in a forked child (its "safe
    importing of the main module"); a unit needs none of it, and a script or notebook calling
    run_batch without an `if __name__ == "__main__"` guard would run again in every unit. The
    preparation data of our unit processes (and only theirs) leave the main module out."""
    from multiprocessing import spawn

    get = spawn.get_preparation_data
    if getattr(get, "budgetlib", False):
        return

    def preparation_data(name):
        data = get(name)
        if name == UNIT_PROCESS:
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    preparation_data.budgetlib = True
    spawn.get_preparation_data = preparation_data


def run_forked(task: dict[str, Any], timeout: float | None) -> dict[str, Any]:
    """Run one unit in a fresh process forked from the warm fork server (the local pool): the same
    isolation as `run_isolated` (own process and session, killed with its group at the timeout, dies
    with the batch) without the interpreter start-up and imports per unit."""
    import tempfile

    from budgetlib.batch.worker import forked_main

    ctx = _forkserver(bool(task.get("notebooks", True)))
    if ctx is None:  # pragma: no cover - not POSIX
        return run_isolated(task, timeout)
    t0 = time.monotonic()
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env.pop(PARENT_ENV, None)
    fd, log = tempfile.mkstemp(prefix="budgetlib-unit-", suffix=".log")
    os.close(fd)
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=forked_main, args=(task, send, log, env, os.getcwd()), name=UNIT_PROCESS)
    try:
        proc.start()
        send.close()
        LIVE.add(proc.pid)
        result = None
        if receive.poll(timeout):
            try:
                result = receive.recv()
            except EOFError:  # died before it could answer
                result = None
        else:
            _kill_group(proc.pid)
            proc.join()
            return _timed_out(task, timeout, t0)
        proc.join()
        if result is None:
            with open(log, encoding="utf-8", errors="replace") as fh:
                return _died(task, proc.exitcode, fh.read()[-4000:], t0)
        result.setdefault("seconds", round(time.monotonic() - t0, 2))
        return result
    except BaseException:
        if proc.pid is not None:
            _kill_group(proc.pid)
        raise
    finally:
        if proc.pid is not None:
            LIVE.discard(proc.pid)
            _kill_group(proc.pid)  # notebook kernels or other stragglers of a finished unit
        receive.close()
        os.unlink(log)


def run_isolated(task: dict[str, Any], timeout: float | None) -> dict[str, Any]:
    """Run one unit in a fresh process; a result dict whatever happens to it."""
    t0 = time.monotonic()
    env = {**os.environ, PARENT_ENV: str(os.getpid()), "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-m", "budgetlib.batch.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    LIVE.add(proc.pid)
    try:
        out, err = proc.communicate(json.dumps(task, ensure_ascii=False).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        return _timed_out(task, timeout, t0)
    except BaseException:
        _kill_group(proc.pid)
        raise
    finally:
        LIVE.discard(proc.pid)
    _kill_group(proc.pid)  # notebook kernels or other stragglers of a finished unit
    text = out.decode("utf-8", "replace")
    for line in reversed(text.splitlines()):
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER):])
            result.setdefault("seconds", round(time.monotonic() - t0, 2))
            return result
    return _died(task, proc.returncode, err.decode("utf-8", "replace"), t0)


class LocalExecutor:
    """N units at a time on this machine, each in its own process, forked from a warm fork server."""

    name = "local"

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unit")

    def submit(self, task, timeout):
        return self.pool.submit(run_forked, task, timeout)

    @staticmethod
    def wait(pending):
        done, not_done = wait_local(pending, return_when=FIRST_COMPLETED)
        return done, not_done

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """The same units on an existing Dask cluster. Workers need budgetlib installed and the input and
    output folders at the same paths (a shared file system), as every node of a batch cluster has."""

    name = "dask"

    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address, timeout="30s")
        self.workers = sum((w.get("nthreads") or 1) for w in self.client.scheduler_info()["workers"].values())

    def submit(self, task, timeout):
        # pure=False: a re-run (--force) must run again, not return a cached result
        return self.client.submit(run_isolated, task, timeout, pure=False, retries=0)

    @staticmethod
    def wait(pending):
        from distributed import wait

        res = wait(list(pending), return_when="FIRST_COMPLETED")
        return set(res.done), set(res.not_done)

    def close(self) -> None:
        self.client.close()
