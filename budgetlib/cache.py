"""Parse each PDF once: the Report is pickled under a key of the file's hash and the parser's code.

Eight notebooks open the same report; the first parses it, the others read the pickle. The key holds
the budgetlib version *and* a fingerprint of the parsing code, so a parser change during development
never serves a stale model. The cache folder is $BUDGETLIB_CACHE, else $XDG_CACHE_HOME/budgetlib,
else ~/.cache/budgetlib. Writes are atomic (temp file + rename): parallel batch workers may race.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from budgetlib import __version__
from budgetlib.atomic import atomic_write
from budgetlib.model import Report
from budgetlib.pdf.document import check_file, file_sha256

PACKAGE = Path(__file__).resolve().parent
# Everything that shapes a parsed Report; a change to any of these invalidates the cache.
PARSING_CODE = ("model.py", "numbers.py", "errors.py", "pdf", "parse")


def cache_dir() -> Path:
    env = os.environ.get("BUDGETLIB_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "budgetlib"


@functools.cache
def code_fingerprint() -> str:
    h = hashlib.sha256()
    for name in PARSING_CODE:
        p = PACKAGE / name
        files = sorted(p.rglob("*.py")) if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(PACKAGE)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def cache_path(pdf: str | Path) -> Path:
    return cache_dir() / f"{file_sha256(pdf)}-{__version__}-{code_fingerprint()}.pkl"


def load_report(pdf: str | Path, use_cache: bool = True) -> Report:
    """budgetlib.load(pdf), through the cache. Bad input raises BadInput exactly as load() does."""
    import budgetlib

    check_file(pdf)
    if not use_cache:
        return budgetlib.load(pdf)
    path = cache_path(pdf)
    try:
        with open(path, "rb") as fh:
            report = pickle.load(fh)
        if isinstance(report, Report):
            report.path = str(pdf)
            return report
    except FileNotFoundError:
        pass
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # a cache from an incompatible model or a damaged file: parse again, overwrite it
    report = budgetlib.load(pdf)
    try:
        atomic_write(path, lambda p: p.write_bytes(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)))
    except OSError:
        pass  # a read-only cache folder slows the notebooks down but must not stop them
    return report
