"""`make mutate`: a mutation run over budgetlib/checks and the claim readers (not part of `make test`).

Each mutant changes one operator or constant of one module (a comparison, an arithmetic or boolean
operator, a number, min/max, a `not`). A mutant is killed when a test fails (or the run times out),
survives when they all pass. A survivor is either a missing test or an equivalent mutant.

Speed (2 shared cores): the test files of the targets run once under a line tracer that records, for
every test, the lines of the mutated modules it executes (its own and its fixtures'). Each mutant
then runs only the tests that execute its line, fastest first, stopping at the first failure; a
mutant whose line no test executes is "uncovered" (a survivor found at no cost). A mutant outside
any function body (a module constant, a default argument) runs at import time, where the tracer
cannot tell tests apart: it runs the whole test files of its module. Each mutant runs in a child
forked from a process that has already imported pytest and the third-party libraries; the child
imports budgetlib afresh from the mutated copy.

The run works on a copy of the tree (the worktree is never touched), next to a link to ../shared so
the corpus tests see the same data as `make test`. Slow tests (marker `corpus`) are left out, so the
kill rate is a lower bound of the whole suite's.

Equivalent mutants (no input tells them apart from the program) and policy mutants (a choice, not
a bug) are listed, each with its reason, in benchmarks/mutate_equivalent.json; they stay in the
run and the report gives the rate with them counted as survivors and without them.

    python benchmarks/mutate.py [--sample N] [--seed S] [--minutes M] [--only FILE ...]
    python benchmarks/mutate.py --reverse --results OTHER.json --minutes M   # a second process, other end
    python benchmarks/mutate.py --merge OTHER.json                           # one results file, the doc section
    python benchmarks/mutate.py --survivors --since COMMIT [--minutes M]     # after tests were written
    python benchmarks/mutate.py --report                                     # the doc section again

The mutants run in one seeded random order, so a run stopped by --minutes (or two runs from its two
ends) is a uniform sample, and the report gives the 95 % interval of the rate.

Writes benchmarks/results/mutate.json (every mutant and its outcome) and the section "Mutation run"
of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import ast
import copy
import functools
import importlib
import json
import math
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from mdsection import ROOT, replace_section

from budgetlib.atomic import atomic_write_text

RESULTS = ROOT / "benchmarks" / "results" / "mutate.json"
EQUIVALENT = ROOT / "benchmarks" / "mutate_equivalent.json"

# module → the test files that exercise it, fastest first (measured: 1–10 s each without `corpus`); the tests of the
# cross-cutting policies (not read, tolerance, claim-level findings, typed declarations, inspector text) with each
COMMON = ["test_declarations.py", "test_claim_findings.py", "test_tolerance.py", "test_inspector_text.py",
          "test_not_read.py"]
NARRATIVE_TESTS = ["test_narrative_national.py", "test_narrative_wording.py", "test_narrative_rules.py"]
TARGETS: dict[str, list[str]] = {
    "budgetlib/checks/perf.py": ["test_perf_rules.py", *COMMON],
    "budgetlib/checks/rounding.py": ["test_rounding.py", "test_perf_rules.py", *NARRATIVE_TESTS, *COMMON],
    "budgetlib/checks/identities.py": ["test_table_rules.py", "test_consistency_rules.py", *COMMON],
    "budgetlib/checks/tables.py": ["test_table_rules.py", "test_perf_rules.py", *COMMON],
    "budgetlib/checks/narrative.py": [*NARRATIVE_TESTS, *COMMON],
    "budgetlib/checks/consistency.py": ["test_consistency_rules.py", *COMMON],
    "budgetlib/checks/judgement.py": ["test_judgement.py", *COMMON],
    "budgetlib/checks/judgement_forms.py": ["test_judgement_forms.py", *COMMON],
    "budgetlib/checks/disclosure.py": ["test_consistency_rules.py", "test_narrative_rules.py", *COMMON],
    "budgetlib/checks/rate_label.py": ["test_inspector_text.py", "test_narrative_wording.py", *COMMON],
    "budgetlib/checks/subjects.py": ["test_inspector_text.py", *COMMON],
    "budgetlib/checks/wording.py": ["test_inspector_text.py", "test_judgement.py", *COMMON],
    "budgetlib/checks/crossdoc.py": ["test_crossdoc.py", "test_store.py", *COMMON],
    "budgetlib/parse/claims.py": ["test_claims.py", "test_narrative_wording.py", "test_narrative_rules.py", *COMMON],
    "budgetlib/parse/claims_national.py": ["test_claims_national.py", "test_narrative_national.py", *COMMON],
    "budgetlib/parse/claimtext.py": ["test_claims.py", "test_narrative_wording.py", "test_claims_national.py", *COMMON],
}
# checks/budget.py and parse/claims_budget.py are tested on real budget PDFs only (tests/test_budget.py,
# ≈2 min a run): left out of the bounded run, and said so in the report.
LEFT_OUT = ["budgetlib/checks/budget.py (tests/test_budget.py: 2 min a run)",
            "budgetlib/parse/claims_budget.py (idem)", "budgetlib/checks/registry.py, __init__.py (the plumbing)"]

# Issue 20's five mutants that survived the whole suite before their tests (text replaced once in the file);
# `--named` runs them against the tests of their module.
NAMED = [
    ("budgetlib/checks/perf.py", "return min(e / a, cap) * w, low, high", "return e / a * w, low, high",
     "预算执行得分 without the cap min(执行率, 100%)"),
    ("budgetlib/checks/perf.py", "parts = [f for f in form.funds if f is not total]",
     "parts = [f for f in form.funds if f is not total and '其他' not in f.name]", "其他资金 dropped from the fund sum"),
    ("budgetlib/checks/rounding.py", "    expected = round_half_up(exact, dp)\n",
     "    expected = exact.quantize(Decimal(1).scaleb(-dp), rounding='ROUND_HALF_EVEN')\n",
     "banker's rounding in rounding.classify"),
    ("budgetlib/checks/narrative.py", "if excess <= ctx.tol.envelope(len(parts) + 1):",
     "if excess <= ctx.tol.envelope(len(parts) + 2):", "at_most allowance one half-cent too many"),
    ("budgetlib/checks/narrative.py", "if excess <= ctx.tol.envelope(len(parts) + 1):",
     "if excess <= ctx.tol.envelope(len(parts)):", "at_most allowance one half-cent too few"),
    ("budgetlib/parse/claims.py", 'budget_ref=_t(13, "budget", key))', 'budget_ref=_t(13, "actual", key))',
     "Sichuan 三公 完成预算% against the 决算数 row"),
]

SWAP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SWAP_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
SWAP_CALL = {"min": "max", "max": "min", "any": "all", "all": "any"}


def _stringy(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _skipped(tree: ast.Module) -> set[int]:
    """Nodes never mutated: docstrings, decorators (the rule registry), f-strings, type annotations."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _stringy(body[0].value):
                skip.add(id(body[0].value))
            if not isinstance(node, ast.Module):
                for d in node.decorator_list:
                    skip.update(id(n) for n in ast.walk(d))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, (ast.AnnAssign, ast.arg)) and node.annotation is not None:
            skip.update(id(n) for n in ast.walk(node.annotation))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            skip.update(id(n) for n in ast.walk(node.returns))
    return skip


def sites(tree: ast.Module) -> list[tuple[int, str, int]]:
    """(node index in ast.walk order, operator, line) of every mutation the module admits."""
    skip = _skipped(tree)
    out = []
    for i, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            out += [(i, f"cmp{k}", line) for k, op in enumerate(node.ops) if type(op) in SWAP_CMP]
        elif isinstance(node, ast.BinOp) and type(node.op) in SWAP_BIN and not (
                _stringy(node.left) or _stringy(node.right)):
            out.append((i, "bin", line))
        elif isinstance(node, ast.BoolOp):
            out.append((i, "bool", line))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            out.append((i, "not", line))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            out.append((i, "num", line))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in SWAP_CALL:
                out.append((i, "call", line))
            elif node.func.id == "Decimal" and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                out.append((i, "decimal", line))
    return out


def mutate(tree: ast.Module, index: int, op: str) -> tuple[str, str]:
    """The source of `tree` with the one mutation applied, and a short description of it."""
    tree = copy.deepcopy(tree)
    node = next(n for k, n in enumerate(ast.walk(tree)) if k == index)
    new = _mutated(node, op)
    _replace(tree, node, new)
    return ast.unparse(tree), f"{ast.unparse(node)} → {ast.unparse(new)}"


def _mutated(node: ast.AST, op: str) -> ast.AST:
    """What stands in the node's place under the mutation `op` (the node itself is left as it is)."""
    if op == "not":
        return node.operand
    new = copy.deepcopy(node)
    _apply(new, op)
    return new


def _apply(node: ast.AST, op: str) -> None:
    """The mutation `op` made on `node` itself (all but "not": see _mutated)."""
    if op.startswith("cmp"):
        k = int(op[3:])
        node.ops[k] = SWAP_CMP[type(node.ops[k])]()
    elif op == "bin":
        node.op = SWAP_BIN[type(node.op)]()
    elif op == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif op == "num":
        node.value = node.value + 1
    elif op == "call":
        node.func.id = SWAP_CALL[node.func.id]
    elif op == "decimal":
        text = node.args[0].value
        digits = [k for k, ch in enumerate(text) if ch.isdigit()]
        if digits:
            k = digits[-1]
            text = text[:k] + str((int(text[k]) + 1) % 10) + text[k + 1:]
        node.args[0].value = text


def _describe(plan: tuple[str, int, str, int]) -> str:
    """What `mutate` says of the plan, without copying the module (only the node)."""
    path, index, op, _ = plan
    node = _nodes(path)[index]
    return f"{ast.unparse(node)} → {ast.unparse(_mutated(node, op))}"


@functools.cache
def _nodes(path: str) -> list[ast.AST]:
    return list(ast.walk(_parsed(path)))


@functools.cache
def _parsed(path: str) -> ast.Module:
    return ast.parse((ROOT / path).read_text(encoding="utf-8"))


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for k, item in enumerate(value):
                    if item is old:
                        value[k] = new


@functools.cache
def _where(path: str) -> tuple[dict[int, int], frozenset[int]]:
    """For the nodes of `path`: the first line of the innermost statement holding each, and the ids of
    those inside a function or lambda body (run by a test, not at import)."""
    statement: dict[int, int] = {}
    inside: set[int] = set()
    for node in ast.walk(_parsed(path)):  # breadth first: an inner statement overwrites its outer one
        if isinstance(node, ast.stmt):
            statement.update((id(n), node.lineno) for n in ast.walk(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inside.update(id(n) for stmt in node.body for n in ast.walk(stmt))
        elif isinstance(node, ast.Lambda):
            inside.update(id(n) for n in ast.walk(node.body))
    return statement, frozenset(inside)


def locate(path: str, index: int) -> tuple[set[int], bool, str, int]:
    """The lines a tracer sees when the mutated node runs (its own and its statement's first), whether it
    runs inside a function, and the source line and column that name it in the equivalent list."""
    node = next(n for k, n in enumerate(ast.walk(_parsed(path))) if k == index)
    statement, inside = _where(path)
    lines = set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    if id(node) in statement:
        lines.add(statement[id(node)])
    code = (ROOT / path).read_text(encoding="utf-8").splitlines()[node.lineno - 1].strip()
    return lines, id(node) in inside, code, node.col_offset


class Trace:
    """pytest plugin: the lines of the target modules each test executes, its fixtures' included (a
    fixture set up once for a module counts for every test that uses it)."""

    def __init__(self, files: dict[str, str], out: Path):
        self.files, self.out = files, out  # absolute path → module path as in TARGETS
        self.outside: set = set()  # lines run at collection (imports): no test of its own
        self.current = self.outside
        self.fixtures: dict[int, tuple[object, set]] = {}
        self.tests: dict[str, dict] = {}
        self.failed: list[str] = []

    def start(self) -> None:
        sys.settrace(self._call)

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename in self.files else None

    def _line(self, frame, event, arg):
        if event == "line":
            self.current.add((frame.f_code.co_filename, frame.f_lineno))
        return self._line

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.append(report.nodeid)

    def pytest_sessionfinish(self, session):
        sys.settrace(None)
        tests = {}
        for nodeid, t in self.tests.items():
            lines = set(t["own"])
            for d in t["fixtures"]:
                lines |= self.fixtures.get(d, (None, set()))[1]
            tests[nodeid] = {"seconds": t["seconds"], "lines": sorted(f"{self.files[f]}:{n}" for f, n in lines)}
        atomic_write_text(self.out, json.dumps({"tests": tests, "failed": self.failed, "outside": sorted(
            f"{self.files[f]}:{n}" for f, n in self.outside)}))


def _trace_hooks(trace: Trace):
    """Trace's wrappers, made once pytest is imported in the child."""
    import pytest

    class Wrappers:
        @pytest.hookimpl(hookwrapper=True)
        def pytest_fixture_setup(self, fixturedef, request):
            saved = trace.current
            trace.current = trace.fixtures.setdefault(id(fixturedef), (fixturedef, set()))[1]
            yield
            trace.current = saved

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(self, item, nextitem):
            own: set = set()
            trace.current = own
            start = time.monotonic()
            yield
            trace.current = trace.outside
            defs = [id(d) for name in item.fixturenames for d in item._fixtureinfo.name2fixturedefs.get(name, ())]
            trace.tests[item.nodeid] = {"seconds": time.monotonic() - start, "own": own, "fixtures": defs}

    return Wrappers()


class Select:
    """pytest plugin: only the given tests, in the given order."""

    def __init__(self, ids: list[str]):
        self.order = {n: k for k, n in enumerate(ids)}

    def pytest_collection_modifyitems(self, session, config, items):
        keep = sorted((i for i in items if i.nodeid in self.order), key=lambda i: self.order[i.nodeid])
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid not in self.order])
        items[:] = keep


def _fresh(tree_dir: Path) -> None:
    """In the forked child: budgetlib and the test helpers imported anew, from the mutated copy."""
    os.chdir(tree_dir)
    mine = {str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks"), ""}
    sys.path[:] = [str(tree_dir), *(p for p in sys.path if p not in mine)]
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) or ""
        if name != "__main__" and (name == "budgetlib" or name.startswith("budgetlib.") or name == "conftest"
                                   or (file.startswith(str(ROOT)) and "/.venv/" not in file)):
            del sys.modules[name]
    importlib.invalidate_caches()


def in_child(tree_dir: Path, args: list[str], plugins: list, timeout: float, log: Path | None = None,
             before=None) -> tuple[int | None, float]:
    """pytest.main(args) in a forked child: (exit code, or None on timeout; seconds)."""
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        rc = 3
        try:
            os.setpgid(0, 0)  # its own group: a timeout kills what the tests started too
            fd = os.open(log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            _fresh(tree_dir)
            import pytest

            if before:
                plugins = [*plugins, *before()]
            rc = int(pytest.main(args, plugins=plugins))
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), time.monotonic() - start
        if time.monotonic() - start > timeout:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            return None, time.monotonic() - start
        time.sleep(0.02)


def outcome_of(rc: int | None) -> str:
    # 1 a test failed, 2 collection failed (the mutant broke an import), 3 internal error; 4 and 5 (usage,
    # no test selected) are the harness's fault and kill nothing
    return {None: "timeout", 0: "survived", 1: "killed", 2: "killed", 3: "killed"}.get(rc, f"error{rc}")


def preload() -> None:
    """Import once, in the parent, what every child would import: pytest and the third-party libraries."""
    import pytest  # noqa: F401

    import budgetlib.checks  # noqa: F401
    import budgetlib.parse.claims  # noqa: F401
    import budgetlib.parse.claims_national  # noqa: F401
    for name in ("reportlab.pdfgen.canvas", "openpyxl", "nbformat"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass


MARKER = ["-m", "not corpus"]
PYTEST = ["-q", "-p", "no:cacheprovider"]


def trace(tree_dir: Path, work: Path, targets: dict[str, list[str]], corpus: bool) -> dict:
    """Run the target test files once under the tracer: {test id: (seconds, {(module, line)})}, and the
    lines run outside any test."""
    files = {str(tree_dir / m): m for m in targets}
    out = work / "trace.json"
    tracer = Trace(files, out)
    every = sorted({t for tests in targets.values() for t in tests})

    def hooks():
        tracer.start()
        return [_trace_hooks(tracer)]

    log = work / "trace.log"
    rc, secs = in_child(tree_dir, [*PYTEST, *([] if corpus else MARKER), *[f"tests/{t}" for t in every]],
                        [tracer], 3600, log, hooks)
    if rc != 0 or not out.exists():
        sys.stderr.write(log.read_text(encoding="utf-8")[-3000:])
        raise SystemExit(f"the tests fail without a mutant (exit {rc}): fix them first")
    data = json.loads(out.read_text(encoding="utf-8"))
    print(f"traced {len(data['tests'])} tests in {secs:.0f} s", flush=True)
    return data


def _function(nodeid: str) -> tuple[str, str]:
    """tests/test_x.py::test_y[param] → (tests/test_x.py, test_y)."""
    file, _, rest = nodeid.partition("::")
    return file, rest.split("[")[0].split("::")[-1]


def changed_tests(commit: str) -> set[tuple[str, str]]:
    """(file, test function) written or changed since `commit` (their source compared); (file, "*") when a
    helper of the file changed (any of its tests may call it)."""
    import subprocess

    out = set()
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        rel = str(path.relative_to(ROOT))
        r = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=ROOT, capture_output=True, text=True)
        before = _functions(r.stdout) if r.returncode == 0 else {}
        for name, src in _functions(path.read_text(encoding="utf-8")).items():
            if before.get(name) != src:
                out.add((rel, name if name.startswith("test") else "*"))
    return out


def _functions(source: str) -> dict[str, str]:
    tree = ast.parse(source)
    return {n.name: ast.unparse(n) for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def selection(data: dict) -> tuple[dict[tuple[str, int], list[str]], dict[str, float], set]:
    covering: dict[tuple[str, int], list[str]] = {}
    for nodeid, t in data["tests"].items():
        for key in t["lines"]:
            module, line = key.rsplit(":", 1)
            covering.setdefault((module, int(line)), []).append(nodeid)
    seconds = {n: t["seconds"] for n, t in data["tests"].items()}
    outside = {(k.rsplit(":", 1)[0], int(k.rsplit(":", 1)[1])) for k in data["outside"]}
    return covering, seconds, outside


def equivalents() -> list[dict]:
    return json.loads(EQUIVALENT.read_text(encoding="utf-8")) if EQUIVALENT.exists() else []


def classify(results: list[dict]) -> list[dict]:
    """The results with each surviving mutant of the equivalent list marked "equivalent" (its kind and
    reason attached); a listed mutant that a test kills is left killed, and said."""
    listing = {mutant_key(e): e for e in equivalents()}
    out = []
    for r in results:
        entry = listing.get(mutant_key(r))
        if entry and r["outcome"] in ("survived", "uncovered"):
            r = {**r, "outcome": "equivalent", "kind": entry["kind"], "reason": entry["reason"]}
        elif entry:
            print(f"listed as {entry['kind']} but {r['outcome']}: {r['module']}:{r['line']} {r['mutation']}")
        out.append(r)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=0, help="a seeded uniform sample of N mutants (0: all)")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=180, help="seconds for a mutant run on whole test files")
    ap.add_argument("--minutes", type=float, default=0, help="stop starting mutants after this long (0: no limit)")
    ap.add_argument("--only", nargs="*", default=None, help="module paths (default: every target)")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    ap.add_argument("--survivors", action="store_true",
                    help="re-run only the survivors of the last run (after tests were added), keep the rest")
    ap.add_argument("--named", action="store_true", help="only issue 20's named mutants (NAMED)")
    ap.add_argument("--corpus", action="store_true", help="with the slow `corpus` tests too")
    ap.add_argument("--reverse", action="store_true",
                    help="take the shuffled mutants from the end: a second process beside a running one, on its own "
                         "copy (--results elsewhere, then --merge); the two ends of one random order are a uniform sample")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where to write the results")
    ap.add_argument("--merge", type=Path, nargs="*", default=None,
                    help="no run: add these results files' mutants to the last results (a mutant once)")
    ap.add_argument("--since", default=None,
                    help="with --survivors: the commit the last run's tests were; only tests written or changed since "
                         "then run (a survivor passed every other one, and budgetlib/ is unchanged)")
    ap.add_argument("--more", action="store_true",
                    help="take up the random order after the mutants the last results hold (into --results elsewhere, "
                         "then --merge): a longer uniform sample without running any mutant twice")
    ap.add_argument("--note", default=None,
                    help="with --report: a line of the run's history (what was run and measured when) to keep and print")
    ap.add_argument("--report", action="store_true",
                    help="no run: the doc section again from the last results (after the equivalent list changed)")
    args = ap.parse_args(argv)
    if args.merge:
        last = json.loads(RESULTS.read_text(encoding="utf-8"))
        seen = {(r["module"], r["index"], r["op"]) for r in last["mutants"]}
        for other in args.merge:
            more = json.loads(other.read_text(encoding="utf-8"))
            if more.get("ran"):  # a --survivors run of some modules (--only) beside others: its modules taken whole
                ran = set(more["ran"])
                last["mutants"] = [r for r in last["mutants"] if r["module"] not in ran] + [
                    r for r in more["mutants"] if r["module"] in ran]
                last["traced"] = {**last.get("traced", {}), **{m: more["traced"][m] for m in ran}}
                last["sites"] = len(last["mutants"])
                continue
            assert (more["sites"], more["seed"]) == (last["sites"], last["seed"]), "runs of one random order only"
            last["mutants"] += [r for r in more["mutants"] if (r["module"], r["index"], r["op"]) not in seen]
            seen |= {(r["module"], r["index"], r["op"]) for r in more["mutants"]}
            last["seconds"] = max(last["seconds"], more["seconds"])  # side by side: the longer wall time
        atomic_write_text(RESULTS, json.dumps(last, ensure_ascii=False, indent=1))
        args.report = True
    if args.report:
        last = json.loads(RESULTS.read_text(encoding="utf-8"))
        if args.note:
            last["history"] = [*last.get("history", []), args.note]
            atomic_write_text(RESULTS, json.dumps(last, ensure_ascii=False, indent=1))
        args.history = last.get("history", [])
        args.sample, args.seed, args.first, args.trace_seconds = (last["sample"], last["seed"], last.get("first"),
                                                                  last.get("trace_seconds", 0))
        replace_section("## Mutation run", report(last["mutants"], last["sites"], args, last["seconds"]))
        return 0
    targets = {k: v for k, v in TARGETS.items() if not args.only or k in args.only}

    work = Path(tempfile.mkdtemp(prefix="budgetlib-mutate-"))
    tree_dir = work / "tree"
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (work / "shared").symlink_to(shared)
    for part in ("budgetlib", "tests", "data", "params", "pyproject.toml"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tree_dir / part,
                                                            **({"ignore": shutil.ignore_patterns("__pycache__")}
                                                               if src.is_dir() else {}))
    os.environ.pop("CI", None)
    # no third-party pytest plugins (nbval, xdist…): loading them took 7 of a test file's 9 s here
    os.environ.update(MPLBACKEND="Agg", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    preload()

    plans = []
    for path in targets:
        plans += [(path, i, op, line) for i, op, line in sites(_parsed(path))]
    total_sites = len(plans)
    previous: list[dict] = []
    if args.survivors:
        last = json.loads(RESULTS.read_text(encoding="utf-8"))
        # the last run's mutants found again by what they change (module, source line, column, mutation), not by
        # node number or line: an edit elsewhere in a module keeps them; one not found again (its code was edited)
        # is new and runs with every test that executes its line
        pool: dict[tuple, list[dict]] = {}
        for r in last["mutants"]:
            pool.setdefault(mutant_key(r), []).append(r)
        found, args.fresh = [], set()
        for plan in plans:
            path, index, op, line = plan
            _, _, code, col = locate(path, index)
            olds = pool.get((path, code, col, _describe(plan)))
            if olds:
                found.append({**olds.pop(0), "index": index, "line": line})
            else:
                args.fresh.add((path, index, op))
        others = [r for r in last["mutants"] if r["module"] not in targets]  # --only: the rest kept as they were
        previous = [r for r in found + others if r["outcome"] not in SURVIVING]
        args.unreached = [r for r in found + others if r["outcome"] in SURVIVING]
        wanted = {(r["module"], r["index"], r["op"]) for r in args.unreached} | args.fresh
        plans = [p for p in plans if (p[0], p[1], p[2]) in wanted]
        if args.fresh:
            print(f"{len(args.fresh)} mutants not in the last run (their code was edited): they run in full", flush=True)
        # the tests each module's survivors have already passed (a list: an older run's, the same for every module)
        old = last.get("traced", [])
        args.old_traced = old if isinstance(old, dict) else {m: old for m in {r["module"] for r in last["mutants"]}}
        args.old_tests = {m: set(ts) for m, ts in args.old_traced.items()}
        args.sample, args.seed = last["sample"], last["seed"]
        total_sites += len(others)
        args.history = last.get("history", [])
        args.ran = list(targets)
        args.first = last.get("first") or {"run": len(last["mutants"]), "killed": len(previous),
                                           "seconds": last["seconds"]}
    else:
        # in random order: a run stopped by --minutes is still a uniform sample
        plans = random.Random(args.seed).sample(plans, len(plans))
        plans = (plans[::-1] if args.reverse else plans)[:args.sample or len(plans)]
        if args.more:
            seen = {(r["module"], r["index"], r["op"]) for r in json.loads(RESULTS.read_text(encoding="utf-8"))["mutants"]}
            plans = [p for p in plans if (p[0], p[1], p[2]) not in seen]
    print(f"{total_sites} mutants in {len(targets)} modules; running {len(plans)}", flush=True)

    if args.named:
        try:
            return run_named(tree_dir, args.timeout)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    started = time.monotonic()
    args.fresh = getattr(args, "fresh", set())
    if args.since:
        args.changed = changed_tests(args.since)
    traced = trace(tree_dir, work, targets, args.corpus)
    covering, seconds, outside = selection(traced)
    args.traced = {**getattr(args, "old_traced", {}), **{m: sorted(traced["tests"]) for m in targets}}
    args.trace_seconds = time.monotonic() - started
    results = list(previous)
    for n, (path, index, op, line) in enumerate(plans, 1):
        if args.minutes and time.monotonic() - started > args.minutes * 60:
            print(f"--minutes {args.minutes:g} reached: {n - 1} of {len(plans)} mutants run", flush=True)
            break
        source, what = mutate(_parsed(path), index, op)
        lines, inside, code, col = locate(path, index)
        # fastest first; re-running survivors, the tests written since the last run first (only they can kill,
        # unless an old test was given a new assertion)
        old = getattr(args, "old_tests", {}).get(path, set())
        tests = sorted({t for ln in lines for t in covering.get((path, ln), ())}, key=lambda t: (t in old, seconds[t], t))
        if args.since and inside and (path, index, op) not in args.fresh:  # at import: whole files below
            # a test the last run did not trace (a test file added to TARGETS) counts as written since
            tests = [t for t in tests if t not in old or _function(t) in args.changed
                     or (_function(t)[0], "*") in args.changed]
            if not tests:  # no new test executes the line: it survives as before, at no cost
                results.append(next(r for r in args.unreached if (r["module"], r["index"], r["op"]) == (path, index, op)))
                continue
        if inside and tests:
            outcome, secs = run_mutant(tree_dir, path, source, tests, [], sum(seconds[t] for t in tests), args)
        elif not inside or any((path, ln) in outside for ln in lines):  # run at import: no test of its own
            outcome, secs = run_mutant(tree_dir, path, source, [], targets[path], 0, args)
        else:
            outcome, secs = "uncovered", 0.0
        results.append({"module": path, "line": line, "index": index, "op": op, "mutation": what, "code": code,
                        "col": col, "outcome": outcome, "tests": len(tests) if inside and tests else "files",
                        "seconds": round(secs, 1), "corpus": args.corpus})
        save(results, total_sites, args, time.monotonic() - started)  # a stopped run keeps what it measured
        print(f"[{n}/{len(plans)}] {outcome:10} {secs:5.1f}s {path}:{line} {what[:80]}", flush=True)
    elapsed = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)
    done = {(r["module"], r["index"], r["op"]) for r in results}
    results += [r for r in getattr(args, "unreached", []) if (r["module"], r["index"], r["op"]) not in done]

    save(results, total_sites, args, elapsed)
    if not args.no_doc and not args.only:
        replace_section("## Mutation run", report(results, total_sites, args, elapsed))
    counts = tally(classify(results))
    print(f"killed {counts['killed']}/{counts['run']} ({counts['rate']:.1f}%; {counts['rate_eq']:.1f}% without the "
          f"{counts['equivalent']} listed equivalent) in {elapsed:.0f} s")
    return 0


def run_mutant(tree_dir: Path, path: str, source: str, tests: list[str], files: list[str], traced: float,
               args: argparse.Namespace) -> tuple[str, float]:
    """Write the mutant into the copy, run `tests` (or the whole `files` when no test is known), restore."""
    target = tree_dir / path
    original = target.read_text(encoding="utf-8")

    def no_pyc() -> None:  # a pyc of the same second and size would hide the mutant (or the original)
        for pyc in (target.parent / "__pycache__").glob(target.stem + ".*.pyc"):
            pyc.unlink()

    target.write_text(source, encoding="utf-8")
    no_pyc()
    try:
        marker = [] if args.corpus else MARKER
        if tests:
            # the traced times are slowed by the tracer; a mutant that loops forever hits the limit
            rc, secs = in_child(tree_dir, [*PYTEST, "-x", *marker, *sorted({t.split("::")[0] for t in tests})],
                                [Select(tests)], max(60.0, 10 * traced))
        else:
            rc, secs = in_child(tree_dir, [*PYTEST, "-x", *marker, *[f"tests/{t}" for t in files]], [],
                                args.timeout * (4 if args.corpus else 1))
    finally:
        target.write_text(original, encoding="utf-8")
        no_pyc()
    return outcome_of(rc), secs


def run_named(tree_dir: Path, timeout: float) -> int:
    rows = []
    for path, old, new, what in NAMED:
        original = (tree_dir / path).read_text(encoding="utf-8")
        assert original.count(old) == 1, (path, old)
        outcome, _ = run_mutant(tree_dir, path, original.replace(old, new), [], TARGETS[path], 0,
                                argparse.Namespace(corpus=False, timeout=timeout))
        rows.append((what, path, outcome))
        print(f"{outcome:8} {path}: {what}", flush=True)
    atomic_write_text(RESULTS.with_name("mutate_named.json"),
                      json.dumps([{"mutant": w, "module": p, "outcome": o} for w, p, o in rows], ensure_ascii=False,
                                 indent=1))
    return 0 if all(o != "survived" for _, _, o in rows) else 1


def mutant_key(r: dict) -> tuple:
    return r["module"], r.get("code"), r.get("col"), r["mutation"]


def save(results: list[dict], total_sites: int, args: argparse.Namespace, elapsed: float) -> None:
    out = getattr(args, "results", RESULTS)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"sample": args.sample, "seed": args.seed, "sites": total_sites, "seconds": round(elapsed),
                       "trace_seconds": round(getattr(args, "trace_seconds", 0)),
                       "first": getattr(args, "first", None), "history": getattr(args, "history", []),
                       "traced": getattr(args, "traced", {}),
                       "ran": sorted(getattr(args, "ran", [])),  # --survivors: the modules this run ran
                       "mutants": results}, ensure_ascii=False, indent=1)
    atomic_write_text(out, text)


SURVIVING = ("survived", "uncovered", "equivalent")


def tally(results: list[dict]) -> dict:
    run = len(results)
    killed = sum(r["outcome"] not in SURVIVING and not r["outcome"].startswith("error") for r in results)
    eq = sum(r["outcome"] == "equivalent" for r in results)
    return {"run": run, "killed": killed, "equivalent": eq, "rate": 100 * killed / max(run, 1),
            "rate_eq": 100 * killed / max(run - eq, 1),
            **{k: sum(r["outcome"] == k for r in results) for k in ("survived", "uncovered", "timeout")},
            "errors": sum(r["outcome"].startswith("error") for r in results)}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % interval of a rate k/n measured on a uniform sample."""
    if not n:
        return 0.0, 100.0
    p = k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (mid - half), 100 * (mid + half)


def report(results: list[dict], total_sites: int, args: argparse.Namespace, elapsed: float) -> str:
    results = classify(results)
    c = tally(results)
    first = getattr(args, "first", None)
    before = (f" The first run killed {first['killed']} of {first['run']} "
              f"({100 * first['killed'] / max(first['run'], 1):.1f}%); tests were then written for the survivors "
              f"that showed a missing test, and the survivors re-run (`make mutate ARGS=--survivors`).") if first else ""
    minutes = (f"{first['seconds'] / 60:.0f} min, the survivors re-run {elapsed / 60:.0f} min" if first
               else f"{elapsed / 60:.0f} min")
    timing = f"; {minutes} on 2 shared cores.{before}"
    if getattr(args, "history", None):  # several runs: the history below says what ran when
        timing = "."
    whole = c["run"] == total_sites
    scope = ("every one" if whole else
             f"a uniform random sample (seed {args.seed}; 95 % interval of the rate "
             "{:.1f}–{:.1f} %)".format(*wilson(c["killed"], c["run"])))
    lines = ["## Mutation run", "",
             f"`make mutate` (benchmarks/mutate.py): {c['run']} mutants run of the {total_sites} the harness makes in "
             f"budgetlib/checks and the claim readers, {scope}; each against the tests that execute its line "
             f"(traced once, {getattr(args, 'trace_seconds', 0):.0f} s), fastest first, without the `corpus` marker "
             f"(so a lower bound of the whole suite's rate){timing}", "",
             f"**Killed {c['killed']} of {c['run']}: {c['rate']:.1f}%** with the {c['equivalent']} listed equivalent "
             f"or policy mutants counted as survivors; **{c['rate_eq']:.1f}%** of the {c['run'] - c['equivalent']} "
             f"left without them (benchmarks/mutate_equivalent.json, a reason each). Survived {c['survived']}, "
             f"uncovered (no test executes the line) {c['uncovered']}, timeouts (killed) {c['timeout']}"
             + (f", harness errors {c['errors']}" if c["errors"] else "") + ".", "",
             "| module | mutants | killed | survived | uncovered | equivalent |", "|---|---:|---:|---:|---:|---:|"]
    for module in sorted({r["module"] for r in results}):
        m = tally([r for r in results if r["module"] == module])
        lines.append(f"| {module} | {m['run']} | {m['killed']} | {m['survived']} | {m['uncovered']} | "
                     f"{m['equivalent']} |")
    named = RESULTS.with_name("mutate_named.json")
    if named.exists():
        rows = json.loads(named.read_text(encoding="utf-8"))
        lines += ["", f"Issue 20's named mutants (`make mutate ARGS=--named`): {sum(r['outcome'] != 'survived' for r in rows)}"
                  f" of {len(rows)} killed, each by a test written for it:", ""]
        lines += [f"- {r['mutant']} ({r['module']}): {r['outcome']}" for r in rows]
    lines += ["", "Not mutated: " + "; ".join(LEFT_OUT) + "."]
    if getattr(args, "history", None):
        lines += ["", "How the figure was reached:", ""] + [f"- {h}" for h in args.history]
    for kind, title in (("survived", "Survivors (a test executes the line; module:line, mutation)"),
                        ("uncovered", "Uncovered (no test executes the line)")):
        rs = sorted((r for r in results if r["outcome"] == kind), key=lambda r: (r["module"], r["line"]))
        if rs:
            lines += ["", f"{title}:", ""]
            lines += [f"- {r['module']}:{r['line']} `{r['mutation'][:110]}`" for r in rs]
    rs = sorted((r for r in results if r["outcome"] == "equivalent"), key=lambda r: (r["kind"], r["module"], r["line"]))
    if rs:
        lines += ["", "Listed equivalent or policy mutants that survived (benchmarks/mutate_equivalent.json):", ""]
        lines += [f"- {r['kind']}: {r['module']}:{r['line']} `{r['mutation'][:90]}`: {r['reason']}" for r in rs]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
