"""The query password (查询密码) printed on the receipt of an accepted case.

The applicant follows progress online with the case number and this 6-digit password. It is
drawn with :mod:`secrets`, shown once (on the result of the accept service and the printed
receipt) and never stored in clear. The store and the platform keep only::

    "sha256:" + hex(sha256(case_no + ":" + password))     (UTF-8)

The case number acts as a salt, so equal passwords of different cases hash differently. Six
digits are a small space: whoever holds the hash can find the password by trying them all.
The hash therefore protects against casual disclosure (a screen, a log, a database export
read by eye), not against an attacker holding the database; the platform limits query
attempts per case. The platform receives the value as ``query_password_hash`` and checks a
password by recomputing it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "sha256"
LENGTH = 6


def new_password() -> str:
    """A fresh 6-digit password (leading zeros allowed)."""
    return f"{secrets.randbelow(10 ** LENGTH):0{LENGTH}d}"


def password_hash(case_no: str, password: str) -> str:
    """``sha256:<hex>`` of ``case_no:password`` — see the module docstring."""
    digest = hashlib.sha256(f"{case_no}:{password}".encode("utf-8")).hexdigest()
    return f"{SCHEME}:{digest}"


def check_password(case_no: str, password: str, stored: str | None) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison)."""
    if not stored:
        return False
    return hmac.compare_digest(password_hash(case_no, password.strip()), stored)
