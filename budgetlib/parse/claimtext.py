"""The text machinery the claim extractors share: paragraphs normalised for matching with a way
back to the printed text and its page, a builder that gives each claim its sentence and page, and
the patterns of amounts, percentages and year-on-year changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from budgetlib.model import Claim, LineProvs, Prov, Ref
from budgetlib.templates import plain_chars

NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
AMT = NUM + r"(万元|元)"
PCT = NUM + "%"
# 占P%, or a share printed as a bare 0 ("经营收入0万元，占0；": 0 of anything is 0, whatever the unit)
SHARE = r"(?:,?占(?:[^,;:。\d]{0,20}?的)?(?:" + PCT + r"|(0)(?![\d.%])))?"
YOY_RE = re.compile(r"(增减少|减增加|增加|减少|降低|下降|增长)了?" + AMT
                    + r",?(?:各|同比)?(增长|下降|降低|减少|增加)了?" + PCT)

AMOUNT_DIRECTION = {"增加": "增加", "增长": "增加", "减少": "减少", "下降": "减少", "降低": "减少",
                    "增减少": "减少", "减增加": "增加"}
PCT_DIRECTION = {"增加": "增长", "增长": "增长", "减少": "下降", "下降": "下降", "降低": "下降"}


# ---------------------------------------------------------------- normalised text with provenance


@dataclass
class Para:
    """A paragraph normalised for matching (NFKC, no whitespace) that maps back to the printed text."""

    norm: str
    orig: str
    index: list[int]  # norm offset → orig offset
    provs: LineProvs
    # a paragraph joined from others (claims_national._joined): (orig offset, the printed paragraph)
    sources: list[tuple[int, str]] = field(default_factory=list)

    def origin(self, pos: int) -> tuple[str, int] | None:
        """The printed paragraph and the offset in it of norm offset pos (a joined paragraph's source)."""
        if not self.index:
            return None
        at = self.index[min(pos, len(self.index) - 1)]
        for off, text in reversed(self.sources):
            if off <= at:
                return text, at - off
        return self.orig, at

    @classmethod
    def of(cls, text: str, provs: LineProvs | None = None) -> Para:
        """NFKC (so ASCII punctuation), no whitespace, traditional characters simplified and pinyin
        readings dropped (templates.plain_chars); quotes and places stay the printed text's."""
        norm, index = plain_chars(text)
        return cls(norm, text, index, provs or [])

    def prov(self, pos: int) -> Prov | None:
        if not self.provs:
            return None
        at = self.index[min(pos, len(self.index) - 1)] if self.index else 0
        found = self.provs[0][1]
        for off, prov in self.provs:
            if off <= at:
                found = prov
        return found

    def sentence(self, pos: int) -> str:
        """The printed sentence (up to 。) around norm offset pos."""
        start = self.norm.rfind("。", 0, pos) + 1
        end = self.norm.find("。", pos)
        end = len(self.norm) - 1 if end < 0 else end
        if not self.index:
            return ""
        return self.orig[self.index[start]: self.index[end] + 1].strip()


class Builder:
    """Accumulates the claims of one section."""

    def __init__(self, section: int) -> None:
        self.section = section
        self.claims: list[Claim] = []

    def add(self, para: Para, pos: int, id: str, kind: str, label: str, value: str | None = None,
            **kw) -> Claim:
        c = Claim(id=id, section=self.section, kind=kind, label=label, value=value,
                  sentence=para.sentence(pos), prov=para.prov(pos), at=para.origin(pos) if value else None, **kw)
        self.claims.append(c)
        return c

    def amount(self, para: Para, m: re.Match, g: int, id: str, label: str, ref: Ref | None = None) -> Claim:
        """Amount claim from group g (number) and g+1 (unit) of m."""
        return self.add(para, m.start(g), id, "amount", label, m.group(g), ref=ref,
                        unit="元" if m.group(g + 1) == "元" else "万元")

    def share(self, para: Para, m: re.Match, g: int, part: Claim, whole: Claim | None, label: str) -> None:
        """The share of SHARE's groups g (P of 占P%) or g+1 (a bare 0)."""
        g = g if m.group(g) is not None else g + 1
        if m.group(g) is not None and whole is not None:
            self.add(para, m.start(g), f"{part.id}.share", "share", label, m.group(g), part=part.id, whole=whole.id)

    def sum(self, id: str, label: str, total: Claim | None, parts: list[Claim]) -> None:
        if total is not None and parts:
            self.claims.append(Claim(id=id, section=self.section, kind="sum", label=label, total=total.id,
                                     parts=[p.id for p in parts], sentence=total.sentence, prov=total.prov))

    def yoy(self, para: Para, subject: Claim | None, prefix: str, label: str, start: int = 0) -> None:
        """与上年相比 增加/减少 X 万元，增长/下降 Y%: a yoy_amount and a yoy_pct claim."""
        if subject is None:
            return
        m = YOY_RE.search(para.norm, start)
        if m:
            self.yoy_match(para, m, subject, prefix, label)

    def yoy_match(self, para: Para, m: re.Match | Shift, subject: Claim, prefix: str, label: str) -> None:
        """The two claims of a YOY_RE match."""
        self.add(para, m.start(2), f"{prefix}.yoy_amount", "yoy_amount", label, m.group(2),
                 direction=AMOUNT_DIRECTION[m.group(1)], subject=subject.id,
                 unit="元" if m.group(3) == "元" else "万元")
        self.add(para, m.start(5), f"{prefix}.yoy_pct", "yoy_pct", label, m.group(5),
                 direction=PCT_DIRECTION[m.group(4)], subject=subject.id)

    def none(self, para: Para, m: re.Match, id: str, ref: Ref | None) -> None:
        self.add(para, m.start(), id, "none", m.group(1), ref=ref)


def search(paras: list[Para], pattern: str) -> tuple[Para, re.Match] | tuple[None, None]:
    rx = re.compile(pattern)
    for p in paras:
        m = rx.search(p.norm)
        if m:
            return p, m
    return None, None


def list_items(para: Para, start: int) -> Iterator[tuple[int, str]]:
    """The ；-separated items of a 其中 list from norm offset start: (offset, item text)."""
    end = para.norm.find("。", start)
    end = len(para.norm) if end < 0 else end
    pos = start
    for piece in re.split(r"[;、]", para.norm[start:end]):
        yield pos, piece
        pos += len(piece) + 1


def composition(b: Builder, paras: list[Para], total_label: str, total_ref: Ref, items, ref_of, prefix: str,
                 whole_label: str, sum_label: str, total_words: str | None = None) -> None:
    """总额 X万元，其中：A万元，占P%；B万元，占Q%… (total_words: the regex naming the total, when the
    wording is not total_label itself: 甘肃 prints 本单位收入为X万元)."""
    p, m = search(paras, (total_words or total_label) + r"(?:为)?" + AMT)
    if not p:
        return
    total = b.amount(p, m, 1, f"{prefix}.total", total_label, total_ref)
    parts = []
    start = p.norm.find("其中", m.end())
    if start < 0:
        return
    for pos, item in list_items(p, start + 3):
        for name, key in items:
            im = re.match(r"^" + name + r"(?:为)?" + AMT + SHARE, item)
            if im:
                rel = Shift(im, pos)
                part = b.amount(p, rel, 1, f"{prefix}.{key}", name, ref_of(key))
                b.share(p, rel, 3, part, total, f"{name}占比")
                parts.append(part)
                break
    b.sum(f"{prefix}.sum", sum_label, total, parts)


class Shift:
    """A match on a slice, seen with offsets in the whole paragraph."""

    def __init__(self, m: re.Match, offset: int) -> None:
        self.m, self.offset = m, offset

    def group(self, g: int):
        return self.m.group(g)

    def start(self, g: int = 0) -> int:
        return self.m.start(g) + self.offset

    def end(self, g: int = 0) -> int:
        return self.m.end(g) + self.offset


NONE_RE = r"无([^,;:。]*?{}[^,;:。]*?支出)"


def zip_provs(texts: list[str], provs: list[LineProvs]) -> Iterator[tuple[str, LineProvs]]:
    """Each paragraph with the line positions printed for it (none for text built without a PDF)."""
    for i, t in enumerate(texts):
        yield t, provs[i] if i < len(provs) else []
