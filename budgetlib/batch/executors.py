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
        return {"status": "failed", "kind": "timeout", "seconds": round(time.monotonic() - t0, 2),
                "reason": f"错误：{task['source']}：超时（超过{timeout:g}秒） / error: {task['source']}: "
                          f"timed out after {timeout:g} s",
                "reason_zh": f"超时（超过{timeout:g}秒）", "reason_en": "timeout"}
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
    how = f"信号 {-proc.returncode}" if proc.returncode < 0 else f"退出码 {proc.returncode}"
    tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return {"status": "failed", "kind": "crash", "seconds": round(time.monotonic() - t0, 2),
            "reason": f"错误：{task['source']}：工作进程异常退出（{how}） / error: {task['source']}: "
                      f"worker died ({tail[0][:160]})",
            "reason_zh": f"工作进程异常退出（{how}）", "reason_en": "worker died"}


class LocalExecutor:
    """N units at a time on this machine, each in its own process."""

    name = "local"

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="unit")

    def submit(self, task, timeout):
        return self.pool.submit(run_isolated, task, timeout)

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
