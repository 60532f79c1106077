"""Seals of the audit chain (审计日志封存): the chain anchored outside the store.

The hash chain of :mod:`counter.audit` shows an entry changed or deleted in SQL, but whoever can
write the database file can also recompute every later hash and the ``audit_head`` row. A seal
records, at a chosen moment, the chain's head ``(seq, hash)`` with an HMAC-SHA256 made with a
key that is **not** in the store: a per-counter seal key (32 random bytes) kept only in the OS
keyring. A rewritten chain no longer contains the sealed ``(seq, hash)``; a forged seal has a
wrong MAC; and since the latest seal of this counter is kept in the keyring too, deleting seal
rows shows as well.

::

    mac = HMAC-SHA256(key, canonical JSON of {seq, hash, sealed_at, key_id})

* ``sealed_at``: UTC, ISO 8601 with microseconds, no offset (as the audit entries' ``at``);
* ``key_id``: the counter, ``<region>-<site>-<counter>`` (site codes are unique only within a
  region) as the site profile named it at the store's first seal on this machine; the keyring
  records it then (:meth:`SealKeys.identity`) and it is read from there ever after, never from
  the store;
* canonical JSON: :func:`counter.audit.canonical`.

This module is pure: the keyring is reached through a :class:`SealKeys` given by the
composition root (``sync.seal_keys.KeyringSealKeys``). The key never leaves it except into
:func:`mac`; it is never logged, stored in the database or put into a message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from counter.audit import canonical
from counter.clock import CST
from counter.errors import CounterError

#: Length of a seal key in bytes.
KEY_BYTES = 32


class SealKeysUnavailable(CounterError):
    """The keyring cannot be used (none on this machine, locked, refused); the message says why
    in Chinese and never holds a key."""


class SealKeys(Protocol):
    """Where this counter's seal key and latest seal are kept (the OS keyring)."""

    def key(self, key_id: str, *, create: bool = False) -> bytes | None:
        """The seal key of ``key_id``; with ``create`` a fresh random one is made and kept when
        there is none. None when there is none (and ``create`` is false).

        Raises:
            SealKeysUnavailable: no usable keyring.
        """

    def latest(self, key_id: str, store: str) -> str | None:
        """The latest seal of ``key_id`` in the store ``store`` (:meth:`Seal.to_text`), or None."""

    def set_latest(self, key_id: str, store: str, text: str) -> None:
        """Remember ``text`` as the latest seal of ``key_id`` in ``store``."""

    def identity(self, store: str) -> str | None:
        """The key id this machine seals the store ``store`` with (recorded at its first seal),
        or None when it has not sealed it yet (or sealed it before the key id was recorded)."""

    def set_identity(self, store: str, key_id: str) -> None:
        """Record ``key_id`` as the key id of the store ``store`` on this machine."""


def moment(at: datetime) -> str:
    """``sealed_at`` as it is MACed: UTC, microseconds, no offset."""
    return at.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="microseconds")


def mac(key: bytes, *, seq: int, hash: str, sealed_at: datetime, key_id: str) -> str:  # noqa: A002
    """The HMAC-SHA256 (hex) of a seal (see the module docstring)."""
    body = {"seq": seq, "hash": hash, "sealed_at": moment(sealed_at), "key_id": key_id}
    return hmac.new(key, canonical(body).encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Seal:
    """One seal: the chain up to entry ``seq`` (whose hash is ``hash``) as counter ``key_id``
    saw it at ``sealed_at``.

    Attributes:
        seq: the sealed entry (the seal's own ``audit.seal`` entry).
        hash: that entry's hash.
        sealed_at: when (aware).
        key_id: the counter whose key made ``mac``.
        mac: HMAC-SHA256 (hex) with that counter's seal key.
        id: the seal's number in the ``audit_seals`` table (None when not known).
    """

    seq: int
    hash: str  # noqa: A003
    sealed_at: datetime
    key_id: str
    mac: str
    id: int | None = None  # noqa: A003

    @classmethod
    def make(cls, key: bytes, *, seq: int, hash: str, sealed_at: datetime,  # noqa: A002
             key_id: str) -> "Seal":
        return cls(seq=seq, hash=hash, sealed_at=sealed_at, key_id=key_id,
                   mac=mac(key, seq=seq, hash=hash, sealed_at=sealed_at, key_id=key_id))

    def holds(self, key: bytes) -> bool:
        """True when ``mac`` is right for ``key`` (constant-time comparison)."""
        expected = mac(key, seq=self.seq, hash=self.hash, sealed_at=self.sealed_at,
                       key_id=self.key_id)
        return hmac.compare_digest(expected, str(self.mac))

    def same(self, other: "Seal") -> bool:
        """The same seal (all the MACed fields and the MAC; the table number aside)."""
        return (self.seq, self.hash, moment(self.sealed_at), self.key_id, self.mac) == (
            other.seq, other.hash, moment(other.sealed_at), other.key_id, other.mac)

    def to_text(self) -> str:
        """Canonical JSON (what the keyring keeps as the latest seal)."""
        return canonical({"seq": self.seq, "hash": self.hash,
                          "sealed_at": moment(self.sealed_at), "key_id": self.key_id,
                          "mac": self.mac})

    @classmethod
    def from_text(cls, text: str) -> "Seal":
        """The seal :meth:`to_text` wrote. Raises ValueError for anything else."""
        try:
            data = json.loads(text)
            at = datetime.fromisoformat(data["sealed_at"]).replace(tzinfo=timezone.utc)
            seal = cls(seq=int(data["seq"]), hash=str(data["hash"]), sealed_at=at,
                       key_id=str(data["key_id"]), mac=str(data["mac"]))
        except (TypeError, KeyError, ValueError, AttributeError):
            raise ValueError("not a seal") from None
        return seal

    def label(self) -> str:
        """``第 N 号封存（至第 S 条，YYYY-MM-DD HH:MM）`` or without the number."""
        when = self.sealed_at.astimezone(CST).strftime("%Y-%m-%d %H:%M")
        number = f"第 {self.id} 号" if self.id is not None else ""
        return f"{number}封存（至第 {self.seq} 条，{when}）"
