"""Fixtures of the sync tests: a store template, contexts, an in-process simulator."""

from __future__ import annotations

import pytest

from tests.sync.helpers import context_from_template, make_template


@pytest.fixture(scope="session")
def sync_template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("sync"))


@pytest.fixture
def cx(sync_template, tmp_path):
    """A counter store with the sample catalog, on a fixed clock (2026-11-20 09:30)."""
    c = context_from_template(sync_template, tmp_path / "counter")
    yield c
    c.close()


@pytest.fixture
def start_sim(tmp_path):
    """Start simulators on free loopback ports: ``start_sim(faults=…, progression=…)``."""
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
