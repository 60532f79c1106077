"""``python main.py audit verify`` and ``users …`` as an administrator runs them (real
subprocesses), and the audit chain catching rows changed directly in SQL."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.cli_login import login_env, no_login_env
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PASSWORD = "Admin#Desk2026"


def run(*args: str | Path, stdin: str | None = None, keyring: Path | None = None,
        user: str | None = None, password: str = PASSWORD) -> subprocess.CompletedProcess:
    """``main.py`` in a subprocess; its keyring is the JSON file ``keyring`` (a test backend),
    or none at all (as on a headless server) — never the keyring of whoever runs the tests.
    ``user``: logged in as that user (``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE``)."""
    env = dict(no_login_env(), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if user is not None:
        env = login_env(Path(str(args[args.index("--data-dir") + 1])).parent / "login", user,
                        password, base=env)
    if keyring is None:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    else:
        env["PYTHON_KEYRING_BACKEND"] = "tests.e2e.file_keyring.FileKeyring"
        env["COUNTER_TEST_KEYRING"] = str(keyring)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          env=env, input=stdin if stdin is not None else "", capture_output=True,
                          text=True, encoding="utf-8", timeout=180)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A data directory with an administrator and a few decided cases (audited)."""
    d = tmp_path_factory.mktemp("audit") / "data"
    r = run("users", "create-admin", "--user-id", "a0001", "--name", "管理员甲",
            "--data-dir", d, stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    assert "已创建系统管理员 a0001" in r.stdout
    r = run("seed-demo", "--training", "--cases", "4", "--today", "2026-11-20", "--data-dir", d)
    assert r.returncode == 0, r.stderr
    return d


def copy(store: Path, tmp_path: Path) -> Path:
    d = tmp_path / "copy"
    shutil.copytree(store, d)
    return d


def sql(data_dir: Path, statement: str, *params) -> list[tuple]:
    con = sqlite3.connect(data_dir / "counter.sqlite3")
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def entries(data_dir: Path) -> int:
    return sql(data_dir, "SELECT COUNT(*) FROM audit_log")[0][0]


def test_an_untouched_chain_verifies(store):
    n = entries(store)
    assert n >= 5  # the administrator and four cases
    r = run("audit", "verify", "--data-dir", store)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        f"审计链完整，共 {n} 条",
        "未能校验封存：本机没有可用的系统密钥环，无法使用审计日志封存密钥。审计链已照常校验。"]


def test_a_changed_detail_is_found(store, tmp_path):
    d = copy(store, tmp_path)
    sql(d, "UPDATE audit_log SET detail = ? WHERE seq = 3", '{"reason_code":"forged"}')
    r = run("audit", "verify", "--data-dir", d)
    assert r.returncode == 1
    assert "第 3 条记录被篡改或缺失" in r.stderr.splitlines()
    assert r.stdout == ""


def test_a_changed_user_is_found(store, tmp_path):
    d = copy(store, tmp_path)
    sql(d, "UPDATE audit_log SET user_id = 'c9999' WHERE seq = 2")
    r = run("audit", "verify", "--data-dir", d)
    assert r.returncode == 1 and "第 2 条记录被篡改或缺失" in r.stderr.splitlines()


def test_a_deleted_entry_is_found(store, tmp_path):
    d = copy(store, tmp_path)
    sql(d, "DELETE FROM audit_log WHERE seq = 4")
    r = run("audit", "verify", "--data-dir", d)
    assert r.returncode == 1 and "第 5 条记录被篡改或缺失" in r.stderr.splitlines()


def test_a_removed_last_entry_is_found(store, tmp_path):
    d = copy(store, tmp_path)
    n = entries(d)
    sql(d, "DELETE FROM audit_log WHERE seq = ?", n)
    r = run("audit", "verify", "--data-dir", d)
    assert r.returncode == 1 and f"第 {n} 条记录被篡改或缺失" in r.stderr.splitlines()


def test_recomputing_the_hash_of_a_forged_entry_breaks_the_next(store, tmp_path):
    """Whoever rewrites an entry and its hash still breaks the link to the entry after it."""
    from counter.audit import entry_hash

    d = copy(store, tmp_path)
    seq, at, user_id, role, action, case_no, result, detail, prev = sql(
        d, "SELECT seq, at, user_id, role, action, case_no, result, detail, prev_hash "
           "FROM audit_log WHERE seq = 3")[0]
    forged = '{"forged":true}'
    moment = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
    digest = entry_hash(seq=seq, at=moment, user_id=user_id, role=role, action=action,
                        case_no=case_no, result=result, detail=detail, prev_hash=prev)
    stored = sql(d, "SELECT hash FROM audit_log WHERE seq = 3")[0][0]
    assert digest == stored  # the recomputation is right …
    digest = entry_hash(seq=seq, at=moment, user_id=user_id, role=role, action=action,
                        case_no=case_no, result=result, detail=forged, prev_hash=prev)
    sql(d, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 3", forged, digest)
    r = run("audit", "verify", "--data-dir", d)
    # … so entry 3 holds, and entry 4 no longer follows it
    assert r.returncode == 1 and "第 4 条记录被篡改或缺失" in r.stderr.splitlines()


def test_users_list_and_create_admin_only_once(store, tmp_path):
    d = copy(store, tmp_path)
    r = run("users", "list", "--data-dir", d, user="a0001")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()  # the administrator, then the training store's demo accounts
    assert lines[0] == "a0001\t管理员甲\t系统管理员\t启用"
    assert "sync01\t练习同步服务\t同步服务账号\t启用" in lines
    r = run("users", "create-admin", "--user-id", "a0002", "--name", "管理员乙",
            "--data-dir", d, stdin=PASSWORD + "\n")
    assert r.returncode == 1 and "已有用户" in r.stderr


def test_create_admin_refuses_a_weak_or_missing_password(tmp_path):
    d = tmp_path / "fresh"
    r = run("users", "create-admin", "--user-id", "a0001", "--name", "管理员甲",
            "--data-dir", d, stdin="admin\n")
    assert r.returncode == 1
    assert "密码不符合安全要求" in r.stderr and "密码至少 8 位" in r.stderr
    r = run("users", "create-admin", "--user-id", "a0001", "--name", "管理员甲",
            "--data-dir", d, stdin="")
    assert r.returncode == 1 and "未读到密码" in r.stderr
    assert "admin" not in r.stdout


def test_reset_password_from_the_command_line(store, tmp_path):
    d = copy(store, tmp_path)
    r = run("users", "reset-password", "c0001", "--data-dir", d, stdin="Temp#Pass2026\n",
            user="a0001")
    assert r.returncode == 0, r.stderr
    assert "下次登录时须修改" in r.stdout
    last = sql(d, "SELECT user_id, role, action, detail FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    assert last[:3] == ("a0001", "admin", "user.reset_password")
    assert json.loads(last[3]) == {"user_id": "c0001"}
    r = run("users", "list", "--data-dir", d, user="a0001")
    assert "c0001\t练习综窗1\t综窗人员\t启用（临时密码）" in r.stdout.splitlines()
    assert run("audit", "verify", "--data-dir", d).returncode == 0


# -- seals (封存): the chain anchored in the keyring -------------------------------------------


def rewrite_whole_chain(data_dir: Path, change_seq: int) -> None:
    """An attacker with write access to the file: change an entry, recompute every hash after
    it and the head row — the chain alone is consistent again."""
    from counter.audit import GENESIS, entry_hash

    prev = GENESIS
    rows = sql(data_dir, "SELECT seq, at, user_id, role, action, case_no, result, detail "
                         "FROM audit_log ORDER BY seq")
    for seq, at, user_id, role, action, case_no, result, detail in rows:
        if seq == change_seq:
            detail = '{"forged":true}'
        moment = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
        digest = entry_hash(seq=seq, at=moment, user_id=user_id, role=role, action=action,
                            case_no=case_no, result=result, detail=detail, prev_hash=prev)
        sql(data_dir, "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            detail, prev, digest, seq)
        prev = digest
    sql(data_dir, "UPDATE audit_head SET seq = ?, hash = ?", rows[-1][0], prev)


def test_seal_then_verify(store, tmp_path):
    d, ring = copy(store, tmp_path), tmp_path / "keyring.json"
    r = run("audit", "seal", "--data-dir", d, keyring=ring, user="a0001")
    assert r.returncode == 0, r.stderr
    n = entries(d)
    assert r.stdout.startswith(f"已封存审计日志：第 1 号封存（至第 {n} 条，")
    # sealed by the logged-in administrator, right after the login's own entry
    assert sql(d, "SELECT user_id, action FROM audit_log WHERE seq >= ? ORDER BY seq", n - 1) == [
        ("a0001", "login"), ("a0001", "audit.seal")]
    r = run("audit", "seal", "--data-dir", d, keyring=ring, user="a0001")  # its login is new
    assert r.returncode == 0 and r.stdout.startswith(f"已封存审计日志：第 2 号封存（至第 {n + 2} 条，")
    n = entries(d)
    r = run("audit", "verify", "--data-dir", d, keyring=ring)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"审计链完整，共 {n} 条"
    assert lines[1].startswith(f"封存校验通过：本窗口（140802-001-01）封存 2 个，最近一次第 2 号封存（至第 {n} 条")
    # the key is in the keyring only: not in the store, not in any output
    key = next(v for k, v in json.loads(ring.read_text()).items() if "audit-seal-key:" in k)
    assert len(bytes.fromhex(key)) == 32
    for f in d.rglob("*"):
        if f.is_file():
            assert key.encode() not in f.read_bytes() and bytes.fromhex(key) not in f.read_bytes()
    assert key not in r.stdout + r.stderr


def test_a_whole_chain_rewritten_in_sql_is_found(store, tmp_path):
    d, ring = copy(store, tmp_path), tmp_path / "keyring.json"
    assert run("audit", "seal", "--data-dir", d, keyring=ring, user="a0001").returncode == 0
    sealed = entries(d)
    rewrite_whole_chain(d, 3)
    assert run("audit", "verify", "--data-dir", d).returncode == 0  # without the key: unseen
    r = run("audit", "verify", "--data-dir", d, keyring=ring)
    assert r.returncode == 1 and r.stdout == ""
    assert f"审计链完整，共 {sealed} 条" in r.stderr.splitlines()
    assert f"封存校验失败：第 1 号封存（至第 {sealed} 条" in r.stderr
    assert "与审计链不符" in r.stderr


def test_a_deleted_seal_row_is_found_and_the_no_keyring_case_is_said(store, tmp_path):
    d, ring = copy(store, tmp_path), tmp_path / "keyring.json"
    assert run("audit", "seal", "--data-dir", d, keyring=ring, user="a0001").returncode == 0
    sql(d, "DELETE FROM audit_seals")
    r = run("audit", "verify", "--data-dir", d, keyring=ring)
    assert r.returncode == 1
    assert "在数据库中不存在：封存记录被删除或改动。" in r.stderr
    r = run("audit", "seal", "--data-dir", d, user="a0001")
    assert r.returncode == 1
    assert "未能封存审计日志：本机没有可用的系统密钥环" in r.stderr
