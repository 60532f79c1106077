"""The command line acts as a person (cli/login.py): who runs a command that reads personal
data or changes the store must log in; the same checks and audit entries as in the window.

In-process (``cli.main``) on copies of one training store made by ``seed-demo`` (its demo
accounts, README); the login comes from ``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE`` or from
``--user`` with the password on standard input, as a script gives it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

import cli
from tests.cli_login import DEFAULT, PASSWORD as DEMO_PASSWORD, accounts, password_file
from tests.conftest import SAMPLE_CATALOG

TODAY = "2026-11-20"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A training store with a few decided cases: (data dir, accepted case numbers)."""
    d = tmp_path_factory.mktemp("login") / "data"
    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    try:
        assert cli.main(["seed-demo", "--training", "--cases", "8", "--no-pages", "--seed", "3",
                         "--today", TODAY, "--data-dir", str(d)]) == 0
    finally:
        sys.stdout = stdout
    numbers = out.getvalue().split()
    # seed-demo made the demo accounts (README); made here too when missing, so that this
    # module runs against a build without them and fails on behaviour, not on set-up
    accounts(d, DEFAULT + tuple((c, ("clerk",)) for c in ("c0002", "c0003", "c0004")))
    return d, [n for n in numbers if n[17] == "S"]


@pytest.fixture
def store(template, tmp_path, monkeypatch):
    """A copy of the training store; nobody logged in; stdin empty."""
    d = tmp_path / "data"
    shutil.copytree(template[0], d)
    monkeypatch.delenv("COUNTER_USER", raising=False)
    monkeypatch.delenv("COUNTER_PASSWORD_FILE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return d


@pytest.fixture
def accepted(template):
    return template[1][0]


def as_user(monkeypatch, tmp_path, user_id, password=DEMO_PASSWORD):
    monkeypatch.setenv("COUNTER_USER", user_id)
    monkeypatch.setenv("COUNTER_PASSWORD_FILE",
                       str(password_file(tmp_path / "login", password, name=user_id)))


def sql(d: Path, statement: str, *params):
    con = sqlite3.connect(d / "counter.sqlite3")
    try:
        return con.execute(statement, params).fetchall()
    finally:
        con.close()


def audit_log(d: Path):
    return sql(d, "SELECT seq, user_id, role, action, result, case_no, detail FROM audit_log "
                  "ORDER BY seq")


def state(d: Path):
    """Everything a refused command must leave as it was, but the audit log."""
    return (sql(d, "SELECT catalog_version, active FROM catalog_versions ORDER BY 1"),
            # a login that succeeds stamps last_login_at; nothing else of an account changes
            sql(d, "SELECT user_id, name, roles, active, password_hash, must_change, "
                   "locked_until FROM users ORDER BY user_id"),
            sql(d, "SELECT COUNT(*) FROM documents"),
            sql(d, "SELECT key, value FROM settings ORDER BY key"),
            sql(d, "SELECT id, json FROM drafts ORDER BY id"))


def run(store: Path, *args: str) -> int:
    return cli.main([*args, "--data-dir", str(store)])


def calendar_file(tmp_path: Path) -> Path:
    from tests.store.test_calendar_service import YEAR_2027

    path = tmp_path / "2027.json"
    path.write_text(json.dumps(YEAR_2027, ensure_ascii=False), encoding="utf-8")
    return path


def newer_catalog(tmp_path: Path) -> Path:
    doc = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
    doc["catalog_version"] = "2026.12.01"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def commands(tmp_path: Path, case_no: str) -> dict[str, list[str]]:
    """Every command that reads personal data or changes the store."""
    return {
        "catalog import": ["catalog", "import", str(newer_catalog(tmp_path))],
        "calendar import": ["calendar", "import", str(calendar_file(tmp_path))],
        "document": ["document", case_no, "--kind", "receipt", "--out", str(tmp_path / "r.pdf")],
        "document --reprint": ["document", case_no, "--kind", "receipt", "--reprint", "--out",
                               str(tmp_path / "r.pdf")],
        "sync": ["sync", "--once", "--platform-url", "http://127.0.0.1:9"],
        "sync refused": ["sync", "refused"],
        "sync resend": ["sync", "resend", "no-such-event"],
        "sync reconcile": ["sync", "reconcile", "--date", TODAY],
        "sync-config": ["sync-config", "--url", "https://zwfw.example.gov.cn/counter"],
        "store trim-drafts": ["store", "trim-drafts"],
        "audit seal": ["audit", "seal"],
        "users list": ["users", "list"],
        "users reset-password": ["users", "reset-password", "c0001"],
        "users create-service": ["users", "create-service", "--user-id", "sync09"],
    }


def test_every_command_is_listed(tmp_path):
    assert COMMANDS == list(commands(tmp_path, "X"))


COMMANDS = ["catalog import", "calendar import", "document", "document --reprint", "sync",
            "sync refused", "sync resend", "sync reconcile", "sync-config", "store trim-drafts",
            "audit seal", "users list", "users reset-password", "users create-service"]


# -- nobody logged in ------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_run_without_a_login_is_refused(store, accepted, tmp_path, capsys, name):
    args = commands(tmp_path, accepted)[name]
    before, entries = state(store), audit_log(store)

    code = run(store, *args)

    out = capsys.readouterr()
    assert code == 1, out
    assert "此命令须登录" in out.err and "--user" in out.err and "COUNTER_USER" in out.err
    assert "Traceback" not in out.err and out.out == ""
    assert state(store) == before and audit_log(store) == entries  # nobody tried: nothing
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("args", [["catalog", "validate", str(SAMPLE_CATALOG)],
                                  ["calendar", "show", "2026"], ["sync", "status"],
                                  ["sync-config", "--show"], ["audit", "verify"]])
def test_commands_without_personal_data_need_no_login(store, capsys, args):
    assert run(store, *args) == 0, capsys.readouterr().err


# -- wrong, unknown, locked, disabled ------------------------------------------------------------


def test_a_wrong_password_is_refused_and_audited(store, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "a0001", "Wrong#Pass2026")
    before = state(store)

    code = run(store, "catalog", "import", str(newer_catalog(tmp_path)))

    err = capsys.readouterr().err
    assert code == 1 and "工号或密码不正确" in err and "Traceback" not in err
    assert "Wrong#Pass2026" not in err
    assert state(store)[0] == before[0]  # the catalog is as it was
    assert audit_log(store)[-1][1:5] == ("a0001", "unauthenticated", "login", "refused")


def test_an_unknown_user_gets_the_same_answer(store, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "nobody1")
    assert run(store, "users", "list") == 1
    assert "工号或密码不正确" in capsys.readouterr().err
    assert audit_log(store)[-1][1:5] == ("unknown", "unauthenticated", "login", "refused")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(store, tmp_path, capsys,
                                                                       monkeypatch):
    as_user(monkeypatch, tmp_path, "s0001", "Wrong#Pass2026")
    for _ in range(5):
        assert run(store, "sync", "reconcile", "--date", TODAY) == 1
    assert "账号已锁定" in capsys.readouterr().err
    as_user(monkeypatch, tmp_path, "s0001")
    assert run(store, "sync", "reconcile", "--date", TODAY) == 1
    err = capsys.readouterr().err
    assert "账号已锁定" in err and "Traceback" not in err
    assert "sync.reconcile" not in [e[3] for e in audit_log(store)]


def test_a_disabled_account_is_refused(store, tmp_path, capsys, monkeypatch):
    sql_exec(store, "UPDATE users SET active = 0 WHERE user_id = 'c0002'")
    as_user(monkeypatch, tmp_path, "c0002")
    assert run(store, "sync", "reconcile", "--date", TODAY) == 1
    assert "该账号已停用" in capsys.readouterr().err
    assert audit_log(store)[-1][1:5] == ("c0002", "unauthenticated", "login", "refused")


def test_a_temporary_password_must_be_changed_first(store, tmp_path, capsys, monkeypatch):
    sql_exec(store, "UPDATE users SET must_change = 1 WHERE user_id = 'c0002'")
    as_user(monkeypatch, tmp_path, "c0002")
    assert run(store, "sync", "reconcile", "--date", TODAY) == 1
    assert "请先修改临时密码" in capsys.readouterr().err
    assert audit_log(store)[-1][1:5] == ("c0002", "clerk", "sync.reconcile", "refused")


def sql_exec(d: Path, statement: str) -> None:
    con = sqlite3.connect(d / "counter.sqlite3")
    try:
        con.execute(statement)
        con.commit()
    finally:
        con.close()


# -- permissions: the window's ---------------------------------------------------------------


def test_a_clerk_cannot_import_a_catalog(store, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "c0001")
    before = state(store)

    code = run(store, "catalog", "import", str(newer_catalog(tmp_path)))

    err = capsys.readouterr().err
    assert code == 1 and "当前角色（综窗人员）无权导入事项目录" in err
    assert state(store) == before
    assert audit_log(store)[-1][1:5] == ("c0001", "clerk", "catalog.import", "refused")


def test_reset_password_needs_an_administrators_login(store, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "s0001")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Temp#Pass2026\n"))
    before = state(store)

    assert run(store, "users", "reset-password", "a0001") == 1

    assert "无权重置用户密码" in capsys.readouterr().err
    assert state(store) == before
    assert audit_log(store)[-1][1:5] == ("s0001", "supervisor", "user.reset_password",
                                         "refused")
    # the administrator may (another account than their own)
    as_user(monkeypatch, tmp_path, "a0001")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Temp#Pass2026\n"))
    assert run(store, "users", "reset-password", "s0001") == 0
    assert audit_log(store)[-1][1:6] == ("a0001", "admin", "user.reset_password", "ok", None)


def test_the_sync_account_cannot_read_a_case(store, accepted, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "sync01")
    out = tmp_path / "r.pdf"
    assert run(store, "document", accepted, "--kind", "receipt", "--out", str(out)) == 1
    assert "无权" in capsys.readouterr().err and not out.exists()
    assert audit_log(store)[-1][1:5] == ("sync01", "sync", "document.export", "refused")
    # … nor close the day, nor import; it only syncs
    assert run(store, "sync", "reconcile", "--date", TODAY) == 1
    assert run(store, "users", "list") == 1


def test_only_the_sync_account_runs_the_worker(store, tmp_path, capsys, monkeypatch):
    as_user(monkeypatch, tmp_path, "a0001")
    assert run(store, "sync", "--once", "--platform-url", "http://127.0.0.1:9") == 1
    assert "无权运行同步服务" in capsys.readouterr().err
    assert audit_log(store)[-1][1:5] == ("a0001", "admin", "sync.run", "refused")


def test_a_service_account_cannot_log_in_at_the_window(store):
    from tests.helpers.context import build_context
    from counter.permissions import PermissionDenied

    ctx = build_context(store, load_sample=False)
    try:
        with pytest.raises(PermissionDenied, match="不能登录窗口"):
            ctx.users.login("sync01", DEMO_PASSWORD)
    finally:
        ctx.close()


def test_an_administrator_creates_the_sync_service_account(store, tmp_path, capsys,
                                                            monkeypatch):
    as_user(monkeypatch, tmp_path, "a0001")
    monkeypatch.setattr(sys, "stdin", io.StringIO("Sync#Worker2026\n"))
    assert run(store, "users", "create-service", "--user-id", "sync02") == 0
    assert "COUNTER_USER=sync02" in capsys.readouterr().out
    assert sql(store, "SELECT roles, must_change FROM users WHERE user_id = 'sync02'") == [
        ("sync", 0)]
    assert audit_log(store)[-1][1:5] == ("a0001", "admin", "user.create", "ok")
    as_user(monkeypatch, tmp_path, "sync02", "Sync#Worker2026")
    assert run(store, "sync", "reconcile", "--date", TODAY) == 1  # logs in, may not do this
    assert audit_log(store)[-1][1:5] == ("sync02", "sync", "sync.reconcile", "refused")


# -- audit entries carry the logged-in user ------------------------------------------------------


@pytest.mark.parametrize("user, name, action", [
    ("a0001", "catalog import", "catalog.import"),
    ("a0001", "calendar import", "calendar.import"),
    ("c0003", "document", "document.export"),
    ("c0003", "document --reprint", "document.reprint"),
    ("s0001", "sync reconcile", "sync.reconcile"),
    ("a0001", "store trim-drafts", "draft.trim"),
    ("c0004", "audit seal", "audit.seal"),
])
def test_audit_entries_carry_the_logged_in_user(store, accepted, tmp_path, capsys, monkeypatch,
                                                user, name, action):
    as_user(monkeypatch, tmp_path, user)
    args = commands(tmp_path, accepted)[name]
    start = audit_log(store)[-1][0]

    code = run(store, *args)

    err = capsys.readouterr().err
    assert code == 0, err
    new = [e[1:5] for e in audit_log(store) if e[0] > start]
    role = {"a": "admin", "c": "clerk", "s": "supervisor"}[user[0]]
    assert new[0] == (user, role, "login", "ok")
    assert (user, role, action, "ok") in new
    assert all(e[0] == user for e in new)  # nothing in anyone else's name


def test_the_first_catalog_of_a_new_store_is_imported_by_its_administrator(tmp_path, capsys,
                                                                            monkeypatch):
    """A headless set-up: create-admin (no login, empty store), then import as that admin."""
    d = tmp_path / "fresh"
    monkeypatch.delenv("COUNTER_USER", raising=False)
    monkeypatch.delenv("COUNTER_PASSWORD_FILE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Admin#Desk2026\n"))
    assert run(d, "users", "create-admin", "--user-id", "a0009", "--name", "管理员") == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("Admin#Desk2026\n"))  # --user: stdin line
    assert run(d, "catalog", "import", str(SAMPLE_CATALOG), "--user", "a0009") == 0
    assert audit_log(d)[-1][1:5] == ("a0009", "admin", "catalog.import", "ok")


# -- the password: never an argument; its file private ---------------------------------------


@pytest.mark.parametrize("option", ["--password", "--pass", "--password-file", "--operator"])
def test_no_password_or_operator_option_exists(store, accepted, tmp_path, capsys, option):
    with pytest.raises(SystemExit) as exit_:
        run(store, "document", accepted, "--kind", "receipt", "--reprint", "--out",
            str(tmp_path / "r.pdf"), option, "c0001" if option == "--operator" else DEMO_PASSWORD)
    assert exit_.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_the_help_offers_no_password_option():
    from cli import build_parser

    parser = build_parser()
    options = {o for a in parser._actions for o in a.option_strings}  # noqa: SLF001
    subparsers = [parser]
    while subparsers:
        p = subparsers.pop()
        for a in p._actions:  # noqa: SLF001
            options.update(a.option_strings)
            if a.choices and isinstance(a.choices, dict):
                subparsers.extend(a.choices.values())
    assert "--user" in options
    assert not [o for o in options if "pass" in o or "operator" in o]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_password_file_others_can_read_is_refused(store, tmp_path, capsys, monkeypatch, mode):
    as_user(monkeypatch, tmp_path, "a0001")
    path = Path(os.environ["COUNTER_PASSWORD_FILE"])
    os.chmod(path, mode)
    entries = audit_log(store)

    assert run(store, "users", "list") == 1

    err = capsys.readouterr().err
    assert f"权限为 {mode:04o}" in err and f"chmod 600 {path}" in err
    assert DEMO_PASSWORD not in err
    assert audit_log(store) == entries  # not even tried
    os.chmod(path, 0o600)
    assert run(store, "users", "list") == 0


def test_a_missing_or_empty_password_file_is_refused(store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COUNTER_USER", "a0001")
    monkeypatch.setenv("COUNTER_PASSWORD_FILE", str(tmp_path / "none"))
    assert run(store, "users", "list") == 1
    assert "无法读取密码文件" in capsys.readouterr().err
    empty = password_file(tmp_path, "", name="empty")
    monkeypatch.setenv("COUNTER_PASSWORD_FILE", str(empty))
    assert run(store, "users", "list") == 1
    assert "为空" in capsys.readouterr().err


def test_user_option_reads_the_password_from_stdin_not_the_arguments(store, capsys,
                                                                      monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert run(store, "users", "list", "--user", "a0001") == 0
    assert "sync01" in capsys.readouterr().out
