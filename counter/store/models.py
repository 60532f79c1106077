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
