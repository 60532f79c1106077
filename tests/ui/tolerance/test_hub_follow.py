"""The tolerance screens follow the case hub (ui.hub): a change made in this process (another
screen of this counter) is shown at once, not at the next timer tick."""

from __future__ import annotations

from datetime import datetime

from counter.clock import CST
from counter.credit import CreditResult, CreditStatus
from counter.identity import Actor
from tests.ui.conftest import commit_text
from tests.ui.tolerance.conftest import CLERK, SUPERVISOR, login, ready_intake
from tests.ui.tolerance.test_supervisor_screens import queued, supervisor_window, tol
from ui.tolerance.request import QUEUE

__all__ = ["supervisor_window"]  # the fixture, for pytest

HOUR_MS = 3_600_000


def test_the_queue_lists_a_request_made_meanwhile_without_waiting_for_its_timer(
        qtbot, supervisor_window, tctx, credit):
    credit.result = CreditResult(CreditStatus.CLEAR, datetime(2026, 11, 20, 9, 0, tzinfo=CST))
    queue = supervisor_window.desk.tolerance.queue
    with qtbot.waitSignal(queue.changed):
        supervisor_window.show_screen(queue.screen_id)
    assert queue.requests == []
    queue._timer.stop()  # only the hub can tell it now
    clerk = Actor(CLERK[0], "clerk", tctx.site.get().actor(CLERK[0]).site, "02")
    tctx.permissions.guard.vouch(clerk, datetime(2027, 1, 1, tzinfo=CST))
    with qtbot.waitSignal(queue.changed, timeout=5000):
        req = queued(tctx, clerk)
    assert [r.id for r in queue.requests] == [req.id]
    with qtbot.waitSignal(queue.changed, timeout=5000):
        tol(tctx).withdraw(req.id, clerk)
    assert queue.requests == []


def test_the_waiting_clerk_hears_of_an_approval_in_this_process_at_once(qtbot, window, tctx,
                                                                         page_file):
    flow = window.desk.tolerance.flow
    screen = window.desk.intake_screen
    window.desk.resume(ready_intake(tctx))
    dialog = flow.start(screen.intake(), screen.spec())
    commit_text(dialog.reason, "合同续签中")
    with qtbot.waitSignal(dialog.pages.changed, timeout=30000):
        dialog.pages.add_files([page_file()])
    with qtbot.waitSignal(flow.requested, timeout=10000):
        dialog.submitted.emit(QUEUE)
    flow._poll.start(HOUR_MS)  # the poll would not look again within the test
    with qtbot.waitSignal(flow.decided, timeout=5000) as decided:
        result = tol(tctx).approve(flow.request.id, login(tctx, SUPERVISOR).actor)
    assert decided.args == ["accept_tolerance", result.case.case_no]
