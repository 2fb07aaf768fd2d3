"""environment.yml (conda) and pyproject.toml must declare the same dependencies; every dependency has a
lower bound, and an upper bound only where a comment says which of its internals budgetlib relies on."""

import re
import tomllib

import yaml
from conftest import ROOT

INTERNALS = {"pdfplumber", "pdfminer.six"}  # budgetlib/pdf/document.py's Page subclass and content.py copy them


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[;\s]", req, maxsplit=1)[0].lower()


def _deps() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_block = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda_pip = [p for p in pip_block if not p.startswith("-e")]
    assert sorted(map(_norm, conda_pip)) == sorted(map(_norm, _deps()))


def test_every_dependency_has_a_lower_bound():
    deps = _deps()
    assert all(">=" in d for d in deps), [d for d in deps if ">=" not in d]


_REQ_LINE = {  # a requirement line and its comment: pyproject.toml (quoted) and environment.yml (a list item)
    "toml": re.compile(r'^\s*"([^"]+)",?\s*(?:#\s*(.*))?$'),
    "yml": re.compile(r"^\s*-\s*([A-Za-z][^\s#]*[<>=][^\s#]*)\s*(?:#\s*(.*))?$"),
}


def _commented_upper_bounds(text: str, kind: str) -> dict[str, str]:
    """Requirement name → its line's comment, for every requirement line that carries an upper bound."""
    out = {}
    for line in text.splitlines():
        m = _REQ_LINE[kind].match(line)
        if m and "<" in m.group(1):
            out[_name(m.group(1))] = (m.group(2) or "").strip()
    return out


def test_an_upper_bound_only_where_a_comment_names_the_internals_relied_on():
    deps = _deps()
    bounded = {_name(d) for d in deps if "<" in d}
    assert bounded == INTERNALS, bounded
    for path, kind in ((ROOT / "pyproject.toml", "toml"), (ROOT / "environment.yml", "yml")):
        comments = _commented_upper_bounds(path.read_text(encoding="utf-8"), kind)
        assert set(comments) == INTERNALS, (path.name, comments)
        assert all(c.startswith("internals:") and len(c) > len("internals:") + 5 for c in comments.values()), comments


def test_the_pinned_versions_are_the_ones_installed():
    """The identity test (tests/test_pdf_content.py) runs on what is installed: it must lie inside the pins."""
    from importlib.metadata import version

    from packaging.requirements import Requirement

    for dep in _deps():
        req = Requirement(dep)
        if req.name.lower() in INTERNALS:
            assert req.specifier.contains(version(req.name), prereleases=True), (dep, version(req.name))


def test_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["budgetlib"] == "budgetlib.cli:main"
