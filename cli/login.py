"""Who is acting on the command line (命令行登录): the one login of every CLI command.

A command that reads personal data or changes the store acts as a person (or as the sync
service account), exactly as the window does: it logs in through
:meth:`counter.services.users.UserService.login` (wrong passwords count to the lockout; a
locked, disabled or unknown account and a temporary password are refused), the session guard
of the process then enforces, and the actor handed to the services is the logged-in user — so
the same permission checks and audit entries happen as in the window.

Who is acting, in this order:

* ``--user ID``: the password is asked on the terminal (``getpass``, no echo); when standard
  input is not a terminal, its first line is the password (a script piping it in). The
  password is never an argument: arguments show in process lists and shell history.
* ``COUNTER_USER=ID`` with ``COUNTER_PASSWORD_FILE=FILE``: the password is the first line of
  the file (service accounts, scripts, training stores). On POSIX the file must not be
  readable or writable by group or others (``chmod 600 FILE``); otherwise it is refused.
  ``COUNTER_USER`` without a password file asks as ``--user`` does.

Every refusal is a :class:`LoginRefused` (a :class:`counter.errors.CounterError`): the
command prints its Chinese message on stderr and exits with status 1; nothing is changed,
and the refusal is in the audit log as the window's are.
"""

from __future__ import annotations

import getpass
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from counter.errors import CounterError

if TYPE_CHECKING:  # counter.identity imports SQLAlchemy: not before the GUI's first window
    from counter.identity import Actor

#: The environment variables of a non-interactive login.
USER_ENV = "COUNTER_USER"
PASSWORD_FILE_ENV = "COUNTER_PASSWORD_FILE"
#: A password file larger than this is not a password file (never read whole).
PASSWORD_FILE_MAX = 4096

NEEDS_LOGIN = ("此命令须登录：请用 --user 工号（在终端输入密码），或设置环境变量 "
               f"{USER_ENV} 与 {PASSWORD_FILE_ENV}（存放密码的文件）。")


class LoginRefused(CounterError):
    """The command line could not establish who is acting (no login, bad password file)."""


def add_login_option(parser, *, top_level: bool = False) -> None:
    """``--user ID`` on ``parser`` (every sub-command has it; see :func:`cli._common`)."""
    import argparse

    parser.add_argument("--user", dest="user", metavar="工号",
                        default=None if top_level else argparse.SUPPRESS,
                        help=f"以该用户身份执行（密码在终端输入，不回显）；也可用环境变量 "
                             f"{USER_ENV} 与 {PASSWORD_FILE_ENV}")


def login(ctx, args, action: str) -> Actor:
    """Log in as the user acting on this command line and return who performs ``action``.

    The user acts in the first of their roles allowed ``action`` (their primary role when
    none is: then the check refuses, audited). The check of ``action`` is made here, before
    any work, through the user service (a refusal is audited and raised as
    :class:`counter.permissions.PermissionDenied`); the services check again as they work.

    Raises:
        LoginRefused: nobody named, or an unusable password file.
        counter.services.users.AuthenticationFailed (AccountLocked, AccountDisabled):
            as at the window.
        counter.permissions.PermissionDenied: a temporary password, or not allowed ``action``.
    """
    from counter.permissions import allowed
    from counter.users import ROLE_PRECEDENCE

    user_id, password = credentials(args)
    users = ctx.users
    users.guard.enforce(True)  # from here on every service call of this process needs the login
    session = users.login(user_id, password, channel="cli")
    password = None  # noqa: F841 - drop the reference
    actor = session.actor
    if not allowed(actor.role, action):
        for role in ROLE_PRECEDENCE:
            if role in session.user.roles and allowed(role, action):
                actor = session.actor_as(role)
                break
    users.require(actor, action)
    return actor


def credentials(args) -> tuple[str, str]:
    """The user id and password of this command line (see the module docstring)."""
    user_id = getattr(args, "user", None)
    if user_id:
        return user_id, _ask(user_id)
    user_id = os.environ.get(USER_ENV, "").strip()
    if not user_id:
        raise LoginRefused(NEEDS_LOGIN)
    path = os.environ.get(PASSWORD_FILE_ENV, "").strip()
    if not path:
        return user_id, _ask(user_id)
    return user_id, read_password_file(Path(path))


def _ask(user_id: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"用户 {user_id} 的密码：")
    line = sys.stdin.readline()
    if not line:
        raise LoginRefused(f"未读到用户 {user_id} 的密码（标准输入为空）。")
    return line.rstrip("\r\n")


def read_password_file(path: Path) -> str:
    """The first line of a password file; refused when others may read it (POSIX) or it is
    missing, empty or not a small regular file."""
    try:
        st = path.stat()
    except OSError as e:
        raise LoginRefused(f"无法读取密码文件 {path}：{e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise LoginRefused(f"密码文件 {path} 不是普通文件。")
    if os.name == "posix" and st.st_mode & 0o077:
        raise LoginRefused(
            f"密码文件 {path} 的权限为 {stat.S_IMODE(st.st_mode):04o}，同组或其他用户也能访问；"
            f"请执行 chmod 600 {path} 后再试。")
    if st.st_size > PASSWORD_FILE_MAX:
        raise LoginRefused(f"密码文件 {path} 过大，应只含一行密码。")
    try:
        with path.open("r", encoding="utf-8") as f:
            line = f.readline(PASSWORD_FILE_MAX)
    except (OSError, UnicodeDecodeError) as e:
        raise LoginRefused(f"无法读取密码文件 {path}：{getattr(e, 'strerror', None) or e}") \
            from None
    password = line.rstrip("\r\n")
    if not password:
        raise LoginRefused(f"密码文件 {path} 为空。")
    return password
