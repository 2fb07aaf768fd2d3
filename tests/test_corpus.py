"""The corpus tests run on the whole corpus wherever it exists, and say so where it does not."""

from __future__ import annotations

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
