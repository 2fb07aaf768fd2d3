"""The findings store: figures and the prior-year check against truth, annotations carried forward."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, truth_of

from budgetlib import annotations, store
from budgetlib.atomic import atomic_write_text
from budgetlib.batch import manifest as mf
from budgetlib.model import Finding, Report
from budgetlib.present.findings_io import findings_json

CASE = DATA / "case_009.pdf"


def _implied_priors(truth: dict) -> dict[str, str]:
    """Truth's own prior-year figure (`prior`) of each yoy_amount claim, by its subject's id."""
    return {c["subject"]: c["prior"] for c in truth["narrative"]["claims"]
            if c["kind"] == "yoy_amount" and c.get("subject") and c.get("prior")}


def test_figures_derive_the_prior_year_the_truth_records():
    """prior = current ∓ change equals truth `prior` for every yoy claim that is not itself planted wrong."""
    truth = truth_of(CASE)
    report = Report.from_truth(truth)
    rows = {r["key"]: r for r in store.figures(report)}
    wrong_claims = {e["location"].get("claim") for e in truth["errors"] if e["rule"].startswith("narrative.yoy")}
    by_id = {c["id"]: c for c in truth["narrative"]["claims"]}
    checked = 0
    for subject, prior in _implied_priors(truth).items():
        yoy = next(c for c in truth["narrative"]["claims"] if c["kind"] == "yoy_amount" and c["subject"] == subject)
        key = store.figure_key(report.claim(subject))
        assert rows[key]["current"] == by_id[subject]["value"]
        if yoy["id"] not in wrong_claims and subject not in wrong_claims:
            assert Decimal(rows[key]["prior_stated"]) == Decimal(prior), key
            checked += 1
    assert checked >= 3


def _unit_folder(out: Path, report: Report, findings: list[Finding]) -> None:
    folder = out / report.unit / str(report.year)
    atomic_write_text(folder / "findings.json", findings_json(findings, {"unit": report.unit}))
    atomic_write_text(folder / store.FIGURES, json.dumps(store.figures(report), ensure_ascii=False))
    notes = annotations.carry_forward(report.unit, report.year, [], findings)
    atomic_write_text(folder / annotations.NAME, annotations.to_csv(notes))
    sev = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    manifest = {"unit": report.unit, "year": report.year, "source": "test", "inputs": {"source_sha256": "x"},
                "findings": {"by_severity": sev},
                "outputs": mf.describe_outputs(folder, ["findings.json", store.FIGURES, annotations.NAME])}
    atomic_write_text(folder / mf.NAME, json.dumps(manifest, ensure_ascii=False))


def _prior_year_report(truth: dict, shift: dict[str, str]) -> Report:
    """The same unit's previous report: its amount claims carry truth's prior figures (± a planted shift)."""
    prev = copy.deepcopy(truth)
    prev["year"] = truth["year"] - 1
    priors = _implied_priors(truth)
    claims = [c for c in prev["narrative"]["claims"] if c["id"] in priors]
    for c in claims:
        c["value"] = str(Decimal(priors[c["id"]]) + Decimal(shift.get(c["id"], "0")))
    prev["narrative"]["claims"] = claims
    return Report.from_truth(prev)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    truth = truth_of(CASE)
    cur = Report.from_truth(truth)
    prev = _prior_year_report(truth, {"s4.total": "0.47"})
    f_cur = [Finding("table.row_sum", "error", "行合计不等", table=5, row="2080501", column="total"),
             Finding("table.row_sum", "error", "行合计不等", table=5, row="2080502", column="total"),
             Finding("perf.total", "warning", "合计", project=2, within_rounding=True),
             Finding("perf.total", "info", "附表5未读取", project=3, outcome="missing")]
    f_prev = [Finding("table.row_sum", "error", "行合计不等", table=5, row="2080501", column="total")]
    _unit_folder(out, cur, f_cur)
    _unit_folder(out, prev, f_prev)
    db = store.write_store(out)
    return out, db, truth


def test_store_has_one_row_per_finding_and_per_unit(built):
    _, db, truth = built
    con = store.open_store(db)
    assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == 5
    # the outcome travels with each finding: a could-not-check is told from a 尾差 without its wording
    assert con.execute("SELECT outcome, count(*) FROM findings WHERE unit = ? GROUP BY 1 ORDER BY 1",
                       [truth["unit"]["name"]]).fetchall() == [("missing", 1), ("rounding", 1), ("violated", 3)]
    units = con.execute("SELECT unit, year, errors, warnings FROM units ORDER BY year").fetchall()
    name = truth["unit"]["name"]
    assert units == [(name, truth["year"] - 1, 1, 0), (name, truth["year"], 2, 1)]
    by_rule = store.findings_by_rule(con)
    assert by_rule.set_index(["rule", "severity"])["findings"].to_dict() == {
        ("table.row_sum", "error"): 3, ("perf.total", "warning"): 1, ("perf.total", "info"): 1}
    assert store.units_with_most_errors(con)["year"].tolist() == [truth["year"], truth["year"] - 1]


def test_prior_year_check_flags_exactly_the_shifted_figure(built):
    _, db, truth = built
    check = store.prior_year_check(store.open_store(db))
    priors = _implied_priors(truth)
    wrong_amounts = {e["location"]["claim"] for e in truth["errors"] if e["rule"] == "narrative.yoy_amount"}
    assert not wrong_amounts  # this case's planted yoy error is a percentage, which states no prior figure
    assert len(check) == len(priors)
    bad = check[~check["agrees"]]
    assert bad["key"].tolist() == ["表fiscal_summary:in.grand:amount"]
    assert Decimal(str(bad.iloc[0]["difference"])) == Decimal("-0.47")


def test_parquet_folder_and_duckdb_file_agree(built):
    out, db, _ = built
    q = "SELECT rule, location FROM findings ORDER BY rule, location"
    assert store.open_store(out / store.STORE_DIR).execute(q).fetchall() == store.open_store(db).execute(q).fetchall()


def test_annotations_carry_forward_new_open_gone(tmp_path):
    f1 = Finding("table.row_sum", "error", "a", table=5, row="1", column="total")
    f2 = Finding("perf.total", "error", "b", project=3)
    f3 = Finding("perf.total", "error", "c", project=4)
    first = annotations.carry_forward("某单位", 2023, [], [f1, f2], today="2024-01-01")
    assert [r["status"] for r in first] == ["新发现", "新发现"]
    first[0].update(disposition="说明", comment="单位已书面说明")
    first[1].update(disposition="整改", comment="已改正")
    parsed = annotations.read(_roundtrip(first, tmp_path))
    second = annotations.carry_forward("某单位", 2023, parsed, [f1, f3], today="2024-02-01")
    by_loc = {r["location"]: r for r in second}
    assert by_loc["table=5;row=1;column=total"]["status"] == "仍存在"
    assert by_loc["table=5;row=1;column=total"]["comment"] == "单位已书面说明"
    assert by_loc["table=5;row=1;column=total"]["first_seen"] == "2024-01-01"
    assert by_loc["project=3"]["status"] == "已消失" and by_loc["project=3"]["disposition"] == "整改"
    assert by_loc["project=4"]["status"] == "新发现" and by_loc["project=4"]["first_seen"] == "2024-02-01"
    # a gone finding that comes back keeps its note
    third = annotations.carry_forward("某单位", 2023, annotations.read(_roundtrip(second, tmp_path)), [f2])
    assert {r["location"]: r["comment"] for r in third}["project=3"] == "已改正"


def _roundtrip(rows, folder: Path) -> Path:
    """Through the CSV an auditor edits in Excel."""
    p = folder / annotations.NAME
    p.write_text(annotations.to_csv(rows), encoding="utf-8-sig")
    return p


def test_repeated_findings_at_one_place_get_distinct_keys():
    f = Finding("parse.unreadable", "warning", "x")
    assert annotations.keys([f, f, f]) == [("parse.unreadable", ""), ("parse.unreadable", "#2"),
                                           ("parse.unreadable", "#3")]


@pytest.fixture(scope="module")
def truth_store(tmp_path_factory):
    """A store of the figures of every data/ sample, each unit with a previous year made of the 上年 figures
    its truth file records (truth `prior` of each yoy claim): data/ holds no unit twice, and the prior-year
    check needs pairs. Built from ground truth, so it does not move with the PDF parser."""
    figs, truths = [], {}
    for pdf in sorted(DATA.glob("*.pdf")):
        truth = truth_of(pdf)
        report = Report.from_truth(truth)
        truths[report.unit] = truth
        figs += [{**r, "unit": report.unit, "year": report.year} for r in store.figures(report)]
        previous = {}
        for subject, prior in _implied_priors(truth).items():
            c = report.claim(subject)
            previous[store.figure_key(c)] = {"unit": report.unit, "year": report.year - 1,
                                             "key": store.figure_key(c), "label": c.label, "current": prior}
        figs += previous.values()
    out = tmp_path_factory.mktemp("truth_store")
    store.write_store(out, {"units": [], "findings": [], "figures": figs})
    return store.open_store(out), truths


def test_prior_year_check_catches_a_planted_wrong_figure(truth_store):
    """A narrative figure planted wrong (stated ≠ its table cell) whose 与上年相比 change is stated too implies
    a wrong 上年 figure: the prior-year check disagrees there and nowhere else."""
    con, truths = truth_store
    check = store.prior_year_check(con)
    planted = set()
    for unit, truth in truths.items():
        report = Report.from_truth(truth)
        wrong = {e["location"].get("claim") for e in truth["errors"] if e["rule"].startswith("narrative.")}
        planted |= {(unit, truth["year"], store.figure_key(report.claim(subject)))
                    for subject in _implied_priors(truth) if subject in wrong}
    assert planted  # case_010: 收、支总计 stated 1360.46, table 1360.96
    assert len(check) >= 10
    bad = check[~check["agrees"]]
    assert set(zip(bad["unit"], bad["year"], bad["key"])) == planted
