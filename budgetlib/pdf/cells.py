"""Ruled grids as cells with text and bbox, row band by row band.

pdfplumber finds the ruling of a table (`page.find_tables`) and the cell rectangles; this module
puts each printed character into the cell it belongs to and exposes the grid as horizontal bands.
A merged (row-spanning) cell appears in every band it covers, flagged as not starting there, so a
caller can either propagate its text (a merged 一级指标) or treat it as blank (display).

Characters are assigned by *run* (a stretch of touching glyphs on one baseline, drawn one after
another) rather than one by one: text too wide for its cell overflows the right border (reportlab
does not clip), and the overflowing glyphs must stay with the cell the run started in. Glyphs that
touch but were not drawn in sequence belong to two strings — a wrapped figure's first line running
into the next cell's figure — and start two runs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

Bbox = tuple[float, float, float, float]

# Points: rulings closer than this are the same line.
SNAP = 1.0
# Glyphs closer than this (x gap, points) belong to one run.
RUN_GAP = 1.0


def _encoding_artifact(ch: str) -> bool:
    o = ord(ch)
    return (0x2F00 <= o <= 0x2FDF  # Kangxi radicals some CJK fonts map ideographs to
            or 0xF900 <= o <= 0xFAFF  # CJK compatibility ideographs
            or 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A)  # 全角 digits/letters


def printed(text: str) -> str:
    """Edge normalisation of extracted text: undo glyph-encoding artifacts (Kangxi radicals,
    compatibility ideographs, 全角 digits and letters) but keep what the author typed — Chinese
    punctuation （，：；）, ≥ ≤, half- or full-width brackets as printed."""
    if not any(_encoding_artifact(ch) for ch in text):
        return text
    return "".join(unicodedata.normalize("NFKC", ch) if _encoding_artifact(ch) else ch for ch in text)


@dataclass
class GridCell:
    bbox: Bbox
    page: int
    chars: list[dict] = field(default_factory=list, repr=False)
    _read: tuple[int, list[str], str] | None = field(default=None, repr=False, compare=False)

    def _texts(self) -> tuple[list[str], str]:
        # read once per set of characters (page_grids fills `chars`; the form reader asks often)
        if self._read is None or self._read[0] != len(self.chars):
            lines = [printed("".join(c["text"] for c in line)) for line in _lines(self.chars)]
            self._read = (len(self.chars), lines, "".join(lines).strip())
        return self._read[1], self._read[2]

    @property
    def lines(self) -> list[str]:
        """The printed lines, top to bottom, glyphs as drawn (explicit spaces kept, none inferred:
        the gaps renderers leave between CJK and Latin text are not spaces in the source)."""
        return list(self._texts()[0])

    @property
    def text(self) -> str:
        """Lines joined without a separator: wrapped CJK text and wrapped numbers read back whole."""
        return self._texts()[1]

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


@dataclass
class GridRow:
    """One horizontal band of a grid: every cell that overlaps it, left to right."""

    page: int
    top: float
    bottom: float
    cells: list[GridCell]
    starts: list[bool]  # False where the cell is merged down from a band above

    @property
    def bbox(self) -> Bbox:
        x0 = min(c.x0 for c in self.cells)
        x1 = max(c.x1 for c in self.cells)
        return (x0, self.top, x1, self.bottom)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Grid:
    page: int
    bbox: Bbox
    cells: list[GridCell]
    rows: list[GridRow]


def _cluster(values: list[float], tol: float = SNAP) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Glyphs grouped by baseline, top to bottom, each line left to right."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c["top"]):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) < max(2.0, ch.get("size", 0) * 0.4):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _runs(chars: list[dict], drawn: dict[int, int]) -> list[list[dict]]:
    """Touching glyphs on one baseline drawn one after another (`drawn`: id → place in the page's
    drawing order), in reading order."""
    runs: list[list[dict]] = []
    for line in _lines(chars):
        runs.append([line[0]])
        for prev, ch in zip(line, line[1:]):
            if (-1.0 <= ch["x0"] - prev["x1"] <= RUN_GAP and not ch["text"].isspace() and not prev["text"].isspace()
                    and drawn[id(ch)] == drawn[id(prev)] + 1):
                runs[-1].append(ch)
            else:
                runs.append([ch])
    return runs


def _find_cell(cells: list[GridCell], x: float, y: float) -> GridCell | None:
    for c in cells:
        if c.x0 <= x <= c.x1 and c.top <= y <= c.bottom:
            return c
    return None


def _bands(cells: list[GridCell], page: int) -> list[GridRow]:
    ys = _cluster([c.top for c in cells] + [c.bottom for c in cells])
    rows = []
    for top, bottom in zip(ys, ys[1:]):
        inside = [c for c in cells if c.top < bottom - SNAP and c.bottom > top + SNAP]
        if not inside:
            continue
        inside.sort(key=lambda c: c.x0)
        rows.append(GridRow(page, top, bottom, inside, [abs(c.top - top) <= SNAP for c in inside]))
    return rows


def page_grids(page, page_no: int) -> list[Grid]:
    """Every ruled table on a pdfplumber page, top to bottom, as bands of cells with their text."""
    grids = []
    drawn = {id(ch): i for i, ch in enumerate(page.chars)}
    for table in sorted(page.find_tables(), key=lambda t: t.bbox[1]):
        cells = [GridCell(tuple(b), page_no) for b in table.cells]
        x0, top, x1, bottom = table.bbox
        chars = [c for c in page.chars
                 if x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1 and top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1]
        for run in _runs(chars, drawn):
            first = run[0]
            cell = _find_cell(cells, (first["x0"] + first["x1"]) / 2, (first["top"] + first["bottom"]) / 2)
            if cell is not None:
                cell.chars.extend(run)
        grids.append(Grid(page_no, tuple(table.bbox), cells, _bands(cells, page_no)))
    return grids
