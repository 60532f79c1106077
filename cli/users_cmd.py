"""``users create-admin|create-service|list|reset-password``: accounts from the command line.

For a headless set-up the first administrator is created here instead of the first-start
dialog (no login: only on a store without any user)::

    printf '%s\n' "$ADMIN_PASSWORD" | python main.py users create-admin --user-id a0001 --name 张三

Everything else acts as a logged-in administrator (:mod:`cli.login`: ``--user ID`` or
``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE``), with the window's permission checks and audit
entries: ``list`` (``user.view``: names are personal data), ``reset-password``
(``user.reset_password``; not one's own) and ``create-service`` (``user.create``: the sync
service account of ``python main.py sync``, role ``sync``).

A password is read with ``getpass`` on a terminal (asked twice), otherwise as a line of
standard input — after the administrator's own password when that is read from standard
input too (``--user`` without a terminal); it is never an argument (arguments show in
process lists and shell history). There is no way around an administrator's login: keep two
administrators, so that one can reset the other's password.
"""

from __future__ import annotations

import getpass
import sys

from cli import fail, open_context
from cli.login import login
from counter.errors import CounterError


def register(sub, common) -> None:
    p = sub.add_parser("users", help="用户：创建初始管理员、列出用户、重置密码")
    usub = p.add_subparsers(dest="users_command", required=True)

    c = usub.add_parser("create-admin", help="创建初始系统管理员（仅在尚无任何用户时）")
    common(c)
    c.add_argument("--user-id", required=True, help="工号（英文字母、数字和 . _ -）")
    c.add_argument("--name", required=True, help="姓名")
    c.set_defaults(func=_create_admin)

    ls = usub.add_parser("list", help="列出全部用户（须管理员登录）")
    common(ls)
    ls.set_defaults(func=_list)

    sv = usub.add_parser("create-service",
                         help="创建同步服务账号（仅能运行 sync，不能登录窗口，不能查看办件；须管理员登录）")
    common(sv)
    sv.add_argument("--user-id", required=True, help="服务账号的工号，如 sync01")
    sv.add_argument("--name", default="同步服务", help="名称（默认“同步服务”）")
    sv.set_defaults(func=_create_service)

    r = usub.add_parser("reset-password", help="为用户设置临时密码（下次登录须修改）并解除锁定（须管理员登录）")
    common(r)
    r.add_argument("user_id", help="工号")
    r.set_defaults(func=_reset_password)


def read_password(prompt: str) -> str | None:
    """The password from the terminal (asked twice) or the first line of stdin; None when
    the two entries differ or stdin is empty."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再次输入密码：") != first:
            return None
        return first
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\r\n")


def _open(args):
    return open_context(args, load_sample=False)


def _create_admin(args) -> int:
    ctx = _open(args)
    try:
        users = ctx.users
        if not users.needs_first_admin():
            return fail("系统中已有用户，不能再创建初始管理员；请由管理员登录后新建用户。")
        password = read_password("初始管理员密码：")
        if not password:
            return fail("未读到密码，或两次输入的密码不一致；未创建。")
        try:
            user = users.create_first_admin(args.user_id, args.name, password)
        except CounterError as e:
            return fail(f"未创建：{e}")
    finally:
        ctx.close()
    print(f"已创建系统管理员 {user.user_id}。")
    return 0


def _list(args) -> int:
    ctx = _open(args)
    try:
        users = ctx.users.list_users(login(ctx, args, "user.view"))
        now = ctx.clock.now()
    finally:
        ctx.close()
    for user in users:
        state = "启用" if user.active else "停用"
        if user.is_locked(now):
            state += "（锁定中）"
        if user.must_change:
            state += "（临时密码）"
        print(f"{user.user_id}\t{user.name}\t{user.roles_label}\t{state}")
    return 0


def _reset_password(args) -> int:
    ctx = _open(args)
    try:
        admin = login(ctx, args, "user.reset_password")
        password = read_password("临时密码：")
        if not password:
            return fail("未读到密码，或两次输入的密码不一致；未修改。")
        try:
            user = ctx.users.reset_password(admin, args.user_id, password)
        except CounterError as e:
            return fail(f"未修改：{e}")
    finally:
        ctx.close()
    print(f"已为 {user.user_id} 设置临时密码，该用户下次登录时须修改。")
    return 0


def _create_service(args) -> int:
    ctx = _open(args)
    try:
        admin = login(ctx, args, "user.create")
        password = read_password("服务账号密码：")
        if not password:
            return fail("未读到密码，或两次输入的密码不一致；未创建。")
        try:
            user = ctx.users.create_service_account(admin, args.user_id, args.name,
                                                                 password)
        except CounterError as e:
            return fail(f"未创建：{e}")
    finally:
        ctx.close()
    print(f"已创建同步服务账号 {user.user_id}。将其密码存入只有运行同步的系统用户可读的文件"
          f"（chmod 600），以 COUNTER_USER={user.user_id} COUNTER_PASSWORD_FILE=该文件 "
          "运行 python main.py sync。")
    return 0
