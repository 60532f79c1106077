"""Rendering every document: content, privacy, barcodes, pagination, layouts, bad input.

The PDFs are read back with poppler (``pdftotext``, ``pdftoppm``) and zxing-cpp, never with
reportlab itself.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from counter.cases.model import Applicant, LedgerEntry
from counter.clock import CST
from counter.errors import CounterError, InvalidInput
from printing import KINDS, RenderOptions, Snapshot, render, render_snapshot
from printing import sources as src
from printing.layout import MAX_ROLL_HEIGHT
from tests.printing import factory as f
from tests.printing.pdftext import (barcodes, compact, page_count, page_size_pt, page_text,
                                    pdf_text, word_boxes)

A4_PT = (595.3, 841.9)
ROLL_WIDTH_PT = 226.8  # 80 mm
DEADLINE = date(2026, 12, 4)


@pytest.fixture(scope="module")
def catalog():
    from counter.catalog.loader import load_catalog, read_catalog_file
    from tests.conftest import SAMPLE_CATALOG

    return load_catalog(read_catalog_file(SAMPLE_CATALOG))


def all_docs(catalog) -> dict:
    """One document of every kind, from real Case objects."""
    return {
        "receipt": src.receipt_doc(f.accepted_case(), f.SITE, catalog=catalog),
        "notice": src.notice_doc(f.notified_case(), f.SITE, catalog=catalog),
        "rejection": src.rejection_doc(f.rejected_case(), f.SITE, catalog=catalog),
        "commitment": src.document_for("commitment", f.tolerated_case(), f.SITE,
                                       tolerance_deadline=DEADLINE),
        "tolerance": src.document_for("tolerance", f.tolerated_case(), f.SITE, catalog=catalog,
                                      tolerance_deadline=DEADLINE),
        "supplement": src.document_for("supplement", f.supplemented_case(), f.SITE),
        "pickup": src.document_for("pickup", f.picked_up_case(by_applicant=False), f.SITE),
    }


@pytest.fixture(scope="module")
def rendered(catalog) -> dict[str, bytes]:
    return {kind: render(doc) for kind, doc in all_docs(catalog).items()}


# -- every document: required content, privacy ------------------------------------------------

REQUIRED = {
    "receipt": ["受理通知书", "盐市监受〔2026〕", "查询密码", f.PASSWORD, "个体工商户设立登记",
                "运城市盐湖区政务服务中心", "综合受理7号窗口", "c0012", "2026年11月20日09:30",
                "2026年11月27日", "已收取材料清单", "经营者身份证明", "原件核验", "收取原件",
                "电子证照", "0359-2021234", "139****5678", "（受理专用章）", "扫码查询办理进度",
                "第1页共1页"],
    "notice": ["一次性告知书", "盐市监告〔2026〕", "需补齐的材料及要求", "住所（经营场所）使用证明",
               "授权委托书", "代理人身份证明", "载明委托事项、权限和期限", "空白表格：《授权委托书》",
               "【必要】", "原件核验", "收取原件", "（受理专用章）", "2026年11月20日"],
    "rejection": ["不予受理通知书", "一、不予受理的理由", "不属于本行政机关职权范围",
                  "申请人申请的食品经营许可事项应向市级审批部门提出",
                  "二、法律依据", "《中华人民共和国行政许可法》第三十二条第一款第（二）项",
                  "行政复议", "行政诉讼", "（受理专用章）"],
    "commitment": ["容缺受理告知承诺书", "从业人员健康证明", "2026年12月4日", "申请人承诺",
                   "逾期未补交", "申请人（签字或盖章）：", "受理人员：", "（受理专用章）"],
    "tolerance": ["容缺受理通知书", "容缺后补材料", "从业人员健康证明", "2026年12月4日前补交",
                  "逾期后果", "逾期未补交", "扫码查询办理进度", "（受理专用章）"],
    "supplement": ["补正材料回执", "本次收到的补正材料", "从业人员健康证明",
                   "2026年11月24日", "所需材料已全部补齐", "（受理专用章）"],
    "pickup": ["办理结果领取单", "准予许可", "92140802MA0XXXXX1A", "李四", "受托人代为领取",
               "领取人（签字）：", "2026年11月26日15:05", "（受理专用章）"],
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_document_has_its_content_and_the_case_number(rendered, kind):
    text = compact(pdf_text(rendered[kind]))
    for needle in REQUIRED[kind]:
        assert compact(needle) in text, f"{kind}: {needle!r} missing"
    case_no = all_docs_case_no(kind)
    assert case_no in text


def all_docs_case_no(kind: str) -> str:
    return {"notice": f.case_no("G"), "rejection": f.case_no("B")}.get(kind, f.case_no("S"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_document_carries_a_full_id_number_or_mobile(rendered, kind):
    text = compact(pdf_text(rendered[kind]))
    assert f.ID_NUMBER not in text
    assert f.AGENT_ID not in text
    assert f.MOBILE not in text
    assert f.ID_MASKED in text
    if kind == "pickup":
        assert f.AGENT_ID[:6] + "********" + f.AGENT_ID[-4:] in text


def test_full_numbers_never_reach_the_snapshot(catalog):
    for doc in all_docs(catalog).values():
        data = Snapshot(kind=doc.head.kind, doc=doc).to_bytes().decode("utf-8")
        assert f.ID_NUMBER not in data and f.MOBILE not in data and f.AGENT_ID not in data


def test_a_credit_code_is_printed_in_full():
    uscc = "91140802MA0K1A2B3C"
    case = replace(f.accepted_case(), applicant=Applicant("organisation", "盐湖区某某商贸有限公司",
                                                          "001", uscc))
    text = compact(pdf_text(render(src.receipt_doc(case, f.SITE))))
    assert uscc in text and "统一社会信用代码" in text and "法人" not in text[:0]


def test_a_bank_point_names_itself_as_such():
    text = compact(pdf_text(render(src.receipt_doc(f.accepted_case(), f.BANK_SITE))))
    assert "中国建设银行运城分行盐湖支行（政银合作服务点）" in text
    assert "政银合作服务点1号窗口" in text


def test_a_package_lists_its_items(catalog):
    case = replace(f.accepted_case(), name="开办餐饮店“一件事”",
                   items=[("11140802MB1937209W4000101002000", "个体工商户设立登记"),
                          ("11140802MB1937209W4000101003000", "食品经营许可")])
    text = compact(pdf_text(render(src.receipt_doc(case, f.SITE))))
    assert "开办餐饮店“一件事”" in text
    assert "1.个体工商户设立登记（11140802MB1937209W4000101002000）" in text
    assert "2.食品经营许可" in text


# -- barcodes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_receipt_code128_and_qr_decode_at_200_dpi(layout):
    case = f.accepted_case()
    pdf = render(src.receipt_doc(case, f.SITE), RenderOptions(layout=layout))
    found = barcodes(pdf, dpi=200)
    assert ("Code128", case.case_no) in found
    assert ("QRCode", f.SITE.query_url(case.case_no)) in found


@pytest.mark.parametrize("kind", ["notice", "rejection", "pickup", "tolerance"])
def test_other_documents_carry_a_scannable_case_number(rendered, kind):
    found = barcodes(rendered[kind], dpi=200)
    assert ("Code128", all_docs_case_no(kind)) in found


def test_the_qr_code_follows_the_site_template():
    site = replace(f.SITE, query_url_template="https://yh.example.cn/zwfw/jd?bh={case_no}&src=ck")
    case = f.accepted_case()
    found = barcodes(render(src.receipt_doc(case, site)))
    assert ("QRCode", f"https://yh.example.cn/zwfw/jd?bh={case.case_no}&src=ck") in found


# -- layouts and pagination ---------------------------------------------------------------------

def test_a4_and_roll_page_sizes():
    doc = src.receipt_doc(f.accepted_case(), f.SITE)
    a4 = render(doc)
    roll = render(doc, RenderOptions(layout="roll80"))
    assert page_size_pt(a4) == pytest.approx(A4_PT, abs=0.2)
    width, height = page_size_pt(roll)
    assert width == pytest.approx(ROLL_WIDTH_PT, abs=0.2)
    assert 100 * 2.83 <= height <= 400 * 2.83  # one roll page just as long as needed
    assert page_count(roll) == 1
    assert "受理回执" in pdf_text(roll)


def test_pickup_slip_on_the_roll():
    pdf = render(src.pickup_doc(f.picked_up_case(), f.SITE), RenderOptions(layout="roll80"))
    assert page_size_pt(pdf)[0] == pytest.approx(ROLL_WIDTH_PT, abs=0.2)
    text = compact(pdf_text(pdf))
    assert "出件单" in text and "申请人本人领取" in text and "领取人（签字）：" in text


def test_only_receipt_and_pickup_have_a_roll_layout(catalog):
    with pytest.raises(InvalidInput, match="没有 80 毫米热敏纸版式"):
        render(all_docs(catalog)["notice"], RenderOptions(layout="roll80"))


def forty_materials():
    return [LedgerEntry(f"M-{i:02d}", f"第{i}号申请材料：某某证明文件（含附件、复印件及相关说明材料）",
                        "received", "required", 1 + i % 3, ("none", "check", "keep")[i % 3])
            for i in range(1, 41)]


def test_forty_materials_paginate_with_repeated_headers_and_page_numbers():
    pdf = render(src.receipt_doc(f.accepted_case(materials=forty_materials()), f.SITE))
    pages = page_count(pdf)
    assert pages >= 2
    for p in range(1, pages + 1):
        text = compact(page_text(pdf, p))
        assert f"第{p}页共{pages}页" in text
        assert f.case_no("S") in text or p > 1  # the number and code are on the first page
    # the materials table's header row is repeated on every page the table reaches
    table_pages = [p for p in range(1, pages + 1) if "第40号申请材料" in compact(page_text(pdf, p))
                   or "第1号申请材料" in compact(page_text(pdf, p))
                   or any(f"第{i}号申请材料" in compact(page_text(pdf, p)) for i in range(2, 40))]
    assert len(table_pages) >= 2
    for p in table_pages:
        assert compact(page_text(pdf, p)).count("材料名称") >= 1
    whole = compact(pdf_text(pdf))
    for i in range(1, 41):  # every row is there, none lost at a page break
        assert f"第{i}号申请材料" in whole


def test_forty_materials_on_the_roll_make_one_long_page():
    pdf = render(src.receipt_doc(f.accepted_case(materials=forty_materials()), f.SITE),
                 RenderOptions(layout="roll80"))
    assert page_count(pdf) == 1
    assert page_size_pt(pdf)[1] < MAX_ROLL_HEIGHT
    whole = compact(pdf_text(pdf))
    assert all(f"第{i}号申请材料" in whole for i in range(1, 41))


def test_a_roll_longer_than_the_maximum_splits_into_numbered_pages():
    mats = forty_materials() * 4
    pdf = render(src.receipt_doc(f.accepted_case(materials=mats), f.SITE),
                 RenderOptions(layout="roll80"))
    pages = page_count(pdf)
    assert pages >= 2
    assert f"第{pages}页共{pages}页" in compact(page_text(pdf, pages))
    assert compact(page_text(pdf, 2)).count("材料名称") >= 1


def assert_nothing_cut_off(pdf: bytes, paper_margin_pt: float = 8.0) -> None:
    """Every word lies on its page, inside the paper less a small margin."""
    words = word_boxes(pdf)
    assert words
    for w in words:
        assert w["x0"] >= paper_margin_pt, w
        assert w["x1"] <= w["width"] - paper_margin_pt, w
        assert w["y0"] >= 0 and w["y1"] <= w["height"], w


@pytest.mark.parametrize("kind", list(KINDS))
def test_nothing_is_cut_off_on_a4(rendered, kind):
    assert_nothing_cut_off(rendered[kind], paper_margin_pt=40)


@pytest.mark.parametrize("kind", ["receipt", "pickup"])
def test_nothing_is_cut_off_on_the_roll(catalog, kind):
    pdf = render(all_docs(catalog)[kind], RenderOptions(layout="roll80"))
    assert_nothing_cut_off(pdf, paper_margin_pt=6)


# -- marks: reprint, training ---------------------------------------------------------------------

def test_training_mode_marks_every_page():
    pdf = render(src.receipt_doc(f.accepted_case(materials=forty_materials()), f.SITE),
                 RenderOptions(training=True))
    pages = page_count(pdf)
    assert pages >= 2
    for p in range(1, pages + 1):
        text = page_text(pdf, p)
        assert "培训" in text and "不具法律效力" in text


def test_training_mode_marks_the_roll_too():
    pdf = render(src.receipt_doc(f.accepted_case(), f.SITE),
                 RenderOptions(layout="roll80", training=True))
    assert "培训" in pdf_text(pdf)


def test_reprint_mark_with_count_on_every_page():
    doc = src.receipt_doc(f.accepted_case(materials=forty_materials()), f.SITE)
    snap = Snapshot(kind="receipt", doc=doc).to_bytes()
    pdf = render_snapshot(snap, 3, datetime(2026, 12, 1, 10, 0, tzinfo=CST))
    for p in range(1, page_count(pdf) + 1):
        assert "补打（第3次）" in page_text(pdf, p)
    text = compact(pdf_text(pdf))
    assert "补打时间：2026年12月1日10:00" in text
    assert "原件出具时间：2026年11月20日09:30" in text
    assert "补打" not in pdf_text(render(doc))


def test_snapshot_round_trip_is_lossless(catalog):
    for doc in all_docs(catalog).values():
        opts = RenderOptions(layout="a4", training=True)
        snap = Snapshot(kind=doc.head.kind, doc=doc, options=opts)
        again = Snapshot.from_bytes(snap.to_bytes())
        assert again.doc == doc and again.options == opts and again.kind == doc.head.kind


# -- bad input: markup, emoji, rare characters, very long text --------------------------------------

MARKUP_NAME = "<b>张三</b> & <font color=red>李四</font> <para>"


def test_markup_in_names_and_free_text_is_printed_literally():
    case = replace(f.rejected_case(applicant_name=MARKUP_NAME),
                   reason_text="理由含<br/>换行标记 & 实体 &amp; 以及 <i>斜体</i>")
    pdf = render(src.rejection_doc(case, f.SITE))
    text = compact(pdf_text(pdf))
    assert compact(MARKUP_NAME) in text
    assert compact("理由含<br/>换行标记 & 实体 &amp; 以及 <i>斜体</i>") in text


def test_markup_in_materials_and_site_names_is_printed_literally():
    mats = [LedgerEntry("M-1", "<font size=40>证明</font> & <b>附件", "received", "required", 1,
                        "check")]
    site = replace(f.SITE, site_name="<b>某某</b>&中心", counter_name="<i>1号</i>窗口")
    pdf = render(src.receipt_doc(f.accepted_case(materials=mats), site),
                 RenderOptions(layout="roll80"))
    text = compact(pdf_text(pdf))
    assert compact("<font size=40>证明</font> & <b>附件") in text
    assert "<b>某某</b>&中心" in text and "<i>1号</i>窗口" in text


def test_rare_characters_and_emoji_get_a_visible_substitute():
    name = "王𠀀䶮😀"
    pdf = render(src.receipt_doc(f.accepted_case(applicant_name=name), f.SITE))
    text = compact(pdf_text(pdf))
    assert "王□U+20000□U+4DAE□U+1F600" in text
    assert "𠀀" not in text and "😀" not in text


def test_rare_characters_in_page_furniture_and_plain_cells(catalog):
    site = replace(f.SITE, site_name="䶮城政务中心")
    pdf = render(src.pickup_doc(f.picked_up_case(applicant_name="𠀀"), site),
                 RenderOptions(layout="roll80", training=True, reprint_count=1))
    text = compact(pdf_text(pdf))
    assert "□(U+4DAE)城政务中心" in text or "□U+4DAE城政务中心" in text
    assert "□U+20000" in text


def test_emoji_sequences_and_invisible_characters_do_not_leave_holes():
    name = "赵👨\u200d👩\u200d👧️六"
    pdf = render(src.receipt_doc(f.accepted_case(applicant_name=name), f.SITE))
    assert "赵□U+1F468□U+1F469□U+1F467六" in compact(pdf_text(pdf))


def test_very_long_text_wraps_and_paginates_without_loss():
    long_reason = ("经审查发现申请材料中存在多处与事实不符的情形" * 120) + "（完）"
    long_name = "超长名称" * 60
    unbroken = "A" * 400
    case = replace(f.rejected_case(applicant_name=long_name), reason_text=long_reason + unbroken)
    pdf = render(src.rejection_doc(case, f.SITE))
    assert page_count(pdf) >= 2
    text = compact(pdf_text(pdf))
    assert "（完）" in text and unbroken in text and long_name in text
    assert_nothing_cut_off(pdf, paper_margin_pt=40)


def test_a_single_enormous_table_cell_splits_across_pages():
    mats = [LedgerEntry("M-1", "很长的材料名称" * 400, "received", "required", 1, "check"),
            LedgerEntry("M-2", "普通材料", "received", "required", 1, "none")]
    pdf = render(src.receipt_doc(f.accepted_case(materials=mats), f.SITE))
    assert page_count(pdf) >= 2
    text = compact(pdf_text(pdf))
    # (a word cut by a page break is interrupted by the page furniture: count characters)
    assert text.count("很") == 400 and "普通材料" in text
    assert_nothing_cut_off(pdf, paper_margin_pt=40)


def test_empty_values_render():
    case = replace(f.accepted_case(applicant_name=""), materials=[], contact={})
    pdf = render(src.receipt_doc(case, replace(f.SITE, site_name="", counter_name="",
                                               contact_phone="")))
    assert "受理通知书" in pdf_text(pdf)


# -- which document fits which case --------------------------------------------------------------

def test_kind_must_fit_the_state():
    assert src.kind_problem("receipt", f.accepted_case()) is None
    assert src.kind_problem("notice", f.notified_case()) is None
    assert src.kind_problem("rejection", f.rejected_case()) is None
    assert src.kind_problem("pickup", f.picked_up_case()) is None
    assert src.kind_problem("supplement", f.supplemented_case()) is None
    assert src.kind_problem("commitment", f.tolerated_case()) is None
    assert "没有受理通知书" in src.kind_problem("receipt", f.notified_case())
    assert "没有一次性告知书" in src.kind_problem("notice", f.accepted_case())
    assert "没有出件单" in src.kind_problem("pickup", f.accepted_case())
    assert "没有容缺受理告知承诺书" in src.kind_problem("commitment", f.accepted_case())
    with pytest.raises(CounterError, match="办件当前状态为「已受理」"):
        src.document_for("rejection", f.accepted_case(), f.SITE)


def test_tolerance_documents_from_plain_arguments():
    applicant = Applicant("person", "张三", "111", f.ID_NUMBER)
    lines = [src.tolerated_line("从业人员健康证明", DEADLINE),
             src.tolerated_line("消防安全检查合格证明", date(2026, 12, 10), copies=2,
                                original="check")]
    at = datetime(2026, 11, 20, 10, 0, tzinfo=CST)
    commitment = src.commitment_doc(profile=f.SITE, case_name="食品经营许可",
                                    items=[("X1", "食品经营许可")], applicant=applicant,
                                    tolerated=lines, deadline=date(2026, 12, 10), clerk="c0012",
                                    issued_at=at, consequence="逾期未补交的，终止办理。")
    text = compact(pdf_text(render(commitment)))
    assert "容缺受理告知承诺书" in text and "（受理后编号）" not in text  # no number line at all
    assert "逾期未补交的，终止办理。" in text and "2026年12月10日" in text
    assert "消防安全检查合格证明" in text and f.ID_NUMBER not in text
    notice = src.tolerance_doc(profile=f.SITE, case_no=f.case_no("S"), case_name="食品经营许可",
                               items=[("X1", "食品经营许可")], applicant=applicant,
                               tolerated=lines, deadline=date(2026, 12, 10), clerk="c0012",
                               accepted_at=at, query_password="7KQ4MXW2PA")
    pdf = render(notice)
    assert ("QRCode", f.SITE.query_url(f.case_no("S"))) in barcodes(pdf)
    assert "查询密码：7KQ4M XW2PA" in pdf_text(pdf)  # two groups of five


def test_rejection_reason_from_the_catalog_with_its_legal_basis(catalog):
    doc = src.rejection_doc(f.rejected_case(), f.SITE, catalog=catalog)
    assert doc.legal_basis == "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
    assert doc.reason_text.startswith("申请事项依法不属于本行政机关职权范围")
    assert "（《" not in doc.reason_text


def test_notice_requirements_come_from_the_catalog(catalog):
    doc = src.notice_doc(f.notified_case(), f.SITE, catalog=catalog)
    by_name = {m.name: m for m in doc.missing}
    auth = by_name["授权委托书"]
    assert auth.necessity == "必要" and auth.original == "收取原件" and auth.copies == 1
    assert "载明委托事项、权限和期限" in auth.requirements
    assert auth.blank_form == "授权委托书"
    assert len(doc.missing) == 3


def test_dates_in_chinese():
    from printing.render import cn_date, cn_datetime

    assert cn_date(date(2026, 11, 21)) == "2026年11月21日"
    assert cn_datetime(datetime(2026, 11, 21, 1, 5, tzinfo=CST)) == "2026年11月21日 01:05"
    # a moment in UTC is shown in Beijing time
    from datetime import timezone

    assert cn_date(datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)) == "2026年11月21日"
    assert re.fullmatch(r"", cn_date(None))


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_a_huge_value_in_the_information_grid_continues_on_further_rows(layout):
    case = replace(f.picked_up_case(), result={"summary": "结果说明很长" * 900})
    pdf = render(src.pickup_doc(case, f.SITE), RenderOptions(layout=layout))
    assert page_count(pdf) >= 2
    assert compact(pdf_text(pdf)).count("很") == 900
    assert_nothing_cut_off(pdf, paper_margin_pt=40 if layout == "a4" else 6)
