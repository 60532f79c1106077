"""The approval dialog and the credit re-check at approval (审批时再次核查信用): a request made
while the credit lookup could not be made says that 同意 looks it up again, and what is recorded
when it still cannot be made; a dishonest record found then is shown in the dialog."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt

from counter.clock import CST
from counter.credit import CreditResult, CreditStatus
from counter.identity import Actor
from counter.services.tolerance import DISHONEST_AT_APPROVAL_MESSAGE
from counter.tolerance import RequestStatus
from tests.helpers.ops import wait_idle
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
    wait_idle(qtbot)  # the approval (and its credit look-up) runs off the GUI thread
    assert dialog.isVisible()  # not approved: the supervisor reads why, then 不同意
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == DISHONEST_AT_APPROVAL_MESSAGE
    assert tol(tctx).get(req.id, supervisor_session.actor).status is RequestStatus.PENDING
    dialog.reject()


def test_the_approval_dialog_stays_responsive_while_the_credit_lookup_hangs(
        qtbot, window, tctx, credit, printed, message_boxes):
    """同意 looks the credit up again off the GUI thread: while the platform does not answer,
    timers fire, keys reach the dialog, and a second 同意 (Enter) starts nothing."""
    import threading

    from PySide6.QtCore import QTimer

    from ui.intake.decisions import DecisionResultDialog

    login(tctx, SUPERVISOR)
    window.desk.tolerance.add_supervisor_screens()
    req = queued(tctx, _clerk_at_02(tctx))  # made offline: approving looks it up again
    started, release, calls = threading.Event(), threading.Event(), []

    def hanging(_id_type, _subject_id):
        calls.append(1)
        started.set()
        release.wait(30)  # the platform does not answer (until the test lets it)
        return CreditResult(CreditStatus.CLEAR, datetime(2026, 11, 20, 9, 0, tzinfo=CST))

    credit.check = hanging
    queue = window.desk.tolerance.queue
    with qtbot.waitSignal(queue.changed):
        window.show_screen(queue.screen_id)
    dialog = queue.review_selected()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    qtbot.mouseClick(dialog.approve_button, LEFT)
    qtbot.waitUntil(started.is_set)
    assert not dialog.approve_button.isEnabled() and not dialog.refuse_button.isEnabled()
    fired = []
    QTimer.singleShot(0, lambda: fired.append("timer"))
    qtbot.waitUntil(lambda: fired == ["timer"])  # the event loop runs while the lookup hangs
    keys = []
    dialog.installEventFilter(filter_ := _KeySpy(keys))
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button (同意) is off: nothing
    assert keys == [Qt.Key.Key_Return]
    assert calls == [1] and dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: isinstance(queue.dialog, DecisionResultDialog), timeout=10000)
    wait_idle(qtbot)
    assert calls == [1]
    assert tol(tctx).get(req.id, tctx.permissions.guard.actor()).status is RequestStatus.APPROVED
    assert message_boxes == []
    assert len(printed) == 1  # the 容缺受理通知书, printed off the GUI thread too
    dialog.removeEventFilter(filter_)
    queue.dialog.accept()


class _KeySpy(QObject):
    """Records the keys pressed on the object it watches."""

    def __init__(self, keys: list) -> None:
        super().__init__()
        self.keys = keys

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt API
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.KeyPress:
            self.keys.append(event.key())
        return False
