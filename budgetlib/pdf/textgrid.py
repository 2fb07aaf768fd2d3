"""Tables printed without ruling lines, read from the alignment of their text into the same `Grid` a
ruled table gives (pdf/grid.py), so everything after the grid reads them alike.

Columns come from the header: each lowest header label (one no other label is printed under) is a
column. A figure belongs under the last label that starts left of its right end (figures are right-
aligned), a text under the first label that ends right of its start (text is left-aligned), however
the labels themselves are aligned; two neighbouring columns part between the printed extents of what
they hold. A label with labels printed under it is a group: it spans the columns it stands over, and
its neighbours whose labels start on the same lower tier under the same parent. pdfplumber's text
strategy (`vertical_strategy="text"`) instead draws an edge wherever enough words line up, which
cuts a column at every indent and merges columns that are blank in the body; here the header says how
many columns there are and the words only say where they part.

Rows come from baselines: lines set closer than rows are (a cell's leading) are one stretch — the
wrapped lines of a long 科目名称 or of a code in a narrow column with the row's figures on one of
them — and a stretch is one row, or one per line of amounts it prints. The table ends at the first
line that is no table row (a paragraph running over several columns). A continuation page without a
header is read in the columns of the part before (`columns`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from statistics import median

from budgetlib.pdf.document import _baseline
from budgetlib.pdf.grid import _NUMERIC_WORD, Grid, GridCell, GridRow, _anchor_x, _cell_text, _slot

# Points: words whose baselines are this close are on one printed line.
LINE_TOLERANCE = 1.5
# Lines of one header label are set closer than this share of the font size (its leading); labels of
# two header rows are further apart.
TIGHT = 0.5
_AMOUNT = re.compile(r"\d\.\d\d$")


def _word_baseline(w: dict) -> float:
    found = [b for c in w.get("chars") or () if (b := _baseline(c)) is not None]
    return median(found) if found else w["bottom"]


def _printed_lines(words: list[dict]) -> list[list[dict]]:
    """Words on one baseline, lines top to bottom, each left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: w["base"]):
        if lines and w["base"] - lines[-1][-1]["base"] <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _box(words: list[dict]) -> dict:
    return {"x0": min(w["x0"] for w in words), "x1": max(w["x1"] for w in words),
            "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words), "words": words}


def _labels(lines: list[list[dict]]) -> list[dict]:
    """Header words grouped into labels: words overlapping across lines set at a label's leading, or
    side by side on one line with no more than a character's gap."""
    words = [w for ln in lines for w in ln]
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        size = a["bottom"] - a["top"]
        for j in range(i + 1, len(words)):
            b = words[j]
            same_line = abs(a["base"] - b["base"]) <= LINE_TOLERANCE
            if same_line:
                near = min(abs(b["x0"] - a["x1"]), abs(a["x0"] - b["x1"])) <= size
            else:
                upper, lower = (a, b) if a["top"] < b["top"] else (b, a)
                near = (lower["top"] - upper["bottom"] <= TIGHT * size
                        and min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0)
            if near:
                parent[find(i)] = find(j)
    groups: dict[int, list[dict]] = {}
    for i, w in enumerate(words):
        groups.setdefault(find(i), []).append(w)
    return sorted((_box(g) for g in groups.values()), key=lambda b: (b["top"], b["x0"]))


def _overlap(a: dict, b: dict) -> float:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])


def _column(word: dict, leaves: list[dict]) -> int:
    """The column a word is printed in, by how text and figures align under labels however aligned: a
    figure (right-aligned) under the last label that starts left of its right end, a text (left-aligned)
    under the first label that ends right of its start."""
    if _NUMERIC_WORD.match(word["text"]):
        return max((k for k, leaf in enumerate(leaves) if leaf["x0"] <= word["x1"] + 1), default=0)
    return next((k for k, leaf in enumerate(leaves) if leaf["x1"] >= word["x0"] - 1), len(leaves) - 1)


def _boundary(left: list[dict], right: list[dict]) -> float:
    """Between the printed extent of two neighbouring columns; where text of one runs over into the
    other, between their labels."""
    a, b = max(w["x1"] for w in left), min(w["x0"] for w in right)
    if a <= b:
        return (a + b) / 2
    a, b = left[0]["x1"], right[0]["x0"]
    return (a + b) / 2


def _under(labels: list[dict], group: dict) -> list[dict]:
    """The labels printed under `group`: below it and overlapping it; for a short label centred over
    two columns and overlapping neither of theirs, the two labels of the next row down either side of it."""
    below = [x for x in labels if x["top"] > group["bottom"]]
    out = [x for x in below if _overlap(group, x) > 0]
    if out or not below:
        return out
    tier = min(x["top"] for x in below)
    row = [x for x in below if abs(x["top"] - tier) <= LINE_TOLERANCE]
    left = max((x for x in row if x["x1"] <= group["x0"]), key=lambda x: x["x1"], default=None)
    right = min((x for x in row if x["x0"] >= group["x1"]), key=lambda x: x["x0"], default=None)
    if left is None or right is None:
        return []
    # nothing else of the header between them: the gap over their boundary is the group's
    between = [x for x in labels if x is not group and x["x1"] > left["x1"] and x["x0"] < right["x0"]
               and x["bottom"] > group["top"] and x["top"] < tier]
    return [] if between else [left, right]


def _first_below(labels: list[dict], group: dict, leaf: dict) -> dict:
    """The highest label under `group` over the column of `leaf` (the leaf itself at the lowest)."""
    return min((x for x in labels if x is not group and _overlap(x, leaf) > 0 and x["top"] > group["bottom"]),
               key=lambda x: x["top"], default=leaf)


def _parent(labels: list[dict], group: dict, leaf: dict) -> dict | None:
    """The lowest label printed above `group`'s top over the column of `leaf`."""
    above = [x for x in labels if x is not group and _overlap(x, leaf) > 0 and x["bottom"] <= group["top"] + LINE_TOLERANCE]
    return max(above, key=lambda x: x["top"], default=None)


def _joins(labels: list[dict], group: dict, leaf: dict, tier: float, home: dict) -> bool:
    """A neighbouring column under a group: its labels start on the group's lower tier, none is printed
    beside the group, and the label above it is the group's own parent (not a label spanning the header
    rows down beside the group, centred between its tiers)."""
    beside = any(x is not group and _overlap(x, leaf) > 0 and x["top"] <= group["bottom"] and x["bottom"] >= group["top"]
                 for x in labels)
    return not beside and abs(_first_below(labels, group, leaf)["top"] - tier) <= LINE_TOLERANCE \
        and _parent(labels, group, leaf) is _parent(labels, group, home)


def _spans(labels: list[dict], leaves: list[dict]) -> dict[int, list[int]]:
    """Columns (indices into `leaves`) each label stands over."""
    out = {id(leaf): [k] for k, leaf in enumerate(leaves)}
    for g in labels:
        if id(g) in out:
            continue
        mine = _under(labels, g)
        under = [k for k, leaf in enumerate(leaves) if any(_overlap(x, leaf) > 0 for x in mine)]
        if not under:
            continue
        tier = _first_below(labels, g, leaves[under[0]])["top"]
        lo, hi = min(under), max(under)
        home = leaves[under[0]]
        while hi + 1 < len(leaves) and _joins(labels, g, leaves[hi + 1], tier, home):
            hi += 1
        while lo - 1 >= 0 and _joins(labels, g, leaves[lo - 1], tier, home) \
                and not any(lo - 1 in s for s in out.values() if len(s) > 1):
            lo -= 1
        out[id(g)] = list(range(lo, hi + 1))
    return out


def _rows(lines: list[list[dict]]) -> list[list[list[dict]]]:
    """Body lines into rows. Lines set at a cell's leading (closer than rows are) are one stretch: the
    wrapped lines of its cells, a long name or a code in a narrow column, with the row's figures on one
    of them. A stretch is one row, or as many as it prints lines of amounts, each other line joining
    the nearest of those."""
    stretches: list[list[list[dict]]] = []
    for ln in lines:
        top, bottom = min(w["top"] for w in ln), max(w["bottom"] for w in ln)
        if stretches:
            last = stretches[-1][-1]
            if top - max(w["bottom"] for w in last) <= TIGHT * (bottom - top):
                stretches[-1].append(ln)
                continue
        stretches.append([ln])
    out: list[list[list[dict]]] = []
    for st in stretches:
        bases = [median(w["base"] for w in ln) for ln in st]
        rows_at = [i for i, ln in enumerate(st) if any(_AMOUNT.search(w["text"]) for w in ln)]
        if len(rows_at) < 2:
            out.append(st)
            continue
        mine: dict[int, list[list[dict]]] = {i: [] for i in rows_at}
        for i, ln in enumerate(st):
            mine[min(rows_at, key=lambda k: abs(bases[k] - bases[i]))].append(ln)
        out.extend(mine[i] for i in rows_at)
    return out


def _row(parts: list[list[dict]], xs: list[float], page_no: int, r: int) -> GridRow:
    words = [w for ln in parts for w in ln]
    top, bottom = min(w["top"] for w in words), max(w["bottom"] for w in words)
    bucket: dict[int, list[dict]] = {}
    for w in words:
        bucket.setdefault(w["col"], []).append(w)
    cells: list[GridCell | None] = [GridCell(_cell_text(bucket.get(c, [])), (xs[c], top, xs[c + 1], bottom), page_no, r, c)
                                    for c in range(len(xs) - 1)]
    return GridRow(page_no, top, bottom, cells)


def _parted(leaves: list[dict], lines: list[list[dict]], head: list[list[dict]]) -> list[float]:
    """Column boundaries: each word of `lines` placed under its label, neighbours parted between them."""
    placed = [w for ln in lines for w in ln]
    for w in placed:
        w["col"] = _column(w, leaves)
    every = placed + [w for ln in head for w in ln]
    parted = [[leaf] + [w for w in placed if w["col"] == k] for k, leaf in enumerate(leaves)]
    return [min(w["x0"] for w in every) - 1] + [_boundary(a, b) for a, b in zip(parted, parted[1:])] \
        + [max(w["x1"] for w in every) + 1]


def text_grid(words: list[dict], page_no: int, is_body: Callable[[list[str]], bool],
              lanci: str = "栏次", columns: list[float] | None = None, closed: bool = True) -> Grid | None:
    """The table printed in `words` (the page's words between its heading and what follows it), or
    None when they hold no header of two columns or more (a paragraph of text is one label), nor rows
    that go on from `columns`. `is_body(texts)` tells a row of figures from a row of header labels; the row that starts with `lanci` (栏次) closes the header. `columns`: the column
    boundaries of the part before (a continuation page): rows printed without a header of their own are
    read in them, and a repeated header that names as many columns keeps them. `closed`: the table ends
    on this page (a header over nothing is then a table of blank cells, not one cut by the page break)."""
    for w in words:
        w["base"] = _word_baseline(w)
    lines = _printed_lines(words)
    first = next((i for i, ln in enumerate(lines) if is_body([w["text"] for w in ln])
                  or ln[0]["text"].replace(" ", "") == lanci), len(lines))
    if not first:
        return _continued(lines, columns, page_no, lanci) if columns and lines else None
    numbered = first < len(lines) and lines[first][0]["text"].replace(" ", "") == lanci
    head, body = lines[:first], lines[first + 1:] if numbered else lines[first:]
    labels = _labels(head)
    leaves = sorted((b for b in labels if not _under(labels, b)), key=lambda b: b["x0"])
    if len(leaves) < 2:  # no header: on a continuation page, rows (a wrapped name may come first)
        return _continued(lines, columns, page_no, lanci) if columns else None
    xs = _parted(leaves, lines[first:], head)
    body = _table_lines(body, xs)  # and again without the text that follows the table
    xs = _parted(leaves, lines[first:first + 1] + body if numbered else body, head)
    if columns and len(columns) == len(xs):
        xs = list(columns)
    spans = _spans(labels, leaves)
    tiers: list[float] = []
    for b in labels:
        if not tiers or b["top"] - tiers[-1] > LINE_TOLERANCE:
            tiers.append(b["top"])
    rows: list[GridRow] = []
    for r, t in enumerate(tiers):
        cells: list[GridCell | None] = [None] * (len(xs) - 1)
        bottom = tiers[r + 1] if r + 1 < len(tiers) else max(b["bottom"] for b in labels)
        for b in labels:
            if abs(b["top"] - t) > LINE_TOLERANCE or id(b) not in spans:
                continue
            c0, c1 = spans[id(b)][0], spans[id(b)][-1]
            text = _cell_text(b["words"])
            prev = cells[c0]
            cells[c0] = GridCell((prev.text if prev else "") + text, (xs[c0], b["top"], xs[c1 + 1], b["bottom"]),
                                 page_no, r, c0, 1, c1 - c0 + 1)
        rows.append(GridRow(page_no, t, bottom, cells))
    if numbered:
        rows.append(_row([lines[first]], xs, page_no, len(rows)))
    for parts in _rows(body):
        rows.append(_row(parts, xs, page_no, len(rows)))
    if not body and closed:  # a header over nothing printed, and the table ends here: its cells are blank
        y = rows[-1].bottom
        rows.append(GridRow(page_no, y, y, [GridCell("", (xs[c], y, xs[c + 1], y), page_no, len(rows), c)
                                            for c in range(len(xs) - 1)]))
    return _grid(rows, xs, page_no)


def _grid(rows: list[GridRow], xs: list[float], page_no: int) -> Grid:
    bbox = (xs[0], rows[0].top, xs[-1], rows[-1].bottom)
    return Grid(rows=rows, xs=xs, bbox=bbox, page=page_no, parts=[(page_no, bbox)], ruled=False)


def _across(line: list[dict], xs: list[float]) -> bool:
    """A line that is no table row: a word of it runs over two column boundaries or more (a paragraph
    of text), and it prints no amount."""
    return not any(_AMOUNT.search(w["text"]) for w in line) \
        and any(sum(1 for x in xs[1:-1] if w["x0"] < x < w["x1"]) >= 2 for w in line)


def _table_lines(lines: list[list[dict]], xs: list[float]) -> list[list[dict]]:
    """The lines down to the first that is no table row."""
    end = next((i for i, ln in enumerate(lines) if _across(ln, xs)), len(lines))
    return lines[:end]


def _continued(lines: list[list[dict]], xs: list[float], page_no: int, lanci: str) -> Grid | None:
    """Rows printed at the head of a page without a header: in the columns of the part before, each word
    where it is anchored (a figure by its right end, text by its left). None unless the page starts
    with a row of figures in those columns, or with the 栏次 row that closes a header cut by the page."""
    lines = _table_lines(lines, xs)
    rows = _rows(lines)
    if not rows or not any(_AMOUNT.search(w["text"]) for ln in rows[0] for w in ln) \
            and rows[0][0][0]["text"].replace(" ", "") != lanci:
        return None
    for w in (w for ln in lines for w in ln):
        x = _anchor_x(w)
        w["col"] = _slot(xs, x) if _slot(xs, x) is not None else (0 if x < xs[0] else len(xs) - 2)
    return _grid([_row(parts, xs, page_no, r) for r, parts in enumerate(rows)], list(xs), page_no)
