"""Document-camera drivers that speak Qt WebChannel over a local WebSocket (高拍仪驱动服务).

Several document-camera makers (方正, 良田 and others) ship a small driver program that runs on
the counter PC and exposes the camera to web pages as a **Qt WebChannel** object over a
WebSocket, usually at ``ws://127.0.0.1:12345``; their web demos use ``qwebchannel.js``.
:class:`WebChannelCamera` speaks the same JSON protocol from the desktop, so such a device
works without its web page.

The protocol (what ``qwebchannel.js`` does), one JSON object per text message:

=========  ===================================================================================
type       meaning
=========  ===================================================================================
3 init     client → ``{"type": 3, "id": n}``; the reply (type 10, same id) describes every
           published object: ``{"name": {"methods": [[name, index], …], "signals": [[name,
           index], …], "properties": […], "enums": {…}}}``. The client then sends
           ``{"type": 4}`` (idle).
6 invoke   client → ``{"type": 6, "object": name, "method": index, "args": […], "id": n}``;
           the reply is ``{"type": 10, "id": n, "data": result}``.
7 connect  client → ``{"type": 7, "object": name, "signal": index}``: deliver that signal.
1 signal   server → ``{"type": 1, "object": name, "signal": index, "args": […]}``.
2, 4, 5,   property update, idle, debug, disconnect from signal, set property — not needed
8, 9       here (property updates are ignored).
=========  ===================================================================================

**Assumed driver interface** (configurable in :class:`DriverConfig`, because each maker names
things its own way): an object ``camera`` with a method ``captureImage(int cameraIndex)`` that
returns the picture as base64 JPEG (a ``data:image/jpeg;base64,`` prefix is tolerated, as is an
object ``{"image": "<base64>"}``); camera ``0`` is the main (document) camera and ``1`` the
secondary (face) camera. Drivers that answer with a *signal* instead (e.g. a method that only
triggers the shot and a signal ``imageCaptured(QString base64)`` that carries it) are supported
by setting ``image_signal``. Every request has a timeout; every failure ends in one
:attr:`WebChannelCamera.failed` with a Chinese message naming the service address.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import logging
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtNetwork import QAbstractSocket
from PySide6.QtWebSockets import QWebSocket

from counter.capture.importers import SourceFile
from counter.capture.processing import sniff

log = logging.getLogger(__name__)

__all__ = ["WebChannelCamera", "DriverConfig", "MessageType", "MAIN_CAMERA", "SECONDARY_CAMERA"]

MAIN_CAMERA = 0
SECONDARY_CAMERA = 1


class MessageType:
    """QWebChannel message types (as in ``qwebchannel.js``)."""

    SIGNAL = 1
    PROPERTY_UPDATE = 2
    INIT = 3
    IDLE = 4
    DEBUG = 5
    INVOKE_METHOD = 6
    CONNECT_TO_SIGNAL = 7
    DISCONNECT_FROM_SIGNAL = 8
    SET_PROPERTY = 9
    RESPONSE = 10


@dataclass(frozen=True)
class DriverConfig:
    """How to talk to a document-camera driver (高拍仪驱动服务设置).

    Attributes:
        url: the driver's WebSocket address.
        object_name: the published object that controls the camera.
        capture_method: the method that takes a picture; called with the camera index.
        image_signal: when set, the picture arrives by this signal (its first argument)
            instead of as the method's return value.
        timeout_ms: how long to wait for the connection and for each answer.
        camera_names: what to call a picture of camera 0, 1 … in messages and file names.
        main_index, secondary_index: the driver's own index of the main (:data:`MAIN_CAMERA`)
            and the secondary (:data:`SECONDARY_CAMERA`) camera, passed to ``capture_method``.
    """

    url: str = "ws://127.0.0.1:12345"
    object_name: str = "camera"
    capture_method: str = "captureImage"
    image_signal: str | None = None
    timeout_ms: int = 8000
    camera_names: tuple[str, ...] = ("高拍仪主摄像头", "高拍仪副摄像头")
    main_index: int = MAIN_CAMERA
    secondary_index: int = SECONDARY_CAMERA

    def device_index(self, camera: int) -> int:
        """The driver's index of ``camera`` (:data:`MAIN_CAMERA`, :data:`SECONDARY_CAMERA`)."""
        return {MAIN_CAMERA: self.main_index, SECONDARY_CAMERA: self.secondary_index}.get(
            camera, camera)

    def camera_name(self, index: int) -> str:
        if 0 <= index < len(self.camera_names):
            return self.camera_names[index]
        return f"高拍仪摄像头{index + 1}"


class DriverError(Exception):
    """A failure talking to the driver; ``str()`` is the Chinese message for the clerk."""


class WebChannelCamera(QObject):
    """A Qt WebChannel document-camera driver as a source of pages.

    Args:
        config: the driver's address and names.
        parent: the owner.

    Signals:
        captured(object): a :class:`~counter.capture.importers.SourceFile` with the picture
            (named after the camera), for
            :meth:`ui.capture.pages.MaterialPagesWidget.add_sources`.
        failed(str): a capture failed; the message says why (no service, timeout, no such
            object or method, not an image).
        connectedChanged(bool): the connection to the driver opened or closed.
        probed(): :meth:`probe` found the driver with the configured object, capture method
            (and image signal).
    """

    captured = Signal(object)
    failed = Signal(str)
    connectedChanged = Signal(bool)
    probed = Signal()

    def __init__(self, config: DriverConfig | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config or DriverConfig()
        self._socket: QWebSocket | None = None
        self._ids = itertools.count(1)
        self._ready = False
        self._objects: dict[str, dict] = {}
        #: request id -> (on reply, timer)
        self._requests: dict[int, tuple[Callable[[Any], None], QTimer]] = {}
        self._waiting: list[Callable[[], None]] = []  # to run once the channel is initialised
        self._connect_timer = QTimer(self)
        self._connect_timer.setSingleShot(True)
        self._connect_timer.timeout.connect(
            lambda: self._fail_all(self._message("在 {s} 秒内没有响应")))
        self._signal_capture: tuple[int, QTimer] | None = None
        self._signal_connected = False

    # -- public ----------------------------------------------------------------------------

    def is_connected(self) -> bool:
        return self._ready

    def capture(self, camera: int = MAIN_CAMERA) -> None:
        """Take a picture with ``camera`` (0 main, 1 secondary); the result comes as
        :attr:`captured` or :attr:`failed`."""
        self._when_ready(lambda: self._invoke_capture(camera))

    def probe(self) -> None:
        """Connect without taking a picture (测试连接): ends in :attr:`probed` when the driver
        publishes the configured object, capture method and image signal, else in
        :attr:`failed` with the reason."""
        self._when_ready(self._check_interface)

    def _check_interface(self) -> None:
        problem = self._interface_problem()
        if problem:
            self.failed.emit(problem)
        else:
            self.probed.emit()

    def close(self) -> None:
        """Close the connection (pending captures fail)."""
        if self._socket is not None:
            self._fail_all("已断开与高拍仪驱动服务的连接。")

    # -- connection ------------------------------------------------------------------------

    def _when_ready(self, action: Callable[[], None]) -> None:
        if self._ready:
            action()
            return
        self._waiting.append(action)
        if self._socket is None:
            self._open()

    def _open(self) -> None:
        socket = QWebSocket(parent=self)
        socket.connected.connect(self._connected)
        socket.disconnected.connect(self._disconnected)
        socket.textMessageReceived.connect(self._received)
        socket.errorOccurred.connect(self._socket_error)
        self._socket = socket
        self._connect_timer.start(self.config.timeout_ms)
        socket.open(QUrl(self.config.url))

    def _connected(self) -> None:
        self._send({"type": MessageType.INIT}, self._initialised)

    def _initialised(self, data: Any) -> None:
        self._connect_timer.stop()
        if not isinstance(data, dict):
            self._fail_all(self._message("的初始化应答无效"))
            return
        self._objects = {name: info for name, info in data.items() if isinstance(info, dict)}
        self._send_raw({"type": MessageType.IDLE})
        self._ready = True
        self.connectedChanged.emit(True)
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _disconnected(self) -> None:
        if self._socket is None:
            return
        if self._ready:
            self._fail_all(self._message("的连接已断开"))
        else:  # never got as far as the channel: refused, or not a WebChannel service
            self._fail_all(self._message("无法连接，请确认高拍仪驱动程序已启动"))

    def _socket_error(self, error: QAbstractSocket.SocketError) -> None:
        if self._socket is None:
            return
        detail = "连接被拒绝" if error == QAbstractSocket.SocketError.ConnectionRefusedError \
            else "无法连接"
        log.info("document-camera driver: socket error %s", error)
        self._fail_all(self._message(f"{detail}，请确认高拍仪驱动程序已启动"))

    def _fail_all(self, message: str) -> None:
        """Close the connection; every pending capture fails with ``message`` (once)."""
        self._connect_timer.stop()
        had_work = bool(self._waiting or self._requests or self._signal_capture)
        for _reply, timer in self._requests.values():
            timer.stop()
            timer.deleteLater()
        self._requests.clear()
        self._waiting.clear()
        if self._signal_capture is not None:
            self._signal_capture[1].stop()
            self._signal_capture[1].deleteLater()
            self._signal_capture = None
        was_ready = self._ready
        self._ready = False
        self._objects = {}
        self._signal_connected = False
        socket, self._socket = self._socket, None
        if socket is not None:
            for sig in (socket.connected, socket.disconnected, socket.textMessageReceived,
                        socket.errorOccurred):
                sig.disconnect()
            socket.abort()
            socket.deleteLater()
        if was_ready:
            self.connectedChanged.emit(False)
        if had_work:
            self.failed.emit(message)

    def _message(self, what: str) -> str:
        what = what.replace("{s}", f"{self.config.timeout_ms / 1000:g}")
        return f"高拍仪驱动服务（{self.config.url}）{what}。"

    # -- messages --------------------------------------------------------------------------

    def _send(self, message: dict, on_reply: Callable[[Any], None]) -> None:
        request = next(self._ids)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._fail_all(self._message("在 {s} 秒内没有响应")))
        timer.start(self.config.timeout_ms)
        self._requests[request] = (on_reply, timer)
        self._send_raw({**message, "id": request})

    def _send_raw(self, message: dict) -> None:
        if self._socket is not None:
            self._socket.sendTextMessage(json.dumps(message, ensure_ascii=False))

    def _received(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            log.warning("document-camera driver sent a message that is not JSON")
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == MessageType.RESPONSE:
            entry = self._requests.pop(message.get("id"), None)
            if entry is not None:
                entry[1].stop()
                entry[1].deleteLater()
                entry[0](message.get("data"))
        elif kind == MessageType.SIGNAL:
            self._signal(message)
        # property updates, debug messages …: nothing to do

    # -- capturing -------------------------------------------------------------------------

    def _member(self, kind: str, name: str) -> int | None:
        """The index of method or signal ``name`` of the camera object (by plain name or
        by signature ``name(…)``)."""
        info = self._objects.get(self.config.object_name, {})
        for entry in info.get(kind, []):
            if isinstance(entry, list) and len(entry) >= 2:
                member, index = entry[0], entry[1]
                if isinstance(member, str) and (member == name or member.startswith(name + "(")):
                    return int(index)
        return None

    def _interface_problem(self) -> str | None:
        """Why the connected driver does not offer the configured object, capture method or
        image signal, or None."""
        cfg = self.config
        if cfg.object_name not in self._objects:
            return self._message(f"没有提供对象“{cfg.object_name}”，请检查高拍仪设置")
        if self._member("methods", cfg.capture_method) is None:
            return self._message(f"不支持拍照方法“{cfg.capture_method}”，请检查高拍仪设置")
        if cfg.image_signal is not None and self._member("signals", cfg.image_signal) is None:
            return self._message(f"没有图像信号“{cfg.image_signal}”，请检查高拍仪设置")
        return None

    def _invoke_capture(self, camera: int) -> None:
        cfg = self.config
        problem = self._interface_problem()
        if problem:
            self.failed.emit(problem)
            return
        method = self._member("methods", cfg.capture_method)
        invoke = {"type": MessageType.INVOKE_METHOD, "object": cfg.object_name,
                  "method": method, "args": [cfg.device_index(camera)]}
        if cfg.image_signal is None:
            self._send(invoke, lambda data: self._picture(camera, data))
            return
        signal = self._member("signals", cfg.image_signal)
        if self._signal_capture is not None:
            self.failed.emit("上一次拍摄尚未完成，请稍候。")
            return
        if not self._signal_connected:
            self._send_raw({"type": MessageType.CONNECT_TO_SIGNAL, "object": cfg.object_name,
                            "signal": signal})
            self._signal_connected = True
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._fail_all(self._message("在 {s} 秒内没有送回图像")))
        timer.start(cfg.timeout_ms)
        self._signal_capture = (camera, timer)
        self._send(invoke, lambda _data: None)  # the picture follows as a signal

    def _signal(self, message: dict) -> None:
        cfg = self.config
        if cfg.image_signal is None or self._signal_capture is None:
            return
        if message.get("object") != cfg.object_name \
                or message.get("signal") != self._member("signals", cfg.image_signal):
            return
        camera, timer = self._signal_capture
        timer.stop()
        timer.deleteLater()
        self._signal_capture = None
        args = message.get("args") or [None]
        self._picture(camera, args[0])

    def _picture(self, camera: int, data: Any) -> None:
        try:
            jpeg = decode_picture(data)
        except DriverError as exc:
            self.failed.emit(f"{self.config.camera_name(camera)}：{exc}")
            return
        self.captured.emit(SourceFile(f"{self.config.camera_name(camera)}拍摄.jpg", jpeg))


def decode_picture(data: Any) -> bytes:
    """The image bytes in a driver's answer: base64 text (with or without a ``data:`` URL
    prefix) or an object holding it under ``image``/``data``/``base64``/``img``.

    Raises:
        DriverError: no picture, or not an image.
    """
    if isinstance(data, dict):
        for key in ("image", "data", "base64", "img", "photo"):
            if isinstance(data.get(key), str):
                data = data[key]
                break
    if not isinstance(data, str) or not data.strip():
        raise DriverError("高拍仪没有返回图像，请检查摄像头是否已打开。")
    text = data.strip()
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    try:
        raw = base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise DriverError("高拍仪返回的图像数据无效。") from None
    if sniff(raw) not in ("jpeg", "png", "bmp", "tiff"):
        raise DriverError("高拍仪返回的图像数据无效。")
    return raw
