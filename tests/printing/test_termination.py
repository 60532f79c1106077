"""The termination notice (终止办理通知书, printing/termination.py): content, privacy, the
Code 128 number, reprints from its snapshot, wording overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from counter.cases.model import CaseState
from counter.clock import CST
from counter.limit import Limit, LimitUnit
from counter.tolerance import ToleratedMaterial
from printing import termination as t
from printing.model import RenderOptions
from tests.printing import factory as f
from tests.printing.pdftext import barcodes, compact, page_count, pdf_text

DEADLINE = datetime(2026, 11, 25, 23, 59, 59, tzinfo=CST)
AT = datetime(2026, 11, 26, 10, 5, tzinfo=CST)


def terminated_case():
    return replace(f.tolerated_case(), state=CaseState.TERMINATED)


def notice(**kw):
    return t.termination_doc(terminated_case(), f.SITE, reason_text="逾期未补交从业人员健康证明",
                             terminated_at=AT, approved_by="s0003", deadline=DEADLINE, **kw)


def test_the_notice_says_what_was_owed_why_and_what_the_applicant_may_do():
    pdf = t.render(notice())
    text = compact(pdf_text(pdf))
    for needle in ("终止办理通知书", "综终〔2026〕", f.case_no("S"), "张三：", "个体工商户设立登记",
                   "2026年11月20日", "2026年11月25日前补交下列材料", "决定终止办理本申请",
                   "一、未按期补交的材料", "从业人员健康证明", "二、终止理由",
                   "逾期未补交从业人员健康证明", "三、告知事项", "可以重新提出申请", "行政复议",
                   "审批人员", "s0003", "终止时间", "2026年11月26日10:05", "（受理专用章）",
                   "运城市盐湖区政务服务中心", "第1页共1页"):
        assert compact(needle) in text, needle
    assert f.ID_NUMBER not in text and f.ID_MASKED in text
    assert f.MOBILE not in text
    assert page_count(pdf) == 1
    assert ("Code128", f.case_no("S")) in barcodes(pdf)


def test_owed_materials_from_the_commitment_carry_their_own_deadlines():
    owed = [ToleratedMaterial("M-HEALTH", "从业人员健康证明", Limit(3, LimitUnit.WD),
                              deadline=datetime(2026, 11, 24, 23, 59, 59, tzinfo=CST))]
    doc = notice(owed=owed)
    assert doc.owed[0].deadline.isoformat() == "2026-11-24"
    assert "2026年11月24日" in compact(pdf_text(t.render(doc)))


def test_a_reprint_renders_the_snapshot_again_marked():
    doc = notice()
    snap = t.snapshot(doc, RenderOptions(training=True))
    again = t.render_snapshot(snap, 1, datetime(2026, 11, 27, 9, 0, tzinfo=CST))
    text = compact(pdf_text(again))
    assert "补打（第1次）" in text and "培训" in text
    assert "逾期未补交从业人员健康证明" in text


def test_wording_override(tmp_path):
    (tmp_path / "termination.toml").write_text('title = "终止受理决定书"\n', encoding="utf-8")
    text = compact(pdf_text(t.render(notice(), wording_dir=tmp_path)))
    assert "终止受理决定书" in text and "一、未按期补交的材料" in text


def test_markup_in_the_reason_is_printed_as_written():
    doc = replace(notice(), reason_text="<b>未补交</b> & 其他")
    assert compact("<b>未补交</b>&其他") in compact(pdf_text(t.render(doc)))
