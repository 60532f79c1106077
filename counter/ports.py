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
           "PlatformConnector", "SealKeys", "SecretStore"]

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
