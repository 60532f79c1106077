"""Fixtures for the capture widgets: a capture service on a blob store in ``tmp_path`` and a
draft with two materials."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter.auth import LoginSession, SessionGuard
from counter.clock import CST, FixedClock
from counter.identity import Actor
from counter.intake.intake import Intake, MaterialState
from counter.permissions import Permissions
from counter.services.capture import CaptureService
from counter.store.blobs import BlobStore
from tests.capture import images

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
#: the clerk logged in at the counter of these tests (reading pages is ``page.view``)
CLERK = Actor(user_id="c0012", role="clerk", site="140802-S01", counter="01")


def clerk_permissions(clock) -> Permissions:
    """The role matrix with a guard on which :data:`CLERK` is logged in (not enforcing: no
    store to read the account from), so that the widgets' default actor is the clerk."""
    from counter.users import User

    guard = SessionGuard()
    guard.begin(LoginSession(User(CLERK.user_id, "综窗乙", frozenset({"clerk"})), CLERK, NOW))
    return Permissions(guard, clock)


@pytest.fixture
def blobs(tmp_path):
    return BlobStore(tmp_path / "blobs")


@pytest.fixture
def service(blobs):
    from ui.capture.pdf import QtPdfRasteriser

    clock = FixedClock(NOW)
    return CaptureService(blobs, clock, pdf=QtPdfRasteriser(),
                          permissions=clerk_permissions(clock))


@pytest.fixture
def intake():
    return Intake(id="d1", kind="item", key="X", catalog_version="v", answers={}, form={},
                  materials={"M-A": MaterialState("M-A"), "M-B": MaterialState("M-B")},
                  created_at=NOW, updated_at=NOW)


@pytest.fixture
def page_files(tmp_path):
    """Four small page files on disk (JPEG, PNG, and a blank sheet)."""
    folder = tmp_path / "in"
    folder.mkdir()
    out = []
    for n in range(3):
        path = folder / f"page{n + 1}.jpg"
        path.write_bytes(images.encode(images.text_page((360, 500), seed=n, lines=8)))
        out.append(path)
    blank = folder / "blank.png"
    blank.write_bytes(images.encode(images.blank_page((600, 850)), "PNG"))
    out.append(blank)
    return out
