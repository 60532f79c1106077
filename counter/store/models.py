"""SQLAlchemy table models.

Dialect-neutral (SQLite embedded, PostgreSQL in hall mode): no SQLite-only types, JSON kept
as text. Moments are stored as naive UTC (:class:`Moment`) and come back as CST-aware
datetimes, the same on both databases. Schema changes go through Alembic
(``counter/store/migrations``); ``tests/store/test_migrations.py`` checks that the models and
the migrations agree.
"""

from __future__ import annotations

from datetime import date, datetime

from datetime import timezone

from sqlalchemy import (Boolean, Date, DateTime, Integer, LargeBinary, MetaData, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from counter.clock import CST


class Moment(TypeDecorator):
    """A timezone-aware moment stored as naive UTC; read back in CST."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a Moment column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc).astimezone(CST)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CatalogVersionRow(Base):
    """Every catalog version ever imported; exactly one is active.

    Old versions are never deleted: cases keep referring to the version they were taken under.
    """

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_version: Mapped[str] = mapped_column(String(64), unique=True)
    published_at: Mapped[datetime] = mapped_column(Moment())
    imported_at: Mapped[datetime] = mapped_column(Moment())
    source: Mapped[str] = mapped_column(String(32))  # sample | file | platform
    sha256: Mapped[str] = mapped_column(String(64))
    document: Mapped[bytes] = mapped_column(LargeBinary)  # the UTF-8 JSON as imported
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class ItemUsageRow(Base):
    """How often an item or package was taken at this store (for search ranking)."""

    __tablename__ = "item_usage"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # item code or "pkg:<id>"
    count: Mapped[int] = mapped_column(Integer, default=0)


class CalendarYearRow(Base):
    """A year whose holiday arrangement was published by the platform or an administrator."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # platform | admin
    imported_at: Mapped[datetime] = mapped_column(Moment())


class CalendarOverrideRow(Base):
    """A working-day override (holiday or make-up working day) from the platform or an admin."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("day", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(32))


class SettingRow(Base):
    """Small key/value settings of this store (site profile, printer choice …). Never secrets."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- intake drafts and cases (issue 3) ---------------------------------------------------------
# JSON columns are Text holding canonical JSON (dialect-neutral). Personal data (applicant
# name and ID number) sits in indexed columns only where the counter must find cases by it.

from sqlalchemy import ForeignKey, Index  # noqa: E402 - kept with the tables that use them


class DraftRow(Base):
    """An intake being filled in (受理草稿), saved as the clerk types; survives a crash."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # item | package
    key: Mapped[str] = mapped_column(String(64))
    json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | decided | discarded
    case_no: Mapped[str | None] = mapped_column(String(24), nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment())
    updated_at: Mapped[datetime] = mapped_column(Moment())


class CaseRow(Base):
    """A decided case (办件): accepted, notified or rejected at this store."""

    __tablename__ = "cases"
    __table_args__ = (
        # newest-first lists of one applicant without a sort
        Index("ix_cases_applicant_id_number", "applicant_id_number", "decided_at"),
        # name prefix search: PostgreSQL needs text_pattern_ops for LIKE 'prefix%'; the
        # migration (0002_cases) creates it so. Not repeated here as ``postgresql_ops``:
        # validating that keyword imports SQLAlchemy's PostgreSQL dialect (60-90 ms) on every
        # start, SQLite included, and nothing builds the schema from these models but the
        # migrations (tests/store/test_hall_mode.py checks the operator class on PostgreSQL).
        Index("ix_cases_applicant_name", "applicant_name"),
    )

    case_no: Mapped[str] = mapped_column(String(24), primary_key=True)
    state: Mapped[str] = mapped_column(String(24))
    kind: Mapped[str] = mapped_column(String(16))  # item | package
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    catalog_version: Mapped[str] = mapped_column(String(64))
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    applicant_type: Mapped[str] = mapped_column(String(16))  # person | organisation
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_type: Mapped[str] = mapped_column(String(8))
    applicant_id_number: Mapped[str] = mapped_column(String(64))
    contact: Mapped[str] = mapped_column(Text)  # JSON {name, mobile}
    form: Mapped[str] = mapped_column(Text)  # JSON {field key: value}
    answers: Mapped[str] = mapped_column(Text)  # JSON {question id: value}
    missing: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON [material id] (notified)
    decided_at: Mapped[datetime] = mapped_column(Moment(), index=True)  # 日结 by day
    decided_by: Mapped[str] = mapped_column(Text)  # JSON actor
    accepted_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    promised_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    legal_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)  # 法定时限届满
    query_password_hash: Mapped[str | None] = mapped_column(String(80), nullable=True)
    reason_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reason_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON from the platform
    status_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    picked_up: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON pickup record
    created_at: Mapped[datetime] = mapped_column(Moment())
    updated_at: Mapped[datetime] = mapped_column(Moment())


class CaseItemRow(Base):
    """An item of a case (办件事项): one for a single item, several for a package."""

    __tablename__ = "case_items"
    __table_args__ = (UniqueConstraint("case_no", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(ForeignKey("cases.case_no"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))


class CaseMaterialRow(Base):
    """A line of the materials ledger (材料台账) of a case."""

    __tablename__ = "case_materials"
    __table_args__ = (UniqueConstraint("case_no", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(ForeignKey("cases.case_no"))
    position: Mapped[int] = mapped_column(Integer)
    material: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # received | e_licence | tolerated | not_applicable | missing
    necessity: Mapped[str] = mapped_column(String(16))
    copies: Mapped[int] = mapped_column(Integer)
    original: Mapped[str] = mapped_column(String(8))  # none | check | keep
    #: what the clerk recorded (核验原件 / 收取原件 ticked): none | check | keep; NULL before 0010
    original_done: Mapped[str | None] = mapped_column(String(8), nullable=True)
    #: the licence that exempted the material (免提交（电子证照）); NULL otherwise
    e_licence_number: Mapped[str | None] = mapped_column(Text, nullable=True)
    pages: Mapped[str] = mapped_column(Text)  # JSON [sha256]
    items: Mapped[str] = mapped_column(Text)  # JSON [item code]


class CaseHistoryRow(Base):
    """A step in a case's history (办理过程)."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(ForeignKey("cases.case_no"), index=True)
    at: Mapped[datetime] = mapped_column(Moment())
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON actor; null = platform
    note: Mapped[str] = mapped_column(Text, default="")


class CaseSerialRow(Base):
    """The last serial taken per case-number prefix (region+site+counter+date+series)."""

    __tablename__ = "case_serials"

    prefix: Mapped[str] = mapped_column(String(24), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """The tamper-evident audit log (审计日志): a sha256 chain, no personal data."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(Moment())
    user_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    case_no: Mapped[str | None] = mapped_column(String(24), nullable=True, index=True)
    result: Mapped[str] = mapped_column(String(16))  # ok | refused
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON, no personal data
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The head of the audit chain (one row): locked by each append so that concurrent
    writers on PostgreSQL serialise (SQLite's ``BEGIN IMMEDIATE`` does this already)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditSealRow(Base):
    """A seal of the audit chain (审计日志封存, :mod:`counter.seal`): entry ``seq`` had ``hash``
    when counter ``key_id`` sealed it; ``mac`` is made with that counter's key in its OS keyring.
    Never the key itself."""

    __tablename__ = "audit_seals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(Moment())
    mac: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    """An event for the platform (发件箱), in order per case; see contracts/platform-api.md."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("case_no", "seq"),)

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(Moment(), index=True)  # 日结 by day
    actor: Mapped[str] = mapped_column(Text)  # JSON
    payload: Mapped[str] = mapped_column(Text)  # JSON
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)  # pending | sent | acked | failed | refused
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(Moment())
    updated_at: Mapped[datetime] = mapped_column(Moment())


# -- sync with the provincial platform (issue 6) -------------------------------------------------


class SyncStateRow(Base):
    """Small state of the sync worker (同步状态): feed cursor, catalog ETag, last success …

    Never secrets: the client secret lives in the OS keyring only.
    """

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(Moment())


class SyncClaimRow(Base):
    """A case whose events one sync worker is sending (发送占用), until ``until``.

    Cases are the unit of order (``seq`` per case), so a case is sent by one worker at a time;
    a worker that dies leaves its claim to expire (or to be released at once by a worker on
    the same machine that sees the owner's process is gone).
    """

    __tablename__ = "sync_claims"

    case_no: Mapped[str] = mapped_column(String(24), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128), index=True)
    until: Mapped[datetime] = mapped_column(Moment())


class SyncRefusalRow(Base):
    """Why the platform refused an outbox event (平台拒收原因), for the person who handles it."""

    __tablename__ = "sync_refusals"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(24), index=True)
    at: Mapped[datetime] = mapped_column(Moment())
    http_status: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)  # the platform's Chinese message
    details: Mapped[str] = mapped_column(Text)  # JSON [{path, message}]


class FeedProblemRow(Base):
    """A status-feed item kept aside (平台数据问题): it did not have the documented shape, named
    a case this store does not know, or could not be applied — stored for a person, with the
    item as the platform sent it (bounded), and never in the way of the items behind it.

    ``digest`` (sha256 of the item's canonical JSON) keeps a page read again from storing the
    same item twice. ``kind``: ``malformed`` | ``unknown_case`` | ``not_applied``.
    """

    __tablename__ = "feed_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[datetime] = mapped_column(Moment())
    cursor: Mapped[str | None] = mapped_column(Text, nullable=True)  # the page's ``after``
    position: Mapped[int] = mapped_column(Integer)  # in its page, from 0
    case_no: Mapped[str | None] = mapped_column(String(64), nullable=True)  # as sent, cut
    status: Mapped[str | None] = mapped_column(String(64), nullable=True)  # as sent, cut
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)  # Chinese, for the administrator
    raw: Mapped[str] = mapped_column(Text)  # the item's JSON, at most FEED_RAW_LIMIT characters
    raw_size: Mapped[int] = mapped_column(Integer)  # bytes of the whole item's JSON (UTF-8)
    resolved_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True, index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)


# -- documents (issue 4) ----------------------------------------------------------------------


class DocumentRow(Base):
    """An issued document (已出具文书): the PDF blob of a case's receipt, notice … or reprint.

    Never updated or deleted: the first document of a kind is sequence 1, every later one
    (another original in another layout, or a reprint) takes the next sequence.
    ``snapshot_sha256`` is the content the PDF was rendered from, so that a reprint renders
    the same content again (see :mod:`counter.documents`).
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("case_no", "kind", "sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(ForeignKey("cases.case_no"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt | notice | rejection | …
    sequence: Mapped[int] = mapped_column(Integer)
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)  # 0 original, n = n-th 补打
    sha256: Mapped[str] = mapped_column(String(64))  # the PDF blob
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    layout: Mapped[str] = mapped_column(String(8), default="a4")  # a4 | roll80
    issued_at: Mapped[datetime] = mapped_column(Moment())
    issued_by: Mapped[str] = mapped_column(String(64))  # operator id


# -- users and roles (issue 7) -------------------------------------------------------------------


class UserRow(Base):
    """A staff account (用户): 工号, name, roles, Argon2id password hash, lockout state.

    The hash is a PHC string (``$argon2id$v=19$m=…``); no password is ever stored in clear.
    ``roles`` is a sorted comma-separated subset of clerk, bank_staff, supervisor, admin.
    """

    __tablename__ = "users"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 工号, lower case
    name: Mapped[str] = mapped_column(String(64))
    roles: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(Text)
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)  # temporary password
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    password_changed_at: Mapped[datetime] = mapped_column(Moment())
    created_at: Mapped[datetime] = mapped_column(Moment())
    updated_at: Mapped[datetime] = mapped_column(Moment())


# -- tolerance (容缺受理, issue 7) ----------------------------------------------------------------


class ToleranceRequestRow(Base):
    """A tolerance request (容缺受理申请) and, once approved, the commitment it became.

    Pending requests are the supervisors' approval queue on every counter sharing the store.
    ``intake`` is the draft as the clerk requested it (the approval accepts exactly that);
    ``materials`` the tolerated materials with their limits and, once approved, deadlines.
    Personal data (the applicant's name) is kept only for the queue, as in ``cases``.
    """

    __tablename__ = "tolerance_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    draft_id: Mapped[str] = mapped_column(String(36), index=True)
    # pending | refused | withdrawn | approved | fulfilled | terminated
    status: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # item | package
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    catalog_version: Mapped[str] = mapped_column(String(64))
    applicant_type: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(200))
    materials: Mapped[str] = mapped_column(Text)  # JSON [{material, name, limit, deadline …}]
    reason: Mapped[str] = mapped_column(Text)  # the clerk's reason for the request
    intake: Mapped[str] = mapped_column(Text)  # the draft's JSON as requested
    requested_by: Mapped[str] = mapped_column(Text)  # JSON actor
    requested_at: Mapped[datetime] = mapped_column(Moment())
    credit: Mapped[str] = mapped_column(String(16))  # clear | unchecked
    credit_checked_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    credit_note: Mapped[str] = mapped_column(Text, default="")
    commitment_pages: Mapped[str] = mapped_column(Text)  # JSON [sha256] of the signed pages
    commitment_blob: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON actor
    decided_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    refuse_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    refuse_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    case_no: Mapped[str | None] = mapped_column(String(24), nullable=True, index=True)
    deadline: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(Moment(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(Moment())
