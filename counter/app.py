"""The application context: everything one process needs, built once and handed down.

``main.py`` is the composition root; it calls :func:`build_context` and gives the result to
the GUI or a CLI command. Nothing here is created at import time.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from counter.clock import Clock, SystemClock
from counter.documents import DocumentRenderer
from counter.files import prepare_data_dir
from counter.store.blobs import BlobStore
from counter.store.db import make_engine, migrate, sqlite_url
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

APP_NAME = "CounterDesk"
DB_FILE = "counter.sqlite3"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_CATALOG = RESOURCES / "catalog" / "sample-catalog.json"


def default_data_dir() -> Path:
    """The per-user data directory (e.g. ``~/.local/share/CounterDesk``, ``%LOCALAPPDATA%``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass
class AppContext:
    """What a process works with.

    Attributes:
        data_dir: where the database and the blob folder live.
        uow: creates units of work (one per service call).
        clock: the source of "now".
        blobs: the content-addressed blob store (scanned pages, issued documents).
        services: the service objects by name (``catalog``, ``calendar`` …), the only door
            the UI and the CLI use.
    """

    data_dir: Path
    uow: UowFactory
    clock: Clock
    blobs: BlobStore
    services: dict = field(default_factory=dict)

    @property
    def catalog(self):
        return self.services["catalog"]

    @property
    def calendar(self):
        return self.services["calendar"]

    @property
    def site(self):
        """Site profile and settings (:class:`counter.identity.SiteService`)."""
        return self.services["site"]

    @property
    def intake(self):
        """Drafts (:class:`counter.services.intake.IntakeService`)."""
        return self.services["intake"]

    @property
    def cases(self):
        """Decisions and cases (:class:`counter.services.cases.CaseService`)."""
        return self.services["cases"]

    @property
    def documents(self):
        """The archive of issued documents (:class:`counter.documents.DocumentService`)."""
        return self.services["documents"]

    @property
    def capture(self):
        """Scanned pages of the materials (:class:`counter.services.capture.CaptureService`)."""
        return self.services["capture"]

    @property
    def sync(self):
        """Sync state, status and configuration (:class:`counter.services.sync.SyncService`)."""
        return self.services["sync"]

    @property
    def permissions(self):
        """The role matrix and the login session's guard
        (:class:`counter.permissions.Permissions`; ``permissions.guard``)."""
        return self.services["permissions"]

    @property
    def audit(self):
        """Verification and sealing of the audit log (:class:`counter.services.audit.AuditService`)."""
        return self.services.get("audit")

    @property
    def users(self):
        """Accounts, login and the screen lock (:class:`counter.services.users.UserService`)."""
        return self.services["users"]

    def close(self) -> None:
        self.uow.engine.dispose()


def build_context(data_dir: Path | None = None, *, clock: Clock | None = None,
                  db_url: str | None = None, load_sample: bool = True,
                  renderer: DocumentRenderer | None = None) -> AppContext:
    """Open (and create or migrate) the store in ``data_dir`` and wire the services.

    Args:
        data_dir: defaults to :func:`default_data_dir`; created ``0700`` (POSIX), or
            tightened when it is wider (:func:`counter.files.prepare_data_dir`).
        clock: defaults to the system clock.
        db_url: another database (hall mode, PostgreSQL, e.g.
            ``postgresql+psycopg://counter@hall-db/counter``); default the environment
            variable ``COUNTER_DB_URL``, else the SQLite file in data_dir.
        load_sample: on first run, import the sample catalog when no catalog is active.
        renderer: renders each decision's document, archived in the decision's transaction
            (the composition roots pass ``printing``'s: :class:`printing.archive.PdfRenderer`
            behind a :class:`counter.documents.DeferredRenderer`); None (tests, benchmarks of
            the store): nothing is archived by the decisions and ``notice_blob`` is ``null``.
    """
    from counter.auth import SessionGuard
    from counter.permissions import Permissions
    from counter.services.calendar import CalendarService
    from counter.services.catalog import CatalogService
    from counter.services.users import install

    data_dir = prepare_data_dir(Path(data_dir) if data_dir else default_data_dir())
    engine = make_engine(db_url or os.environ.get("COUNTER_DB_URL")
                         or sqlite_url(data_dir / DB_FILE))
    migrate(engine)
    uow = UowFactory(engine)
    clock = clock or SystemClock()
    ctx = AppContext(data_dir=data_dir, uow=uow, clock=clock, blobs=BlobStore(data_dir / "blobs"))
    # Every service consults the same checks; the guard enforces only once the GUI says so
    # (command-line tools act without a login: the role matrix still applies to their actor).
    perm = ctx.services["permissions"] = Permissions(SessionGuard(), clock)
    ctx.services["calendar"] = CalendarService(
        uow, clock, catalog_overrides=lambda: ctx.catalog.active().calendar_overrides,
        permissions=perm,
        promised_limit=lambda kind, key, version: _spec(
            ctx.catalog.version(version), kind, key).promised_limit,
        legal_limit=lambda kind, key, version: _spec(
            ctx.catalog.version(version), kind, key).legal_limit)
    ctx.services["catalog"] = CatalogService(uow, clock, calendar=ctx.services["calendar"],
                                             permissions=perm)
    if load_sample and ctx.catalog.active_version() is None:
        log.info("no active catalog: importing the sample catalog")
        ctx.catalog.import_file(SAMPLE_CATALOG, source="sample")
    _wire_cases(ctx, renderer)
    _wire_sync(ctx)
    install(ctx)  # users, settings, audit verification (docs/security.md)
    return ctx


def _spec(catalog, kind: str, key: str):
    """The merged spec of an item or package in ``catalog`` (its promised and legal limits)."""
    from counter.intake.merge import IntakeSpec

    return IntakeSpec.for_target(catalog, kind, key)


def _wire_cases(ctx: AppContext, renderer: DocumentRenderer | None = None) -> None:
    """Site profile, drafts, the document archive and cases (issues 3 and 4); capture
    (issue 5; the desktop hands it a PDF rasteriser)."""
    from counter.documents import DocumentService
    from counter.identity import SiteService
    from counter.services.capture import CaptureService
    from counter.services.cases import CaseService
    from counter.services.intake import IntakeService

    ctx.services["site"] = SiteService(ctx.uow, lambda: ctx.catalog.active().region_code)
    perm = ctx.permissions
    ctx.services["capture"] = CaptureService(ctx.blobs, ctx.clock, uow=ctx.uow, permissions=perm)
    ctx.services["intake"] = IntakeService(ctx.uow, ctx.clock, ctx.catalog, site=ctx.site,
                                           permissions=perm)
    ctx.services["documents"] = DocumentService(ctx.uow, ctx.blobs, ctx.clock, permissions=perm)
    ctx.services["cases"] = CaseService(ctx.uow, ctx.clock, ctx.catalog, ctx.calendar,
                                        ctx.site, documents=ctx.documents, renderer=renderer,
                                        permissions=perm)


def _wire_sync(ctx: AppContext) -> None:
    """The store side of syncing with the platform (issue 6); the worker is started by the
    GUI (:mod:`ui.sync`) or the ``sync`` command."""
    from counter.services.sync import SyncService

    ctx.services["sync"] = SyncService(ctx.uow, ctx.clock, permissions=ctx.permissions)
