"""budgetlib batch: good units complete, bad ones failed with their reason, re-runs skip, nothing escapes --out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from badfiles import CASES, DATA, compilation
from conftest import real_file, truth_of

from budgetlib.batch import manifest as mf
from budgetlib.batch import run_batch
from budgetlib.batch.paths import claim_dir, safe_name
from budgetlib.checks import audit
from budgetlib.errors import BadInput
from budgetlib.parse.report import read_report
from budgetlib.pdf.document import file_sha256
from budgetlib.present.findings_io import read_findings

HOSTILE = "../../逃逸/单位;rm -rf ~ `id` $(id)"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """One good unit through a params file with a hostile unit name, and every kind of broken download."""
    d = tmp_path_factory.mktemp("inputs")
    shutil.copy(DATA / "case_008.pdf", d / "good.pdf")
    (d / "good.yaml").write_text(yaml.safe_dump({"pdf": "good.pdf", "unit": HOSTILE, "year": 2020},
                                                allow_unicode=True), encoding="utf-8")
    bad = d / "downloads"
    bad.mkdir()
    for name, (build, _, _) in CASES.items():
        if name != "compilation":  # a compilation is split, not failed: test_compilation_is_split_into_units
            build(bad)
    (bad / "broken.yaml").write_text("pdf: [unclosed\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def first_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "runs"
    summary = run_batch([str(inputs)], out, workers=2, notebooks=False, progress=False)
    return out, summary


EXPECTED_FAILURES = {"zero.pdf": "空文件", "html.pdf": "不是PDF（HTML页面）", "truncated.pdf": "文件不完整",
                     "encrypted.pdf": "已加密", "corrupt.pdf": "PDF已损坏", "scanned.pdf": "扫描件无文字层",
                     "blank.pdf": "没有可提取的文字", "letter.pdf": "未识别为决算或预算报告", "cid.pdf": "ToUnicode",
                     "broken.yaml": "不是合法的YAML"}


def test_bad_units_fail_with_their_reason(first_run):
    _, summary = first_run
    failed = {Path(f["source"]).name: f["reason"] for f in summary["failed"]}
    assert set(failed) == set(EXPECTED_FAILURES)
    for name, reason in EXPECTED_FAILURES.items():
        assert reason in failed[name] and name in failed[name]
        assert "\n" not in failed[name]


def test_good_unit_outputs_match_a_single_audit(first_run, inputs):
    out, summary = first_run
    assert summary["units_done"] == 1 and summary["units_failed"] == len(EXPECTED_FAILURES)
    folder = Path(summary["done"][0]["folder"])
    m = mf.read(folder)
    assert m is not None and mf.complete(folder, m)
    assert m["pdf_sha256"] == file_sha256(inputs / "good.pdf")
    assert {"findings.json", "findings.csv", "findings.xlsx", "findings.pdf", "annotations.csv",
            "figures.json"} <= set(m["outputs"])
    expected = audit(read_report(inputs / "good.pdf"), {"unit": HOSTILE, "year": 2020})
    assert [f.to_dict() for f in read_findings(folder / "findings.json")] == [f.to_dict() for f in expected]
    by_sev = {}
    for f in expected:
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    assert summary["findings_by_severity"] == by_sev
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["units_done"] == 1
    assert "DONE" in (out / "batch.log").read_text(encoding="utf-8")


def test_hostile_unit_name_stays_inside_out(first_run):
    out, summary = first_run
    folder = Path(summary["done"][0]["folder"]).resolve()
    assert out.resolve() in folder.parents
    assert folder.parent.parent == out.resolve()
    assert not (out.parent / "逃逸").exists()
    assert all(ch not in folder.parent.name for ch in "/;`$ ") and ".." not in folder.parent.name


def test_rerun_skips_unchanged_units_and_force_redoes(first_run, inputs):
    out, first = first_run
    folder = Path(first["done"][0]["folder"])
    stamp = (folder / "findings.json").stat().st_mtime_ns
    again = run_batch([str(inputs)], out, workers=2, notebooks=False, progress=False)
    assert again["units_done"] == 0 and again["units_skipped"] == 1
    assert (folder / "findings.json").stat().st_mtime_ns == stamp
    assert again["findings_by_severity"] == first["findings_by_severity"]
    # an output deleted by hand makes the unit incomplete: it is redone
    (folder / "findings.csv").unlink()
    redo = run_batch([str(inputs / "good.yaml")], out, notebooks=False, progress=False)
    assert redo["units_done"] == 1 and (folder / "findings.csv").exists()
    forced = run_batch([str(inputs / "good.yaml")], out, notebooks=False, force=True, progress=False)
    assert forced["units_done"] == 1 and forced["units_skipped"] == 0


def test_changed_params_redo_the_unit(first_run, inputs, tmp_path):
    out, _ = first_run
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(inputs / "good.pdf", d / "good.pdf")
    (d / "good.yaml").write_text(yaml.safe_dump({"pdf": "good.pdf", "unit": HOSTILE, "year": 2020,
                                                 "tolerances": {"sum_slack_per_part": "0.01"}},
                                                allow_unicode=True), encoding="utf-8")
    res = run_batch([str(d / "good.yaml")], out, notebooks=False, progress=False)
    assert res["units_done"] == 1 and res["units_skipped"] == 0


def test_compilation_is_split_into_units(tmp_path):
    names = ("case_008", "case_010")
    src = tmp_path / "in"
    src.mkdir()
    compilation(src, names)
    res = run_batch([str(src)], tmp_path / "out", workers=2, notebooks=False, progress=False)
    assert res["units_failed"] == 0 and res["units_done"] == 2
    units = sorted((u["unit"], u["year"]) for u in res["done"])
    assert units == sorted((truth_of(DATA / f"{n}.pdf")["unit"]["name"], truth_of(DATA / f"{n}.pdf")["year"])
                           for n in names)
    parts = sorted(tuple(mf.read(Path(u["folder"]))["inputs"]["part"]) for u in res["done"])
    assert parts == [(1, 2), (2, 2)]
    again = run_batch([str(src)], tmp_path / "out", workers=2, notebooks=False, progress=False)
    assert again["units_done"] == 0 and again["units_skipped"] == 2
    # one part left unfinished (as by a kill): only that part is redone
    first = Path(res["done"][0]["folder"])
    (first / mf.NAME).unlink()
    resumed = run_batch([str(src)], tmp_path / "out", workers=2, notebooks=False, progress=False)
    assert resumed["units_skipped"] == 1 and [u["folder"] for u in resumed["done"]] == [str(first)]


def test_timeout_fails_only_that_unit(tmp_path):
    res = run_batch([str(DATA / "case_008.pdf")], tmp_path / "out", notebooks=False, timeout=0.1, progress=False)
    assert res["units_done"] == 0
    [failed] = res["failed"]
    assert failed["kind"] == "timeout" and "超时" in failed["reason"]
    assert not list((tmp_path / "out").glob(f"*/*/{mf.NAME}"))


@pytest.mark.corpus  # eight notebooks: about a minute
def test_notebooks_run_or_fail_with_a_reason(tmp_path):
    """Default mode runs the notebooks; while budgetlib.notebooks_run is missing the unit fails, clearly."""
    res = run_batch([str(DATA / "case_008.pdf")], tmp_path / "out", notebooks=True, progress=False)
    try:
        import budgetlib.notebooks_run  # noqa: F401
    except ImportError:
        [failed] = res["failed"]
        assert "笔记本" in failed["reason"] and "--no-notebooks" in failed["reason"]
        return
    [done] = res["done"]
    names = mf.read(Path(done["folder"]))["outputs"]
    assert any(n.endswith(".ipynb") for n in names) and any(n.endswith(".html") for n in names)


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ".", "~", "$(reboot)", "a\x00b", "单位;rm -rf /", "", "_store"])
def test_safe_name_is_one_harmless_component(name):
    s = safe_name(name)
    assert s and "/" not in s and "\x00" not in s and s not in (".", "..")
    assert not s.startswith((".", "_", "~", "-"))
    assert not set(s) & set(";$`()|&<> ~")


def test_claim_dir_separates_two_sources_of_one_unit(tmp_path):
    a = claim_dir(tmp_path, "某单位", 2023, "/in/a.pdf")
    b = claim_dir(tmp_path, "某单位", 2023, "/in/b.pdf")
    assert a != b and a.parent == b.parent
    assert claim_dir(tmp_path, "某单位", 2023, "/in/a.pdf") == a


def test_cli_batch_exit_code_and_summary_lines(tmp_path, capsys):
    from badfiles import html_page, zero_byte

    from budgetlib.cli import main

    src = tmp_path / "in"
    src.mkdir()
    zero_byte(src)
    html_page(src)
    assert main(["batch", str(src), "--out", str(tmp_path / "out"), "--no-notebooks", "--workers", "1"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("批量审计完成：2个输入，0个单位完成") and "2个失败" in out[0]
    failed = [line for line in out[1:] if line.lstrip().startswith("失败")]
    assert sorted(line.split("：")[1] for line in failed) == sorted(str(src / n) for n in ("html.pdf", "zero.pdf"))
    assert all(("空文件" in line) != ("不是PDF" in line) for line in failed)
    assert out[1:] == [*failed, f"  汇总：{tmp_path / 'out' / '汇总.html'}"]


def test_sample_store_is_rebuilt_from_empty_and_fails_loudly(tmp_path):
    """Notebook 08's sample: the same store however often it is built (a re-run over an old one would turn
    every 新发现 into 仍存在), never over a folder it did not make, never with a failed unit left out."""
    from badfiles import zero_byte

    from budgetlib import store
    from budgetlib.batch import SAMPLE_MARK, sample_store

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(DATA / "case_008.pdf", inputs)
    out = tmp_path / "runs" / "sample_store"
    q = "SELECT unit, status, count(*) FROM findings GROUP BY ALL ORDER BY ALL"
    first = store.open_store(sample_store([inputs], out)).execute(q).fetchall()
    (out / "某单位" / "2019").mkdir(parents=True)  # left over from an earlier sample
    again = store.open_store(sample_store([inputs], out)).execute(q).fetchall()
    assert first == again and {s for _, s, _ in first} == {"新发现"}
    assert not (out / "某单位").exists()

    mine = tmp_path / "my_batch"
    mine.mkdir()
    with pytest.raises(BadInput, match="不是示例发现库"):
        sample_store([inputs], mine)

    zero_byte(inputs)
    with pytest.raises(RuntimeError, match="示例发现库不完整.*zero.pdf"):
        sample_store([inputs], out)
    assert (out / SAMPLE_MARK).is_file()  # a failed sample is still emptied by the next call


def test_batch_meta_names_no_unit_it_did_not_read(tmp_path):
    # excerpt 01 (大英县 文旅局) names its unit only inside a paragraph: the batch folder is named after the file,
    # but findings.json says 未识别单位名称 and carries the narrative coverage (59 figures, all read: hand count
    # in tests/test_narrative_wording.py) as the command line does.
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(real_file("excerpts", "01_daying_culture_tourism_2022.pdf"), src)
    res = run_batch([str(src)], tmp_path / "out", notebooks=False, progress=False)
    (done,) = res["done"]
    meta = json.loads((Path(done["folder"]) / "findings.json").read_text(encoding="utf-8"))["meta"]
    assert meta["unit"] is None and meta["unrecognised"] == ["未识别单位名称"]
    assert meta["year"] == 2022 and meta["disclosure"] == "决算" and meta["kind"] == "excerpt"
    assert meta["narrative_coverage"] == {"consumed": 59, "figures": 59, "share": 1.0}
