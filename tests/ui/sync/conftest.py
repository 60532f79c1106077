"""Fixtures of the sync widget tests: a store, the in-process simulator, a configured counter.

The simulator is the real HTTP server of ``sync/simulator`` on a free loopback port, as in
``tests/sync``; the keyring is the suite's in-memory one (``tests/conftest.py``), emptied
again after each test.
"""

from __future__ import annotations

import keyring
import pytest

from tests.sync.fixtures import cx, start_sim, sync_template
from tests.sync.helpers import SECRET

#: The fixtures shared with tests/sync (named here so that pytest finds them).
__all__ = ["cx", "start_sim", "sync_template"]


@pytest.fixture
def memory_keyring():
    """The suite's in-memory keyring; what a test stores in it is gone afterwards."""
    backend = keyring.get_keyring()
    saved = dict(backend.store)
    yield backend
    backend.store.clear()
    backend.store.update(saved)


def admin(ctx):
    """An administrator of this counter (for the service calls that name one)."""
    return ctx.site.get().actor("a0001", "admin")


@pytest.fixture
def configure(memory_keyring):
    """``configure(ctx, sim)``: the platform address and the client secret of this counter."""
    from sync.secrets import set_client_secret

    def apply(ctx, sim):
        ctx.sync.set_config(sim.base_url, actor=admin(ctx))
        set_client_secret(ctx.site.get().client_id, SECRET)

    return apply


@pytest.fixture
def window(qtbot, cx):
    """The main window on ``cx``; its background sync is not started (tests start it)."""
    from tests.sync.helpers import fast_options
    from tests.ui.conftest import log_in
    from ui.main_window import MainWindow

    log_in(cx, enforce=False)  # the screens act as the logged-in user (set-up names others)
    w = MainWindow(cx)
    qtbot.addWidget(w)
    w.sync_desk.bridge.options = fast_options()
    w.sync_desk.bridge.stop_timeout = 5.0
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.sync_desk.stop()


def refuse_one(ctx, *, events: int = 3) -> str:
    """A case whose ``accepted`` event names an item the platform does not know (it will be
    refused with ``422 unknown_item``); its number."""
    import json

    from sqlalchemy import select

    from counter.store.models import OutboxRow
    from tests.sync.helpers import backlog

    [bad] = backlog(ctx, 1, events_per_case=events, seed=2, prefix="X")
    with ctx.uow() as u:
        row = u.session.scalars(select(OutboxRow).where(OutboxRow.case_no == bad,
                                                        OutboxRow.seq == 1)).one()
        payload = json.loads(row.payload)
        payload["items"][0]["code"] = "11140802XXXXXXXXXXXX0000000000000"
        row.payload = json.dumps(payload, ensure_ascii=False)
        u.commit()
    return bad
