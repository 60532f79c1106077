"""The hot folder at the window (ui/capture/hotfolder.py) and the camera widget."""

from __future__ import annotations

import pytest

from counter.capture.hotfolder import HotFolder
from tests.capture import images
from ui.capture.camera import CameraCaptureWidget
from ui.capture.hotfolder import HotFolderWatcher
from ui.capture.pages import MaterialPagesWidget


@pytest.fixture
def pages(qtbot, service, intake):
    widget = MaterialPagesWidget(service, intake, "M-A")
    qtbot.addWidget(widget)
    return widget


def test_new_scans_go_to_the_selected_material(qtbot, tmp_path, pages, intake, message_boxes):
    folder = tmp_path / "gpy"
    selected = {"widget": None}
    watcher = HotFolderWatcher(HotFolder(folder), lambda: selected["widget"], interval_ms=20)
    watcher.start()
    assert watcher.is_active() and folder.is_dir()
    (folder / "IMG_0001.jpg").write_bytes(images.encode(images.text_page((300, 420), seed=1)))
    (folder / "IMG_0002.jpg.tmp").write_bytes(b"partial")
    qtbot.wait(100)
    assert watcher.poll() == []  # no material selected: the files wait
    selected["widget"] = pages
    with qtbot.waitSignal(watcher.imported, timeout=10000) as got:
        pass
    assert got.args == ["IMG_0001.jpg"]
    qtbot.waitUntil(lambda: pages.page_count() == 1)
    assert (folder / "processed" / "IMG_0001.jpg").exists()
    (folder / "bad.jpg").write_bytes(images.truncated_jpeg())
    with qtbot.waitSignal(watcher.refused, timeout=10000) as bad:
        pass
    assert bad.args == ["bad.jpg"] and (folder / "failed" / "bad.jpg").exists()
    assert message_boxes and "bad.jpg" in message_boxes[-1][1]
    assert pages.page_count() == 1
    watcher.stop()
    assert not watcher.is_active()


def test_unreadable_folder_reported_once(qtbot, tmp_path, pages):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    watcher = HotFolderWatcher(HotFolder(blocker / "hot"), lambda: pages, interval_ms=20)
    errors = []
    watcher.error.connect(errors.append)
    watcher.poll()
    watcher.poll()
    assert len(errors) == 1 and "扫描文件夹" in errors[0]


# QtMultimedia probes optional system libraries (VA-API, PipeWire) and warns when absent
@pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) ")
def test_camera_widget_without_a_camera(qtbot):
    widget = CameraCaptureWidget()
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.available()
    assert not widget.capture_button.isEnabled()
    assert "摄像头" in widget.status.text()
    widget.capture()  # nothing happens, nothing breaks


def test_camera_widget_without_qtmultimedia(qtbot, monkeypatch):
    import ui.capture.camera as camera

    monkeypatch.setattr(camera, "load_multimedia", lambda: None)
    widget = CameraCaptureWidget()
    qtbot.addWidget(widget)
    assert not widget.available() and "缺少多媒体组件" in widget.status.text()
