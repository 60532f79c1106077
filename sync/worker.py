"""The transactional-outbox worker (同步工作进程): every decision reaches the platform exactly
once, in order, with its pages; results flow back.

How it works:

1. :meth:`SyncService.claim` hands out cases whose first unacknowledged event is due, each
   with its unsent events in ``seq`` order, claimed by this worker for a lease.
2. A small thread pool sends each case's events one after the other: the referenced blobs
   first (``HEAD``, then ``PUT`` when missing), then ``POST /cases/{case_no}/events``.
   The first event that does not go through stops its case — and only its case.
3. Outcomes are recorded in batches (:meth:`SyncService.record`). A worker killed before it
   records simply sends those events again; the platform answers ``200`` for a replay, so
   nothing is lost and nothing is stored twice.
4. Then the status feed, the catalog and the calendar are pulled (:mod:`sync.feed`).

Outcomes by answer (``contracts/platform-api.md``): ``201``/``200`` acked; ``400``/``403``/
``413``/``422`` and ``409 event_conflict`` refused with the platform's Chinese message;
``422 blob_missing`` → upload again and retry once; ``409 seq_gap`` → the missing events are
sent first; ``401`` → one new token (in the client); ``429``/``503`` → ``Retry-After`` for the
event *and* a pause of the whole worker; 5xx, timeouts, resets → exponential back-off with
jitter, capped, for as long as it takes.

No Qt: progress goes out through :class:`SyncCallbacks` (called on the worker's thread).
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from counter.clock import Clock
from counter.errors import CounterError, NotFound
from counter.logsafe import platform_text
from counter.services.sync import (CaseBatch, Outcome, OutgoingEvent, SyncService, SyncStatus)
from counter.store.blobs import BlobStore
from sync.client import (BlobMissing, OutOfTime, PlatformClient, PlatformError, Refused,
                         SeqGap, Transient)
from sync.events import referenced_blobs
from sync.feed import CATALOG_REFUSED, FeedResult, Puller
from sync.retry import RetryPolicy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventReport:
    """What became of one event, for a listener (no payload, no personal data).

    ``kind``: ``acked``, ``failed``, ``refused``, ``rewind``.
    """

    case_no: str
    seq: int
    type: str
    kind: str
    message: str | None = None


@dataclass
class SyncCallbacks:
    """Plain callbacks for whoever shows progress (the GUI bridges them to Qt signals).

    All are optional and are called on the worker's thread; they must return quickly and
    must not raise (an exception is logged and ignored).

    Attributes:
        on_status: a new :class:`SyncStatus` snapshot (after each recorded batch and pull).
        on_event: an :class:`EventReport` per event outcome.
        on_case_status: ``(case_no, status)`` for each status applied from the feed.
        on_catalog: a Chinese message when a catalog was imported from the platform.
        on_calendar: a year imported from the platform.
        on_error: a Chinese message when the platform could not be reached or refused us.
    """

    on_status: Callable[[SyncStatus], None] | None = None
    on_event: Callable[[EventReport], None] | None = None
    on_case_status: Callable[[str, str], None] | None = None
    on_catalog: Callable[[str], None] | None = None
    on_calendar: Callable[[int], None] | None = None
    on_error: Callable[[str], None] | None = None

    def emit(self, name: str, *args) -> None:
        fn = getattr(self, name)
        if fn is None:
            return
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - a listener never stops the worker
            log.exception("sync callback %s failed", name)


@dataclass(frozen=True)
class WorkerOptions:
    """Tuning of the worker.

    Attributes:
        concurrency: cases sent at the same time.
        claim_cases: cases claimed at once (a claim is one transaction).
        events_per_case: events of one case sent in one claim.
        lease: how long a claimed case is this worker's.
        idle_interval: seconds between looks at the outbox when idle (``wake()`` cuts it).
        feed_interval: seconds between status-feed pulls.
        catalog_interval: seconds between catalog checks.
        calendar_interval: seconds between calendar checks.
        flush_every: record outcomes after this many …
        flush_seconds: … or after this long.
        retry: the back-off policy.
    """

    concurrency: int = 4
    claim_cases: int = 64
    events_per_case: int = 50
    lease: timedelta = timedelta(minutes=10)
    idle_interval: float = 5.0
    feed_interval: float = 30.0
    catalog_interval: float = 3600.0
    calendar_interval: float = 6 * 3600.0
    flush_every: int = 200
    flush_seconds: float = 0.25
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass
class RunSummary:
    """What a run did (``sync --once`` prints it).

    Attributes:
        acked, refused, failed, rewound: event outcomes during the run (``failed`` counts
            attempts that will be retried).
        replays: of the acked ones, those the platform had already (``200``).
        feed: what the status-feed pull did (None when it could not run).
        catalog: the catalog message (None when unchanged or not checked).
        calendar_years: years imported.
        errors: Chinese lines about what could not be done.
        status: the snapshot at the end.
    """

    acked: int = 0
    replays: int = 0
    refused: int = 0
    failed: int = 0
    rewound: int = 0
    feed: FeedResult | None = None
    catalog: str | None = None
    calendar_years: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: SyncStatus | None = None


@dataclass
class _CaseResult:
    outcomes: list[Outcome]
    replays: int = 0
    contact_ok: bool | None = None
    error: str | None = None
    pause: float | None = None


class SyncWorker:
    """Sends the outbox and pulls what comes back (see the module docstring).

    Args:
        sync: the sync service (claims, outcomes, state).
        cases: the case service (``apply_status``).
        catalog: the catalog service (``import_document``).
        calendar: the calendar service (``known_years``, ``import_year``).
        blobs: the blob store (pages and documents to upload).
        client: the platform client.
        clock: the source of "now" (must be the sync service's clock).
        options: tuning.
        callbacks: listeners.
        sleep: waits a number of seconds (default: interruptible by :meth:`stop`); tests
            pass a fake that advances a fake clock.
        rng: the jitter's random source.
    """

    def __init__(self, *, sync: SyncService, cases, catalog, calendar, blobs: BlobStore,
                 client: PlatformClient, clock: Clock, options: WorkerOptions | None = None,
                 callbacks: SyncCallbacks | None = None,
                 sleep: Callable[[float], None] | None = None,
                 rng: random.Random | None = None) -> None:
        self.sync, self.blobs, self.client, self.clock = sync, blobs, client, clock
        self.options = options or WorkerOptions()
        self.callbacks = callbacks or SyncCallbacks()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._sleep = sleep or self._interruptible_sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._uploaded: set[str] = set()
        self._uploaded_lock = threading.Lock()
        self._pause_until: datetime | None = None
        self._pause_lock = threading.Lock()
        self._summary = RunSummary()
        self.puller = Puller(sync, cases, catalog, calendar, client,
                             on_case=lambda c, s: self.callbacks.emit("on_case_status", c, s))
        self._last = {"feed": None, "catalog": None, "calendar": None}
        self._released_stale = False
        self._cutoff: float | None = None  # time.monotonic() after which run_once starts nothing

    # -- control ------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask :meth:`run_forever` to finish (after the requests in flight)."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look at the outbox now (e.g. right after a decision) instead of at the next tick."""
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _out_of_time(self) -> bool:
        return self._cutoff is not None and time.monotonic() >= self._cutoff

    def _interruptible_sleep(self, seconds: float) -> None:
        self._wake.wait(max(0.0, seconds))
        self._wake.clear()

    # -- running ------------------------------------------------------------------------------

    def run_once(self, *, max_wait: float = 60.0, pull: bool = True) -> RunSummary:
        """Drain what is due, retrying transient failures for up to ``max_wait`` seconds,
        then (with ``pull``) pull the feed, the catalog and the calendar. Returns what was
        done.

        Bounded, always: no request starts later than ``max_wait`` seconds (real time) after
        the call, and each request ends within the client's deadline, so the call returns
        within ``max_wait`` plus one request deadline, however slowly the platform answers.
        Events not tried by then are released for the next run (not counted as failures).
        """
        self._summary = RunSummary()
        self._cutoff = time.monotonic() + max(0.0, max_wait)
        self.client.set_cutoff(self._cutoff)
        try:
            return self._run_once(max_wait, pull)
        finally:
            self._cutoff = None
            self.client.set_cutoff(None)

    def _run_once(self, max_wait: float, pull: bool) -> RunSummary:
        self._release_stale_claims()
        started = self.clock.now()
        while not self.stopping and not self._out_of_time():
            self._drain()
            due = self.sync.next_due()
            if due is None:
                break
            now = self.clock.now()
            wait_s = max(0.0, (max(due, self._pause_until or due) - now).total_seconds())
            if (now - started).total_seconds() + wait_s > max_wait:
                break
            self._sleep(max(wait_s, 0.01))
        if pull and not self._out_of_time():
            self._pull(feed=True, catalog=True, calendar=True)
        self._summary.status = self.sync.status()
        self.callbacks.emit("on_status", self._summary.status)
        return self._summary

    def run_forever(self) -> None:
        """Send and pull until :meth:`stop`; never raises for the platform's sake."""
        log.info("sync worker %s started", self.owner)
        self._release_stale_claims()
        opts = self.options
        while not self.stopping:
            try:
                self._drain()
                now = self.clock.now()
                self._pull(feed=self._due("feed", opts.feed_interval, now),
                           catalog=self._due("catalog", opts.catalog_interval, now),
                           calendar=self._due("calendar", opts.calendar_interval, now))
                self.callbacks.emit("on_status", self.sync.status())
                due = self.sync.next_due()
                wait_s = opts.idle_interval
                if due is not None:
                    wait_s = min(wait_s, max(0.0, (due - self.clock.now()).total_seconds()))
                if self._pause_until is not None:
                    wait_s = max(wait_s, (self._pause_until - self.clock.now()).total_seconds())
                if not self.stopping:
                    self._sleep(max(wait_s, 0.05))
            except Exception:  # noqa: BLE001 - e.g. the store is busy; try again shortly
                log.exception("sync worker round failed; retrying")
                if not self.stopping:
                    self._sleep(opts.idle_interval)
        log.info("sync worker %s stopped", self.owner)

    def _due(self, what: str, interval: float, now: datetime) -> bool:
        last = self._last[what]
        return last is None or (now - last).total_seconds() >= interval

    # -- stale claims -------------------------------------------------------------------------

    def _release_stale_claims(self) -> None:
        """Release claims of dead worker processes on this machine (others expire)."""
        if self._released_stale:
            return
        self._released_stale = True
        host = socket.gethostname()
        dead = []
        for owner in self.sync.claim_owners():
            parts = owner.rsplit(":", 2)
            if len(parts) == 3 and parts[0] == host and parts[1].isdigit() \
                    and owner != self.owner and not _pid_alive(int(parts[1])):
                dead.append(owner)
        if dead:
            n = self.sync.release_claims(dead)
            log.info("released %d claims of %d stopped sync workers", n, len(dead))

    # -- sending ------------------------------------------------------------------------------

    def _paused(self) -> float:
        with self._pause_lock:
            if self._pause_until is None:
                return 0.0
            left = (self._pause_until - self.clock.now()).total_seconds()
            if left <= 0:
                self._pause_until = None
                return 0.0
            return left

    def _pause(self, seconds: float) -> None:
        with self._pause_lock:
            until = self.clock.now() + timedelta(seconds=seconds)
            if self._pause_until is None or until > self._pause_until:
                self._pause_until = until

    def _drain(self) -> None:
        """Send everything due now; returns when nothing more is due."""
        opts = self.options
        queue: deque[CaseBatch] = deque()
        inflight: dict[Future, CaseBatch] = {}
        done: list[_CaseResult] = []
        done_cases: list[str] = []
        more = True  # the last claim was full: there may be more
        last_flush = self.clock.now()
        with ThreadPoolExecutor(max_workers=opts.concurrency,
                                thread_name_prefix="sync-send") as pool:
            while True:
                paused = self._paused()
                halt = self.stopping or self._out_of_time()
                if len(queue) < opts.concurrency and more and not paused and not halt:
                    batches = self.sync.claim(self.owner, cases=opts.claim_cases,
                                              per_case=opts.events_per_case, lease=opts.lease)
                    more = len(batches) == opts.claim_cases
                    queue.extend(batches)
                if paused or halt:
                    # 429/503 asked us to slow down (or we stop, or the bounded run is over):
                    # give back what is not started
                    while queue:
                        b = queue.popleft()
                        done.append(_CaseResult([Outcome(e.event_id, "released") for e in b.events]))
                        done_cases.append(b.case_no)
                while queue and len(inflight) < opts.concurrency * 2:
                    b = queue.popleft()
                    inflight[pool.submit(self._send_case, b)] = b
                if not inflight:
                    if done:
                        self._flush(done, done_cases)
                        last_flush = self.clock.now()
                        more = True
                        continue
                    if paused and not halt:
                        self._sleep(paused)
                        more = True
                        continue
                    return
                finished, _ = wait(list(inflight), timeout=opts.flush_seconds,
                                   return_when=FIRST_COMPLETED)
                for f in finished:
                    batch = inflight.pop(f)
                    done.append(f.result())
                    done_cases.append(batch.case_no)
                n = sum(len(r.outcomes) for r in done)
                now = self.clock.now()
                if done and (n >= opts.flush_every or not inflight
                             or (now - last_flush).total_seconds() >= opts.flush_seconds):
                    self._flush(done, done_cases)
                    last_flush = now
                    more = True

    def _flush(self, done: list[_CaseResult], cases: list[str]) -> None:
        outcomes = [o for r in done for o in r.outcomes]
        contact = [r for r in done if r.contact_ok is not None]
        ok = None if not contact else contact[-1].contact_ok
        error = next((r.error for r in reversed(contact) if r.error), None)
        self.sync.record(self.owner, outcomes, release=cases, contact_ok=ok, contact_error=error)
        s = self._summary
        for r in done:
            s.replays += r.replays
        for o in outcomes:
            if o.kind in ("acked", "refused", "failed"):
                setattr(s, o.kind, getattr(s, o.kind) + 1)
            elif o.kind == "rewind":
                s.rewound += 1
        if error and error not in s.errors:
            s.errors.append(error)
            self.callbacks.emit("on_error", error)
        if self.callbacks.on_status is not None:
            self.callbacks.emit("on_status", self.sync.status())
        done.clear()
        cases.clear()

    def _backoff(self, attempts: int, retry_after: float | None) -> datetime:
        with self._rng_lock:
            seconds = self.options.retry.after(attempts, retry_after, self._rng)
        return self.clock.now() + timedelta(seconds=seconds)

    def _send_case(self, batch: CaseBatch) -> _CaseResult:
        """Send one case's events in order; stop at the first one that does not go through."""
        result = _CaseResult([])
        events = batch.events
        for i, ev in enumerate(events):
            if i and self._out_of_time():
                result.outcomes.extend(Outcome(e.event_id, "released") for e in events[i:])
                break
            outcome = self._send_event(ev, result)
            result.outcomes.append(outcome)
            self._report(ev, outcome)
            if outcome.kind != "acked":
                result.outcomes.extend(Outcome(e.event_id, "released") for e in events[i + 1:])
                break
        return result

    def _send_event(self, ev: OutgoingEvent, result: _CaseResult) -> Outcome:
        try:
            try:
                self._upload_blobs(ev)
                receipt = self.client.post_event(ev.case_no, ev.body)
            except BlobMissing:
                # the platform lost a blob (or the cache lied): upload everything, once more
                self._upload_blobs(ev, force=True)
                receipt = self.client.post_event(ev.case_no, ev.body)
            result.contact_ok, result.error = True, None
            if receipt.replay:
                result.replays += 1
            return Outcome(ev.event_id, "acked")
        except OutOfTime:
            return Outcome(ev.event_id, "released")  # not tried: the bounded run is over
        except SeqGap as g:
            result.contact_ok = True
            return Outcome(ev.event_id, "rewind", message=g.message, rewind_to=g.expected_seq,
                           next_attempt_at=self._backoff(ev.attempts + 1, None))
        except Refused as r:
            result.contact_ok = True
            return Outcome(ev.event_id, "refused", message=r.message, http_status=r.status,
                           code=r.code, details=r.details)
        except BlobMissing as b:
            result.contact_ok = True
            return Outcome(ev.event_id, "failed", message=b.message,
                           next_attempt_at=self._backoff(ev.attempts + 1, None))
        except _LocalBlobMissing as m:
            return Outcome(ev.event_id, "refused", message=m.message, http_status=0,
                           code="local_blob_missing")
        except Transient as t:
            result.contact_ok = False
            result.error = t.message
            if t.retry_after is not None:
                result.pause = t.retry_after
                self._pause(t.retry_after)
            return Outcome(ev.event_id, "failed", message=_failed_text(t),
                           next_attempt_at=self._backoff(ev.attempts + 1, t.retry_after))
        except PlatformError as e:  # pragma: no cover - every subclass is handled above
            result.contact_ok = False
            return Outcome(ev.event_id, "failed", message=e.message,
                           next_attempt_at=self._backoff(ev.attempts + 1, None))
        except Exception as e:  # noqa: BLE001 - a bug or a store problem: retry, never drop
            log.exception("sending event %s of case %s failed unexpectedly", ev.event_id, ev.case_no)
            return Outcome(ev.event_id, "failed", message=f"发送时出现内部错误（{type(e).__name__}）。",
                           next_attempt_at=self._backoff(ev.attempts + 1, None))

    def _upload_blobs(self, ev: OutgoingEvent, *, force: bool = False) -> None:
        for digest in referenced_blobs(ev.body):
            with self._uploaded_lock:
                if digest in self._uploaded and not force:
                    continue
            if force or not self.client.has_blob(digest):
                try:
                    data = self.blobs.get(digest)
                except NotFound:
                    raise _LocalBlobMissing(
                        f"本机附件库中缺少该事件引用的附件（{digest[:12]}…），无法上传，"
                        "请检查附件目录或重新扫描后处理。") from None
                self.client.put_blob(digest, data)
            with self._uploaded_lock:
                if len(self._uploaded) >= _UPLOADED_CACHE:
                    self._uploaded.clear()  # bounded memory for a worker running for months
                self._uploaded.add(digest)

    def _report(self, ev: OutgoingEvent, o: Outcome) -> None:
        if o.kind == "released" or self.callbacks.on_event is None:
            return
        self.callbacks.emit("on_event", EventReport(ev.case_no, ev.seq, ev.type, o.kind, o.message))

    # -- pulling ------------------------------------------------------------------------------

    def _pull(self, *, feed: bool, catalog: bool, calendar: bool) -> None:
        now = self.clock.now()
        if feed and not self._out_of_time():
            self._last["feed"] = now
            try:
                result = self.puller.pull_feed()
                self._summary.feed = result if self._summary.feed is None else _merge(
                    self._summary.feed, result)
                self.sync.note_contact(True)
            except PlatformError as e:
                self._pull_failed("状态回传", e)
        if catalog and not self._out_of_time():
            self._last["catalog"] = now
            try:
                message = self.puller.pull_catalog()
                if message:
                    self._summary.catalog = message
                    self.callbacks.emit("on_catalog", message)
                    if message.startswith(CATALOG_REFUSED):  # a sync problem a person sees
                        self._summary.errors.append(message)
                        self.callbacks.emit("on_error", message)
            except PlatformError as e:
                self._pull_failed("事项目录", e)
        if calendar and not self._out_of_time():
            self._last["calendar"] = now
            year = now.year
            try:
                years = self.puller.pull_calendar([year, year + 1])
                self._summary.calendar_years.extend(years)
                for y in years:
                    self.callbacks.emit("on_calendar", y)
            except PlatformError as e:
                self._pull_failed("节假日日历", e)

    def _pull_failed(self, what: str, e: PlatformError) -> None:
        if isinstance(e, OutOfTime):
            return  # the bounded run ended while pulling: the next run goes on
        message = f"{what}同步未完成：{e.message}"
        log.warning("%s pull failed: %s (HTTP %s, %s)", what, platform_text(e.code), e.status,
                    type(e).__name__)
        self._summary.errors.append(message)
        if isinstance(e, Transient):
            self.sync.note_contact(False, message)
        self.callbacks.emit("on_error", message)


#: Digests remembered as stored on the platform (a HEAD saved per page referenced again).
_UPLOADED_CACHE = 50_000


class _LocalBlobMissing(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _failed_text(t: Transient) -> str:
    if t.status:
        return f"{t.message}（HTTP {t.status}，将自动重试）"
    return f"{t.message}（将自动重试）"


def _merge(a: FeedResult, b: FeedResult) -> FeedResult:
    return FeedResult(a.applied + b.applied, a.skipped + b.skipped, a.cases + b.cases,
                      a.unchanged + b.unchanged)


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never signals it)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows: os.kill(pid, 0) would terminate it
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BackgroundSync:
    """The sync worker on a background thread, as the desktop app runs it (后台同步).

    Reads the platform address from the configuration (:meth:`SyncService.config`) and the
    client secret from the keyring (or ``COUNTER_CLIENT_SECRET``) when it starts and after
    :meth:`restart`; while either is missing it reports so through ``callbacks.on_error`` and
    ``on_status`` and looks again every ``recheck`` seconds. Never blocks the caller: start,
    stop, wake and restart return at once.

    The client and the worker come from the composition root: ``ctx.secrets``,
    ``ctx.platform.client(…)`` and ``ctx.sync_worker(…)`` (:mod:`bootstrap`).

    Args:
        ctx: the application context.
        callbacks: listeners (called on the background thread).
        options: worker tuning.
        recheck: seconds between looks at a missing configuration.
    """

    def __init__(self, ctx, callbacks: SyncCallbacks | None = None,
                 options: WorkerOptions | None = None, recheck: float = 30.0) -> None:
        self._ctx = ctx
        self.callbacks = callbacks or SyncCallbacks()
        self._options = options
        self._recheck = recheck
        self._stop = threading.Event()
        self._restart = threading.Event()
        self._lock = threading.Lock()
        self._worker: SyncWorker | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop after the requests in flight (waits up to ``timeout`` seconds)."""
        self._stop.set()
        self._restart.set()
        with self._lock:
            if self._worker is not None:
                self._worker.stop()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """Whether the background thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Send now (call after a decision wrote an outbox event)."""
        with self._lock:
            if self._worker is not None:
                self._worker.wake()

    def restart(self) -> None:
        """Read the configuration and the secret again (after the administrator changed them)."""
        self._restart.set()
        with self._lock:
            if self._worker is not None:
                self._worker.stop()

    def _run(self) -> None:
        secrets = self._ctx.secrets
        sync = self._ctx.sync
        while not self._stop.is_set():
            self._restart.clear()
            config = sync.config()
            client_id = self._ctx.site.get().client_id
            problem = None
            if not config.platform_url:
                problem = "未配置省级平台地址，办件暂存本机，配置后自动发送。"
            else:
                try:
                    secrets.get_client_secret(client_id)
                except secrets.SecretUnavailable as e:
                    problem = e.message
            if problem is not None:
                self.callbacks.emit("on_error", problem)
                self.callbacks.emit("on_status", sync.status())
                self._restart.wait(self._recheck)
                continue
            try:
                client = self._ctx.platform.client(config.platform_url, client_id,
                                                   ca_file=config.ca_file)
            except (CounterError, PlatformError) as e:  # an http:// address, an unreadable CA file
                self.callbacks.emit("on_error", e.message)
                self.callbacks.emit("on_status", sync.status())
                self._restart.wait(self._recheck)
                continue
            worker = self._ctx.sync_worker(client, options=self._options,
                                           callbacks=self.callbacks)
            with self._lock:
                self._worker = worker
            try:
                if not (self._stop.is_set() or self._restart.is_set()):
                    worker.run_forever()
            finally:
                with self._lock:
                    self._worker = None
                client.close()
