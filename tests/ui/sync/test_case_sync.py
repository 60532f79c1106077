"""The per-case sync line of 办件查询, and the daily reconciliation (日结)."""

from __future__ import annotations

from datetime import date

from tests.sync.helpers import accept_cases, make_worker, notify_cases
from ui.sync.reconcile import ReconciliationDialog


def test_the_case_screen_says_how_far_the_case_got(qtbot, window, cx, start_sim, configure):
    sim = start_sim()
    [case_no] = accept_cases(cx, 1)
    window.desk.open_case(case_no)
    view = window.desk.case_view
    assert view.sync_label.text() == "同步：待发送 (1)"
    configure(cx, sim)
    desk = window.sync_desk
    with qtbot.waitSignal(desk.bridge.status_changed,
                          check_params_cb=lambda st: st.pending == 0, timeout=20000):
        desk.start()
    assert view.sync_label.text() == "同步：已送达平台"
    assert "#2e7d32" in view.sync_label.styleSheet()
    view.show_case(case_no)  # shown again: read again
    assert view.sync_label.text() == "同步：已送达平台"


def test_no_case_no_line(qtbot, window):
    view = window.desk.case_view
    assert view.sync_label.isHidden()


def test_reconciliation_lists_what_the_platform_has_not_acknowledged(qtbot, cx, start_sim):
    sim = start_sim()
    accept_cases(cx, 2)
    notify_cases(cx, 1)
    assert make_worker(cx, sim).run_once(max_wait=3).acked == 3
    [late] = accept_cases(cx, 1, seed=9)  # decided, not yet sent

    clerk = cx.site.get().actor("c0012")  # sync.reconcile: every counter role
    dialog = ReconciliationDialog(cx.sync, date(2026, 11, 20), actor=lambda: clerk)
    qtbot.addWidget(dialog)
    rows = {dialog.counts.item(r, 0).text(): [dialog.counts.item(r, c).text() for c in range(1, 6)]
            for r in range(dialog.counts.rowCount())}
    assert rows["受理"] == ["3", "2", "1", "0", "1"]
    assert rows["一次性告知"] == ["1", "1", "0", "0", "0"]
    assert rows["不予受理"] == ["0", "0", "0", "0", "0"]
    assert dialog.differences.rowCount() == 1
    assert [dialog.differences.item(0, c).text() for c in range(3)] == [late, "受理", "待发送"]
    assert "1 处差异" in dialog.verdict.text()

    assert make_worker(cx, sim).run_once(max_wait=3).acked == 1
    dialog.refresh_button.click()
    assert dialog.differences.rowCount() == 0
    assert dialog.verdict.text() == "2026-11-20：已平。4 件决定均已由平台确认。"
    dialog.day_edit.setDate(dialog.day_edit.date().addDays(-1))
    assert dialog.result.day == date(2026, 11, 19) and dialog.result.balanced


def test_the_case_shown_follows_changes_made_on_another_thread(qtbot, window, cx):
    """The case hub: the worker thread records an acknowledgement, then the platform's feed
    moves the case; the 办件查询 screen reads the case again on the GUI thread each time."""
    import threading

    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from counter.services.sync import Outcome
    from tests.ui.conftest import me

    [case_no] = accept_cases(cx, 1)
    window.desk.open_case(case_no)
    view = window.desk.case_view
    assert view.sync_label.text() == "同步：待发送 (1)"
    QApplication.processEvents()  # the hub's report of the acceptance itself
    threads = []
    view.case_shown.connect(lambda _no: threads.append(QThread.currentThread()))
    [ev] = cx.sync.case_sync(case_no, me(cx)).events

    def on_worker(call):
        worker = threading.Thread(target=call)
        worker.start()
        worker.join()

    on_worker(lambda: cx.sync.record("test", [Outcome(ev.event_id, "acked")]))
    qtbot.waitUntil(lambda: view.sync_label.text() == "同步：已送达平台")
    assert threads == []  # the sync line only: the case was not read again
    on_worker(lambda: cx.cases.apply_status(case_no, "in_review", cx.clock.now()))
    qtbot.waitUntil(lambda: "审批中" in view.details.text())
    assert threads == [QApplication.instance().thread()]
