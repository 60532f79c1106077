"""Documents a legal reviewer signs off (issue 11): the legal basis follows the item's type, the
implementing department, its review body and court are named, a bank point only collects, a
即办件 is finished on the spot, the legal limit stands beside the promised one, the seal never
stands alone on a page, and no 咨询电话 line without a number. Read back from the PDF text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from counter.cases.model import LedgerEntry
from counter.catalog.loader import load_catalog
from counter.clock import CST
from counter.workdays import end_of_day
from printing import render, termination
from printing import sources as src
from printing.layout import PAPERS
from tests.printing import factory as f
from tests.printing.pdftext import compact, page_count, pdf_text, word_boxes

LICENCE = ("11140802MB1937209W4000101003000", "食品经营许可")              # 01, 5/10 WD
SELF_EMPLOYED = ("11140802MB1937209W4000101002000", "个体工商户设立登记")  # 01, 即办
SOCIAL_CARD = ("11140802MB1941531L4000220013000", "社会保障卡申领")        # 20, no legal_basis
INSURANCE = ("11140802MB1941531L4000220014000", "单位参保登记")            # 20, legal_basis
DEADLINE = date(2026, 12, 4)
SITE = replace(f.SITE, review_body="运城市盐湖区人民政府（站点设置）", court="")


@pytest.fixture(scope="module")
def catalog():
    from tests.conftest import SAMPLE_CATALOG

    return load_catalog(SAMPLE_CATALOG.read_bytes())


@pytest.fixture(scope="module")
def catalog_1_0():
    """The sample catalog without any 1.1 key: what an older platform publishes."""
    from tests.conftest import SAMPLE_CATALOG

    doc = json.loads(SAMPLE_CATALOG.read_text("utf-8"))
    for d in doc["departments"]:
        for key in ("review_body", "court", "short_code"):
            d.pop(key, None)
    for i in doc["items"]:
        for key in ("legal_basis", "warning_days", "retention_years"):
            i.pop(key, None)
    for r in doc["reasons"]:
        r.pop("item_types", None)
        r.pop("basis", None)
        if r["code"] == "REJ-02":  # as 1.0 catalogs write it: the basis in brackets
            r["text"] = ("申请事项依法不属于本行政机关职权范围（《中华人民共和国行政许可法》"
                         "第三十二条第一款第（二）项）。")
        if r["code"] == "REJ-03":  # the old sample's wrong ground
            r["text"] = "申请人不具备申请资格或不符合法定条件（《中华人民共和国行政许可法》第三十八条第二款）。"
    return load_catalog(json.dumps(doc, ensure_ascii=False))


def _of(case, item):
    code, name = item
    return replace(case, key=code, name=name, items=[(code, name)])


def text_of(doc) -> str:
    return compact(pdf_text(render(doc)))


# -- the legal basis by item type -------------------------------------------------------------

def test_receipt_of_a_licence_cites_article_32(catalog):
    text = text_of(src.receipt_doc(_of(f.accepted_case(), LICENCE), f.SITE, catalog=catalog))
    assert "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理" in text


def test_receipt_of_a_public_service_never_cites_the_licensing_law(catalog):
    text = text_of(src.receipt_doc(_of(f.accepted_case(), SOCIAL_CARD), f.SITE, catalog=catalog))
    assert "行政许可法" not in text
    assert "申请材料齐全、符合法定形式，决定予以受理" in text  # neutral wording


def test_the_catalogs_legal_basis_wins(catalog):
    text = text_of(src.receipt_doc(_of(f.accepted_case(), INSURANCE), f.SITE, catalog=catalog))
    assert "根据《中华人民共和国社会保险法》第五十七条的规定，决定予以受理" in text
    assert "行政许可法" not in text


def test_notice_basis_follows_the_type(catalog):
    licence = text_of(src.notice_doc(_of(f.notified_case(), LICENCE), f.SITE, catalog=catalog))
    assert "《中华人民共和国行政许可法》第三十二条第一款第（四）项" in licence
    public = text_of(src.notice_doc(_of(f.notified_case(), SOCIAL_CARD), f.SITE, catalog=catalog))
    assert "行政许可法" not in public and "现一次性告知" in public


def test_rejection_never_cites_article_38_nor_the_licensing_law_for_a_public_service(catalog_1_0):
    case = replace(_of(f.rejected_case(), SOCIAL_CARD), reason_code="REJ-03",
                   reason_text="申请人不符合条件。")
    text = text_of(src.rejection_doc(case, f.SITE, catalog=catalog_1_0))
    assert "第三十八条" not in text and "行政许可法" not in text
    assert "二、依据" in text and "本事项办事指南公布的受理条件" in text
    licence = text_of(src.rejection_doc(_of(replace(f.rejected_case(), reason_code="REJ-03"),
                                            LICENCE), f.SITE, catalog=catalog_1_0))
    assert "第三十八条" not in licence
    assert "《中华人民共和国行政许可法》第三十二条第一款第（一）项、第（二）项" in licence


def test_rejection_basis_from_the_reason(catalog):
    text = text_of(src.rejection_doc(_of(f.rejected_case(), LICENCE), f.SITE, catalog=catalog))
    assert "二、法律依据《中华人民共和国行政许可法》第三十二条第一款第（二）项" in text
    assert "应向市级审批部门提出" in text  # the clerk's text names where to apply


# -- authority, review body, court ---------------------------------------------------------------

def _all_kinds(catalog, site):
    case = _of(f.accepted_case(), LICENCE)
    return {
        "receipt": src.receipt_doc(case, site, catalog=catalog),
        "notice": src.notice_doc(_of(f.notified_case(), LICENCE), site, catalog=catalog),
        "rejection": src.rejection_doc(_of(f.rejected_case(), LICENCE), site, catalog=catalog),
        "commitment": src.document_for("commitment", _of(f.tolerated_case(), LICENCE), site,
                                       catalog=catalog, tolerance_deadline=DEADLINE),
        "tolerance": src.document_for("tolerance", _of(f.tolerated_case(), LICENCE), site,
                                      catalog=catalog, tolerance_deadline=DEADLINE),
        "supplement": src.document_for("supplement", _of(f.supplemented_case(), LICENCE), site,
                                       catalog=catalog),
        "pickup": src.document_for("pickup", _of(f.picked_up_case(), LICENCE), site,
                                   catalog=catalog),
    }


@pytest.mark.parametrize("kind", ["receipt", "notice", "rejection", "commitment", "tolerance",
                                  "supplement", "pickup"])
def test_every_document_names_the_implementing_department(catalog, kind):
    text = text_of(_all_kinds(catalog, f.SITE)[kind])
    assert "实施部门运城市盐湖区市场监督管理局" in text


def test_rejection_and_termination_name_review_body_and_court(catalog):
    rejection = text_of(src.rejection_doc(_of(f.rejected_case(), LICENCE), f.SITE, catalog=catalog))
    assert "向运城市盐湖区人民政府申请行政复议" in rejection
    assert "向运城市盐湖区人民法院提起行政诉讼" in rejection
    doc = termination.termination_doc(
        _of(f.tolerated_case(), LICENCE), f.SITE, reason_text="逾期未补交。",
        terminated_at=datetime(2026, 12, 7, 10, 0, tzinfo=CST), approved_by="s0099",
        deadline=DEADLINE, catalog=catalog)
    text = compact(pdf_text(termination.render(doc)))
    assert "向运城市盐湖区人民政府申请行政复议" in text and "向运城市盐湖区人民法院提起行政诉讼" in text
    assert "审批人员s0099（首席代表/值班长）" in text


def test_a_1_0_catalog_falls_back_to_the_site_setting_then_the_defaults(catalog_1_0):
    text = text_of(src.rejection_doc(_of(f.rejected_case(), LICENCE), SITE, catalog=catalog_1_0))
    assert "向运城市盐湖区人民政府（站点设置）申请行政复议" in text
    assert "依法向人民法院提起行政诉讼" in text
    bare = text_of(src.rejection_doc(_of(f.rejected_case(), LICENCE), f.SITE, catalog=catalog_1_0))
    assert "向本级人民政府申请行政复议" in bare


# -- a 政银合作 point collects on the authority's behalf ---------------------------------------------

@pytest.mark.parametrize("kind", ["receipt", "notice", "rejection", "tolerance"])
def test_at_a_bank_point_the_authority_decides(catalog, kind):
    text = text_of(_all_kinds(catalog, f.BANK_SITE)[kind])
    assert ("受运城市盐湖区市场监督管理局（实施机关）委托，中国建设银行运城分行盐湖支行代为收件" in text)
    # the seal line names the authority, never the bank
    assert "运城市盐湖区市场监督管理局（受理专用章）" in text
    assert "中国建设银行运城分行盐湖支行（受理专用章）" not in text


def test_a_bank_points_roll_receipt_says_it_collects_for_the_authority(catalog):
    from printing import RenderOptions

    doc = src.receipt_doc(_of(f.accepted_case(), LICENCE), f.BANK_SITE, catalog=catalog)
    text = compact(pdf_text(render(doc, RenderOptions(layout="roll80"))))
    assert "受运城市盐湖区市场监督管理局（实施机关）委托，中国建设银行运城分行盐湖支行代为收件" in text
    assert "运城市盐湖区市场监督管理局（受理专用章）" in text


# -- limits: 即办件, the legal limit ---------------------------------------------------------------

def test_an_immediate_case_is_finished_on_the_spot(catalog):
    case = replace(_of(f.accepted_case(), SELF_EMPLOYED),
                   promised_at=end_of_day(f.ACCEPTED_AT.date()))
    text = text_of(src.receipt_doc(case, f.SITE, catalog=catalog))
    assert "本件为即办件，当场办结。" in text and "承诺办结当场办结" in text
    assert "当日办结" not in text and "前办结" not in text


def test_the_legal_limit_stands_beside_the_promised_one(catalog):
    case = replace(_of(f.accepted_case(), LICENCE), legal_at=end_of_day(date(2026, 12, 4)))
    text = text_of(src.receipt_doc(case, f.SITE, catalog=catalog))
    assert "将于2026年11月27日（含当日）前办结；法定办结时限为10个工作日，至2026年12月4日（含当日）。" in text
    assert "承诺办结2026年11月27日（5个工作日）" in text
    assert "法定时限2026年12月4日（10个工作日）" in text
    unknown = text_of(src.receipt_doc(_of(f.accepted_case(), LICENCE), f.SITE, catalog=catalog))
    assert "法定时限10个工作日" in unknown  # the date lies in a year not yet published


# -- the seal never stands alone ---------------------------------------------------------------

def _seal_alone_pages(pdf: bytes) -> list[int]:
    """Pages where the seal block has nothing of the body above it."""
    top = PAPERS["a4"].top
    words = word_boxes(pdf)
    alone = []
    for w in words:
        if w["text"] != "（受理专用章）":
            continue
        page = [x for x in words if x["page"] == w["page"]]
        # the seal block is the site name, the seal and the date: anything above those lines?
        block_top = w["y0"] - 2.2 * (w["y1"] - w["y0"])
        above = [x for x in page if top - 2 < x["y0"] < block_top]
        if not above:
            alone.append(w["page"])
    return alone


def test_a_long_tolerance_notice_keeps_the_seal_with_what_precedes_it(catalog):
    base = _of(f.tolerated_case(), LICENCE)
    checked = 0
    for n in range(18, 40):
        owed = [LedgerEntry(f"M-T{i}", f"容缺材料第{i + 1}项（复印件加盖公章）", "tolerated",
                            "tolerable", 0, "none") for i in range(n)]
        case = replace(base, materials=base.materials + owed)
        pdf = render(src.document_for("tolerance", case, f.SITE, catalog=catalog,
                                      tolerance_deadline=DEADLINE))
        if page_count(pdf) < 2:
            continue
        checked += 1
        assert _seal_alone_pages(pdf) == [], f"{n} materials: the seal starts a page alone"
    assert checked


# -- 咨询电话 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["receipt", "notice", "rejection"])
def test_no_phone_line_without_a_number(catalog, kind):
    site = replace(f.SITE, contact_phone="")
    text = text_of(_all_kinds(catalog, site)[kind])
    assert "咨询电话" not in text and "电话—" not in text


def test_document_numbers_use_the_departments_short_code(catalog, catalog_1_0):
    receipt = text_of(src.receipt_doc(_of(f.accepted_case(), LICENCE), f.SITE, catalog=catalog))
    assert f"盐市监受〔2026〕{f.case_no('S')}号" in receipt
    social = text_of(src.rejection_doc(_of(f.rejected_case(), SOCIAL_CARD), f.SITE, catalog=catalog))
    assert "盐人社不受〔2026〕" in social
    legacy = text_of(src.receipt_doc(_of(f.accepted_case(), LICENCE), f.SITE, catalog=catalog_1_0))
    assert "综受〔2026〕" in legacy  # a 1.0 catalog: the default


def test_a_document_archived_before_keeps_its_wording_on_reprint():
    """A snapshot from before issue 11 has no authority: its 补打 reads as first printed."""
    from printing import Snapshot, render_snapshot

    doc = src.receipt_doc(_of(f.accepted_case(), LICENCE), f.SITE)  # no catalog
    raw = json.loads(Snapshot(kind="receipt", doc=doc).to_bytes())
    for key in ("authority",):
        raw["doc"]["head"].pop(key)
    for key in ("immediate", "legal_at", "legal_limit"):
        raw["doc"].pop(key)
    text = compact(pdf_text(render_snapshot(json.dumps(raw, ensure_ascii=False).encode(), 1,
                                            datetime(2026, 12, 1, 9, 0, tzinfo=CST))))
    assert "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定" in text
    assert "实施部门" not in text and "综受〔2026〕" in text
