"""The application context: everything one process works with, as typed attributes.

The composition root (``bootstrap.py`` at the repository top: :func:`bootstrap.build`) builds
one and hands it to the GUI, a CLI command or the sync worker. Nothing here constructs
anything: this module only names what a context holds, and stays cheap to import (no
SQLAlchemy, no Qt).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from counter.resources import resource_path

if TYPE_CHECKING:
    from counter.changes import Changes
    from counter.clock import Clock
    from counter.credit import CreditChecker
    from counter.documents import DocumentRenderer, DocumentService
    from counter.identity import SiteService
    from counter.idcard import IdCardReader
    from counter.permissions import Permissions
    from counter.ports import Devices, PdfRasteriser, PlatformConnector, SealKeys, SecretStore
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
    from counter.store.uow import UowFactory

APP_NAME = "CounterDesk"
DB_FILE = "counter.sqlite3"
SAMPLE_CATALOG = resource_path("catalog", "sample-catalog.json")


def default_data_dir() -> Path:
    """The per-user data directory (e.g. ``~/.local/share/CounterDesk``, ``%LOCALAPPDATA%``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class AppContext:
    """What a process works with: the store, every service and every adapter.

    Built by :func:`bootstrap.build` only; the UI, the CLI and the sync worker use these
    attributes (``ctx.cases``, ``ctx.users`` …) and construct nothing themselves.

    Attributes:
        data_dir: where the database and the blob folder live.
        uow: creates units of work (one per service call).
        clock: the source of "now".
        blobs: the content-addressed blob store (scanned pages, issued documents).
        config: the machine configuration it was built from (:class:`bootstrap.MachineConfig`).

        permissions: the role matrix and the login session's guard
            (:class:`counter.permissions.Permissions`; ``permissions.guard``).
        calendar: working days and limits (:class:`counter.services.calendar.CalendarService`).
        catalog: the item catalog (:class:`counter.services.catalog.CatalogService`).
        site: site profile and settings (:class:`counter.identity.SiteService`).
        capture: scanned pages of the materials
            (:class:`counter.services.capture.CaptureService`).
        intake: drafts (:class:`counter.services.intake.IntakeService`).
        documents: the archive of issued documents (:class:`counter.documents.DocumentService`).
        cases: decisions and cases (:class:`counter.services.cases.CaseService`).
        sync: sync state, status and configuration (:class:`counter.services.sync.SyncService`).
        users: accounts, login and the screen lock (:class:`counter.services.users.UserService`).
        settings: per-counter settings (:class:`counter.services.settings.SettingsService`).
        audit: the audit trail and its seals (:class:`counter.services.audit.AuditService`).
        tolerance: 容缺受理 (:class:`counter.services.tolerance.ToleranceService`).

        renderer: renders the documents the decisions archive (None: nothing is archived).
        pdf: the PDF rasteriser of the capture service (None: PDF files are refused).
        seal_keys: where the audit seal key lives (None: seals are refused, verify checks the
            chain only).
        credit: the credit lookup of the tolerance service (失信核查).
        secrets: the platform client secret (:class:`counter.ports.SecretStore`).
        platform: opens platform clients (:class:`counter.ports.PlatformConnector`).
        sync_worker: builds a sync worker on this context
            (``sync_worker(client, options=…, callbacks=…, clock=…, sleep=…)``).
        id_card_reader: chooses this counter's ID-card reader from its settings now (None: none
            configured; a configured reader that cannot start raises
            :class:`counter.errors.DeviceNotReady` when read).
        devices: the devices at the counter with the GUI (:class:`counter.ports.Devices`:
            the document camera, the camera at the window, the hot folder, the printers);
            None without the GUI.
    """

    data_dir: Path
    uow: "UowFactory"
    clock: "Clock"
    blobs: "BlobStore"
    config: Any = None
    permissions: "Permissions | None" = None
    calendar: "CalendarService | None" = None
    catalog: "CatalogService | None" = None
    site: "SiteService | None" = None
    capture: "CaptureService | None" = None
    intake: "IntakeService | None" = None
    documents: "DocumentService | None" = None
    cases: "CaseService | None" = None
    sync: "SyncService | None" = None
    users: "UserService | None" = None
    settings: "SettingsService | None" = None
    audit: "AuditService | None" = None
    tolerance: "ToleranceService | None" = None
    renderer: "DocumentRenderer | None" = None
    pdf: "PdfRasteriser | None" = None
    seal_keys: "SealKeys | None" = None
    credit: "CreditChecker | None" = None
    secrets: "SecretStore | None" = None
    platform: "PlatformConnector | None" = None
    sync_worker: Callable[..., Any] | None = None
    id_card_reader: "Callable[[], IdCardReader | None] | None" = None
    devices: "Devices | None" = None

    @property
    def changes(self) -> "Changes":
        """The publisher of case changes (:class:`counter.changes.Changes`), the unit of
        work's: services record them in their unit of work, subscribers hear of them after
        the commit (:mod:`ui.hub` re-emits them on the GUI thread)."""
        return self.uow.changes

    def close(self) -> None:
        self.uow.engine.dispose()
