"""`make mutate`: a mutation run over budgetlib/checks and the claim readers (not part of `make test`).

Each mutant changes one operator or constant of one module (a comparison, an arithmetic or boolean
operator, a number, min/max, a `not`); the tests that exercise that module run against it, fastest
first, stopping at the first failure. A mutant is killed when a test fails (or the run times out),
survives when they all pass. A survivor is either a missing test or an equivalent mutant.

The run works on a copy of the tree (the worktree is never touched), next to a link to ../shared so
the corpus tests see the same data as `make test`. Slow tests (marker `corpus`) are left out, so the
kill rate is a lower bound of the whole suite's. With 2 shared cores the run is bounded: a seeded
sample of the mutants (--sample, default 120; --sample 0 for all), one at a time.

    python benchmarks/mutate.py [--sample N] [--seed S] [--timeout SECONDS] [--only FILE ...]

Writes benchmarks/results/mutate.json (every mutant and its outcome) and the section "Mutation run"
of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import ast
import copy
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mdsection import ROOT, replace_section

from budgetlib.atomic import atomic_write_text

RESULTS = ROOT / "benchmarks" / "results" / "mutate.json"

# module → the test files that exercise it, fastest first (measured: 1–10 s each without `corpus`)
NARRATIVE_TESTS = ["test_narrative_national.py", "test_narrative_wording.py", "test_narrative_rules.py"]
TARGETS: dict[str, list[str]] = {
    "budgetlib/checks/perf.py": ["test_perf_rules.py"],
    "budgetlib/checks/rounding.py": ["test_rounding.py", "test_perf_rules.py", *NARRATIVE_TESTS],
    "budgetlib/checks/identities.py": ["test_table_rules.py", "test_consistency_rules.py"],
    "budgetlib/checks/tables.py": ["test_table_rules.py", "test_perf_rules.py"],
    "budgetlib/checks/narrative.py": NARRATIVE_TESTS,
    "budgetlib/checks/consistency.py": ["test_consistency_rules.py"],
    "budgetlib/checks/judgement.py": ["test_judgement.py"],
    "budgetlib/checks/judgement_forms.py": ["test_judgement_forms.py"],
    "budgetlib/checks/disclosure.py": ["test_consistency_rules.py", "test_narrative_rules.py"],
    "budgetlib/parse/claims.py": ["test_claims.py", "test_narrative_wording.py", "test_narrative_rules.py"],
    "budgetlib/parse/claims_national.py": ["test_claims_national.py", "test_narrative_national.py"],
    "budgetlib/parse/claimtext.py": ["test_claims.py", "test_narrative_wording.py", "test_claims_national.py"],
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
    ("budgetlib/checks/narrative.py", "if excess <= HALF_CENT * (len(parts) + 1):",
     "if excess <= HALF_CENT * (len(parts) + 2):", "at_most allowance one half-cent too many"),
    ("budgetlib/checks/narrative.py", "if excess <= HALF_CENT * (len(parts) + 1):",
     "if excess <= HALF_CENT * len(parts):", "at_most allowance one half-cent too few"),
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
    before = ast.unparse(node)
    if op.startswith("cmp"):
        k = int(op[3:])
        node.ops[k] = SWAP_CMP[type(node.ops[k])]()
    elif op == "bin":
        node.op = SWAP_BIN[type(node.op)]()
    elif op == "bool":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif op == "not":
        after = ast.unparse(node.operand)
        _replace(tree, node, node.operand)
        return ast.unparse(tree), f"{before} → {after}"
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
    return ast.unparse(tree), f"{before} → {ast.unparse(node)}"


def _describe(plan: tuple[str, int, str, int]) -> str:
    path, index, op, _ = plan
    return mutate(_parsed(path), index, op)[1]


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


def run_tests(tree_dir: Path, tests: list[str], timeout: float, env: dict, corpus: bool = False) -> tuple[str, float]:
    marker = [] if corpus else ["-m", "not corpus"]
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *marker, *[f"tests/{t}" for t in tests]]
    start = time.monotonic()
    try:
        r = subprocess.run(cmd, cwd=tree_dir, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start
    return ("survived" if r.returncode == 0 else "killed" if r.returncode == 1 else f"error{r.returncode}"), \
        time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--minutes", type=float, default=0, help="stop starting mutants after this long (0: no limit)")
    ap.add_argument("--only", nargs="*", default=None, help="module paths (default: every target)")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    ap.add_argument("--survivors", action="store_true",
                    help="re-run only the survivors of the last run (after tests were added), keep the rest")
    ap.add_argument("--named", action="store_true", help="only issue 20's named mutants (NAMED)")
    ap.add_argument("--corpus", action="store_true",
                    help="with the slow `corpus` tests too (the whole suite of each module): for --survivors")
    args = ap.parse_args(argv)
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
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    # no third-party pytest plugins (nbval, xdist…): loading them took 7 of a test file's 9 s here
    env.update(MPLBACKEND="Agg", PYTHONHASHSEED="0", PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")

    plans = []
    for path in targets:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        plans += [(path, i, op, line) for i, op, line in sites(tree)]
    total_sites = len(plans)
    previous: list[dict] = []
    if args.survivors:
        last = json.loads(RESULTS.read_text(encoding="utf-8"))
        previous = [r for r in last["mutants"] if r["outcome"] != "survived"]
        # a mutant is (module, node index, operator) in an unchanged module; runs before the index was
        # recorded are matched by line and wording, which two mutants on one line may share
        wanted = {(r["module"], r["index"], r["op"]) for r in last["mutants"]
                  if r["outcome"] == "survived" and "index" in r}
        worded = {(r["module"], r["line"], r["mutation"]) for r in last["mutants"]
                  if r["outcome"] == "survived" and "index" not in r}
        lines = {(m, line) for m, line, _ in worded}
        plans = [p for p in plans if (p[0], p[1], p[2]) in wanted
                 or ((p[0], p[3]) in lines and (p[0], p[3], _describe(p)) in worded)]
        args.sample, args.seed, total_sites = last["sample"], last["seed"], last["sites"]
        # the rate before the tests written for the survivors, kept across re-runs
        args.first = last.get("first") or {"run": len(last["mutants"]), "killed": len(previous),
                                           "seconds": last["seconds"]}
    elif args.sample and args.sample < len(plans):
        # in random order: a run stopped by --minutes is still a uniform sample
        plans = random.Random(args.seed).sample(plans, args.sample)
    print(f"{total_sites} mutants in {len(targets)} modules; running {len(plans)}", flush=True)

    every = sorted({t for tests in targets.values() for t in tests})
    outcome, _ = run_tests(tree_dir, every, args.timeout * 4, env)  # the unmutated tree must pass
    if outcome != "survived":
        print(f"the tests fail without a mutant ({outcome}): fix them first", file=sys.stderr)
        return 2
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if args.named:
        return run_named(tree_dir, env, args.timeout)
    results = list(previous)
    started = time.monotonic()
    parsed: dict[str, ast.Module] = {}
    for n, (path, index, op, line) in enumerate(plans, 1):
        if args.minutes and time.monotonic() - started > args.minutes * 60:
            print(f"--minutes {args.minutes:g} reached: {n - 1} of {len(plans)} mutants run", flush=True)
            break
        target = tree_dir / path
        original = target.read_text(encoding="utf-8")
        tree = parsed.setdefault(path, ast.parse(original))
        source, what = mutate(tree, index, op)
        target.write_text(source, encoding="utf-8")
        for pyc in (target.parent / "__pycache__").glob(target.stem + ".*.pyc"):
            pyc.unlink()  # a pyc of the same second and size would hide the mutant
        try:
            outcome, secs = run_tests(tree_dir, targets[path], args.timeout * (4 if args.corpus else 1), env,
                                      args.corpus)
        finally:
            target.write_text(original, encoding="utf-8")
        results.append({"module": path, "line": line, "index": index, "op": op, "mutation": what, "outcome": outcome,
                        "seconds": round(secs, 1), "corpus": args.corpus})
        save(results, total_sites, args, time.monotonic() - started)  # a stopped run keeps what it measured
        print(f"[{n}/{len(plans)}] {outcome:8} {path}:{line} {what[:90]}", flush=True)
    elapsed = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)

    save(results, total_sites, args, elapsed)
    if not args.no_doc and not args.only:
        replace_section("## Mutation run", report(results, total_sites, args, elapsed))
    killed = sum(r["outcome"] != "survived" for r in results)
    print(f"killed {killed}/{len(results)} ({100 * killed / max(len(results), 1):.1f}%) in {elapsed:.0f} s")
    return 0


def run_named(tree_dir: Path, env: dict, timeout: float) -> int:
    rows = []
    for path, old, new, what in NAMED:
        target = tree_dir / path
        original = target.read_text(encoding="utf-8")
        assert original.count(old) == 1, (path, old)
        target.write_text(original.replace(old, new), encoding="utf-8")
        for pyc in (target.parent / "__pycache__").glob(target.stem + ".*.pyc"):
            pyc.unlink()
        try:
            outcome, _ = run_tests(tree_dir, TARGETS[path], timeout, env)
        finally:
            target.write_text(original, encoding="utf-8")
        rows.append((what, path, outcome))
        print(f"{outcome:8} {path}: {what}", flush=True)
    atomic_write_text(RESULTS.with_name("mutate_named.json"),
                      json.dumps([{"mutant": w, "module": p, "outcome": o} for w, p, o in rows], ensure_ascii=False,
                                 indent=1))
    return 0 if all(o != "survived" for _, _, o in rows) else 1


def save(results: list[dict], total_sites: int, args: argparse.Namespace, elapsed: float) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"sample": args.sample, "seed": args.seed, "sites": total_sites, "seconds": round(elapsed),
                       "first": getattr(args, "first", None), "mutants": results}, ensure_ascii=False, indent=1)
    atomic_write_text(RESULTS, text)


def report(results: list[dict], total_sites: int, args: argparse.Namespace, elapsed: float) -> str:
    killed = sum(r["outcome"] != "survived" for r in results)
    rate = 100 * killed / max(len(results), 1)
    first = getattr(args, "first", None)
    before = (f" The first run killed {first['killed']} of {first['run']} "
              f"({100 * first['killed'] / max(first['run'], 1):.1f}%, {first['seconds'] / 60:.0f} min); tests were then "
              f"written for the survivors that showed a missing test, and the survivors re-run "
              f"(`make mutate ARGS=--survivors`).") if first else ""
    lines = ["## Mutation run", "",
             f"`make mutate` (benchmarks/mutate.py): {len(results)} mutants, a uniform random sample (seed "
             f"{args.seed}) of the {total_sites} the harness makes in budgetlib/checks and the claim readers; one at a "
             f"time, each against the tests of its module without the `corpus` marker (so a lower bound of the whole "
             f"suite's rate).{before} **Killed {killed} of {len(results)}: {rate:.1f}%.**", "",
             "| module | mutants | killed | survived |", "|---|---:|---:|---:|"]
    for module in sorted({r["module"] for r in results}):
        rs = [r for r in results if r["module"] == module]
        k = sum(r["outcome"] != "survived" for r in rs)
        lines.append(f"| {module} | {len(rs)} | {k} | {len(rs) - k} |")
    named = RESULTS.with_name("mutate_named.json")
    if named.exists():
        rows = json.loads(named.read_text(encoding="utf-8"))
        lines += ["", f"Issue 20's named mutants (`make mutate ARGS=--named`): {sum(r['outcome'] != 'survived' for r in rows)}"
                  f" of {len(rows)} killed, each by a test written for it:", ""]
        lines += [f"- {r['mutant']} ({r['module']}): {r['outcome']}" for r in rows]
    lines += ["", "Not mutated: " + "; ".join(LEFT_OUT) + ".", "", "Survivors (line, mutation):", ""]
    lines += [f"- {r['module']}:{r['line']} `{r['mutation'][:120]}`" for r in results if r["outcome"] == "survived"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
