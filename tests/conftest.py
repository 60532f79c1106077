"""Shared fixtures for the whole suite.

* Qt runs offscreen (set before any Qt import).
* ``keyring`` gets an in-memory backend: headless machines have none, and the app must never
  fall back to a plaintext store.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

import pytest  # noqa: E402


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory for the duration of the tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


keyring.set_keyring(MemoryKeyring())


@pytest.fixture(autouse=True)
def _fresh_keyring():
    """Every test starts with an empty keyring (secrets never leak from one test to the next)."""
    keyring.set_keyring(MemoryKeyring())
    yield

SAMPLE_CATALOG = ROOT / "resources" / "catalog" / "sample-catalog.json"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def clock():
    from datetime import datetime

    from counter.clock import CST, FixedClock

    return FixedClock(datetime(2026, 11, 20, 9, 30, tzinfo=CST))


from tests.store.pg import pg_server, pg_url  # noqa: E402,F401 - one PostgreSQL server per session


@pytest.fixture
def store_url(request):
    """The store of ``ctx`` (and of the store tests' ``cx``): None, the SQLite file in the data
    directory, unless a test is parametrised ``indirect`` with ``postgresql`` — a fresh
    PostgreSQL database with the migrated schema and the sample catalog (hall mode). Use
    ``tests.store.pg.both_stores`` to run a test or a module on both."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return None
    return request.getfixturevalue("pg_server").fresh_url()


@pytest.fixture
def ctx(data_dir, clock, store_url):
    """A fresh store with the sample catalog imported, on a fixed clock."""
    from tests.helpers.context import build_context

    c = build_context(data_dir, clock=clock, db_url=store_url)
    yield c
    c.close()
