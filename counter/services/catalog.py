"""Catalog use cases: validate, import, export, the active catalog, search, usage counts.

An import made by a person (the administrator, ``actor`` given) checks ``catalog.import`` first
and is audited; the system's imports (the sample catalog at first start, the platform's
catalog feed) name no actor.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from counter.catalog.loader import MAX_CATALOG_BYTES, CatalogInvalid, load_catalog, read_catalog_file
from counter.catalog.model import Catalog
from counter.catalog.search import SearchHit, SearchIndex
from counter import audit
from counter.clock import Clock
from counter.errors import NotFound
from counter.identity import Actor
from counter.permissions import Permissions
from counter.store.models import CatalogVersionRow, ItemUsageRow
from counter.store.uow import UowFactory

if TYPE_CHECKING:
    from counter.services.calendar import CalendarService

log = logging.getLogger(__name__)

__all__ = ["CatalogService", "ImportResult", "CatalogInvalid", "MAX_CATALOG_BYTES"]


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    catalog_version: str
    activated: bool
    message: str


@dataclass(frozen=True)
class VersionInfo:
    catalog_version: str
    published_at: datetime
    imported_at: datetime
    source: str
    active: bool


class CatalogService:
    """The catalog of this store (事项目录服务).

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        calendar: told to rebuild when a new catalog (with its calendar overrides) is active.
        permissions: the permission checks of imports made by a person; default: the role
            matrix only.
    """

    def __init__(self, uow: UowFactory, clock: Clock, *, calendar: "CalendarService | None" = None,
                 permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._calendar = calendar
        self._perm = permissions or Permissions(None, clock)
        self._active: Catalog | None = None
        self._index: SearchIndex | None = None
        self._versions: dict[str, Catalog] = {}
        self._index_lock = threading.RLock()

    # -- reading ---------------------------------------------------------------------------

    def validate_file(self, path: Path) -> Catalog:
        """Parse and validate a catalog file; raises :class:`CatalogInvalid` with every problem."""
        return load_catalog(read_catalog_file(path))

    def active_version(self) -> str | None:
        with self._uow(read_only=True) as uow:
            return uow.session.scalar(
                select(CatalogVersionRow.catalog_version).where(CatalogVersionRow.active))

    def active(self) -> Catalog:
        """The active catalog (cached until the next import)."""
        if self._active is None:
            with self._uow(read_only=True) as uow:
                row = uow.session.scalars(
                    select(CatalogVersionRow).where(CatalogVersionRow.active)).first()
                if row is None:
                    raise NotFound("尚未导入事项目录，请由管理员导入目录文件。")
                self._active = load_catalog(row.document)
            self._versions[self._active.catalog_version] = self._active
        return self._active

    def version(self, catalog_version: str) -> Catalog:
        """Any catalog version ever imported (cases refer to the version they were taken under)."""
        if catalog_version not in self._versions:
            with self._uow(read_only=True) as uow:
                doc = uow.session.scalar(select(CatalogVersionRow.document).where(
                    CatalogVersionRow.catalog_version == catalog_version))
            if doc is None:
                raise NotFound(f"目录版本 {catalog_version} 不存在。")
            self._versions[catalog_version] = load_catalog(doc)
        return self._versions[catalog_version]

    def versions(self) -> list[VersionInfo]:
        with self._uow(read_only=True) as uow:
            rows = uow.session.scalars(select(CatalogVersionRow).order_by(CatalogVersionRow.id))
            return [VersionInfo(r.catalog_version, r.published_at, r.imported_at, r.source, r.active)
                    for r in rows]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Items and packages matching ``query`` (Chinese, pinyin, initials, code prefix)."""
        return self.search_index().search(query, limit=limit)

    def search_index(self) -> SearchIndex:
        """The search index of the active catalog, built once.

        Thread-safe: the window builds it on a background thread right after start-up; a
        search typed before that finishes waits for the same build instead of starting another.
        """
        with self._index_lock:
            if self._index is None:
                catalog = self.active()
                with self._uow(read_only=True) as uow:
                    usage = dict(uow.session.execute(
                        select(ItemUsageRow.key, ItemUsageRow.count)).all())
                self._index = SearchIndex(catalog, usage=usage)
            return self._index

    # -- writing ---------------------------------------------------------------------------

    def import_file(self, path: Path, *, source: str = "file",
                    actor: Actor | None = None) -> ImportResult:
        """Import a catalog file; see :meth:`import_document`."""
        return self.import_document(read_catalog_file(path), source=source, actor=actor)

    def import_document(self, document: bytes, *, source: str,
                        actor: Actor | None = None) -> ImportResult:
        """Validate and store a catalog document; activate it when its version is newer.

        Versions are compared as strings of equal shape (publishers use dates such as
        ``2026.11.01`` or ``2026-11-01.2``) after splitting into numeric parts. An older or
        equal version is kept readable but not activated. Nothing changes when the document
        is invalid.

        Args:
            actor: the administrator importing (checked first: ``catalog.import``; the import
                is audited); None for the system's imports (sample catalog, platform feed).
        """
        if actor is not None:
            self._require_import(actor)
        catalog = load_catalog(document)
        digest = hashlib.sha256(document).hexdigest()
        with self._uow() as uow:
            s = uow.session
            existing = s.scalars(select(CatalogVersionRow).where(
                CatalogVersionRow.catalog_version == catalog.catalog_version)).first()
            active = s.scalars(select(CatalogVersionRow).where(CatalogVersionRow.active)).first()
            if existing is not None:
                if existing.sha256 != digest:
                    raise CatalogInvalid([], f"目录版本 {catalog.catalog_version} 已导入且内容不同；"
                                             "发布方修改目录时须提高 catalog_version。")
                return ImportResult(catalog.catalog_version, False,
                                    f"目录版本 {catalog.catalog_version} 已导入，未作改动。")
            newer = active is None or version_key(catalog.catalog_version) > version_key(active.catalog_version)
            if newer and active is not None:
                s.execute(update(CatalogVersionRow).values(active=False))
            s.add(CatalogVersionRow(catalog_version=catalog.catalog_version,
                                    published_at=catalog.published_at, imported_at=self._clock.now(),
                                    source=source, sha256=digest, document=document, active=newer))
            if actor is not None:
                audit.append(s, at=self._clock.now(), actor=actor, action="catalog.import",
                             detail={"catalog_version": catalog.catalog_version,
                                     "activated": newer, "source": source})
            uow.commit()
        self._versions[catalog.catalog_version] = catalog
        if newer:
            self._active, self._index = catalog, None
            if self._calendar is not None:
                self._calendar.invalidate()
            msg = f"已导入并启用目录版本 {catalog.catalog_version}（{len(catalog.items)} 个事项，{len(catalog.packages)} 个一件事）。"
        else:
            msg = (f"已导入目录版本 {catalog.catalog_version}，但当前启用的版本 "
                   f"{active.catalog_version} 更新，未启用。")
        log.info("catalog %s imported from %s, activated=%s", catalog.catalog_version, source, newer)
        return ImportResult(catalog.catalog_version, newer, msg)

    def export_document(self, catalog_version: str | None = None) -> bytes:
        """The stored document of a version (default: the active one), byte for byte."""
        with self._uow(read_only=True) as uow:
            q = select(CatalogVersionRow.document)
            q = q.where(CatalogVersionRow.catalog_version == catalog_version) if catalog_version \
                else q.where(CatalogVersionRow.active)
            doc = uow.session.scalar(q)
        if doc is None:
            raise NotFound("没有可导出的目录版本。")
        return doc

    def _require_import(self, actor: Actor) -> None:
        with self._uow(read_only=True) as uow:
            self._perm.require(uow.session, actor, "catalog.import")

    def record_use(self, key: str) -> None:
        """Count one use of an item code or ``pkg:<id>`` (search ranks frequent ones higher)."""
        with self._uow() as uow:
            row = uow.session.get(ItemUsageRow, key)
            if row is None:
                uow.session.add(ItemUsageRow(key=key, count=1))
            else:
                row.count += 1
            uow.commit()
        if self._index is not None:
            self._index.bump_usage(key)


def version_key(version: str) -> tuple:
    """Sort key for catalog versions: numeric runs compare as numbers (``2026.9`` < ``2026.10``)."""
    import re

    parts = re.findall(r"\d+|[^\d]+", version)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
