"""重置查询密码 in 办件查询 (issue 11): for an applicant who never got or lost the password, the
clerk confirms the identity check, the case gets a new password (the old no longer verifies,
audited), shown once, and a new first 受理通知书 carrying it is printed, previewed or saved —
marked as re-issued."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from counter.cases.password import check_password
from counter.store.models import AuditRow, CaseRow
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.clipping import assert_no_clipped_labels
from tests.ui.intake.test_no_printer import no_printer, previews, save_to  # noqa: F401 - fixtures
from tests.ui.test_case_documents import accept_now, open_view
from ui.case_view import ConfirmResetDialog
from ui.intake.decisions import DecisionResultDialog, default_actor

LEFT = Qt.MouseButton.LeftButton


def stored_hash(ctx, case_no):
    with ctx.uow(read_only=True) as u:
        return u.session.get(CaseRow, case_no).query_password_hash


def reset_in_view(qtbot, view):
    assert view.reset_password_button.isEnabled()
    qtbot.mouseClick(view.reset_password_button, LEFT)
    confirm = view.dialog
    assert isinstance(confirm, ConfirmResetDialog)
    assert confirm.cancel_button.isDefault()  # Enter alone does not reset
    qtbot.mouseClick(confirm.ok_button, LEFT)
    wait_idle(qtbot)
    result = view.dialog
    assert isinstance(result, DecisionResultDialog)
    qtbot.waitExposed(result)
    return result


def test_reset_shows_the_new_password_and_prints_a_reissued_first_receipt(
        qtbot, doc_ctx, pdf_printer, message_boxes):
    case_no, old = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    result = reset_in_view(qtbot, view)
    new = result.password_label.text().replace(" ", "")
    assert len(new) == 10 and result.case_no_label.text() == case_no
    assert_no_clipped_labels(result)
    h = stored_hash(doc_ctx, case_no)
    assert check_password(case_no, new, h) and (new == old or not check_password(case_no, old, h))
    with doc_ctx.uow(read_only=True) as u:
        entry = u.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
    assert (entry.action, entry.case_no) == ("case.reset_query_password", case_no)
    # the history of the case shows the step
    steps = [view.history.item(r, 1).text() for r in range(view.history.rowCount())]
    assert steps[-1] == "重置查询密码"
    # 打印 (the default button): a new first receipt with the new password
    assert result.print_button.isDefault()
    qtbot.mouseClick(result.print_button, LEFT)
    wait_idle(qtbot)
    assert message_boxes == []
    text = compact(pdf_text(pdf_printer[-1].read_bytes()))
    assert f"查询密码：{new}" in text and case_no in text and "重置" in text
    assert "本件为重新出具的首份通知书" in text and "补打（" not in text
    assert "已打印" in result.print_status.text()
    # the archive still holds no password; 补打 says where it is
    docs = doc_ctx.documents.of_case(case_no, default_actor(doc_ctx))
    assert [d.kind for d in docs] == ["receipt"]
    archived = compact(pdf_text(doc_ctx.documents.pdf(docs[0], default_actor(doc_ctx))))
    assert new not in archived and "见首次打印的受理通知书（回执）" in archived


def test_reset_without_a_printer_previews_and_saves(qtbot, doc_ctx, no_printer, previews, save_to,
                                                    message_boxes):
    target, asked = save_to
    case_no, _old = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    result = reset_in_view(qtbot, view)
    new = result.password_label.text().replace(" ", "")
    result.preview_button.click()
    result.save_button.click()
    wait_idle(qtbot)
    assert message_boxes == []
    [(_title, _note, _pages, text)] = previews
    assert f"查询密码：{new}" in text
    assert f"查询密码：{new}" in compact(pdf_text(target.read_bytes()))
    assert asked == [f"受理通知书-{case_no}-重置查询密码.pdf"]


def test_cancel_changes_nothing_and_final_cases_offer_no_reset(qtbot, doc_ctx, message_boxes):
    case_no, _old = accept_now(doc_ctx)
    view = open_view(qtbot, doc_ctx, case_no)
    before = stored_hash(doc_ctx, case_no)
    qtbot.mouseClick(view.reset_password_button, LEFT)
    view.dialog.reject()
    assert stored_hash(doc_ctx, case_no) == before
    # a notified case has no password: no button
    from tests.ui.conftest import ITEM_CODE, me
    service = doc_ctx.intake
    intake = service.start("item", ITEM_CODE, me(doc_ctx))
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in {"applicant.name": "李四", "applicant.id_type": "111",
                       "applicant.id_number": "11010519491231002X"}.items():
        intake.set_value(spec.field(key), value)
    notified = doc_ctx.cases.notify(intake, default_actor(doc_ctx))
    view.show_case(notified.case_no)
    assert not view.reset_password_button.isEnabled()
