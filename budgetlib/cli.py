"""Command line: extract, audit, rules, run, batch. Exit 0 ran, 2 bad input, 1 bug."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from budgetlib import __version__
from budgetlib.atomic import atomic_write_text
from budgetlib.errors import BadInput


def _source(arg: str, ocr: bool = False) -> tuple[str, dict]:
    """A PDF path or a params YAML → (pdf path, params); with ocr, a scanned PDF's OCR'd copy."""
    params: dict = {}
    pdf = arg
    if arg.lower().endswith((".yaml", ".yml")):
        from budgetlib.params import load_params

        params = load_params(arg)
        pdf = params["pdf"]
    if ocr:
        from budgetlib.parse.inputs import searchable

        pdf = searchable(pdf)
    return pdf, params


def cmd_extract(args) -> int:
    from budgetlib.parse.report import read_report

    pdf, _ = _source(args.report, args.ocr)
    report = read_report(pdf)
    text = json.dumps(report.to_json(), ensure_ascii=False, indent=1)
    if args.output:
        atomic_write_text(args.output, text)
        print(f"已写入 {args.output}：{len(report.schedules)} 张表，{len(report.forms)} 张绩效自评表，"
              f"{len(report.claims)} 个叙述数字")
    else:
        print(text)
    return 0


def _check_outputs(outputs: list[str]) -> None:
    """An output whose format we cannot write is refused before the report is read."""
    from budgetlib.present.findings_io import FORMATS

    for out in outputs:
        if Path(out).suffix.lower() not in FORMATS:
            raise BadInput(out, f"不支持的输出格式“{Path(out).suffix or '（无扩展名）'}”，可用 {'、'.join(FORMATS)}",
                           f"unknown output format (use {', '.join(FORMATS)})")


def cmd_audit(args) -> int:
    from budgetlib import audit
    from budgetlib.checks.registry import ruleset_hash
    from budgetlib.parse.report import read_report
    from budgetlib.present.findings_io import write_findings
    from budgetlib.present.labels import rule_title, where
    from budgetlib.present.order import applicable, lines, sev_zh
    from budgetlib.present.summary import UNIT_UNREAD, YEAR_UNREAD, coverage_text, findings_meta, kind_text, summarize

    _check_outputs(args.output or [])
    pdf, params = _source(args.report, args.ocr)
    report = read_report(pdf)
    others = [read_report(_source(o, args.ocr)[0]) for o in args.with_ or []]
    findings = applicable(audit(report, params, others=others), report)
    meta = findings_meta(report, pdf, report.unit, report.year, findings=findings, budgetlib=__version__,
                         ruleset=ruleset_hash())
    crossdoc_line = ""
    if others:
        from budgetlib.checks import crossdoc

        meta["crossdoc"] = crossdoc.report_block(report, others)
        crossdoc_line = "；" + crossdoc.summary_text(meta["crossdoc"])
    outputs = args.output or []
    for out in outputs:
        write_findings(out, findings, meta, report, pdf_info=args.pdf_info)
    coverage = coverage_text(report)
    print(f"{report.unit or UNIT_UNREAD} {report.year or YEAR_UNREAD}（{kind_text(report.kind, report.disclosure)}）："
          f"{summarize(findings)}"
          + (f"；{coverage}" if coverage else "") + crossdoc_line
          + (f"；已写入 {', '.join(outputs)}" if outputs else ""))
    if not outputs:
        for line in lines(f for f in findings if f.severity != "info"):
            f = line.finding
            page = f"第{f.page}页" if f.page else "页码不详"
            print(f"  {sev_zh(f.severity)} {page} {rule_title(f.rule)}｜{where(f, report)}｜{line.message}")
    return 0


def cmd_rules(args) -> int:
    from budgetlib.checks import RULES
    from budgetlib.present.order import sev_zh

    for rid, r in sorted(RULES.items()):
        formula = r.formula.splitlines()[0] if r.formula else ""
        print(f"{rid:32s} {sev_zh(r.severity)}  {r.title}  —  {formula}")
    print(f"共 {len(RULES)} 条规则 / {len(RULES)} rules")
    return 0


def cmd_run(args) -> int:
    from budgetlib import kernels

    # The kernels' processes are forked first: their imports (the longest part of their start-up)
    # overlap with everything below. They become kernels only once launched; a bad file kills them.
    children = kernels.fork_kernels(kernels.default_kernels()) if kernels.can_fork() else None
    try:
        from budgetlib.parse.inputs import check_input

        pdf, params = _source(args.report, args.ocr)
        check_input(pdf)  # a bad file is refused in a second, before any kernel starts
        from budgetlib.notebooks_run import run_unit
    except BaseException:
        for child in children or ():
            child.abandon()
        raise
    out = run_unit(pdf, params, Path(args.out), params_file=args.report if params else None, children=children)
    print(f"已生成底稿：{out}")
    return 0


def cmd_batch(args) -> int:
    from budgetlib.batch import main as batch_main

    return batch_main(args)


OCR_HELP = "扫描件先用 tesseract（chi_sim）识别 / OCR scanned PDFs first (needs tesseract-ocr-chi-sim)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetlib", description="决算、预算公开报告审计工具 / audit toolkit for 决算 and 预算 disclosures")
    p.add_argument("--version", action="version", version=f"budgetlib {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="解析报告，把读到的表格、自评表和叙述数字写成 JSON（-o 文件，否则打印）"
                                        " / the parsed report as JSON, to -o FILE or stdout")
    e.add_argument("report", help="报告 PDF 或参数文件 params/单位.yaml / REPORT.pdf or params/UNIT.yaml")
    e.add_argument("-o", "--output", help="写入的 JSON 文件 / the JSON file to write")
    e.add_argument("--ocr", action="store_true", help=OCR_HELP)
    e.set_defaults(fn=cmd_extract)

    a = sub.add_parser("audit", help="审计一份报告：打印一行计数与全部错误、警告（错误在前）；用 -o 写发现清单"
                                      " / audit one report: counts and every error and warning, or -o files")
    a.add_argument("report", help="报告 PDF 或参数文件 params/单位.yaml / REPORT.pdf or params/UNIT.yaml")
    a.add_argument("-o", "--output", action="append",
                   help="写入发现清单，可重复：.json（程序读取）、.csv（表格）、.xlsx（审计底稿）、.pdf（原报告加标注）"
                        " / write findings, repeatable: .json, .csv, .xlsx (working paper) or .pdf (annotated report)")
    a.add_argument("--pdf-info", action="store_true",
                   help="findings.pdf 也标注“提示”级发现 / findings.pdf marks info findings too")
    a.add_argument("--with", dest="with_", action="append", metavar="OTHER.pdf",
                   help="同一单位的另一份公开文件（上年的、同年预算或决算、部门或单位），逐项跨文件核对；可重复 / "
                        "another disclosure of the same unit to check this one against (repeatable)")
    a.add_argument("--ocr", action="store_true", help=OCR_HELP)
    a.set_defaults(fn=cmd_audit)

    r = sub.add_parser("rules", help="打印规则目录（编号、严重程度、中文名称、公式）/ print the rule catalogue")
    r.set_defaults(fn=cmd_rules)

    n = sub.add_parser("run", help="为一个单位运行全部审计笔记本，写入 OUT/单位/年度/（已执行的笔记本、HTML、发现清单）"
                                    " / run every notebook for one unit into OUT/unit/year/")
    n.add_argument("report", help="参数文件 params/单位.yaml 或报告 PDF / params/UNIT.yaml or REPORT.pdf")
    n.add_argument("--out", default="runs", help="输出目录（默认 runs）/ output folder")
    n.add_argument("--ocr", action="store_true", help=OCR_HELP)
    n.set_defaults(fn=cmd_run)

    b = sub.add_parser("batch", help="批量审计文件夹中的每份报告：每单位一个文件夹（发现清单、底稿、笔记本），"
                                      "另写 汇总.html、汇总.xlsx、summary.json 和发现库 findings.duckdb"
                                      " / every report of a folder, plus the region overview 汇总.html/.xlsx")
    b.add_argument("inputs", nargs="+", help="含 PDF 或参数文件的文件夹 / folders of PDFs and/or params YAML")
    b.add_argument("--out", default="runs", help="输出目录（默认 runs）/ output folder")
    b.add_argument("--workers", type=int, default=None, help="并行进程数（默认 CPU 核数）/ worker processes")
    b.add_argument("--scheduler", default=None, help="Dask 调度器地址 / Dask scheduler address")
    b.add_argument("--timeout", type=float, default=600.0, help="每个单位的时限（秒）/ seconds per unit")
    b.add_argument("--no-notebooks", action="store_true", help="只写发现清单与底稿，不运行笔记本 / findings only")
    b.add_argument("--force", action="store_true", help="未变化的单位也重新审计 / redo unchanged units")
    b.add_argument("--ocr", action="store_true", help=OCR_HELP)
    b.set_defaults(fn=cmd_batch)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.fn(args)
    except BadInput as exc:
        print(exc.line(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `budgetlib audit X | head`: the reader left; say nothing more (Python docs, "Note on SIGPIPE")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
