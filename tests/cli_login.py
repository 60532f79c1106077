"""Accounts and login environments for tests that run ``python main.py COMMAND`` (cli/login.py).

A command that reads personal data or changes the store needs a login; tests give it as a
script does: ``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE`` (a 0600 file). ``accounts(data_dir)``
puts accounts into a store directly (the passwords are final, as the training store's demo
accounts are), ``login_env(...)`` is the environment of a command run as one of them.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The password of every test account (the training store's demo password, README).
PASSWORD = "Lianxi-2026"
#: The accounts :func:`accounts` makes by default: the training store's demo accounts.
ADMIN, CLERK, SUPERVISOR, SYNC = "a0001", "c0001", "s0001", "sync01"
DEFAULT = ((ADMIN, ("admin",)), (CLERK, ("clerk",)), (SUPERVISOR, ("supervisor",)),
           (SYNC, ("sync",)))


def accounts(data_dir: Path, users=DEFAULT, password: str = PASSWORD) -> None:
    """Create these ``(user_id, roles)`` accounts (those missing) in the store of ``data_dir``."""
    from counter import audit
    from tests.helpers.context import build_context
    from counter.security import fast_hasher
    from counter.services.users import UserService
    from counter.store.models import UserRow

    ctx = build_context(Path(data_dir), load_sample=False)
    try:
        digest = fast_hasher().hash(password)
        now = ctx.clock.now()
        with ctx.uow() as u:
            for user_id, roles in users:
                if u.session.get(UserRow, user_id) is None:
                    u.session.add(UserService._new_row(user_id, f"测试{user_id}",  # noqa: SLF001
                                                       frozenset(roles), digest, now,
                                                       must_change=False))
                    audit.append(u.session, at=now, actor=None, user_id="setup", role="system",
                                 action="user.create", detail={"user_id": user_id})
            u.commit()
    finally:
        ctx.close()


def password_file(folder: Path, password: str = PASSWORD, name: str = "password") -> Path:
    """A password file only its owner may read (0600)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(password + "\n", encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def login_env(folder: Path, user_id: str, password: str = PASSWORD, base=None) -> dict:
    """``os.environ`` (or ``base``) plus ``COUNTER_USER`` and ``COUNTER_PASSWORD_FILE``."""
    env = dict(os.environ if base is None else base)
    env["COUNTER_USER"] = user_id
    env["COUNTER_PASSWORD_FILE"] = str(password_file(Path(folder), password,
                                                     name=f"{user_id}.password"))
    return env


def no_login_env(base=None) -> dict:
    """The environment without any login variables (a command run by nobody)."""
    env = dict(os.environ if base is None else base)
    env.pop("COUNTER_USER", None)
    env.pop("COUNTER_PASSWORD_FILE", None)
    return env
