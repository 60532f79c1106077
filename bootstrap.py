"""The composition root (组装根): the ONE module that constructs services and adapters.

The GUI (:func:`ui.app.run_gui`), every CLI command (:func:`cli.open_context`), the sync
worker, the scripts and the benchmarks start here::

    config = load_config(data_dir)          # MachineConfig, validated (ConfigError lists all)
    ctx = build(config)                     # AppContext: store, services, adapters
    ctx = build(config, gui=True)           # … with the Qt adapters (the desktop)

What is built, in order: the data directory (``0700``), the engine (SQLite in the data
directory, or ``COUNTER_DB_URL``), the migrations, the unit of work, the blob store; the
services (permissions, calendar, catalog, site, capture, intake, documents, cases, sync,
users, settings, audit, tolerance) as typed attributes of :class:`counter.app.AppContext`;
and the adapters behind the ports of :mod:`counter.ports`:

* the document renderer (``printing``'s PDF renderer behind a
  :class:`counter.documents.DeferredRenderer`: reportlab loads at the first document);
* the PDF rasteriser (``ui.capture.pdf.QtPdfRasteriser``: QtPdf is imported at the first PDF
  file) and the keyring seal keys with ``gui=True`` only; ``keyring_seals=True`` gives a tool
  (``audit``) the seal keys without Qt;
* the platform client secret (:class:`sync.secrets.KeyringSecrets`), the platform connector
  (:class:`PlatformConnection`: every ``sync.client.PlatformClient`` is made there), the
  credit checker (``sync.credit.PlatformCreditChecker``, imported at the first lookup) and the
  sync worker factory (``ctx.sync_worker``);
* the ID-card reader, chosen from the counter's settings each time it is asked
  (``ctx.id_card_reader()``, :func:`choose_id_card_reader`): the folder reader when its
  folder is set, :class:`counter.errors.DeviceNotReady` (设备未就绪) at the first read when
  that folder cannot be used; the simulated training cards only in a training store (the
  store's own mark, setting ``training``, set by ``seed-demo --training``); otherwise none;
* with ``gui=True``, the devices at the counter (``ctx.devices``, :class:`QtDevices`, the
  :class:`counter.ports.Devices` port): the document camera's driver
  (``ui.capture.webchannel.WebChannelCamera``), the camera at the window
  (``ui.capture.camera``: QtMultimedia is imported when the camera is first asked about, not
  at start-up), the hot folder (``ui.capture.hotfolder.HotFolderWatcher``: a configured folder
  that is missing or not writable raises :class:`counter.errors.DeviceNotReady`
  设备未就绪：热文件夹不存在或不可写：…, shown on the intake screen; it is not created behind
  the clerk's back) and the printers (the counter's printer per paper from its settings, the
  tolerance documents' ``ui.tolerance.documents.TolerancePrinter``). Without the GUI
  ``ctx.devices`` is None.

Importing this module is cheap: SQLAlchemy, Alembic, reportlab, pypinyin, httpx and Qt are
imported inside :func:`build` (or later), never here. Tests pass fakes for any adapter
(``build(config, credit=…, pdf=…, secrets=…, platform=…, id_card_reader=…)``) and a fast
password hasher (``hasher=``).

The platform simulator (``sync/simulator``, ``platform-sim``) is a program of its own (the
platform's side) and builds its own things; the architecture test leaves it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from counter.app import DB_FILE, SAMPLE_CATALOG, AppContext, default_data_dir
from counter.errors import ConfigError
from counter.ports import Devices, Printers

if TYPE_CHECKING:
    from counter.clock import Clock
    from counter.credit import CreditChecker
    from counter.documents import DocumentRenderer
    from counter.idcard import IdCardReader
    from counter.ports import PdfRasteriser, PlatformConnector, SealKeys, SecretStore
    from counter.security import LockoutPolicy, PasswordHasher

__all__ = ["MachineConfig", "load_config", "build", "PlatformConnection",
           "choose_id_card_reader", "QtDevices", "DB_URL_ENV", "PDF"]

#: The environment variable naming another database (hall mode, PostgreSQL).
DB_URL_ENV = "COUNTER_DB_URL"

#: ``build(renderer=PDF)`` (the default): the decisions archive their documents with
#: ``printing``'s PDF renderer; ``renderer=None``: nothing is archived (store tests, benches).
PDF = "pdf"

_DB_SCHEMES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class MachineConfig:
    """What this machine is configured with (本机配置), validated by :func:`load_config`.

    Per-counter settings that live in the store (the ID-card reader folder, the hot folder,
    the document camera, the platform address and CA file, the site profile and client id)
    stay there: the administrator changes them in the window. The root reads them when it
    constructs the adapter that needs them. Whether the store is a training store is the
    store's own mark (:meth:`counter.identity.SiteService.is_training`), not a second flag
    here that could disagree with it.

    Attributes:
        data_dir: the data directory (database file, ``blobs/``), created ``0700``.
        db_url: another database (hall mode: ``postgresql+psycopg://counter@hall-db/counter``);
            None: the SQLite file ``counter.sqlite3`` in ``data_dir``.
        load_sample: on first run, import the sample catalog when no catalog is active.
    """

    data_dir: Path
    db_url: str | None = None
    load_sample: bool = True

    @property
    def store_url(self) -> str:
        """The SQLAlchemy URL of the store."""
        if self.db_url:
            return self.db_url
        return f"sqlite:///{(Path(self.data_dir) / DB_FILE).resolve().as_posix()}"


def load_config(data_dir: Path | str | None = None, *, environ: Mapping[str, str] = os.environ,
                db_url: str | None = None, load_sample: bool = True) -> MachineConfig:
    """The machine configuration, checked: every problem is reported at once.

    Args:
        data_dir: the data directory; default :func:`counter.app.default_data_dir`.
        environ: where ``COUNTER_DB_URL`` is read (default the process environment).
        db_url: overrides ``COUNTER_DB_URL`` (tests, tools).
        load_sample: see :attr:`MachineConfig.load_sample`.

    Raises:
        counter.errors.ConfigError: one Chinese line per problem in ``problems`` (the data
            directory cannot be used, the database address is not one the program knows …).
            No message holds a password from the database address.
    """
    problems: list[str] = []
    directory = Path(data_dir) if data_dir not in (None, "") else default_data_dir()
    problems.extend(_data_dir_problems(directory))
    url = db_url if db_url is not None else environ.get(DB_URL_ENV)
    url = (url or "").strip() or None
    source = "数据库地址" if db_url is not None else f"环境变量 {DB_URL_ENV}"
    if url is not None:
        problems.extend(_db_url_problems(url, source))
    if problems:
        raise ConfigError(problems)
    return MachineConfig(data_dir=directory, db_url=url, load_sample=load_sample)


def _data_dir_problems(directory: Path) -> list[str]:
    if directory.exists():
        if not directory.is_dir():
            return [f"数据目录不是文件夹：{directory}"]
        if not os.access(directory, os.R_OK | os.W_OK | os.X_OK):
            return [f"数据目录不可读写：{directory}"]
        return []
    parent = directory.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return [f"无法创建数据目录：{directory}（{parent} 不是文件夹）"]
    if not os.access(parent, os.W_OK | os.X_OK):
        return [f"无法创建数据目录：{directory}（{parent} 不可写）"]
    return []


def _db_url_problems(url: str, source: str) -> list[str]:
    scheme, sep, rest = url.partition("://")
    dialect = scheme.split("+", 1)[0].lower()
    if not sep or dialect not in _DB_SCHEMES:
        # never repeat the address: it may hold a password
        return [f"{source}无效：应以 sqlite:/// 或 postgresql:// 开头"]
    if dialect == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if not path or path == ":memory:":
            return [f"{source}无效：SQLite 数据库须为文件（sqlite:///路径）"]
        folder = Path(path).parent
        if not folder.is_dir():
            return [f"{source}中的文件夹不存在：{folder}"]
    return []


# -- the build -----------------------------------------------------------------------------------

def build(config: MachineConfig, *, clock: "Clock | None" = None,
          renderer: "DocumentRenderer | str | None" = PDF,
          hasher: "PasswordHasher | None" = None, lockout: "LockoutPolicy | None" = None,
          gui: bool = False, keyring_seals: bool = False,
          pdf: "PdfRasteriser | None" = None, seal_keys: "SealKeys | None" = None,
          credit: "CreditChecker | None" = None, secrets: "SecretStore | None" = None,
          platform: "PlatformConnector | None" = None,
          id_card_reader: "Callable[[], IdCardReader | None] | None" = None,
          devices: "Devices | type[Devices] | None" = None) -> AppContext:
    """Open (create or migrate) the store of ``config`` and build every service and adapter.

    Args:
        config: the machine configuration (:func:`load_config`).
        clock: the source of "now" (default the system clock).
        renderer: renders each decision's document, archived in the decision's transaction;
            :data:`PDF` (default): ``printing``'s renderer, loaded at the first document;
            None (store tests, benchmarks of the store): nothing is archived and
            ``notice_blob`` is ``null``; or a renderer object.
        hasher, lockout: the password hasher and lockout policy of the user service (tests:
            :func:`counter.security.fast_hasher`).
        gui: the desktop: the Qt PDF rasteriser (QtPdf) for the capture service, the
            keyring seal keys for the audit service and the devices at the counter
            (:class:`QtDevices`).
        keyring_seals: the keyring seal keys without the GUI (the ``audit`` command).
        pdf, seal_keys, credit, secrets, platform, id_card_reader: fakes or other adapters
            (tests); each None: the one described in the module docstring.
        devices: the devices at the counter (:class:`counter.ports.Devices`), or a class of
            them built on the context (``devices=QtDevices``: the desktop's devices without
            the rest of ``gui``; tests pass fakes); None: :class:`QtDevices` with ``gui``,
            else none.
    """
    from counter.auth import SessionGuard
    from counter.clock import SystemClock
    from counter.documents import DocumentService
    from counter.files import prepare_data_dir
    from counter.identity import SiteService
    from counter.permissions import Permissions
    from counter.services.audit import AuditService
    from counter.services.calendar import CalendarService
    from counter.services.capture import CaptureService
    from counter.services.cases import CaseService
    from counter.services.catalog import CatalogService
    from counter.services.intake import IntakeService
    from counter.services.settings import SettingsService
    from counter.services.sync import SyncService
    from counter.services.tolerance import ToleranceService
    from counter.services.users import UserService
    from counter.store.blobs import BlobStore
    from counter.store.db import make_engine, migrate
    from counter.store.uow import UowFactory

    data_dir = prepare_data_dir(Path(config.data_dir))
    engine = make_engine(config.store_url)
    migrate(engine)
    uow = UowFactory(engine)
    clock = clock or SystemClock()
    blobs = BlobStore(data_dir / "blobs")
    ctx = AppContext(data_dir=data_dir, uow=uow, clock=clock, blobs=blobs, config=config)

    # Every service consults the same checks; the guard enforces only once the GUI says so
    # (command-line tools act without a login: the role matrix still applies to their actor).
    perm = ctx.permissions = Permissions(SessionGuard(), clock)
    ctx.calendar = CalendarService(
        uow, clock, catalog_overrides=lambda: ctx.catalog.active().calendar_overrides,
        permissions=perm,
        promised_limit=lambda kind, key, version: _spec(
            ctx.catalog.version(version), kind, key).promised_limit,
        legal_limit=lambda kind, key, version: _spec(
            ctx.catalog.version(version), kind, key).legal_limit)
    ctx.catalog = CatalogService(uow, clock, calendar=ctx.calendar, permissions=perm)
    if config.load_sample and ctx.catalog.active_version() is None:
        import logging

        logging.getLogger(__name__).info("no active catalog: importing the sample catalog")
        ctx.catalog.import_file(SAMPLE_CATALOG, source="sample")

    ctx.renderer = _renderer(renderer, data_dir)
    ctx.pdf = pdf if pdf is not None else (_qt_pdf_rasteriser() if gui else None)
    ctx.seal_keys = seal_keys if seal_keys is not None else (
        _keyring_seal_keys() if gui or keyring_seals else None)

    # issues 3 to 6: site profile, capture, drafts, the document archive, cases, sync
    ctx.site = SiteService(uow, lambda: ctx.catalog.active().region_code)
    ctx.capture = CaptureService(blobs, clock, pdf=ctx.pdf, uow=uow, permissions=perm)
    ctx.intake = IntakeService(uow, clock, ctx.catalog, site=ctx.site, permissions=perm)
    ctx.documents = DocumentService(uow, blobs, clock, permissions=perm)
    ctx.cases = CaseService(uow, clock, ctx.catalog, ctx.calendar, ctx.site,
                            documents=ctx.documents, renderer=ctx.renderer, permissions=perm)
    ctx.sync = SyncService(uow, clock, permissions=perm)
    # access control (docs/security.md)
    ctx.users = UserService(uow, clock, ctx.site, permissions=perm, hasher=hasher,
                            lockout=lockout)
    ctx.settings = SettingsService(uow, clock, ctx.site, perm)
    ctx.audit = AuditService(uow, clock, perm, site=ctx.site, keys=ctx.seal_keys)

    # the platform: secret, clients, credit lookup, the sync worker
    if secrets is None:
        from sync.secrets import KeyringSecrets

        secrets = KeyringSecrets()
    ctx.secrets = secrets
    ctx.platform = platform if platform is not None else PlatformConnection(secrets)
    ctx.credit = credit if credit is not None else _LazyPlatformCredit(ctx)
    ctx.tolerance = ToleranceService(uow, clock, ctx.catalog, ctx.calendar, ctx.site, blobs,
                                     permissions=perm, credit=ctx.credit)
    ctx.sync_worker = partial(_sync_worker, ctx)
    ctx.id_card_reader = id_card_reader or partial(_configured_id_card_reader, ctx)
    if devices is None and gui:
        devices = QtDevices
    ctx.devices = devices(ctx) if isinstance(devices, type) else devices
    return ctx


def _spec(catalog, kind: str, key: str):
    """The merged spec of an item or package in ``catalog`` (its promised and legal limits)."""
    from counter.intake.merge import IntakeSpec

    return IntakeSpec.for_target(catalog, kind, key)


def _renderer(renderer, data_dir: Path):
    if renderer != PDF:
        return renderer
    from counter.documents import DeferredRenderer

    def pdf_renderer():  # reportlab loads on first use
        from printing.archive import PdfRenderer

        return PdfRenderer.for_data_dir(data_dir)

    return DeferredRenderer(pdf_renderer)


def _qt_pdf_rasteriser():
    return _LazyQtPdfRasteriser()


class _LazyQtPdfRasteriser:
    """``ui.capture.pdf.QtPdfRasteriser`` (PDF pages become pages), imported with QtPdf at the
    first PDF file, not at start-up (the :class:`counter.ports.PdfRasteriser` port)."""

    def __init__(self) -> None:
        self._real = None

    def rasterise(self, data: bytes, *, dpi: float, max_side: int, max_pages: int):
        if self._real is None:
            from ui.capture.pdf import QtPdfRasteriser

            self._real = QtPdfRasteriser()
        return self._real.rasterise(data, dpi=dpi, max_side=max_side, max_pages=max_pages)


def _keyring_seal_keys():
    from sync.seal_keys import KeyringSealKeys

    return KeyringSealKeys()  # audit seals: the key in the OS keyring


# -- the platform ---------------------------------------------------------------------------------

class PlatformConnection:
    """The :class:`counter.ports.PlatformConnector` of the application: every
    :class:`sync.client.PlatformClient` is made here, its secret read from ``secrets`` at each
    token request (``ctx.platform.client(url, client_id, …)``)."""

    def __init__(self, secrets: "SecretStore") -> None:
        self.secrets = secrets

    def client(self, url: str, client_id: str, *, timeout: float = 30.0,
               ca_file: str | None = None, max_connections: int = 8):
        from sync.client import PlatformClient

        secrets = self.secrets
        return PlatformClient(url, client_id, lambda: secrets.get_client_secret(client_id),
                              timeout=timeout, ca_file=ca_file, max_connections=max_connections)


class _LazyPlatformCredit:
    """The platform credit lookup (:class:`sync.credit.PlatformCreditChecker`), imported at
    the first lookup (httpx stays out of the start-up)."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._checker = None

    def check(self, id_type: str, subject_id: str):
        if self._checker is None:
            from sync.credit import PlatformCreditChecker

            self._checker = PlatformCreditChecker.from_context(self._ctx)
        return self._checker.check(id_type, subject_id)


def _sync_worker(ctx: AppContext, client, *, options=None, callbacks=None,
                 clock: "Clock | None" = None, sleep: Callable[[float], None] | None = None):
    """A :class:`sync.worker.SyncWorker` on ``ctx`` (``ctx.sync_worker(client, …)``); given
    another ``clock`` (tests, benchmarks), on a :class:`SyncService` of that clock."""
    from counter.services.sync import SyncService
    from sync.worker import SyncWorker

    clock = clock or ctx.clock
    sync = ctx.sync if clock is ctx.clock else SyncService(ctx.uow, clock)
    return SyncWorker(sync=sync, cases=ctx.cases, catalog=ctx.catalog, calendar=ctx.calendar,
                      blobs=ctx.blobs, client=client, clock=clock, options=options,
                      callbacks=callbacks, sleep=sleep)


# -- the ID-card reader ------------------------------------------------------------------------

def _configured_id_card_reader(ctx: AppContext) -> "IdCardReader | None":
    """This counter's reader from its settings now (raises CounterError when they cannot be
    read)."""
    from counter.services.settings import ID_CARD_FOLDER_KEY

    return choose_id_card_reader(ctx.site.setting(ID_CARD_FOLDER_KEY),
                                 training=ctx.site.is_training())


def choose_id_card_reader(folder: str | None, *, training: bool) -> "IdCardReader | None":
    """The ID-card reader of this counter (身份证阅读器的选择).

    Args:
        folder: the reader program's output folder (setting ``idcard.folder``), or empty.
        training: whether the store is a training store (练习库, setting ``training``).

    Returns:
        A :class:`counter.idcard_folder.FolderIdCardReader` on ``folder`` when one is set and
        usable; when it is set but missing or not writable, a reader whose every read raises
        :class:`counter.errors.DeviceNotReady` (设备未就绪：身份证阅读器文件夹不存在或不可写：…);
        else, in a training store only, the simulated training cards
        (:class:`counter.idcard.SimulatedIdCardReader`); else None (no reader: the clerk is
        told 未配置身份证阅读器). A production counter never fills a form with a fictitious
        person.
    """
    from counter.idcard import UnavailableIdCardReader
    from counter.idcard_folder import FolderIdCardReader
    from counter.services.settings import id_card_folder_problem

    folder = (folder or "").strip()
    if folder:
        problem = id_card_folder_problem(folder)
        if problem:
            return UnavailableIdCardReader(problem)
        return FolderIdCardReader(folder)
    if training:
        from counter.idcard import SimulatedIdCardReader

        return SimulatedIdCardReader()
    return None


# -- the devices at the counter ---------------------------------------------------------------

class QtDevices(Devices):
    """The devices at the counter with the GUI (the :class:`counter.ports.Devices` port).

    Every Qt module is imported at the first use of its device (QtWebSockets at the first
    高拍仪, QtMultimedia at the first look at the camera), so start-up stays fast.

    Args:
        ctx: the application context (its site service gives the per-counter settings); None
            (tests of a page strip alone): no printers.
    """

    def __init__(self, ctx: AppContext | None = None) -> None:
        self._ctx = ctx
        self.printers = _QtPrinters(ctx)

    def document_camera(self, config, parent=None):
        from ui.capture.webchannel import WebChannelCamera

        return WebChannelCamera(config, parent)

    def camera_status(self) -> tuple[bool, str]:
        from ui.capture.camera import camera_status

        return camera_status()

    def camera_widget(self, parent):
        from ui.capture.camera import CameraCaptureWidget

        return CameraCaptureWidget(parent)

    def hot_folder(self, folder: str, target, parent=None):
        from counter.errors import DeviceNotReady
        from counter.services.settings import hot_folder_problem

        folder = (folder or "").strip()
        problem = hot_folder_problem(folder) if folder else "未设置热文件夹"
        if problem:
            raise DeviceNotReady(problem)
        from counter.capture.hotfolder import HotFolder
        from ui.capture.hotfolder import HotFolderWatcher

        return HotFolderWatcher(HotFolder(folder), target, parent)


class _QtPrinters(Printers):
    """This counter's printers (the :class:`counter.ports.Printers` port): the printer per
    paper remembered in the counter's settings (``printing.printer.remembered_printer``)."""

    def __init__(self, ctx: AppContext | None) -> None:
        self._ctx = ctx

    def printer_name(self, paper: str = "a4") -> str | None:
        from printing.printer import remembered_printer

        return remembered_printer(self._ctx.site, paper)

    def tolerance_printer(self):
        from ui.tolerance.documents import TolerancePrinter

        return TolerancePrinter(self._ctx)


def open_context(data_dir: Path | str | None = None, *, environ: Mapping[str, str] = os.environ,
                 db_url: str | None = None, load_sample: bool = True, **kwargs: Any) -> AppContext:
    """:func:`load_config` then :func:`build` (the scripts' and benchmarks' one line)."""
    config = load_config(data_dir, environ=environ, db_url=db_url, load_sample=load_sample)
    return build(config, **kwargs)
