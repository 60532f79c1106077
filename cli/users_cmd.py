"""``users create-admin|list|reset-password``: accounts from the command line.

For a headless set-up the first administrator is created here instead of the first-start
dialog::

    printf '%s\n' "$ADMIN_PASSWORD" | python main.py users create-admin --user-id a0001 --name 张三

The password is read with ``getpass`` on a terminal (asked twice), otherwise as the first
line of standard input; it is never an argument (arguments show in process lists and shell
history). ``reset-password`` is the way back in when no administrator can log in: whoever
runs it holds the store's files anyway; it is audited as user ``cli``.
"""

from __future__ import annotations

import getpass
import sys

from cli import fail, open_context
from counter.errors import CounterError


def register(sub, common) -> None:
    p = sub.add_parser("users", help="用户：创建初始管理员、列出用户、重置密码")
    usub = p.add_subparsers(dest="users_command", required=True)

    c = usub.add_parser("create-admin", help="创建初始系统管理员（仅在尚无任何用户时）")
    common(c)
    c.add_argument("--user-id", required=True, help="工号（英文字母、数字和 . _ -）")
    c.add_argument("--name", required=True, help="姓名")
    c.set_defaults(func=_create_admin)

    ls = usub.add_parser("list", help="列出全部用户")
    common(ls)
    ls.set_defaults(func=_list)

    r = usub.add_parser("reset-password", help="为用户设置临时密码（下次登录须修改），并解除锁定、重新启用")
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
    from counter.services.users import install

    ctx = open_context(args, load_sample=False)
    install(ctx)
    return ctx


def _create_admin(args) -> int:
    ctx = _open(args)
    try:
        users = ctx.services["users"]
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
        users = ctx.services["users"].list_users_offline()
        now = ctx.clock.now()
    finally:
        ctx.close()
    if not users:
        print("尚无用户。请运行 users create-admin 或启动程序创建初始管理员。")
        return 0
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
        password = read_password("临时密码：")
        if not password:
            return fail("未读到密码，或两次输入的密码不一致；未修改。")
        try:
            user = ctx.services["users"].reset_password_offline(args.user_id, password)
        except CounterError as e:
            return fail(f"未修改：{e}")
    finally:
        ctx.close()
    print(f"已为 {user.user_id} 设置临时密码，该用户下次登录时须修改。")
    return 0
