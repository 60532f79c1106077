"""The approval dialog and the credit re-check at approval (审批时再次核查信用): a request made
while the credit lookup could not be made says that 同意 looks it up again, and what is recorded
when it still cannot be made; a dishonest record found then is shown in the dialog."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from counter.clock import CST
from counter.credit import CreditResult, CreditStatus
from counter.identity import Actor
from counter.services.tolerance import DISHONEST_AT_APPROVAL_MESSAGE
from counter.tolerance import RequestStatus
from tests.ui.tolerance.conftest import CLERK, SUPERVISOR, login
from tests.ui.tolerance.test_supervisor_screens import queued, tol
from ui.tolerance.approval import ApprovalDialog

LEFT = Qt.MouseButton.LeftButton


def _clerk_at_02(tctx) -> Actor:
    """The requesting clerk at counter 02 (vouched, as another counter sharing the store)."""
    site = tctx.users.guard.current.actor.site
    clerk = Actor(CLERK[0], "clerk", site, "02")
    tctx.permissions.guard.vouch(clerk, datetime(2027, 1, 1, tzinfo=CST))
    return clerk


def test_an_offline_request_says_credit_is_checked_again(qtbot, window, tctx, credit):
    login(tctx, SUPERVISOR)
    req = queued(tctx, _clerk_at_02(tctx))  # the credit lookup is offline (FakeCredit default)
    assert req.credit.status is CreditStatus.UNCHECKED
    dialog = ApprovalDialog(req, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.credit_note.isVisible()
    text = dialog.credit_note.text()
    assert "再次核查" in text and "失信记录" in text and "未经信用核查" in text


def test_a_checked_request_has_no_recheck_line(qtbot, window, tctx, credit):
    login(tctx, SUPERVISOR)
    credit.result = CreditResult(CreditStatus.CLEAR, datetime(2026, 11, 20, 9, 0, tzinfo=CST))
    req = queued(tctx, _clerk_at_02(tctx))
    assert req.credit.status is CreditStatus.CLEAR
    dialog = ApprovalDialog(req, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.credit_note.isVisible()


def test_a_dishonest_record_found_at_approval_is_shown_in_the_dialog(qtbot, window, tctx,
                                                                    credit):
    supervisor_session = login(tctx, SUPERVISOR)
    window.desk.tolerance.add_supervisor_screens()
    req = queued(tctx, _clerk_at_02(tctx))
    credit.result = CreditResult(CreditStatus.DISHONEST)  # the platform answers now
    queue = window.desk.tolerance.queue
    with qtbot.waitSignal(queue.changed):
        window.show_screen(queue.screen_id)
    dialog = queue.review_selected()
    assert isinstance(dialog, ApprovalDialog) and dialog.credit_note.isVisible()
    qtbot.mouseClick(dialog.approve_button, LEFT)
    assert dialog.isVisible()  # not approved: the supervisor reads why, then 不同意
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == DISHONEST_AT_APPROVAL_MESSAGE
    assert tol(tctx).get(req.id, supervisor_session.actor).status is RequestStatus.PENDING
    dialog.reject()
