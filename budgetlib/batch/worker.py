"""The worker process of one unit: `python -m budgetlib.batch.worker` reads a task (JSON) on stdin and
prints one result line. A fresh process per unit is the isolation the batch promises: a hung parser
or notebook is killed with its whole process group at --timeout, a crash or a memory blow-up costs
only that unit, and the peak memory of each unit can be measured."""

from __future__ import annotations

import json
import os
import signal
import sys
import traceback

MARKER = "@@budgetlib-result@@ "
PARENT_ENV = "BUDGETLIB_BATCH_PARENT"


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the batch process dies, so a killed batch leaves no orphans."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        return
    parent = os.environ.get(PARENT_ENV)
    if parent and os.getppid() != int(parent):  # the parent died before prctl took effect
        os._exit(1)


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


def main() -> int:
    _die_with_parent()
    task = json.loads(sys.stdin.read())
    result = execute(task)
    sys.stdout.write("\n" + MARKER + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
