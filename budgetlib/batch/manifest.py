"""The manifest beside a unit's outputs: what went in (PDF hash, params, budgetlib version, rule-set
hash) and what came out (files and sizes). Written last, so its presence means the unit is complete."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from budgetlib import __version__

NAME = "manifest.json"


def params_hash(params: dict[str, Any]) -> str:
    """The parameters that shape the findings; the pdf path is not one of them (the PDF's hash is)."""
    body = {k: v for k, v in sorted(params.items()) if k != "pdf"}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:16]


def inputs_key(source_sha256: str, part: list[int] | None, params: dict[str, Any], ruleset: str,
               notebooks: bool) -> dict[str, Any]:
    """Everything that must be unchanged for a finished unit to be skipped."""
    return {"source_sha256": source_sha256, "part": part, "params_sha256": params_hash(params),
            "budgetlib": __version__, "ruleset": ruleset, "notebooks": notebooks}


def describe_outputs(folder: Path, names: list[str]) -> dict[str, int]:
    return {n: (folder / n).stat().st_size for n in names}


def read(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None


def complete(folder: Path, manifest: dict[str, Any]) -> bool:
    """Every output the manifest lists is there with the size it had when it was written."""
    for name, size in (manifest.get("outputs") or {}).items():
        p = folder / name
        if not p.is_file() or p.stat().st_size != size:
            return False
    return True


def index(out: Path) -> dict[str, list[tuple[Path, dict[str, Any]]]]:
    """source sha256 → [(unit folder, manifest)] for every finished unit under `out`."""
    found: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for mf in out.glob(f"*/*/{NAME}"):
        m = read(mf.parent)
        if m and m.get("inputs"):
            found.setdefault(m["inputs"]["source_sha256"], []).append((mf.parent, m))
    return found


def finished(idx: dict, key: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]] | None:
    """The finished folders for these exact inputs (all parts of a compilation), or None."""
    entries = [(d, m) for d, m in idx.get(key["source_sha256"], [])
               if {**m["inputs"], "part": None} == {**key, "part": None}]
    if not entries:
        return None
    parts = {tuple(m["inputs"]["part"] or ()) for _, m in entries}
    total = entries[0][1]["inputs"]["part"][1] if entries[0][1]["inputs"]["part"] else 1
    if len(parts) != total or not all(complete(d, m) for d, m in entries):
        return None
    return entries


def finding_counts(findings: list) -> dict[str, Any]:
    """The manifest's `findings`: total, by severity, and by rule and severity."""
    by_rule: dict[str, Counter] = {}
    for f in findings:
        by_rule.setdefault(f.rule, Counter())[f.severity] += 1
    return {"total": len(findings), "by_severity": dict(Counter(f.severity for f in findings)),
            "by_rule": {r: dict(c) for r, c in sorted(by_rule.items())}}
