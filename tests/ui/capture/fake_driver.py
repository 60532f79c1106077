"""A fake document-camera driver (高拍仪驱动服务) for the WebChannel adapter's tests.

The driver side is Qt's own QWebChannel on a ``QWebSocketServer`` bound to 127.0.0.1 on a free
port — the same server stack real drivers are built on — publishing a camera object:

* ``captureImage(int) -> str``: base64 JPEG; camera 0 and 1 give different pictures; camera 9
  answers an empty string (the camera is closed), camera 8 answers text that is not an image.
* ``takePicture(int)``: answers nothing; the picture follows by the signal ``imageCaptured``.

:class:`SilentServer` accepts connections and never answers (for timeouts).
"""

from __future__ import annotations

import base64
import json

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QHostAddress
from PySide6.QtWebChannel import QWebChannel, QWebChannelAbstractTransport
from PySide6.QtWebSockets import QWebSocket, QWebSocketServer

from tests.capture import images


def picture(camera: int) -> bytes:
    return images.encode(images.text_page((320, 440), seed=100 + camera, lines=4 + camera))


class FakeCamera(QObject):
    """The published camera object."""

    imageCaptured = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    @Slot(int, result=str)
    def captureImage(self, camera: int) -> str:  # noqa: N802 - the driver's name
        self.calls.append(camera)
        if camera == 9:
            return ""
        if camera == 8:
            return base64.b64encode(b"this is not a picture").decode()
        data = base64.b64encode(picture(camera)).decode()
        return "data:image/jpeg;base64," + data if camera == 1 else data

    @Slot(int)
    def takePicture(self, camera: int) -> None:  # noqa: N802 - the driver's name
        self.calls.append(camera)
        data = base64.b64encode(picture(camera)).decode()
        QTimer.singleShot(20, self, lambda: self.imageCaptured.emit(data))


class _Transport(QWebChannelAbstractTransport):
    """QWebChannel messages over one WebSocket connection (as the drivers do it)."""

    def __init__(self, socket: QWebSocket) -> None:
        super().__init__(socket)
        self._socket = socket
        socket.textMessageReceived.connect(self._text)

    def sendMessage(self, message) -> None:  # noqa: N802 - Qt API
        self._socket.sendTextMessage(json.dumps(message, ensure_ascii=False))

    def _text(self, text: str) -> None:
        self.messageReceived.emit(json.loads(text), self)


class FakeDriver(QObject):
    """A QWebChannel server on ``ws://127.0.0.1:<port>`` publishing ``object_name``."""

    def __init__(self, object_name: str = "camera") -> None:
        super().__init__()
        self.camera = FakeCamera()
        self.channel = QWebChannel(self)
        self.channel.registerObject(object_name, self.camera)
        self.server = QWebSocketServer("fake-driver", QWebSocketServer.SslMode.NonSecureMode, self)
        if not self.server.listen(QHostAddress.SpecialAddress.LocalHost, 0):
            raise RuntimeError("cannot listen on 127.0.0.1")
        self.server.newConnection.connect(self._connection)
        self.transports: list[_Transport] = []
        self.sockets: list[QWebSocket] = []

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.serverPort()}"

    def _connection(self) -> None:
        socket = self.server.nextPendingConnection()
        transport = _Transport(socket)
        self.transports.append(transport)
        self.channel.connectTo(transport)

        def gone() -> None:
            self.channel.disconnectFrom(transport)
            socket.deleteLater()

        socket.disconnected.connect(gone)
        self.sockets.append(socket)

    def close(self) -> None:
        """Stop listening and drop every connection (before the objects go)."""
        for socket, transport in zip(self.sockets, self.transports, strict=True):
            try:
                socket.disconnected.disconnect()
                self.channel.disconnectFrom(transport)
                socket.abort()
            except RuntimeError:
                pass  # that connection was already gone
        self.server.close()


class SilentServer(QObject):
    """Accepts WebSocket connections and never says anything."""

    def __init__(self) -> None:
        super().__init__()
        self.server = QWebSocketServer("silent", QWebSocketServer.SslMode.NonSecureMode, self)
        self.server.listen(QHostAddress.SpecialAddress.LocalHost, 0)
        self.sockets: list[QWebSocket] = []
        self.server.newConnection.connect(
            lambda: self.sockets.append(self.server.nextPendingConnection()))

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.serverPort()}"
