"""The refused events (被退回的事件): listed with the platform's reason; 重新发送 (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.clock import FixedClock
from bootstrap import QtDevices
from tests.store.access import CLERK, SUPERVISOR, access_context
from tests.sync.helpers import T0, backlog, make_worker
from tests.ui.conftest import me
from tests.ui.sync.conftest import refuse_one
from ui.main_window import MainWindow


@pytest.fixture
def sx(sync_template, tmp_path):
    """A store with users and access control enforced (nobody logged in yet)."""
    c = access_context(sync_template, tmp_path / "counter", FixedClock(T0), devices=QtDevices)
    yield c
    c.close()


@pytest.fixture
def staffed_window(qtbot, sx):
    w = MainWindow(sx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def login(ctx, who) -> None:
    ctx.users.login(who[0], who[2])


def test_a_refused_event_is_listed_and_a_supervisor_resends_it(qtbot, staffed_window, sx,
                                                                  start_sim):
    window, cx = staffed_window, sx
    login(cx, SUPERVISOR)
    sim = start_sim()
    backlog(cx, 2, events_per_case=1)
    bad = refuse_one(cx)
    summary = make_worker(cx, sim).run_once(max_wait=3)
    assert summary.refused == 1 and summary.acked == 2

    desk = window.sync_desk
    desk.refresh_status()
    assert desk.indicator.refused_label.isVisible()
    assert desk.indicator.refused_label.text() == "被退回 1 条"
    desk.menu.aboutToShow.emit()  # the 同步 menu opens: who may read the list is looked at
    desk.refused_action.trigger()
    dialog = desk.refused
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[0] == bad and cells[1] == "受理（第 1 条）" and cells[5] == "2"
    assert "事项编码" in cells[4]
    assert "payload.items[0].code" in dialog.detail.text() and "HTTP 422" in dialog.detail.text()
    assert dialog.heading.text() == "平台退回了 1 条事件，需要人工处理。"

    woken = []
    desk.bridge.wake = lambda: woken.append(True)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    with qtbot.waitSignal(dialog.resent) as resent:
        qtbot.keyClick(dialog.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert resent.args == [1] and woken == [True]
    events = cx.sync.case_sync(bad, me(cx)).events
    assert [e.state for e in events] == ["pending", "pending", "pending"]
    assert cx.sync.refused(me(cx)) == []
    assert dialog.table.rowCount() == 0
    assert dialog.heading.text() == "没有被平台退回的事件。"
    assert not dialog.resend_button.isEnabled()
    assert "待发送 3 条" in desk.indicator.text.text()
    assert not desk.indicator.refused_label.isVisible()


def test_the_indicator_turns_red_when_the_worker_reports_a_refusal(qtbot, window, cx,
                                                                    start_sim, configure):
    sim = start_sim()
    refuse_one(cx, events=1)
    configure(cx, sim)
    desk = window.sync_desk
    desk.show_refused()
    with qtbot.waitSignal(desk.bridge.status_changed,
                          check_params_cb=lambda st: st.refused == 1, timeout=20000):
        desk.start()
    assert desk.indicator.refused_label.isVisible()
    qtbot.waitUntil(lambda: desk.refused.table.rowCount() == 1)
    desk.stop()


def test_open_case_shows_it_on_the_case_screen(qtbot, window, cx):
    from counter.services.sync import Outcome
    from tests.sync.helpers import accept_cases

    [case_no] = accept_cases(cx, 1)
    [ev] = cx.sync.case_sync(case_no, me(cx)).events
    cx.sync.record("test", [Outcome(ev.event_id, "refused", message="证件号码校验位不正确。",
                                    http_status=422, code="bad_id_number",
                                    details=[{"path": "payload.applicant.id_number",
                                              "message": "证件号码校验位不正确"}])])
    dialog = window.sync_desk.show_refused()
    qtbot.waitExposed(dialog)
    assert dialog.table.item(0, 0).text() == case_no
    assert dialog.table.item(0, 4).text() == "证件号码校验位不正确。"
    with qtbot.waitSignal(dialog.open_case):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    view = window.desk.case_view
    assert window.current_screen() is view and view.case.case_no == case_no
    assert view.sync_label.text() == "同步：被退回：证件号码校验位不正确。"


def test_a_clerk_is_not_shown_the_refused_events(qtbot, staffed_window, sx, start_sim):
    """The hall-wide list (the platform's own words, which may name an applicant) is for the
    supervisors and administrators who resend (``sync.view_refused``); a clerk sees a case's
    reason on its sync line, and the service refuses the list (audited)."""
    from counter.permissions import PermissionDenied
    from tests.store.access import audit_rows

    sim = start_sim()
    bad = refuse_one(sx)
    assert make_worker(sx, sim).run_once(max_wait=3).refused == 1
    login(sx, CLERK)
    desk = staffed_window.sync_desk
    desk.menu.aboutToShow.emit()
    assert not desk.refused_action.isEnabled()
    assert "办件查询" in desk.refused_action.statusTip()
    before = len(audit_rows(sx))
    assert desk.show_refused() is None  # the indicator's click: a hint, no read, no refusal
    assert "仅值班长或管理员" in staffed_window.statusBar().currentMessage()
    assert desk.refused is None and len(audit_rows(sx)) == before
    with pytest.raises(PermissionDenied, match="无权查看被退回的同步事件"):
        sx.sync.refused(me(sx))
    entry = audit_rows(sx)[-1]
    assert (entry.action, entry.result, entry.user_id) == ("sync.view_refused", "refused",
                                                            CLERK[0])
    assert sx.sync.case_sync(bad, me(sx)).state == "refused"  # the case's own line: case.view


def test_a_locked_screen_refreshes_nothing_and_records_nothing(qtbot, staffed_window, sx):
    """The indicator's timer, the worker's reports (case line, refused list) while the screen
    is locked: no read that could be refused, so no refusal entry per refresh."""
    from dataclasses import replace

    from counter.services.sync import Outcome
    from sync.worker import EventReport
    from tests.store.access import audit_rows
    from tests.sync.helpers import accept_cases

    guard = sx.permissions.guard
    guard.enforce(False)  # the set-up decides as the helpers' clerk
    [bad] = accept_cases(sx, 1)
    [ev] = sx.sync.case_sync(bad, sx.site.get().actor("c0012")).events
    sx.sync.record("test", [Outcome(ev.event_id, "refused", message="证件号码校验位不正确。")])
    guard.enforce(True)
    login(sx, SUPERVISOR)
    desk = staffed_window.sync_desk
    dialog = desk.show_refused()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 1
    staffed_window.desk.open_case(bad)
    view = staffed_window.desk.case_view
    assert view.case.case_no == bad and view.sync_label.text().startswith("同步：被退回")
    users = sx.users
    users.lock(users.guard.current)
    before = len(audit_rows(sx))
    assert desk.refresh_status() is not None  # the timer's read: open (counts only)
    # the worker reports on the case shown, a new refused count, the platform moving the case
    desk.bridge.event_reported.emit(EventReport(bad, 2, "supplemented", "acked"))
    desk.bridge.status_changed.emit(replace(desk.indicator.status, refused=2))
    desk.bridge.case_status_changed.emit(bad, "in_review")
    dialog.refresh()
    assert len(audit_rows(sx)) == before  # nothing refused, nothing recorded
    assert dialog.table.rowCount() == 1 and view.sync_label.text().startswith("同步：被退回")
