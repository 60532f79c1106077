"""The query password (查询密码) printed on the receipt of an accepted case.

The applicant follows progress online (政务服务网, often on a phone) with the case number and
this password. It is drawn with :mod:`secrets`, shown once (on the result of the accept
service and the printed receipt; again after 重置查询密码) and never stored in clear.

The password
    :data:`LENGTH` (10) characters from :data:`ALPHABET`: the digits 2–9 and the capital
    letters without I and O — 32 symbols, 5 bits each, 50 bits in all. Nothing in it can be
    misread: no 0/O, no 1/I/l (there are no lower-case letters). Shown in two groups of five
    (:func:`grouped`, ``"7KQ4M XW2PA"``). The applicant may type it in lower case, with or
    without the space or a hyphen: :func:`normalize` is applied before hashing and checking,
    and the platform must apply the same rule (docs/sync.md).

The stored value (the store's ``query_password_hash``, the platform's ``query_password_hash``
in the ``accepted`` event) is an Argon2id PHC string of ``normalize(password)`` (UTF-8), e.g.
``$argon2id$v=19$m=8192,t=1,p=1$<salt>$<tag>``: it carries its own random salt and its
parameters, so any Argon2 library verifies it. The case number is not part of the input (the
random salt already makes equal passwords hash differently), so the hash is made before the
accept transaction opens and does not hold the store's write lock. The parameters
(:data:`PARAMETERS`: 8 MiB, one pass, one lane, ~5 ms on a counter PC) are chosen for the
accept service's budget (``bench --only accept``: p95 ≤ 50 ms on a busy 2-core machine); the
password's 50 bits of entropy, not the hash's cost, carry most of the weight — see "Query
passwords" in docs/security.md for the arithmetic and the measured figures.

Made ahead (:func:`next_password`): the services take a password with its hash from a
:class:`PasswordSupply`, which makes the next pair on a background thread as soon as one is
taken — between two applicants, not while the clerk waits for 受理. When none is ready (the
first acceptance of a process, or two in quick succession) the pair is made on the spot.

Cases accepted before this scheme keep their old value, ``"sha256:" + hex(sha256(case_no +
":" + password))`` over a 6-digit password: :func:`check_password` recognises the prefix, so
those cases stay checkable. A reset gives them a new password in the new scheme.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

#: The symbols of a query password: 2–9 and A–Z without I and O (32 symbols).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
#: Characters per group when the password is shown or printed.
GROUP = 5
#: Argon2id parameters (memory in KiB; salt and tag in bytes): docs/security.md explains the
#: choice. A 16-byte tag keeps the PHC string at 76 characters, within the store's column
#: (``cases.query_password_hash``, 80) without a migration; 128 bits of tag are far more than
#: the 50 bits of the password they protect.
PARAMETERS = {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1,
              "salt_len": 16, "hash_len": 16}
#: Prefix of today's stored value (a PHC string).
SCHEME = "$argon2id$"
#: Prefix of the values stored before (6 digits, one SHA-256): still verified.
LEGACY_SCHEME = "sha256:"

_hasher = argon2.PasswordHasher(type=argon2.Type.ID, **PARAMETERS)


def new_password() -> str:
    """A fresh password: :data:`LENGTH` characters of :data:`ALPHABET`, ungrouped."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str) -> str:
    """What the applicant typed, as it is hashed: spaces and hyphens dropped, upper case."""
    return "".join(c for c in typed if not c.isspace() and c not in "-－").upper()


def grouped(password: str) -> str:
    """``password`` in groups of :data:`GROUP` separated by a space, for the screen and paper."""
    return " ".join(password[i:i + GROUP] for i in range(0, len(password), GROUP))


def password_hash(password: str) -> str:
    """The Argon2id PHC string stored for ``password`` (salted, deliberately slow: ~5 ms)."""
    return _hasher.hash(normalize(password))


def check_password(case_no: str, password: str, stored: str | None) -> bool:
    """True when ``password`` (as typed) matches the stored value of case ``case_no``.

    Both schemes are recognised by their prefix: Argon2id (today) and ``sha256:`` (cases
    accepted before, 6-digit passwords, salted with ``case_no``). An empty, unknown or damaged
    value never matches.
    """
    if not stored:
        return False
    if stored.startswith(SCHEME):
        try:
            return _hasher.verify(stored, normalize(password))
        except (VerificationError, InvalidHashError):
            return False
    if stored.startswith(LEGACY_SCHEME):
        digest = hashlib.sha256(f"{case_no}:{password.strip()}".encode("utf-8")).hexdigest()
        return hmac.compare_digest(f"{LEGACY_SCHEME}{digest}", stored)
    return False


class PasswordSupply:
    """Query passwords with their hashes, made one ahead on a background thread (预生成).

    :meth:`take` hands out the pair made in advance, or makes one on the spot when none is
    ready, and starts making the next. A pair is handed out once only (under a lock); the
    password is kept in this process's memory only until it is taken, never written anywhere.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: tuple[str, str] | None = None
        self._busy = False

    def take(self) -> tuple[str, str]:
        """A fresh ``(password, hash)``; starts preparing the next one."""
        with self._lock:
            pair, self._ready = self._ready, None
        if pair is None:
            password = new_password()
            pair = (password, password_hash(password))
        self._prepare_next()
        return pair

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Wait until the next pair is ready (made in the background); whether it is.

        At a counter the next password is made while the applicant is still being served
        (accepts are minutes apart); a benchmark that accepts back to back waits here, untimed,
        for what a real counter's idle seconds give (``bench/accept.py``)."""
        self._prepare_next()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._ready is not None:
                    return True
            time.sleep(0.001)
        return False

    def _prepare_next(self) -> None:
        with self._lock:
            if self._ready is not None or self._busy:
                return
            self._busy = True
        threading.Thread(target=self._make, name="query-password", daemon=True).start()

    def _make(self) -> None:
        try:
            password = new_password()
            pair = (password, password_hash(password))
            with self._lock:
                self._ready = pair
        finally:
            with self._lock:
                self._busy = False


_supply = PasswordSupply()


def wait_for_next_password(timeout: float = 5.0) -> bool:
    """Wait until the next password is made ahead (:meth:`PasswordSupply.wait_ready`)."""
    return _supply.wait_ready(timeout)


def next_password() -> tuple[str, str]:
    """A fresh query password and its stored hash (``password_hash``), usually made ahead."""
    return _supply.take()
