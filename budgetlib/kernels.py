"""The IPython kernels a unit's notebooks run in (`budgetlib run`, a batch unit).

A kernel is started before the report is parsed and imports what the notebooks import while the parse
runs. Where this process may fork (POSIX, one thread), the kernels are forked rather than started: one
child imports the notebooks' modules once (instantly in a batch unit, whose fork server preloaded
them) and forks the unit's other kernels from itself, so two kernels cost one warm-up; each child
then waits on a pipe for the command line jupyter_client would have exec'd and runs ipykernel. The
children stay in this process's group and session: a batch that kills a unit kills its kernels.
Elsewhere (a notebook kernel calling the runner, a test runner with threads) jupyter_client starts
them the ordinary way.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import threading
import time
import uuid
from pathlib import Path

KERNEL = "python3"
# The kernel's own start-up warnings (e.g. "running over TCP without encryption") go to the terminal
# of `budgetlib run`, not into the notebook: they say nothing about the audit.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR",
               # no cell of a run goes into the user's IPython history database: a batch would write
               # thousands, from parallel kernels contending for its lock
               "--HistoryManager.enabled=False"]
CELL_TIMEOUT = 900  # seconds; a cell renders at most a few dozen page images

RESET = "%reset -f"
# What every unit notebook imports (pandas, matplotlib, IPython.display come with them), imported in
# the kernel while the parent parses the report. No names are left in the user namespace.
WARM_MODULES = ("budgetlib.present.view", "budgetlib.present.charts", "budgetlib.checks", "budgetlib.cache",
                "budgetlib.params", "pypdfium2", "PIL.PngImagePlugin")
# gc.freeze(): the imported modules' objects leave the collector's view, so the full collection in
# each notebook's %reset (and the automatic ones) scan only what the notebooks made: 0.2 s → 0.01 s.
WARM_CODE = ("import importlib as _bl_imp, gc as _bl_gc\n"
             f"for _bl_m in {WARM_MODULES!r}:\n"
             "    _bl_imp.import_module(_bl_m)\n"
             "_bl_gc.collect()\n"
             "_bl_gc.freeze()\n"
             "del _bl_imp, _bl_m, _bl_gc\n")


class WarmKernel:
    """A kernel for one unit, started at once and importing WARM_MODULES in the background.

    Starting it before the report is parsed overlaps the kernel's start-up and imports (≈1.2 CPU-s)
    with the parse on the other core. One client (its zmq channels) serves every notebook it runs.
    `child` is a forked waiting kernel (fork_kernels) to launch instead of exec'ing one."""

    def __init__(self, cwd: Path | str | None = None, child: _WaitingKernel | None = None) -> None:
        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name=KERNEL)
        self.kc = None
        self._warm_id = None
        if child is not None:
            self.km.kernel_id = str(uuid.uuid4())
            self.km.provisioner = fork_provisioner(kernel_id=self.km.kernel_id, kernel_spec=self.km.kernel_spec,
                                                   parent=self.km)
            self.km.provisioner.child = child
        try:
            self.km.start_kernel(extra_arguments=KERNEL_ARGS, cwd=str(cwd) if cwd else None)
            self.kc = self.km.client()
            # no heartbeat thread: the manager tells whether the kernel lives (its process), and a
            # heartbeat thread still starting when a bad file stops the run raised in its thread
            self.kc.start_channels(hb=False)
            # queued behind the kernel's start-up; its reply is collected before the first notebook
            self._warm_id = self.kc.execute(WARM_CODE, silent=True, store_history=False)
        except Exception:
            self.shutdown()
            raise

    def ready(self, timeout: float = CELL_TIMEOUT):
        """The client, once the warm-up imports have finished (an import error there is left for the
        notebook's own cell to report)."""
        if self._warm_id is not None:
            # zmq holds the request until the kernel is listening; its reply says the kernel is up
            while True:
                reply = self.kc.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == self._warm_id:
                    break
            self._warm_id = None
        return self.kc

    def reset(self) -> None:
        """Empty the namespace for the next notebook (imported modules stay: that is the saving)."""
        msg_id = self.kc.execute(RESET, silent=True, store_history=False)
        while self.kc.get_shell_msg(timeout=CELL_TIMEOUT)["parent_header"].get("msg_id") != msg_id:
            pass

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
            child = getattr(self.km.provisioner, "child", None)
            if child is not None:
                child.abandon()  # forked but never launched: let it exit
        self.km = None


def default_kernels(notebooks: int = 2) -> int:
    """Kernels for one unit run on its own (`budgetlib run`): two when this process may use two cores
    and there are notebooks for both. The second kernel is forked from the first one's warm process
    (fork_kernels), so it costs no imports, and takes about half of the notebooks' time. A batch
    runs one kernel per unit: its other units keep the cores busy."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 2 if cores >= 2 and notebooks >= 2 else 1


def start_kernels(n: int, cwd: Path | str | None = None, children: list | None = None) -> list[WarmKernel]:
    """n warm kernels, forked (one warm-up for all) where this process may fork, else started;
    `children` forked earlier by the caller (fork_kernels) are used instead."""
    if children is None:
        children = fork_kernels(n) if can_fork() else [None] * n
    started: list[WarmKernel] = []
    try:
        for child in children:
            started.append(WarmKernel(cwd=cwd, child=child))
    except Exception:
        for k in reversed(started):
            k.shutdown()
        for child in children[len(started):]:
            if child is not None:
                child.abandon()
        raise
    return started


def can_fork() -> bool:
    """POSIX and one Python thread: a fork copies the calling thread alone (a notebook kernel, a test
    runner or anything else with threads starts its kernels the ordinary way). The children make
    their own zmq contexts, so an earlier run's context in this process is no obstacle."""
    return hasattr(os, "fork") and threading.active_count() == 1


# ------------------------------------------------------------------------- forked kernels


class _WaitingKernel:
    """A forked child that becomes an IPython kernel once told its command line (through a pipe).
    Popen's interface, as jupyter_client's LocalProvisioner uses it."""

    stdin = stdout = stderr = None

    def __init__(self, pipe: int, pid: int | None = None, pids: _Pids | None = None, index: int = 0) -> None:
        self._pipe, self._pid, self._pids, self._index = pipe, pid, pids, index
        self.returncode: int | None = None

    @property
    def pid(self) -> int:
        if self._pid is None:  # a sibling's pid arrives once the first child has warmed up and forked it
            self._pid = self._pids.get(self._index)
        return self._pid

    def launch(self, argv: list[str], cwd: str | None, env: dict | None) -> None:
        with os.fdopen(self._pipe, "w", encoding="utf-8") as fh:
            self._pipe = None
            json.dump({"argv": argv, "cwd": cwd, "env": env or {}}, fh)

    def abandon(self) -> None:
        """A child that will not be launched: its pipe closed (it would exit without starting a kernel)
        and, if this process's own, killed at once (it may still be importing) and reaped. A sibling
        ends with the first child (die_with_parent)."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pids is None:
            self.kill()
            self.wait(timeout=5)

    def poll(self) -> int | None:
        if self.returncode is None:
            if self._pids is None:  # this process's own child
                try:
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:
                    pid, status = self.pid, 0
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
            elif not _running(self.pid):  # a sibling: its parent (the first child) reaps it
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                self.kill()
                end = None
            time.sleep(0.01)
        if self._pids is not None:  # a sibling: give the first child a moment to reap it (see _kernel_child)
            reaped_by = time.monotonic() + 0.5
            while _exists(self.pid) and time.monotonic() < reaped_by:
                time.sleep(0.005)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _Pids:
    """The pids the first child reports for the kernels it forked, read when first asked for."""

    def __init__(self, fd: int) -> None:
        self._fd, self._pids = fd, None

    def get(self, index: int) -> int:
        if self._pids is None:
            with os.fdopen(self._fd, encoding="ascii") as fh:
                self._pids = [int(line) for line in fh.read().split()]
        return self._pids[index]


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited sibling stays one until the first child reaps it)."""
    if not _exists(pid):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def fork_kernels(n: int) -> list[_WaitingKernel]:
    """n waiting kernels sharing one warm-up: the first child imports WARM_MODULES and ipykernel
    (while this process goes on, e.g. parses the report), then forks the other n-1 from itself; each
    waits for its command line. Forked now, before this process has a kernel manager, zmq context
    or event loop."""
    pipes = [os.pipe() for _ in range(n)]
    pid_read, pid_write = os.pipe()
    first = os.fork()
    if first == 0:  # pragma: no cover (the child; covered by the kernels' output in the tests)
        os.close(pid_read)
        for _, w in pipes:
            os.close(w)
        _first_child(pipes, pid_write)
    os.close(pid_write)
    for r, _ in pipes:
        os.close(r)
    pids = _Pids(pid_read)
    return [_WaitingKernel(pipes[0][1], pid=first),
            *(_WaitingKernel(w, pids=pids, index=i) for i, (_, w) in enumerate(pipes[1:]))]


def _first_child(pipes: list[tuple[int, int]], pid_write: int) -> None:  # pragma: no cover (forked child)
    die_with_parent()
    try:
        import importlib

        for name in (*WARM_MODULES, "ipykernel.kernelapp"):
            importlib.import_module(name)
        from budgetlib.present.warm import warm

        warm()  # the first chart, table and page image: the siblings forked below inherit them too
    except BaseException:  # noqa: S110 - the notebook's own cells report it
        pass
    siblings = []
    with os.fdopen(pid_write, "w", encoding="ascii") as report:
        for i, (read_end, _) in enumerate(pipes[1:], start=1):
            pid = os.fork()
            if pid == 0:
                report.close()
                for j, (r, _) in enumerate(pipes):
                    if j != i:
                        os.close(r)
                die_with_parent()  # a sibling ends with the first child, which ends with the runner
                _kernel_child(read_end)
            siblings.append(pid)
            report.write(f"{pid}\n")
    for r, _ in pipes[1:]:
        os.close(r)
    _kernel_child(pipes[0][0], siblings)


def _kernel_child(read_end: int, siblings: list[int] = ()) -> None:  # pragma: no cover (a forked child)
    """Run the kernel this child is told to run. The first child reaps the siblings it forked as soon
    as they exit (they are shut down before it): their CPU time then counts in the runner's, as an
    exec'd kernel's does, and no zombie waits for the first child's end."""
    import traceback

    def reap(*_) -> None:
        for pid in siblings:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass

    code = 0
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        if siblings:
            signal.signal(signal.SIGCHLD, reap)
        with os.fdopen(read_end, encoding="utf-8") as fh:
            text = fh.read()
        if text:
            order = json.loads(text)
            os.environ.update(order["env"])
            if order["cwd"]:
                os.chdir(order["cwd"])
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            from ipykernel.kernelapp import IPKernelApp

            app = IPKernelApp.instance()
            app.initialize(order["argv"])
            app.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        reap()
        os._exit(code)  # never the parent's atexit handlers, finalizers or buffered output


def die_with_parent(parent: int | None = None) -> None:
    """Linux: SIGKILL this process when its parent dies, so a killed runner or batch leaves no orphans;
    exits at once if `parent` died before that took effect."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        return
    if parent and os.getppid() != parent:
        os._exit(1)


@functools.cache
def _provisioner_class():
    from jupyter_client.provisioning import LocalProvisioner

    class _ForkProvisioner(LocalProvisioner):
        """LocalProvisioner with the kernel forked (fork_kernels) instead of exec'd."""

        child: _WaitingKernel | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs):
            # the kernel spec's `python -m ipykernel_launcher -f FILE ...`; the parent as jupyter_client's
            # launcher passes it (JPY_PARENT_PID, read when ipykernel was imported): the kernel exits
            # when its parent dies, and prints no connection banner. The pid stays unread here: a
            # sibling's is known only once the first child has warmed up.
            argv = [*cmd[cmd.index("-f"):], f"--IPKernelApp.parent_handle={os.getpid()}"]
            self.child.launch(argv, kwargs.get("cwd"), kwargs.get("env"))
            self.process, self.child = self.child, None
            self.pgid = None  # its group is this process's: never signal the group
            self.cwd = kwargs.get("cwd")
            return self.connection_info

    return _ForkProvisioner


def fork_provisioner(**kwargs):
    return _provisioner_class()(**kwargs)
