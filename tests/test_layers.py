"""Imports flow one way: atomic/errors/numbers/model → pdf → parse → checks → present → store, batch,
notebooks → cli → __main__. Read from the source with ast, lazy imports inside functions included:
a lazy import is still a dependency, it only hides it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "budgetlib"

# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("budgetlib.atomic", "budgetlib.errors", "budgetlib.numbers", "budgetlib.templates", "budgetlib.model",
              "budgetlib.__version__")),
    ("pdf", ("budgetlib.pdf",)),
    ("parse", ("budgetlib.parse",)),
    # The package's own load()/audit(), the params that switch rules off and the parse cache serve the
    # notebooks' view (present) and need parse and checks; audit() confirms findings on the page
    # (budgetlib.confirm reads the PDF, so the rules in budgetlib.checks need not).
    ("checks", ("budgetlib.checks", "budgetlib", "budgetlib.params", "budgetlib.cache", "budgetlib.confirm")),
    ("present", ("budgetlib.present",)),
    ("app", ("budgetlib.annotations", "budgetlib.store", "budgetlib.batch", "budgetlib.notebooks_run", "budgetlib.kernels",
             "budgetlib.docs")),
    ("cli", ("budgetlib.cli",)),
    ("main", ("budgetlib.__main__",)),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    p = PACKAGE.parent.joinpath(*name.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every budgetlib import in the file; `from pkg import sub` names the submodule,
    `from budgetlib import __version__` the constant alone (it needs nothing of the package)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "budgetlib"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "budgetlib":
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.append((node.lineno, sub if is_module(sub) or sub == "budgetlib.__version__" else base))
    return out


def layer_of(module: str) -> int:
    best, rank = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            hit = module == p or (p != "budgetlib" and module.startswith(p + "."))
            if hit and len(p) > best:
                best, rank = len(p), i
    if rank is None:
        raise AssertionError(f"{module} 不在任何一层：请在 tests/test_layers.py 的 LAYERS 中为它指定层")
    return rank


SOURCES = sorted(PACKAGE.rglob("*.py"))
EDGES = [(module_name(p), p, line, target) for p in SOURCES for line, target in imports(p)]


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_every_module_has_a_layer():
    for p in SOURCES:
        layer_of(module_name(p))


def test_atomic_is_the_bottom():
    assert (PACKAGE / "atomic.py").is_file()
    assert [where(p, line) for me, p, line, _ in EDGES if me == "budgetlib.atomic"] == []


def test_only_main_imports_the_command_line():
    bad = [where(p, line) for me, p, line, target in EDGES
           if (target == "budgetlib.cli" or target.startswith("budgetlib.cli.")) and me != "budgetlib.__main__"]
    assert bad == [], f"只有 budgetlib/__main__.py 可以导入 budgetlib.cli / only __main__ imports the CLI: {bad}"


def test_no_import_goes_up_a_layer():
    bad = [f"{where(p, line)} {me}（{LAYERS[layer_of(me)][0]}）导入了上层的 {target}（{LAYERS[layer_of(target)][0]}）"
           for me, p, line, target in EDGES if layer_of(target) > layer_of(me)]
    assert bad == [], "\n".join(bad)


@pytest.mark.parametrize("top", ["pdf", "parse", "checks", "present"])
def test_no_import_cycle_up_to(top):
    """Within and below a layer no two modules import each other, even through a chain of lazy imports."""
    limit = [name for name, _ in LAYERS].index(top)
    graph: dict[str, set[str]] = {}
    for me, _, _, target in EDGES:
        if layer_of(me) <= limit and target != me:
            graph.setdefault(me, set()).add(target)
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(" → ".join(path + [start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    assert cycles == [], "\n".join(sorted(set(cycles)))


def test_checks_import_nothing_from_parse():
    """Rules read the model and the template, never the parser: what a rule needs from reading lives in
    the model (budgetlib.model) or the template, so checks/ runs on a model built any way (truth files)."""
    bad = [f"{where(p, line)} {me} 导入了 {target}" for me, p, line, target in EDGES
           if me.startswith("budgetlib.checks") and target.startswith("budgetlib.parse")]
    assert bad == [], "\n".join(bad)
