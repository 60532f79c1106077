"""The 拍照 and 高拍仪 buttons of the page strip (ui/capture/pages.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.capture.fake_driver import FakeDriver
from tests.ui.capture.conftest import CLERK
from ui.capture.webchannel import DriverConfig


@pytest.fixture
def driver(qtbot):
    d = FakeDriver()
    yield d
    d.close()


@pytest.fixture
def strip(qtbot, service, intake):
    from ui.capture.pages import MaterialPagesWidget

    from bootstrap import QtDevices

    widget = MaterialPagesWidget(service, intake, "M-A", devices=QtDevices())
    qtbot.addWidget(widget)
    yield widget
    if widget._document_camera is not None:
        widget._document_camera.close()


def test_document_camera_button_captures_into_the_selected_material(qtbot, strip, driver,
                                                                     intake):
    strip.set_material(intake, "M-B")  # the strip follows the selection
    strip.driver_config = DriverConfig(url=driver.url)
    with qtbot.waitSignal(strip.changed, timeout=10000):
        qtbot.mouseClick(strip.document_camera_button, Qt.MouseButton.LeftButton)
    assert driver.camera.calls == [0]  # the main camera
    assert strip.page_count() == 1
    assert len(intake.materials["M-B"].pages) == 1 and not intake.materials["M-A"].pages
    assert strip._service.page_bytes(intake.materials["M-B"].pages[0], actor=CLERK)


def test_document_camera_failure_is_shown(qtbot, strip, monkeypatch):
    import ui.capture.pages as pages
    from PySide6.QtNetwork import QHostAddress, QTcpServer

    shown: list[str] = []
    monkeypatch.setattr(pages, "show_error", lambda _parent, exc: shown.append(str(exc)))
    server = QTcpServer()
    server.listen(QHostAddress.SpecialAddress.LocalHost, 0)
    port = server.serverPort()
    server.close()  # no driver service there
    strip.driver_config = DriverConfig(url=f"ws://127.0.0.1:{port}", timeout_ms=5000)
    with qtbot.waitSignal(strip.failed, timeout=8000):
        strip.document_camera_button.click()
    assert len(shown) == 1 and "驱动程序已启动" in shown[0] and strip.page_count() == 0


def test_camera_button_disabled_without_a_camera(strip):
    assert not strip.camera_button.isEnabled()  # offscreen: no camera
    assert "摄像头" in strip.camera_button.toolTip()


@pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) ")
def test_camera_dialog_opens_without_breaking(qtbot, strip):
    from ui.capture.camera import CameraCaptureWidget

    dialog = strip.open_camera()
    qtbot.addWidget(dialog)
    camera = dialog.findChild(CameraCaptureWidget)
    assert camera is not None and not camera.available()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the capture key: nothing to take, no error
    assert strip.page_count() == 0
