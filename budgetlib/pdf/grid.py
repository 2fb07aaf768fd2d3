"""Ruled tables as a row × column matrix with merged cells, bboxes and page numbers.

pdfplumber finds the rulings (`page.find_tables`); this module turns each table into a matrix
whose columns are the distinct vertical rulings, so a header cell that spans three columns says
so (`colspan`), and the cell text is assembled word by word: a word belongs to the cell where it
is anchored (left end for text, right end for numbers), because a renderer that does not clip lets
long text run over the next ruling and right-aligned figures run over the previous one. A word
that holds the texts of two cells (a wrapped figure's first line run over the ruling into the next
figure) is cut where the two printed strings meet, and a wrapped figure's first line belongs with
the line that continues it (`_split_at_rulings`).

`stitch` joins the parts of one table printed on consecutive pages, dropping header rows that a
continuation page repeats. Nothing here knows what the table is about.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from budgetlib.numbers import try_amount

Bbox = tuple[float, float, float, float]

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Rulings closer than this (points) are one ruling.
SNAP = 1.5
# Word building: glyph gaps up to this (points) stay in one word.
WORD_X_TOLERANCE = 1.5
WORD_Y_TOLERANCE = 2.0
# A gap between two glyphs wider than this (points) is a visible space, not kerning.
GLYPH_GAP = 0.3

_NUMERIC_WORD = re.compile(r"^[\d,.\-+()%％]+$")
# A figure as printed, or the first line of one wrapped inside its cell ("35,757,8", "35,757,800."):
# thousands groups of three, no leading zero.
_FIGURE_HEAD = re.compile(r"^[+-]?(?!0\d)(?:\d{1,3}(?:,\d{3})*(?:,\d{0,2})?|\d+)$"
                          r"|^[+-]?(?!0\d)(?:\d{1,3}(?:,\d{3})*|\d+)\.\d*$")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


@dataclass
class GridCell:
    text: str
    bbox: Bbox
    page: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class GridRow:
    """One band of the matrix. `cells[c]` is the cell whose top-left corner is at column c, None
    where a merged cell from the left or from above covers the position."""

    page: int
    top: float
    bottom: float
    cells: list[GridCell | None]

    def texts(self) -> list[str]:
        return [c.text if c is not None else "" for c in self.cells]

    @property
    def bbox(self) -> Bbox:
        xs = [c.bbox for c in self.cells if c is not None]
        x0 = min((b[0] for b in xs), default=0.0)
        x1 = max((b[2] for b in xs), default=0.0)
        return (x0, self.top, x1, self.bottom)


@dataclass
class Grid:
    """A ruled table, possibly stitched from several pages (rows carry their own page)."""

    rows: list[GridRow]
    xs: list[float]  # column boundaries (of the first part)
    bbox: Bbox  # of the first part
    page: int  # of the first part
    parts: list[tuple[int, Bbox]] = field(default_factory=list)  # (page, bbox) of every part, in order
    ruled: bool = True  # False: read from the alignment of its text (pdf/textgrid.py)

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1

    @property
    def pages(self) -> list[int]:
        out: list[int] = []
        for r in self.rows:
            if r.page not in out:
                out.append(r.page)
        return out or [self.page]

    def text_rows(self) -> list[list[str]]:
        """Every band as printed: a merged cell's text in its top-left position, '' elsewhere."""
        return [r.texts() for r in self.rows]

    def covering(self, row: int, col: int) -> GridCell | None:
        """The cell that covers position (row, col), merged or not."""
        for r in range(row, -1, -1):
            for c in range(col, -1, -1):
                cell = self.rows[r].cells[c]
                if cell is not None and cell.row + cell.rowspan > row and cell.col + cell.colspan > col:
                    return cell
        return None


# ---------------------------------------------------------------- one page


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], value: float) -> int:
    """Index of the boundary nearest to `value`."""
    i = bisect.bisect_left(bounds, value)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - value < value - bounds[i - 1] else i - 1


def _slot(bounds: list[float], value: float) -> int | None:
    """Index of the interval [bounds[i], bounds[i+1]) holding `value`, None outside."""
    if value < bounds[0] - SNAP or value > bounds[-1] + SNAP:
        return None
    i = bisect.bisect_right(bounds, value) - 1
    return min(max(i, 0), len(bounds) - 2)


def _join(parts: list[str]) -> str:
    """Pieces of one cell in reading order; a space only between two ASCII letters/digits words."""
    out = ""
    for p in parts:
        if out and _ASCII_ALNUM.match(out[-1]) and _ASCII_ALNUM.match(p[0]) and not (
                out[-1].isdigit() or p[0].isdigit()):
            out += " "
        out += p
    return out


def _cell_text(words: list[dict]) -> str:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= WORD_Y_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    pieces = [w["text"] for line in lines for w in sorted(line, key=lambda w: w["x0"])]
    return _join(pieces)


def _anchor_x(word: dict) -> float:
    if "anchor" in word:  # a piece cut from a word that ran over a ruling: the side it came from
        return word["anchor"]
    # Right-aligned figures overflow leftwards, text overflows rightwards.
    if _NUMERIC_WORD.match(word["text"]):
        return word["x1"] - 0.5
    return word["x0"] + 0.5


def _piece(chars: list[dict]) -> dict:
    return {"text": "".join(c["text"] for c in chars), "x0": chars[0]["x0"], "x1": chars[-1]["x1"],
            "top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars)}


def _gap_cuts(chars: list[dict], inner: list[float]) -> set[int]:
    """Where a ruling falls in a visible gap between two glyphs: a figure right-aligned against a
    ruling and a label left-aligned after it can be closer than the word tolerance."""
    cuts = set()
    for i in range(1, len(chars)):
        a, b = chars[i - 1]["x1"], chars[i]["x0"]
        if b - a > GLYPH_GAP and any(a - GLYPH_GAP <= x <= b + GLYPH_GAP for x in inner):
            cuts.add(i)
    return cuts


def _amount_like(text: str) -> bool:
    """A printed amount or the first line of a wrapped one: digits with a thousands separator or
    with decimals — not a year, nor an ordinal such as '1.' in a label."""
    return bool(_FIGURE_HEAD.match(text)) and ("," in text or bool(re.search(r"\.\d", text)))


def _string_cuts(chars: list[dict], order: list[int] | None) -> set[int]:
    """Where two printed strings meet inside one word.

    Glyphs of one string are drawn one after another, so a break in the drawing order is where one
    cell's text ends and another's begins: a wrapped figure's first line that runs over the ruling
    into the next figure ("28,775,800." then "28,775,800.00") is drawn before its own second line,
    not before the neighbour. Where the order does not tell (the neighbour drawn right after), a
    label and an amount glued at either end of the word are cut apart.
    """
    cuts = {i for i in range(1, len(chars)) if order and order[i] != order[i - 1] + 1}
    figure = [bool(_NUMERIC_WORD.match(c["text"])) for c in chars]
    text = "".join(c["text"] for c in chars)
    for i in range(1, len(chars)):
        if figure[i] != figure[i - 1] and (all(figure[:i]) and _amount_like(text[:i])
                                           or all(figure[i:]) and _amount_like(text[i:])):
            cuts.add(i)
    return cuts


def _grammar_cut(text: str) -> int | None:
    """The one place a run of figure characters divides into two well-formed figures (each may be
    the first line of a wrapped one): '28,775,8002,877.58' → 28,775,800 | 2,877.58. None when the
    text is one figure, or divides in no way or in several (a guess is no reading)."""
    if not _NUMERIC_WORD.match(text) or _FIGURE_HEAD.match(text):
        return None
    found = [i for i in range(1, len(text)) if _FIGURE_HEAD.match(text[:i]) and _FIGURE_HEAD.match(text[i:])]
    return found[0] if len(found) == 1 else None


def _crosses(word: dict, xs: list[float]) -> list[float]:
    return [x for x in xs if word["x0"] < x < word["x1"]]


def _split_at_rulings(words: list[dict], xs: list[float], bbox: Bbox) -> list[dict]:
    """Words that run over a vertical ruling, cut where the texts of two cells meet.

    Overflowing text drawn as one string stays whole (and is placed by its anchor). A word holding
    two cells' texts is cut at a visible gap at the ruling, where two printed strings meet
    (`_string_cuts`), or where a run of figures divides into two figures in exactly one way; a
    figure that still runs over the ruling with the rest of the word after it ran over from the
    left, so it belongs to the cell it starts in.
    """
    out = []
    for w in words:
        if w["bottom"] < bbox[1] or w["top"] > bbox[3] or w["x1"] < bbox[0] or w["x0"] > bbox[2]:
            continue
        chars = w.get("chars") or []
        inner = _crosses(w, xs)
        if not inner or len(chars) < 2:
            out.append(w)
            continue
        cuts = sorted(_gap_cuts(chars, inner) | _string_cuts(chars, w.get("order")))
        pieces = [chars[a:b] for a, b in zip([0, *cuts], [*cuts, len(chars)])]
        for k in range(len(pieces) - 1, -1, -1):
            part = pieces[k]
            i = _grammar_cut("".join(c["text"] for c in part)) if _crosses(_piece(part), inner) else None
            if i is not None:
                pieces[k:k + 1] = [part[:i], part[i:]]
        if len(pieces) == 1:
            out.append(w)
            continue
        for k, part in enumerate(pieces):
            piece = _piece(part)
            if k < len(pieces) - 1 and _crosses(piece, inner) and _NUMERIC_WORD.match(piece["text"]):
                piece["anchor"] = piece["x0"] + 0.5
                piece["presumed"] = True  # a wrapped head's continuation line below says better
            out.append(piece)
    return _home_wrapped_heads(out, xs)


def _home_wrapped_heads(words: list[dict], xs: list[float]) -> list[dict]:
    """A wrapped figure's first line that runs over a ruling ('35,757,800.' over the next cell, '00'
    below it) belongs to the cell its continuation line is printed in, whichever way it overflowed."""
    for w in words:
        inner = _crosses(w, xs)
        if not inner or ("anchor" in w and not w.get("presumed")) or not _FIGURE_HEAD.match(w["text"]) \
                or try_amount(w["text"]) is not None:
            continue
        height = w["bottom"] - w["top"]
        sides = {_slot(xs, w["x0"] + 0.5), _slot(xs, w["x1"] - 0.5)}
        below = {_slot(xs, _anchor_x(v)) for v in words
                 if v is not w and _NUMERIC_WORD.match(v["text"]) and w["top"] < v["top"] <= w["bottom"] + height
                 and v["x1"] > w["x0"] and v["x0"] < w["x1"]}
        home = sides & below
        if len(home) == 1:
            (c,) = home
            w["anchor"] = (xs[c] + xs[c + 1]) / 2
    return words


def grid_from_table(table, words: list[dict], page_no: int) -> Grid:
    """One pdfplumber Table (its cell rectangles) plus the page's words → Grid."""
    boxes = [tuple(b) for b in table.cells]
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    nrows, ncols = len(ys) - 1, len(xs) - 1
    origin: list[list[GridCell | None]] = [[None] * ncols for _ in range(nrows)]
    owner: list[list[GridCell | None]] = [[None] * ncols for _ in range(nrows)]
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0 or owner[r0][c0] is not None:
            continue
        cell = GridCell("", (b[0], b[1], b[2], b[3]), page_no, r0, c0, r1 - r0, c1 - c0)
        origin[r0][c0] = cell
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = cell
    bucket: dict[int, list[dict]] = {}
    for w in _split_at_rulings(words, xs, bbox=table.bbox):
        c = _slot(xs, _anchor_x(w))
        r = _slot(ys, (w["top"] + w["bottom"]) / 2)
        if c is None or r is None or owner[r][c] is None:
            continue
        bucket.setdefault(id(owner[r][c]), []).append(w)
    rows: list[GridRow] = []
    for r in range(nrows):
        for cell in origin[r]:
            if cell is not None and id(cell) in bucket:
                cell.text = _cell_text(bucket[id(cell)])
        rows.append(GridRow(page_no, ys[r], ys[r + 1], origin[r]))
    bbox = tuple(table.bbox)
    return Grid(rows=rows, xs=xs, bbox=bbox, page=page_no, parts=[(page_no, bbox)])


def page_words(page) -> list[dict]:
    """The page's words, each with its glyphs' places in the drawing order (see `_string_cuts`)."""
    drawn = {id(ch): i for i, ch in enumerate(page.chars)}
    words = page.extract_words(x_tolerance=WORD_X_TOLERANCE, y_tolerance=WORD_Y_TOLERANCE,
                               keep_blank_chars=False, return_chars=True)
    for w in words:
        w["order"] = [drawn.get(id(ch), -1) for ch in w["chars"]]
    return words


def page_grids(page, page_no: int) -> list[Grid]:
    """Every ruled table on a pdfplumber page, top to bottom."""
    tables = page.find_tables(TABLE_SETTINGS)
    if not tables:
        return []
    words = page_words(page)
    return [grid_from_table(t, words, page_no) for t in sorted(tables, key=lambda t: t.bbox[1])]


# ---------------------------------------------------------------- across pages


def norm(text: str) -> str:
    """Comparison key for printed text: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def same_columns(a: Grid, b: Grid, slack: float = 3.0) -> bool:
    """Parts of one table: the same outer edges, and the rulings of one are among those of the other
    (a part holding only merged header cells has fewer)."""
    if abs((a.xs[-1] - a.xs[0]) - (b.xs[-1] - b.xs[0])) > slack:
        return False
    # Measured from the left edge: a continuation on a page of another orientation is shifted whole.
    xa = [x - a.xs[0] for x in a.xs]
    xb = [x - b.xs[0] for x in b.xs]
    few, many = sorted((xa, xb), key=len)
    return all(any(abs(x - y) <= slack for y in many) for x in few)


def _realign(part: Grid, ref: Grid, first_row: int) -> list[GridRow]:
    """`part`'s rows on `ref`'s columns (cells placed by their edges), rows numbered from `first_row`."""
    p0, p1, r0, r1 = part.xs[0], part.xs[-1], ref.xs[0], ref.xs[-1]
    scale = (r1 - r0) / (p1 - p0) if p1 > p0 else 1.0

    def col(x: float) -> int:
        return _index(ref.xs, r0 + (x - p0) * scale)

    out = []
    for i, row in enumerate(part.rows):
        cells: list[GridCell | None] = [None] * ref.ncols
        for cell in row.cells:
            if cell is None:
                continue
            c0 = min(col(cell.bbox[0]), ref.ncols - 1)
            c1 = max(col(cell.bbox[2]), c0 + 1)
            prev = cells[c0]
            text = prev.text + cell.text if prev is not None else cell.text  # narrower columns fall into one
            cells[c0] = GridCell(text, cell.bbox, cell.page, first_row + i, c0, cell.rowspan, c1 - c0)
        out.append(GridRow(row.page, row.top, row.bottom, cells))
    return out


def stitch(parts: list[Grid], header_rows: int = 0) -> Grid:
    """One table from its parts on consecutive pages.

    The first `header_rows` rows of the first part are the header; on each later part, leading
    rows that repeat a header row (same text, whitespace and width of characters ignored) are
    dropped, so a continuation printed with or without its header stitches the same way. Columns
    are those of the part with the most rulings.
    """
    first = parts[0]
    ref = max(parts, key=lambda g: g.ncols)
    header = {_signature(r) for r in first.rows[:header_rows]}
    rows: list[GridRow] = []
    boxes: list[tuple[int, Bbox]] = []
    for k, part in enumerate(parts):
        skip = 0
        while k and skip < len(part.rows) and skip < header_rows and _signature(part.rows[skip]) in header:
            skip += 1
        rows.extend(_realign(part, ref, len(rows) - skip)[skip:])
        boxes.extend(part.parts)
    return Grid(rows=rows, xs=ref.xs, bbox=first.bbox, page=first.page, parts=boxes, ruled=first.ruled)


def _signature(row: GridRow) -> tuple[str, ...]:
    """A row's printed texts, left to right, whatever the columns they sit in."""
    return tuple(t for t in (norm(x) for x in row.texts()) if t)
