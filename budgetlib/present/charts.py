"""图1–图6 of 第二部分, redrawn from the parsed figures (the PDF's own charts are images).

`chart_data(report, n)` picks the numbers (schedule cells first, the narrative's stated figures when a
schedule is missing) and is what the tests check; `draw(data)` only paints them. Amounts stay Decimal
until the last moment; bar heights and pie wedges are the only floats.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal

from matplotlib import rc_context
from matplotlib.figure import Figure

from budgetlib.model import Cell, Claim, NotRead, Report, Schedule
from budgetlib.numbers import as_printed, fmt_amount, round_half_up, try_amount, wan
from budgetlib.present.fonts import cjk_rc

TITLES = {
    1: "图1：收、支决算总计变动情况",
    2: "图2：收入决算结构",
    3: "图3：支出决算结构",
    4: "图4：财政拨款收、支决算总计变动情况",
    5: "图5：一般公共预算财政拨款支出决算变动情况",
    6: "图6：一般公共预算财政拨款支出决算结构",
}
TOTAL_ROWS = {"in.total_year", "in.use_surplus", "in.carry_begin", "in.grand"}
COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
DPI = 80


@dataclass
class ChartData:
    number: int
    kind: str  # bar | pie
    labels: list[str] = field(default_factory=list)
    values: list[Decimal] = field(default_factory=list)
    source: str = ""
    disclosure: str = "决算"
    unit: str = "万元"  # the values' unit: a table's figures as it prints them (元 tables in 元)

    @property
    def title(self) -> str:
        return title(self.number, self.disclosure)

    def shares(self) -> list[Decimal]:
        """Each value's share of the whole, %, round-half-up to 2 decimals."""
        total = sum(self.values, Decimal(0))
        return [round_half_up(v / total * 100, 2) if total else Decimal(0) for v in self.values]


def title(number: int, disclosure: str = "决算") -> str:
    """图N's title for the report's disclosure: a budget's charts are of 预算 figures."""
    return TITLES[number].replace("决算", disclosure) if disclosure == "预算" else TITLES[number]


def _section_words(report: Report, no: int) -> str:
    """情况说明 一 … as a source line; a section the template titles, by its title."""
    from budgetlib import templates

    tpl = templates.get(report.template)
    name = next((x.title for x in (tpl.sections if tpl else ()) if x.no == no), "")
    return f"情况说明{'一二三四五六七八九十'[no - 1] if 0 < no <= 10 else no}" + (f"（{name}）" if name else "")


def _about(report: Report, no: int, word: str) -> bool:
    """Whether the template's section `no` is about `word` (收入, 支出): a budget's 二 is 其他相关情况说明,
    whose amounts (三公, 政府采购…) are no structure of anything."""
    from budgetlib import templates

    tpl = templates.get(report.template)
    if tpl is None or not tpl.sections:
        return True
    return any(x.no == no and word in x.title for x in tpl.sections)


def _claim_value(report: Report, claim: Claim | None) -> Decimal | None:
    value = try_amount(claim.value) if claim else None
    return None if value is None else wan(value, claim.unit)


def _cell(report: Report, table: str, row: str, column: str) -> Decimal | None:
    """A table figure in 万元 (the unit the bars compare a stated change in)."""
    s = report.schedule(table)
    amount = s.cell(row, column).amount if s else None
    return None if amount is None else s.internal(amount)


def yoy_values(report: Report, section: int) -> tuple[Decimal, Decimal] | None:
    """(prior, current) from a section's stated change: prior = current ∓ Δ by 增加/减少."""
    for c in report.claims:
        if c.section == section and c.kind == "yoy_amount":
            # The current figure as the corpus defines it: the subject's table cell, else its stated value.
            subject = report.claim(c.subject) if c.subject else None
            current = None
            if subject is not None and subject.ref is not None:
                current = _cell(report, subject.ref.table, subject.ref.row, subject.ref.column)
            if current is None:
                current = _claim_value(report, subject)
            delta = None if c.decimal is None else wan(c.decimal, c.unit)
            if current is None or delta is None or c.direction not in ("增加", "减少"):
                return None
            return (current - delta if c.direction == "增加" else current + delta), current
    return None


def _structure_from_claims(report: Report, section: int, skip_labels: tuple[str, ...]) -> tuple[list, list]:
    labels, values = [], []
    for c in report.claims:
        if c.section == section and c.kind == "amount" and c.label not in skip_labels and c.decimal is not None:
            labels.append(c.label)
            values.append(c.decimal)
    return labels, values


def _strip_ordinal(name: str) -> str:
    return name.split("、", 1)[1] if "、" in name[:4] else name


def _slices(cells: list[tuple[str, Cell]]) -> tuple[list[str], list[Decimal]] | None:
    """The positive slices of a pie as printed; None when any of its cells was not read (a pie without
    a slice that is there would show every other share wrong)."""
    try:
        values = [(label, cell.value(label)) for label, cell in cells]
    except NotRead:
        return None
    kept = [(label, v) for label, v in values if v > 0]
    return [label for label, _ in kept], [v for _, v in kept]


def _pie(report: Report, number: int, s: Schedule | None, cells: list[tuple[str, Cell]] | None, part: str, word: str,
         total_label: str) -> ChartData | None:
    """A structure pie (图2, 图3): the table's figures where it printed them, else the amounts its
    section (of the same number) states, when that section is about `word`."""
    if cells is not None:
        got = _slices(cells)
        if got is None:
            return None
        if got[0]:
            return ChartData(number, "pie", *got, f"{s.label} {part}", unit=s.unit)
    if not _about(report, number, word):
        return None
    labels, values = _structure_from_claims(report, number, (total_label,))
    return ChartData(number, "pie", labels, values, f"{_section_words(report, number)} 所述金额") if values else None


def chart_data(report: Report, number: int) -> ChartData | None:
    """The figures behind 图`number`, or None when neither the schedules nor the narrative give them."""
    data = _chart_data(report, number)
    if data is not None:
        data.disclosure = report.disclosure
    return data


def _chart_data(report: Report, number: int) -> ChartData | None:
    year = report.year
    if number in (1, 4, 5):
        section = {1: 1, 4: 4, 5: 5}[number]
        pair = yoy_values(report, section)
        if pair is None:
            return None
        labels = [f"{year - 1}年", f"{year}年"] if year else ["上年", "本年"]
        return ChartData(number, "bar", labels, list(pair), f"{_section_words(report, section)}；上年数 = 本年数 ∓ 所述增减额")
    if number == 2:
        s = report.schedule("income_expense_summary")
        cells = ([(_strip_ordinal(r.name), r.get("amount")) for r in s.left if r.key not in TOTAL_ROWS]
                 if s is not None and s.left else None)
        return _pie(report, 2, s, cells, "收入", "收入", "本年收入合计")
    if number == 3:
        s = report.schedule("expense")
        total = s.row("total") if s else None
        cells = [(c.label, total.get(c.key)) for c in s.columns if c.key != "total"] if total is not None else None
        return _pie(report, 3, s, cells, "合计行", "支出", "本年支出合计")
    if number == 6:
        s = report.schedule("gp_expense")
        got = _slices([(r.name, r.get("total")) for r in s.rows if r.level == "类"]) if s else None
        if got and got[0]:
            return ChartData(6, "pie", *got, f"{s.label} 类", unit=s.unit)
        return None
    raise ValueError(f"no chart 图{number}")


def draw(data: ChartData) -> Figure:
    with rc_context(cjk_rc()):
        fig = Figure(figsize=(6.4, 3.4), dpi=DPI)
        ax = fig.add_subplot()
        if data.kind == "bar":
            heights = [float(v) for v in data.values]
            bars = ax.bar(data.labels, heights, color=COLORS[: len(heights)], width=0.5)
            for bar, v in zip(bars, data.values):
                # in 万元 at the two decimals the narrative prints them (a 元 table's cell converted exactly
                # would show 18976.7551)
                ax.annotate(fmt_amount(v), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                            ha="center", va="bottom", fontsize=10)
            ax.set_ylabel(data.unit)
            ax.set_ylim(0, max(heights + [1.0]) * 1.18)
            ax.spines[["top", "right"]].set_visible(False)
        else:
            # the figures as the table prints them (元 with thousands separators)
            labels = [f"{name} {as_printed(v, data.unit)}{data.unit}（{p:f}%）"
                      for name, v, p in zip(data.labels, data.values, data.shares())]
            wedges, _ = ax.pie([float(v) for v in data.values], colors=COLORS[: len(data.values)],
                               startangle=90, counterclock=False, wedgeprops={"linewidth": 1, "edgecolor": "white"})
            ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=9)
            ax.set_aspect("equal")
        ax.set_title(data.title, fontsize=12)
        fig.text(0.01, -0.02, f"数据来源：{data.source}", fontsize=8, color="#666666")
        with warnings.catch_warnings():
            # a long legend beside a pie: tight_layout gives up and says so (with a path) in the notebook;
            # savefig(bbox_inches="tight") fits the figure anyway
            warnings.filterwarnings("ignore", message="Tight layout not applied", category=UserWarning)
            fig.tight_layout()
        return fig


def png(fig: Figure) -> bytes:
    """PNG without the Software/date metadata, so equal figures give equal bytes."""
    buf = io.BytesIO()
    with rc_context(cjk_rc()):
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()
