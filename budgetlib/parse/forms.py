"""第四部分 附件: every 部门预算项目支出绩效自评表 → PerfForm.

The forms are one ruled grid each, often continued on the next page. The pages' grids are read as
one stream of row bands (budgetlib.pdf.cells); a band is recognised by its row label (项目名称,
主管部门, 总额 …, 合计, 评价结论 …) and its values are placed by the x-position of the section's
column headers, so a row that is split differently on another page still lands in the right field.
A row broken across a page boundary (its first band ends one page, the rest starts the next) is
joined back before it is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from budgetlib.model import Cell, FundRow, Indicator, ParseProblem, PerfForm, Prov, Report, Total
from budgetlib.parse.structure import plausible_unit
from budgetlib.pdf.cells import GridCell, GridRow, page_grids
from budgetlib.pdf.document import Document
from budgetlib.templates.form_profile import SICHUAN_UNIT, FormProfile, profile_by_header

FUND_COLUMNS = ("name", "initial", "adjusted", "executed", "rate", "weight", "score", "reason")
INDICATOR_COLUMNS = ("l1", "l2", "l3", "op", "target", "unit", "actual", "weight", "score", "reason")
TAIL_LABELS = {"评价结论": "conclusion", "存在问题": "problems", "改进措施": "measures"}

_TITLE = re.compile(r"^(部门预算)?项目支出绩效自评表")
_FIRST_SCHEDULE = re.compile(r"公开0?1表")  # the 附表 begin: no form follows, whatever the part headings
_SIGN_LINE = re.compile(r"^(项目负责人|财务负责人|填报人|审核人|单位负责人|联系电话|填报日期)[:：]")
# The unit a form names: a 单位名称 | X row, or 填报单位:X / 单位名称:X in one cell (the name after the colon).
_UNIT_CELL = re.compile(r"^(单位名称|(填报|编制)单位)(\(盖章\))?([:：](.*))?$")
_UNIT_LINE = re.compile(r"^[（(]?\d{4}年度[)）]?$|^(填报|编制)?单位[:：]|^金额单位")


def _key(text: str) -> str:
    """Label matching form: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


# ---------------------------------------------------------------- logical cells and rows


@dataclass
class _Part:
    """A printed cell, or the pieces of one cell broken across a page boundary."""

    pieces: list[GridCell]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces).strip()

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return self.pieces[0].x1


@dataclass
class _Row:
    cells: list[_Part]
    starts: list[bool]
    page: int
    band: GridRow
    first_on_page: bool = False
    page_top: float | None = None  # top of the page's first band, for grids continuing a form

    @property
    def keys(self) -> list[str]:
        return [_key(c.text) for c in self.cells]

    def prov(self) -> Prov:
        return Prov(self.page, self.band.bbox)

    def continue_with(self, other: _Row) -> None:
        """Append the next page's part of a row broken across the page boundary."""
        for part in other.cells:
            target = max(self.cells, key=lambda c: _overlap(c, part))
            if _overlap(target, part) > 0:
                target.pieces.extend(part.pieces)


def _overlap(a: _Part | GridCell, b: _Part | GridCell) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


@dataclass
class _Columns:
    """x ranges of a section's column headers, kept for continuation pages without headers."""

    names: tuple[str, ...]
    spans: list[tuple[float, float]]

    def part(self, row: _Row, name: str) -> _Part | None:
        parts = self.place(row).get(name)
        return parts[0] if parts else None

    def place(self, row: _Row, start: int = 0) -> dict[str, list[_Part]]:
        out: dict[str, list[_Part]] = {}
        for part in row.cells[start:]:
            best, width = None, 0.0
            for name, (x0, x1) in zip(self.names, self.spans):
                w = min(part.x1, x1) - max(part.x0, x0)
                if w > width:
                    best, width = name, w
            if best is not None:
                out.setdefault(best, []).append(part)
        return out

    def doubts(self, row: _Row, placed: dict[str, list[_Part]]) -> list[str]:
        """What does not fit the header: text under no column, two texts under one column."""
        left = min(x0 for x0, _ in self.spans)
        seen = {id(p) for parts in placed.values() for p in parts}
        out = [f"表头外的内容“{p.text[:20]}”" for p in row.cells
               if p.text and p.x0 >= left - 1 and id(p) not in seen]
        out += [f"“{name}”列有多个值：{' | '.join(p.text[:12] for p in parts if p.text)}"
                for name, parts in placed.items() if sum(1 for p in parts if p.text) > 1]
        return out


def _field(parts: list[_Part] | None, row: _Row, blank: str | None = "") -> Cell:
    """One value from the parts placed under a column; `blank` is what an empty cell reads as."""
    if not parts:
        return Cell(blank, row.prov(), read=True)  # the row was read: nothing printed here is a blank
    text = "".join(p.text for p in parts)
    first = parts[0].pieces[0]
    return Cell(text if text else blank, Prov(first.page, first.bbox), read=True)


# ---------------------------------------------------------------- the page range


def form_pages(doc: Document, profile: FormProfile = SICHUAN_UNIT) -> list[int]:
    """Pages of the forms' part (第四部分 in the 四川 template, see `FormProfile.forms_part_between`):
    from its heading (or the first 自评表 title) to before the next part's heading / 公开01表."""
    opening, closing = profile.forms_part_between
    heading = re.compile(rf"^{re.escape(_key(opening))}(附件)?$")
    start = None
    for n in range(1, doc.page_count + 1):
        lines = [_key(ln.text) for ln in doc.lines(n)]
        is_toc = any(k.startswith("目录") for k in lines) or sum(k.startswith("第") and "部分" in k for k in lines) > 2
        if start is None:
            if is_toc:
                continue
            if any(heading.match(k) for k in lines) or any(_TITLE.match(k) for k in lines):
                start = n
            continue
        if any(k.startswith(_key(closing)) or _FIRST_SCHEDULE.search(k) for k in lines):
            return list(range(start, n))
    return [] if start is None else list(range(start, doc.page_count + 1))


# ---------------------------------------------------------------- assembling forms


@dataclass
class _State:
    form: PerfForm
    section: str = "head"  # head | goals | funds | indicators | tail
    goal_cols: _Columns | None = None
    fund_cols: _Columns | None = None
    ind_cols: _Columns | None = None
    last: _Row | None = None
    last_kind: str = ""
    groups: dict[str, tuple[list[GridCell], list[Cell]]] = field(default_factory=dict)
    pages: set[int] = field(default_factory=set)


def _row_kind(row: _Row, state: _State | None, profile: FormProfile) -> str:
    keys = row.keys
    joined = "".join(k for k, s in zip(keys, row.starts) if s)
    if not keys:
        return "empty"
    if keys[0].startswith("项目名"):  # also "项目名" | "称" broken across a page
        return "name"
    m = _UNIT_CELL.match(keys[0])
    if m and (m.group(5) or len(keys) > 1):
        return "unit"
    if any(_TITLE.match(k) for k in keys) or (len(keys) == 1 and _UNIT_LINE.match(keys[0])):
        return "title"  # a form title or 单位/年度 line drawn inside the ruling
    if any(k.startswith("主管部门") for k in keys):
        return "dept"
    if keys[0].startswith("实施单位"):  # on a row of its own (青神: 实施单位(盖章) under 主管部门)
        return "implementer"
    if any(keys) and all(_SIGN_LINE.match(k) for k in keys if k):
        return "sign"  # 项目负责人: | 财务负责人: below the form, nothing to read
    if _goal_columns(keys) is not None:
        return "goal_head"
    if "年初预算" in joined or any(k.startswith("年初预算") for k in keys):
        return "fund_head"
    if any(k.startswith("一级指标") for k in keys):
        return "ind_head"
    if keys[0].startswith(("合计", "总分")):  # 财政部/安徽 form: 总分
        return "total"
    if keys[0] in TAIL_LABELS or any(keys[0].startswith(k) for k in TAIL_LABELS):
        return "tail"
    if any(_fund_name(k, profile) for k, s in zip(keys[:3], row.starts[:3]) if s):
        return "fund"
    if any("项目实施内" in k or re.match(r"^2\.项目", k) for k, s in zip(keys[:3], row.starts[:3]) if s):
        return "content"
    if state is None:
        return "unknown"
    if state.section == "goals":
        return "goal"
    if state.section == "indicators":
        # An indicator row's first column is the 绩效指标（90分） label merged down, or on a new
        # page its blank or leftover continuation; a row labelled there in other words is no indicator.
        first = row.cells[0]
        label = _key(f"绩效指标（{format(profile.indicator_weight_total.normalize(), 'f')}分）")
        if (row.starts[0] and keys[0] and keys[0] not in label and state.ind_cols
                and first.x0 < min(state.ind_cols.spans)[0] - 1):
            return "unknown"
        return "indicator"
    return "unknown"


# The goal block's two headers: 四川 项目年度目标 | 年度目标完成情况, 安徽 (年度总体目标) 预期目标 | 实际完成情况
GOAL_HEADERS = (("项目年度目标", "年度目标完成情况"), ("预期目标", "实际完成情况"))


def _goal_columns(keys: list[str]) -> tuple[int, int] | None:
    """The indexes of the goal and goal-done headers in a goal header row, None for another row."""
    for goal, done in GOAL_HEADERS:
        if goal in keys:
            j = next((n for n, k in enumerate(keys) if k.startswith(done)), None)
            if j is not None:
                return keys.index(goal), j
    return None


def _fund_name(key: str, profile: FormProfile) -> str | None:
    """The truth-schema name of a fund row label (the profile's `fund_rows`), or the label itself
    in another template's wording (其中：本年财政拨款, 上年结转资金); None when it is no fund row
    label (a fragment)."""
    key = key.rstrip(":：")  # 安徽: "年度资金总额:"
    for name in profile.fund_rows:
        if key.endswith(_key(name)) or key.endswith(_key(name.removeprefix("其中："))):
            return name
    if key.endswith("总额"):  # 年度资金总额
        return profile.total_row
    if key.endswith(("资金", "拨款")) or "结转" in key:
        return key
    return None


def _is_split_continuation(row: _Row, kind: str, state: _State) -> bool:
    """The first band on a page continuing the last row of the previous page.

    The rest of a broken row carries no figures of its own: they are printed at the top of the
    row, on the first page. So a grid row that does carry them starts a row of its own."""
    if not row.first_on_page or state.last is None or kind in ("name", "title", "sign", "empty"):
        return False
    figures = {"indicator": (state.ind_cols, ("op", "target", "weight", "score")),
               "ind_head": (state.ind_cols, ("op", "target", "weight", "score")),
               "fund": (state.fund_cols, ("initial", "adjusted", "executed", "rate", "weight", "score"))}
    cols, names = figures.get(state.last_kind, (None, ()))
    if cols is not None and kind in ("unknown", "indicator", "fund"):
        placed = cols.place(row)
        return not any(_field(placed.get(k), row).text for k in names)
    return kind == "unknown" or state.last_kind == "unknown" or (kind == "goal" and state.last_kind == "goal")


def _group(groups: dict, col: str, parts: list[_Part] | None, cell: Cell, row: _Row) -> None:
    """Give a 一级/二级 cell the text of the merged cell it belongs to.

    The cell is merged down over the indicators it groups and printed once. A page break cuts the
    merge: the new page restarts it as a fresh cell that is blank or holds the rest of the text
    (效益指 | 标); where the ruling is missing altogether there is no cell. Either way the row still
    belongs to the group above, and a broken text is joined back for every row of the group.
    """
    pieces = list(parts[0].pieces) if parts else []
    grid_cell = pieces[0] if pieces else None
    current = groups.get(col)
    if current is not None:
        owners, members = current
        text = members[0].text or ""
        same = grid_cell is None or any(grid_cell is o for o in owners)
        restarted = (not same and row.page_top is not None and grid_cell.top <= row.page_top + 1
                     and (not owners or grid_cell.page != owners[-1].page))
        if same or (restarted and (not cell.text or not text or not text.endswith("指标"))):
            joined = text if same else text + (cell.text or "")
            members.append(cell)
            for m in members:
                m.text = joined
            if restarted:
                owners.extend(pieces)
            return
    groups[col] = (pieces, [cell])


# Header wording → field, first match wins (四川 template first, then the 财政部/安徽 wording).
FUND_HEADERS = (("initial", ("年初预算",)), ("adjusted", ("调整后预算", "全年预算")),
                ("rate", ("执行率",)), ("executed", ("执行数",)), ("weight", ("权重", "分值")),
                ("score", ("得分",)), ("reason", ("原因", "说明")))
# Fund columns whose merged cell is the figure of the row it starts on only.
_BLOCK_FIGURES = ("rate", "weight", "score")
INDICATOR_HEADERS = (("l1", ("一级指标",)), ("l2", ("二级指标",)), ("l3", ("三级指标",)),
                     ("op", ("指标性质",)), ("target", ("指标值",)), ("unit", ("度量单位", "计量单位")),
                     ("actual", ("完成值", "实际值")), ("weight", ("权重", "分值")), ("score", ("得分",)),
                     ("reason", ("原因", "偏差", "措施")))


def _header_columns(row: _Row, headers: tuple, names: tuple[str, ...]) -> _Columns:
    """The x ranges of a section's columns, found by their header wording.

    `names` is the template order, used when the wording is not recognised. For the funds the
    column left of the first value column holds the row names (年度预算数（万元） | 项目资金)."""
    found: dict[str, _Part] = {}
    for part in row.cells:
        key = _key(part.text)
        for name, words in headers:
            if name not in found and any(w in key for w in words):
                found[name] = part
                break
    if len(found) >= len(headers) - 2:
        first = min(row.cells.index(p) for p in found.values())
        if names[0] not in found and first > 0:
            found[names[0]] = row.cells[first - 1]
        # A header cell in words we do not know takes the template's missing name, in order.
        taken = [id(p) for p in found.values()]
        spare = [p for p in row.cells[first:] if id(p) not in taken]
        for name, part in zip([n for n in names if n not in found], spare):
            found[name] = part
        ordered = sorted(found.items(), key=lambda kv: kv[1].x0)
        return _Columns(tuple(k for k, _ in ordered), [(p.x0, p.x1) for _, p in ordered])
    i = max(0, len(row.cells) - len(names))
    parts = row.cells[i:]
    return _Columns(names[:len(parts)], [(p.x0, p.x1) for p in parts])


def _after_label(row: _Row, label_index: int) -> list[_Part]:
    return row.cells[label_index + 1:]


def _label_index(row: _Row, pred) -> int:
    for i, k in enumerate(row.keys):
        if pred(k):
            return i
    return 0


_SECTION_AFTER = {"goal_head": "goals", "content": "head", "fund_head": "funds", "ind_head": "indicators",
                  "total": "tail", "tail": "tail"}


class _Assembler:
    """Collects each form's rows (joining rows broken across pages), then reads them."""

    def __init__(self, report: Report, opens_file: bool = False):
        self.report = report
        self.profile = report.form_profile
        self.forms: list[PerfForm] = []
        self.state: _State | None = None
        self.rows: list[tuple[_Row, str]] = []
        self.unit_names: list[str] = []
        self.orphan_pages: set[int] = set()
        # the forms' part is the file's first page: rows before its first 项目名称 end a form the file
        # does not hold the start of (an excerpt cut inside it)
        self.opens_file = opens_file

    def problem(self, message: str, row: _Row, where: str = "", severity: str = "warning") -> None:
        self.report.problems.append(ParseProblem(message, row.page, where or "绩效自评表", severity))

    def feed(self, row: _Row) -> None:
        state = self.state
        kind = _row_kind(row, state, self.profile)
        if state is not None and _is_split_continuation(row, kind, state):
            last = state.last
            last.continue_with(row)
            state.pages.add(row.page)
            # The joined label may now be recognisable (a label itself broken across the pages).
            kind = _row_kind(last, state, self.profile)
            if kind == "ind_head":
                state.ind_cols = _header_columns(last, INDICATOR_HEADERS, INDICATOR_COLUMNS)
            if kind != state.last_kind and kind != "unknown":
                self.rows.pop()
                self._admit(last, kind)
            return
        if kind == "name":
            self.finish()
            self.state = state = _State(PerfForm(index=len(self.forms) + 1))
        if kind == "unit":  # the unit the form names, above or inside the first form's ruling
            named = _UNIT_CELL.match(row.keys[0]).group(5) or "".join(row.keys[1:])
            self.unit_names.append(named)
            return
        if kind in ("title", "sign"):
            return
        if state is None:
            if kind == "empty":
                return
            if self.report.kind == "full":
                self.problem(f"第四部分表格行不属于任何自评表：{''.join(row.keys)[:30]}", row)
            elif row.page not in self.orphan_pages:  # a cut-out page continuing a form the file does not hold
                self.orphan_pages.add(row.page)
                # cut by the file's edge (before its first form): not read, but nothing was misread
                self.problem("本页自评表接续本文件之前未收录的一页（无项目名称），未读取", row,
                             severity="info" if self.opens_file and not self.forms else "warning")
            return
        if kind != "empty":
            self._admit(row, kind)

    def _admit(self, row: _Row, kind: str) -> None:
        state = self.state
        state.pages.add(row.page)
        state.last, state.last_kind = row, kind
        state.section = _SECTION_AFTER.get(kind, state.section)
        if kind == "ind_head":
            state.ind_cols = _header_columns(row, INDICATOR_HEADERS, INDICATOR_COLUMNS)
        self.rows.append((row, kind))

    def finish(self, file_ends: bool = False) -> None:
        """Read the form collected; `file_ends`: the file ends here, inside the forms' part (an excerpt),
        so a form that has not reached its 合计 row is cut off rather than short."""
        state = self.state
        if state is None:
            return
        for row, kind in self.rows:
            self._read(row, kind, state)
        form = state.form
        form.pages = sorted(state.pages)
        form.cut_off = file_ends and state.section != "tail"
        self._validate(form)
        self.forms.append(form)
        self.state, self.rows = None, []

    # -- reading one complete row into the form ---------------------------------------------

    def _read(self, row: _Row, kind: str, state: _State) -> None:
        form = state.form
        keys = row.keys
        if kind == "name":
            i = _label_index(row, lambda k: k.startswith("项目名"))
            form.project = _field(_after_label(row, i), row)
        elif kind == "dept":
            i = _label_index(row, lambda k: k.startswith("主管部门"))
            j = _label_index(row, lambda k: k.startswith("实施单位"))
            if j <= i:  # 实施单位 may follow on a row of its own; _validate says when it never does
                form.department = _field(_after_label(row, i), row)
            else:
                form.department = _field(row.cells[i + 1:j], row)
                form.implementer = _field(row.cells[j + 1:], row)
        elif kind == "implementer":
            form.implementer = _field(_after_label(row, 0), row)
        elif kind == "goal_head":
            i, j = _goal_columns(keys)
            c_goal, c_done = row.cells[i], row.cells[j]
            state.goal_cols = _Columns(("goal", "goal_done"), [(c_goal.x0, c_goal.x1), (c_done.x0, c_done.x1)])
            state.section = "goals"
        elif kind == "goal":
            if state.goal_cols is None:
                self.problem("自评表目标行缺少表头", row, form.project.text or "")
                return
            placed = state.goal_cols.place(row)
            form.goal = _field(placed.get("goal"), row)
            form.goal_done = _field(placed.get("goal_done"), row)
        elif kind == "content":
            i = _label_index(row, lambda k: "项目实施内" in k or re.match(r"^2\.项目", k))
            form.content = _field(_after_label(row, i), row)
            state.section = "head"
        elif kind == "fund_head":
            state.fund_cols = _header_columns(row, FUND_HEADERS, FUND_COLUMNS)
            adjusted = state.fund_cols.part(row, "adjusted")
            if adjusted is not None:
                form.budget_label = adjusted.text
        elif kind == "fund":
            self._read_fund(row, state)
        elif kind == "indicator":
            self._read_indicator(row, state)
        elif kind == "total":
            cols = state.ind_cols
            if cols is None:
                self.problem("合计行缺少指标表头", row, form.project.text or "")
                return
            placed = cols.place(row, start=1)
            form.total = Total(weight=_field(placed.get("weight"), row, None),
                               score=_field(placed.get("score"), row, None), prov=row.prov())
            state.section = "tail"
        elif kind == "tail":
            name = next(v for k, v in TAIL_LABELS.items() if keys[0].startswith(k))
            setattr(form, name, _field(row.cells[1:], row))
            state.section = "tail"
        elif kind == "unknown":
            self.problem(f"无法识别的自评表行：{''.join(keys)[:40]}", row, form.project.text or "")

    def _read_fund(self, row: _Row, state: _State) -> None:
        form = state.form
        cols = state.fund_cols
        if cols is None:
            self.problem("资金行缺少表头", row, form.project.text or "")
            return
        placed = cols.place(row)
        self._doubts(cols, row, placed, form)
        label = _field(placed.get("name"), row).text or ""
        name = _fund_name(_key(label), self.profile) or label
        total_row = name == self.profile.total_row
        fund = FundRow(name=name, prov=row.prov())
        # A figure merged down from a row above (安徽: one 分值/执行率/得分 for the whole fund block,
        # printed on 年度资金总额) belongs to the row it starts on, not to each row it covers.
        merged = {id(p) for p, s in zip(row.cells, row.starts) if not s}
        for col in FUND_COLUMNS[1:]:
            if col not in cols.names:
                continue  # a column this form does not print (安徽: no 原因) stays unread, not blank
            blank = None if total_row and col in ("weight", "score") else ""
            parts = placed.get(col)
            if col in _BLOCK_FIGURES and parts and all(id(p) in merged for p in parts):
                parts = None
            setattr(fund, col, _field(parts, row, blank))
        form.funds.append(fund)

    def _read_indicator(self, row: _Row, state: _State) -> None:
        cols = state.ind_cols
        placed = cols.place(row)
        self._doubts(cols, row, placed, state.form)
        ind = Indicator(prov=row.prov())
        for col in INDICATOR_COLUMNS:
            setattr(ind, col, _field(placed.get(col), row))
        for col in ("l1", "l2"):
            _group(state.groups, col, placed.get(col), getattr(ind, col), row)
        state.form.indicators.append(ind)

    def _doubts(self, cols: _Columns, row: _Row, placed: dict[str, list[_Part]], form: PerfForm) -> None:
        for doubt in cols.doubts(row, placed):
            self.problem(f"自评表行与表头不对齐：{doubt}", row, form.project.text or "")

    def _validate(self, form: PerfForm) -> None:
        where = form.project.text or f"第{form.index}张自评表"
        page = form.pages[0] if form.pages else None
        if not form.project.text:
            self.report.problems.append(ParseProblem("自评表缺少项目名称", page, where))
        if form.department.text is not None and form.implementer.text is None:
            self.report.problems.append(ParseProblem("自评表缺少“实施单位”", page, where))
        # rows a cut-off form lacks are in the pages the file does not hold: not read, not misread
        cut, severity = ("（文件在此表中断，其后各行未收录）", "info") if form.cut_off else ("", "warning")
        expected = self.profile.fund_row_count
        if expected is not None and len(form.funds) != expected:
            short = form.cut_off and len(form.funds) < expected and not form.indicators
            self.report.problems.append(ParseProblem(f"自评表资金行数为{len(form.funds)}，应为{expected}"
                                                     + (cut if short else ""), page, where,
                                                     severity if short else "warning"))
        if not form.indicators:
            self.report.problems.append(ParseProblem("自评表未读到绩效指标" + cut, page, where, severity))


def _rows(doc: Document, pages: list[int], report: Report) -> list[_Row]:
    rows: list[_Row] = []
    for n in pages:
        grids = page_grids(doc.page(n), n)
        if not grids and any("项目名称" in ln.text or "指标" in ln.text for ln in doc.lines(n)):
            report.problems.append(ParseProblem("自评表页未识别到表格线，无法读取", n, "绩效自评表"))
        for g, grid in enumerate(grids):
            top = grid.rows[0].top if g == 0 and grid.rows else None
            for band in grid.rows:
                parts = [_Part([c]) for c in band.cells]
                rows.append(_Row(parts, list(band.starts), n, band, first_on_page=band.top == top, page_top=top))
    return rows


_BUDGET_CODE = re.compile(r"^[0-9A-Za-z]+[-－—]")  # 219-池州市贵池区棠溪镇人民政府


def unit_from_forms(forms: list[PerfForm], named: list[str] = ()) -> str:
    """A standalone form's unit as its own cells name it: a 单位名称/填报单位 cell, else the 主管部门 most
    forms print (the department publishing them), else their 实施单位 — without the budget code (219-)
    and 本级; "" when no cell names a plausible unit."""
    for texts in (list(named), *([getattr(f, k).text for f in forms] for k in ("department", "implementer"))):
        names = [_BUDGET_CODE.sub("", _key(t)).removesuffix("本级") for t in texts]
        names = [n for n in names if plausible_unit(n)]
        if names:
            return Counter(names).most_common(1)[0][0]
    return ""


def parse_forms(doc: Document, report: Report) -> list[PerfForm]:
    if report.form_profile is None:  # the template publishes no 绩效自评表: nothing is missing
        report.forms_found = False
        return []
    pages = form_pages(doc, report.form_profile)
    if report.kind == "perf_form" and pages:
        # a standalone form has no template: its header wording says whose layout it is
        report.form_profile = profile_by_header("".join(doc.text(n) for n in pages), report.form_profile)
    report.page_map["forms"] = pages
    if not pages:
        report.forms_found = False
        report.problems.append(ParseProblem("未找到第四部分（绩效自评表）"))
        return []
    partial = report.kind != "full"
    asm = _Assembler(report, opens_file=partial and pages[0] == 1)
    for row in _rows(doc, pages, report):
        asm.feed(row)
    # no next part closes the forms: a partial file ends inside them (its last form may be cut short)
    asm.finish(file_ends=partial and pages[-1] == doc.page_count)
    report.forms_found = bool(asm.forms)
    if report.kind == "perf_form" and not report.unit:  # no cover: the form's cells name the unit
        report.unit = unit_from_forms(asm.forms, asm.unit_names)
    if not asm.forms:
        report.problems.append(ParseProblem("第四部分未读到绩效自评表", pages[0]))
    return asm.forms
