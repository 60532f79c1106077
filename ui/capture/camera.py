"""A camera at the window through QtMultimedia (摄像头拍摄): live preview and a capture key.

:class:`CameraCaptureWidget` shows the camera's picture (QCamera + QMediaCaptureSession + a
QVideoWidget) and takes a still with :class:`QImageCapture` on Space, F9 or the button; each
still is emitted as a ``QImage`` (:attr:`CameraCaptureWidget.captured`) for the pages widget
(:meth:`ui.capture.pages.MaterialPagesWidget.add_images`), which encodes and normalises it off
the GUI thread.

When QtMultimedia cannot be loaded (its system libraries are missing) or there is no camera,
the widget says so in one line and its controls stay disabled; nothing else breaks. The camera
runs only while the widget is visible, so it is free for other programs otherwise.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

log = logging.getLogger(__name__)

__all__ = ["CameraCaptureWidget", "load_multimedia", "camera_status", "CAPTURE_KEYS"]

CAPTURE_KEYS = ("Space", "F9")


def load_multimedia():
    """``(QtMultimedia, QtMultimediaWidgets)``, or None when they cannot be loaded here."""
    try:
        from PySide6 import QtMultimedia, QtMultimediaWidgets
    except ImportError as exc:  # e.g. libpulse missing on a bare Linux
        log.info("QtMultimedia unavailable: %s", exc)
        return None
    return QtMultimedia, QtMultimediaWidgets


_STATUS: tuple[bool, str] | None = None


def camera_status() -> tuple[bool, str]:
    """``(True, "")`` when a camera is present, else ``(False, why)``; probed once.

    QtMultimedia's probe of optional system libraries (VA-API, PipeWire) only warns about
    their absence; that category is silenced, it says nothing the clerk could act on.
    """
    global _STATUS
    if _STATUS is None:
        from PySide6.QtCore import QCoreApplication, QLoggingCategory

        QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")
        mm = load_multimedia()
        if mm is None:
            _STATUS = (False, QCoreApplication.translate(
                "CameraCaptureWidget", "本机缺少多媒体组件，无法使用摄像头。"))
        elif not mm[0].QMediaDevices.videoInputs():
            _STATUS = (False, QCoreApplication.translate(
                "CameraCaptureWidget",
                "未检测到摄像头：请连接摄像头，或改用扫描文件夹、导入文件。"))
        else:
            _STATUS = (True, "")
    return _STATUS


class CameraCaptureWidget(QWidget):
    """Live preview of a camera and a capture key (拍照).

    Args:
        parent: the parent widget.

    Attributes:
        status: the line saying what is going on (no camera, ready, errors).

    Signals:
        captured(QImage): a still was taken.
        message(str): a line for the status bar.
    """

    captured = Signal(QImage)
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraCapture")
        self._mm = load_multimedia()
        self._camera = None
        self._session = None
        self._capture = None
        self._devices = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview: QWidget | None = None
        row = QHBoxLayout()
        self.device_box = QComboBox(self)
        self.device_box.currentIndexChanged.connect(self._device_chosen)
        self.capture_button = QPushButton(self.tr("拍照（空格）"), self)
        self.capture_button.clicked.connect(self.capture)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        row.addWidget(self.device_box, 1)
        row.addWidget(self.capture_button)
        for key in CAPTURE_KEYS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.capture)
        if self._mm is not None:
            QtMultimedia, QtMultimediaWidgets = self._mm
            self._devices = list(QtMultimedia.QMediaDevices.videoInputs())
        if not self._devices:
            reason = (self.tr("本机缺少多媒体组件，无法使用摄像头。") if self._mm is None
                      else self.tr("未检测到摄像头：请连接摄像头，或改用扫描文件夹、导入文件。"))
            self.status.setText(reason)
            self.device_box.setEnabled(False)
            self.capture_button.setEnabled(False)
            layout.addWidget(self.status)
            layout.addLayout(row)
            return
        self.preview = QtMultimediaWidgets.QVideoWidget(self)
        self.preview.setMinimumSize(320, 240)
        layout.addWidget(self.preview, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.device_box.blockSignals(True)
        for device in self._devices:
            self.device_box.addItem(device.description())
        self.device_box.blockSignals(False)
        self._session = QtMultimedia.QMediaCaptureSession(self)
        self._capture = QtMultimedia.QImageCapture(self)
        self._capture.imageCaptured.connect(self._captured)
        self._capture.errorOccurred.connect(self._capture_error)
        self._capture.readyForCaptureChanged.connect(self._update_ready)
        self._session.setImageCapture(self._capture)
        self._session.setVideoOutput(self.preview)
        self._use_device(0)

    # -- public ----------------------------------------------------------------------------

    def available(self) -> bool:
        """True when a camera can be used."""
        return bool(self._devices)

    def capture(self) -> None:
        """Take a still (拍照); ignored when no camera is ready."""
        if self._capture is None or not self._capture.isReadyForCapture():
            if self.available():
                self.message.emit(self.tr("摄像头尚未就绪，请稍候再拍。"))
            return
        self._capture.capture()

    def start(self) -> None:
        if self._camera is not None:
            self._camera.start()

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()

    # -- Qt --------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.stop()
        super().hideEvent(event)

    # -- internals -------------------------------------------------------------------------

    def _device_chosen(self, index: int) -> None:
        if 0 <= index < len(self._devices):
            self._use_device(index)

    def _use_device(self, index: int) -> None:
        QtMultimedia, _ = self._mm
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
        self._camera = QtMultimedia.QCamera(self._devices[index], self)
        self._camera.errorOccurred.connect(self._camera_error)
        self._session.setCamera(self._camera)
        if self.isVisible():
            self._camera.start()
        self._update_ready()

    def _update_ready(self, *_args) -> None:
        ready = self._capture is not None and self._capture.isReadyForCapture()
        self.capture_button.setEnabled(bool(self._devices))
        self.status.setText(self.tr("按空格或 F9 拍照。") if ready else self.tr("正在打开摄像头…"))

    def _captured(self, _id: int, image: QImage) -> None:
        if image.isNull():
            return
        self.message.emit(self.tr("已拍照，正在处理…"))
        self.captured.emit(image)

    def _capture_error(self, _id: int, _error, text: str) -> None:
        log.warning("image capture failed")
        self.status.setText(self.tr("拍照失败：{text}").format(text=text))
        self.message.emit(self.status.text())

    def _camera_error(self, _error, text: str) -> None:
        log.warning("camera error")
        self.status.setText(self.tr("摄像头出错：{text}").format(text=text))
        self.message.emit(self.status.text())
