"""Dump every reader result (the parsed model and its findings) for a set of PDFs, to compare two trees.

    python benchmarks/read_identity.py OUTDIR            # dump
    python benchmarks/read_identity.py --diff A B        # compare two dumps

The model is dumped twice: `to_json()` (what `budgetlib extract` writes) and the full dataclass repr
(provenance boxes, sizes, lines, everything the checks could read); findings as `findings_json`."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pdfs() -> list[Path]:
    out = sorted((ROOT / "data").glob("*.pdf"))
    out += sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "corpus_national").glob("*.pdf"))
    for sub in ("national", "excerpts", "budget"):
        out += sorted((SHARED / "real" / sub).rglob("*.pdf"))
    return out


def name(p: Path) -> str:
    return hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:10] + "_" + p.stem


def dump(outdir: Path, only: str | None = None) -> None:
    from budgetlib.checks import audit
    from budgetlib.errors import BadInput
    from budgetlib.parse.report import read_report
    from budgetlib.present.findings_io import findings_json

    outdir.mkdir(parents=True, exist_ok=True)
    for p in pdfs():
        if only and only not in str(p):
            continue
        stem = name(p)
        try:
            report = read_report(p)
        except BadInput as exc:
            (outdir / f"{stem}.bad").write_text(repr(exc), encoding="utf-8")
            continue
        (outdir / f"{stem}.json").write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1),
                                             encoding="utf-8")
        (outdir / f"{stem}.repr").write_text(repr(report), encoding="utf-8")
        (outdir / f"{stem}.findings").write_text(findings_json(audit(report), {}), encoding="utf-8")
        print(p, flush=True)


def diff(a: Path, b: Path) -> int:
    names = sorted({f.name for f in a.iterdir()} | {f.name for f in b.iterdir()})
    bad = 0
    for n in names:
        fa, fb = a / n, b / n
        if not fa.exists() or not fb.exists() or fa.read_bytes() != fb.read_bytes():
            bad += 1
            print("DIFF", n)
    print(f"{len(names)} files, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    dump(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
