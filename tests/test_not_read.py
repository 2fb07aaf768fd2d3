"""Not read is never zero (issue 20): delete, in turn, every cell, row, column and table of a report's
model and no rule may report an error or a warning computed from what was deleted: each rule that
needed it says it could not check, once, naming what it could not read.

"Deleted" is the model's not-read state, the state the parser leaves where it found nothing: a cell
not read, a row whose figures were not read, a column whose figures were not read in any row (its
header known), a table not found. The audit of the deleted model is compared with the audit of the
whole one: every error and warning it gives must be one the whole model gives too (same rule, place,
figures and severity). Only the completeness rules may report a table that is not there as missing.

A sample of the deletions runs in `make test` (seconds); the whole sweep, on a Sichuan and a national
report, is behind the corpus marker (CI runs it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import DATA, national_cases

from budgetlib.checks import audit
from budgetlib.model import FUND_FIELDS, INDICATOR_FIELDS, Finding, Report, not_read

# Rules whose finding is the absence itself (a table or 合计 row not there): a deleted table is
# table.missing's finding by design; every other rule must not speak of it but to say 无法核对.
ABSENCE_RULES = {"table.missing", "table.empty_unexplained"}

# (what, where it is: the location keys a finding naming it carries, the deletion as a context)
Deletion = tuple[str, dict, Callable[[Report], Iterator[None]]]


def key(f: Finding) -> tuple:
    return (f.rule, f.severity, f.section, f.table, f.project, f.row, f.column, f.indicator, f.field,
            f.stated, f.expected, f.difference)


def _cell(container, attr: str | None, name: str):
    @contextmanager
    def delete(_: Report):
        if attr is None:  # a dict of cells (a schedule row's values)
            old = container[name]
            container[name] = not_read()
            try:
                yield
            finally:
                container[name] = old
        else:
            old = getattr(container, name)
            setattr(container, name, not_read())
            try:
                yield
            finally:
                setattr(container, name, old)
    return delete


def _row_values(row):
    @contextmanager
    def delete(_: Report):
        old, row.values = row.values, {}
        try:
            yield
        finally:
            row.values = old
    return delete


def _column(sch, col: str):
    @contextmanager
    def delete(_: Report):
        saved = {id(r): r.values.pop(col) for r in sch.all_rows() if col in r.values}
        try:
            yield
        finally:
            for r in sch.all_rows():
                if id(r) in saved:
                    r.values[col] = saved[id(r)]
    return delete


def _table(key_: str):
    @contextmanager
    def delete(report: Report):
        order = list(report.schedules)
        old = report.schedules.pop(key_)
        try:
            yield
        finally:
            report.schedules[key_] = old
            report.schedules = {k: report.schedules[k] for k in order}
    return delete


def _form_cells(form, obj, fields, where: str, place: dict) -> Iterator[Deletion]:
    for name in fields:
        yield f"自评表{form.index} {where}.{name}", {**place, "column": name}, _cell(obj, "attr", name)


def _form_row(obj, fields):
    @contextmanager
    def delete(_: Report):
        old = {k: getattr(obj, k) for k in fields}
        for k in fields:
            setattr(obj, k, not_read())
        try:
            yield
        finally:
            for k, v in old.items():
                setattr(obj, k, v)
    return delete


def deletions(report: Report) -> Iterator[Deletion]:
    """Every cell, row, column and table of the model (schedules and 自评表), as a context that deletes
    it and puts it back."""
    for tkey, sch in report.schedules.items():
        if not sch.present:
            continue
        yield f"表 {tkey}", {"table": tkey}, _table(tkey)
        cols = {c for r in sch.all_rows() for c in r.values}
        for col in sorted(cols):
            yield f"表 {tkey} 栏 {col}", {"table": tkey, "column": col}, _column(sch, col)
        for r in sch.all_rows():
            yield f"表 {tkey} 行 {r.key}", {"table": tkey, "row": r.key}, _row_values(r)
            for col in list(r.values):
                yield f"表 {tkey} {r.key}.{col}", {"table": tkey, "row": r.key, "column": col}, \
                    _cell(r.values, None, col)
    for form in report.forms:
        at = {"project": form.index}
        for i, fund in enumerate(form.funds):
            yield f"自评表{form.index} 资金行{i}", at, _form_row(fund, FUND_FIELDS)
            yield from _form_cells(form, fund, FUND_FIELDS, f"funds[{i}]", at)
        for i, ind in enumerate(form.indicators):
            place = {**at, "indicator": i + 1}
            yield f"自评表{form.index} 指标{i}", place, _form_row(ind, INDICATOR_FIELDS)
            yield from _form_cells(form, ind, INDICATOR_FIELDS, f"indicators[{i}]", place)
        if form.total is not None:
            yield from _form_cells(form, form.total, ("weight", "score"), "total", at)


def sampled(what: str) -> bool:
    """Deletions the fast sample takes every n-th of: cells and 自评表 rows (a schedule's tables,
    columns and rows are all taken)."""
    return not (what.startswith("表 ") and (" " not in what[2:] or " 栏 " in what or " 行 " in what))


def names(f: Finding, place: dict) -> bool:
    """The finding points at the deleted place (or inside it)."""
    return all(getattr(f, k) == v for k, v in place.items())


def computed_from_deleted(report: Report, whole: set[tuple], what: str, place: dict) -> list[Finding]:
    """Errors and warnings of the deleted model that the whole model does not give. An arithmetic
    finding (violated, 尾差, truncated) must be one of the whole model's, figures and all; a judgement
    on wording (outcome judgement) may move to another cell that was read, but may not name the
    deleted one."""
    tables_gone = set(place) == {"table"}
    return [f for f in audit(report) if f.severity in ("error", "warning") and key(f) not in whole
            and not (tables_gone and f.rule in ABSENCE_RULES)
            and (f.outcome != "judgement" or names(f, place))]


def sweep(report: Report, every: int = 1) -> tuple[int, list[str]]:
    whole = {key(f) for f in audit(report)}
    done, bad, n = 0, [], 0
    for what, place, delete in list(deletions(report)):
        if sampled(what):
            n += 1
            if n % every:
                continue
        with delete(report):
            found = computed_from_deleted(report, whole, what, place)
        done += 1
        bad.extend(f"{what}: {f.rule} {f.severity} {f.message}" for f in found)
    assert {key(f) for f in audit(report)} == whole, "a deletion was not put back"
    return done, bad


def seed() -> Report:
    return Report.from_truth(json.loads((DATA / "seed_2023.truth.json").read_text(encoding="utf-8")))


def test_deletion_kinds_reach_every_part_of_the_model():
    report = seed()
    whats = [what for what, _, _ in deletions(report)]
    assert sum(1 for n in whats if n.startswith("表 ") and " " not in n[2:]) == len(report.schedules)
    assert any(" 栏 " in n for n in whats) and any(" 行 " in n for n in whats)
    assert any("资金行" in n for n in whats) and any(".score" in n for n in whats)


def test_a_deleted_cell_is_could_not_check_not_zero():
    """The case of the issue: one cell of 附表1 deleted gave narrative.table_mismatch "附表1为0.00万元"."""
    report = seed()
    claim = next(c for c in report.claims if c.kind == "amount" and c.ref and c.ref.table == "income_expense_summary")
    row = report.schedules["income_expense_summary"].row(claim.ref.row)
    row.values[claim.ref.column] = not_read()
    mine = [f for f in audit(report) if (f.other or {}).get("claim") == claim.id]
    assert mine and all(f.severity == "info" and f.could_not_check for f in mine), mine
    assert all("0.00" not in f.message for f in mine)


def test_sample_of_deletions_on_the_seed():
    """Every table, column and row of the schedules and every 20th other deletion (about 200 audits)."""
    report = seed()
    done, bad = sweep(report, every=20)
    assert done > 150
    assert not bad, "\n".join(bad[:30])


@pytest.mark.corpus
def test_every_deletion_on_a_sichuan_and_a_national_report():
    reports = [seed(), Report.from_truth(json.loads(Path(national_cases()[0]).with_suffix(".truth.json")
                                                    .read_text(encoding="utf-8")))]
    bad: list[str] = []
    for report in reports:
        done, found = sweep(report)
        assert done > 300
        bad += found
    assert not bad, "\n".join(bad[:40])


# ---------------------------------------------------------------- what the auditor sees


def test_notebook_frames_and_workbook_show_not_read_never_zero(tmp_path):
    """A cell not read shows as 未读取 and a figure recomputed from it as 无法核对, in the notebook frames
    and in the working paper; a printed blank stays blank (it is the template's zero)."""
    import openpyxl

    from budgetlib.present import frames
    from budgetlib.present import recompute as rc
    from budgetlib.present.workbook import write_workbook

    report = seed()
    form = report.forms[0]
    total = form.fund("总额")
    total.executed = not_read()
    sch = report.schedules["income"]
    row = sch.rows[0]
    col = next(iter(row.values))
    del row.values[col]
    funds = frames.funds_frame(form)
    assert funds.loc["总额", "executed"] == "未读取"
    assert funds.loc["总额", "rate_re"] == "无法核对" and funds.loc["总额", "score_re"] == "无法核对"
    assert rc.exec_rate(total, form) is None and rc.budget_score(form) is None
    assert frames.score_frame(form).loc["budget", "recomputed"] == "无法核对"
    (_, df), *_ = frames.schedule_frames(sch)
    assert "未读取" in df.iloc[0].tolist()
    path = tmp_path / "w.xlsx"
    write_workbook(path, audit(report), report)
    wb = openpyxl.load_workbook(path)
    values = [c.value for r in wb[sch.label].iter_rows() for c in r]
    assert "未读取" in values
    assert "未读取" in [c.value for r in wb["自评表1"].iter_rows() for c in r]


def test_total_score_is_not_recomputed_over_an_unscored_indicator():
    """Notebook 05 showed 重算 59.8 where perf.total said it could not check: a weighted indicator
    without a score is not a zero."""
    from budgetlib.present import recompute as rc

    report = seed()
    form = next(f for f in report.forms if f.total is not None and f.total.score.printed)
    assert rc.total_score(form) is not None
    ind = next(i for i in form.indicators if i.weight.printed)
    ind.score = type(ind.score)("", read=True)
    assert rc.total_score(form) is None
    mine = [f for f in audit(report) if f.rule == "perf.total" and f.project == form.index]
    assert [(f.severity, f.outcome) for f in mine] == [("info", "missing")]
