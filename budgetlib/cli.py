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
        print(f"已写入 {args.output}：{len(report.schedules)} 张附表，{len(report.forms)} 张绩效自评表，"
              f"{len(report.claims)} 个叙述数字")
    else:
        print(text)
    return 0


def cmd_audit(args) -> int:
    from budgetlib import audit
    from budgetlib.checks.registry import ruleset_hash
    from budgetlib.parse.report import read_report
    from budgetlib.present.findings_io import write_findings
    from budgetlib.present.summary import UNIT_UNREAD, YEAR_UNREAD, coverage_text, findings_meta, kind_text, summarize

    pdf, params = _source(args.report, args.ocr)
    report = read_report(pdf)
    others = [read_report(_source(o, args.ocr)[0]) for o in args.with_ or []]
    findings = audit(report, params, others=others)
    meta = findings_meta(report, pdf, report.unit, report.year, findings=findings, budgetlib=__version__,
                         ruleset=ruleset_hash())
    crossdoc_line = ""
    outputs = args.output or []
    for out in outputs:
        write_findings(out, findings, meta, report, pdf_info=args.pdf_info)
    coverage = coverage_text(report)
    print(f"{report.unit or UNIT_UNREAD} {report.year or YEAR_UNREAD}（{kind_text(report.kind, report.disclosure)}）："
          f"{summarize(findings)}"
          + (f"；{coverage}" if coverage else "") + crossdoc_line
          + (f"；已写入 {', '.join(outputs)}" if outputs else ""))
    if not outputs:
        for f in findings:
            if f.severity != "info":
                print(f"  [{f.severity}] {f.rule} 第{f.page or '?'}页 {f.message}")
    return 0


def cmd_rules(args) -> int:
    from budgetlib.checks import RULES

    for rid, r in sorted(RULES.items()):
        formula = r.formula.splitlines()[0] if r.formula else ""
        print(f"{rid:32s} {r.severity:8s} {r.title}  —  {formula}")
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
    p = argparse.ArgumentParser(prog="budgetlib", description="决算公开报告审计工具 / audit toolkit for 决算 disclosures")
    p.add_argument("--version", action="version", version=f"budgetlib {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="解析PDF为JSON / the parsed model as JSON")
    e.add_argument("report")
    e.add_argument("-o", "--output")
    e.add_argument("--ocr", action="store_true", help=OCR_HELP)
    e.set_defaults(fn=cmd_extract)

    a = sub.add_parser("audit", help="审计一份报告 / findings for one report")
    a.add_argument("report", help="REPORT.pdf or params/UNIT.yaml")
    a.add_argument("-o", "--output", action="append",
                   help=".json, .csv, .xlsx 或 .pdf（原报告加标注）/ .json, .csv, .xlsx or .pdf (repeatable)")
    a.add_argument("--pdf-info", action="store_true",
                   help="findings.pdf 也标注“提示”级发现 / findings.pdf marks info findings too")
    a.add_argument("--with", dest="with_", action="append", metavar="OTHER.pdf",
                   help="同一单位的另一份公开文件（上年的、同年预算或决算、部门或单位），逐项跨文件核对；可重复 / "
                        "another disclosure of the same unit to check this one against (repeatable)")
    a.add_argument("--ocr", action="store_true", help=OCR_HELP)
    a.set_defaults(fn=cmd_audit)

    r = sub.add_parser("rules", help="规则目录 / the rule catalogue")
    r.set_defaults(fn=cmd_rules)

    n = sub.add_parser("run", help="运行全部审计笔记本 / all notebooks for one unit")
    n.add_argument("report", help="params/UNIT.yaml or REPORT.pdf")
    n.add_argument("--out", default="runs")
    n.add_argument("--ocr", action="store_true", help=OCR_HELP)
    n.set_defaults(fn=cmd_run)

    b = sub.add_parser("batch", help="批量审计 / every unit of a folder")
    b.add_argument("inputs", nargs="+", help="folders of PDFs and/or params YAML")
    b.add_argument("--out", default="runs")
    b.add_argument("--workers", type=int, default=None)
    b.add_argument("--scheduler", default=None, help="Dask scheduler address")
    b.add_argument("--timeout", type=float, default=600.0, help="seconds per unit")
    b.add_argument("--no-notebooks", action="store_true")
    b.add_argument("--force", action="store_true")
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
