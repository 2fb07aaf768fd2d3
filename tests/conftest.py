from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_SIZE = 13  # seed_2023 and case_001 … case_012


class CorpusMissing(RuntimeError):
    pass


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def cases_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def sichuan_key(no: int) -> str:
    """The logical key of the Sichuan template's 附表 `no` (the corpus truth numbers them)."""
    from budgetlib import templates

    return templates.get("sichuan_unit").by_ordinal(no).key


def _whole_corpus(folder: Path, size: int, fallback: list[Path]) -> list[Path]:
    """The cases of `folder` when ../shared is there (all `size` of them, or CorpusMissing); without
    ../shared `fallback`, except in CI, where a quiet fallback would pass the corpus tests on a part
    of the corpus."""
    if SHARED.is_dir():
        cases = cases_in(folder)
        if len(cases) < size:
            raise CorpusMissing(f"{folder} 只有 {len(cases)} 个带真值文件的样例，应有 {size} 个 / "
                                f"the corpus is incomplete ({len(cases)} of {size} cases)")
        return cases
    if in_ci():
        raise CorpusMissing(f"CI 中 {SHARED} 不存在：语料测试必须在完整语料上运行 / ../shared is required in CI")
    return fallback


def corpus_cases() -> list[Path]:
    """Every development-corpus PDF that has a truth file. Only a clone without ../shared falls back to
    the samples in data/ (and the run says so at its end)."""
    return _whole_corpus(CORPUS, CORPUS_SIZE, cases_in(DATA))


NATIONAL = SHARED / "corpus_national"
NATIONAL_SIZE = 8  # d001 … d008
FIXTURES = ROOT / "tests" / "fixtures"
REAL = SHARED / "real"


def national_cases() -> list[Path]:
    """The national-template corpus: all of ../shared/corpus_national when ../shared exists (an
    incomplete one raises), else the copy in tests/fixtures/national."""
    return _whole_corpus(NATIONAL, NATIONAL_SIZE, cases_in(FIXTURES / "national"))


VARIANTS = SHARED / "corpus_variants"
VARIANTS_SIZE = 8  # v001 … v008: 元 tables, landscape pages, headers not repeated, fonts that wrap numbers


def variant_cases() -> list[Path]:
    """The layout-variant corpus: all of ../shared/corpus_variants when ../shared exists (an incomplete one
    raises), none without it (no copy in the repo: `test_variants_corpus_is_there` says so; in CI it
    raises)."""
    return _whole_corpus(VARIANTS, VARIANTS_SIZE, [])


# the subfolders of ../shared/real copied with their folder (the older copies lie flat in fixtures/real)
REAL_SUBFOLDERS = ("excerpts", "budget")


def real_file(*parts: str) -> Path:
    """A real published document: from ../shared/real when present, else its copy in tests/fixtures/real
    (under its subfolder for those of REAL_SUBFOLDERS)."""
    shared = REAL.joinpath(*parts)
    if shared.exists():
        return shared
    if parts[0] in REAL_SUBFOLDERS:
        return FIXTURES.joinpath("real", *parts)
    return FIXTURES / "real" / parts[-1]


EXCERPTS = ("01_daying_culture_tourism_2022", "06_jiading_justice_bureau_2017", "09_tianshui_kindergarten_2017",
            "11_qingshen_ndrc_2023_perf_form", "12_guichi_tangxi_town_2022_perf_form")


# Every folder of ../shared the tests read. Under CI=true a missing one fails the run before any test:
# without it the tests that need it would skip (or fall back to fixtures) and CI would pass on less.
SHARED_FOLDERS = ("corpus", "corpus_national", "real/national", "real/excerpts", "real/budget")


def missing_shared() -> list[str]:
    return [f for f in SHARED_FOLDERS if not (SHARED / f).is_dir()]


def pytest_configure(config) -> None:
    if in_ci() and (gone := missing_shared()):
        raise pytest.UsageError(f"CI 中 {SHARED} 缺少测试所需的文件夹：{'、'.join(gone)} / "
                                f"CI needs these folders of ../shared: {', '.join(gone)}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a skipped test is a failed one: CI has every folder and tool the tests need
    (`make test` installs the tools), so a skip there means a test found nothing to test."""
    report = (yield).get_result()
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"CI 中测试不得跳过 / a skip fails under CI: {reason}"


def committed(path: Path) -> Path:
    """A file the test reads that a clone carries (tests/fixtures, data/): missing is a failure, never a skip."""
    if not path.is_file():
        pytest.fail(f"{path} 应随仓库提供却不存在 / a committed fixture is missing")
    return path


def corpus_note() -> str:
    if SHARED.is_dir():
        return f"语料：{CORPUS} 的 {len(cases_in(CORPUS))} 个样例 / corpus tests ran on ../shared/corpus"
    return (f"注意：../shared 不存在：语料测试只在 data/ 的 {len(cases_in(DATA))} 个样例上运行（完整语料 "
            f"{CORPUS_SIZE} 个）/ ../shared is absent: corpus tests ran on the samples in data/ only")


def pytest_report_header(config) -> str:
    return corpus_note()


def pytest_terminal_summary(terminalreporter) -> None:
    # -q hides the report header (make test runs -q): the fallback is repeated where it is seen.
    if not SHARED.is_dir():
        terminalreporter.write_line(corpus_note(), yellow=True, bold=True)


def truth_of(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_pdf() -> Path:
    return DATA / "seed_2023.pdf"


@pytest.fixture(scope="session")
def seed_truth() -> dict:
    return truth_of(DATA / "seed_2023.pdf")
