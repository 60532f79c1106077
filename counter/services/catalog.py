"""Catalog use cases: validate, import, export, the active catalog, search, usage counts.

An import made by a person (the administrator, ``actor`` given) checks ``catalog.import`` first
and is audited; the system's imports (the sample catalog at first start, the platform's
catalog feed) name no actor.

What an import may not do (issue 12; the rules are in ``docs/catalog.md``):

* move ``catalog_version`` unreasonably far ahead (:func:`check_version`): a version that
  would pin the counter for ever (``99999999``) is refused;
* replace the catalog by an empty one or by one of another region (行政区划) than the active
  catalog's, unless an administrator confirms it (``confirm=True``, audited); the platform's
  feed never may (:class:`CatalogNeedsConfirmation`).

An administrator may go back to any stored version (:meth:`CatalogService.activate`, audited).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from counter.catalog.loader import MAX_CATALOG_BYTES, CatalogInvalid, load_catalog, read_catalog_file
from counter.catalog.model import Catalog
from counter.catalog.search import SearchHit, SearchIndex
from counter import audit
from counter.clock import Clock
from counter.errors import InvalidInput, NotFound
from counter.identity import Actor
from counter.permissions import Permissions
from counter.store.models import CatalogVersionRow, ItemUsageRow
from counter.store.uow import UowFactory

if TYPE_CHECKING:
    from counter.services.calendar import CalendarService

log = logging.getLogger(__name__)

__all__ = ["CatalogService", "ImportResult", "CatalogInvalid", "CatalogNeedsConfirmation",
           "MAX_CATALOG_BYTES", "check_version", "MAX_PUBLISHED_AHEAD", "MAX_DATE_AHEAD",
           "MAX_NUMBER_STEP"]

#: How far ahead of "now" a catalog's ``published_at`` may lie (clock differences).
MAX_PUBLISHED_AHEAD = timedelta(days=2)
#: How far ahead of today the date of a dated ``catalog_version`` may lie.
MAX_DATE_AHEAD = timedelta(days=366)
#: How much the leading number of a plain numbered version may grow over the active one.
MAX_NUMBER_STEP = 100

#: A dated version: ``2026.11.01``, ``2026-11-01``, ``2026.9.30``, ``20261101``, each with any
#: suffix (``.1``, ``-2``, ``-ui``); what the contract's publishers use.
_DATED = re.compile(r"(\d{4})([.-])(\d{1,2})\2(\d{1,2})(?!\d)|(\d{4})(\d{2})(\d{2})(?!\d)")
_LEADING_NUMBER = re.compile(r"\d+")


class CatalogNeedsConfirmation(InvalidInput):
    """An empty catalog, or one of another region, that only an administrator may activate
    by confirming it explicitly (the platform's feed never may).

    Attributes:
        reasons: ``"empty"`` and/or ``"region"``.
    """

    def __init__(self, message: str, reasons: tuple[str, ...]) -> None:
        super().__init__(message)
        self.reasons = reasons


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
                self._active = load_catalog(row.document, stored=True)
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
            self._versions[catalog_version] = load_catalog(doc, stored=True)
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

    def import_file(self, path: Path, *, source: str = "file", actor: Actor | None = None,
                    confirm: bool = False) -> ImportResult:
        """Import a catalog file; see :meth:`import_document`."""
        return self.import_document(read_catalog_file(path), source=source, actor=actor,
                                    confirm=confirm)

    def import_document(self, document: bytes, *, source: str, actor: Actor | None = None,
                        confirm: bool = False) -> ImportResult:
        """Validate and store a catalog document; activate it when its version is newer.

        Versions are compared as strings of equal shape (publishers use dates such as
        ``2026.11.01`` or ``2026-11-01.2``) after splitting into numeric parts. An older or
        equal version is kept readable but not activated. Nothing changes when the document
        is invalid, when its version is out of bounds (:func:`check_version`), or when it is
        empty or of another region than the active catalog and not confirmed.

        Args:
            actor: the administrator importing (checked first: ``catalog.import``; the import
                is audited); None for the system's imports (sample catalog, platform feed).
            confirm: the administrator confirmed an empty catalog or one of another region
                (needs ``actor``; recorded in the audit entry). Never honoured for
                ``source="platform"``.

        Raises:
            CatalogInvalid: the document or its version is refused.
            CatalogNeedsConfirmation: empty or another region, not (or not validly) confirmed.
        """
        if actor is not None:
            self._require_import(actor)
        catalog = load_catalog(document)
        digest = hashlib.sha256(document).hexdigest()
        now = self._clock.now()
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
            if source != "sample":  # the program's own file, into an empty store
                check_version(catalog, active.catalog_version if active else None, now)
            confirmed = self._confirmation(catalog, active, source=source, actor=actor,
                                           confirm=confirm)
            newer = active is None or version_key(catalog.catalog_version) > version_key(active.catalog_version)
            if newer and active is not None:
                s.execute(update(CatalogVersionRow).values(active=False))
            s.add(CatalogVersionRow(catalog_version=catalog.catalog_version,
                                    published_at=catalog.published_at, imported_at=now,
                                    source=source, sha256=digest, document=document, active=newer))
            if actor is not None:
                detail = {"catalog_version": catalog.catalog_version, "activated": newer,
                          "source": source}
                if confirmed:
                    detail["confirmed"] = list(confirmed)
                audit.append(s, at=now, actor=actor, action="catalog.import", detail=detail)
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

    def activate(self, catalog_version: str, *, actor: Actor, confirm: bool = False) -> ImportResult:
        """Make a stored version the active one — a roll-back to an earlier version, or forward
        again (版本回退). Checks ``catalog.import``; audited as ``catalog.activate``.

        Cases keep the version they were taken under. An empty version, or one of another
        region than the active catalog, needs ``confirm`` as an import does. A newer version
        the platform publishes later is activated as usual; the same (rolled-back) version
        offered again is not.
        """
        self._require_import(actor)
        now = self._clock.now()
        with self._uow() as uow:
            s = uow.session
            row = s.scalars(select(CatalogVersionRow).where(
                CatalogVersionRow.catalog_version == catalog_version)).first()
            if row is None:
                raise NotFound(f"目录版本 {catalog_version} 不存在（可用 catalog versions 查看已导入的版本）。")
            active = s.scalars(select(CatalogVersionRow).where(CatalogVersionRow.active)).first()
            if active is not None and active.id == row.id:
                return ImportResult(catalog_version, False,
                                    f"目录版本 {catalog_version} 已是当前启用的版本，未作改动。")
            catalog = load_catalog(row.document, stored=True)
            confirmed = self._confirmation(catalog, active, source="activate", actor=actor,
                                           confirm=confirm)
            s.execute(update(CatalogVersionRow).values(active=False))
            row.active = True
            previous = active.catalog_version if active else None
            detail = {"catalog_version": catalog_version, "previous": previous,
                      "rollback": previous is not None
                      and version_key(catalog_version) < version_key(previous)}
            if confirmed:
                detail["confirmed"] = list(confirmed)
            audit.append(s, at=now, actor=actor, action="catalog.activate", detail=detail)
            uow.commit()
        with self._index_lock:
            self._versions[catalog_version] = catalog
            self._active, self._index = catalog, None
        if self._calendar is not None:
            self._calendar.invalidate()
        log.info("catalog %s activated by an administrator (previous %s)", catalog_version, previous)
        return ImportResult(catalog_version, True,
                            f"已启用目录版本 {catalog_version}（此前为 {previous or '无'}）。")

    def _confirmation(self, catalog: Catalog, active: CatalogVersionRow | None, *, source: str,
                      actor: Actor | None, confirm: bool) -> tuple[str, ...]:
        """What must be confirmed about ``catalog`` (empty, other region); raises unless it is."""
        reasons, lines = [], []
        if not catalog.items:
            reasons.append("empty")
            lines.append(f"目录版本 {catalog.catalog_version} 没有任何事项")
        if active is not None:
            current = self._versions.get(active.catalog_version) \
                or load_catalog(active.document, stored=True)
            if catalog.region_code != current.region_code:
                reasons.append("region")
                lines.append(f"目录版本 {catalog.catalog_version} 属于行政区划 {catalog.region_code}"
                             f"（{catalog.region_name}），当前目录属于 {current.region_code}"
                             f"（{current.region_name}）")
        if not reasons:
            return ()
        what = "；".join(lines)
        if source == "platform":
            log.warning("platform catalog %s refused: %s", catalog.catalog_version, ",".join(reasons))
            raise CatalogNeedsConfirmation(f"{what}。平台下发的此类目录一律不予导入，"
                                           "请联系省级平台核实。", tuple(reasons))
        if not confirm or actor is None:
            raise CatalogNeedsConfirmation(f"{what}。启用后将无法受理原有事项；确属需要时，"
                                           "请由管理员明确确认后再导入（命令行加 --confirm）。",
                                           tuple(reasons))
        return tuple(reasons)

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


def check_version(catalog: Catalog, active_version: str | None, now: datetime) -> None:
    """Refuse a catalog whose version or publication lies unreasonably far ahead.

    The rules (``docs/catalog.md``, "catalog_version"):

    1. ``published_at`` is at most :data:`MAX_PUBLISHED_AHEAD` after ``now``;
    2. a *dated* version (``2026.11.01``, ``2026-11-01.2``, ``20261101``; see ``_DATED``)
       carries a real date at most :data:`MAX_DATE_AHEAD` after today — so ``99999999``
       (no such date) and ``2099.01.01`` are refused;
    3. when it would replace the active version: a dated active version is only replaced
       by a dated one; a plain number (``42``) grows by at most :data:`MAX_NUMBER_STEP`;
       a version starting with a letter cannot replace a numbered one (it would sort after
       every number, for ever).

    Raises:
        CatalogInvalid: naming ``catalog_version`` or ``published_at`` and the bound.
    """
    version = catalog.catalog_version
    if catalog.published_at is not None and catalog.published_at > now + MAX_PUBLISHED_AHEAD:
        raise CatalogInvalid([f"published_at: 发布时间 {catalog.published_at.isoformat()} 晚于"
                              f"本机当前时间 {MAX_PUBLISHED_AHEAD.days} 天以上"],
                             "目录的发布时间在未来，不予导入（请核对发布方或本机的时钟）。")
    kind, dated = _version_kind(version)
    today = now.date()
    if kind == "date":
        if dated is None:
            raise CatalogInvalid([f"catalog_version: {version} 形如日期但不是有效日期"],
                                 f"目录版本号 {version} 不是有效的日期版本（如 2026.11.01），不予导入。")
        if dated > today + MAX_DATE_AHEAD:
            raise CatalogInvalid([f"catalog_version: 版本日期 {dated.isoformat()} 晚于今天"
                                  f" {MAX_DATE_AHEAD.days} 天以上"],
                                 f"目录版本号 {version} 超前过多，不予导入（否则此后的目录都无法启用）。")
    if active_version is None or version_key(version) <= version_key(active_version):
        return
    active_kind, _ = _version_kind(active_version)
    if active_kind == "date" and kind != "date" or active_kind == "number" and kind == "text":
        raise CatalogInvalid([f"catalog_version: {version} 与当前版本 {active_version} 格式不同"],
                             f"目录版本号 {version} 与当前版本 {active_version} 的格式不同，"
                             "无法判断新旧，不予导入。")
    if kind == active_kind == "number":
        step = _leading_number(version) - _leading_number(active_version)
        if step > MAX_NUMBER_STEP:
            raise CatalogInvalid([f"catalog_version: 比当前版本 {active_version} 超前 {step}，"
                                  f"最多 {MAX_NUMBER_STEP}"],
                                 f"目录版本号 {version} 超前过多，不予导入（否则此后的目录都无法启用）。")


def _version_kind(version: str) -> tuple[str, date | None]:
    """``("date", the date or None when invalid)``, ``("number", None)`` or ``("text", None)``."""
    m = _DATED.match(version)
    if m is not None:
        y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        try:
            return "date", date(int(y), int(mo), int(d))
        except ValueError:
            return "date", None
    return ("number" if version[:1].isdigit() else "text"), None


def _leading_number(version: str) -> int:
    m = _LEADING_NUMBER.match(version)
    return int(m.group()[:19]) if m else 0


def version_key(version: str) -> tuple:
    """Sort key for catalog versions: numeric runs compare as numbers (``2026.9`` < ``2026.10``).

    A dated version compares by its date whatever the separators (``2026-12-01.2`` and
    ``20261215`` are both newer than ``2026.11.01``).
    """
    m = _DATED.match(version)
    if m is not None:
        y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        version = f"{int(y)}.{int(mo)}.{int(d)}{version[m.end():]}"
    parts = re.findall(r"\d+|[^\d]+", version)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
