"""The sync bridge and the status-bar indicator against the simulator (pytest-qt)."""

from __future__ import annotations

import threading
from datetime import datetime

from PySide6.QtCore import QThread, Qt
from PySide6.QtWidgets import QApplication

from counter.changes import ChangeKind
from counter.clock import CST
from counter.services.sync import SyncStatus
from sync.worker import EventReport
from tests.helpers.ops import wait_idle
from tests.sync.helpers import backlog
from tests.ui.sync.conftest import admin
from ui.sync.indicator import SyncIndicator, when


def drained(status: SyncStatus) -> bool:
    return status.configured and status.online is True and status.pending == 0


def test_the_indicator_follows_the_worker_until_every_event_is_acked(qtbot, window, cx,
                                                                     start_sim, configure):
    sim = start_sim()
    backlog(cx, 3, events_per_case=2)
    configure(cx, sim)
    desk = window.sync_desk
    desk.refresh_status()
    assert desk.indicator.text.text() == "尚未连接平台 · 待发送 6 条"
    assert not desk.indicator.refused_label.isVisible()

    threads, acked = [], []
    desk.bridge.event_reported.connect(lambda r: (threads.append(QThread.currentThread()),
                                                  acked.append(r)))
    with qtbot.waitSignal(desk.bridge.status_changed, check_params_cb=drained, timeout=20000):
        desk.start()
    assert desk.bridge.running
    assert len(acked) == 6 and {r.kind for r in acked} == {"acked"}
    assert all(t is QApplication.instance().thread() for t in threads)  # the GUI thread
    text = desk.indicator.text.text()
    assert text.startswith("平台在线 · 待发送 0 条 · 最近成功 ")
    assert "平台在线" in text and len(sim.store.events()) == 6
    assert not desk.indicator.refused_label.isVisible()
    assert desk.stop()
    assert not desk.bridge.running


def test_a_missing_secret_is_reported_and_nothing_is_sent(qtbot, window, cx, start_sim,
                                                          memory_keyring):
    sim = start_sim()
    backlog(cx, 1, events_per_case=1)
    cx.sync.set_config(sim.base_url, actor=admin(cx))  # an address, but no secret
    desk = window.sync_desk
    errors = []
    desk.bridge.error.connect(errors.append)
    with qtbot.waitSignals([desk.bridge.error, desk.bridge.status_changed], timeout=10000):
        desk.start()
    assert "密钥" in errors[0]
    assert desk.indicator.text.text().startswith("同步未运行 · 待发送 1 条")
    assert "密钥" in desk.indicator.toolTip()
    assert sim.store.events() == []


def test_a_decision_wakes_the_worker_and_updates_the_pending_count(qtbot, window, cx,
                                                                   monkeypatch):
    desk = window.sync_desk
    woken = []
    monkeypatch.setattr(desk.bridge, "wake", lambda: woken.append(True))
    backlog(cx, 2, events_per_case=1)  # as a decision writes its outbox event
    with cx.uow() as u:  # … and reports its case (counter.changes), wherever it was made
        u.case_changed("T0010000000", ChangeKind.ACCEPTED)
        u.commit()
    qtbot.waitUntil(lambda: woken == [True])
    assert "待发送 2 条" in desk.indicator.text.text()


def test_clicking_the_indicator_opens_the_refused_events(qtbot, window):
    indicator = window.sync_desk.indicator
    assert window.statusBar().isAncestorOf(indicator)
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    dialog = window.sync_desk.refused
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == "没有被平台退回的事件。"
    dialog.close()


def test_indicator_texts(qtbot):
    now = datetime(2026, 11, 20, 15, 0, tzinfo=CST)
    indicator = SyncIndicator(lambda: now)
    qtbot.addWidget(indicator)
    base = dict(configured=True, online=False, pending=4, failed=1, refused=2,
                oldest_pending_at=datetime(2026, 11, 19, 16, 5, tzinfo=CST),
                last_success_at=datetime(2026, 11, 20, 9, 42, tzinfo=CST),
                last_attempt_at=now, last_error="平台暂时无法访问",
                platform_url="https://zwfw.example.gov.cn/counter")
    indicator.show_status(SyncStatus(**base))
    assert indicator.text.text() == "平台离线 · 待发送 4 条 · 最近成功 09:42"
    assert not indicator.refused_label.isHidden()
    assert indicator.refused_label.text() == "被退回 2 条"
    assert "color: #c62828" in indicator.refused_label.styleSheet()
    tip = indicator.toolTip()
    assert "https://zwfw.example.gov.cn/counter" in tip and "11-19 16:05" in tip
    assert "平台暂时无法访问" in tip
    indicator.show_status(SyncStatus(**dict(base, configured=False, online=None, refused=0,
                                            last_success_at=None)))
    assert indicator.text.text() == "未配置省级平台 · 待发送 4 条"
    assert indicator.refused_label.isHidden()
    assert when(None, now) == "—"


def test_reports_after_stop_are_dropped(qtbot, cx):
    from ui.sync.bridge import SyncBridge

    bridge = SyncBridge(cx)
    callbacks = bridge.callbacks()
    seen = []
    bridge.event_reported.connect(seen.append)
    callbacks.emit("on_event", EventReport("T1", 1, "accepted", "acked"))
    assert len(seen) == 1  # same thread: delivered at once
    assert bridge.stop()  # never started: nothing to wait for
    callbacks.emit("on_event", EventReport("T1", 2, "rated", "acked"))
    assert len(seen) == 1
    bridge.deleteLater()


def test_the_focused_indicator_opens_on_enter(qtbot):
    indicator = SyncIndicator(lambda: datetime(2026, 11, 20, tzinfo=CST))
    qtbot.addWidget(indicator)
    with qtbot.waitSignal(indicator.clicked):
        qtbot.keyClick(indicator, Qt.Key.Key_Return)
    with qtbot.waitSignal(indicator.clicked):
        qtbot.keyClick(indicator, Qt.Key.Key_Space)


def test_sync_now_wakes_the_worker_and_reads_the_count_off_the_gui_thread(qtbot, window, cx,
                                                                         monkeypatch):
    desk = window.sync_desk
    woken, threads = [], []
    monkeypatch.setattr(desk.bridge, "wake", lambda: woken.append(True))
    real = cx.sync.status

    def status():
        threads.append(threading.current_thread())
        return real()

    monkeypatch.setattr(cx.sync, "status", status)
    backlog(cx, 3, events_per_case=1)
    desk.sync_now_action.trigger()
    assert not desk.sync_now_action.isEnabled()  # until the count is shown
    wait_idle(qtbot)
    assert woken == [True] and desk.sync_now_action.isEnabled()
    assert threads and threads[-1] is not threading.main_thread()
    assert "待发送 3 条" in desk.indicator.text.text()
