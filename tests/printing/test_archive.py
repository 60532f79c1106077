"""The document archive (counter.documents): issue → latest → reprint, on a real SQLite store."""

from __future__ import annotations

import pytest

from counter.documents import DocumentService
from counter.errors import CounterError, InvalidInput, NotFound
from printing import RenderOptions, issue_snapshot, render_snapshot
from printing.sources import receipt_doc
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text


def store_case(ctx, case):
    """Put a decided case into the store as the case service would."""
    from counter.cases import repository as repo

    with ctx.uow() as u:
        repo.insert_case(u.session, case, draft_id=None, query_password_hash=None)
        u.commit()
    return case


@pytest.fixture
def docs(ctx):
    return DocumentService(ctx.uow, ctx.blobs, ctx.clock)


@pytest.fixture
def accepted(ctx):
    return store_case(ctx, f.accepted_case())


def test_issue_then_latest_returns_the_same_pdf(docs, accepted):
    pdf, snap = issue_snapshot(receipt_doc(accepted, f.SITE))
    issued = docs.issue(accepted.case_no, "receipt", pdf, f.CLERK, snapshot=snap)
    assert (issued.sequence, issued.reprint_count, issued.issued_by) == (1, 0, "c0012")
    latest = docs.latest(accepted.case_no, "receipt", f.CLERK)
    assert latest == issued
    assert docs.pdf(latest, f.CLERK) == pdf
    assert docs.snapshot(latest, f.CLERK) == snap
    assert docs.latest(accepted.case_no, "notice", f.CLERK) is None


def test_reprint_reproduces_the_content_with_the_mark_and_count(docs, accepted, clock):
    pdf, snap = issue_snapshot(receipt_doc(accepted, f.SITE))
    docs.issue(accepted.case_no, "receipt", pdf, f.CLERK, snapshot=snap)
    clock.advance(days=3)
    first, pdf1 = docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)
    second, pdf2 = docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)
    assert (first.sequence, first.reprint_count) == (2, 1)
    assert (second.sequence, second.reprint_count) == (3, 2)
    text1, text2 = pdf_text(pdf1), pdf_text(pdf2)
    assert "补打（第1次）" in text1 and "补打（第2次）" in text2
    # the same content as the original: case number, accept date — not today's; never the
    # query password, even when (as here) the archived snapshot held it
    for text in (text1, text2):
        assert accepted.case_no in text
        assert f.PASSWORD not in text and "见首次打印的受理通知书（回执）" in compact(text)
        assert "2026年11月20日" in text
        assert f.ID_NUMBER not in text
    assert "补打" not in pdf_text(pdf)
    assert docs.latest(accepted.case_no, "receipt", f.CLERK).reprint_count == 2
    assert [d.sequence for d in docs.of_case(accepted.case_no, f.CLERK)] == [1, 2, 3]
    assert docs.original(accepted.case_no, "receipt", f.CLERK).sequence == 1


def test_reprint_keeps_the_layout_and_training_mark_of_the_original(docs, accepted):
    pdf, snap = issue_snapshot(receipt_doc(accepted, f.SITE),
                               RenderOptions(layout="roll80", training=True))
    docs.issue(accepted.case_no, "receipt", pdf, f.CLERK, snapshot=snap, layout="roll80")
    issued, reprint = docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)
    assert issued.layout == "roll80"
    text = pdf_text(reprint)
    assert "培训" in text and "补打（第1次）" in text


def test_reprint_of_a_document_never_issued_is_refused(docs, accepted):
    with pytest.raises(NotFound, match="尚未出具受理通知书"):
        docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)


def test_reprint_without_a_snapshot_is_refused_in_chinese(docs, accepted):
    pdf, _ = issue_snapshot(receipt_doc(accepted, f.SITE))
    docs.issue(accepted.case_no, "receipt", pdf, f.CLERK)
    with pytest.raises(CounterError, match="无法补打"):
        docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)


def test_issue_for_an_unknown_case_or_kind_is_refused(docs, accepted):
    pdf, _ = issue_snapshot(receipt_doc(accepted, f.SITE))
    with pytest.raises(NotFound, match="未找到办件"):
        docs.issue(f.case_no("S", 999), "receipt", pdf, f.CLERK)
    with pytest.raises(InvalidInput, match="未知的文书种类"):
        docs.issue(accepted.case_no, "leaflet", pdf, f.CLERK)
    with pytest.raises(InvalidInput, match="不是 PDF"):
        docs.issue(accepted.case_no, "receipt", b"hello", f.CLERK)


def test_issue_and_reprint_are_audited_without_personal_data(docs, accepted, ctx):
    from sqlalchemy import select

    from counter.store.models import AuditRow

    pdf, snap = issue_snapshot(receipt_doc(accepted, f.SITE))
    docs.issue(accepted.case_no, "receipt", pdf, f.CLERK, snapshot=snap)
    docs.reprint(accepted.case_no, "receipt", f.CLERK, render_snapshot)
    with ctx.uow(read_only=True) as u:
        rows = u.session.execute(select(AuditRow.action, AuditRow.detail)
                                 .where(AuditRow.case_no == accepted.case_no)
                                 .order_by(AuditRow.seq)).all()
    assert [action for action, _ in rows] == ["document.issue", "document.reprint"]
    for _, detail in rows:
        assert accepted.applicant.name not in detail
        assert f.ID_NUMBER not in detail


def test_the_counter_package_does_not_import_reportlab_or_qt():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys, counter.documents, counter.services.cases; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'PySide6', 'printing')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
