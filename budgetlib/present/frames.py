"""The model as pandas DataFrames, printed text kept as printed (an auditor compares with the PDF).

Frames are indexed by the model's keys (row key, fund name, indicator number) and their columns are
the model's column keys, so findings can be mapped onto cells; `df.attrs["labels"]` carries the
Chinese header for each column key, applied when the frame is styled (budgetlib.present.styling).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from budgetlib.model import FUND_FIELDS, Claim, Finding, PerfForm, Report, Schedule, shown
from budgetlib.present import recompute as rc

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
CHINESE_NUMERALS = "零一二三四五六七八九十"

FUND_LABELS = {"name": "资金", "initial": "年初预算数", "adjusted": "调整后预算数", "executed": "预算执行数",
               "rate": "预算执行率", "rate_re": "执行率（重算）", "weight": "权重", "score": "得分",
               "score_re": "得分（重算）", "reason": "原因"}
INDICATOR_LABELS = {"l1": "一级指标", "l2": "二级指标", "l3": "三级指标", "op": "指标性质", "target": "指标值",
                    "unit": "度量单位", "actual": "完成值", "weight": "权重", "score": "得分",
                    "reason": "未完成原因分析"}
FIELD_LABELS = {"project": "项目名称", "goal": "项目年度目标", "goal_done": "年度目标完成情况", "content": "项目实施内容及过程概述",
                "conclusion": "评价结论", "problems": "存在问题", "measures": "改进措施",
                "funds.reason": "预算执行 原因栏"}
TEXT_LIMIT = 60
BLANK = "（空白）"  # shown for a blank printed cell that a finding marks, so the red cell is not empty


def with_labels(df: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    df.attrs["labels"] = {c: labels.get(c, c) for c in df.columns}
    return df


def chinese_ordinal(no: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一, 20 → 二十 (section ordinals as printed)."""
    if no <= 10:
        return CHINESE_NUMERALS[no]
    tens, ones = divmod(no, 10)
    return f"{'' if tens == 1 else CHINESE_NUMERALS[tens]}十{CHINESE_NUMERALS[ones] if ones else ''}"


def section_name(no: int | None) -> str:
    """A narrative section as an auditor names it. The 情况说明 is 第二部分 in the Sichuan template and
    第三部分 in the national one, so the part number is left out."""
    if no is None:
        return ""
    if 0 < no < 100:
        return f"情况说明 {chinese_ordinal(no)}"
    return f"情况说明 第{no}节"


def shorten(text: str | None, limit: int = TEXT_LIMIT) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= limit else t[: limit - 1] + "…"


# ---------------------------------------------------------------- findings


def rule_title(rule_id: str) -> str:
    """The rule's Chinese title from the catalogue (the id itself for ids outside it, e.g. parse.*)."""
    from budgetlib.checks import RULES

    r = RULES.get(rule_id)
    return r.title if r else {"parse.unreadable": "未能解析"}.get(rule_id, rule_id)


def finding_sort_key(f: Finding) -> tuple:
    def n(x):
        return -1 if x is None else x

    return (SEVERITY_RANK.get(f.severity, 9), f.rule.split(".", 1)[0], n(f.section), n(f.table_no), f.table or "",
            n(f.project),
            n(f.indicator), f.row or "", f.column or "", f.field or "", f.rule, f.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_sort_key)


def location_text(f: Finding, report: Report | None = None) -> str:
    """Where to look, in the report's words: 情况说明 三、… / 附表3《…》 合计 本年支出合计 / 自评表5 指标2 得分."""
    from budgetlib.present.labels import where

    return where(f, report)


def field_name(field: str) -> str:
    """A form field by its printed label; the cover, the 目录 and a part heading (part3) by their names."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    if field in ("cover", "toc"):
        return part_name(field)
    if field.startswith("part") and field[4:].isdigit():
        return part_name(field) + "标题"
    return field


def table_name(label: str | None, key: str) -> str:
    return label or key


def findings_frame(findings: Iterable[Finding], link=None, report: Report | None = None) -> pd.DataFrame:
    """One row per finding, worst first (identical information once, with a count); places in the
    report's words (`report`); `link(f)` (optional) adds a 详见 column of HTML links; the rule id last."""
    from budgetlib.present.order import lines

    rows, severities = [], []
    for line in lines(sort_findings(findings)):
        f = line.finding
        row = {"severity": SEVERITY_ZH.get(f.severity, f.severity), "title": rule_title(f.rule),
               "where": location_text(f, report),
               "page": "" if f.page is None else str(f.page), "stated": shorten(f.stated, 30),
               "expected": shorten(f.expected, 30), "message": line.message}
        if link is not None:
            row["link"] = link(f)
        row["rule"] = f.rule
        rows.append(row)
        severities.append(f.severity)
    cols = ["severity", "title", "where", "page", "stated", "expected", "message"] + (["link"] if link else []) + ["rule"]
    df = pd.DataFrame(rows, columns=cols)
    df.attrs["severity"] = severities
    df.attrs["nowrap"] = ["severity", "title", "page", "link"]
    return with_labels(df, {"severity": "严重程度", "title": "问题", "where": "位置", "page": "页码",
                            "stated": "报告数", "expected": "应为", "message": "说明", "link": "详见", "rule": "规则编号"})


def severity_counts(findings: Iterable[Finding], by: str = "family") -> pd.DataFrame:
    """Counts of findings by severity (columns) and rule family or section (rows)."""
    findings = list(findings)
    rows: dict[str, dict[str, int]] = {}
    for f in findings:
        key = group_name(f, by)
        rows.setdefault(key, {s: 0 for s in SEVERITY_ZH})
        rows[key][f.severity] = rows[key].get(f.severity, 0) + 1
    df = pd.DataFrame.from_dict(rows, orient="index", columns=list(SEVERITY_ZH)).sort_index()
    df.index.name = "分组"
    if not df.empty:
        df.loc["合计"] = df.sum()
    df = df.reset_index()
    return with_labels(df, {"分组": "分组", **SEVERITY_ZH})


FAMILY_ZH = {"narrative": "情况说明（叙述）", "table": "附表", "perf": "绩效自评表", "parse": "解析",
             "disclosure": "公开完整性", "judgement": "审阅判断"}


def group_name(f: Finding, by: str) -> str:
    if by == "section":
        if f.project is not None:
            return "绩效自评表"
        if f.section is not None:
            return section_name(f.section)
        if f.table is not None:
            from budgetlib.present.labels import table_name as table_words

            return table_words(f)
        return "其他"
    fam = f.rule.split(".", 1)[0]
    return FAMILY_ZH.get(fam, fam)


# ---------------------------------------------------------------- schedules


def schedule_frames(s: Schedule) -> list[tuple[str, pd.DataFrame]]:
    """(caption, frame) pairs: one for a classification table, 收入/支出 for a two-sided one."""
    labels = {"code": "科目编码", "name": "项目" if s.layout in ("two_sided", "sangong") else "科目名称",
              **{c.key: c.label for c in s.columns}}
    if s.layout == "two_sided":
        return [(cap, _rows_frame(rows, s, labels, with_code=False)) for cap, rows in (("收入", s.left), ("支出", s.right))]
    return [("", _rows_frame(s.rows, s, labels, with_code=s.layout != "sangong"))]


def _rows_frame(rows, s: Schedule, labels: dict[str, str], with_code: bool) -> pd.DataFrame:
    used = [c.key for c in s.columns if any(c.key in r.values for r in rows)] or [c.key for c in s.columns]
    cols = (["code"] if with_code else []) + ["name"] + used
    data = []
    for r in rows:
        d = {"code": r.code, "name": r.name}
        d.update({k: s.printed(r.get(k)) for k in used})  # in the table's printed unit (154,369,326 元)
        data.append(d)
    df = pd.DataFrame(data, columns=cols, index=pd.Index([r.key for r in rows], name="key"))
    df.attrs["numeric"] = used
    return with_labels(df, labels)


def schedules_overview(report: Report) -> pd.DataFrame:
    """One row per table of the report's template (and any other table read by title)."""
    rows = []
    for s in report.schedules.values():
        no = s.label if s.numbered else ("" if s.no is None else str(s.no))
        if not s.present:
            rows.append({"no": no, "title": s.title, "state": "未找到", "rows": "", "pages": "",
                         "confidence": ""})
            continue
        state = "空表" + (f"（{shorten(s.empty_note, 30)}）" if s.empty_note else "（无说明）") if s.empty else "已解析"
        rows.append({"no": no, "title": s.title, "state": state, "rows": str(len(s.all_rows())),
                     "pages": pages_text(s.pages), "confidence": f"{s.confidence:.2f}"})
    df = pd.DataFrame(rows, columns=["no", "title", "state", "rows", "pages", "confidence"])
    return with_labels(df, {"no": "序号", "title": "标题", "state": "状态", "rows": "行数", "pages": "页码",
                            "confidence": "置信度"})


def pages_text(pages: Iterable[int] | None) -> str:
    pages = sorted(set(pages or []))
    if not pages:
        return ""
    out, start, prev = [], pages[0], pages[0]
    for p in pages[1:] + [None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if p is not None:
            start = prev = p
    return "、".join(out)


# ---------------------------------------------------------------- narrative


def section_numbers(report: Report) -> list[int]:
    """The narrative sections the report's template plans (national: 一 to 十一; a 上海 budget: 一, 二),
    and any other section the report prints; 一 to 十 without a template."""
    from budgetlib import templates

    tpl = templates.get(report.template)
    planned = {x.no for x in tpl.sections} if tpl is not None and tpl.sections else set(range(1, 11))
    return sorted(planned | {s.no for s in report.sections})


def sections_overview(report: Report) -> pd.DataFrame:
    rows = []
    for no in section_numbers(report):
        s = report.section(no)
        claims = [c for c in report.claims if c.section == no]
        rows.append({"no": section_name(no), "title": s.title if s else "", "state": "已解析" if s else "未找到",
                     "page": "" if s is None or s.page is None else str(s.page),
                     "subsections": str(len(s.subsections)) if s else "", "claims": str(len(claims))})
    df = pd.DataFrame(rows, columns=["no", "title", "state", "page", "subsections", "claims"])
    return with_labels(df, {"no": "章节", "title": "标题", "state": "状态", "page": "页码",
                            "subsections": "小节数", "claims": "数字陈述"})


CLAIM_KIND_ZH = {"amount": "金额", "share": "占比", "sum": "合计", "yoy_amount": "增减额", "yoy_pct": "增减率",
                 "budget_rate": "完成预算", "none": "无此支出", "count": "个数", "flat": "与上年持平",
                 "direction": "增减方向", "figure": "其他数字", "at_most": "上限", "share_of_unstated": "占比（未列金额）"}


def ref_text(report: Report, ref) -> str:
    """附表N 行名 / 列名, in the schedule's own words when it was parsed."""
    from budgetlib.present.labels import column_name, row_name

    s = report.schedule(ref.table)
    row = s.row(ref.row) if s else None
    name = row.name.strip() if row and row.name else row_name(report, ref.table, ref.row)
    col = s.label_of(ref.column) if s else column_name(report, ref.table, ref.column)
    if s is None:
        from budgetlib import templates

        d = (templates.get(report.template) or templates.get(templates.DEFAULT)).table(ref.table)
        table = f"《{d.title}》" if d is not None else "（未读到的表）"
    else:
        table = s.label
    return f"{table} {name or '（未读到此行）'} / {col}"


def claim_findings(claim: Claim, findings: Iterable[Finding]) -> list[Finding]:
    """Findings about one claim: those that name it (`field` or `other['claim']`). Never by place: the
    claims read from one printed line share its box, and a finding about one of them is not about
    the others (nor is a passage's judgement call, or a figure no claim read)."""
    return [f for f in findings if f.field == claim.id or (f.other or {}).get("claim") == claim.id]


UNCHECKED = "未核对"
RELATIONS = {"sum": "narrative.sum"}
CLAIM_LINKS = ("part", "whole", "total", "subject", "amount", "budget")


def used_by(report: Report, claim_id: str) -> list[Claim]:
    """The claims that read `claim_id` as an input (a share's part, a sum's item, a rate's budget…)."""
    return [c for c in report.claims
            if claim_id in c.parts or any(getattr(c, k) == claim_id for k in CLAIM_LINKS)]


def claim_basis(report: Report, c: Claim) -> str:
    """核对依据: what the claim's figure is compared with, in the report's words."""
    if c.kind == "share":
        return f"{claim_name(report, c.part)} ÷ {claim_name(report, c.whole)}"
    if c.kind == "sum":
        total = claim_name(report, c.total) if c.total else f"{c.value or ''}"
        return f"{total} = " + " + ".join(claim_name(report, p) for p in c.parts)
    if c.kind == "flat" and c.quote:  # 持平 itself has no printed prior year; its stated reason is compared
        return f"所述原因“{shorten(c.quote, 40)}”"
    if c.kind == "at_most":
        return " + ".join(claim_name(report, p) for p in c.parts) + f" ≤ {claim_name(report, c.total)}"
    if c.kind in ("yoy_amount", "yoy_pct"):
        return f"{c.direction or ''}（对 {claim_name(report, c.subject)}）"
    if c.kind == "budget_rate" and c.amount:
        return f"{claim_name(report, c.amount)} ÷ {claim_name(report, c.budget) if c.budget else '附表预算数'}"
    if c.kind == "direction" and c.amount and c.budget:
        return f"{claim_name(report, c.amount)} 与 {claim_name(report, c.budget)}"
    if c.ref:
        return ref_text(report, c.ref)
    users = used_by(report, c.id)
    return ("见 " + "、".join(dict.fromkeys(claim_name(report, u.id) for u in users))) if users else ""


def in_paragraphs(c: Claim, paragraphs: Iterable[str]) -> bool:
    """Whether claim `c` was read from one of these paragraphs (by its figure's paragraph, else its sentence)."""
    paragraphs = list(paragraphs)
    if c.at is not None:
        return c.at[0] in paragraphs
    return bool(c.sentence) and any(c.sentence in p for p in paragraphs)


def claims_frame(report: Report, section: int, findings: Iterable[Finding],
                 checked: dict[str, set[str]] | None = None, paragraphs: list[str] | None = None) -> pd.DataFrame:
    """The section's claims (those read from `paragraphs` only, when given) with what each was compared
    with and the result: its findings, else ✓ when a rule compared it (`checked`:
    budgetlib.checks.checked_claims), else 未核对."""
    if checked is None:
        from budgetlib.checks import checked_claims

        checked = checked_claims(report)
    findings = list(findings)
    rows, ids = [], []
    for c in report.claims:
        if c.section != section or (paragraphs is not None and not in_paragraphs(c, paragraphs)):
            continue
        ids.append(c.id)
        hits = claim_findings(c, findings)
        if c.kind in RELATIONS and c.total and c.value is None:
            # a relation without a figure of its own: its finding is located at the total it judges
            hits += [f for f in claim_findings(report.claim(c.total) or c, findings) if f.rule == RELATIONS[c.kind]]
        hits = sort_findings(hits)
        status = "；".join(f"{SEVERITY_ZH[f.severity]}：{f.message}" for f in hits) or (
            "✓" if c.id in checked else UNCHECKED)
        rows.append({"kind": CLAIM_KIND_ZH.get(c.kind, "其他"), "label": c.label,
                     "value": c.value or "", "ref": claim_basis(report, c), "status": status,
                     "_severity": hits[0].severity if hits else ""})
    # indexed by claim id (findings find their rows by it); the index is not shown
    df = pd.DataFrame(rows, columns=["kind", "label", "value", "ref", "status", "_severity"],
                      index=pd.Index(ids, name="id"))
    df.attrs["severity"] = list(df.pop("_severity"))
    df.attrs["severity_column"] = "status"
    df.attrs["nowrap"] = ["kind", "value"]
    return with_labels(df, {"kind": "类型", "label": "内容", "value": "报告数", "ref": "核对依据",
                            "status": "核对结果"})


def claim_name(report: Report, claim_id: str | None) -> str:
    """A claim named by what it states ('一般公共服务支出 2106.66'), never by its id."""
    c = report.claim(claim_id) if claim_id else None
    if c is None:
        return "（未读到）"
    value = f" {c.value}" if c.value else ""
    return f"{c.label or CLAIM_KIND_ZH.get(c.kind, '')}{value}"


# ---------------------------------------------------------------- performance forms


def funds_frame(form: PerfForm) -> pd.DataFrame:
    rows = []
    for r in form.funds:
        d = {k: shown(getattr(r, k)) for k in FUND_FIELDS}
        d["reason"] = shorten(d["reason"])
        if fund_key(r.name) == "总额" and not d["score"]:
            d["score"] = BLANK
        # recomputed where a rate is printed (what perf.exec_rate judges); a blank "/" row states none
        d["rate_re"] = rc.percent_text(rc.exec_rate(r, form)) if r.rate.printed else ""
        d["score_re"] = rc.number_text(rc.budget_score(form)) if fund_key(r.name) == "总额" else ""
        d["name"] = r.name
        rows.append(d)
    cols = ["name", "initial", "adjusted", "executed", "rate", "rate_re", "weight", "score", "score_re", "reason"]
    df = pd.DataFrame(rows, columns=cols, index=pd.Index([fund_key(r.name) for r in form.funds], name="fund"))
    df.attrs["numeric"] = ["initial", "adjusted", "executed", "rate", "rate_re", "weight", "score", "score_re"]
    return with_labels(df, {**FUND_LABELS, "adjusted": form.budget_label or FUND_LABELS["adjusted"]})


def fund_key(name: str) -> str:
    return name.removeprefix("其中：").removeprefix("其中:").strip()


def indicators_frame(form: PerfForm) -> pd.DataFrame:
    cols = list(INDICATOR_LABELS)
    rows = [{k: (shorten(shown(getattr(i, k))) if k == "reason" else shown(getattr(i, k))) for k in cols}
            for i in form.indicators]
    df = pd.DataFrame(rows, columns=cols, index=pd.RangeIndex(1, len(rows) + 1, name="indicator"))
    df.attrs["numeric"] = ["target", "actual", "weight", "score"]
    return with_labels(df, INDICATOR_LABELS)


def score_frame(form: PerfForm) -> pd.DataFrame:
    """The 自评表's arithmetic, stated beside recomputed: 预算执行得分, Σ 权重, 合计."""
    total = form.fund("总额")
    stated_total = shown(form.total.score) if form.total else None
    rows = [
        ("budget", "预算执行得分 = min(执行率, 1) × 权重", shown(total.score, BLANK) if total else None,
         rc.number_text(rc.budget_score(form))),
        ("weights", "指标权重合计（应为90）", "", rc.number_text(rc.indicator_weight_sum(form))),
        ("indicators", "指标得分合计", "", rc.number_text(rc.indicator_score_sum(form))),
        ("total", "合计得分 = 预算执行得分 + 指标得分合计",
         "（无合计行）" if form.total is None else (stated_total or BLANK), rc.number_text(rc.total_score(form))),
    ]
    df = pd.DataFrame([{"item": r[1], "stated": r[2] or "", "recomputed": r[3]} for r in rows],
                      columns=["item", "stated", "recomputed"], index=pd.Index([r[0] for r in rows], name="key"))
    return with_labels(df, {"item": "项目", "stated": "报告数", "recomputed": "重算"})


def fields_frame(form: PerfForm) -> pd.DataFrame:
    keys = ["goal", "goal_done", "content", "conclusion", "problems", "measures"]
    rows = [{"field": FIELD_LABELS[k], "text": shorten(getattr(form, k).text, 90)} for k in keys]
    total = form.fund("总额")
    if total is not None:
        rows.append({"field": FIELD_LABELS["funds.reason"], "text": shorten(total.reason.text, 90)})
        keys.append("funds.reason")
    df = pd.DataFrame(rows, columns=["field", "text"], index=pd.Index(keys, name="key"))
    return with_labels(df, {"field": "栏目", "text": "内容"})


SUMMARY_COLUMN_OF_RULE = {"perf.exec_rate": "rate", "perf.budget_score": "score", "perf.total": "total",
                          "perf.total_missing": "total"}


def forms_summary(report: Report, findings: Iterable[Finding]) -> pd.DataFrame:
    """One row per 自评表: rate, budget score and 合计 as stated and recomputed, and the other problems."""
    findings = list(findings)
    rows = []
    for form in report.forms:
        total = form.fund("总额")
        mine = [f for f in findings if f.project == form.index]
        others = sorted({f.rule for f in mine if f.rule not in SUMMARY_COLUMN_OF_RULE and f.severity != "info"})
        counts = {r: sum(1 for f in mine if f.rule == r and f.severity != "info") for r in others}
        rows.append({
            "no": str(form.index),
            "project": shorten(form.name, 28),
            "rate": shown(total.rate) if total else "",
            "rate_re": rc.percent_text(rc.exec_rate(total, form)) if total else "",
            "score": shown(total.score, BLANK) if total else "",
            "score_re": rc.number_text(rc.budget_score(form)),
            "total": "（无合计行）" if form.total is None else shown(form.total.score, BLANK),
            "total_re": rc.number_text(rc.total_score(form)),
            "other": "；".join(f"{rule_title(r)}×{counts[r]}" for r in others),
        })
    cols = ["no", "project", "rate", "rate_re", "score", "score_re", "total", "total_re", "other"]
    df = pd.DataFrame(rows, columns=cols, index=pd.Index([f.index for f in report.forms], name="project_no"))
    return with_labels(df, {"no": "序号", "project": "项目", "rate": "执行率（报告）", "rate_re": "执行率（重算）",
                            "score": "预算执行得分（报告）", "score_re": "预算执行得分（重算）",
                            "total": "合计得分（报告）", "total_re": "合计得分（重算）", "other": "其他问题"})


def forms_overview(report: Report) -> pd.DataFrame:
    rows = [{"index": str(f.index), "code": f.code, "name": shorten(f.name, 40), "funds": str(len(f.funds)),
             "indicators": str(len(f.indicators)), "pages": pages_text(f.pages)} for f in report.forms]
    df = pd.DataFrame(rows, columns=["index", "code", "name", "funds", "indicators", "pages"])
    return with_labels(df, {"index": "序号", "code": "项目编码", "name": "项目名称", "funds": "资金行",
                            "indicators": "指标数", "pages": "页码"})


# ---------------------------------------------------------------- overview


# By what a part is, not by its number: 情况说明 is 第二部分 in the Sichuan template and 第三部分 in the
# national one.
PART_NAMES = {"cover": "封面", "toc": "目录", "part1": "单位（部门）概况", "narrative": "情况说明",
              "glossary": "名词解释", "forms": "绩效自评表", "schedules": "附表"}


def part_name(key: str) -> str:
    if key in PART_NAMES:
        return PART_NAMES[key]
    if key.startswith("part") and key[4:].isdigit() and 0 < int(key[4:]) <= 10:
        return f"第{CHINESE_NUMERALS[int(key[4:])]}部分"
    return key


def page_map_frame(report: Report) -> pd.DataFrame:
    keys = sorted(report.page_map, key=lambda k: (min(report.page_map[k] or [10**6]), k))
    rows = [{"part": part_name(k), "pages": pages_text(report.page_map[k])} for k in keys]
    df = pd.DataFrame(rows, columns=["part", "pages"])
    return with_labels(df, {"part": "部分", "pages": "页码"})


def problems_frame(report: Report) -> pd.DataFrame:
    rows = [{"where": p.where, "page": "" if p.page is None else str(p.page), "message": p.message}
            for p in report.problems]
    rows.sort(key=lambda r: (r["page"].zfill(4), r["where"], r["message"]))
    df = pd.DataFrame(rows, columns=["where", "page", "message"])
    return with_labels(df, {"where": "位置", "page": "页码", "message": "未能解析的内容"})


CROSSDOC_ORDER = {"不一致": 0, "尾差": 1, "口径不同": 2, "无对应": 3, "一致": 4}
CROSSDOC_SEVERITY = {"不一致": "error", "尾差": "warning"}


def crossdoc_frame(comparisons: list[dict]) -> pd.DataFrame:
    """The cross-document comparisons as a table, disagreements first; the 结果 cell marked by severity."""
    rows = sorted(comparisons, key=lambda c: (CROSSDOC_ORDER.get(c["结果"], 5), c["项目"]))
    df = pd.DataFrame([{k: v for k, v in c.items() if k != "identity"} for c in rows])
    df.attrs["severity"] = [CROSSDOC_SEVERITY.get(c["结果"]) for c in rows]
    df.attrs["severity_column"] = "结果"
    return df
