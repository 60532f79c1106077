"""The store side of syncing with the provincial platform (同步服务).

The sync worker (``sync/``) speaks HTTP; everything it reads or writes in the store goes
through this service, one transaction per call:

* :meth:`SyncService.claim` — the next cases to send: for each, its unsent events in ``seq``
  order from the first one not acknowledged, claimed by one worker for a while (a lease);
* :meth:`SyncService.record` — the outcomes: ``acked``, ``failed`` (retried at
  ``next_attempt_at``), ``refused`` (with the platform's Chinese message, for a person),
  ``released`` (not tried), ``rewind`` (the platform asked for earlier events again);
* the feed cursor, the catalog ETag and other small state (:meth:`state`, :meth:`set_state`);
* status-feed items that could not be applied, kept aside for a person (平台数据问题):
  :meth:`keep_feed_item` (the worker), :meth:`feed_problems`, :meth:`resolve_feed_problem`;
* what people see: :meth:`status` (a :class:`SyncStatus` snapshot), :meth:`refused` and
  :meth:`resend`, :meth:`case_sync`, and the daily reconciliation :meth:`reconcile` (日结).

Sync states of an event (``outbox.state``): ``pending`` → ``sent`` (claimed, on its way) →
``acked``; ``failed`` (will be retried); ``refused`` (needs a person). A refused or failing
event holds back the later events of its own case only.

No HTTP here and no Qt: plain data in, plain data out.

Permissions (:mod:`counter.permissions`): what a person does here names the actor and is
checked first and audited — :meth:`SyncService.set_config` (``platform.configure``;
the settings dialog hands the client secret to the keyring only after it succeeded),
:meth:`SyncService.resend` (``sync.resend``) and :meth:`SyncService.resolve_feed_problem`
(``sync.resolve_feed_problem``). The reads people make name the actor too and
are audited only when refused — :meth:`SyncService.refused` (``sync.view_refused``),
:meth:`SyncService.case_sync` / :meth:`SyncService.case_syncs` (``case.view``),
:meth:`SyncService.reconcile` (``sync.reconcile``), :meth:`SyncService.feed_problems`
(``sync.view_feed_problems``). :meth:`SyncService.status` (counts, no
case or applicant data) and the worker's own calls are open: the system's.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable, Sequence

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from counter import audit
from counter.clock import CST, Clock
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import Actor
from counter.permissions import Permissions
from counter.logsafe import platform_text
from counter.platform_url import check_platform_url
from counter.store.models import (CaseRow, FeedProblemRow, OutboxRow, SettingRow, SyncClaimRow,
                                  SyncRefusalRow, SyncStateRow)
from counter.changes import ChangeKind
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

__all__ = ["SyncService", "SyncConfig", "SyncStatus", "OutgoingEvent", "CaseBatch", "Outcome",
           "RefusedEvent", "CaseSync", "EventSync", "Reconciliation", "ReconLine",
           "ReconDifference", "DECISION_TYPES", "STATE_LABELS", "FeedProblem", "FEED_RAW_LIMIT"]

DECISION_TYPES = ("accepted", "notified", "rejected")
UNSENT = ("pending", "sent", "failed")
OPEN = ("pending", "sent", "failed", "refused")
STATE_LABELS = {"pending": "待发送", "sent": "发送中", "acked": "平台已确认", "failed": "发送失败，将重试",
                "refused": "平台拒收，需人工处理", "none": "无需同步", "synced": "已同步"}
TYPE_LABELS = {"accepted": "受理", "notified": "一次性告知", "rejected": "不予受理",
               "supplemented": "补正", "terminated": "终止", "picked_up": "出件", "rated": "好差评",
               "voided": "作废"}

# settings keys (plain configuration, never secrets)
URL_KEY = "sync.platform_url"
CA_KEY = "sync.ca_file"
# sync_state keys
FEED_CURSOR = "feed_cursor"
CATALOG_ETAG = "catalog_etag"
LAST_SUCCESS = "last_success_at"
LAST_ATTEMPT = "last_attempt_at"
LAST_ERROR = "last_error"
ONLINE = "online"

#: The most of a kept-aside feed item stored (characters of its JSON): enough to read what
#: the platform sent, never a megabyte per item.
FEED_RAW_LIMIT = 8192
#: Why a feed item was kept aside (``FeedProblem.kind``).
FEED_PROBLEM_KINDS = {"malformed": "格式不符", "unknown_case": "本机无此办件",
                      "not_applied": "无法应用"}


@dataclass(frozen=True)
class SyncConfig:
    """Where the platform is (同步配置), as the administrator set it.

    Attributes:
        platform_url: the base URL (paths ``/api/v1/…`` are added), or None when not set.
        ca_file: a CA file to trust for the platform's certificate (e.g. the simulator's),
            or None for the system's trust store.
    """

    platform_url: str | None
    ca_file: str | None = None


@dataclass(frozen=True)
class OutgoingEvent:
    """An outbox event on its way (the body of ``POST /cases/{case_no}/events``)."""

    event_id: str
    case_no: str
    seq: int
    type: str
    body: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class CaseBatch:
    """A claimed case: its unsent events in ``seq`` order, the first one due."""

    case_no: str
    events: tuple[OutgoingEvent, ...]


@dataclass(frozen=True)
class Outcome:
    """What became of one event (for :meth:`SyncService.record`).

    Attributes:
        event_id: the event.
        kind: ``acked``, ``failed``, ``refused``, ``released`` or ``rewind``.
        message: Chinese, for a person (``failed``: the reason; ``refused``: the platform's).
        next_attempt_at: when to try again (``failed``).
        http_status, code, details: the platform's answer (``refused``).
        rewind_to: ``rewind``: the seq the platform expects; the acknowledged events of the
            case from there on are sent again.
    """

    event_id: str
    kind: str
    message: str | None = None
    next_attempt_at: datetime | None = None
    http_status: int | None = None
    code: str | None = None
    details: Sequence[dict] = ()
    rewind_to: int | None = None


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot for the status indicator (同步状态).

    Attributes:
        configured: a platform URL is set.
        online: the last contact with the platform worked (None: not tried yet).
        pending: events not yet acknowledged and not refused (``pending``+``sent``+``failed``).
        failed: of those, the ones that failed at least once and wait to be retried.
        refused: events the platform refused (a person must look at them).
        oldest_pending_at: when the oldest unsent event happened.
        last_success_at: the last successful exchange with the platform.
        last_attempt_at: the last attempt of any kind.
        last_error: the last problem, in Chinese (None after a success).
        platform_url: as configured.
        feed_problems: status-feed items kept aside and not yet marked handled (平台数据问题).
    """

    configured: bool
    online: bool | None
    pending: int
    failed: int
    refused: int
    oldest_pending_at: datetime | None
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    platform_url: str | None
    feed_problems: int = 0

    @property
    def label(self) -> str:
        """One short Chinese line for a status bar."""
        if not self.configured and self.online is None:
            return "未配置省级平台地址"
        head = {True: "平台在线", False: "平台离线", None: "尚未连接平台"}[self.online]
        if self.online and self.feed_problems:
            head = "平台数据异常"  # reachable, but what it sends cannot all be taken
        parts = [head, f"待发送 {self.pending} 条"]
        if self.refused:
            parts.append(f"拒收 {self.refused} 条待处理")
        if self.feed_problems:
            parts.append(f"平台数据问题 {self.feed_problems} 条待处理")
        return "，".join(parts)


@dataclass(frozen=True)
class RefusedEvent:
    """An event the platform refused (拒收事件), for the refused-events page."""

    event_id: str
    case_no: str
    seq: int
    type: str
    occurred_at: datetime
    refused_at: datetime | None
    http_status: int | None
    code: str | None
    message: str
    details: tuple[dict, ...]
    held_back: int  # later events of the same case waiting behind it

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)


@dataclass(frozen=True)
class FeedProblem:
    """A status-feed item kept aside (平台数据问题), for the administrator's list.

    Attributes:
        id: its number in the store.
        received_at: when the worker read it.
        cursor: the cursor its page was read after (None: the start of the feed).
        position: its place in that page (from 0).
        case_no: the case number as sent (cut to 64 characters; None if there was none).
        status: the status as sent (cut to 64 characters; None if there was none).
        kind: ``malformed``, ``unknown_case`` or ``not_applied``; ``kind_label`` in Chinese.
        reason: why it was not applied, in Chinese.
        raw: the item's JSON as the platform sent it, at most :data:`FEED_RAW_LIMIT`
            characters (``truncated`` says when cut); platform text: escape it to show it.
        raw_size: bytes of the whole item's JSON.
        resolved_at, resolved_by: when and by whom it was marked handled (标记已处理).
    """

    id: int
    received_at: datetime
    cursor: str | None
    position: int
    case_no: str | None
    status: str | None
    kind: str
    reason: str
    raw: str
    raw_size: int
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def truncated(self) -> bool:
        return len(self.raw.encode("utf-8")) < self.raw_size

    @property
    def kind_label(self) -> str:
        return FEED_PROBLEM_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class EventSync:
    """The sync state of one event of a case."""

    event_id: str
    seq: int
    type: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    occurred_at: datetime


@dataclass(frozen=True)
class CaseSync:
    """The sync state of a case (办件同步状态): the worst of its events.

    ``state``: ``none`` (no events), ``synced`` (all acknowledged), ``pending``, ``failed``
    or ``refused``; ``label`` says it in Chinese.
    """

    case_no: str
    state: str
    events: tuple[EventSync, ...]
    message: str | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class ReconLine:
    """One event type of a day: local count against the platform's acknowledgements."""

    type: str
    local: int
    acked: int
    pending: int
    refused: int

    @property
    def label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def difference(self) -> int:
        return self.local - self.acked


@dataclass(frozen=True)
class ReconDifference:
    """A case whose decision the platform has not acknowledged (差异明细)."""

    case_no: str
    type: str
    state: str
    reason: str


@dataclass
class Reconciliation:
    """The daily reconciliation (日结) of one day.

    Attributes:
        day: the business day (Beijing time).
        decisions: per decision type (受理, 一次性告知, 不予受理).
        others: per other event type (出件, 好差评 …).
        differences: every decision of the day not acknowledged by the platform, and every
            case decided that day without a decision event.
    """

    day: date
    decisions: list[ReconLine] = field(default_factory=list)
    others: list[ReconLine] = field(default_factory=list)
    differences: list[ReconDifference] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.differences and all(l.difference == 0 for l in self.decisions + self.others)


class SyncService:
    """Outbox claims and outcomes, sync state, status and reconciliation (同步服务).

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        permissions: the permission checks of what a person does (configuration, resend);
            default: the role matrix only.
    """

    def __init__(self, uow: UowFactory, clock: Clock, *,
                 permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._perm = permissions or Permissions(None, clock)

    # -- configuration ------------------------------------------------------------------------

    def config(self) -> SyncConfig:
        with self._uow(read_only=True) as u:
            url = u.session.get(SettingRow, URL_KEY)
            ca = u.session.get(SettingRow, CA_KEY)
            return SyncConfig(url.value if url and url.value else None,
                              ca.value if ca and ca.value else None)

    def set_config(self, platform_url: str | None, ca_file: str | None = None, *,
                   actor: Actor) -> SyncConfig:
        """Save the platform address (管理员配置): ``https://`` (plain ``http://`` only for a
        loopback simulator, :func:`counter.platform_url.check_platform_url`) and an optional
        CA file, which must be a readable PEM file of certificates.

        ``actor`` must be allowed ``platform.configure`` (checked first, audited). The audit
        entry names the old and the new address when it changes (addresses carry no
        credentials: they are refused) and whether a CA file is set.
        """
        now = self._clock.now()
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "platform.configure", at=now)
        if platform_url:
            platform_url = check_platform_url(platform_url)
        if ca_file:
            ca_file = check_ca_file(ca_file)
        with self._uow() as u:
            self._perm.require(u.session, actor, "platform.configure", at=now)
            old = u.session.get(SettingRow, URL_KEY)
            old_url = (old.value if old is not None else "") or None
            for key, value in ((URL_KEY, platform_url or ""), (CA_KEY, ca_file or "")):
                row = u.session.get(SettingRow, key)
                if row is None:
                    u.session.add(SettingRow(key=key, value=value))
                else:
                    row.value = value
            detail = {"url_set": bool(platform_url), "ca_file_set": bool(ca_file)}
            if (platform_url or None) != old_url:
                detail.update(old_url=old_url, new_url=platform_url or None)
            audit.append(u.session, at=now, actor=actor, action="platform.configure",
                         detail=detail)
            u.commit()
        log.info("sync configuration saved (url set: %s, url changed: %s, ca file set: %s)",
                 bool(platform_url), (platform_url or None) != old_url, bool(ca_file))
        return SyncConfig(platform_url or None, ca_file or None)

    # -- small state --------------------------------------------------------------------------

    def state(self, key: str, default: str | None = None) -> str | None:
        with self._uow(read_only=True) as u:
            row = u.session.get(SyncStateRow, key)
            return default if row is None else row.value

    def set_state(self, key: str, value: str | None) -> None:
        with self._uow() as u:
            self._put_state(u.session, key, value)
            u.commit()

    def _put_state(self, s, key: str, value: str | None) -> None:
        row = s.get(SyncStateRow, key)
        if value is None:
            if row is not None:
                s.delete(row)
            return
        if row is None:
            s.add(SyncStateRow(key=key, value=value, updated_at=self._clock.now()))
        else:
            row.value, row.updated_at = value, self._clock.now()

    def note_contact(self, ok: bool, error: str | None = None) -> None:
        """Record the outcome of a contact with the platform (for the status indicator)."""
        now = self._clock.now().isoformat()
        with self._uow() as u:
            self._note(u.session, ok, error, now)
            u.commit()

    def _note(self, s, ok: bool, error: str | None, now: str) -> None:
        self._put_state(s, LAST_ATTEMPT, now)
        self._put_state(s, ONLINE, "1" if ok else "0")
        if ok:
            self._put_state(s, LAST_SUCCESS, now)
            self._put_state(s, LAST_ERROR, None)
        elif error:
            self._put_state(s, LAST_ERROR, error)

    # -- sending ------------------------------------------------------------------------------

    def claim(self, owner: str, *, cases: int = 32, per_case: int = 50,
              lease: timedelta = timedelta(minutes=2)) -> list[CaseBatch]:
        """Claim up to ``cases`` cases whose first unacknowledged event is due.

        For each case the events from its first unacknowledged one on (at most ``per_case``)
        are returned in ``seq`` order and marked ``sent``; the case is claimed by ``owner``
        until ``now + lease`` or until :meth:`record` releases it. A case whose first open
        event is ``refused`` is held back until a person resends or handles it. Claimed cases
        (by any owner, this one included: its requests are in flight) are skipped until their
        lease runs out.
        """
        from counter.outbox import event_body

        now = self._clock.now()
        try:
            with self._uow() as u:
                s = u.session
                head = self._heads()
                q = (select(OutboxRow.case_no, OutboxRow.seq)
                     .join(head, and_(head.c.case_no == OutboxRow.case_no,
                                      head.c.seq == OutboxRow.seq))
                     .outerjoin(SyncClaimRow, SyncClaimRow.case_no == OutboxRow.case_no)
                     .where(OutboxRow.state.in_(UNSENT),
                            or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
                            or_(SyncClaimRow.case_no.is_(None), SyncClaimRow.until < now))
                     .order_by(OutboxRow.created_at, OutboxRow.case_no)
                     .limit(cases)
                     .with_for_update(skip_locked=True, of=OutboxRow))
                heads = s.execute(q).all()
                if heads:
                    # PostgreSQL: a head row whose lock was taken only after another worker's
                    # claim of it committed has passed the query as the rows were when it began
                    # (READ COMMITTED re-checks only the locked outbox row, and a ``sent`` one
                    # still qualifies): look at the claims again now that the rows are ours.
                    held = set(s.scalars(select(SyncClaimRow.case_no).where(
                        SyncClaimRow.case_no.in_([h.case_no for h in heads]),
                        SyncClaimRow.until >= now)))
                    heads = [h for h in heads if h.case_no not in held]
                if not heads:
                    return []
                case_nos = [h.case_no for h in heads]
                start = {h.case_no: h.seq for h in heads}
                rows = s.scalars(select(OutboxRow)
                                 .where(OutboxRow.case_no.in_(case_nos), OutboxRow.state.in_(UNSENT))
                                 .order_by(OutboxRow.case_no, OutboxRow.seq)).all()
                by_case: dict[str, list[OutboxRow]] = {c: [] for c in case_nos}
                for row in rows:
                    run = by_case[row.case_no]
                    if row.seq < start[row.case_no] or len(run) >= per_case:
                        continue
                    if run and row.seq != run[-1].seq + 1:
                        continue  # a refused event lies between: stop the run there
                    if not run and row.seq != start[row.case_no]:
                        continue
                    run.append(row)
                until = now + lease
                s.execute(delete(SyncClaimRow).where(SyncClaimRow.case_no.in_(case_nos)))
                s.add_all(SyncClaimRow(case_no=c, owner=owner, until=until) for c in case_nos)
                ids = [r.event_id for run in by_case.values() for r in run]
                for chunk in _chunks(ids, 500):
                    s.execute(update(OutboxRow).where(OutboxRow.event_id.in_(chunk))
                              .values(state="sent", updated_at=now))  # handed out (see
                    # outbox.renew_unsent_password_hash: never rewrite an event once claimed)
                batches = [CaseBatch(c, tuple(OutgoingEvent(r.event_id, r.case_no, r.seq, r.type,
                                                            event_body(r), r.attempts)
                                              for r in by_case[c]))
                           for c in case_nos if by_case[c]]
                u.commit()
        except IntegrityError:
            # another worker claimed one of these cases at the same moment (PostgreSQL)
            log.info("claim raced with another worker; trying again later")
            return []
        return batches

    def record(self, owner: str, outcomes: Iterable[Outcome], *, release: Iterable[str] = (),
               contact_ok: bool | None = None, contact_error: str | None = None) -> None:
        """Store the outcomes of sent events and release finished cases, in one transaction.

        Args:
            owner: the worker that claimed the events.
            outcomes: what became of each event (see :class:`Outcome`).
            release: case numbers whose claim by ``owner`` ends now.
            contact_ok, contact_error: the platform's reachability, for :meth:`status`.
        """
        now = self._clock.now()
        outcomes = list(outcomes)
        with self._uow() as u:
            s = u.session
            rows = {}
            for chunk in _chunks([o.event_id for o in outcomes], 500):
                rows.update((r.event_id, r) for r in s.scalars(
                    select(OutboxRow).where(OutboxRow.event_id.in_(chunk))))
            for o in outcomes:
                row = rows.get(o.event_id)
                if row is None:
                    log.warning("outcome for an unknown event %s ignored", o.event_id)
                    continue
                self._apply(s, row, o, now)
                u.case_changed(row.case_no, ChangeKind.SYNCED)
            released = list(release)
            for chunk in _chunks(released, 500):
                s.execute(delete(SyncClaimRow).where(SyncClaimRow.case_no.in_(chunk),
                                                     SyncClaimRow.owner == owner))
            if contact_ok is not None:
                self._note(s, contact_ok, contact_error, now.isoformat())
            u.commit()

    def _apply(self, s, row: OutboxRow, o: Outcome, now: datetime) -> None:
        if o.kind == "acked":
            row.state, row.last_error, row.next_attempt_at = "acked", None, None
            row.attempts += 1
        elif row.state == "acked" and o.kind != "rewind":
            return  # acknowledged already (e.g. by another worker after a lost lease)
        elif o.kind == "failed":
            row.state, row.last_error, row.next_attempt_at = "failed", o.message, o.next_attempt_at
            row.attempts += 1
        elif o.kind == "refused":
            row.state, row.last_error, row.next_attempt_at = "refused", o.message, None
            row.attempts += 1
            s.merge(SyncRefusalRow(event_id=row.event_id, case_no=row.case_no, at=now,
                                   http_status=o.http_status or 0, code=o.code or "",
                                   message=o.message or "", details=json.dumps(
                                       list(o.details), ensure_ascii=False)))
            log.warning("event %s of case %s (seq %d, %s) refused by the platform: %s",
                        row.event_id, row.case_no, row.seq, row.type, platform_text(o.code))
        elif o.kind == "released":
            if row.state == "sent":
                row.state = "pending" if row.attempts == 0 else "failed"
        elif o.kind == "rewind":
            target = o.rewind_to or 1
            again = s.execute(update(OutboxRow).where(
                OutboxRow.case_no == row.case_no, OutboxRow.seq >= target,
                OutboxRow.seq < row.seq, OutboxRow.state == "acked")
                .values(state="pending", next_attempt_at=None,
                        last_error="平台要求重新报送此前的事件")).rowcount
            row.state = "pending" if row.state == "sent" else row.state
            log.warning("case %s: platform expects seq %d; %d acknowledged events resent",
                        row.case_no, target, again)
            if not again:  # nothing to resend: do not loop on it
                row.state, row.next_attempt_at = "failed", o.next_attempt_at
                row.last_error = o.message
                row.attempts += 1
        else:
            raise ValueError(f"unknown outcome {o.kind!r}")
        row.updated_at = now

    def release_claims(self, owners: Iterable[str]) -> int:
        """End every claim of these owners (their workers are known to be gone)."""
        owners = list(owners)
        if not owners:
            return 0
        with self._uow() as u:
            s = u.session
            cases = list(s.scalars(select(SyncClaimRow.case_no).where(SyncClaimRow.owner.in_(owners))))
            n = s.execute(delete(SyncClaimRow).where(SyncClaimRow.owner.in_(owners))).rowcount
            for chunk in _chunks(cases, 500):
                s.execute(update(OutboxRow).where(OutboxRow.case_no.in_(chunk),
                                                  OutboxRow.state == "sent")
                          .values(state="pending"))
            u.commit()
        return n

    def claim_owners(self) -> list[str]:
        """The owners of current claims (a starting worker releases those of dead processes)."""
        with self._uow(read_only=True) as u:
            return list(u.session.scalars(select(SyncClaimRow.owner).distinct()))

    def next_due(self) -> datetime | None:
        """When the next case becomes sendable (None: nothing is waiting).

        Only the first open event of each case counts: events behind a refused or failing
        one wait for it. A case claimed by a worker counts from the end of its lease.
        """
        now = self._clock.now()
        with self._uow(read_only=True) as u:
            rows = u.session.execute(
                select(OutboxRow.next_attempt_at, SyncClaimRow.until)
                .join(self._heads(), and_(_HEAD.c.case_no == OutboxRow.case_no,
                                          _HEAD.c.seq == OutboxRow.seq))
                .outerjoin(SyncClaimRow, SyncClaimRow.case_no == OutboxRow.case_no)
                .where(OutboxRow.state.in_(UNSENT))).all()
        best = None
        for next_attempt_at, until in rows:
            due = next_attempt_at or now
            if until is not None and until > due:
                due = until
            if best is None or due < best:
                best = due
        return best

    @staticmethod
    def _heads():
        """The first open (not acknowledged) event of each case: ``(case_no, seq)``."""
        return _HEAD

    def resend(self, event_id: str, actor: Actor) -> None:
        """Send a refused event again (重新发送), e.g. after the platform fixed its catalog.

        ``actor`` must be allowed ``sync.resend`` (checked first, audited).
        """
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "sync.resend", at=now)
            row = u.session.get(OutboxRow, event_id)
            if row is None:
                raise NotFound("未找到该同步事件。")
            if row.state != "refused":
                raise CounterError("只有被平台拒收的事件可以重新发送。")
            row.state, row.next_attempt_at, row.updated_at = "pending", None, now
            u.session.execute(delete(SyncRefusalRow).where(SyncRefusalRow.event_id == event_id))
            audit.append(u.session, at=now, actor=actor, action="sync.resend",
                         case_no=row.case_no, detail={"event": event_id, "type": row.type})
            u.case_changed(row.case_no, ChangeKind.SYNCED)
            u.commit()
        log.info("refused event %s queued again", event_id)

    # -- what people see ----------------------------------------------------------------------

    def status(self) -> SyncStatus:
        """The snapshot for the status indicator (one read transaction).

        Open (no actor): counts, times, the platform address and the last contact problem —
        no case numbers, no applicant data, no platform reason about a case. The worker reads
        it for its own reports, and the status bar shows it to whoever is at the counter.
        """
        with self._uow(read_only=True) as u:
            s = u.session
            counts = dict(s.execute(select(OutboxRow.state, func.count())
                                    .where(OutboxRow.state.in_(OPEN))
                                    .group_by(OutboxRow.state)).all())
            oldest = s.scalar(select(func.min(OutboxRow.occurred_at))
                              .where(OutboxRow.state.in_(UNSENT)))
            state = dict(s.execute(select(SyncStateRow.key, SyncStateRow.value)).all())
            url = s.scalar(select(SettingRow.value).where(SettingRow.key == URL_KEY)) or None
            problems = s.scalar(select(func.count()).select_from(FeedProblemRow)
                                .where(FeedProblemRow.resolved_at.is_(None)))
        online = state.get(ONLINE)
        return SyncStatus(
            configured=bool(url), online=None if online is None else online == "1",
            pending=sum(counts.get(k, 0) for k in UNSENT), failed=counts.get("failed", 0),
            refused=counts.get("refused", 0), oldest_pending_at=oldest,
            last_success_at=_parse(state.get(LAST_SUCCESS)),
            last_attempt_at=_parse(state.get(LAST_ATTEMPT)), last_error=state.get(LAST_ERROR),
            platform_url=url, feed_problems=problems or 0)

    def refused(self, actor: Actor, limit: int = 500) -> list[RefusedEvent]:
        """Refused events, oldest first, with the platform's reasons (拒收事件列表).

        ``actor`` must be allowed ``sync.view_refused`` (checked first; a refusal is audited,
        a successful read is not): the platform words its reasons itself and may name an
        applicant.
        """
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "sync.view_refused")
            s = u.session
            rows = s.execute(select(OutboxRow, SyncRefusalRow)
                             .outerjoin(SyncRefusalRow, SyncRefusalRow.event_id == OutboxRow.event_id)
                             .where(OutboxRow.state == "refused")
                             .order_by(OutboxRow.occurred_at, OutboxRow.case_no, OutboxRow.seq)
                             .limit(limit)).all()
            behind = dict(s.execute(select(OutboxRow.case_no, func.count())
                                    .where(OutboxRow.case_no.in_([r.case_no for r, _ in rows]),
                                           OutboxRow.state.in_(UNSENT))
                                    .group_by(OutboxRow.case_no)).all()) if rows else {}
            return [RefusedEvent(r.event_id, r.case_no, r.seq, r.type, r.occurred_at,
                                 f.at if f else None, f.http_status if f else None,
                                 f.code if f else None, (f.message if f else r.last_error) or "",
                                 tuple(json.loads(f.details)) if f else (),
                                 behind.get(r.case_no, 0))
                    for r, f in rows]

    # -- status-feed items kept aside (平台数据问题) ------------------------------------------

    def keep_feed_item(self, item: Any, *, kind: str, reason: str, cursor: str | None,
                       position: int) -> FeedProblem | None:
        """Keep a status-feed item aside for a person (the worker's call, no actor).

        ``item`` is the item as decoded from the platform's JSON (any value); it is stored as
        JSON, cut to :data:`FEED_RAW_LIMIT` characters. The same item read again (a page
        re-read after a killed worker, the platform repeating itself) is stored once: returns
        None then, else the new problem.
        """
        if kind not in FEED_PROBLEM_KINDS:
            raise ValueError(f"unknown feed problem kind {kind!r}")
        text = json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        fields = item if isinstance(item, dict) else {}
        now = self._clock.now()
        row = FeedProblemRow(digest=digest, received_at=now, cursor=cursor, position=position,
                             case_no=_as_sent(fields.get("case_no")),
                             status=_as_sent(fields.get("status")), kind=kind, reason=reason,
                             raw=text[:FEED_RAW_LIMIT], raw_size=len(text.encode("utf-8")))
        try:
            with self._uow() as u:
                if u.session.scalar(select(FeedProblemRow.id)
                                    .where(FeedProblemRow.digest == digest)) is not None:
                    return None
                u.session.add(row)
                u.session.flush()
                problem = _problem(row)
                u.case_changed(row.case_no or "", ChangeKind.FEED_PROBLEM)
                u.commit()
        except IntegrityError:  # another worker of the hall kept it at the same moment
            return None
        log.warning("status feed item kept aside as feed problem %d (%s)", problem.id, kind)
        return problem

    def feed_problems(self, actor: Actor, *, include_resolved: bool = False,
                      limit: int = 500) -> list[FeedProblem]:
        """The status-feed items kept aside, oldest first (平台数据问题列表); by default only
        those not yet marked handled.

        ``actor`` must be allowed ``sync.view_feed_problems`` (checked first; a refusal is
        audited, a successful read is not): the items are the platform's text and may name
        an applicant.
        """
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "sync.view_feed_problems")
            q = select(FeedProblemRow).order_by(FeedProblemRow.received_at, FeedProblemRow.id)
            if not include_resolved:
                q = q.where(FeedProblemRow.resolved_at.is_(None))
            return [_problem(r) for r in u.session.scalars(q.limit(limit))]

    def resolve_feed_problem(self, problem_id: int, actor: Actor) -> FeedProblem:
        """标记已处理: a person has dealt with a kept-aside item (e.g. asked the platform to
        send it again, corrected the case by hand). It stays stored; it no longer counts.

        ``actor`` must be allowed ``sync.resolve_feed_problem`` (checked first, audited).
        """
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "sync.resolve_feed_problem", at=now)
            row = s.get(FeedProblemRow, problem_id)
            if row is None:
                raise NotFound("未找到该平台数据问题。")
            if row.resolved_at is not None:
                raise CounterError("该平台数据问题已标记为已处理。")
            row.resolved_at, row.resolved_by = now, actor.user_id
            audit.append(s, at=now, actor=actor, action="sync.resolve_feed_problem",
                         detail={"problem": row.id, "kind": row.kind})
            s.flush()
            problem = _problem(row)
            u.case_changed(row.case_no or "", ChangeKind.FEED_PROBLEM)
            u.commit()
        log.info("feed problem %d marked handled by %s", problem_id, actor.user_id)
        return problem

    def case_sync(self, case_no: str, actor: Actor) -> CaseSync:
        """The sync state of one case and of each of its events (办件同步状态).

        ``actor`` must be allowed ``case.view`` (checked first; a refusal is audited, a
        successful read is not): the state carries the platform's reason for a refusal.
        """
        return self.case_syncs([case_no], actor)[case_no]

    def case_syncs(self, case_nos: Iterable[str], actor: Actor) -> dict[str, CaseSync]:
        """:meth:`case_sync` for many cases at once (for lists); one check for all."""
        case_nos = list(dict.fromkeys(case_nos))
        events: dict[str, list[EventSync]] = {c: [] for c in case_nos}
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "case.view",
                               case_no=case_nos[0] if len(case_nos) == 1 else None)
            for chunk in _chunks(case_nos, 500):
                for r in u.session.scalars(select(OutboxRow).where(OutboxRow.case_no.in_(chunk))
                                           .order_by(OutboxRow.case_no, OutboxRow.seq)):
                    events[r.case_no].append(EventSync(r.event_id, r.seq, r.type, r.state,
                                                       r.attempts, r.last_error,
                                                       r.next_attempt_at, r.occurred_at))
        out = {}
        for c in case_nos:
            evs = events[c]
            states = {e.state for e in evs}
            if not evs:
                state = "none"
            elif "refused" in states:
                state = "refused"
            elif "failed" in states:
                state = "failed"
            elif states - {"acked"}:
                state = "pending"
            else:
                state = "synced"
            message = next((e.last_error for e in evs if e.state in ("refused", "failed")), None)
            out[c] = CaseSync(c, state, tuple(evs), message)
        return out

    def reconcile(self, day: date, actor: Actor) -> Reconciliation:
        """The daily reconciliation (日结) of ``day`` (Beijing time).

        Local counts come from the outbox (an event exists exactly when its decision does);
        ``acked`` counts the events the platform acknowledged. Cases decided that day are
        checked against their decision events, so a case without one shows as a difference.
        ``actor`` must be allowed ``sync.reconcile`` (checked first; a refusal is audited):
        the differences name cases and the platform's reasons. Each reconciliation is audited
        too (``sync.reconcile``: the day and how many differences; who looked, and when).
        """
        start = datetime.combine(day, time(0, 0), tzinfo=CST)
        end = start + timedelta(days=1)
        with self._uow() as u:
            self._perm.require(u.session, actor, "sync.reconcile")
            s = u.session
            counts = s.execute(select(OutboxRow.type, OutboxRow.state, func.count())
                               .where(OutboxRow.occurred_at >= start, OutboxRow.occurred_at < end)
                               .group_by(OutboxRow.type, OutboxRow.state)).all()
            open_decisions = s.execute(
                select(OutboxRow.case_no, OutboxRow.type, OutboxRow.state, OutboxRow.last_error)
                .where(OutboxRow.occurred_at >= start, OutboxRow.occurred_at < end,
                       OutboxRow.type.in_(DECISION_TYPES), OutboxRow.state != "acked")
                .order_by(OutboxRow.case_no)).all()
            decided = set(s.scalars(select(CaseRow.case_no).where(CaseRow.decided_at >= start,
                                                                  CaseRow.decided_at < end)))
            with_event = set(s.scalars(select(OutboxRow.case_no).where(
                OutboxRow.case_no.in_(decided), OutboxRow.type.in_(DECISION_TYPES)))) \
                if decided else set()
            audit.append(s, at=self._clock.now(), actor=actor, action="sync.reconcile",
                         detail={"date": day.isoformat(),
                                 "differences": len(open_decisions) + len(decided - with_event)})
            u.commit()
        table: dict[str, dict[str, int]] = {}
        for kind, state, n in counts:
            table.setdefault(kind, {}).setdefault(state, 0)
            table[kind][state] += n

        def line(kind: str) -> ReconLine:
            t = table.get(kind, {})
            return ReconLine(kind, sum(t.values()), t.get("acked", 0),
                             sum(t.get(k, 0) for k in UNSENT), t.get("refused", 0))

        result = Reconciliation(day)
        result.decisions = [line(k) for k in DECISION_TYPES]
        result.others = [line(k) for k in TYPE_LABELS if k not in DECISION_TYPES and k in table]
        for case_no, kind, state, error in open_decisions:
            reason = STATE_LABELS.get(state, state) + (f"：{error}" if error else "")
            result.differences.append(ReconDifference(case_no, kind, state, reason))
        for case_no in sorted(decided - with_event):
            result.differences.append(ReconDifference(case_no, "", "missing",
                                                      "本地有决定但发件箱中没有对应事件"))
        return result


_HEAD = (select(OutboxRow.case_no, func.min(OutboxRow.seq).label("seq"))
         .where(OutboxRow.state.in_(OPEN)).group_by(OutboxRow.case_no).subquery("head"))


def check_ca_file(path: str) -> str:
    """``path`` of a CA file to trust for the platform, checked: it exists, is readable and
    holds PEM certificates the TLS library loads. :class:`InvalidInput` otherwise."""
    import ssl
    from pathlib import Path

    text = path.strip()
    p = Path(text).expanduser()
    if not p.is_file():
        raise InvalidInput("CA 证书文件不存在或不是文件，请给出 PEM 格式证书文件的完整路径。")
    try:
        ssl.create_default_context(cafile=str(p))
    except (OSError, ssl.SSLError, ValueError):
        raise InvalidInput("CA 证书文件无法读取或不是有效的 PEM 证书。") from None
    return str(p)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _as_sent(value: Any) -> str | None:
    """A field of a kept-aside item as the platform sent it, cut to 64 characters."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text[:64]


def _problem(r: FeedProblemRow) -> FeedProblem:
    return FeedProblem(r.id, r.received_at, r.cursor, r.position, r.case_no, r.status, r.kind,
                       r.reason, r.raw, r.raw_size, r.resolved_at, r.resolved_by)


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
