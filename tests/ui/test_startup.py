"""The start-up sequence (ui/app.py, ui/startup.py): the first window — the start frame — is on
screen before the store is opened, the store opens on a thread behind it, then the login over
the frame and the main window in its place; the benchmark protocol's phase lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import app as ui_app
from ui.startup import StartFrame

ROOT = Path(__file__).resolve().parents[2]

#: Not one of these may be imported when the first window is shown (docs/benchmarks.md).
NOT_BEFORE_FIRST_WINDOW = ("sqlalchemy", "alembic", "counter.app", "counter.store.db",
                           "counter.identity", "cli.login", "pypinyin", "reportlab", "httpx",
                           "httpcore", "PySide6.QtPdf", "PySide6.QtMultimedia",
                           "ui.main_window", "ui.guard")
#: … nor these when the main window is ready (they load on first use, or after it is shown).
NOT_BEFORE_READY = ("alembic", "pypinyin", "reportlab", "PySide6.QtPdf", "PySide6.QtMultimedia",
                    "httpx", "sync.worker", "sqlalchemy.dialects.postgresql")

#: Runs ``python main.py ARGS`` in this process and prints, per phase, the modules of
#: NOT_BEFORE_* imported by then and whether the start frame was visible; one JSON line.
PROBE = """
import json, sys
import ui.app as ui_app
watched = json.loads(sys.argv[1])
seen = {}
report = ui_app.report_phase

def probe(phase):
    from PySide6.QtWidgets import QApplication
    from ui.startup import StartFrame
    frames = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, StartFrame) and w.isVisible()]
    seen[phase] = {"modules": sorted(m for m in watched if m in sys.modules),
                   "frame_visible": bool(frames)}
    report(phase)

ui_app.report_phase = probe
import cli
status = cli.main(sys.argv[2:])
sys.stdout.write(json.dumps({"status": status, "phases": seen}) + "\\n")
"""


def run_main(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[ui_app.BENCH_ENV] = repr(time.time())
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def probe_main(*args: str) -> tuple[dict, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env[ui_app.BENCH_ENV] = repr(time.time())
    watched = sorted(set(NOT_BEFORE_FIRST_WINDOW) | set(NOT_BEFORE_READY) | {"sqlalchemy"})
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(watched), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def phase_lines(stderr: str) -> list[str]:
    return [line.split()[0] if line.startswith("window-shown ") else line.split()[1]
            for line in stderr.splitlines()
            if line.startswith("window-shown ") or line.startswith("phase ")]


@pytest.mark.slow
def test_the_first_window_is_shown_before_the_store_is_opened(tmp_path):
    data = str(tmp_path / "data")
    assert run_main("--data-dir", data, "--quit-after", "0").returncode == 0  # created: warm
    result, stderr = probe_main("--data-dir", data, "--quit-after", "0")
    assert result["status"] == 0, stderr
    phases = result["phases"]
    first = phases[ui_app.FIRST_WINDOW]
    assert first["frame_visible"]
    assert [m for m in first["modules"] if m in NOT_BEFORE_FIRST_WINDOW] == []
    assert "sqlalchemy" in phases["store-open"]["modules"]  # the probe sees what it should
    ready = phases["window-ready"]
    assert not ready["frame_visible"]  # the main window took its place
    assert [m for m in ready["modules"] if m in NOT_BEFORE_READY] == []


@pytest.mark.slow
def test_phase_lines_come_in_order(tmp_path):
    result = run_main("--data-dir", str(tmp_path / "data"), "--quit-after", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert phase_lines(result.stderr) == ["window-shown", "store-open", "window-ready"]
    times = [float(line.split()[-1]) for line in result.stderr.splitlines()
             if line.startswith(("window-shown ", "phase "))]
    assert times == sorted(times)


@pytest.mark.slow
def test_a_store_that_fails_to_open_after_the_first_window_exits_non_zero(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.write_text("a file where the data directory should be", encoding="utf-8")
    result = run_main("--data-dir", str(occupied), "--quit-after", "0")
    assert result.returncode == ui_app.EXIT_STORE_FAILED
    assert phase_lines(result.stderr) == ["window-shown"]  # the frame, then the error box
    assert "cannot be opened" in result.stderr


# -- in this process: the store opened by a fake that waits for the test ---------------------


class SlowStore:
    """Stands for :func:`ui.app._open_store`: blocks until ``release`` is set."""

    def __init__(self, result=None, error: BaseException | None = None) -> None:
        self.release = threading.Event()
        self.called = threading.Event()
        self.thread: str | None = None
        self.result = result
        self.error = error

    def __call__(self, data_dir):
        self.thread = threading.current_thread().name
        self.called.set()
        assert self.release.wait(30)
        if self.error is not None:
            raise self.error
        return self.result


class FakeCatalog:
    loaded = 0

    def active(self):
        self.loaded += 1


class FakeContext:
    closed = False

    def __init__(self) -> None:
        self.catalog = FakeCatalog()

    def close(self) -> None:
        self.closed = True


def start_frame() -> StartFrame | None:
    frames = [w for w in QApplication.topLevelWidgets()
              if isinstance(w, StartFrame) and w.isVisible()]
    return frames[0] if frames else None


def when(condition, act, every_ms: int = 10) -> None:
    """Run ``act()`` once ``condition()`` holds (polled on the event loop run_gui runs)."""
    def poll():
        if condition():
            act()
        else:
            QTimer.singleShot(every_ms, poll)
    QTimer.singleShot(0, poll)


def test_the_frame_stays_responsive_while_the_store_opens_then_the_login_comes_over_it(
        qtbot, monkeypatch, tmp_path):
    ctx = FakeContext()
    store = SlowStore(result=ctx)
    monkeypatch.setattr(ui_app, "_open_store", store)
    asked = []

    def open_desk(c, *, login, parent):
        asked.append((c, login, parent, parent.isVisible(), parent.status()))
        return None  # the clerk chose 退出 at the login

    monkeypatch.setattr(ui_app, "open_desk", open_desk)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(store.called.is_set()))
    timer.start(5)
    # the GUI thread turns its event loop while the store is still opening; then it opens
    when(lambda: sum(ticks) >= 5, store.release.set)
    status = ui_app.run_gui(tmp_path / "data", "zh", None)
    timer.stop()
    assert status == 0
    assert store.thread != threading.main_thread().name
    (c, login, parent, visible, text), = asked
    assert c is ctx and login and isinstance(parent, StartFrame) and visible
    assert text == "正在准备窗口…"
    assert ctx.catalog.loaded == 1  # the first page's catalog: loaded on the store's thread
    assert ctx.closed and start_frame() is None


def test_closing_the_frame_while_the_store_opens_quits(qtbot, monkeypatch, tmp_path):
    ctx = FakeContext()
    store = SlowStore(result=ctx)
    monkeypatch.setattr(ui_app, "_open_store", store)
    monkeypatch.setattr(ui_app, "open_desk", lambda *a, **k: pytest.fail("no desk after close"))

    def close_frame():
        start_frame().close()
        store.release.set()

    when(lambda: store.called.is_set() and start_frame() is not None, close_frame)
    assert ui_app.run_gui(tmp_path / "data", "zh", None) == 0
    assert ctx.closed  # opened meanwhile: closed again


def test_a_store_error_on_the_thread_shows_the_box_over_the_frame(qtbot, monkeypatch, tmp_path,
                                                                   message_boxes):
    store = SlowStore(error=OSError(13, "Permission denied", "counter.sqlite3"))
    monkeypatch.setattr(ui_app, "_open_store", store)
    frames = []
    real_box = ui_app._store_failed_box

    def box(*args):
        frames.append(start_frame())
        real_box(*args)

    monkeypatch.setattr(ui_app, "_store_failed_box", box)
    when(lambda: store.called.is_set(), store.release.set)
    assert ui_app.run_gui(tmp_path / "data", "zh", None) == ui_app.EXIT_STORE_FAILED
    assert frames[0] is not None  # the frame was there behind the box
    (_title, text, informative), = message_boxes
    assert text == "无法打开数据存储，程序不能启动。"
    assert "counter.sqlite3" in informative and "事件编号" in informative
    assert start_frame() is None


def test_the_main_window_takes_the_frames_place(qtbot):
    frame = StartFrame(Path("/srv/counter"))
    qtbot.addWidget(frame)
    assert frame.windowTitle() == "综窗受理台"
    assert frame.status() == "正在打开数据存储…"
    assert frame.data_dir_label.text() == "数据目录：/srv/counter"
    frame.show()
    qtbot.waitExposed(frame)
    frame.move(frame.x() + 7, frame.y() + 5)
    closed = []
    frame.closed.connect(lambda: closed.append(True))
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    frame.hand_over(window)
    assert window.isVisible() and not frame.isVisible()
    assert window.geometry() == frame.geometry()
    assert closed == []  # handed over: not the clerk closing it


def test_pysides_look_at_imported_modules_gives_the_same_answers(monkeypatch):
    import importlib

    from ui.startup import lighten_pyside_import_check

    feature = sys.modules["shibokensupport.feature"]  # PySide6's own, installed with it
    current = feature._mod_uses_pyside  # run_gui may have replaced it in this process already
    original = getattr(current, "original", current)
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)
    assert lighten_pyside_import_check()
    assert not lighten_pyside_import_check()  # once
    check = feature._mod_uses_pyside
    assert check.original is original
    for name in ("ui.app", "ui.startup", "counter.errors", "json", "sys", "bench.startup"):
        module = importlib.import_module(name)
        assert check(module) == original(module), name
    assert check(importlib.import_module("ui.startup")) and not check(sys.modules["json"])
