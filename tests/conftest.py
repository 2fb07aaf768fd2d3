from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CORPUS = ROOT.parent / "shared" / "corpus"


def sichuan_key(no: int) -> str:
    """The logical key of the Sichuan template's 附表 `no` (the corpus truth numbers them)."""
    from budgetlib import templates

    return templates.get("sichuan_unit").by_ordinal(no).key


def corpus_cases() -> list[Path]:
    """Every development-corpus PDF that has a truth file; the samples in data/ when ../shared is absent."""
    base = CORPUS if CORPUS.is_dir() else DATA
    return sorted(p for p in base.glob("*.pdf") if p.with_suffix(".truth.json").exists())


def truth_of(pdf: Path) -> dict:
    return json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_pdf() -> Path:
    return DATA / "seed_2023.pdf"


@pytest.fixture(scope="session")
def seed_truth() -> dict:
    return truth_of(DATA / "seed_2023.pdf")
