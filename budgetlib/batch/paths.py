"""Where a unit's outputs go: DIR/<unit>/<year>/ (a budget: DIR/<unit>/<year>预算/), never outside DIR
whatever the unit is called."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

# Letters (any script, so 四川省…中心 stays readable), digits, '-', full-width brackets and '·' survive;
# a name never starts with '-' (an option to a shell command) or '.'/'_' (hidden, batch-owned).
_UNSAFE_RE = re.compile(r"[^\w\-（）·]+")
MAX_NAME_BYTES = 120


def safe_name(text: str | None, fallback: str = "未命名单位") -> str:
    """A single, harmless path component: no separators, no '..', no shell characters, no control
    characters, no leading dot; at most MAX_NAME_BYTES bytes of UTF-8."""
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = _UNSAFE_RE.sub("_", t).strip("_.-")
    while len(t.encode("utf-8")) > MAX_NAME_BYTES:
        t = t[:-1]
    return t or fallback


def inside(root: Path, path: Path) -> bool:
    root, path = root.resolve(), path.resolve()
    return path == root or root in path.parents


def unit_dir(out: Path, unit: str, year: int | str | None) -> Path:
    d = out / safe_name(unit) / safe_name(str(year) if year else "", "年度不详")
    if not inside(out, d):  # pragma: no cover - safe_name makes this impossible; keep the guard
        raise ValueError(f"unit folder escapes the output folder: {d}")
    return d


def year_folder(year: int | str | None, disclosure: str = "决算") -> str | None:
    """The year folder's name: the year for a 决算, "<year>预算" for a 预算 (the same unit publishes
    both for one year; they are kept apart)."""
    if disclosure == "决算":
        return year  # type: ignore[return-value]
    return f"{year or ''}{disclosure}"


OWNER = ".owner"


def claim_dir(out: Path, unit: str, year: int | str | None, source: str) -> Path:
    """The unit folder, claimed for `source` with an O_EXCL owner file so that two different inputs
    naming the same unit and year (a duplicate download, a wrong cover) never write into one folder:
    the second gets <year>-2, -3…"""
    base = unit_dir(out, unit, year)
    for i in range(1, 1000):
        d = base if i == 1 else base.with_name(f"{base.name}-{i}")
        d.mkdir(parents=True, exist_ok=True)
        owner = d / OWNER
        try:
            fd = os.open(owner, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if owner.read_text(encoding="utf-8").strip() == source:
                return d
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(source)
        return d
    raise RuntimeError(f"too many units named {unit} {year}")  # pragma: no cover
