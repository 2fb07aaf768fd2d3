"""Every broken download gets exit code 2 and one line naming the file and the reason, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from badfiles import CASES, DATA, compilation
from conftest import truth_of

from budgetlib.cli import main
from budgetlib.errors import BadInput
from budgetlib.parse.inputs import check_input, cover_of, find_reports
from budgetlib.parse.report import read_report
from budgetlib.pdf.document import scan_pdf


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bad")


@pytest.fixture(scope="module")
def bad_files(bad_dir) -> dict[str, Path]:
    return {name: build(bad_dir) for name, (build, _, _) in CASES.items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_report_refuses_with_reason(name, bad_files):
    _, zh, en = CASES[name]
    with pytest.raises(BadInput) as err:
        read_report(bad_files[name])
    assert zh in err.value.reason_zh
    assert en in err.value.reason_en
    assert err.value.path == str(bad_files[name])


@pytest.mark.parametrize("command", ["audit", "extract", "run"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_exit_2_one_line(name, command, bad_files, capsys, tmp_path):
    _, zh, en = CASES[name]
    argv = [command, str(bad_files[name])] + (["--out", str(tmp_path)] if command == "run" else [])
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(bad_files[name]) in lines[0] and zh in lines[0] and en in lines[0]
    assert "Traceback" not in err


def test_missing_file_and_directory(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nope.pdf")]) == 2
    assert "文件不存在" in capsys.readouterr().err
    assert main(["audit", str(tmp_path)]) == 2
    assert "是目录" in capsys.readouterr().err


@pytest.mark.parametrize("pdf", sorted(DATA.glob("*.pdf")), ids=lambda p: p.stem)
def test_good_reports_pass_the_checks(pdf):
    """The checks must not refuse real reports: one span, the cover's unit and year as in truth."""
    scan, spans = check_input(pdf)
    truth = truth_of(pdf)
    assert len(spans) == 1
    assert (spans[0].first, spans[0].last) == (1, scan.page_count)
    assert spans[0].unit == truth["unit"]["name"]
    assert spans[0].year == truth["year"]


def test_compilation_is_split_at_each_cover(tmp_path):
    names = ("case_008", "case_010", "case_009")
    scan = scan_pdf(compilation(tmp_path, names))
    spans = find_reports(scan)
    sizes = [scan_pdf(DATA / f"{n}.pdf").page_count for n in names]
    assert [(s.first, s.last) for s in spans] == [(1, sizes[0]), (sizes[0] + 1, sizes[0] + sizes[1]),
                                                  (sizes[0] + sizes[1] + 1, sum(sizes))]
    assert [s.unit for s in spans] == [truth_of(DATA / f"{n}.pdf")["unit"]["name"] for n in names]


@pytest.mark.parametrize("text,expected", [
    ("2023 年度四川省大数据技术服务中心\n单位决算\n目录", ("四川省大数据技术服务中心", 2023)),
    ("2021年度宝林县交通运输局部门决算\n目录", ("宝林县交通运输局", 2021)),
    ("2021年度一般公共预算财政拨款支出990.80万元，占本年支出合计的98.11%。\n与2020年相比", None),
    ("第二部分 2022年度单位决算情况说明\n一、收入支出决算总体情况说明", None),
    ("2024年某县教育局部门预算\n目录", None),
])
def test_cover_recognition(text, expected):
    assert cover_of(text) == expected


def test_partly_scanned_report_is_not_refused(tmp_path):
    """One image page among text pages (a scanned 签章 page) is normal; only a mostly-image file is refused."""
    from badfiles import scanned
    from pypdf import PdfReader, PdfWriter

    img = PdfReader(str(scanned(tmp_path, pages=1)))
    w = PdfWriter(clone_from=str(DATA / "case_010.pdf"))
    w.add_page(img.pages[0])
    p = tmp_path / "with_image_page.pdf"
    with open(p, "wb") as fh:
        w.write(fh)
    scan, spans = check_input(p)
    assert scan.image_only_pages == [scan.page_count]
    assert len(spans) == 1


@pytest.mark.corpus  # tesseract reads a page in several seconds
def test_ocr_makes_a_scanned_report_readable(tmp_path):
    from budgetlib.parse.inputs import searchable
    from budgetlib.pdf import ocr

    if not ocr.available():
        pytest.skip("tesseract with chi_sim not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    from badfiles import scanned

    truth = truth_of(DATA / "case_010.pdf")
    # cover and 目录, 单位概况, and a page of figures: a file is audited for its budget figures, and a
    # cover alone has none (it would be refused as not a 决算, read or not)
    p = scanned(tmp_path, pages=3, dpi=300)
    with pytest.raises(BadInput):
        check_input(p)
    readable = searchable(p, tmp_path / "ocr")
    scan, spans = check_input(readable)
    assert scan.text_pages == [1, 2, 3]
    # the cover is recognised and the year read; rare characters of the name may be misread
    # (accuracy: docs/benchmarks.md, "OCR")
    assert spans[0].year == truth["year"] and spans[0].unit
    assert "决算情况说明" in "".join(scan.pages[0].text.split())
    assert searchable(readable) == readable  # a text layer is left alone


def test_audit_piped_into_a_closed_reader_ends_quietly():
    # `budgetlib audit X | head -1`: once the reader has gone, the remaining lines must not end in a BrokenPipeError
    # traceback (an auditor's shell loop would print one per unit). The reader here leaves before the audit prints.
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "budgetlib", "audit", str(DATA / "case_008.pdf")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
