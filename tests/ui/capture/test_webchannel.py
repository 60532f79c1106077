"""The WebChannel document-camera adapter (ui/capture/webchannel.py) against a fake driver."""

from __future__ import annotations

import pytest
from PySide6.QtNetwork import QHostAddress, QTcpServer

from counter.capture.importers import SourceFile
from tests.ui.capture.fake_driver import FakeDriver, SilentServer, picture
from ui.capture.webchannel import (MAIN_CAMERA, SECONDARY_CAMERA, DriverConfig, DriverError,
                                   WebChannelCamera, decode_picture)


@pytest.fixture
def driver(qtbot):
    d = FakeDriver()
    yield d
    d.close()


@pytest.fixture
def cameras():
    made: list[WebChannelCamera] = []
    yield made
    for cam in made:
        cam.close()


@pytest.fixture
def camera_for(cameras):
    def make(url: str, **config) -> WebChannelCamera:
        cam = WebChannelCamera(DriverConfig(url=url, **config))
        cameras.append(cam)
        return cam
    return make


def test_capture_main_and_secondary_camera(qtbot, camera_for, driver):
    cam = camera_for(driver.url)
    with qtbot.waitSignal(cam.captured, timeout=5000) as main:
        cam.capture(MAIN_CAMERA)
    source = main.args[0]
    assert isinstance(source, SourceFile)
    assert source.data == picture(0) and source.name == "高拍仪主摄像头拍摄.jpg"
    assert cam.is_connected()
    with qtbot.waitSignal(cam.captured, timeout=5000) as second:
        cam.capture(SECONDARY_CAMERA)  # a data: URL answer
    assert second.args[0].data == picture(1) and "副摄像头" in second.args[0].name
    assert driver.camera.calls == [0, 1]
    assert len(driver.transports) == 1  # one connection for both


def test_image_by_signal(qtbot, camera_for, driver):
    cam = camera_for(driver.url, capture_method="takePicture", image_signal="imageCaptured")
    with qtbot.waitSignal(cam.captured, timeout=5000) as got:
        cam.capture(MAIN_CAMERA)
    assert got.args[0].data == picture(0)


@pytest.mark.parametrize("camera, text", [(9, "没有返回图像"), (8, "图像数据无效")])
def test_bad_answers(qtbot, camera_for, driver, camera, text):
    cam = camera_for(driver.url)
    with qtbot.waitSignal(cam.failed, timeout=5000) as failed:
        cam.capture(camera)
    assert text in failed.args[0]


def test_unknown_object_and_method(qtbot, camera_for, driver):
    cam = camera_for(driver.url, object_name="dialog")
    with qtbot.waitSignal(cam.failed, timeout=5000) as failed:
        cam.capture()
    assert "没有提供对象“dialog”" in failed.args[0] and driver.url in failed.args[0]
    cam = camera_for(driver.url, capture_method="snap")
    with qtbot.waitSignal(cam.failed, timeout=5000) as failed:
        cam.capture()
    assert "不支持拍照方法“snap”" in failed.args[0]


def test_no_service(qtbot, camera_for):
    server = QTcpServer()
    server.listen(QHostAddress.SpecialAddress.LocalHost, 0)
    port = server.serverPort()
    server.close()  # nothing listens there now
    cam = camera_for(f"ws://127.0.0.1:{port}", timeout_ms=5000)
    with qtbot.waitSignal(cam.failed, timeout=8000) as failed:
        cam.capture()
    assert f"127.0.0.1:{port}" in failed.args[0] and "驱动程序已启动" in failed.args[0]
    assert not cam.is_connected()


def test_timeout(qtbot, camera_for):
    silent = SilentServer()
    cam = camera_for(silent.url, timeout_ms=300)
    with qtbot.waitSignal(cam.failed, timeout=5000) as failed:
        cam.capture()
    assert "0.3 秒内没有响应" in failed.args[0]


def test_reconnects_after_the_driver_restarts(qtbot, camera_for, driver):
    cam = camera_for(driver.url)
    with qtbot.waitSignal(cam.captured, timeout=5000):
        cam.capture()
    with qtbot.waitSignal(cam.connectedChanged, timeout=5000):
        cam.close()
    with qtbot.waitSignal(cam.captured, timeout=5000):
        cam.capture()
    assert len(driver.transports) == 2


def test_into_the_pages_widget(qtbot, camera_for, driver, service, intake):
    from ui.capture.pages import MaterialPagesWidget

    widget = MaterialPagesWidget(service, intake, "M-A")
    qtbot.addWidget(widget)
    cam = camera_for(driver.url)
    cam.captured.connect(lambda source: widget.add_sources([source]))
    with qtbot.waitSignal(widget.changed, timeout=10000):
        cam.capture()
    assert widget.page_count() == 1


def test_decode_picture():
    import base64

    jpeg = picture(0)
    assert decode_picture({"image": base64.b64encode(jpeg).decode()}) == jpeg
    for bad in (None, 3, "", {"x": 1}, "!!!not base64!!!"):
        with pytest.raises(DriverError):
            decode_picture(bad)
