"""Decisions archive their documents in their own transaction (issue 4): the ``notified`` and
``rejected`` events reference the archived notice (``notice_blob``), the accept archives the
receipt — never with the query password — and a renderer that fails leaves nothing behind."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import func, select

from counter import outbox
from counter.ports import DocumentRenderer
from counter.clock import FixedClock
from counter.documents import DeferredRenderer
from counter.store.models import AuditRow, DocumentRow, DraftRow, OutboxRow
from printing.archive import PdfRenderer
from tests.printing.pdftext import compact, pdf_text
from tests.unit.cases.helpers import CARD, T0, counts, filled, make_template


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("documents"))


def open_store(template, data_dir, renderer):
    from tests.helpers.context import build_context

    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    return build_context(data_dir, clock=FixedClock(T0), renderer=renderer)


@pytest.fixture
def cx(template, tmp_path):
    data = tmp_path / "data"
    c = open_store(template, data, DeferredRenderer(lambda: PdfRenderer.for_data_dir(data)))
    yield c
    c.close()


@pytest.fixture
def clerk(cx):
    return cx.site.get().actor("c0012")


def the_event(cx, case_no) -> dict:
    with cx.uow(read_only=True) as u:
        [row] = u.session.scalars(select(OutboxRow).where(OutboxRow.case_no == case_no)).all()
        return outbox.event_body(row)


def test_notify_event_references_the_archived_notice(cx, clerk):
    case = cx.cases.notify(filled(cx, materials="missing", seed=5).id, clerk)
    blob = the_event(cx, case.case_no)["payload"]["notice_blob"]
    [doc] = cx.documents.of_case(case.case_no, clerk)
    assert (doc.kind, doc.sequence, doc.reprint_count, doc.layout) == ("notice", 1, 0, "a4")
    assert doc.sha256 == blob and cx.blobs.has(blob)
    pdf = cx.blobs.get(blob)
    assert hashlib.sha256(pdf).hexdigest() == blob and pdf.startswith(b"%PDF")
    text = compact(pdf_text(pdf))
    assert case.case_no in text and "一次性告知书" in text
    for m in case.materials:
        if m.material in case.missing:
            assert compact(m.name) in text
    assert case.applicant.id_number not in text
    assert cx.documents.snapshot(doc, clerk) is not None  # a reprint can reproduce it


def test_reject_event_references_the_archived_rejection(cx, clerk):
    case = cx.cases.reject(filled(cx).id, clerk, "REJ-03", "申请人不具备申请资格。")
    blob = the_event(cx, case.case_no)["payload"]["notice_blob"]
    assert blob == cx.documents.latest(case.case_no, "rejection", clerk).sha256
    text = compact(pdf_text(cx.blobs.get(blob)))
    assert case.case_no in text and "不予受理通知书" in text and "申请人不具备申请资格" in text


def test_accept_archives_the_receipt_without_the_password(cx, clerk):
    result = cx.cases.accept(filled(cx).id, clerk)
    case = result.case
    payload = the_event(cx, case.case_no)["payload"]
    assert "notice_blob" not in payload  # the contract's accepted event has no such key
    [doc] = cx.documents.of_case(case.case_no, clerk)
    assert doc.kind == "receipt" and doc.issued_by == "c0012"
    pdf = cx.documents.pdf(doc, clerk)
    text = compact(pdf_text(pdf))
    assert case.case_no in text and "受理通知书" in text
    assert result.query_password not in text
    assert "查询密码：见首次打印的受理通知书（回执）" in text
    assert result.query_password.encode() not in cx.documents.snapshot(doc, clerk)
    number = case.applicant.id_number
    assert number not in text and number[:6] + "********" + number[-4:] in text


def test_the_document_is_audited_with_the_decision(cx, clerk):
    case = cx.cases.notify(filled(cx, materials="missing", seed=5).id, clerk)
    with cx.uow(read_only=True) as u:
        actions = u.session.scalars(select(AuditRow.action).where(AuditRow.case_no == case.case_no)
                                    .order_by(AuditRow.seq)).all()
    assert actions == ["case.notify", "document.issue"]


def test_a_training_store_archives_marked_documents(cx, clerk):
    cx.site.set_training(True)
    case = cx.cases.notify(filled(cx, materials="missing", seed=5).id, clerk)
    assert "培训" in pdf_text(cx.documents.pdf(cx.documents.latest(case.case_no, "notice", clerk), clerk))


class BrokenRenderer(DocumentRenderer):
    def render(self, *args, **kwargs):
        raise RuntimeError("font missing")


def test_a_failing_renderer_fails_the_decision_and_writes_nothing(template, tmp_path):
    cx = open_store(template, tmp_path / "data", BrokenRenderer())
    try:
        clerk = cx.site.get().actor("c0012")
        intake = filled(cx, materials="missing", seed=5)
        before = counts(cx)
        with pytest.raises(RuntimeError):
            cx.cases.notify(intake.id, clerk)
        assert counts(cx) == before
        with cx.uow(read_only=True) as u:
            assert u.session.get(DraftRow, intake.id).status == "open"
            assert u.session.scalar(select(func.count()).select_from(DocumentRow)) == 0
    finally:
        cx.close()


def test_without_a_renderer_nothing_is_archived(template, tmp_path):
    cx = open_store(template, tmp_path / "data", None)
    try:
        case = cx.cases.notify(filled(cx, materials="missing", seed=5).id,
                               cx.site.get().actor("c0012"))
        assert the_event(cx, case.case_no)["payload"]["notice_blob"] is None
        assert cx.documents.of_case(case.case_no, cx.site.get().actor("c0012")) == []
    finally:
        cx.close()


def test_the_renderer_sees_the_case_item(cx, clerk):
    case = cx.cases.accept(filled(cx, key=CARD).id, clerk).case
    text = compact(pdf_text(cx.documents.pdf(cx.documents.latest(case.case_no, "receipt", clerk), clerk)))
    assert compact(case.name) in text
