"""environment.yml (conda) and pyproject.toml must declare the same dependencies."""

import re
import tomllib

import yaml
from conftest import ROOT


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def test_environment_yml_matches_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_block = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_pip = [p for p in pip_block if not p.startswith("-e")]
    assert sorted(map(_norm, conda_pip)) == sorted(map(_norm, deps))


def test_every_dependency_has_a_lower_bound():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert all(">=" in d for d in deps), [d for d in deps if ">=" not in d]


def test_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["budgetlib"] == "budgetlib.cli:main"
