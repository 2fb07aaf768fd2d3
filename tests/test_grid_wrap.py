"""Figures wrapped inside their cell ('45,529,800.' on one line, '00' on the next) are read whole in the
cell their continuation line is printed in, whichever side their first line runs over a ruling."""

from __future__ import annotations

from budgetlib.pdf.grid import _anchor_x, _slot, _split_at_rulings

XS = [334.8, 355.07, 402.36, 449.66]  # 行次 | 合计 | 一般公共预算 (the first line overflows 1.5 pt left)
W = 4.25  # glyph width


def _word(text: str, x0: float, top: float, order0: int, gap_after: int | None = None, w: float = W) -> dict:
    chars, x, order = [], x0, []
    for i, ch in enumerate(text):
        if gap_after is not None and i == gap_after:
            x += 0.5
            order0 += 2  # a second string: drawn later, not right after the first
        chars.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + 8})
        order.append(order0 + i)
        x += w
    return {"text": text, "x0": x0, "x1": chars[-1]["x1"], "top": top, "bottom": top + 8, "chars": chars,
            "order": order}


def _cells(words: list[dict]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for w in _split_at_rulings(words, XS, (XS[0], 200, XS[-1], 260)):
        out.setdefault(_slot(XS, _anchor_x(w)), []).append(w["text"])
    return out


def test_a_wrapped_head_over_the_left_ruling_stays_with_its_continuation():
    heads = _word("45,529,800.45,529,800.", 353.6, 240.0, 100, gap_after=11)
    tails = [_word("00", 391.9, 250.4, 200), _word("00", 439.2, 250.4, 300)]
    row = [_word("9", 340.0, 245.1, 50)]
    got = _cells([heads, *tails, *row])
    assert got[0] == ["9"]
    assert got[1] == ["45,529,800.", "00"]
    assert got[2] == ["45,529,800.", "00"]


def test_a_figure_that_fits_is_left_where_it_is_printed():
    got = _cells([_word("6,206,200.00", 358.0, 240.0, 10, w=3.6), _word("6,206,200.00", 405.5, 240.0, 30, w=3.6)])
    assert got == {1: ["6,206,200.00"], 2: ["6,206,200.00"]}
