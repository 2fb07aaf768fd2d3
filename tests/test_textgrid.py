"""Tables without ruling lines (pdf/textgrid.py) on word boxes laid out by hand in conventions the
report printer of tests/report_pdf.py does not use: labels centred over their columns, a group label
centred over its two columns beside a label that spans the header rows, a column blank in every row,
text after the table. The expected grids are written out from the layout, not from the reader."""

from __future__ import annotations

from budgetlib.parse.schedule_layouts import is_body_row
from budgetlib.pdf.textgrid import text_grid

SIZE = 9.0


def _word(text: str, x0: float, top: float, width: float | None = None) -> dict:
    w = SIZE * len(text) if width is None else width
    return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + SIZE, "chars": []}


def _centred(text: str, left: float, right: float, top: float) -> dict:
    return _word(text, (left + right - SIZE * len(text)) / 2, top)


def _right(text: str, right: float, top: float) -> dict:
    w = 5.0 * len(text)  # figures are narrower than CJK characters
    return _word(text, right - 4 - w, top, w)


# columns: 编码 60–120 | 名称 120–300 | 合计 300–380 | 基本支出: 人员经费 380–460, 公用经费 460–540 | 其他 540–620
EDGES = [60, 120, 300, 380, 460, 540, 620]


def _table(rows: list[tuple[str, str, str, str, str, str]], top: float = 100.0) -> list[dict]:
    words = [_centred("科目编码", 60, 120, top + 8), _centred("科目名称", 120, 300, top + 8),
             _centred("合计", 300, 380, top + 8), _centred("基本支出", 380, 540, top),
             _centred("人员经费", 380, 460, top + 16), _centred("公用经费", 460, 540, top + 16),
             _centred("其他支出", 540, 620, top + 8)]
    y = top + 34
    for code, name, *figures in rows:
        words.append(_word(code, 64, y, 5.0 * len(code)))
        if "|" in name:  # a name wrapped over two lines, the row's figures between them
            a, b = name.split("|")
            words += [_word(a, 124, y - 5), _word(b, 124, y + 5)]
        else:
            words.append(_word(name, 124, y))
        for k, f in enumerate(figures):
            if f:
                words.append(_right(f, EDGES[k + 3], y))
        y += 20
    return words


def _read(words: list[dict]):
    grid = text_grid(words, 1, is_body_row)
    assert grid is not None
    return grid


def test_centred_labels_and_a_column_blank_in_every_row():
    grid = _read(_table([("205", "教育支出", "30.00", "10.00", "20.00", ""),
                         ("20501", "教育管理事务", "30.00", "10.00", "20.00", "")]))
    assert grid.ncols == 6
    body = [r.texts() for r in grid.rows if any(r.texts()) and r.texts()[0].isdigit()]
    assert body == [["205", "教育支出", "30.00", "10.00", "20.00", ""],
                    ["20501", "教育管理事务", "30.00", "10.00", "20.00", ""]]


def test_a_centred_group_label_spans_its_two_columns_only():
    grid = _read(_table([("205", "教育支出", "30.00", "10.00", "20.00", "")]))
    group = next(c for r in grid.rows for c in r.cells if c is not None and c.text == "基本支出")
    assert (group.col, group.colspan) == (3, 2)
    beside = [c for r in grid.rows for c in r.cells if c is not None and c.text in ("合计", "其他支出")]
    assert [(c.col, c.colspan) for c in beside] == [(2, 1), (5, 1)]


def test_a_wrapped_name_with_its_figures_between_the_lines_is_one_row():
    grid = _read(_table([("205", "教育支出", "30.00", "10.00", "20.00", ""),
                         ("2050101", "机关事业单位基本养老|保险缴费支出", "5.00", "5.00", "", "")]))
    body = [r.texts() for r in grid.rows if r.texts()[0].isdigit()]
    assert body[1] == ["2050101", "机关事业单位基本养老保险缴费支出", "5.00", "5.00", "", ""]
    assert len(body) == 2


def test_text_after_the_table_is_not_read_as_rows():
    words = _table([("205", "教育支出", "30.00", "10.00", "20.00", "")])
    words.append(_word("本表反映部门本年度一般公共预算财政拨款基本支出明细情况。", 60, 200))
    grid = _read(words)
    assert all("本表反映" not in "".join(r.texts()) for r in grid.rows)


def test_a_paragraph_is_no_table():
    words = [_word("本部门本年度收入支出总计一百万元，与上年度相比增加十万元。", 60, 100),
             _word("主要原因是项目支出增加。", 60, 112)]
    assert text_grid(words, 1, is_body_row) is None
