"""Staff passwords (登录密码): Argon2id hashing, the password policy, constant-time checks.

Hashes are PHC strings (``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>``) made by
argon2-cffi with the parameters of :data:`DEFAULT_PARAMETERS` (OWASP's minimum for Argon2id:
19 MiB, two passes, one lane — about 50 ms on a counter PC). A stored hash made with other
parameters still verifies; :meth:`PasswordHasher.needs_rehash` tells the login service to
store a fresh one. Hashing is deliberately slow: it belongs to login and password checks
only, never to a per-keystroke or per-case path. Tests inject :func:`fast_hasher`.

The policy (:func:`password_problems`) follows what Chinese government systems commonly ask
for (等保 2.0: length and complexity): at least 8 characters, at least three of the four
classes upper case, lower case, digits and symbols, only printable ASCII (a password typed
at the lock screen must not depend on the input method), not containing the 工号, not a
well-known weak password. Problems are Chinese lines for the person choosing the password.
"""

from __future__ import annotations

import hmac
import string

import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from counter.errors import InvalidInput

#: Argon2id parameters for stored passwords (memory in KiB).
DEFAULT_PARAMETERS = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
#: The cheapest parameters argon2 accepts: for tests only.
TEST_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}

MIN_LENGTH = 8
MAX_LENGTH = 64
MIN_CLASSES = 3
SYMBOLS = frozenset(string.punctuation)

#: Passwords seen in every leaked list and on sticky notes in halls (compared lower-cased).
COMMON_PASSWORDS = frozenset({
    "password1!", "password@1", "password123", "p@ssw0rd", "p@ssw0rd1", "p@ssword1",
    "admin@123", "admin@1234", "admin#123", "admin123!", "admin@123456", "abc@123456",
    "abc@1234", "abcd@1234", "abc123!@#", "qwer1234!", "qwer@1234", "qwe123!@#", "1qaz@wsx",
    "1qaz2wsx!", "1qaz!qaz", "aa123456!", "aa123456@", "a123456!", "a123456@", "zaq1@wsx",
    "welcome1!", "changeme1!", "test@1234", "root@123", "root@1234", "system@123",
    "123456aa!", "123456qq!", "woaini1314!", "woaini@1314",
})


class WeakPassword(InvalidInput):
    """A password the policy refuses (密码不符合要求); ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("密码不符合安全要求：", problems=problems)


def password_problems(password: str, *, user_id: str | None = None) -> list[str]:
    """Every reason the policy refuses ``password``, as Chinese lines (empty: acceptable).

    Args:
        password: the candidate.
        user_id: the 工号 of the account; the password must not contain it.
    """
    out: list[str] = []
    if len(password) < MIN_LENGTH:
        out.append(f"密码至少 {MIN_LENGTH} 位")
    if len(password) > MAX_LENGTH:
        out.append(f"密码不能超过 {MAX_LENGTH} 位")
    if any(not (c.isascii() and c.isprintable()) or c.isspace() for c in password):
        out.append("密码只能使用英文字母、数字和英文符号，不能含空格或中文")
    classes = sum((any(c.isascii() and c.isupper() for c in password),
                   any(c.isascii() and c.islower() for c in password),
                   any(c.isascii() and c.isdigit() for c in password),
                   any(c in SYMBOLS for c in password)))
    if classes < MIN_CLASSES:
        out.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    lowered = password.lower()
    if user_id and len(user_id) >= 3 and user_id.lower() in lowered:
        out.append("密码不能包含工号")
    if lowered in COMMON_PASSWORDS or (password and len(set(password)) <= 2):
        out.append("密码过于常见或过于简单，请换一个")
    return out


def check_password(password: str, *, user_id: str | None = None) -> None:
    """Raise :class:`WeakPassword` listing every problem when the policy refuses it."""
    problems = password_problems(password, user_id=user_id)
    if problems:
        raise WeakPassword(problems)


def same(a: str, b: str) -> bool:
    """Constant-time equality of two strings (compares their UTF-8 bytes)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class PasswordHasher:
    """Argon2id hashing of staff passwords (密码散列).

    Args:
        time_cost, memory_cost, parallelism: Argon2id parameters (memory in KiB); the defaults
            are :data:`DEFAULT_PARAMETERS`.
    """

    def __init__(self, *, time_cost: int = DEFAULT_PARAMETERS["time_cost"],
                 memory_cost: int = DEFAULT_PARAMETERS["memory_cost"],
                 parallelism: int = DEFAULT_PARAMETERS["parallelism"]) -> None:
        self._ph = argon2.PasswordHasher(time_cost=time_cost, memory_cost=memory_cost,
                                         parallelism=parallelism, type=argon2.Type.ID)
        self._dummy: str | None = None

    def hash(self, password: str) -> str:  # noqa: A003 - the natural name
        """A fresh salted Argon2id hash (PHC string) of ``password``."""
        return self._ph.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """True when ``password`` matches ``stored``; False for a mismatch or a damaged hash.

        An account without a hash (``None``) never matches, but the same work is done as for
        a real one, so that timing does not tell whether the account exists.
        """
        if not stored:
            self.burn(password)
            return False
        try:
            return self._ph.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """True when ``stored`` was made with other parameters than this hasher's."""
        try:
            return self._ph.check_needs_rehash(stored)
        except (InvalidHashError, ValueError):
            return True

    def burn(self, password: str) -> None:
        """Spend the time of one verification (for an unknown 工号: no timing difference)."""
        if self._dummy is None:
            self._dummy = self._ph.hash("counter-desk-dummy-password")
        try:
            self._ph.verify(self._dummy, password)
        except VerificationError:
            pass


def fast_hasher() -> PasswordHasher:
    """A hasher with the cheapest parameters: for tests, never for real accounts."""
    return PasswordHasher(**TEST_PARAMETERS)
