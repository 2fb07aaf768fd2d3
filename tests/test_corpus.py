"""The corpus tests run on the whole corpus wherever it exists, and say so where it does not."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
from conftest import CORPUS, CORPUS_SIZE, DATA, SHARED, CorpusMissing, cases_in, corpus_cases, in_ci


def test_the_whole_corpus_runs():
    if in_ci():
        assert SHARED.is_dir(), "CI 中必须有 ../shared（完整语料）/ CI must provide ../shared"
    if not SHARED.is_dir():
        pytest.skip("../shared 不存在：语料测试只在 data/ 的样例上运行")
    expected = cases_in(CORPUS)
    assert len(expected) >= CORPUS_SIZE
    assert corpus_cases() == expected


@pytest.fixture
def shared(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.setattr(conftest, "CORPUS", tmp_path / "shared" / "corpus")
    return tmp_path / "shared"


def _corpus(folder, n):
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"case_{i:03d}.pdf").write_bytes(b"%PDF-")
        (folder / f"case_{i:03d}.truth.json").write_text("{}")
    (folder / "no_truth.pdf").write_bytes(b"%PDF-")


def test_shared_present_means_the_corpus_not_data(shared):
    _corpus(shared / "corpus", CORPUS_SIZE)
    assert [p.parent for p in corpus_cases()] == [shared / "corpus"] * CORPUS_SIZE


@pytest.mark.parametrize("n", [None, 0, CORPUS_SIZE - 1])
def test_shared_without_the_whole_corpus_is_an_error_not_data(shared, n):
    if n is None:
        shared.mkdir()
    else:
        _corpus(shared / "corpus", n)
    with pytest.raises(CorpusMissing, match="只有"):
        corpus_cases()


def test_no_shared_falls_back_to_data_and_says_so(shared):
    assert corpus_cases() == cases_in(DATA) and len(cases_in(DATA)) == 4
    assert conftest.corpus_note().startswith("注意：../shared 不存在：语料测试只在 data/ 的 4 个样例上运行")


def test_no_shared_in_ci_is_an_error(shared, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(CorpusMissing, match="CI"):
        corpus_cases()


def _tree(tmp_path, folders) -> Path:
    """A clone next to a ../shared holding `folders`, with the real conftest and one skipping test."""
    for f in folders:
        (tmp_path / "shared" / f).mkdir(parents=True)
    tests = tmp_path / "repo" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(Path(conftest.__file__), tests / "conftest.py")
    (tests / "test_skips.py").write_text("import pytest\n\ndef test_nothing_found():\n    pytest.skip('无文件')\n")
    return tests


def _pytest(tests: Path, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", str(tests)],
                          cwd=tests.parent, env=env, capture_output=True, text=True)


def test_ci_fails_on_any_missing_shared_folder(tmp_path):
    # ../shared with the corpora but without real/: CI stops before the first test, naming what is missing
    tests = _tree(tmp_path, ["corpus", "corpus_national"])
    r = _pytest(tests, ci=True)
    assert r.returncode == 4, r.stdout + r.stderr
    assert "real/national, real/excerpts, real/budget" in r.stderr
    assert _pytest(tests, ci=False).returncode == 0  # a developer's clone may lack them (and skips)


def test_a_skip_is_a_failure_in_ci(tmp_path):
    tests = _tree(tmp_path, conftest.SHARED_FOLDERS)
    r = _pytest(tests, ci=True)
    assert r.returncode == 1 and "1 failed" in r.stdout and "a skip fails under CI: 无文件" in r.stdout
    r = _pytest(tests, ci=False)
    assert r.returncode == 0 and "1 skipped" in r.stdout


def test_conftest_is_imported_under_one_name():
    """`from tests.conftest import …` would load a second copy, which monkeypatching conftest misses."""
    bad = []
    for path in sorted(Path(conftest.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            bad += [f"{path.name}:{node.lineno}" for n in names if n.endswith(".conftest")]
    assert bad == []
