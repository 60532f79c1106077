"""The operations runner (ui/ops.py): results and errors on the GUI thread, one at a time,
no double submission, a widget that went away, progress only when slow."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from counter.errors import CounterError
from tests.helpers.ops import wait_idle
from ui import ops


@pytest.fixture
def runner(qapp):
    r = ops.Runner(progress_delay_ms=60_000)
    yield r
    r.close()
    r.deleteLater()


@pytest.fixture
def widget(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def gui_thread() -> QThread:
    return QApplication.instance().thread()


def test_result_is_delivered_on_the_gui_thread_after_running_on_another(qtbot, runner, widget):
    seen = {}

    def call():
        seen["call_thread"] = QThread.currentThread()
        return 42

    def success(value):
        seen["value"] = value
        seen["success_thread"] = QThread.currentThread()

    assert runner.submit(widget, call, success=success)
    assert not runner.is_idle()
    wait_idle(qtbot, runner)
    assert seen["value"] == 42
    assert seen["call_thread"] is not gui_thread()
    assert seen["success_thread"] is gui_thread()


def test_error_goes_to_failure_on_the_gui_thread(qtbot, runner, widget):
    seen = {}

    def call():
        raise CounterError("尚未登录")

    def failure(exc):
        seen["exc"] = exc
        seen["thread"] = QThread.currentThread()

    runner.submit(widget, call, success=lambda _v: seen.setdefault("ok", True), failure=failure)
    wait_idle(qtbot, runner)
    assert isinstance(seen["exc"], CounterError) and seen["exc"].message == "尚未登录"
    assert seen["thread"] is gui_thread()
    assert "ok" not in seen


def test_error_without_failure_is_shown_the_one_way(qtbot, runner, widget, message_boxes):
    runner.submit(widget, lambda: (_ for _ in ()).throw(CounterError("打印失败：缺纸")))
    wait_idle(qtbot, runner)
    assert message_boxes[-1][1] == "打印失败：缺纸"


def test_unexpected_error_gets_an_incident_id(qtbot, runner, widget, message_boxes):
    runner.submit(widget, lambda: 1 / 0)
    wait_idle(qtbot, runner)
    assert message_boxes[-1][1] == "发生了意外错误，当前操作未完成。"
    assert "事件编号" in message_boxes[-1][2]


def test_operations_run_one_at_a_time_in_order(qtbot, runner, widget):
    release = threading.Event()
    order, active, most = [], [0], [0]
    lock = threading.Lock()

    def op(n):
        def call():
            with lock:
                active[0] += 1
                most[0] = max(most[0], active[0])
            if n == 0:
                release.wait(10)
            order.append(n)
            with lock:
                active[0] -= 1
            return n
        return call

    delivered = []
    for n in range(5):
        runner.submit(widget, op(n), success=delivered.append)
    release.set()
    wait_idle(qtbot, runner)
    assert order == [0, 1, 2, 3, 4] and delivered == [0, 1, 2, 3, 4]
    assert most[0] == 1


def test_second_press_while_running_does_nothing(qtbot, runner, widget):
    release = threading.Event()
    calls = []
    button = QPushButton("受理", widget)
    action = QAction("受理", widget)

    def call():
        calls.append(1)
        release.wait(10)
        return len(calls)

    results = []
    assert runner.submit(widget, call, success=results.append, key="accept",
                         triggers=(button, action))
    assert not button.isEnabled() and not action.isEnabled()
    assert runner.running(widget, "accept")
    assert not runner.submit(widget, call, success=results.append, key="accept")
    # another action, or the same action of another widget, is not held up
    other = QWidget()
    qtbot.addWidget(other)
    assert runner.submit(other, lambda: "other", key="accept")
    release.set()
    wait_idle(qtbot, runner)
    assert calls == [1] and results == [1]
    assert button.isEnabled() and action.isEnabled()
    assert not runner.running(widget, "accept")
    assert runner.submit(widget, lambda: "again", success=results.append, key="accept")
    wait_idle(qtbot, runner)
    assert results == [1, "again"]


def test_a_trigger_disabled_before_stays_disabled(qtbot, runner, widget):
    button = QPushButton("打印", widget)
    button.setEnabled(False)
    runner.submit(widget, lambda: None, triggers=(button,))
    wait_idle(qtbot, runner)
    assert not button.isEnabled()


def test_result_is_dropped_when_the_widget_is_gone(qtbot, runner):
    release = threading.Event()
    screen = QWidget()
    button = QPushButton("受理", screen)
    seen = []
    runner.submit(screen, lambda: release.wait(10) and "done", success=seen.append,
                  failure=seen.append, key="accept", triggers=(button,))
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    release.set()
    wait_idle(qtbot, runner)
    assert seen == []
    assert runner.is_idle()


def test_error_of_a_gone_widget_is_not_shown(qtbot, runner, message_boxes):
    release = threading.Event()
    screen = QWidget()

    def call():
        release.wait(10)
        raise CounterError("打印失败")

    runner.submit(screen, call)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    release.set()
    wait_idle(qtbot, runner)
    assert message_boxes == []


def test_the_event_loop_runs_while_an_operation_blocks(qtbot, runner, widget):
    release = threading.Event()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    runner.submit(widget, lambda: release.wait(10))
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the GUI thread is not held
    release.set()
    wait_idle(qtbot, runner)
    timer.stop()


def test_progress_shows_only_after_the_delay(qtbot, runner, widget):
    widget.show()
    release = threading.Event()
    runner.progress_delay_ms = 50
    shown = []
    runner.progressShown.connect(shown.append)
    runner.submit(widget, lambda: release.wait(10), label="正在受理…")
    assert shown == []  # not at once
    assert widget.findChild(QProgressDialog, "operationProgress") is None
    with qtbot.waitSignal(runner.progressShown):
        pass
    dialog = shown[0]
    assert dialog.isVisible() and dialog.labelText() == "正在受理…"
    assert QApplication.focusWidget() is not dialog
    release.set()
    wait_idle(qtbot, runner)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed with the result


def test_quick_operation_shows_no_progress(qtbot, runner, widget):
    runner.progress_delay_ms = 60_000
    shown = []
    runner.progressShown.connect(shown.append)
    for n in range(3):
        runner.submit(widget, lambda n=n: n)
    wait_idle(qtbot, runner)
    assert shown == []


def test_closed_runner_starts_nothing_and_drops_results(qtbot, qapp, widget):
    r = ops.Runner()
    seen = []
    release = threading.Event()
    r.submit(widget, lambda: release.wait(10), success=seen.append)
    release.set()
    assert r.close(5000)
    assert r.is_idle()
    assert not r.submit(widget, lambda: 1, success=seen.append)
    qapp.processEvents()
    assert seen == []
    r.deleteLater()


def test_default_runner_is_one_per_application(qapp):
    assert ops.default_runner() is ops.default_runner()


@pytest.mark.skipif(not hasattr(__import__("os"), "getpriority"), reason="POSIX nice values")
def test_the_worker_runs_at_the_gui_threads_priority(qtbot, runner, widget):
    """No lower priority for the worker: it holds the interpreter lock the GUI thread waits
    for, and a low-priority holder is descheduled with the lock (issue 13, gui_stall_decide)."""
    import os

    seen = {}

    def call():
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        seen["qt"] = QThread.currentThread().priority()

    assert runner.submit(widget, call)
    wait_idle(qtbot, runner)
    assert seen["nice"] == os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["qt"] != QThread.Priority.LowPriority
