"""What is printed at a place on a page, read from the glyphs alone (no grid, no words, no lines of
the parser): the second, independent reading a finding's figures are confirmed by.

A box's text is the runs of glyphs that sit in it — a run is a stretch of glyphs on one baseline drawn
one after another and touching, so a figure that overflows its cell by a few points (a renderer that
does not clip) is still read with the cell it mostly lies in, and the neighbour's overflow is not —
its lines top to bottom joined without a separator (a figure wrapped inside its cell reads whole).
"""

from __future__ import annotations

import unicodedata

Bbox = tuple[float, float, float, float]

# Glyphs drawn one after another with an x gap up to this (points) are one run.
RUN_GAP = 1.5
# A gap between two glyphs wider than this (points) is a visible space, not kerning.
GAP = 0.3


def _runs(chars: list[tuple[int, dict]]) -> list[list[dict]]:
    """Glyphs (with their place in the page's drawing order) cut into runs where the order, the
    baseline or the spacing breaks."""
    runs: list[list[dict]] = []
    last = -2
    prev: dict | None = None
    for i, ch in chars:
        if ch["text"].isspace():
            prev = None
            continue
        if (prev is not None and i == last + 1 and abs(ch["top"] - prev["top"]) < 1.0
                and -1.0 <= ch["x0"] - prev["x1"] <= RUN_GAP):
            runs[-1].append(ch)
        else:
            runs.append([ch])
        prev, last = ch, i
    return runs


def _cut_at_edges(run: list[dict], edges: tuple[float, float]) -> list[list[dict]]:
    """A run cut where a visible gap between two glyphs holds the box's left or right edge: a figure
    right-aligned against a ruling and the label that starts after it can be closer than RUN_GAP."""
    out = [[run[0]]]
    for prev, ch in zip(run, run[1:]):
        a, b = prev["x1"], ch["x0"]
        if b - a > GAP and any(a - GAP <= x <= b + GAP for x in edges):
            out.append([ch])
        else:
            out[-1].append(ch)
    return out


def _inside(run: list[dict], bbox: Bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid = (min(c["top"] for c in run) + max(c["bottom"] for c in run)) / 2
    if not top - 0.5 <= mid <= bottom + 0.5:
        return False
    width = run[-1]["x1"] - run[0]["x0"]
    overlap = min(x1, run[-1]["x1"]) - max(x0, run[0]["x0"])
    return overlap > 0 and overlap >= width / 2


def _lines(runs: list[list[dict]], sep: str = "") -> list[str]:
    """Runs sharing most of their height are one line (figures set in another font sit a few points
    lower than the words around them, and still belong to their sentence's line)."""
    rows: list[list[list[dict]]] = []
    spans: list[tuple[float, float]] = []
    for run in sorted(runs, key=lambda r: r[0]["top"]):
        top, bottom = min(c["top"] for c in run), max(c["bottom"] for c in run)
        if rows:
            t, b = spans[-1]
            if min(b, bottom) - max(t, top) >= 0.5 * min(b - t, bottom - top):
                rows[-1].append(run)
                spans[-1] = (min(t, top), max(b, bottom))
                continue
        rows.append([run])
        spans.append((top, bottom))
    return [sep.join("".join(c["text"] for c in r) for r in sorted(row, key=lambda r: r[0]["x0"])) for row in rows]


def printed_lines(page, bbox: Bbox, sep: str = "") -> list[str]:
    """The lines printed in `bbox` (pdfplumber coordinates), top to bottom, NFKC-normalised; the runs of
    a line joined with `sep`."""
    x0, top, x1, bottom = bbox
    near = [(i, c) for i, c in enumerate(page.chars) if c["bottom"] >= top - 2 and c["top"] <= bottom + 2]
    runs = [piece for r in _runs(near) for piece in _cut_at_edges(r, (x0, x1)) if _inside(piece, bbox)]
    return [unicodedata.normalize("NFKC", ln) for ln in _lines(runs, sep)]


def printed_in(page, bbox: Bbox) -> str:
    """The text printed in `bbox`, its lines joined without a separator, whitespace dropped."""
    return "".join("".join(printed_lines(page, bbox)).split())


def printed_band(page, top: float, bottom: float) -> str:
    """The page's text between two heights, full width, its runs and lines separated by a space: two
    figures printed apart (a sentence whose figures a Word export set on their own baseline) never
    read as one."""
    return " ".join(printed_lines(page, (0.0, top, float(page.width), bottom), sep=" "))
