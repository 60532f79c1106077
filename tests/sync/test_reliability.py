"""Reliability: faults of every kind and killed workers lose nothing and duplicate nothing.

The checks read the simulator's own store: every local event stored exactly once, under its
own case and seq, with an identical body, no gaps — and every page uploaded.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest

from sync.simulator import FaultConfig, KINDS, Progression
from tests.cli_login import SYNC, accounts, login_env
from tests.sync.helpers import (SECRET, assert_platform_has_exactly, backlog, fast_options,
                                local_events, make_worker)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: Every fault the simulator can inject, at 30 %, with short timeouts for the test.
ALL_FAULTS = FaultConfig(rate=0.3, kinds=KINDS, seed=11, retry_after=0, timeout_sleep=0.6,
                         slow_delay=0.1, after_share=0.5)


def test_a_backlog_drains_exactly_through_30_percent_faults(cx, start_sim):
    sim = start_sim(faults=ALL_FAULTS, progression=Progression(0.2, 0.2))
    backlog(cx, 60, events_per_case=4, pages=1, seed=3)
    worker = make_worker(cx, sim, timeout=0.4, options=fast_options(concurrency=6))
    summary = None
    for _ in range(5):  # each run retries for up to 20 s; the platform is slow, not down
        summary = worker.run_once(max_wait=20)
        if summary.status.pending == 0:
            break
    assert summary.status.pending == 0 and summary.status.refused == 0
    assert_platform_has_exactly(cx, sim)
    injected = sim.faults.counts
    assert set(injected) == set(KINDS), injected  # every kind struck at least once
    assert sum(injected.values()) > 50


def _spawn_worker(data_dir, url, log):
    """``python main.py sync`` as the sync service account (cli/login.py)."""
    accounts(data_dir, [(SYNC, ("sync",))])
    env = login_env(data_dir.parent / "login", SYNC,
                    base=dict(os.environ, COUNTER_CLIENT_SECRET=SECRET, PYTHONUNBUFFERED="1"))
    cmd = [sys.executable, os.path.join(ROOT, "main.py"), "sync", "--data-dir", str(data_dir),
           "--platform-url", url, "--timeout", "0.5", "--retry-base", "0.05", "--retry-cap",
           "0.5", "--idle", "0.2", "--concurrency", "4"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)


@pytest.mark.slow
def test_killing_the_worker_at_random_moments_loses_and_duplicates_nothing(cx, start_sim, tmp_path):
    sim = start_sim(faults=FaultConfig(rate=0.15, kinds=KINDS, seed=5, retry_after=0,
                                       timeout_sleep=0.7, slow_delay=0.1))
    backlog(cx, 80, events_per_case=3, pages=1, seed=4)
    total = len(local_events(cx))
    rng = random.Random(21)
    kills = 0
    with open(tmp_path / "worker.log", "wb") as log:
        for round_ in range(4):
            before = sim.store.event_count()
            proc = _spawn_worker(cx.data_dir, sim.base_url, log)
            # a random moment while it sends: after a random number of stored events
            target = before + rng.randint(1, 30)
            deadline = time.monotonic() + 30
            while sim.store.event_count() < target and time.monotonic() < deadline \
                    and proc.poll() is None:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.2))
            if proc.poll() is None:
                proc.kill()  # SIGKILL: no clean-up of any kind
                kills += 1
            proc.wait(10)
            backlog(cx, 5, events_per_case=2, pages=1, seed=100 + round_, prefix="K")  # life goes on
    assert kills >= 3
    stored_mid = sim.store.event_count()
    assert 5 <= stored_mid < total  # the kills happened mid-drain
    sim.set_fault_rate(0.0)
    summary = make_worker(cx, sim).run_once(max_wait=30)
    assert summary.status.pending == 0 and summary.status.refused == 0
    assert_platform_has_exactly(cx, sim)
