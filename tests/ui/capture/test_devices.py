"""The page strip takes its cameras from the devices at the counter (``ctx.devices``, the
:class:`counter.ports.Devices` port): fakes subclassing the ports stand in for them; a document
camera whose driver service cannot be reached says 设备未就绪：<原因>."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from counter.capture.importers import SourceFile
from counter.ports import Devices, DocumentCamera, Printers
from tests.capture import images
from ui.capture.webchannel import DriverConfig


class _CameraSignals(QObject):
    captured = Signal(object)
    failed = Signal(str)
    probed = Signal()


class FakeDocumentCamera(DocumentCamera):
    """A document camera that hands out one picture per capture, or fails with ``fail``."""

    def __init__(self, config, fail: str = "") -> None:
        self.config = config
        self.fail = fail
        self.calls: list[int] = []
        self._signals = _CameraSignals()
        self.captured = self._signals.captured
        self.failed = self._signals.failed
        self.probed = self._signals.probed

    def capture(self, camera: int = 0) -> None:
        self.calls.append(camera)
        if self.fail:
            self.failed.emit(self.fail)
        else:
            self.captured.emit(SourceFile("高拍仪.jpg", images.encode(images.text_page())))

    def probe(self) -> None:
        self.probed.emit()

    def close(self) -> None:
        pass

    def blockSignals(self, block: bool) -> bool:  # noqa: N802 - the QObject calls the port asks
        return self._signals.blockSignals(block)

    def deleteLater(self) -> None:  # noqa: N802
        self._signals.deleteLater()


class FakeCameraWidget(QLabel):
    captured = Signal(object)
    message = Signal(str)

    def capture(self) -> None:
        pass


class FakePrinters(Printers):
    def printer_name(self, paper: str = "a4") -> str | None:
        return None


class FakeDevices(Devices):
    def __init__(self, fail: str = "") -> None:
        self.fail = fail
        self.printers = FakePrinters()
        self.cameras: list[FakeDocumentCamera] = []

    def document_camera(self, config, parent=None):
        self.cameras.append(FakeDocumentCamera(config, self.fail))
        return self.cameras[-1]

    def camera_status(self):
        return True, ""

    def camera_widget(self, parent):
        return FakeCameraWidget("假摄像头", parent)


def strip(qtbot, service, intake, devices):
    from ui.capture.pages import MaterialPagesWidget

    widget = MaterialPagesWidget(service, intake, "M-A", devices=devices)
    qtbot.addWidget(widget)
    return widget


def test_the_strip_uses_the_devices_it_is_given(qtbot, service, intake):
    devices = FakeDevices()
    widget = strip(qtbot, service, intake, devices)
    assert widget.camera_button.isEnabled() and widget.document_camera_button.isEnabled()
    widget.driver_config = DriverConfig(url="ws://127.0.0.1:4321")
    with qtbot.waitSignal(widget.changed, timeout=10000):
        qtbot.mouseClick(widget.document_camera_button, Qt.MouseButton.LeftButton)
    assert len(devices.cameras) == 1 and devices.cameras[0].calls == [0]
    assert devices.cameras[0].config == widget.driver_config
    assert widget.page_count() == 1
    dialog = widget.open_camera()
    assert dialog.findChild(FakeCameraWidget) is not None
    dialog.close()


def test_a_strip_without_devices_offers_no_camera(qtbot, service, intake):
    widget = strip(qtbot, service, intake, None)
    assert not widget.camera_button.isEnabled()
    assert not widget.document_camera_button.isEnabled()
    assert widget.document_camera_button.toolTip() == "本窗口未配置高拍仪"
    widget.capture_document_camera()  # nothing to use: nothing happens
    assert widget.page_count() == 0


def test_a_failing_document_camera_says_device_not_ready(qtbot, service, intake, monkeypatch):
    import ui.capture.pages as pages
    from counter.errors import DeviceNotReady

    shown: list[BaseException] = []
    monkeypatch.setattr(pages, "show_error", lambda _parent, exc: shown.append(exc))
    widget = strip(qtbot, service, intake, FakeDevices(fail="高拍仪没有响应"))
    with qtbot.waitSignal(widget.failed, timeout=5000):
        widget.document_camera_button.click()
    assert len(shown) == 1 and isinstance(shown[0], DeviceNotReady)
    assert str(shown[0]) == "设备未就绪：高拍仪没有响应" and widget.page_count() == 0


def test_an_unreachable_driver_service_says_device_not_ready(qtbot, service, intake,
                                                             monkeypatch):
    """The real devices (:class:`bootstrap.QtDevices`): nothing listens at the address."""
    import ui.capture.pages as pages
    from PySide6.QtNetwork import QHostAddress, QTcpServer

    from bootstrap import QtDevices

    shown: list[str] = []
    monkeypatch.setattr(pages, "show_error", lambda _parent, exc: shown.append(str(exc)))
    server = QTcpServer()
    server.listen(QHostAddress.SpecialAddress.LocalHost, 0)
    port = server.serverPort()
    server.close()  # no driver service there
    widget = strip(qtbot, service, intake, QtDevices())
    widget.driver_config = DriverConfig(url=f"ws://127.0.0.1:{port}", timeout_ms=5000)
    try:
        with qtbot.waitSignal(widget.failed, timeout=8000):
            widget.document_camera_button.click()
    finally:
        widget._document_camera.close()
    assert len(shown) == 1 and shown[0].startswith("设备未就绪：") and "驱动程序已启动" in shown[0]


def test_the_admin_page_probes_through_the_devices(qtbot):
    """测试连接 on the capture devices page opens the driver through ``devices``."""
    from ui.admin.capture_page import CapturePage

    from counter.services.settings import CaptureSettings

    class Settings:
        def capture_settings(self):
            return CaptureSettings()

    devices = FakeDevices()
    page = CapturePage(Settings(), lambda: None, devices=devices)
    qtbot.addWidget(page)
    page.load()
    page.url.setText("ws://127.0.0.1:4321")
    with qtbot.waitSignal(page.probe_finished, timeout=5000) as blocker:
        page.test_connection()
    assert blocker.args == [True], page.connect_result.text()
    assert len(devices.cameras) == 1 and devices.cameras[0].config.url == "ws://127.0.0.1:4321"


def test_fakes_subclass_the_ports():
    assert Devices in FakeDevices.__mro__ and DocumentCamera in FakeDocumentCamera.__mro__
    assert isinstance(FakeCameraWidget(), QWidget)
