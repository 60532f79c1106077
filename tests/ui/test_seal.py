"""The desktop seals the audit chain (ui.seal.AuditSealer): as the logged-in user at start, on
the timer, at 日结 and at exit — never while locked or logged out — and the site page's 审计日志校验
shows what the seals say."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QDialog

from counter.clock import FixedClock
from sync.seal_keys import KeyringSealKeys
from bootstrap import QtDevices
from tests.store.access import ADMIN, CLERK, access_context, audit_rows
from tests.unit.cases.helpers import T0, make_template
from ui.admin import acting_as
from ui.admin.site_page import SitePage
from ui.seal import SEAL_MINUTES, AuditSealer


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("seal-ui"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0),
                       seal_keys=KeyringSealKeys(), devices=QtDevices)
    yield c
    c.close()


def seals(cx):
    con = sqlite3.connect(cx.data_dir / "counter.sqlite3")
    try:
        return con.execute("SELECT id, seq FROM audit_seals ORDER BY id").fetchall()
    finally:
        con.close()


def test_the_sealer_seals_as_the_logged_in_user_and_skips_otherwise(qtbot, cx):
    sealer = AuditSealer(cx)
    assert sealer.timer.interval() == SEAL_MINUTES * 60_000
    n = len(audit_rows(cx))
    assert sealer.seal_now("start") is None  # nobody logged in: skipped, no refusal entry
    assert len(audit_rows(cx)) == n and seals(cx) == []
    users = cx.users
    session = users.login(CLERK[0], CLERK[2])
    with qtbot.waitSignal(sealer.sealed) as blocker:
        sealer.start()
    assert blocker.args[0].sealed and sealer.timer.isActive()
    last = audit_rows(cx)[-1]
    assert (last.action, last.user_id, last.role) == ("audit.seal", CLERK[0], "clerk")
    assert seals(cx) == [(1, last.seq)]
    sealer.timer.timeout.emit()  # the timer: nothing new, nothing written
    assert not sealer.last.sealed and len(audit_rows(cx)) == last.seq
    users.lock(session, reason="idle")
    rows = len(audit_rows(cx))  # the lock itself is an entry
    assert sealer.seal_now("timer") is None
    assert len(audit_rows(cx)) == rows  # locked: skipped, no refusal entry
    users.unlock(session, CLERK[2])
    sealer.stop()
    assert not sealer.timer.isActive()
    assert sealer.last.sealed and sealer.last.seal.id == 2
    assert cx.audit.verify().intact


def test_a_keyring_problem_is_logged_once_and_nothing_is_written(qtbot, cx, caplog):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    cx.users.login(CLERK[0], CLERK[2])
    sealer = AuditSealer(cx)
    n = len(audit_rows(cx))
    assert sealer.seal_now("start") is None and sealer.seal_now("timer") is None
    assert len(audit_rows(cx)) == n and seals(cx) == []
    assert caplog.text.count("audit chain not sealed") == 1


def test_the_main_window_seals_at_the_daily_reconciliation(qtbot, cx):
    from ui.main_window import MainWindow

    cx.users.login(CLERK[0], CLERK[2])
    w = MainWindow(cx)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.sealer.sealed) as blocker:
        w.sync_desk.reconcile_action.trigger()  # 日结对账… (its dialog opens non-blocking)
    assert blocker.args[0].sealed
    last = audit_rows(cx)[-1]
    assert (last.action, last.detail) == ("audit.seal", '{"key_id":"140802-001-01","reason":"daily"}')
    for dialog in w.findChildren(QDialog):
        dialog.close()


def test_the_site_page_shows_a_broken_seal(qtbot, cx):
    users = cx.users
    users.login(ADMIN[0], ADMIN[2])
    guard = cx.permissions.guard
    site = SitePage(cx.settings, cx.audit, acting_as(guard, "admin"))
    qtbot.addWidget(site)
    cx.audit.seal(acting_as(guard, "admin")())
    site.verify_button.click()
    lines = site.audit_label.text().splitlines()
    assert lines[0].startswith("审计链完整") and lines[1].startswith("封存校验通过")
    assert site.audit_label.styleSheet() == ""
    con = sqlite3.connect(cx.data_dir / "counter.sqlite3")
    con.execute("UPDATE audit_seals SET mac = ?", ("0" * 64,))
    con.commit()
    con.close()
    site.verify_button.click()
    lines = site.audit_label.text().splitlines()
    assert lines[1].startswith("封存校验失败：第 1 号封存") and lines[1].endswith("签名无效：封存记录被伪造或改动。")
    assert "#b00020" in site.audit_label.styleSheet()
