"""The supervisors' side in the main window: the approval queue shared by counters, refusals,
self-approval, the waiting clerk, and the deadlines list with 终止办理."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from counter.cases.model import CaseState
from counter.clock import CST
from counter.credit import CreditResult, CreditStatus
from counter.services.tolerance import DISHONEST_MESSAGE, SELF_APPROVAL_MESSAGE
from counter.tolerance import DeadlineState, RequestStatus
from tests.helpers.ops import wait_idle
from tests.printing.pdftext import compact, pdf_text
from tests.ui.conftest import commit_text
from tests.ui.tolerance.conftest import (CLERK, PREMISES, SUPERVISOR, case_of, login,
                                         ready_intake)
from ui.intake.decisions import DecisionResultDialog
from ui.tolerance.approval import ApprovalDialog, RefuseDialog
from ui.tolerance.deadlines import TerminateDialog
from ui.tolerance.flow import WaitingDialog
from ui.tolerance.request import QUEUE, RequestDialog

LEFT = Qt.MouseButton.LeftButton


def tol(ctx):
    return ctx.tolerance


def signed_page(ctx) -> str:
    from tests.capture import images

    return ctx.blobs.put(images.encode(images.text_page((300, 420), seed=3, lines=4)))


def queued(ctx, clerk_actor):
    """A pending request made by the clerk (through the service, as another counter would)."""
    return tol(ctx).request(ready_intake(ctx), clerk_actor, [PREMISES], "合同续签中",
                            commitment_pages=[signed_page(ctx)])


@pytest.fixture
def supervisor_window(window, tctx):
    """The window with the supervisor logged in and their screens added."""
    login(tctx, SUPERVISOR)
    window.desk.tolerance.add_supervisor_screens()
    return window


def test_the_queue_is_for_supervisors(qtbot, window, tctx):
    window.desk.tolerance.add_supervisor_screens()  # the clerk is logged in
    queue = window.desk.tolerance.queue
    window.show_screen(queue.screen_id)
    assert queue.requests == []
    assert "无权查看容缺审批队列" in queue.status.text()


def test_approval_from_the_queue_prints_the_notice_here(qtbot, supervisor_window, tctx, printed,
                                                       credit):
    clerk = tctx.users.guard.current  # supervisor session now
    from counter.identity import Actor

    clerk_actor = Actor(CLERK[0], "clerk", clerk.actor.site, "02")
    credit.result = CreditResult(CreditStatus.CLEAR, datetime(2026, 11, 20, 9, 0, tzinfo=CST))
    guard = tctx.permissions.guard
    guard.vouch(clerk_actor, datetime(2027, 1, 1, tzinfo=CST))  # the clerk at counter 02
    req = queued(tctx, clerk_actor)
    queue = supervisor_window.desk.tolerance.queue
    with qtbot.waitSignal(queue.changed):
        supervisor_window.show_screen(queue.screen_id)
    assert [r.id for r in queue.requests] == [req.id]
    assert queue.table.item(0, 1).text() == "02号 c0012"
    assert queue.table.item(0, 5).text() == "信用核查通过"
    dialog = queue.review_selected()
    assert isinstance(dialog, ApprovalDialog)
    with qtbot.waitSignal(queue.approved) as approved:
        qtbot.mouseClick(dialog.approve_button, LEFT)
    case_no = approved.args[0]
    result = queue.dialog
    assert isinstance(result, DecisionResultDialog)
    wait_idle(qtbot)  # the notice is printed off the GUI thread
    password = result.password_label.text().replace(" ", "")
    notice = compact(pdf_text(printed[-1].read_bytes()))
    assert "容缺受理通知书" in notice and password in notice and case_no in notice
    with qtbot.waitSignal(queue.changed):
        result.accept()
    assert queue.requests == []
    assert case_of(tctx, case_no).state is CaseState.AWAITING_SUPPLEMENT


def test_refusal_in_the_queue_reaches_the_waiting_clerk(qtbot, window, tctx, page_file,
                                                       message_boxes):
    flow = window.desk.tolerance.flow
    window.desk.resume(ready_intake(tctx))
    dialog = flow.start(window.desk.intake_screen.intake(), window.desk.intake_screen.spec())
    assert isinstance(dialog, RequestDialog)
    commit_text(dialog.reason, "合同续签中")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.requested, timeout=10000):
        qtbot.mouseClick(dialog.queue_button, LEFT)
    waiting = flow.dialog
    assert isinstance(waiting, WaitingDialog)
    # a supervisor at another counter refuses it
    supervisor = login(tctx, SUPERVISOR).actor
    tol(tctx).refuse(flow.request.id, supervisor, "TR-01", "非容缺材料")
    with qtbot.waitSignal(flow.refused):
        flow.check_request()
    assert not waiting.isVisible()
    box = flow.dialog
    assert isinstance(box, QMessageBox)
    assert "TR-01" in box.text() and "非容缺材料" in box.text()
    assert window.desk.intake_screen.intake() is not None  # still open: notify instead
    box.accept()


def test_approval_in_the_queue_closes_the_waiting_intake(qtbot, window, tctx, page_file):
    flow = window.desk.tolerance.flow
    screen = window.desk.intake_screen
    window.desk.resume(ready_intake(tctx))
    dialog = flow.start(screen.intake(), screen.spec())
    commit_text(dialog.reason, "合同续签中")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.requested, timeout=10000):
        dialog.submitted.emit(QUEUE)
    result = tol(tctx).approve(flow.request.id, login(tctx, SUPERVISOR).actor)
    with qtbot.waitSignal(flow.decided) as decided:
        flow.check_request()
    assert decided.args == ["accept_tolerance", result.case.case_no]
    assert result.case.case_no in flow.dialog.text()
    with qtbot.waitSignal(screen.finished):
        flow.dialog.accept()


def test_a_dishonest_applicant_is_refused_in_the_dialog(qtbot, window, tctx, page_file, credit):
    credit.result = CreditResult(CreditStatus.DISHONEST)
    flow = window.desk.tolerance.flow
    window.desk.resume(ready_intake(tctx))
    dialog = flow.start(window.desk.intake_screen.intake(), window.desk.intake_screen.spec())
    commit_text(dialog.reason, "合同续签中")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.refused, timeout=10000):
        qtbot.mouseClick(dialog.here_button, LEFT)
    assert dialog.isVisible()
    assert dialog.error_label.text() == DISHONEST_MESSAGE
    assert tol(tctx).pending(tctx.users.confirm(SUPERVISOR[0], SUPERVISOR[2])) == []


def test_self_approval_is_refused_in_the_dialog(qtbot, window, tctx, page_file):
    login(tctx, SUPERVISOR)  # the supervisor takes the application themselves
    flow = window.desk.tolerance.flow
    window.desk.resume(ready_intake(tctx))
    dialog = flow.start(window.desk.intake_screen.intake(), window.desk.intake_screen.spec())
    commit_text(dialog.reason, "合同续签中")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.requested, timeout=10000):
        dialog.submitted.emit(QUEUE)
    flow.dialog.accept()
    review = flow.review(tctx.users.confirm(SUPERVISOR[0], SUPERVISOR[2]))
    qtbot.mouseClick(review.approve_button, LEFT)
    wait_idle(qtbot)  # the approval runs off the GUI thread
    assert review.error_label.text() == SELF_APPROVAL_MESSAGE
    assert tol(tctx).get(flow.request.id, tctx.permissions.guard.actor()).status \
        is RequestStatus.PENDING
    # 不同意 takes a catalog reason
    qtbot.mouseClick(review.refuse_button, LEFT)
    refuse = review.refuse_dialog
    assert isinstance(refuse, RefuseDialog)
    assert not refuse.ok_button.isEnabled()
    refuse.reason.setCurrentIndex(1)
    assert refuse.ok_button.isEnabled()


def test_deadlines_list_and_termination(qtbot, supervisor_window, tctx, clock, printed):
    from counter.identity import Actor

    profile = tctx.site.get()
    clerk = Actor(CLERK[0], "clerk", profile.site, profile.counter_code)
    guard = tctx.permissions.guard
    guard.vouch(clerk, datetime(2027, 1, 1, tzinfo=CST))
    supervisor = guard.current.actor
    req = queued(tctx, clerk)
    case_no = tol(tctx).approve(req.id, Actor(SUPERVISOR[0], "supervisor", profile.site,
                                              profile.counter_code)).case.case_no
    screen = supervisor_window.desk.tolerance.deadlines
    with qtbot.waitSignal(screen.changed):
        supervisor_window.show_screen(screen.screen_id)
    assert screen.counts[DeadlineState.NORMAL].text() == "正常 1"
    assert not screen.terminate_button.isEnabled()
    clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=CST))  # the last day
    screen.refresh()
    assert screen.counts[DeadlineState.DUE_SOON].text() == "即将到期 1"
    assert screen.table.item(0, 5).text() == "0"
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=CST))
    screen.refresh()
    assert screen.counts[DeadlineState.OVERDUE].text() == "已逾期 1"
    assert screen.table.item(0, 6).text() == "已逾期"
    assert screen.terminate_button.isEnabled()
    dialog = screen.terminate_selected()
    assert isinstance(dialog, TerminateDialog)
    qtbot.mouseClick(dialog.ok_button, LEFT)  # no reason: said, nothing done
    assert dialog.isVisible() and dialog.error_label.text() == "请填写终止理由。"
    commit_text(dialog.text, "逾期未补交经营场所使用证明")
    with qtbot.waitSignal(screen.terminated) as terminated:
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert terminated.args == [case_no]
    assert case_of(tctx, case_no).state is CaseState.TERMINATED
    notice = compact(pdf_text(printed[-1].read_bytes()))
    assert "终止办理通知书" in notice and "逾期未补交经营场所使用证明" in notice
    assert supervisor.user_id in notice
    assert screen.report.entries == ()
    # archived with the case, and reprinted (补打) from its snapshot
    from printing.desk import DocumentDesk

    [archived] = [d for d in DocumentDesk.from_context(tctx).documents(case_no, supervisor)
                  if d.kind == "termination"]
    assert archived.kind_label == "终止办理通知书"
    DocumentDesk.from_context(tctx).reprint(None, case_no, "termination", supervisor)
    again = compact(pdf_text(printed[-1].read_bytes()))
    assert "补打（第1次）" in again and "逾期未补交经营场所使用证明" in again
    with qtbot.waitSignal(supervisor_window.desk.case_view.case_shown):
        supervisor_window.desk.open_case(case_no)
    assert not supervisor_window.desk.tolerance.supplement.button.isEnabled()
    assert QApplication.instance() is not None


def test_a_provisional_supplement_deadline_is_listed_as_such(qtbot, supervisor_window, tctx,
                                                              clock):
    from counter.identity import Actor

    clock.set(datetime(2026, 12, 29, 10, 0, tzinfo=CST))  # the deadline reaches into 2027
    profile = tctx.site.get()
    clerk = Actor(CLERK[0], "clerk", profile.site, profile.counter_code)
    tctx.permissions.guard.vouch(clerk, datetime(2027, 2, 1, tzinfo=CST))
    req = queued(tctx, clerk)
    tol(tctx).approve(req.id, Actor(SUPERVISOR[0], "supervisor", profile.site,
                                    profile.counter_code))
    screen = supervisor_window.desk.tolerance.deadlines
    with qtbot.waitSignal(screen.changed):
        supervisor_window.show_screen(screen.screen_id)
    assert screen.table.item(0, 4).text() == "2027-01-04 23:59（预计）"
