"""What the 13 附表 are called and what their printed labels mean.

Titles are recognised by their distinguishing words, not by exact strings, so regional variants
(基本支出决算表 / 基本支出决算明细表, 一般公共预算财政拨款“三公”经费…) and typos (出决算表, 政拨款) still
land on the right table. Column and row labels map to the stable keys of the corpus truth schema.
"""

from __future__ import annotations

import re
import unicodedata

TITLES = {
    1: "收入支出决算总表",
    2: "收入决算表",
    3: "支出决算表",
    4: "财政拨款收入支出决算总表",
    5: "财政拨款支出决算明细表",
    6: "一般公共预算财政拨款支出决算表",
    7: "一般公共预算财政拨款支出决算明细表",
    8: "一般公共预算财政拨款基本支出决算明细表",
    9: "一般公共预算财政拨款项目支出决算表",
    10: "政府性基金预算财政拨款收入支出决算表",
    11: "国有资本经营预算财政拨款收入支出决算表",
    12: "国有资本经营预算财政拨款支出决算表",
    13: "财政拨款“三公”经费支出决算表",
}

LAYOUTS = {1: "two_sided", 4: "two_sided", 8: "economic", 13: "sangong"}


def layout_of(no: int) -> str:
    return LAYOUTS.get(no, "classification")


# Column keys with the labels the truth files use; a printed label maps to a key by COLUMN_RULES.
COLUMNS: dict[int, list[tuple[str, str]]] = {
    1: [("amount", "金额")],
    2: [("total", "本年收入合计"), ("fiscal", "财政拨款收入"), ("superior", "上级补助收入"), ("business", "事业收入"),
        ("operating", "经营收入"), ("affiliated", "附属单位上缴收入"), ("other", "其他收入")],
    3: [("total", "本年支出合计"), ("basic", "基本支出"), ("project", "项目支出"), ("remit", "上缴上级支出"),
        ("operating", "经营支出"), ("subsidy", "对附属单位补助支出")],
    4: [("amount", "金额"), ("total", "合计"), ("gp", "一般公共预算财政拨款"), ("gf", "政府性基金预算财政拨款"),
        ("soc", "国有资本经营预算财政拨款")],
    5: [("total", "合计"), ("gp", "一般公共预算财政拨款"), ("gf", "政府性基金预算财政拨款"),
        ("soc", "国有资本经营预算财政拨款")],
    6: [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")],
    7: [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费"), ("project", "项目支出")],
    8: [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")],
    9: [("total", "合计"), ("wages", "工资福利支出"), ("goods", "商品和服务支出"), ("households", "对个人和家庭的补助"),
        ("capital", "资本性支出")],
    10: [("carry_begin", "年初结转和结余"), ("income", "本年收入"), ("total", "本年支出小计"), ("basic", "基本支出"),
         ("project", "项目支出"), ("carry_end", "年末结转和结余")],
    12: [("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")],
    13: [("total", "合计"), ("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费小计"),
         ("vehicle_buy", "公务用车购置费"), ("vehicle_run", "公务用车运行维护费"), ("reception", "公务接待费")],
}
COLUMNS[11] = COLUMNS[10]

_FUNDS = [("国有资本", "soc"), ("政府性基金", "gf"), ("一般公共预算", "gp")]
_TOTAL = [("合计|小计|决算数|^金额$", "total")]

# Tried on the lowest header label first, then on the whole header path (parent + child).
COLUMN_RULES: dict[int, list[tuple[str, str]]] = {
    1: [(".", "amount")],
    2: [("财政拨款", "fiscal"), ("上级补助", "superior"), ("事业收入", "business"), ("附属单位", "affiliated"),
        ("经营收入", "operating"), ("其他收入", "other"), *_TOTAL],
    3: [("基本支出", "basic"), ("项目支出", "project"), ("上缴上级", "remit"), ("经营支出", "operating"),
        ("附属单位", "subsidy"), *_TOTAL],
    4: [*_FUNDS, ("合计|小计", "total"), ("金额|决算数", "amount")],
    5: [*_FUNDS, *_TOTAL],
    6: [("年初预算", "budget_initial"), ("调整.*预算|全年预算", "budget_adjusted"), ("基本支出", "basic"),
         ("项目支出", "project"), *_TOTAL],
    7: [("人员经费", "personnel"), ("公用经费", "public"), ("项目支出", "project"), ("^基本支出$", "basic"), *_TOTAL],
    8: [("人员经费", "personnel"), ("公用经费", "public"), *_TOTAL],
    9: [("工资福利", "wages"), ("商品和服务", "goods"), ("个人和家庭", "households"), ("资本性支出", "capital"),
        ("对企业补助", "enterprise"), ("债务利息", "interest"), ("其他支出", "other"), *_TOTAL],
    10: [("年初", "carry_begin"), ("年末", "carry_end"), ("本年收入", "income"), ("基本支出", "basic"),
         ("项目支出", "project"), ("本年支出|小计|合计", "total")],
    13: [("因公出国", "abroad"), ("公务接待", "reception"), ("购置费$", "vehicle_buy"), ("运行.*费$", "vehicle_run"),
         ("小计|购置及运行", "vehicle"), ("机关运行经费", "operation"), ("会议费", "meeting"), ("培训费", "training"),
         ("合计", "total")],
}
COLUMN_RULES[11] = COLUMN_RULES[10]
COLUMN_RULES[12] = COLUMN_RULES[6]


def norm(text: str | None) -> str:
    """Comparison form of printed text: NFKC, no whitespace, no quotation marks."""
    t = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s\"'“”‘’《》〈〉「」]", "", t)


def column_key(no: int, path: list[str]) -> str | None:
    """The key of a value column of table `no` from its header labels, top to bottom."""
    parts = [norm(p) for p in path if norm(p)]
    if not parts:
        return None
    for candidate in (parts[-1], "".join(parts)):
        for pattern, key in COLUMN_RULES.get(no, []):
            if re.search(pattern, candidate):
                return key
    return None


def column_label(no: int, key: str, path: list[str]) -> str:
    for k, label in COLUMNS.get(no, []):
        if k == key:
            return label
    return "".join(p.strip() for p in path if p.strip())


# ---------------------------------------------------------------- titles

_STRIP = re.compile(
    r"公开\d+表|[(（]?续[表)）]?|^附表\d*[-—.、:：]?|^表[一二三四五六七八九十\d]+[.、:：]?|"
    r"^\d+[.、]|^[一二三四五六七八九十]+、|^\d{4}年度?|[.…·]+\d*$|\d+$"
)


def classify_title(text: str) -> int | None:
    """Which of the 13 schedules a title line names, or None."""
    t = _STRIP.sub("", norm(text))
    t = _STRIP.sub("", t)
    if "决算" not in t or not t.endswith(("表", "总")) or len(t) > 30:
        return None
    if "三公" in t:
        return None if "政府性基金" in t else 13
    if "政府性基金" in t:
        return 10 if "收入" in t else None
    if "国有资本" in t:
        return 11 if "收入" in t else 12
    if "一般公共" in t:
        if "基本支出" in t:
            return 8
        if "项目支出" in t:
            return 9
        return 7 if "明细" in t else 6
    if "拨款" in t:
        return 4 if ("总表" in t or "收入" in t) else 5
    if "总表" in t:
        return 1
    if "收入" in t:
        return 2
    if "出决算" in t:
        return 3
    return None


_LEAD = re.compile(r"^\s*(?:附表\s*\d+\s*[-—.、:：]?|表[一二三四五六七八九十\d]+[.、:：]?|\d+\s*[.、]|[一二三四五六七八九十]+、)")


def clean_title(text: str) -> str:
    """The title as printed, without its list number, 公开NN表 id or 续 mark."""
    t = _LEAD.sub("", text.strip())
    t = re.sub(r"\s*公开\s*\d+\s*表\s*|\s*[(（]续[表)）]?\s*|\s*续表\s*", "", t)
    return t.strip()


TABLE_ID = re.compile(r"公开(\d{1,2})表")
UNIT = re.compile(r"单位[:：]\s*(万元|元)(?![\u4e00-\u9fff])")


# ---------------------------------------------------------------- two-sided rows

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])")

_LEFT = [("国有资本", "in.soc"), ("政府性基金", "in.gf"), ("一般公共预算", "in.gp"), ("上级补助", "in.superior"),
         ("事业收入", "in.business"), ("附属单位", "in.affiliated"), ("经营收入", "in.operating"),
         ("其他收入", "in.other"), ("收入合计", "in.total_year"), ("非财政拨款结余|事业基金弥补", "in.use_surplus"),
         ("年初", "in.carry_begin"), ("总计", "in.grand")]
_RIGHT = [("支出合计", "out.total_year"), ("结余分配", "out.alloc"), ("年末", "out.carry_end"), ("总计", "out.grand")]


def strip_ordinal(name: str) -> str:
    return _ORDINAL.sub("", norm(name))


def fund_of(name: str) -> str | None:
    t = norm(name)
    for pattern, key in _FUNDS:
        if pattern in t:
            return key
    return None


def _side_key(name: str, after_carry: bool, carry: str, rules: list[tuple[str, str]]) -> str | None:
    t = strip_ordinal(name)
    if after_carry and "总计" not in t:
        fund = fund_of(t)
        if fund:
            return f"{carry}.{fund}"
    for pattern, key in rules:
        if re.search(pattern, t):
            return key
    return None


def left_key(name: str, after_carry: bool) -> str | None:
    """Income-side row key; fund rows listed under 年初结转和结余 are its breakdown."""
    return _side_key(name, after_carry, "in.carry_begin", _LEFT)


def right_special_key(name: str, after_carry: bool) -> str | None:
    """Expense-side key of a row that is not a 类 (合计, 结余分配, 年末结转和结余 and its breakdown, 总计)."""
    return _side_key(name, after_carry, "out.carry_end", _RIGHT)


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

SANGONG_ROWS = [("决算|实际", "actual"), ("预算", "budget")]


def sangong_row_key(label: str) -> str | None:
    t = norm(label)
    for pattern, key in SANGONG_ROWS:
        if re.search(pattern, t):
            return key
    return None
