"""支出功能分类 names → codes, for the narrative's '教育支出' and 'X（类）Y（款）Z（项）'.

The narrative names a classification but never prints its code, while the claims (and the truth
files) are keyed by code. The report's own schedules are the authority: when they are parsed, a
name path is resolved against their rows (类 → 款 → 项 by code prefix). Before that, or when a
row is missing, a small catalogue of the stable 类 and of common 款/项 is used. The yearly code
list changes, so the catalogue is a fallback only, never a validator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from budgetlib.numbers import normalize

# 类 (3 digits): stable across years; older names kept as aliases.
CLASSES: dict[str, str] = {
    "一般公共服务": "201", "外交": "202", "国防": "203", "公共安全": "204", "教育": "205",
    "科学技术": "206", "文化旅游体育与传媒": "207", "文化体育与传媒": "207", "社会保障和就业": "208",
    "社会保险基金": "209", "卫生健康": "210", "医疗卫生与计划生育": "210", "医疗卫生": "210",
    "节能环保": "211", "城乡社区": "212", "农林水": "213", "交通运输": "214",
    "资源勘探工业信息等": "215", "资源勘探信息等": "215", "商业服务业等": "216", "金融": "217",
    "援助其他地区": "219", "自然资源海洋气象等": "220", "国土海洋气象等": "220", "住房保障": "221",
    "粮油物资储备": "222", "国有资本经营预算": "223", "灾害防治及应急管理": "224", "预备费": "227",
    "其他": "229", "转移性": "230", "债务还本": "231", "债务付息": "232", "债务发行费用": "233",
    "抗疫特别国债安排": "234",
}

# Common 款 (5 digits) and 项 (7 digits).
DETAIL: dict[str, str] = {
    "20101": "人大事务", "20102": "政协事务", "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行", "2010302": "一般行政管理事务", "2010303": "机关服务", "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "20104": "发展与改革事务", "20105": "统计信息事务", "20106": "财政事务",
    "2010601": "行政运行", "2010602": "一般行政管理事务", "2010650": "事业运行",
    "20107": "税收事务", "20108": "审计事务", "20111": "纪检监察事务", "20113": "商贸事务",
    "20126": "档案事务", "20129": "群众团体事务", "20131": "党委办公厅（室）及相关机构事务",
    "20132": "组织事务", "20133": "宣传事务", "20134": "统战事务",
    "20402": "公安", "2040201": "行政运行",
    "20501": "教育管理事务", "2050101": "行政运行", "2050102": "一般行政管理事务",
    "20502": "普通教育", "2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育",
    "2050204": "高中教育", "20503": "职业教育", "20508": "进修及培训",
    "20601": "科学技术管理事务", "2060101": "行政运行", "2060102": "一般行政管理事务",
    "20602": "基础研究", "20603": "应用研究", "20604": "技术研究与开发", "2060499": "其他技术研究与开发支出",
    "20609": "科技重大项目", "2060902": "重点研发计划",
    "20701": "文化和旅游", "2070101": "行政运行", "2070102": "一般行政管理事务", "2070104": "图书馆",
    "2070108": "文化活动", "2070109": "群众文化", "2070111": "文化创作与保护",
    "20702": "文物", "2070204": "文物保护", "2070205": "博物馆",
    "20707": "旅游发展基金支出", "2070799": "其他旅游发展基金支出",
    "20801": "人力资源和社会保障管理事务", "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休", "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出", "20808": "抚恤", "2080801": "死亡抚恤",
    "21004": "公共卫生", "2100410": "突发公共卫生事件应急处理",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助", "2101199": "其他行政事业单位医疗支出",
    "21208": "国有土地使用权出让收入安排的支出", "2120803": "城市建设支出",
    "21301": "农业农村", "21303": "水利", "2130301": "行政运行", "2130305": "水利工程建设",
    "2130311": "水资源节约管理与保护",
    "21401": "公路水路运输", "2140101": "行政运行", "2140104": "公路建设", "2140106": "公路养护",
    "22102": "住房改革支出", "2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴",
    "22301": "解决历史遗留问题及改革成本支出", "2230105": "国有企业退休人员社会化管理补助支出",
}


def _key(name: str) -> str:
    """Compare names without spacing, width or a trailing 支出 (类 rows print '教育支出')."""
    t = normalize(name).replace("(", "（").replace(")", "）")
    return re.sub(r"支出$", "", t)


Pairs = Iterable[tuple[str, str]]  # (code, name)


def _find(pairs: Pairs, name: str, length: int, prefix: str = "") -> str | None:
    want = _key(name)
    for code, row_name in pairs:
        if len(code) == length and code.startswith(prefix) and _key(row_name) == want:
            return code
    return None


def class_code(name: str, rows: Pairs = ()) -> str | None:
    """'社会保障和就业支出' or '社会保障和就业' → '208'."""
    rows = list(rows)
    return _find(rows, name, 3) or CLASSES.get(_key(name))


def item_code(lei: str, kuan: str, xiang: str, rows: Pairs = ()) -> str | None:
    """'社会保障和就业'（类）'行政事业单位养老支出'（款）'行政单位离退休'（项）→ '2080501'."""
    rows = list(rows)
    for pairs in (rows, list(DETAIL.items())):
        c = _find(rows, lei, 3) or CLASSES.get(_key(lei))
        if c is None:
            continue
        k = _find(pairs, kuan, 5, c)
        x = _find(pairs, xiang, 7, k) if k else None
        if x:
            return x
    return None
