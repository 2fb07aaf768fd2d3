"""What the audit notebooks display: one `UnitView` per report, each method one block of output.

The notebooks only call these methods; every method returns a `Display` (a list of IPython display
objects that shows itself when it is a cell's value), so tests can look inside without a kernel.
Missing parts give a Chinese note, never an exception: a half-parsed report still reads top to bottom.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

from IPython.display import HTML, Image, Markdown
from pandas.io.formats.style import Styler

from budgetlib import templates
from budgetlib.model import Finding, Report
from budgetlib.present import charts, frames, pages, styling
from budgetlib.present.identities import identities_frame
from budgetlib.present.summary import UNIT_UNREAD, YEAR_UNREAD, coverage_text, kind_text, summarize

NOTEBOOKS = {"overview": "00_概览", "income": "01_收入支出", "fiscal": "02_财政拨款", "sangong": "03_三公基金国资",
             "other": "04_其他重要事项", "perf": "05_绩效自评", "tables": "06_附表", "summary": "07_汇总"}
SECTION_NOTEBOOK = {1: "income", 2: "income", 3: "income", 4: "fiscal", 5: "fiscal", 6: "fiscal",
                    7: "sangong", 8: "sangong", 9: "sangong", 10: "other", 11: "other"}
PROBLEMS = ("error", "warning")


class Display(list):
    """Display objects shown one after another when this is the value of a notebook cell."""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for item in self:
            # A Styler's text/plain repr carries its memory address; show it as plain HTML instead.
            display(HTML(styling.to_html(item)) if isinstance(item, Styler) else item)

    def text(self) -> str:
        """Everything shown, as text (for tests and logs)."""
        out = []
        for item in self:
            if isinstance(item, Markdown | HTML):
                out.append(str(item.data))
            elif isinstance(item, Styler):
                out.append(styling.to_html(item))
            elif isinstance(item, Image):
                out.append("<image>")
        return "\n".join(out)


NOT_APPLICABLE_FORMS = "本报告为预算公开，不附绩效自评表，本节不适用。"


def note(text: str) -> Markdown:
    return Markdown(f"> {text}")


def heading(text: str, anchor: str, level: int = 3) -> HTML:
    return HTML(f'<h{level} id="{anchor}">{html.escape(text)}</h{level}>')


def _in_section(f: Finding, numbers: Iterable[int]) -> bool:
    return f.section in set(numbers) and f.project is None


@dataclass
class UnitView:
    pdf_path: Path
    report: Report
    findings: list[Finding]
    unit: str = ""
    year: int | None = None
    params: dict = field(default_factory=dict)
    others: list[Report] = field(default_factory=list)  # the unit's other disclosures (跨文件核对)
    params_note: str = ""  # why a params file given was not applied
    said: set[str] = field(default_factory=set, repr=False)  # parts this notebook already said are absent

    # ------------------------------------------------------------ shared blocks

    def header(self) -> Display:
        r = self.report
        # the file name stands in for an unread unit in folder names only: the heading says it was not read
        unit = self.unit if self.unit and (r.unit or self.unit != self.pdf_path.stem) else UNIT_UNREAD
        lines = [f"**{unit}** " + (f"{self.year}年度{r.disclosure}" if self.year else f"{YEAR_UNREAD}{r.disclosure}"),
                 f"文件：{self.pdf_path.name}（{r.page_count or '?'}页，SHA-256 {r.sha256[:12] or '—'}）",
                 f"文件类型：{kind_text(r.kind, r.disclosure)}"
                 + ("" if r.kind == "full" else "（不核对完整性：应公开的表、各节、目录、公开时间）"),
                 f"核对结果：{summarize(self.findings)}"]
        if self.params_note:
            lines.append(self.params_note)
        return Display([Markdown("  \n".join(lines)), HTML(styling.LEGEND)])

    def findings_table(self, findings: Iterable[Finding], uuid: str, link: Callable | None = None,
                       empty: str = "未发现不一致。") -> Display:
        findings = list(findings)
        if not findings:
            return Display([note(empty)])
        df = frames.findings_frame(findings, link=link, report=self.report)
        return Display([styling.style(df, uuid, html_columns=["link"] if link else ())])

    def evidence(self, findings: Iterable[Finding], max_pages: int | None = None) -> Display:
        """Page images with the cells of error/warning findings boxed in red."""
        findings = [f for f in findings if f.severity in PROBLEMS]
        if not findings:
            return Display()
        shots = pages.evidence(self.pdf_path, self.report, findings, max_pages=max_pages)
        if not shots:
            return Display([note("这些问题未能定位到PDF页面（解析结果缺少页码）。")])
        out = Display()
        for shot in shots:
            titles = "、".join(dict.fromkeys(frames.rule_title(f.rule) for f in frames.sort_findings(shot.findings)))
            where = "" if shot.boxes else "（未能定位到单元格，显示整页）"
            out.append(Markdown(f"*第{shot.page}页：{titles}{where}*"))
            out.append(Image(data=shot.png, format="png"))
        return out

    # ------------------------------------------------------------ 00 概览

    def overview(self) -> Display:
        r = self.report
        out = Display([heading("报告结构", "structure")])
        out.append(Markdown(f"文件类型：**{kind_text(r.kind, r.disclosure)}**"))
        consumed, total = r.narrative_coverage
        if total:
            out.append(Markdown(f"{coverage_text(r)}：情况说明所列 {total} 个数字中，{consumed} 个已由核对规则读取；"
                                f"其余 {total - consumed} 个列为“未核对的数字”（提示）。"))
        found = [("情况说明", "narrative", r.narrative_found and bool(r.sections)),
                 ("绩效自评表", "forms", r.forms_found and bool(r.forms)),
                 ("附表", "tables", r.schedules_found and any(s.present for s in r.schedules.values()))]
        if self.budget:
            found = [("预算说明", "narrative", found[0][2]), ("预算表", "tables", found[2][2]), ("绩效自评表", "forms", None)]
        kind = kind_text(r.kind, r.disclosure)

        def state(part: str, ok: bool | None) -> str:
            if ok is None:
                return "不适用（预算公开不附绩效自评表）"
            if not ok and self.lacks(part):
                return f"本文件不含（{kind if r.kind != 'full' else '本模板不附'}）"
            return "已解析" if ok else "**未能解析**"

        out.append(Markdown("  \n".join(f"- {name}：{state(part, ok)}" for name, part, ok in found)))
        if r.page_map:
            out.append(styling.style(frames.page_map_frame(r), "pagemap"))
        else:
            out.append(note("未能识别各部分的页码。"))
        out.append(heading("预算说明各节" if self.budget else "情况说明各节", "sections"))
        if self.lacks("narrative"):
            out.append(note(f"本文件为{kind}，不含{'预算说明' if self.budget else '情况说明'}。"))
        else:
            out.append(styling.style(frames.sections_overview(r), "sections"))
        out.append(heading("预算表" if self.budget else "附表", "schedules"))
        if self.lacks("tables"):
            out.append(note(f"本文件为{kind}，不含{'预算表' if self.budget else '附表'}。"))
        else:
            out.append(styling.style(frames.schedules_overview(r), "schedules"))
        out.append(heading("绩效自评表", "forms"))
        if r.forms:
            out.append(styling.style(frames.forms_overview(r), "forms"))
        elif self.budget:
            out.append(note(NOT_APPLICABLE_FORMS))
        elif self.lacks("forms"):
            out.append(note(f"本文件为{kind}，{'本模板' if r.kind == 'full' else ''}不附绩效自评表。"))
        else:
            out.append(note("未能解析绩效自评表。"))
        out.append(heading("未能解析的内容", "problems"))
        if r.problems:
            out.append(styling.style(frames.problems_frame(r), "problems"))
        else:
            out.append(note("解析器未报告任何无法读取的内容。"))
        return out

    def counts(self) -> Display:
        if not self.findings:
            return Display([note("未发现任何问题。")])
        return Display([styling.style(frames.severity_counts(self.findings, "section"), "counts")])

    # ------------------------------------------------------------ narrative (01–04)

    def section_title(self, no: int) -> str:
        s = self.report.section(no)
        title = (s.title if s and s.title else "") or self.plan_title(no)
        if title.startswith(frames.chinese_ordinal(no) + "、"):
            return f"情况说明 {title}"
        return f"{frames.section_name(no)}、{title}"

    @cached_property
    def checked(self) -> dict[str, set[str]]:
        """Claim id → the rules that compared it (a claim absent is shown 未核对, not ✓)."""
        from budgetlib.checks import checked_claims

        return checked_claims(self.report, self.params)

    @property
    def budget(self) -> bool:
        return self.report.disclosure == "预算"

    @property
    def template(self) -> templates.Template | None:
        """The report's template (None when no template matched)."""
        return templates.get(self.report.template)

    def lacks(self, part: str) -> bool:
        """Whether this kind of document holds no `part` at all ("narrative", "tables", "forms"): a
        standalone 自评表 has neither 情况说明 nor tables, a tables-only file no 情况说明, a 预算 and a
        template without 自评表 no forms. A part the document should hold but that was not read is not
        lacking: that is a parse failure and is shown as one."""
        r = self.report
        if part == "narrative":
            return r.kind in ("perf_form", "tables")
        if part == "tables":
            return r.kind == "perf_form" or (self.budget and r.kind == "excerpt")
        if part == "forms":
            return not r.forms and (self.budget or r.kind in ("tables", "sangong") or r.form_profile is None)
        return False

    def absent_text(self) -> str:
        r = self.report
        names = {"narrative": "预算说明" if self.budget else "情况说明", "tables": "预算表" if self.budget else "附表",
                 "forms": "绩效自评表"}
        missing = "、".join(names[p] for p in names if self.lacks(p))
        what = kind_text(r.kind, r.disclosure) if r.kind != "full" else (
            "预算公开" if self.budget else self.template.title if self.template else "本报告")
        return f"本文件为{what}，不含{missing}：本笔记本中与之有关的内容从略。"

    def absent(self, *parts: str) -> Display | None:
        """None when the document holds one of `parts`; else the one line saying it holds none of them
        (once per notebook: later blocks of an absent part show nothing)."""
        if not parts or not all(self.lacks(p) for p in parts):
            return None
        if self.said:
            return Display()
        self.said.update(parts)
        return Display([note(self.absent_text())])

    def not_applicable(self, no: int) -> str | None:
        """Why section `no` does not apply: a budget whose template plans no such section."""
        tpl = self.template
        if not self.budget or self.report.section(no) is not None:
            return None
        if tpl is not None and any(x.no == no for x in tpl.sections):
            return None
        return (f"本报告为预算公开（{tpl.title if tpl else '未匹配模板'}），其说明不按决算的章节编排，没有单列的"
                f"“{self.topic(no)}”，本节不适用（所述数字见本笔记本其余各节与预算表）。")

    def section(self, no: int) -> Display:
        """Heading, the text as parsed, its figures with their check results, its findings."""
        s = self.report.section(no)
        if (gone := self.absent("narrative")) is not None:
            return gone
        if no == self._other_plan()[0] and SECTION_NOTEBOOK.get(no) != "other":
            # the template's 其他事项 section (a 上海 budget's 二、其他相关情况说明) is notebook 04's
            return Display([note(f"{self.section_title(no)}：见 04 其他重要事项。")])
        if why := self.not_applicable(no):
            if item := self.covering_item(no):
                return self.item_block(*item, anchor=f"sec-{no}")
            return Display([heading(self.topic(no), f"sec-{no}", level=2), note(why)])
        out = Display([heading(self.section_title(no), f"sec-{no}", level=2)])
        if s is None:
            out.append(note(f"未能解析{frames.section_name(no)}（{self.plan_title(no)}）。"))
        else:
            out.append(HTML(self._narrative_html(s)))
        out.extend(self.section_checks(no))
        return out

    def topic(self, no: int) -> str:
        """What section `no` of the default (决算) plan is about, without the word 决算: 财政拨款“三公”经费支出情况说明."""
        title = next((x.title for x in templates.get(templates.DEFAULT).sections if x.no == no), "")
        return title.replace("决算", "") or frames.section_name(no)

    def covering_item(self, no: int) -> tuple[int, str, str] | None:
        """(section, word, item title) of this template's 其他事项 item that covers what section `no` of
        the 决算 plan is about (a 上海 budget states its 三公 under 其他相关情况说明 （一）); None if none."""
        tpl = self.template
        other = (tpl.narrative.get("other_matters") or {}) if tpl else {}
        title = self.topic(no)
        for word, item_title in other.get("items") or []:
            if str(word) in title and self.report.section(int(other.get("section", 0))) is not None:
                return int(other["section"]), str(word), str(item_title)
        return None

    def item_paragraphs(self, no: int, word: str) -> list[str]:
        """The paragraphs of the item about `word` in section `no` printed without numbered subsections:
        from its heading (a short line naming the word) to the next such heading of another item; without
        a heading, the paragraphs that name the word."""
        s = self.report.section(no)
        if s is None:
            return []
        words = [str(w) for w, _ in (self._other_plan_items() or [])] or [word]

        def heading_of(p: str, w: str) -> bool:
            return w in p and len(p) <= 40 and "。" not in p

        start = next((i for i, p in enumerate(s.paragraphs) if heading_of(p, word)), None)
        if start is None:
            return [p for p in s.paragraphs if word in p]
        end = next((j for j in range(start + 1, len(s.paragraphs))
                    if any(heading_of(s.paragraphs[j], w) for w in words if w != word)), len(s.paragraphs))
        return s.paragraphs[start:end]

    def _other_plan_items(self) -> list:
        tpl = self.template
        return list(((tpl.narrative.get("other_matters") or {}) if tpl else {}).get("items") or [])

    def item_block(self, no: int, word: str, title: str, anchor: str) -> Display:
        """One item of a section (its paragraphs, the figures read from them with their check results,
        their findings), for a template that states it inside another section."""
        paras = self.item_paragraphs(no, word)
        out = Display([heading(f"{frames.section_name(no)} {title}", anchor, level=2)])
        if not paras:
            out.append(note(f"未找到“{word}”的内容（{frames.section_name(no)}）。"))
            return out
        out.append(HTML(self._narrative_html(SimpleNamespace(paragraphs=paras))))
        claims = frames.claims_frame(self.report, no, self.findings, self.checked, paragraphs=paras)
        if len(claims):
            out.append(Markdown("**数字陈述与核对**"))
            out.append(styling.style(claims, f"claims{no}-{anchor}"))
        ids = set(claims.index)
        mine = [f for f in self.findings if f.project is None and (f.other or {}).get("claim", f.field) in ids]
        out.append(Markdown("**本项发现**"))
        out.extend(self.findings_table(mine, f"{anchor}findings"))
        return out

    def section_checks(self, no: int) -> Display:
        out = Display()
        claims = frames.claims_frame(self.report, no, self.findings, self.checked)
        if len(claims):
            out.append(Markdown("**数字陈述与核对**"))
            out.append(styling.style(claims, f"claims{no}"))
        elif self.report.section(no) is not None:
            out.append(note("本节未识别出可核对的数字陈述。"))
        mine = [f for f in self.findings if _in_section(f, [no])]
        out.append(Markdown("**本节发现**"))
        out.extend(self.findings_table(mine, f"sec{no}findings"))
        return out

    def subsections(self, no: int, keywords: Iterable[str]) -> Display:
        """The named (一)(二)… items of a section, each found by a keyword of its title."""
        s = self.report.section(no)
        if (gone := self.absent("narrative")) is not None:
            return gone
        if why := self.not_applicable(no):
            return Display([heading(self.topic(no), f"sec-{no}", level=2), note(why)])
        out = Display([heading(self.section_title(no), f"sec-{no}", level=2)])
        if s is None:
            out.append(note(f"未能解析{frames.section_name(no)}（{self.plan_title(no)}）。"))
            return out
        for i, key in enumerate(keywords, start=1):
            sub = next((x for x in s.subsections if key in x.title), None)
            if sub is None:
                # a section printed without numbered items (上海 budgets' 其他相关情况说明): its paragraphs on it
                paras = self.item_paragraphs(no, key)
                if paras:
                    out.append(heading(f"（{frames.chinese_ordinal(i)}）{key}", f"sec-{no}-{i}", level=3))
                    out.append(HTML(self._narrative_html(SimpleNamespace(paragraphs=paras))))
                else:
                    out.append(note(f"未找到“{key}”小节。"))
                continue
            out.append(heading(sub.title, f"sec-{no}-{i}", level=3))
            out.append(HTML(self._narrative_html(sub)))
        return out

    def _other_plan(self) -> tuple[int, list[str], list[int]]:
        """其他重要事项 as the template plans it: its section, the words of its items, and the sections 04
        shows (national: 十 预算绩效管理 has a section of its own beside 十一; a 上海 budget: 二)."""
        tpl = self.template or templates.get(templates.DEFAULT)
        other = tpl.narrative.get("other_matters") or {}
        main = int(other.get("section", 10))
        words = [str(w) for w, _ in other.get("items") or []] or ["机关运行经费", "政府采购", "国有资产", "绩效"]
        perf = [x.no for x in tpl.sections if "绩效" in x.title and x.no != main]
        return main, words, sorted({main, *perf})

    def other_sections(self) -> list[int]:
        return self._other_plan()[2]

    def other_matters(self) -> Display:
        """Notebook 04: the template's 其他重要事项 section item by item with its checks (and a separate
        预算绩效管理 section where the template has one)."""
        main, words, sections = self._other_plan()
        if (gone := self.absent("narrative")) is not None:
            return gone
        out = Display()
        for no in sections:
            if no == main:
                out.extend(self.subsections(no, words))
                out.extend(self.section_checks(no))
            else:
                out.extend(self.section(no))
        return out

    @staticmethod
    def _narrative_html(s) -> str:
        def paras(ps):
            return "".join(f"<p>{html.escape(p)}</p>" for p in ps)

        body = paras(s.paragraphs)
        for sub in getattr(s, "subsections", []):
            body += f"<p><b>{html.escape(sub.title)}</b></p>" + paras(sub.paragraphs)
        return f'<blockquote style="color:#333">{body or "<p>（本节无正文）</p>"}</blockquote>'

    def chart(self, number: int) -> Display:
        if (gone := self.absent("narrative", "tables")) is not None:
            return gone
        tpl = self.template
        if tpl is not None and number not in tpl.charts:
            return Display()  # the template's tables and sections hold no figures for it: not drawn
        data = charts.chart_data(self.report, number)
        if data is None:
            return Display([note(f"{charts.title(number, self.report.disclosure)}：未能从附表或情况说明读取绘图所需的数字，未绘制。")])
        return Display([Image(data=charts.png(charts.draw(data)), format="png")])

    def evidence_for(self, sections: Iterable[int] = (), group: str | None = None,
                     all_tables: bool = False) -> Display:
        """Page images for the findings of these narrative sections and of the tables of `group`
        (or of every table)."""
        sections = set(sections)
        main, _, others = self._other_plan()
        if not sections <= set(others):  # 01–03: the 其他事项 section's evidence is 04's
            sections.discard(main)
        tables = set(self.table_keys(group)) if group or all_tables else set()
        chosen = [f for f in self.findings if f.project is None and (f.section in sections or f.table in tables)]
        out = self.evidence(chosen) or Display([] if self.said else [note("没有需要查看原页的问题。")])
        # no heading over nothing (a part the document lacks, already said in one line)
        return Display([heading("证据：PDF原页", "evidence", level=2), *out]) if out else out

    # ------------------------------------------------------------ tables (01–03, 06)

    def plan_title(self, no: int) -> str:
        """The title the report's template gives section `no`."""
        tpl = self.template or templates.get(templates.DEFAULT)
        return next((x.title for x in tpl.sections if x.no == no), "")

    def table_keys(self, group: str | None = None) -> list[str]:
        """The report's tables in template order (those of one notebook `group`, or all)."""
        tpl = self.template
        keys = [k for k, s in self.report.schedules.items()]
        if group is None:
            return keys
        return [k for k in keys if tpl and (d := tpl.table(k)) is not None and d.group == group]

    def schedules(self, group: str | None = None, identities: bool = False) -> Display:
        """Every table of the report's template (or of one notebook group), each with its findings."""
        keys = self.table_keys(group)
        if (gone := self.absent("tables")) is not None:
            return gone
        # the heading is the view's, not the notebook's: a document without tables shows none
        tables = "预算表" if self.budget else "附表"
        out = Display([heading(f"相关{tables}" if group else tables, "tables", level=2)])
        if not keys:
            why = (f"未能解析{'预算表' if self.budget else '决算表（附表）'}" if not self.report.schedules_found
                   else "本模板没有属于本节的表")
            out.append(note(f"{why}。"))
            return out
        for key in keys:
            out.extend(self.schedule(key, identities))
        return out

    def schedule(self, key: str, identities: bool = False) -> Display:
        s = self.report.schedules.get(key)
        title = (s.label if s and s.numbered else "") + (s.title if s else key)
        out = Display([heading(title, f"table-{key}")])
        if s is None or not s.present:
            why = "报告中未找到此表" if self.report.schedules_found else f"未能解析{'预算表' if self.budget else '决算表'}"
            out.append(note(f"{why}（{title}）。"))
        else:
            meta = [f"金额单位：{s.unit}", f"页码：{frames.pages_text(s.pages) or '—'}"]
            if s.confidence < 1:
                meta.append(f"解析置信度 {s.confidence:.2f}")
            out.append(Markdown("；".join(meta)))
            if s.empty:
                out.append(note(f"空表。{s.empty_note or '（表中无空表说明）'}"))
            marks = styling.table_marks(self.findings, key)
            for caption, df in frames.schedule_frames(s):
                if len(df):
                    out.append(styling.style(df, f"table-{key}{'-in' if caption == '收入' else ''}"
                                             f"{'-out' if caption == '支出' else ''}", marks, caption=caption or None))
        mine = [f for f in self.findings
                if f.project is None and (f.table == key or (f.other or {}).get("table") == key)]
        if identities:
            out.append(Markdown("**恒等关系**"))
            out.append(styling.style(identities_frame(self.report, key, self.findings), f"ident-{key}"))
        out.append(Markdown("**本表发现**"))
        out.extend(self.findings_table(mine, f"table-{key}-findings"))
        return out

    # ------------------------------------------------------------ 05 绩效自评

    def forms_summary(self) -> Display:
        r = self.report
        if not r.forms:
            if self.budget:
                return Display([note(NOT_APPLICABLE_FORMS)])
            if (gone := self.absent("forms")) is not None:
                return gone
            return Display([note("未能解析绩效自评表（报告中未找到，或无法读取）。")])
        df = frames.forms_summary(r, self.findings)
        return Display([Markdown(f"共 {len(r.forms)} 张自评表。执行率、得分“报告”为表中所印，“重算”按"
                                 "执行数÷调整后预算数、min(执行率,1)×权重、预算执行得分+指标得分重新计算。"),
                        styling.style(df, "formsummary", styling.summary_marks(self.findings))])

    def form(self, index: int, evidence: bool = True) -> Display:
        if not 0 < index <= len(self.report.forms):
            return Display([note(f"没有第{index}张自评表。")])
        form = self.report.forms[index - 1]
        out = Display([heading(f"自评表{index}：{form.project.text or '（项目名称未识别）'}", f"form-{index}")])
        if form.pages:
            out.append(Markdown(f"页码：{frames.pages_text(form.pages)}；预算列：{form.budget_label}"))
        fs = self.findings
        if form.funds:
            out.append(styling.style(frames.funds_frame(form), f"form{index}funds", styling.fund_marks(fs, index),
                                     caption="预算执行情况"))
        else:
            out.append(note("未能解析预算执行情况。"))
        if form.indicators:
            out.append(styling.style(frames.indicators_frame(form), f"form{index}ind",
                                     styling.indicator_marks(fs, index), caption="绩效指标"))
        else:
            out.append(note("未能解析绩效指标。"))
        out.append(styling.style(frames.score_frame(form), f"form{index}score", styling.score_marks(fs, index),
                                 caption="得分核算（报告数 与 重算）"))
        out.append(styling.style(frames.fields_frame(form), f"form{index}fields", styling.field_marks(fs, index),
                                 caption="文字栏目"))
        mine = [f for f in fs if f.project == index]
        out.extend(self.findings_table(mine, f"form{index}findings", empty="本表未发现不一致。"))
        if evidence:
            out.extend(self.evidence(mine))
        return out

    def forms(self) -> Display:
        out = Display()
        for form in self.report.forms:
            out.extend(self.form(form.index))
        return out

    # ------------------------------------------------------------ 07 汇总

    def link(self, f: Finding) -> str:
        """An HTML link to the notebook (its HTML copy beside this one) that shows the finding."""
        if f.project is not None:
            key, anchor = "perf", f"form-{f.project}"
        elif f.section is not None and f.section == self._other_plan()[0]:
            key, anchor = "other", f"sec-{f.section}"
        elif f.section in SECTION_NOTEBOOK:
            key, anchor = SECTION_NOTEBOOK[f.section], f"sec-{f.section}"
        elif f.table is not None:
            key, anchor = "tables", f"table-{f.table}"
        else:
            key, anchor = "overview", "problems"
        name = NOTEBOOKS[key]
        return f'<a href="{name}.html#{anchor}">{name[3:]}</a>'

    def summary(self) -> Display:
        out = Display([heading("按严重程度与章节", "by-section")])
        if not self.findings:
            return Display([note("未发现任何问题。")])
        out.append(styling.style(frames.severity_counts(self.findings, "section"), "countsection"))
        out.append(heading("按规则类别", "by-family"))
        out.append(styling.style(frames.severity_counts(self.findings, "family"), "countfamily"))
        out.append(heading("全部发现", "all"))
        out.extend(self.findings_table(self.findings, "allfindings", link=self.link))
        return out

    def crossdoc(self) -> Display:
        """跨年度/跨文件核对: every figure this document states that another of the unit's documents states
        too, side by side (disagreements first), and what was not compared."""
        out = Display([heading("跨年度/跨文件核对", "crossdoc")])
        if not self.others:
            return Display([*out, note("未提供本单位的其他公开文件（上年的、同年预算或决算、部门或单位），本节不适用。")])
        from budgetlib.checks import crossdoc

        block = crossdoc.report_block(self.report, self.others)
        out.append(note(crossdoc.summary_text(block)))
        if block["comparisons"]:
            out.append(styling.style(frames.crossdoc_frame(block["comparisons"]), "crossdoc"))
        return out

    def summary_evidence(self, max_pages: int = 24) -> Display:
        problems = [f for f in self.findings if f.severity in PROBLEMS]
        out = self.evidence(problems, max_pages=max_pages)
        pages_hit = len(pages.group_by_page(self.report, problems))
        if pages_hit > max_pages:
            out.append(note(f"另有 {pages_hit - max_pages} 页未在此显示，见各章节笔记本的“证据”一节。"))
        return out or Display([note("没有需要查看原页的问题。")])

    def write_findings(self, output_dir: str | Path) -> Display:
        """findings.json and findings.csv beside the executed notebooks (nothing when no folder given)."""
        if not output_dir:
            return Display([note("未指定 output_dir：本次运行不写出 findings 文件。")])
        from budgetlib import __version__
        from budgetlib.present.findings_io import write_findings
        from budgetlib.present.summary import findings_meta

        # the runner names an unread unit's folder after the file: that is no unit name
        unit = self.unit if self.report.unit or self.unit != self.pdf_path.stem else None
        meta = findings_meta(self.report, self.pdf_path, unit, self.year, findings=self.findings, budgetlib=__version__)
        for name in ("findings.json", "findings.csv"):
            write_findings(Path(output_dir) / name, self.findings, meta, self.report)
        return Display([note(f"已写入 findings.json、findings.csv（{len(self.findings)} 条）。")])


# The findings of the reports audited in this process, by (file, parsing code, parameters): a unit's
# notebooks run one after another in one kernel and each opens the same report; the rules run once.
_AUDITED: dict[tuple, list[Finding]] = {}
AUDITED_KEEP = 4


def _audited(report: Report, params: dict, others: list[Report] | None = None) -> list[Finding]:
    from budgetlib import audit
    from budgetlib.cache import code_fingerprint
    from budgetlib.present.order import applicable

    others = others or []
    if not report.sha256:  # a model without its file's hash cannot be told from another
        return applicable(audit(report, params, others=others), report)
    key = (report.sha256, code_fingerprint(), repr(sorted(params.items())), tuple(o.sha256 for o in others))
    if key not in _AUDITED:
        while len(_AUDITED) >= AUDITED_KEEP:
            del _AUDITED[next(iter(_AUDITED))]
        _AUDITED[key] = applicable(audit(report, params, others=others), report)
    return list(_AUDITED[key])


def open_unit(pdf_path: str | Path = "", params_file: str | Path = "", unit: str = "",
              year: int | None = None, others: Iterable[str | Path] = ()) -> UnitView:
    """Parse (once per file, cached) and audit one report; the parameters of every notebook. `others`:
    PDFs of the same unit's other disclosures, checked against this one (跨年度/跨文件核对)."""
    from budgetlib.cache import load_report
    from budgetlib.params import load_params

    params = load_params(params_file) if params_file else {}
    pdf = Path(pdf_path or params.get("pdf", ""))
    note = ""
    if params and pdf_path and Path(params["pdf"]).resolve() != pdf.resolve():
        # pdf_path changed in the notebook, the params file left as it was: it describes another report
        note = (f"参数文件 {Path(params_file).name} 针对另一份报告（{Path(params['pdf']).name}），未套用；"
                "单位、年度与核对参数取自本报告。")
        params = {}
    report = load_report(pdf)
    related = [load_report(p) for p in others or ()]
    findings = _audited(report, params, related)
    return UnitView(pdf, report, findings, unit=unit or params.get("unit") or report.unit or pdf.stem,
                    year=year or params.get("year") or report.year, params=params, params_note=note,
                    others=related)
