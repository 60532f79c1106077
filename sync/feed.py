"""What flows back down (下行同步): the status feed, a newer catalog, unknown calendar years.

* Status feed: pages of ``GET /status-feed`` from the stored cursor; each item is checked
  against its documented shape (:func:`counter.cases.feed.check_feed_item`) and applied to
  its case through ``CaseService.apply_status`` (one transaction each; a repeated item changes
  nothing), then the cursor is stored. An item that does not have the shape, names a case this
  store does not know, or cannot be applied (a move its case does not allow) is kept aside for
  a person (``SyncService.keep_feed_item``, 同步 → 平台数据问题) and never stops the items
  behind it: the cursor moves past a page only once each of its items was applied or kept
  aside, so nothing is lost. A killed worker re-reads at most one page (a kept-aside item is
  stored once).
* Catalog: ``GET /catalog`` with the stored ETag; a newer document goes through
  ``CatalogService.import_document(…, source="platform")``, which activates it only when its
  version is newer.
* Calendar: this year and the next, when the store does not know them yet
  (``GET /calendar/{year}`` → ``CalendarService.import_year(…, source="platform")``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from counter.cases.feed import MalformedFeedItem, check_feed_item
from counter.errors import CounterError, NotFound
from counter.logsafe import platform_text
from counter.services.sync import CATALOG_ETAG, FEED_CURSOR, SyncService
from sync.client import PlatformClient

log = logging.getLogger(__name__)

FEED_PAGE = 100
#: The start of the message of a catalog the counter refused (the worker reports it as a
#: sync problem): out-of-bounds version, invalid, empty or another region's.
CATALOG_REFUSED = "平台发布的事项目录无法导入"
MAX_PAGES_PER_PULL = 1000


@dataclass
class FeedResult:
    """What one pull of the feed did.

    Attributes:
        applied: items that moved a case (or recorded the platform's receipt).
        unchanged: items already applied (a page read again after a killed worker, a status
            the case already has): nothing changed, nothing reported.
        skipped: items kept aside for a person (平台数据问题): without the documented shape,
            for a case this store does not know, or a move the case does not allow (an item
            already kept aside from an earlier read is not counted again).
        cases: the case numbers changed, in order (for the UI to refresh).
    """

    applied: int = 0
    skipped: int = 0
    cases: list[str] = field(default_factory=list)
    unchanged: int = 0


class Puller:
    """Pulls the feed, the catalog and calendar years through the counter services.

    Args:
        sync: the sync service (cursor and ETag).
        cases: has ``apply_status(case_no, status, at, message, result)``.
        catalog: has ``import_document(bytes, source=…)``.
        calendar: has ``known_years()`` and ``import_year(doc, source=…)``.
        client: the platform client.
        on_case: called with ``(case_no, status)`` for each applied item that changed its case
            (not for an item already applied).
    """

    def __init__(self, sync: SyncService, cases, catalog, calendar, client: PlatformClient,
                 on_case=None) -> None:
        self._sync, self._cases, self._catalog, self._calendar = sync, cases, catalog, calendar
        self._client = client
        self._on_case = on_case or (lambda case_no, status: None)

    def pull_feed(self) -> FeedResult:
        """Read the feed until it is empty; raises the client's errors (nothing is lost)."""
        result = FeedResult()
        cursor = self._sync.state(FEED_CURSOR)
        for _ in range(MAX_PAGES_PER_PULL):
            items, next_cursor = self._client.status_feed(cursor, FEED_PAGE)
            for position, item in enumerate(items):
                self._apply(item, result, cursor, position)
            if next_cursor != cursor:
                self._sync.set_state(FEED_CURSOR, next_cursor)
                cursor = next_cursor
            if len(items) < FEED_PAGE:
                break
        return result

    def _apply(self, item, result: FeedResult, cursor: str | None, position: int) -> None:
        try:
            checked = check_feed_item(item)
        except MalformedFeedItem as e:
            self._keep(item, "malformed", f"格式不符合接口规范：{e.message}", result, cursor,
                       position)
            return
        case_no, status = checked.case_no, checked.status
        try:
            update = self._cases.apply_status(case_no, status, checked.at, checked.message,
                                              checked.result)
        except NotFound:
            self._keep(item, "unknown_case", "本机没有该办件（可能是其他地区或其他系统的办件）。",
                       result, cursor, position)
            return
        except CounterError as e:
            log.warning("status feed: %s for case %s not applied", status, case_no)
            self._keep(item, "not_applied", f"无法应用到办件：{e.message}", result, cursor,
                       position)
            return
        if not update.changed:  # already applied: nothing moved, nothing to report
            result.unchanged += 1
            return
        result.applied += 1
        result.cases.append(case_no)
        self._on_case(case_no, status)

    def _keep(self, item, kind: str, reason: str, result: FeedResult, cursor: str | None,
              position: int) -> None:
        """Keep ``item`` aside for a person; counted once (not when read again)."""
        if self._sync.keep_feed_item(item, kind=kind, reason=reason, cursor=cursor,
                                     position=position) is not None:
            result.skipped += 1

    def pull_catalog(self) -> str | None:
        """A newer catalog, imported; its Chinese message, or None when unchanged."""
        etag = self._sync.state(CATALOG_ETAG)
        answer = self._client.catalog(etag)
        if answer is None:
            return None
        document, new_etag = answer
        try:
            message = self._catalog.import_document(document, source="platform").message
        except CounterError as e:
            message = f"{CATALOG_REFUSED}：{e.message}"
            log.warning("platform catalog not imported: %s", platform_text(e.message))
        if new_etag:
            self._sync.set_state(CATALOG_ETAG, new_etag)
        return message

    def pull_calendar(self, years: list[int]) -> list[int]:
        """Fetch the years the store does not know; the years imported."""
        known = set(self._calendar.known_years())
        imported = []
        for year in years:
            if year in known:
                continue
            doc = self._client.calendar(year)
            if doc is None:
                continue
            try:
                self._calendar.import_year(doc, source="platform")
            except CounterError as e:
                log.warning("platform calendar %d not imported: %s %s", year,
                            platform_text(e.message),
                            platform_text("；".join(getattr(e, "problems", None) or ())))
                continue
            imported.append(year)
        return imported
