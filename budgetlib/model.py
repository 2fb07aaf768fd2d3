"""The typed model of one 决算 report, and of a finding.

Every printed value is a `Cell`: the text as printed (normalised at the edge) plus where it came
from (page, bbox). Amounts are read from cells as `Decimal` on demand, never stored as floats.
`Report.to_json()` writes the schema of the development corpus truth files, and
`Report.from_truth()` reads one back, so the rules can be exercised on ground truth directly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetlib import templates
from budgetlib.numbers import (
    INTERNAL,
    UNITS,
    as_printed,
    decimals,
    fmt_amount,
    is_blank,
    quantize,
    try_amount,
    wan,
)
from budgetlib.templates.form_profile import SICHUAN_UNIT, FormProfile

Bbox = tuple[float, float, float, float]
# Below this parse confidence a table's figures are not computed on: its cells may be misread.
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Prov:
    """Where a value was read: 1-based page number and (x0, top, x1, bottom) in PDF points."""

    page: int
    bbox: Bbox | None = None


class NotRead(Exception):
    """The could-not-check signal: an input a rule needs was not read.

    `kind` is missing (a table, row, column or cell the parser did not find), unreadable (printed,
    but not a number) or low_confidence (read from a table the parser doubts). `why` names what, in
    Chinese, for the finding; `table`/`row`/`column`/`cell` locate it where known."""

    def __init__(self, why: str, kind: str = "missing", *, table: Schedule | None = None,
                 row: str | None = None, column: str | None = None, cell: Cell | None = None):
        super().__init__(why)
        self.why, self.kind, self.sch, self.row, self.column, self.cell = why, kind, table, row, column, cell


@dataclass
class Cell:
    """One printed place: a value, a printed blank (the template's zero) or not read at all.

    `text` None with `read` unset is a cell the parser did not read (a column this form does not
    print, a row it did not find); a printed blank is "" or a blank mark, or `read=True` with no text."""

    text: str | None = None
    prov: Prov | None = None
    read: bool | None = None  # None: read exactly when there is text

    @property
    def missing(self) -> bool:
        """Not read: neither a value nor a printed blank."""
        return self.text is None if self.read is None else not self.read

    @property
    def blank(self) -> bool:
        """Printed blank (a zero by the template's convention); False for a cell not read."""
        return not self.missing and (self.text is None or is_blank(self.text))

    @property
    def printed(self) -> bool:
        """Read and not blank: something is printed here (a number or text)."""
        return not self.missing and not self.blank

    @property
    def amount(self) -> Decimal | None:
        """The number printed, or None when blank, not read or not a number."""
        return None if self.missing or self.blank else try_amount(self.text)

    def value(self, what: str = "") -> Decimal:
        """The one accessor a rule reads an amount through: the number printed, a printed blank as
        0; raises NotRead for a cell not read or printing something that is not a number."""
        if self.missing:
            raise NotRead(f"{what}未读取", "missing", cell=self)
        if self.blank:
            return Decimal(0)
        amount = self.amount
        if amount is None:
            # a figure the parser set aside as implausible still reads as a number
            why = "读数不可信（疑为误读），不据以计算" if try_amount(self.text) is not None else "不是数字"
            raise NotRead(f"{what}“{self.text}”{why}", "unreadable", cell=self)
        return amount

    @property
    def page(self) -> int | None:
        return self.prov.page if self.prov else None

    @property
    def bbox(self) -> Bbox | None:
        return self.prov.bbox if self.prov else None

    def __str__(self) -> str:
        return self.text or ""


NOT_READ_TEXT = "未读取"


def not_read() -> Cell:
    """A cell the parser did not read (never a blank: a blank is printed)."""
    return Cell(None, read=False)


def shown(cell: Cell | None, blank: str = "") -> str:
    """A cell's text for a notebook or workbook: 未读取 for a cell not read, never 0.00 or empty."""
    if cell is None or cell.missing:
        return NOT_READ_TEXT
    return cell.text or blank


def _cell(value: Any) -> Cell:
    """A truth file's value: null and "" are printed blanks (the corpus README), never unread."""
    if isinstance(value, Cell):
        return value
    return Cell(None if value is None else str(value), read=True)


# ---------------------------------------------------------------- narrative


# Where each printed line of a paragraph starts: (character offset in the paragraph, Prov).
LineProvs = list[tuple[int, Prov]]


def prov_at(provs: LineProvs, offset: int) -> Prov | None:
    """The Prov of the printed line that holds character `offset` of its paragraph."""
    found = provs[0][1] if provs else None
    for start, prov in provs:
        if start <= offset:
            found = prov
    return found


@dataclass
class Subsection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    page: int | None = None
    line_provs: list[LineProvs] = field(default_factory=list)  # parallel to paragraphs


@dataclass
class Section:
    """A section of the 决算情况说明 (Sichuan 第二部分 一…十, national 第三部分 一…十一): `no` is its
    number in the template's section plan."""

    no: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)
    page: int | None = None
    line_provs: list[LineProvs] = field(default_factory=list)  # parallel to paragraphs

    @property
    def text(self) -> str:
        parts = list(self.paragraphs)
        for sub in self.subsections:
            parts.append(sub.title)
            parts.extend(sub.paragraphs)
        return "\n".join(parts)


@dataclass
class Ref:
    table: str  # the template's logical key of the table
    row: str
    column: str


@dataclass
class Claim:
    """A figure the narrative states (kinds as in the corpus README: amount, share, sum,
    yoy_amount, yoy_pct, budget_rate, none, count; the national schema adds direction, figure,
    year, entity, text).

    `part` is the share's part claim; a claim printed outside 第三部分 (cover, part headings) has
    section 0 and its place in `heading` ("cover", "1".."3"), which the truth calls `part`.
    `budget_ref` is the budget cell of a budget_rate whose budget is not itself stated."""

    id: str
    section: int
    kind: str
    label: str = ""
    value: str | None = None
    ref: Ref | None = None
    part: str | None = None
    whole: str | None = None
    total: str | None = None
    parts: list[str] = field(default_factory=list)
    direction: str | None = None
    subject: str | None = None
    amount: str | None = None
    budget: str | None = None
    sentence: str = ""
    prov: Prov | None = None
    unit: str = "万元"  # the unit the amount is printed in (万元, or 元 in some regions)
    budget_ref: Ref | None = None
    quote: str = ""  # the printed phrase (year, entity, text claims; the reason after a 持平)
    heading: str | None = None
    # where its figure is printed: (the paragraph's printed text, offset in it); None for a claim
    # that states no figure of its own (sum, none, flat). Narrative coverage counts figures by it.
    at: tuple[str, int] | None = field(default=None, repr=False, compare=False)

    @property
    def decimal(self) -> Decimal | None:
        return try_amount(self.value)


@dataclass
class NarrativeFigure:
    """A figure printed in the 情况说明 (parse.figures: an amount, a percentage, a count with its
    unit): its text, sentence and place, and the claim that read it (None: no claim did)."""

    section: int
    text: str
    sentence: str
    prov: Prov | None = None
    claim: str | None = None


# ---------------------------------------------------------------- schedules


@dataclass
class Column:
    key: str
    label: str


@dataclass
class Row:
    key: str
    name: str = ""
    code: str = ""
    level: str | None = None  # total | 类 | 款 | 项 | None
    values: dict[str, Cell] = field(default_factory=dict)
    prov: Prov | None = None

    def get(self, column: str) -> Cell:
        """The cell under `column`; a column the parser did not read gives a not-read cell, never a blank."""
        cell = self.values.get(column)
        return cell if cell is not None else not_read()


@dataclass
class Schedule:
    """One table of the report, under its template's logical `key`. `no` is its printed number
    (公开NN表) when `numbered`, else its 目录 ordinal. `rows` for classification/economic/sangong
    layouts, `left`/`right` for two_sided."""

    key: str
    no: int | None = None
    title: str = ""
    numbered: bool = False
    present: bool = True
    # the unit and decimals the table prints its figures in (its cells hold them as printed); the
    # rules compute in 万元 (`internal`) and every figure they quote goes back through `show`
    unit: str = "万元"
    dp: int = 2
    layout: str = "classification"
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    left: list[Row] = field(default_factory=list)
    right: list[Row] = field(default_factory=list)
    empty: bool = False
    empty_note: str | None = None
    pages: list[int] = field(default_factory=list)
    confidence: float = 1.0

    def all_rows(self) -> list[Row]:
        return self.rows + self.left + self.right

    @property
    def where(self) -> dict[str, Any]:
        """The table part of a finding's location."""
        return {"table": self.key, "table_no": self.no, "table_title": self.title, "table_label": self.label}

    @property
    def label(self) -> str:
        """How a finding names the table: by its printed number where one is printed, else by title."""
        if self.numbered and self.no is not None:
            return f"附表{self.no}"
        return f"《{self.title or self.key}》"

    def row(self, key: str) -> Row | None:
        for r in self.all_rows():
            if r.key == key:
                return r
        return None

    def cell(self, row: str, column: str) -> Cell:
        """The cell at (row, column); not read when the row or the column was not read."""
        r = self.row(row)
        return r.get(column) if r else not_read()

    def value(self, row: str, column: str) -> Decimal:
        """The amount at (row, column) in the table's own unit; raises NotRead (with where) for a row,
        column or cell not read, or one that is not a number."""
        r = self.row(row)
        if r is None:
            raise NotRead(f"{self.label}中未读到行“{row}”", table=self, row=row, column=column)
        cell = r.values.get(column)
        if cell is None:
            raise NotRead(f"{self.label}“{r.name.strip() or row}”行未读到栏目“{self.label_of(column)}”",
                          table=self, row=row, column=column)
        try:
            return cell.value(f"{self.label}单元格")
        except NotRead as exc:
            exc.sch, exc.row, exc.column = self, row, column
            raise

    def internal(self, amount: Decimal) -> Decimal:
        """A figure of this table in 万元, exactly (154369326 元 → 15436.9326)."""
        return wan(amount, self.unit)

    def show(self, value: Decimal | None) -> str:
        """A 万元 figure or difference of this table as the table prints it (154,369,326.00 in a 元 table)."""
        return fmt_amount(value, self.unit, self.dp)

    def printed(self, cell: Cell | None, blank: str = "") -> str:
        """A cell's text for a notebook or workbook: 未读取 for a cell not read, a 元 figure with
        thousands separators at its printed decimals."""
        if cell is None or cell.missing:
            return NOT_READ_TEXT
        amount = cell.amount
        if self.unit == INTERNAL or amount is None or cell.blank:
            return cell.text or blank
        return as_printed(quantize(amount, decimals(cell.text)), self.unit)

    def grain(self, cell: Cell) -> int:
        """The precision a figure was kept to, in decimals of 万元 (the tolerance's scale): a 万元 cell's
        printed decimals; in a 元 table the finest digit any of its figures uses (whole 元 printed as .00
        are kept to 1 元; a table whose every figure is a round hundred was kept to 0.01 万元), never
        coarser than 0.01 万元."""
        if self.unit == INTERNAL:
            return decimals(cell.text)
        finest = max((-a.normalize().as_tuple().exponent for r in self.all_rows() for c in r.values.values()
                      if (a := c.amount)), default=0)
        return max(2, UNITS[INTERNAL] - UNITS.get(self.unit, UNITS[INTERNAL]) + finest)

    def label_of(self, column: str) -> str:
        """The printed label of a column key."""
        for c in self.columns:
            if c.key == column:
                return c.label
        return column


# ---------------------------------------------------------------- performance forms


@dataclass
class FundRow:
    name: str
    initial: Cell = field(default_factory=Cell)
    adjusted: Cell = field(default_factory=Cell)
    executed: Cell = field(default_factory=Cell)
    rate: Cell = field(default_factory=Cell)
    weight: Cell = field(default_factory=Cell)
    score: Cell = field(default_factory=Cell)
    reason: Cell = field(default_factory=Cell)
    prov: Prov | None = None


@dataclass
class Indicator:
    l1: Cell = field(default_factory=Cell)
    l2: Cell = field(default_factory=Cell)
    l3: Cell = field(default_factory=Cell)
    op: Cell = field(default_factory=Cell)
    target: Cell = field(default_factory=Cell)
    unit: Cell = field(default_factory=Cell)
    actual: Cell = field(default_factory=Cell)
    weight: Cell = field(default_factory=Cell)
    score: Cell = field(default_factory=Cell)
    reason: Cell = field(default_factory=Cell)
    prov: Prov | None = None


@dataclass
class Total:
    weight: Cell = field(default_factory=Cell)
    score: Cell = field(default_factory=Cell)
    prov: Prov | None = None


FUND_FIELDS = ("initial", "adjusted", "executed", "rate", "weight", "score", "reason")
INDICATOR_FIELDS = ("l1", "l2", "l3", "op", "target", "unit", "actual", "weight", "score", "reason")
FORM_TEXT_FIELDS = ("project", "department", "implementer", "goal", "goal_done", "content",
                    "conclusion", "problems", "measures")


@dataclass
class PerfForm:
    """One 部门预算项目支出绩效自评表; `index` is its 1-based position in the PDF."""

    index: int
    project: Cell = field(default_factory=Cell)
    department: Cell = field(default_factory=Cell)
    implementer: Cell = field(default_factory=Cell)
    goal: Cell = field(default_factory=Cell)
    goal_done: Cell = field(default_factory=Cell)
    content: Cell = field(default_factory=Cell)
    budget_label: str = "调整后预算数"
    funds: list[FundRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total: Total | None = None
    conclusion: Cell = field(default_factory=Cell)
    problems: Cell = field(default_factory=Cell)
    measures: Cell = field(default_factory=Cell)
    pages: list[int] = field(default_factory=list)
    # The file ends inside this form, before its 合计 row (an excerpt cut at its last page): what its
    # missing rows would say is not known, which is not the same as printed blank or left out.
    cut_off: bool = False

    @property
    def code(self) -> str:
        return (self.project.text or "").split("-", 1)[0]

    @property
    def name(self) -> str:
        text = self.project.text or ""
        return text.split("-", 1)[1] if "-" in text else text

    def fund(self, name: str) -> FundRow | None:
        for f in self.funds:
            if f.name.removeprefix("其中：").removeprefix("其中:") == name.removeprefix("其中："):
                return f
        return None


# ---------------------------------------------------------------- report


@dataclass
class Part:
    """A 第N部分 heading of the body: `no` is its printed ordinal, `key` the page_map key of what it
    holds (narrative, schedules, glossary, part1 …), `heading` the text as printed, its lines joined
    when it is broken over several."""

    no: int
    key: str
    heading: str
    page: int | None = None
    bbox: Bbox | None = None


@dataclass
class ParseProblem:
    """Something the parser saw and could not read; becomes a finding of its `severity`: a warning
    (a misreading to look into), or info where nothing was misread (the rows of a form the file holds
    only part of, cut by an excerpt's edge)."""

    message: str
    page: int | None = None
    where: str = ""
    severity: str = "warning"


@dataclass
class Report:
    path: str = ""
    sha256: str = ""
    unit: str = ""
    department: str = ""
    year: int | None = None
    title: str = ""
    publish_date: str | None = None
    toc: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)  # the 第N部分 headings found in the body, in order
    toc_parts: list[Part] = field(default_factory=list)  # the 第N部分 entries of the 目录
    sections: list[Section] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    figures: list[NarrativeFigure] = field(default_factory=list)  # every figure of the 情况说明
    template: str | None = None  # the catalogue template the document matched (None: none fits)
    schedules: dict[str, Schedule] = field(default_factory=dict)
    forms: list[PerfForm] = field(default_factory=list)
    forms_found: bool = True
    schedules_found: bool = True
    narrative_found: bool = True
    page_count: int = 0
    page_map: dict[str, list[int]] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)
    # the template's 自评表 conventions; None for a template with no 绩效自评表
    form_profile: FormProfile | None = SICHUAN_UNIT
    blank_pages: list[int] = field(default_factory=list)  # nothing printed but a page number
    # the 情况说明 text the file stops inside (an excerpt cut mid-sentence, or right after a section heading):
    # what it goes on to say is on pages the file does not hold
    cut_paragraph: str | None = None
    toc_page: int | None = None  # the page that prints 目录
    # what the file holds (KINDS below): "full", "perf_form", "sangong" or "excerpt"; only a
    # full report is held to the completeness rules (missing tables, sections, 目录, 公开时间)
    kind: str = "full"
    # "决算" (final account) or "预算" (budget): the matched template's kind, else read from the text
    disclosure: str = "决算"

    def section(self, no: int) -> Section | None:
        for s in self.sections:
            if s.no == no:
                return s
        return None

    def part(self, key: str) -> Part | None:
        """The body part holding `key` (narrative, schedules …), as the parser found it."""
        return next((p for p in self.parts if p.key == key), None)

    @property
    def narrative_coverage(self) -> tuple[int, int]:
        """(figures a claim read, all figures) of the 情况说明."""
        return sum(f.claim is not None for f in self.figures), len(self.figures)

    def claim(self, claim_id: str) -> Claim | None:
        for c in self.claims:
            if c.id == claim_id:
                return c
        return None

    def schedule(self, key: str) -> Schedule | None:
        s = self.schedules.get(key)
        return s if s is not None and s.present else None

    def read_table(self, key: str) -> Schedule:
        """The table `key` as read; raises NotRead when it was not found or was read with too little
        confidence to compute on."""
        sch = self.schedule(key)
        if sch is None:
            s = self.schedules.get(key)
            raise NotRead(f"未找到{s.label if s is not None else key}")
        if sch.confidence < MIN_CONFIDENCE:
            raise NotRead(f"{sch.label}解析置信度低（{sch.confidence:.2f}），不据以计算", "low_confidence", table=sch)
        return sch

    def amount(self, table: str, row: str, column: str) -> Decimal:
        """The one accessor for a table figure, in 万元 (a 元 table's figure converted exactly).
        Raises NotRead for a table, row, column or cell not read, not a number, or of low confidence."""
        sch = self.read_table(table)
        return sch.internal(sch.value(row, column))

    # -- JSON (corpus truth schema) -----------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": {"name": self.unit, "department": self.department},
            "year": self.year,
            "publish_date": self.publish_date,
            "toc": self.toc,
            "narrative": {
                "sections": [_section_json(s) for s in self.sections],
                "claims": [_claim_json(c) for c in self.claims],
            },
            "template": self.template,
            "kind": self.kind,
            "disclosure": self.disclosure,
            "tables": {key: _schedule_json(s) for key, s in self.schedules.items()},
            "performance": [_form_json(f) for f in self.forms],
            "problems": [asdict(p) for p in self.problems],
        }

    @classmethod
    def from_truth(cls, truth: dict[str, Any] | str | Path) -> Report:
        """A Report built from a corpus truth file (no provenance): ground truth for the rules."""
        if not isinstance(truth, dict):
            truth = json.loads(Path(truth).read_text(encoding="utf-8"))
        unit = truth.get("unit") or {}
        rep = cls(
            path=str(truth.get("case_id", "")),
            unit=unit.get("name", ""),
            department=unit.get("department", ""),
            year=truth.get("year"),
        )
        # The national schema keeps the front matter as printed: cover lines, 目录, part headings.
        front = truth.get("front") or {}
        rep.title = "".join(front.get("cover") or [])
        rep.toc = [text for _, text in front.get("toc") or []]
        rep.toc_parts = [Part(i, "", text) for i, text in
                         enumerate((text for kind, text in front.get("toc") or [] if kind == "part"), start=1)]
        for no, heading in sorted((front.get("parts") or {}).items(), key=lambda kv: int(kv[0])):
            rep.parts.append(Part(int(no), "", heading.replace("\n", "")))
        rep.headings = [part.heading for part in rep.parts]
        nar = truth.get("narrative") or {}
        for s in nar.get("sections", []):
            rep.sections.append(Section(
                no=s["no"], title=s["title"], paragraphs=list(s.get("paragraphs") or []),
                subsections=[Subsection(x["title"], list(x.get("paragraphs") or []))
                             for x in s.get("subsections") or []]))
        # The national corpus (schema national-2024) names its template; the Sichuan one does not.
        rep.template = "national_dept_2024" if truth.get("schema") == "national-2024" else "sichuan_unit"
        words = templates.get(rep.template).narrative.get("part_words") or ()
        for part in rep.parts + rep.toc_parts:
            part.key = "narrative" if any(w in part.heading for w in words) else f"part{part.no}"
        keys = _truth_table_keys(truth, rep.template)
        for c in nar.get("claims", []):
            claim = _claim_from_json(c)
            for ref in (claim.ref, claim.budget_ref):
                if ref is not None:
                    ref.table = keys.get(str(ref.table), str(ref.table))
            rep.claims.append(claim)
        numbered = templates.get(rep.template).numbered
        rep.form_profile = templates.get(rep.template).form_profile
        for name, t in (truth.get("tables") or {}).items():
            sch = _schedule_from_json(t, keys.get(name, name), numbered)
            rep.schedules[sch.key] = sch
        for i, f in enumerate(truth.get("performance") or [], start=1):
            rep.forms.append(_form_from_json(i, f))
        return rep


# ---------------------------------------------------------------- JSON helpers


def _txt(cell: Cell | None) -> str | None:
    return None if cell is None else cell.text


def _section_json(s: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"no": s.no, "title": s.title}
    if s.subsections:
        out["paragraphs"] = s.paragraphs
        out["subsections"] = [{"title": x.title, "paragraphs": x.paragraphs} for x in s.subsections]
    else:
        out["paragraphs"] = s.paragraphs
    return out


_CLAIM_KEYS = ("label", "value", "part", "whole", "total", "direction", "subject", "amount", "budget", "quote")


def _claim_json(c: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "section": c.section, "kind": c.kind}
    for k in _CLAIM_KEYS:
        v = getattr(c, k)
        if v not in (None, ""):
            out[k] = v
    if c.parts:
        out["parts"] = c.parts
    if c.ref:
        out["ref"] = asdict(c.ref)
    if c.budget_ref:
        out["budget_ref"] = asdict(c.budget_ref)
    if c.heading is not None:
        out["part"] = c.heading
    if c.prov:
        out["page"] = c.prov.page
    return out


def _ref(d: Any) -> Ref | None:
    return Ref(**d) if isinstance(d, dict) and "table" in d else None


def _claim_from_json(c: dict[str, Any]) -> Claim:
    # The national truth places cover and heading claims by `part` instead of `section`; there
    # `part` is a place, not a share's part claim.
    heading = None if "section" in c else c.get("part")
    fields = {k: c.get(k) for k in _CLAIM_KEYS if k not in ("label", "quote")}
    if heading is not None:
        fields["part"] = None
    return Claim(
        id=c["id"], section=c.get("section", 0), kind=c["kind"], **fields,
        label=c.get("label", ""), quote=c.get("quote", ""), parts=list(c.get("parts") or []),
        ref=_ref(c.get("ref")), budget_ref=_ref(c.get("budget_ref")),
        heading=None if heading is None else str(heading),
    )


def _row_json(r: Row, with_code: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"key": r.key}
    if with_code or r.code:
        out["code"] = r.code
    out["name"] = r.name
    if with_code:
        out["level"] = r.level
    out["values"] = {k: v.text for k, v in r.values.items()}
    return out


def _truth_table_keys(truth: dict[str, Any], template: str | None) -> dict[str, str]:
    """Truth table names → logical keys: the Sichuan corpus numbers its tables "1".."13"."""


    tpl = templates.get(template)
    if tpl is None:
        return {}
    return {str(d.ordinal): d.key for d in tpl.tables if d.ordinal is not None}


def _schedule_json(s: Schedule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": s.key, "no": s.no, "title": s.title, "present": s.present, "unit": s.unit, "layout": s.layout,
        "columns": [asdict(c) for c in s.columns],
    }
    if s.layout == "two_sided":
        out["left"] = [_row_json(r, False) for r in s.left]
        out["right"] = [_row_json(r, False) for r in s.right]
    else:
        out["rows"] = [_row_json(r, s.layout != "sangong") for r in s.rows]
    out["empty"] = s.empty
    out["empty_note"] = s.empty_note
    out["pages"] = s.pages
    out["confidence"] = s.confidence
    return out


def _row_from_json(r: dict[str, Any]) -> Row:
    return Row(key=r["key"], name=r.get("name", ""), code=r.get("code", "") or "",
               level=r.get("level"), values={k: _cell(v) for k, v in (r.get("values") or {}).items()})


def _schedule_from_json(t: dict[str, Any], key: str, numbered: bool) -> Schedule:
    rows = {side: [_row_from_json(r) for r in t.get(side) or []] for side in ("rows", "left", "right")}
    printed = [c.text for side in rows.values() for r in side for c in r.values.values() if c.amount is not None]
    return Schedule(
        key=key, no=int(t["no"]), numbered=numbered, title=t.get("title", ""), present=t.get("present", True),
        unit=t.get("unit", INTERNAL), dp=max((decimals(v) for v in printed), default=2),
        layout=t.get("layout", "classification"),
        columns=[Column(c["key"], c["label"]) for c in t.get("columns") or []], **rows,
        empty=bool(t.get("empty")), empty_note=t.get("empty_note"),
    )


def _form_json(f: PerfForm) -> dict[str, Any]:
    out: dict[str, Any] = {k: _txt(getattr(f, k)) for k in FORM_TEXT_FIELDS[:6]}
    out["budget_label"] = f.budget_label
    out["funds"] = [{"name": r.name, **{k: _txt(getattr(r, k)) for k in FUND_FIELDS}} for r in f.funds]
    out["indicators"] = [{k: _txt(getattr(i, k)) for k in INDICATOR_FIELDS} for i in f.indicators]
    out["total"] = None if f.total is None else {"weight": _txt(f.total.weight), "score": _txt(f.total.score)}
    for k in FORM_TEXT_FIELDS[6:]:
        out[k] = _txt(getattr(f, k))
    out["pages"] = f.pages
    if f.cut_off:
        out["cut_off"] = True
    return out


def _form_from_json(index: int, f: dict[str, Any]) -> PerfForm:
    form = PerfForm(index=index, budget_label=f.get("budget_label") or "调整后预算数")
    for k in FORM_TEXT_FIELDS:
        setattr(form, k, _cell(f.get(k)))
    form.funds = [FundRow(name=r["name"], **{k: _cell(r.get(k)) for k in FUND_FIELDS}) for r in f.get("funds") or []]
    form.indicators = [Indicator(**{k: _cell(i.get(k)) for k in INDICATOR_FIELDS}) for i in f.get("indicators") or []]
    tot = f.get("total")
    form.total = None if tot is None else Total(weight=_cell(tot.get("weight")), score=_cell(tot.get("score")))
    form.cut_off = bool(f.get("cut_off"))
    return form


# ---------------------------------------------------------------- findings

SEVERITIES = ("error", "warning", "info")

# What a finding says, apart from how grave it is (severity): presentation and the store go by this,
# never by the wording of the message.
OUTCOMES = {
    "violated": "不符",
    "rounding": "尾差（舍入误差范围内）",
    "truncated": "截尾（应四舍五入）",
    "missing": "无法核对：未读取",
    "unreadable": "无法核对：无法识别",
    "low_confidence": "无法核对：置信度低",
    "disabled": "规则已关闭",
    "unchecked_figure": "未核对的数字",
    "judgement": "判断提示",
}
# The outcomes of a rule that could not check (its inputs not read, not numbers, or doubted).
COULD_NOT_CHECK = ("missing", "unreadable", "low_confidence")


def default_outcome(severity: str, within_rounding: bool = False) -> str:
    """The outcome of a finding that does not name one: an error or warning is a violated identity
    (a warning within rounding a 尾差), an info a note."""
    if severity == "info":
        return "judgement"
    return "rounding" if within_rounding and severity == "warning" else "violated"


@dataclass
class Finding:
    """One disagreement (or 'could not check'), with the evidence an auditor needs."""

    rule: str
    severity: str
    message: str
    section: int | None = None
    table: str | None = None  # the template's logical key
    table_no: int | None = None  # printed number (附表N) or 目录 ordinal
    table_title: str | None = None
    table_label: str | None = None  # how to name it: 附表6 where numbers are printed, else 《title》
    project: int | None = None
    project_name: str | None = None
    row: str | None = None
    column: str | None = None
    indicator: int | None = None
    field: str | None = None
    page: int | None = None
    bbox: Bbox | None = None
    stated: str | None = None
    expected: str | None = None
    difference: str | None = None
    amount_unit: str | None = None  # the unit stated/expected/difference are amounts in, as printed (元, 万元)
    within_rounding: bool = False
    other: dict[str, Any] | None = None
    outcome: str = ""  # one of OUTCOMES; filled from severity when a rule does not say
    identity: str | None = None  # the template identity judged (checks.identities.identity_id), if any

    def __post_init__(self) -> None:
        if not self.outcome:
            self.outcome = default_outcome(self.severity, self.within_rounding)

    @property
    def could_not_check(self) -> bool:
        return self.outcome in COULD_NOT_CHECK

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["bbox"] is not None:
            d["bbox"] = [round(x, 2) for x in d["bbox"]]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        d = dict(d)
        if d.get("bbox") is not None:
            d["bbox"] = tuple(d["bbox"])
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


# The document kinds an auditor is handed (Report.kind); the parser tells them apart (parse.inputs); only "full" is held to the completeness rules.
KINDS = {
    "full": "完整的部门/单位决算",
    "perf_form": "单独公开的绩效自评表",
    "sangong": "单独公开的“三公”经费决算表及说明",
    "excerpt": "决算报告节选",
    "tables": "决算表节选（仅表格部分）",
}
# A budget (预算) disclosure: the whole 部门/单位预算, its tables alone (公开表, a separate file in
# Jiangsu) or its 预算编制说明 alone.
BUDGET_KINDS = {
    "full": "完整的部门/单位预算",
    "tables": "预算公开表（仅表格部分）",
    "excerpt": "预算情况说明（仅文字部分）",
}
DISCLOSURES = ("决算", "预算")
# the direction words of a stated change (比上年增加/减少…)
UP, DOWN = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")


def kind_words(kind: str, disclosure: str = "决算") -> str:
    """A document kind in words, for the disclosure it belongs to."""
    return (BUDGET_KINDS if disclosure == "预算" else KINDS).get(kind, kind)
