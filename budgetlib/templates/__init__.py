"""The template catalogue: one YAML file per family of report layouts (knowledge as data).

A template says which tables a family publishes (logical key, title and aliases, printed number,
columns by header wording, named rows, layout), the identities within and between them, the
narrative section plan and the self-evaluation-form profile. The parser matches a document to a
template by the titles it prints; the identity evaluator (checks/identities.py) runs what the
template declares. Nothing here knows about pages or findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from budgetlib.templates.declarations import Declaration, TemplateError, declarations
from budgetlib.templates.form_profile import FormProfile

__all__ = ["Declaration", "TemplateError"]  # the typed identities (templates/declarations.py)

HERE = Path(__file__).resolve().parent
# A title line closer than this to a known title (difflib ratio) is taken for it: printed titles
# carry typos (出决算表, 政拨款) that an exact match would lose.
FUZZY_TITLE = 0.86


def norm(text: str | None) -> str:
    """Comparison form of printed text: NFKC, simplified characters, no whitespace, no quotation marks."""
    return re.sub(r"[\s\"'“”‘’《》〈〉「」]", "", simplified(text or ""))


# Some sites store a report in traditional characters, and some print a pinyin reading after a
# character their font lacks (甘肃 天水 2017: 預(yù)算, 學(xué)齡): both are undone before matching.
_TONED = "\u00e0-\u00fc\u0101-\u01dc"
PINYIN_RE = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,8}}\)")


@cache
def traditional_table() -> dict[int, str]:
    """traditional.tsv: one character each, 繁体 → 简体 (from OpenCC's TSCharacters)."""
    table = {}
    for line in (HERE / "traditional.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            table[ord(trad)] = simp
    return table


def plain_chars(text: str) -> tuple[str, list[int]]:
    """The matching form of printed text, character by character: NFKC (全角 → 半角, so ASCII
    punctuation), no whitespace, no pinyin readings, traditional characters simplified; with the
    offset in `text` each character comes from."""
    chars, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                chars.append(c)
                index.append(i)
    flat = "".join(chars)
    drop = {k for m in PINYIN_RE.finditer(flat) for k in range(m.start(), m.end())}
    table = traditional_table()
    keep = [k for k in range(len(flat)) if k not in drop]
    return "".join(table.get(ord(flat[k]), flat[k]) for k in keep), [index[k] for k in keep]


def simplified(text: str) -> str:
    """`text` NFKC, without pinyin readings, in simplified characters (whitespace kept)."""
    return PINYIN_RE.sub("", unicodedata.normalize("NFKC", text)).translate(traditional_table())


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    layout: str
    ordinal: int | None = None  # printed number (Sichuan 公开NN表) or 目录 ordinal
    aliases: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()  # printed-number aliases (公开NN表, 表N)
    columns: tuple[tuple[str, str], ...] = ()  # (key, label)
    header: tuple[tuple[str, str], ...] = ()  # (regex on header wording, key)
    rows: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # left/right/named rules
    empty_allowed: bool = False  # may be printed empty (all blank = no data, not zeros)
    group: str = ""  # the audit notebook that shows it: income | fiscal | sangong
    empty_note_required: bool = True  # an all-blank table must say why (table.empty_unexplained)
    single_row: str = ""  # the label of the one row of figures a table prints without a label (江苏 支出预算总表)
    independent: tuple[str, ...] = ()  # columns that are no part of the table's totals (机关运行经费 beside 三公)

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    def column_key(self, path: list[str]) -> str | None:
        """The key of a value column from its header labels, top to bottom: the lowest label
        first, then the whole path joined."""
        parts = [norm(p) for p in path if norm(p)]
        if not parts:
            return None
        for candidate in (parts[-1], "".join(parts)):
            for pattern, key in self.header:
                if re.search(pattern, candidate):
                    return key
        return None

    def column_label(self, key: str, path: list[str]) -> str:
        for k, label in self.columns:
            if k == key:
                return label
        return "".join(p.strip() for p in path if p.strip())

    def row_rules(self, side: str) -> tuple[tuple[str, str], ...]:
        return self.rows.get(side, ())

    def named_row(self, label: str) -> str | None:
        t = norm(label)
        for pattern, key in self.rows.get("named", ()):
            if re.search(pattern, t):
                return key
        return None

    def row_words(self, key: str) -> str | None:
        """How the template words a named row (its first alternative without regex marks), for naming
        a row the report was not read to print: personnel_total → 人员经费合计."""
        for pattern, k in self.rows.get("named", ()):
            if k == key:
                words = re.sub(r"[\^$()?*+\\]", "", str(pattern).split("|")[0])
                return words or None
        return None


@dataclass(frozen=True)
class Section:
    no: int
    title: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    kind: str
    numbered: bool
    tables: tuple[TableDef, ...]
    identities: tuple[Declaration, ...]  # checked against the tables when the file loads
    sections: tuple[Section, ...]
    narrative: dict[str, Any]
    form_profile: FormProfile | None  # None: the template has no 绩效自评表
    publish_date: bool = True  # the cover or 目录 prints 公开时间 (the 上海 预算 template does not)
    # the rounding tolerances of reports of this layout (params.KNOWN_TOLERANCES); a params file overrides them
    tolerances: dict[str, Any] = field(default_factory=dict)
    # the charts of notebooks 01–02 (present/charts.TITLES) that this template's tables and sections give
    charts: tuple[int, ...] = (1, 2, 3, 4, 5, 6)

    def table(self, key: str) -> TableDef | None:
        return next((t for t in self.tables if t.key == key), None)

    def by_title(self, title: str) -> TableDef | None:
        """The table whose title or alias is exactly this (normalised) title line."""
        t = norm(title)
        return next((d for d in self.tables if t in {norm(x) for x in d.titles}), None)

    def by_number(self, number: int) -> TableDef | None:
        return next((d for d in self.tables if number in d.numbers), None)

    def by_ordinal(self, ordinal: int) -> TableDef | None:
        return next((d for d in self.tables if d.ordinal == ordinal), None)

    def section_no(self, title: str) -> int | None:
        """Which section a heading names, by the plan's words (priority order)."""
        t = norm(title)
        return next((s.no for s in self.sections if any(w in t for w in s.words)), None)

    def narrative_ref(self, label: str) -> tuple[str, str, str] | None:
        ref = (self.narrative.get("refs") or {}).get(label)
        return tuple(ref) if ref else None


def _pairs(items: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in (items or []))


def _table(d: dict[str, Any], defaults: dict[str, Any]) -> TableDef:
    rows = {side: _pairs(rules) for side, rules in (d.get("rows") or {}).items()}
    return TableDef(
        key=d["key"], title=d["title"], layout=d.get("layout", "classification"), ordinal=d.get("ordinal"),
        aliases=tuple(d.get("aliases") or ()), numbers=tuple(int(n) for n in d.get("numbers") or ()),
        columns=_pairs(d.get("columns")), header=_pairs(d.get("header")), rows=rows,
        empty_allowed=bool(d.get("empty_allowed", defaults.get("empty_allowed", False))), group=d.get("group", ""),
        empty_note_required=bool(d.get("empty_note_required", defaults.get("empty_note_required", True))),
        single_row=str(d.get("single_row") or ""),
        independent=tuple(d.get("independent") or ()))


# libyaml's loader when PyYAML has it: the catalogue loads in a tenth of the pure-Python loader's time
# (≈0.3 s per process before), in every audit and every notebook kernel.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path) -> Any:
    """A data file of the catalogue, safe-loaded."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)


def load_template(path: str | Path) -> Template:
    """A template file; TemplateError (naming file and line) when an identity names a table, row or
    column the file does not declare."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    d = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    nar = d.get("narrative") or {}
    tables = tuple(_table(t, d) for t in d.get("tables") or ())
    return Template(
        name=d["name"], title=d.get("title", d["name"]), kind=d.get("kind", "决算"),
        numbered=bool(d.get("numbered")), tables=tables,
        identities=declarations(path, text, _YAML_LOADER, d.get("identities"), {t.key: t for t in tables}),
        sections=tuple(Section(s["section"], s["title"], tuple(s.get("words") or ())) for s in nar.get("sections") or ()),
        narrative=nar,
        form_profile=FormProfile.from_mapping(d["form_profile"], d["name"]) if d.get("form_profile") else None,
        publish_date=bool(d.get("publish_date", True)), tolerances=dict(d.get("tolerances") or {}),
        charts=tuple(int(n) for n in d.get("charts", (1, 2, 3, 4, 5, 6))))


@cache
def catalogue() -> dict[str, Template]:
    """Every template shipped with budgetlib, by name."""
    out = {}
    for path in sorted(HERE.glob("*.yaml")):
        t = load_template(path)
        out[t.name] = t
    return out


def get(name: str | None) -> Template | None:
    return catalogue().get(name) if name else None


DEFAULT = "sichuan_unit"


@cache
def _all_titles() -> tuple[tuple[str, str], ...]:
    """(normalised title, canonical title) of every table of every template, longest first."""
    seen: dict[str, str] = {}
    for t in catalogue().values():
        for d in t.tables:
            for title in d.titles:
                seen.setdefault(norm(title), norm(title))
    return tuple(sorted(seen.items(), key=lambda kv: -len(kv[0])))


def title_suffixes() -> tuple[str, ...]:
    """Every (normalised) catalogue title, longest first: what a title line prefixed with the year and
    the unit's name ends with."""
    return tuple(k for k, _ in _all_titles())


def known_title(text: str) -> str | None:
    """The catalogue title a (normalised, stripped) title line names: exact, or the nearest one
    above FUZZY_TITLE when unambiguous; None when it names no known table."""
    t = norm(text)
    # a 预算 title is never taken for a 决算 one, nor the other way round (政府性基金预算财政拨款支出预算表
    # is close to its 决算 sibling)
    final = "决算" in t
    titles = tuple((k, v) for k, v in _all_titles() if ("决算" in k) == final)
    if any(t == k for k, _ in titles):
        return t
    scored = sorted(((SequenceMatcher(None, t, k).ratio(), k) for k, _ in titles), reverse=True)
    if scored and scored[0][0] >= FUZZY_TITLE and (len(scored) == 1 or scored[0][0] - scored[1][0] > 0.02):
        return scored[0][1]
    return None


def definition(title: str, template: Template | None) -> TableDef | None:
    """The table definition of a known title: the matched template's, else the first template
    that knows the title (a report that fits no template is still read table by table)."""
    if template is not None and (d := template.by_title(title)):
        return d
    for t in catalogue().values():
        if d := t.by_title(title):
            return d
    return None


def match(titles: list[str], numbered: bool, kind: str | None = None, partial: bool = False) -> Template | None:
    """The template that explains the printed table titles best, or None when none explains at
    least half of them. `numbered`: the document prints 公开NN表 numbers; `kind`: only templates of
    this disclosure ("决算" or "预算", as the text says), None for any. A page or two of tables (an
    excerpt) still has its template; in a `partial` document the tables not printed are no evidence
    against a template, so the penalty for them is left out."""
    best, best_score = None, float("-inf") if partial else 0.0
    found = {norm(t) for t in titles}
    if not found:
        return None
    for t in catalogue().values():
        if kind is not None and t.kind != kind:
            continue
        mine = {norm(x) for d in t.tables for x in d.titles}
        hits = len(found & mine)
        covered = {d.key for d in t.tables if found & {norm(x) for x in d.titles}}
        # explained titles, minus the template's tables not printed (a weak penalty), plus the
        # numbering convention as a tie-breaker
        score = hits - (0 if partial else 0.25) * (len(t.tables) - len(covered)) + (0.5 if t.numbered == numbered else 0)
        if hits * 2 >= len(found) and score > best_score:
            best, best_score = t, score
    return best


def template_of(tdef: TableDef) -> Template | None:
    return next((t for t in catalogue().values() if any(d is tdef for d in t.tables)), None)


def row_sums(tdef: TableDef) -> list[tuple[str, tuple[str, ...]]]:
    """(total column, component columns) of the additive row identities the template declares for
    a table; an empty component tuple means every other column read (`parts: others`)."""
    tpl = template_of(tdef)
    out = []
    for ident in tpl.identities if tpl else ():
        if ident.kind != "row_sum" or ident.table != tdef.key:
            continue
        if ident.others:
            out.append((ident.total, ()))
        elif all(sign > 0 for sign, _ in ident.parts):
            out.append((ident.total, tuple(c for _, c in ident.parts)))
    return out
