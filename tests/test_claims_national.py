"""National narrative claims (parse/claims_national): the ids, kinds, values and references of the
corpus_national truth, from the truth's own paragraphs and from the PDFs; czj_2024's claims."""

from __future__ import annotations

import pytest
from conftest import national_cases, truth_of
from national import compare, czj_report, pdf_case, read_pdf, unknown_misses

from budgetlib.model import Report, Section
from budgetlib.parse.claims import extract_claims
from budgetlib.templates import plain_chars

CASES = national_cases()


def from_sections(truth: dict) -> Report:
    """The truth's paragraphs and tables, without its claims: the extractor alone, no PDF."""
    rep = Report.from_truth(truth)
    rep.claims = []
    return rep


@pytest.mark.parametrize("pdf", CASES, ids=lambda p: p.stem)
def test_claims_from_the_truth_text(pdf):
    truth = truth_of(pdf)
    ok, diff, extra = compare(extract_claims(from_sections(truth)), truth)
    assert not unknown_misses(diff)
    assert not extra
    assert len(ok) / (len(ok) + len(diff)) >= 0.95


def test_claims_from_the_truth_text_overall():
    """≥ 95% of the truth's claims over the 8 cases (measured: 1021 of 1026; the 5 misses are
    s11.office's ref, see national.KNOWN)."""
    if not CASES:
        pytest.skip("../shared/corpus_national 不存在")
    n_ok = n = 0
    for pdf in CASES:
        truth = truth_of(pdf)
        ok, diff, _ = compare(extract_claims(from_sections(truth)), truth)
        n_ok, n = n_ok + len(ok), n + len(ok) + len(diff)
    assert (n_ok, n) == (1021, 1026)


def test_an_item_broken_over_two_paragraphs():
    """A text layer may break a 项 of 五（三） after its name; its figures are still that 项's."""
    if not CASES:
        pytest.skip("../shared/corpus_national 不存在")
    truth = truth_of(CASES[0])
    detail = truth["narrative"]["sections"][4]["subsections"][2]
    broken = []
    for para in detail["paragraphs"]:
        i = para.find("。主要用于")
        broken += [para[:i + 1], para[i + 1:]] if i > 0 else [para]
    assert len(broken) > len(detail["paragraphs"])
    detail["paragraphs"] = broken
    ok, diff, extra = compare(extract_claims(from_sections(truth)), truth)
    assert not unknown_misses(diff) and not extra


def test_each_claim_points_at_its_printed_figure():
    """A claim's `at` (printed paragraph, offset) is where its figure is printed: a claim that points at
    a neighbour (the 已完成整改 count for the 发现问题 total) would send the reader to the wrong number."""
    if not CASES:
        pytest.skip("../shared/corpus_national 不存在")
    pointed = 0
    for pdf in CASES:
        for c in extract_claims(from_sections(truth_of(pdf))):
            if c.at is None:
                continue
            text, off = c.at
            printed = plain_chars(text[off:])[0]
            # a 大于/小于/等于 claim points at the start of its phrase (决算数大于预算数)
            head = printed[:len(c.value) + 4] if c.kind == "direction" else printed[:len(c.value)]
            assert c.value in head, (pdf.stem, c.id, c.value, printed[:20])
            pointed += 1
    assert pointed >= 900  # measured 919 over the 8 cases


def test_the_problem_counts_point_at_their_own_figures():
    from budgetlib.parse.claims_national import TEMPLATE, extract

    text = "本年度绩效自评发现问题9个，已完成整改的5个，正在整改的4个。"
    rep = Report(sections=[Section(no=10, title="十、绩效评价工作开展情况", paragraphs=[text])], template=TEMPLATE)
    claims = {c.id: c for c in extract(rep)}
    got = [(claims[k].value, claims[k].at[0], text[claims[k].at[1]])
           for k in ("s10.problems", "s10.problems.done", "s10.problems.doing")]
    assert got == [("9", text, "9"), ("5", text, "5"), ("4", text, "4")]


@pytest.mark.corpus
@pytest.mark.parametrize("pdf", [pdf_case(p) for p in CASES])
def test_claims_from_the_pdf(pdf):
    report = read_pdf(pdf)
    assert report.narrative_found
    truth = truth_of(pdf)
    ok, diff, extra = compare(report.claims, truth)
    assert not unknown_misses(diff)
    assert not extra
    for c in report.claims:  # evidence: the sentence and the page it was printed on
        assert c.prov is not None and c.prov.page >= 2, c.id
        if c.value is not None and c.kind not in ("sum", "at_most", "flat"):
            assert c.value.replace(",", "") in c.sentence.replace(" ", "").replace(",", ""), c.id


# ---------------------------------------------------------------- czj_2024 (real report)


@pytest.fixture(scope="module")
def czj():
    return {c.id: c for c in czj_report().claims}


def test_czj_section_four_states_0_3_and_flat(czj):
    assert czj["s4.total"].value == "0.3"
    assert czj["s4.total"].ref.table == "fiscal_summary"
    flat = czj["s4.flat"]
    assert (flat.kind, flat.subject) == ("flat", "s4.total")
    assert flat.quote.endswith("等原因减少支付")  # the reason, read on from the next paragraph


def test_czj_items_of_five_three(czj):
    items = [c for c in czj.values() if c.id.startswith("s5.item.") and c.kind == "amount" and c.ref]
    assert [c.ref.row for c in items] == ["2010601", "2010602", "2010607", "2010608", "2080501", "2080505",
                                          "2080506", "2080599", "2101101", "2210201", "2210203"]
    assert czj["s5.item.2010601.budget"].value == "1560.05"  # printed "年初预算为 1560.05 万元"
    assert czj["s5.item.2010602.dir"].value == "基本持平"
    assert len(czj["s5.items.budget.sum"].parts) == len(czj["s5.items.actual.sum"].parts) == 11


def test_czj_shares_and_sangong(czj):
    assert czj["s5.struct.shares"].parts == ["s5.class.201.share", "s5.class.208.share", "s5.class.210.share",
                                            "s5.class.221.share"]
    assert czj["s7.abroad.rate"].budget_ref.column == "abroad"
    assert "s7.none2" in czj and "s7.none" not in czj  # (二)'s 无, not the 无 of (一)'s 主要原因
    assert czj["s11.proc.sme"].parts == ["s11.proc.won_sme", "s11.proc.other_sme"]


def test_a_reason_broken_into_the_next_paragraph_is_read_there():
    # czj 四 as printed: "…持平，主要原因：" ends its paragraph; the reason is the next paragraph's first sentence
    from budgetlib.parse.claims_national import _reason
    from budgetlib.parse.claimtext import Para

    paras = [Para.of("前一段。"), Para.of("财政拨款支出与上年持平，主要原因："),
             Para.of("基本支出中人员进出变化等原因减少支付。其后一句。")]
    assert _reason(paras, paras[1], 0) == "基本支出中人员进出变化等原因减少支付"
    assert _reason(paras[1:2], paras[1], 0) == ""  # the last paragraph: no reason to read on to
    assert _reason(paras, paras[0], 0) == ""  # no 主要原因 at all


def test_a_reason_in_its_own_sentence_is_the_printed_text_after_the_colon():
    from budgetlib.parse.claims_national import _reason
    from budgetlib.parse.claimtext import Para

    p = Para.of("财政拨款支出与上年持平，主要原因： 人员 稳定，编制未变。其后一句。")
    # the printed text (its full-width comma, not the matching text's ","), without spaces, up to the full stop
    assert _reason([p], p, 0) == "人员稳定，编制未变"


def test_items_without_the_detail_total_are_read_and_summed_against_nothing():
    """五（三）'s 项 read where the sentence of the 一般公共预算财政拨款 totals was lost (a page cut out):
    each 项 is still a claim; the sums of the 项 have no total to be compared with, so there are none."""
    if not CASES:
        pytest.skip("../shared/corpus_national 不存在")
    truth = truth_of(CASES[0])
    whole = {c.id for c in extract_claims(from_sections(truth))}
    assert {"s5.detail.total", "s5.items.budget.sum", "s5.items.actual.sum"} <= whole
    for sec in truth["narrative"]["sections"]:
        for holder in [sec, *sec.get("subsections", [])]:
            holder["paragraphs"] = [p for p in holder["paragraphs"] if "支出年初预算为" not in p]
    got = {c.id for c in extract_claims(from_sections(truth))}
    assert "s5.detail.total" not in got and not {"s5.items.budget.sum", "s5.items.actual.sum"} & got
    assert {i for i in whole if i.startswith("s5.item.")} <= got


def test_an_item_outside_the_catalogue_is_labelled_by_its_printed_names():
    from budgetlib.model import Subsection
    from budgetlib.parse.claims_national import TEMPLATE, extract

    text = ("1、测试支出（类）试点事务（款）专项试点支出（项）。主要用于：试点工作。年初预算为10.00万元，"
            "支出决算为9.00万元，完成年初预算的90.00%。决算数小于预算数的主要原因：项目结余。")
    rep = Report(sections=[Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", subsections=[
        Subsection("（三）一般公共预算财政拨款支出决算具体情况", [text])])], template=TEMPLATE)
    got = {c.id: c for c in extract(rep)}
    assert (got["s5.item.1"].value, got["s5.item.1"].label) == ("9.00", "测试支出试点事务专项试点支出支出决算")
    assert got["s5.item.1"].ref is None  # no code: no table row to compare with (never a guessed one)
    assert got["s5.item.1.budget"].label == "测试支出试点事务专项试点支出年初预算"


# ---------------------------------------------------------------- hand-made sections (mutation run, issue 20)


def national(*sections: Section) -> dict:
    """The claims of hand-made national sections, by id."""
    from budgetlib.parse.claims_national import TEMPLATE, extract

    return {c.id: c for c in extract(Report(sections=list(sections), template=TEMPLATE))}


def test_a_flat_claim_points_at_the_word_chi_ping():
    """The `flat` claim of 一 (与上年持平) points at the printed 持平, and carries the reason after it."""
    text = "本部门2024年度收入支出总计100.00万元。与2023年度相比，收入支出总计基本持平。主要原因：人员稳定。"
    flat = national(Section(no=1, title="一、收入支出决算总体情况说明", paragraphs=[text]))["s1.flat"]
    printed, off = flat.at
    assert (flat.value, flat.subject, printed[off:off + 2], flat.quote) == ("持平", "s1.total", "持平", "人员稳定")


@pytest.mark.parametrize("paras,reason", [
    (["收入支出总计与上年持平，主要原因：人员稳定", "下一段。"], "人员稳定"),  # the paragraph ends the reason, no 。
    (["收入支出总计与上年持平，主要原因：", "。其后一句。"], ""),  # the next paragraph's first sentence is empty
])
def test_the_reason_at_a_paragraph_end(paras, reason):
    """A 主要原因 printed up to its paragraph's end is that paragraph's (the next paragraph is read only when
    the reason itself is empty there); read on into the next paragraph, the reason stops at its first 。."""
    from budgetlib.parse.claims_national import _reason
    from budgetlib.parse.claimtext import Para

    ps = [Para.of(t) for t in paras]
    assert _reason(ps, ps[0], 0) == reason


def test_items_over_several_paragraphs_keep_each_paragraphs_page():
    """五（三）'s 项 are read from the paragraphs joined: each 项's claim keeps the page its own paragraph was
    printed on (the 2nd 项 on page 9, the 1st on page 8)."""
    from budgetlib.model import Prov, Subsection

    items = ["1、测试支出（类）试点事务（款）甲支出（项）。年初预算为10.00万元，支出决算为9.00万元。",
             "2、测试支出（类）试点事务（款）乙支出（项）。年初预算为20.00万元，支出决算为21.00万元。"]
    provs = [[(0, Prov(8, (0.0, 0.0, 1.0, 1.0)))], [(0, Prov(9, (0.0, 0.0, 1.0, 1.0)))]]
    got = national(Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", subsections=[
        Subsection("（三）一般公共预算财政拨款支出决算具体情况", items, line_provs=provs)]))
    assert [(got[k].value, got[k].prov.page) for k in ("s5.item.1", "s5.item.2")] == [("9.00", 8), ("21.00", 9)]


S3 = Section(no=3, title="三、支出决算情况说明", paragraphs=[
    "本年支出合计200.00万元，其中：基本支出150.00万元，占75.00%；项目支出50.00万元，占25.00%。"])


def five(total: str, structure: str = "") -> Section:
    from budgetlib.model import Subsection

    subs = [Subsection("（一）一般公共预算财政拨款支出决算总体情况", [total])]
    if structure:
        subs.append(Subsection("（二）一般公共预算财政拨款支出决算结构情况", [structure]))
    return Section(no=5, title="五、一般公共预算财政拨款支出决算情况说明", subsections=subs)


@pytest.mark.parametrize("sections,share", [
    ((S3, five("一般公共预算财政拨款支出100.00万元，占本年支出合计的50.00%。")), "50.00"),
    ((S3, five("一般公共预算财政拨款支出100.00万元。")), None),  # no share printed: no share claim
    ((five("一般公共预算财政拨款支出100.00万元，占本年支出合计的50.00%。"),), None),  # no 三 to be a share of
])
def test_five_total_share_of_three_needs_both(sections, share):
    """五（一）'s 占本年支出合计的P% is a share claim (of s3.total) only when it is printed and 三 states its total."""
    got = national(*sections)
    assert got["s5.total"].value == "100.00"
    claim = got.get("s5.total.share")
    assert (claim and (claim.value, claim.part, claim.whole)) == ((share, "s5.total", "s3.total") if share else None)


@pytest.mark.parametrize("structure,parts", [
    ("一般公共预算财政拨款支出100.00万元，主要用于以下方面：社会保障和就业支出（类）40.00万元，占40.00%；"
     "卫生健康支出（类）60.00万元，占60.00%。", 2),
    ("一般公共预算财政拨款支出100.00万元，主要用于以下方面：卫生健康支出（类）100.00万元，占100.00%。", 0),
])
def test_structure_shares_summed_only_when_there_are_several(structure, parts):
    """五（二）'s shares add up to 100 (s5.struct.shares) when two or more are printed; a single share is
    the 占比 check's alone, not a sum."""
    got = national(five("一般公共预算财政拨款支出100.00万元。", structure))
    shares = got.get("s5.struct.shares")
    assert (len(shares.parts) if shares else 0) == parts
    if shares:
        assert (shares.kind, shares.value) == ("sum", "100")


S6 = Section(no=6, title="六、一般公共预算财政拨款基本支出决算情况说明", paragraphs=[
    "一般公共预算财政拨款基本支出150.00万元。其中：人员经费120.00万元；公用经费30.00万元。"])
S11_OFFICE = "机关运行经费支出20.00万元，比2023年度减少1.00万元，下降4.76%。"


@pytest.mark.parametrize("sections,bound", [((S6,), True), ((), False)])
def test_office_costs_bounded_by_public_funds_only_when_six_states_them(sections, bound):
    """机关运行经费 ≤ 六's 公用经费 (s11.office.bound) is claimed only when 六 states its 公用经费."""
    s11 = Section(no=11, title="十一、其他重要事项的情况说明", paragraphs=[S11_OFFICE])
    got = national(*sections, s11)
    assert got["s11.office"].value == "20.00"
    claim = got.get("s11.office.bound")
    assert (claim and (claim.kind, claim.total, claim.parts)) == (
        ("at_most", "s6.public", ["s11.office"]) if bound else None)


PROC_TOTAL = "本部门2024年度政府采购金额（以合同签订为准）为100.00万元，其中：货物采购金额60.00万元、服务采购金额40.00万元。"
PROC_WON = "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额30.00万元"
PROC_OTHER = "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额20.00万元"


@pytest.mark.parametrize("paras,sme", [
    ([PROC_TOTAL, f"{PROC_WON}；{PROC_OTHER}。"], ["s11.proc.won_sme", "s11.proc.other_sme"]),
    ([PROC_TOTAL, f"{PROC_WON}。"], None),  # the other projects' figure not printed
    ([f"{PROC_WON}；{PROC_OTHER}。"], None),  # no procurement total
])
def test_sme_contracts_within_procurement_need_all_three_figures(paras, sme):
    """中小企业中标金额 (reserved + other projects) ≤ 政府采购金额 is claimed only with all three figures."""
    got = national(Section(no=11, title="十一、其他重要事项的情况说明", paragraphs=paras))
    claim = got.get("s11.proc.sme")
    assert (claim and (claim.total, claim.parts)) == (("s11.proc.total", sme) if sme else None)


def test_vehicle_counts_are_labelled_by_their_kind():
    """十一（三）: each 车辆 count is labelled by its kind (the template's order gives its id)."""
    text = "截至2024年12月31日，本部门共有车辆3辆，其中：执法执勤用车1辆、特种专业技术用车2辆。"
    got = national(Section(no=11, title="十一、其他重要事项的情况说明", paragraphs=[text]))
    assert [(got[k].label, got[k].value) for k in ("s11.veh.4", "s11.veh.5")] == [
        ("执法执勤用车", "1"), ("特种专业技术用车", "2")]
    assert got["s11.veh.sum"].parts == ["s11.veh.4", "s11.veh.5"]
