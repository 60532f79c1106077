"""``sync --once`` as the sync service account runs it against a platform that misbehaves (issue 12):
bounded in time, no plain http to another host. Real subprocesses, the simulator on loopback."""

from __future__ import annotations

import time

import pytest

from tests.cli_login import accounts
from tests.sync.helpers import backlog
from tests.sync.test_cli import run


@pytest.fixture(autouse=True)
def _accounts(cx):
    """The sync service account and the administrator the commands log in as."""
    accounts(cx.data_dir)


def test_sync_once_against_a_dripping_server_ends_within_max_wait_plus_a_deadline(cx, start_sim):
    sim = start_sim()
    backlog(cx, 2, events_per_case=1, pages=1)
    sim.set_answer_mode("drip", drip_interval=0.2)
    started = time.monotonic()
    r = run("sync", "--once", "--max-wait", "2", "--timeout", "3", "--data-dir",
            str(cx.data_dir), "--platform-url", sim.base_url, timeout=120)
    elapsed = time.monotonic() - started
    # 2 s + 3 s, plus the interpreter starting and the store opening (generous on a busy machine)
    assert elapsed < 25, f"sync --once took {elapsed:.1f} s"
    assert r.returncode == 0, r.stderr
    assert "获平台确认 0 条" in r.stdout and "待发送 2 条" in r.stdout


def test_sync_once_refuses_plain_http_to_another_host(cx):
    r = run("sync", "--once", "--data-dir", str(cx.data_dir),
            "--platform-url", "http://zwfw.example.gov.cn/counter")
    assert r.returncode == 2 and "https://" in r.stderr
    r = run("sync-config", "--url", "http://zwfw.example.gov.cn/counter", "--data-dir",
            str(cx.data_dir))
    assert r.returncode != 0 and "https://" in r.stderr
    r = run("sync-config", "--show", "--data-dir", str(cx.data_dir), secret=None)
    assert "zwfw.example.gov.cn" not in r.stdout
