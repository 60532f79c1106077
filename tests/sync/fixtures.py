"""Fixtures shared by the sync tests and the sync widget tests (``tests/sync``, ``tests/ui/sync``).

Each of those folders' ``conftest.py`` imports them by name, so that they apply there and
nowhere else.
"""

from __future__ import annotations

import pytest

from tests.sync.helpers import context_from_template, make_template


@pytest.fixture(scope="session")
def sync_template(tmp_path_factory):
    """A data directory with a migrated store and the sample catalog (built once)."""
    return make_template(tmp_path_factory.mktemp("sync"))


@pytest.fixture
def cx(sync_template, tmp_path):
    """A counter store with the sample catalog, on a fixed clock (2026-11-20 09:30)."""
    c = context_from_template(sync_template, tmp_path / "counter")
    yield c
    c.close()


@pytest.fixture
def start_sim(tmp_path):
    """Start simulators on free loopback ports: ``start_sim(faults=…, progression=…)``.

    The keywords are those of ``sync.simulator.SimConfig``; each simulator gets its own data
    directory under ``tmp_path`` and is stopped after the test.
    """
    from sync.simulator import PlatformSimulator, SimConfig

    started = []

    def start(**kw):
        kw.setdefault("data_dir", tmp_path / f"sim{len(started)}")
        sim = PlatformSimulator(SimConfig(**kw)).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()
