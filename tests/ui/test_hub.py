"""The case hub (ui.hub): the publisher's changes as Qt signals on the GUI thread."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QApplication, QLabel

from counter.changes import CaseChange, ChangeKind, Changes
from ui.hub import CaseHub

ROOT = Path(__file__).resolve().parents[2]


def test_a_change_published_on_a_worker_thread_arrives_on_the_gui_thread(qtbot):
    changes = Changes()
    hub = CaseHub(changes)
    got = []
    hub.case_changed.connect(lambda number, kind: got.append(
        (number, kind, QThread.currentThread())))
    worker = threading.Thread(target=lambda: changes.publish(
        CaseChange("S1", ChangeKind.SYNCED, (ChangeKind.SYNCED, ChangeKind.PLATFORM_STATUS))))
    with qtbot.waitSignal(hub.changed, timeout=5000) as blocker:
        worker.start()
        worker.join()
    assert blocker.args[0].kinds == (ChangeKind.SYNCED, ChangeKind.PLATFORM_STATUS)
    assert got == [("S1", "synced", QApplication.instance().thread())]


def test_a_change_on_the_gui_thread_is_queued_not_delivered_inside_the_call(qtbot):
    changes = Changes()
    hub = CaseHub(changes)
    got = []
    hub.case_changed.connect(lambda number, kind: got.append(number))
    changes.publish(CaseChange("S1", ChangeKind.ACCEPTED))
    assert got == []  # not inside the service call that published it
    qtbot.waitUntil(lambda: got == ["S1"])


class _Listener(QLabel):
    heard = Signal(str)

    def case_changed(self, number: str, _kind: str) -> None:
        self.setText(number)
        self.heard.emit(number)


def test_a_deleted_subscriber_widget_does_not_crash(qtbot):
    changes = Changes()
    hub = CaseHub(changes)
    gone, stays = _Listener(), _Listener()
    qtbot.addWidget(stays)
    hub.case_changed.connect(gone.case_changed)
    hub.case_changed.connect(stays.case_changed)
    changes.publish(CaseChange("S1", ChangeKind.ACCEPTED))
    gone.deleteLater()  # deleted with the change still queued
    with qtbot.waitSignal(gone.destroyed):
        pass
    with qtbot.waitSignal(stays.heard, timeout=5000):
        changes.publish(CaseChange("S2", ChangeKind.NOTIFIED))
    assert stays.text() == "S2"


def test_a_deleted_hub_lets_go_of_the_publisher(qtbot):
    changes = Changes()
    owner = QObject()
    CaseHub(changes, owner)
    assert changes.subscribers == 1
    with qtbot.waitSignal(owner.destroyed):
        owner.deleteLater()
    assert changes.subscribers == 0
    changes.publish(CaseChange("S1", ChangeKind.ACCEPTED))  # nobody left: no crash
    hub = CaseHub(changes)
    hub.close()
    assert changes.subscribers == 0


def test_sync_wiring_reaches_into_no_widget():
    """ui/sync/wiring.py learns of case changes from the hub: no ``getattr(...)`` chains
    through the window's attributes remain."""
    tree = ast.parse((ROOT / "ui" / "sync" / "wiring.py").read_text("utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id == "getattr"]
    assert calls == []
    reached = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not reached & {"desk", "case_view", "intake_screen", "tolerance", "supplement"}


def test_many_changes_at_once_make_one_read_of_a_list(qtbot, monkeypatch):
    """A holiday year moving many cases reports each; the 补正期限 list is read once."""
    from types import SimpleNamespace

    from ui.tolerance.listscreen import SupervisorListScreen

    class Screen(SupervisorListScreen):
        follows = ("dates_adjusted",)

        def refresh(self, *, quiet=False):
            reads.append(quiet)

    reads = []
    changes = Changes()
    hub = CaseHub(changes)
    screen = Screen(SimpleNamespace(permissions=None), lambda: None)
    qtbot.addWidget(screen)
    screen.table = screen._make_table("t", ["a"])
    screen.follow(hub)
    screen.show()
    qtbot.waitExposed(screen)
    got = []
    hub.changed.connect(got.append)
    changes.publish([CaseChange(f"S{n}", ChangeKind.DATES_ADJUSTED) for n in range(50)]
                    + [CaseChange("S99", ChangeKind.SYNCED)])
    qtbot.waitUntil(lambda: len(got) == 51 and bool(reads))
    QApplication.processEvents()
    assert reads == [True]
