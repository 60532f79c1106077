"""The ports (端口): what the services and the screens need from the world outside ``counter/``.

Each is a protocol here; the implementations live outside ``counter/`` where they use Qt, HTTP
or the OS keyring, and only the composition root (``bootstrap.py``) chooses and constructs
them. Tests pass fakes that subclass the ports.

========================  ==========================================  ===========================
port                      used by                                     implementations
========================  ==========================================  ===========================
:class:`Clock`            every service                               ``counter.clock.SystemClock``
:class:`IdCardReader`     读身份证 (F2) on the intake screen           ``counter.idcard_folder.FolderIdCardReader``,
                                                                      ``counter.idcard.SimulatedIdCardReader``
                                                                      (training stores only)
:class:`PdfRasteriser`    ``CaptureService`` (PDF pages → pages)       ``ui.capture.pdf.QtPdfRasteriser``
:class:`SealKeys`         ``AuditService`` (seals)                     ``sync.seal_keys.KeyringSealKeys``
:class:`SecretStore`      the platform client, 同步设置                 ``sync.secrets.KeyringSecrets``
:class:`PlatformConnector`  the sync worker, the credit lookup        ``bootstrap.PlatformConnection``
                                                                      (``sync.client.PlatformClient``)
:class:`CreditChecker`    ``ToleranceService`` (失信核查)               ``sync.credit.PlatformCreditChecker``,
                                                                      ``counter.credit.OfflineCreditChecker``
:class:`DocumentRenderer` ``CaseService`` (archived documents)        ``printing.archive.PdfRenderer``
:class:`Devices`          the page strip, the intake screen, the      ``bootstrap.QtDevices``
                          tolerance screens (the devices at the       (``gui=True``)
                          counter: the cameras, the hot folder, the
                          printers)
:class:`DocumentCamera`   高拍仪 (page strip), 测试连接 (admin)         ``ui.capture.webchannel.WebChannelCamera``
:class:`HotFolderSource`  the intake screen (热文件夹)                  ``ui.capture.hotfolder.HotFolderWatcher``
:class:`Printers`         the tolerance documents (容缺文书)            ``ui.tolerance.documents.TolerancePrinter``
                                                                      on ``printing.printer``
========================  ==========================================  ===========================

The ports defined in their own modules (the reader, the rasteriser, the seal keys, the credit
checker, the renderer) are re-exported here on first use, so that importing this module stays
cheap (no SQLAlchemy, no Pillow).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Protocol, runtime_checkable

if TYPE_CHECKING:
    from counter.capture.importers import PdfRasteriser
    from counter.clock import Clock
    from counter.credit import CreditChecker
    from counter.documents import DocumentRenderer
    from counter.idcard import IdCardReader
    from counter.seal import SealKeys

__all__ = ["Clock", "CreditChecker", "DocumentRenderer", "IdCardReader", "PdfRasteriser",
           "PlatformConnector", "SealKeys", "SecretStore", "Devices", "DocumentCamera",
           "HotFolderSource", "Printers"]

_ELSEWHERE = {
    "Clock": "counter.clock",
    "CreditChecker": "counter.credit",
    "DocumentRenderer": "counter.documents",
    "IdCardReader": "counter.idcard",
    "PdfRasteriser": "counter.capture.importers",
    "SealKeys": "counter.seal",
}


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


@runtime_checkable
class SecretStore(Protocol):
    """This counter's platform client secret (平台客户端密钥): the OS keyring, or the
    environment variable ``ENV_VAR`` on a headless server. Never logged, never in a message.

    Attributes:
        ENV_VAR: the environment variable that overrides the keyring.
        SecretUnavailable: the exception :meth:`get_client_secret` raises (``message``: why, in
            Chinese).
    """

    ENV_VAR: str
    SecretUnavailable: type[Exception]

    def get_client_secret(self, client_id: str) -> str:
        """The secret of ``client_id``.

        Raises:
            SecretUnavailable: none in the environment nor in the keyring, or no keyring.
        """

    def set_client_secret(self, client_id: str, secret: str) -> None:
        """Keep ``secret`` for ``client_id`` in the keyring."""

    def has_client_secret(self, client_id: str) -> bool:
        """Whether a secret is available, without revealing it."""

    def keyring_problem(self) -> str | None:
        """Why the keyring cannot be used on this machine (Chinese), or None."""


class PlatformConnector(Protocol):
    """Opens clients of the provincial platform (省级平台) for this counter.

    The secret is read from the :class:`SecretStore` at each token request, never kept.
    """

    def client(self, url: str, client_id: str, *, timeout: float = 30.0,
               ca_file: str | None = None, max_connections: int = 8):
        """A new client (``sync.client.PlatformClient``) of the platform at ``url``; the caller
        closes it.

        Raises:
            counter.errors.CounterError: an address that is not allowed (``http://`` to another
                host) or an unreadable CA file (``sync.client.PlatformError`` for the latter).
        """


#: Builds a sync worker on the context (``ctx.sync_worker(client, options=…, callbacks=…)``).
SyncWorkerFactory = Callable[..., Any]


# -- the devices at the counter (高拍仪, 摄像头, 热文件夹, 打印机) ---------------------------------

class DocumentCamera(Protocol):
    """A document camera's driver (高拍仪驱动服务) as a source of pages.

    The results come as Qt signals of the implementation (this module has no Qt):
    ``captured(SourceFile)``, ``failed(str)`` (why, in Chinese: no service, timeout, not an
    image …) and ``probed()``; the widgets also call its ``blockSignals(bool)`` and
    ``deleteLater()`` (a ``QObject``'s) when they let a connection go.

    Attributes:
        config: the driver settings it was opened with (``ui.capture.webchannel.DriverConfig``).
    """

    config: Any

    def capture(self, camera: int = 0) -> None:
        """Take a picture with ``camera`` (0 main, 1 secondary): ``captured`` or ``failed``."""

    def probe(self) -> None:
        """Connect without taking a picture (测试连接): ``probed`` or ``failed``."""

    def close(self) -> None:
        """Close the connection (pending captures fail)."""


class HotFolderSource(Protocol):
    """Brings the files a scanner saves into a folder (热文件夹) to the selected material.

    The implementation signals ``error(str)`` (the folder cannot be read, once until it can
    again), ``imported(str)`` and ``refused(str)`` (a file's name).
    """

    def start(self) -> None:
        """Start watching."""

    def stop(self) -> None:
        """Stop watching (imports under way still report)."""

    def is_active(self) -> bool:
        """Whether it is watching."""


class Printers(Protocol):
    """This counter's printers, chosen per paper from its settings (打印机)."""

    def printer_name(self, paper: str = "a4") -> str | None:
        """The printer this counter chose for ``paper`` (``a4`` …), None: the system default."""

    def tolerance_printer(self) -> Any:
        """The tolerance documents' printer (``ui.tolerance.documents.TolerancePrinter``):
        builds, archives and prints 告知承诺书, 容缺受理通知书, 补正回执, 终止办理通知书."""


class Devices(Protocol):
    """The devices at the counter (``ctx.devices``), built by the composition root with the GUI.

    A configured device that cannot start raises :class:`counter.errors.DeviceNotReady`
    (设备未就绪：<原因>) when the clerk uses it, never a silent substitute.

    Attributes:
        printers: this counter's printers (:class:`Printers`).
    """

    printers: Printers

    def document_camera(self, config: Any, parent: Any = None) -> DocumentCamera:
        """A connection to the document camera's driver ``config`` (opened at the first use)."""

    def camera_status(self) -> tuple[bool, str]:
        """``(True, "")`` when a camera at the window can be used, else ``(False, why)``."""

    def camera_widget(self, parent: Any) -> Any:
        """The live preview of the camera at the window (``captured(QImage)``,
        ``message(str)``, ``capture()``); QtMultimedia loads here, not before."""

    def hot_folder(self, folder: str, target: Callable[[], Any],
                   parent: Any = None) -> HotFolderSource:
        """A watcher of the hot folder ``folder`` bringing files to ``target()`` (the
        selected material's page strip, or None); not started.

        Raises:
            counter.errors.DeviceNotReady: the folder is missing or not writable
                (设备未就绪：热文件夹不存在…).
        """
