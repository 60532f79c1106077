"""The sync commands as an administrator runs them: real subprocesses, the simulator on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import select

from counter.store.models import OutboxRow
from tests.cli_login import ADMIN, SUPERVISOR, SYNC, accounts, login_env, no_login_env
from tests.sync.helpers import CLIENT_ID, SECRET, T0, accept_cases, backlog

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NO_KEYRING = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def _accounts(cx):
    """The store's accounts: the sync service account, a supervisor, an administrator …"""
    accounts(cx.data_dir)


def who(args) -> str | None:
    """Who runs a sync command: the service account syncs, a supervisor looks at refusals and
    closes the day, the administrator configures; status and --show need no login."""
    if args[0] == "sync-config":
        return None if "--show" in args else ADMIN
    sub = args[1] if len(args) > 1 else ""
    return {"status": None, "refused": SUPERVISOR, "resend": SUPERVISOR,
            "reconcile": SUPERVISOR}.get(sub, SYNC)


def run(*args, secret: str | None = SECRET, stdin: str | None = None, timeout: float = 60,
        user: str | None = "auto"):
    env = dict(no_login_env(), PYTHON_KEYRING_BACKEND=NO_KEYRING)
    user = who(args) if user == "auto" else user
    if user is not None:
        d = args[args.index("--data-dir") + 1]
        env = login_env(os.path.join(os.path.dirname(d), "login"), user, base=env)
    env.pop("COUNTER_CLIENT_SECRET", None)
    if secret is not None:
        env["COUNTER_CLIENT_SECRET"] = secret
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_sync_once_drains_and_exits_1_on_refusals(cx, start_sim):
    sim = start_sim()
    backlog(cx, 4, events_per_case=2, pages=1)
    bad = backlog(cx, 1, events_per_case=1, pages=0, seed=9, prefix="X")
    with cx.uow() as u:  # an ID number with a wrong check character
        row = u.session.scalars(select(OutboxRow).where(OutboxRow.case_no == bad[0])).one()
        payload = json.loads(row.payload)
        number = payload["applicant"]["id_number"]
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        row.payload = row.payload.replace(number, wrong)
        u.commit()
    d = str(cx.data_dir)
    r = run("sync", "--once", "--data-dir", d, "--platform-url", sim.base_url)
    assert r.returncode == 1, r.stderr
    assert "获平台确认 8 条" in r.stdout and "拒收" in r.stdout
    assert wrong not in r.stdout + r.stderr and number not in r.stdout + r.stderr
    r = run("sync", "refused", "--data-dir", d)
    assert bad[0] in r.stdout and "居民身份证号码无效" in r.stdout and "HTTP 422" in r.stdout
    r = run("sync", "status", "--json", "--data-dir", d)
    status = json.loads(r.stdout)
    assert status["pending"] == 0 and status["refused"] == 1 and status["online"] is True
    refused = json.loads(run("sync", "refused", "--json", "--data-dir", d).stdout)
    assert refused[0]["code"] == "bad_id_number"
    r = run("sync", "resend", refused[0]["event_id"], "--data-dir", d)
    assert r.returncode == 0 and "已重新排队" in r.stdout


def test_sync_needs_an_address_and_a_secret(cx, start_sim):
    d = str(cx.data_dir)
    r = run("sync", "--once", "--data-dir", d)
    assert r.returncode == 2 and "未配置省级平台地址" in r.stderr
    r = run("sync", "--once", "--data-dir", d, "--platform-url", "http://127.0.0.1:9", secret=None)
    assert r.returncode == 2 and "没有可用的系统密钥环" in r.stderr
    assert "COUNTER_CLIENT_SECRET" in r.stderr


def test_sync_config(cx, start_sim):
    d = str(cx.data_dir)
    sim = start_sim(tls=True)
    r = run("sync-config", "--url", sim.base_url, "--ca-file", str(sim.ca_file), "--data-dir", d)
    assert r.returncode == 0 and "已保存" in r.stdout
    r = run("sync-config", "--show", "--data-dir", d, secret=None)
    assert sim.base_url in r.stdout and CLIENT_ID in r.stdout and "密钥：未配置" in r.stdout
    r = run("sync-config", "--set-secret", "--data-dir", d, secret=None, stdin="abc\n")
    assert r.returncode == 2 and "没有可用的系统密钥环" in r.stderr and "abc" not in r.stderr
    # the configured address and CA file are used (TLS verified with the simulator's CA)
    backlog(cx, 2, events_per_case=1, pages=0)
    r = run("sync", "--once", "--data-dir", d)
    assert "获平台确认 2 条" in r.stdout, r.stderr
    # backlog()'s synthetic case numbers are no real case numbers: the platform's `received`
    # for them is kept aside (平台数据问题), which needs a person — exit status 1
    assert r.returncode == 1 and "平台数据异常" in r.stdout


def test_reconcile_command(cx, start_sim):
    sim = start_sim()
    accept_cases(cx, 2)
    d = str(cx.data_dir)
    day = T0.date().isoformat()
    r = run("sync", "reconcile", "--date", day, "--data-dir", d)
    assert r.returncode == 1 and "差异明细（2 件）" in r.stdout and "受理" in r.stdout
    assert run("sync", "--once", "--data-dir", d, "--platform-url", sim.base_url).returncode == 0
    r = run("sync", "reconcile", "--date", day, "--json", "--data-dir", d)
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data["balanced"] and data["decisions"][0]["acked"] == 2


@pytest.mark.slow
def test_platform_sim_command_and_a_clean_stop(cx, tmp_path):
    env = dict(os.environ, COUNTER_CLIENT_SECRET=SECRET, PYTHON_KEYRING_BACKEND=NO_KEYRING)
    sim = subprocess.Popen([sys.executable, "main.py", "platform-sim", "--port", "0",
                            "--data-dir", str(tmp_path / "sim"), "--progress-delays", "0,0"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        url = sim.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        r = httpx.post(url + "/api/v1/token", json={"client_id": CLIENT_ID, "client_secret": SECRET})
        assert r.status_code == 200
        backlog(cx, 3, events_per_case=1, pages=1)
        worker = subprocess.Popen([sys.executable, "main.py", "sync", "--data-dir", str(cx.data_dir),
                                   "--platform-url", url, "--idle", "0.2"],
                                  cwd=ROOT, env=login_env(tmp_path / "login", SYNC, base=env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with cx.uow(read_only=True) as u:
                    left = u.session.scalars(select(OutboxRow).where(OutboxRow.state != "acked")).all()
                if not left:
                    break
                time.sleep(0.1)
            assert not left
            worker.send_signal(signal.SIGTERM)
            out, _ = worker.communicate(timeout=20)
            assert worker.returncode == 0 and "同步已停止" in out
        finally:
            if worker.poll() is None:
                worker.kill()
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.communicate(timeout=20)
    assert sim.returncode == 0


def test_set_secret_goes_to_the_keyring_only(cx, monkeypatch, capsys):
    import io

    from cli import main
    from sync.secrets import ENV_VAR, SERVICE

    import keyring

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("top-secret-value\n"))
    for key, value in login_env(cx.data_dir.parent / "login", ADMIN, base={}).items():
        monkeypatch.setenv(key, value)
    assert main(["sync-config", "--set-secret", "--data-dir", str(cx.data_dir)]) == 0
    out = capsys.readouterr()
    assert "已存入系统密钥环" in out.out and "top-secret-value" not in out.out + out.err
    assert keyring.get_password(SERVICE, CLIENT_ID) == "top-secret-value"
    for f in cx.data_dir.rglob("*"):  # never written anywhere in the data directory
        if f.is_file() and f.stat().st_size < 50_000_000:
            assert b"top-secret-value" not in f.read_bytes(), f
