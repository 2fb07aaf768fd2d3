"""The worker process of one unit: `python -m budgetlib.batch.worker` reads a task (JSON) on stdin and
prints one result line. A fresh process per unit is the isolation the batch promises: a hung parser
or notebook is killed with its whole process group at --timeout, a crash or a memory blow-up costs
only that unit, and the peak memory of each unit can be measured."""

from __future__ import annotations

import json
import os
import sys
import traceback

from budgetlib.kernels import die_with_parent

MARKER = "@@budgetlib-result@@ "
PARENT_ENV = "BUDGETLIB_BATCH_PARENT"


def _die_with_parent(parent: int | None = None) -> None:
    """SIGKILL this worker when its parent dies (the batch process, or the batch's fork server, which
    exits with the batch), so a killed batch leaves no orphans."""
    if parent is None and os.environ.get(PARENT_ENV):
        parent = int(os.environ[PARENT_ENV])
    die_with_parent(parent)


def execute(task: dict) -> dict:
    from budgetlib.batch.unit import run
    from budgetlib.errors import BadInput

    try:
        return run(task)
    except BadInput as exc:
        return {"status": "failed", "kind": "bad_input", "reason": exc.line(),
                "reason_zh": exc.reason_zh, "reason_en": exc.reason_en}
    except Exception as exc:  # a bug in one unit must not stop the batch; the log keeps the traceback
        first = (str(exc).splitlines() or [""])[0][:200]
        return {"status": "failed", "kind": "error",
                "reason": f"错误：{task['source']}：内部错误 {type(exc).__name__}: {first} / error: internal error",
                "reason_zh": f"内部错误 {type(exc).__name__}", "reason_en": "internal error",
                "traceback": traceback.format_exc()}


# What a unit imports, loaded once into the batch's fork server (multiprocessing "forkserver"): each
# unit is still a fresh process of its own (forked from that warm one), without paying the imports.
# The notebook runner's modules only when the batch runs notebooks (they would count in every
# unit's resident memory otherwise).
PRELOAD = ["budgetlib.batch.unit", "budgetlib.parse.report", "budgetlib.parse.inputs", "budgetlib.checks",
           "budgetlib.cache", "budgetlib.present.findings_io", "budgetlib.present.workbook",
           "budgetlib.present.annotate", "budgetlib.annotations", "budgetlib.store", "openpyxl", "pypdf"]
# With notebooks also ipykernel and what the notebooks import (kernels.WARM_MODULES, added by
# the executor): each unit then forks its kernel from itself (kernels.start_kernels) instead
# of starting an interpreter that imports them all again.
PRELOAD_NOTEBOOKS = ["budgetlib.notebooks_run", "jupyter_client.manager", "jupyter_client.provisioning", "nbclient",
                     "nbformat", "nbconvert", "ipykernel.kernelapp"]


def forked_main(task: dict, conn, log_path: str, env: dict, cwd: str) -> None:
    """A unit in a process forked from the fork server: its own session (the batch kills the whole
    group at the timeout), its own log file as stdout/stderr, the batch's environment and working
    folder of now (the fork server keeps those of when it started)."""
    server = os.getppid()  # the fork server, which exits with the batch
    os.setsid()
    _die_with_parent(server)
    os.chdir(cwd)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    os.environ.clear()
    os.environ.update(env)
    conn.send(execute(task))
    conn.close()


def main() -> int:
    _die_with_parent()
    task = json.loads(sys.stdin.read())
    result = execute(task)
    sys.stdout.write("\n" + MARKER + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
