"""Printed table titles and labels → the template catalogue's keys.

Which tables exist and what their columns and rows are called is data (budgetlib/templates);
this module only normalises printed text (list numbers, 公开NN表 ids, 续表 marks, ordinals) so that a
whole title line can be looked up in the catalogue, and reads two-sided row labels by a table's
row rules.
"""

from __future__ import annotations

import re

from budgetlib.templates import TableDef, known_title, norm, title_suffixes
from budgetlib.templates.declarations import FUNDS

# ---------------------------------------------------------------- titles

_STRIP = re.compile(
    r"公开\d+表|公开表[一二三四五六七八九十]+|[(（]?续[表)）]?|^附表\d*[-—.、:：]?|^表[一二三四五六七八九十\d]+[.、:：]?|"
    r"^\d+[.、]|^[一二三四五六七八九十]+、|^\d{4}年度?|[.…·]+\d*$|\d+$"
)
# A title may name its classification or fund after the word 表: 财政拨款支出预算表（功能科目）,
# “三公”经费、会议费、培训费支出预算表（一般公共预算） (江苏).
_TITLE_END = re.compile(r"(?:表|总)(?:\((?:功能|经济)(?:分类)?科目\)|\(一般公共预算\))?$")


_YEAR_UNIT = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、])?\d{4}年度?")


def classify_title(text: str) -> str | None:
    """The catalogue title a printed title line names (normalised), or None. A title that prints
    the year and the unit before the table's name (三、2017年度江苏省高级人民法院部门支出预算总表)
    names the catalogue title it ends with."""
    t = _STRIP.sub("", norm(text))
    t = _STRIP.sub("", t)
    if ("决算" not in t and "预算" not in t) or not _TITLE_END.search(t) or len(t) > 40:
        return None
    known = known_title(t) if len(t) <= 30 else None
    if known is None and _YEAR_UNIT.match(norm(text)):
        known = next((k for k in title_suffixes() if t.endswith(k) and len(t) > len(k)), None)
    return known


_LEAD = re.compile(r"^\s*(?:附表\s*\d+\s*[-—.、:：]?|表[一二三四五六七八九十\d]+[.、:：]?|\d+\s*[.、]|[一二三四五六七八九十]+、)")


def clean_title(text: str) -> str:
    """The title as printed, without its list number, 公开NN表 id or 续 mark."""
    t = _LEAD.sub("", text.strip())
    t = re.sub(r"\s*公开\s*\d+\s*表\s*|\s*[(（]续[表)）]?\s*|\s*续表\s*", "", t)
    return re.sub(r"^[:：]", "", t.strip()).strip()  # 公开 02 表：收入预算总表


TABLE_ID = re.compile(r"公开(\d{1,2})表|公开表([一二三四五六七八九十]{1,3})|^表([一二三四五六七八九十]{1,3})$")
_NUMERALS = "一二三四五六七八九"


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int (the printed numbers 公开表十二, 表三); None for anything else."""
    if not text or any(ch not in _NUMERALS + "十" for ch in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return _NUMERALS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(ones) + 1 if ones else 0)


def table_number(text: str) -> int | None:
    """The printed number of a table id in a (normalised) line: 公开05表, 公开表五 or a line 表五."""
    m = TABLE_ID.search(text)
    if m is None:
        return None
    return int(m.group(1)) if m.group(1) else chinese_number(m.group(2) or m.group(3))
UNIT = re.compile(r"单位[:：]\s*(万元|元)(?![\u4e00-\u9fff])")


# ---------------------------------------------------------------- two-sided rows

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])")

def strip_ordinal(name: str) -> str:
    return _ORDINAL.sub("", norm(name))


def fund_of(name: str) -> str | None:
    t = norm(name)
    for pattern, key in FUNDS:
        if pattern in t:
            return key
    return None


def _side_key(name: str, after_carry: bool, carry: str, rules: tuple[tuple[str, str], ...]) -> str | None:
    t = strip_ordinal(name)
    if after_carry and "总计" not in t:
        fund = fund_of(t)
        if fund:
            return f"{carry}.{fund}"
    for pattern, key in rules:
        if re.search(pattern, t):
            return key
    return None


def left_key(tdef: TableDef, name: str, after_carry: bool) -> str | None:
    """Income-side row key; fund rows listed under 年初结转和结余 are its breakdown."""
    return _side_key(name, after_carry, "in.carry_begin", tdef.row_rules("left"))


def right_special_key(tdef: TableDef, name: str, after_carry: bool) -> str | None:
    """Expense-side key of a row that is not a 类 (合计, 结余分配, 年末结转和结余 and its breakdown, 总计)."""
    return _side_key(name, after_carry, "out.carry_end", tdef.row_rules("right"))


# 支出功能分类 类: only a fallback when no schedule of the report prints the code next to the name.
CLASS_CODES = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204", "教育支出": "205",
    "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "节能环保支出": "211", "城乡社区支出": "212", "农林水支出": "213",
    "交通运输支出": "214", "资源勘探工业信息等支出": "215", "资源勘探信息等支出": "215",
    "商业服务业等支出": "216", "金融支出": "217", "援助其他地区支出": "219", "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220", "住房保障支出": "221", "粮油物资储备支出": "222", "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224", "预备费": "227", "其他支出": "229", "转移性支出": "230",
    "债务还本支出": "231", "债务付息支出": "232", "债务发行费用支出": "233", "抗疫特别国债安排的支出": "234",
}

_SANGONG_ROWS = [("决算|实际", "actual"), ("预算", "budget")]


def sangong_row_key(label: str, tdef: TableDef | None = None) -> str | None:
    """预算数 / 决算数 row (or column group) of a 三公 table, by the table's named-row rules."""
    if tdef is not None and tdef.rows.get("named"):
        return tdef.named_row(label)
    t = norm(label)
    return next((key for pattern, key in _SANGONG_ROWS if re.search(pattern, t)), None)
