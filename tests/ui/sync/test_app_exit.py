"""The desktop program starts the background sync after its window shows and stops it on exit:
the real program in a subprocess, against the simulator in this process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from sync.simulator import FaultConfig
from tests.conftest import ROOT
from tests.sync.helpers import SECRET, accept_cases, context_from_template
from tests.ui.sync.conftest import admin


def prepared_store(template, data_dir, sim, cases: int = 2) -> list[str]:
    ctx = context_from_template(template, data_dir)
    try:
        ctx.sync.set_config(sim.base_url, actor=admin(ctx))
        return accept_cases(ctx, cases)
    finally:
        ctx.close()


def run_gui(data_dir, quit_after: float) -> tuple[subprocess.CompletedProcess, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_CLIENT_SECRET=SECRET)
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir),
                           "--quit-after", str(quit_after)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    return done, time.monotonic() - started


@pytest.mark.slow
def test_the_gui_sends_in_the_background_and_stops_on_exit(sync_template, tmp_path, start_sim):
    sim = start_sim()
    numbers = prepared_store(sync_template, tmp_path / "data", sim)
    done, _seconds = run_gui(tmp_path / "data", 4)
    assert done.returncode == 0, done.stderr
    assert "background sync started" in done.stderr
    assert "background sync stopped" in done.stderr
    assert sorted({e.case_no for e in sim.store.events()}) == sorted(numbers)


@pytest.mark.slow
def test_a_hanging_platform_does_not_hold_up_the_exit(sync_template, tmp_path, start_sim):
    # every request is answered after 60 s: the worker is mid-request when the clerk quits
    sim = start_sim(faults=FaultConfig(rate=1.0, kinds=("slow",), slow_delay=60.0))
    prepared_store(sync_template, tmp_path / "data", sim)
    done, seconds = run_gui(tmp_path / "data", 3)
    assert done.returncode == 0, done.stderr
    assert "background sync started" in done.stderr
    assert "exiting without waiting for the platform request in flight" in done.stderr
    # start-up, 3 s shown, at most 2 s waiting for the worker — not the 60 s of the request
    assert seconds < 20, f"the program took {seconds:.1f} s to quit"
