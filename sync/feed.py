"""What flows back down (下行同步): the status feed, a newer catalog, unknown calendar years.

* Status feed: pages of ``GET /status-feed`` from the stored cursor; each item is applied to
  its case through ``CaseService.apply_status`` (one transaction each; a repeated item changes
  nothing), then the cursor is stored. A killed worker re-reads at most one page.
* Catalog: ``GET /catalog`` with the stored ETag; a newer document goes through
  ``CatalogService.import_document(…, source="platform")``, which activates it only when its
  version is newer.
* Calendar: this year and the next, when the store does not know them yet
  (``GET /calendar/{year}`` → ``CalendarService.import_year(…, source="platform")``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from counter.errors import CounterError, NotFound
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
        skipped: items for unknown cases or moves the case does not allow (logged).
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
            for item in items:
                self._apply(item, result)
            if next_cursor != cursor:
                self._sync.set_state(FEED_CURSOR, next_cursor)
                cursor = next_cursor
            if len(items) < FEED_PAGE:
                break
        return result

    def _apply(self, item: dict, result: FeedResult) -> None:
        case_no, status = item.get("case_no"), item.get("status")
        if not isinstance(case_no, str) or not isinstance(status, str):
            result.skipped += 1
            log.warning("status feed item without case number or status skipped")
            return
        try:
            update = self._cases.apply_status(case_no, status, item.get("at") or "",
                                              item.get("message"), item.get("result"))
        except NotFound:
            result.skipped += 1
            log.info("status feed: case %s is not in this store; skipped", case_no)
            return
        except (CounterError, ValueError) as e:
            result.skipped += 1
            log.warning("status feed: %s for case %s not applied: %s", status, case_no, e)
            return
        if not update.changed:  # already applied: nothing moved, nothing to report
            result.unchanged += 1
            return
        result.applied += 1
        result.cases.append(case_no)
        self._on_case(case_no, status)

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
            log.warning("platform catalog not imported: %s", e.message)
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
                log.warning("platform calendar %d not imported: %s %s", year, e.message,
                            "；".join(getattr(e, "problems", None) or ()))
                continue
            imported.append(year)
        return imported
