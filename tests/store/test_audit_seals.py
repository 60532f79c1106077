"""Seals of the audit chain (审计日志封存): a chain rewritten consistently in SQL, a deleted or
forged seal, other counters' seals, no keyring — and the key never leaves the keyring."""

from __future__ import annotations

import logging
import sqlite3
from datetime import timezone

import keyring
import pytest
from keyring.backend import KeyringBackend

from counter import audit
from counter.audit import GENESIS, entry_hash
from counter.clock import FixedClock
from counter.seal import Seal, SealKeysUnavailable
from counter.services.audit import SEAL_ACTION
from sync.seal_keys import ID_PREFIX, KEY_PREFIX, LATEST_PREFIX, KeyringSealKeys
from tests.store.access import ADMIN, CLERK, access_context, audit_rows
from tests.unit.cases.helpers import T0, make_template


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("seals"))


@pytest.fixture
def cx(template, tmp_path):
    c = access_context(template, tmp_path / "data", FixedClock(T0), enforce=False,
                       seal_keys=KeyringSealKeys())
    yield c
    c.close()


def actor(cx, role="admin"):
    return cx.site.get().actor("cli", role)


def touch(cx, n=1):
    """Some audited acts (settings changes by the administrator)."""
    for i in range(n):
        cx.settings.set_idle_minutes(actor(cx), 5 + (i % 20))


def sql(cx, statement, *params):
    con = sqlite3.connect(cx.data_dir / "counter.sqlite3")
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def rewrite_whole_chain(cx, *, change_seq: int) -> None:
    """What an attacker with write access to the file does: change one entry, recompute every
    hash after it and the head row, so that the chain alone is consistent again."""
    rows = sql(cx, "SELECT seq, at, user_id, role, action, case_no, result, detail "
                   "FROM audit_log ORDER BY seq")
    prev = GENESIS
    for seq, at, user_id, role, action, case_no, result, detail in rows:
        if seq == change_seq:
            detail = '{"forged":true}'
        moment = at if not isinstance(at, str) else __import__("datetime").datetime.fromisoformat(at)
        moment = moment.replace(tzinfo=timezone.utc)
        digest = entry_hash(seq=seq, at=moment, user_id=user_id, role=role, action=action,
                            case_no=case_no, result=result, detail=detail, prev_hash=prev)
        sql(cx, "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            detail, prev, digest, seq)
        prev = digest
    sql(cx, "UPDATE audit_head SET seq = ?, hash = ?", rows[-1][0], prev)


def key_id(cx):
    return cx.site.get().client_id


# -- sealing ---------------------------------------------------------------------------------


def test_a_seal_covers_its_own_entry_and_is_kept_in_the_keyring(cx):
    touch(cx, 3)
    out = cx.audit.seal(actor(cx), reason="manual")
    assert out.sealed and out.keyring_problem is None
    rows = audit_rows(cx)
    last = rows[-1]
    assert (last.action, last.result, last.user_id) == (SEAL_ACTION, "ok", "cli")
    assert (out.seal.seq, out.seal.hash, out.seal.key_id) == (last.seq, last.hash, key_id(cx))
    assert out.seal.id == 1
    store = cx.audit.store_id()
    kept = keyring.get_keyring().get_password("CounterDesk", f"{LATEST_PREFIX}{key_id(cx)}:{store}")
    assert Seal.from_text(kept).same(out.seal)
    report = cx.audit.verify()
    assert report.intact, report.message
    assert report.seals.checked == 1 and report.seals.latest.same(out.seal)
    assert "封存校验通过" in report.message and f"至第 {last.seq} 条" in report.message


def test_nothing_new_since_the_last_seal_makes_no_entry(cx):
    touch(cx)
    audit_service = cx.audit
    first = audit_service.seal(actor(cx))
    n = len(audit_rows(cx))
    again = audit_service.seal(actor(cx), reason="timer")
    assert not again.sealed and again.seal.same(first.seal)
    assert "未重复封存" in again.message
    assert len(audit_rows(cx)) == n  # no endless stream of seal entries
    touch(cx)
    third = audit_service.seal(actor(cx), reason="timer")
    assert third.sealed and third.seal.seq == n + 2 and third.seal.id == 2


def test_another_counters_seal_alone_is_no_reason_to_seal_again(cx):
    """Two counters sealing on their timers in a shared store do not ping-pong."""
    audit_service = cx.audit
    touch(cx)
    audit_service.seal(actor(cx))
    sql(cx, "INSERT INTO audit_seals (key_id, seq, hash, sealed_at, mac) VALUES (?, 1, ?, ?, ?)",
        "140802-001-02", "0" * 64, "2026-11-20 01:00:00.000000", "f" * 64)
    with cx.uow() as u:
        audit.append(u.session, at=T0, actor=None, user_id="cli", role="admin",
                     action=SEAL_ACTION, detail={"key_id": "140802-001-02", "reason": "timer"})
        u.commit()
    assert not audit_service.seal(actor(cx), reason="timer").sealed


def test_the_seal_key_is_made_once_and_never_leaves_the_keyring(cx, caplog):
    caplog.set_level(logging.DEBUG)
    touch(cx)
    cx.audit.seal(actor(cx))
    touch(cx)
    cx.audit.seal(actor(cx))
    store = keyring.get_keyring().store
    keys = [v for (svc, name), v in store.items() if name.startswith(KEY_PREFIX)]
    assert len(keys) == 1 and len(bytes.fromhex(keys[0])) == 32
    secret = keys[0]
    raw = bytes.fromhex(secret)
    db = (cx.data_dir / "counter.sqlite3").read_bytes()
    for f in cx.data_dir.glob("counter.sqlite3*"):
        data = f.read_bytes()
        assert secret.encode() not in data and raw not in data
        assert secret.upper().encode() not in data
    assert db
    assert secret not in caplog.text and secret.upper() not in caplog.text
    # a forged seal, a rewritten chain: messages name seals and entries, never the key
    sql(cx, "UPDATE audit_seals SET mac = ? WHERE id = 1", "0" * 64)
    report = cx.audit.verify()
    assert secret not in report.message and secret not in caplog.text


# -- what verification finds -----------------------------------------------------------------


def test_a_whole_chain_rewritten_in_sql_is_found_by_the_seal(cx):
    touch(cx, 4)
    seal = cx.audit.seal(actor(cx)).seal
    touch(cx, 2)
    rewrite_whole_chain(cx, change_seq=3)
    report = cx.audit.verify()
    assert report.broken is None  # the chain alone looks fine …
    assert not report.intact  # … the seal does not
    assert report.seals.problem.startswith("第 1 号封存（至第 %d 条" % seal.seq)
    assert "与审计链不符" in report.seals.problem
    assert report.lines()[0] == f"审计链完整，共 {len(audit_rows(cx))} 条"
    assert report.lines()[1].startswith("封存校验失败：第 1 号封存")


def test_a_rewrite_with_every_seal_row_deleted_is_found_by_the_keyring(cx):
    touch(cx, 3)
    cx.audit.seal(actor(cx))
    rewrite_whole_chain(cx, change_seq=2)
    sql(cx, "DELETE FROM audit_seals")
    report = cx.audit.verify()
    assert report.broken is None and not report.intact
    assert "在数据库中不存在" in report.seals.problem and "封存记录被删除" in report.seals.problem


def test_a_deleted_seal_row_is_found_via_the_keyring(cx):
    touch(cx)
    cx.audit.seal(actor(cx))
    touch(cx)
    latest = cx.audit.seal(actor(cx)).seal
    sql(cx, "DELETE FROM audit_seals WHERE id = ?", latest.id)
    report = cx.audit.verify()
    assert not report.intact and report.broken is None
    assert report.seals.problem == (f"系统密钥环记录的最近一次封存（至第 {latest.seq} 条，"
                                    f"2026-11-20 09:30）在数据库中不存在：封存记录被删除或改动。")


def test_a_forged_seal_is_found(cx):
    touch(cx)
    seal = cx.audit.seal(actor(cx)).seal
    touch(cx, 2)
    # the attacker seals the chain's head as it is now, with a MAC made up (no key)
    seq, digest = sql(cx, "SELECT seq, hash FROM audit_head")[0]
    sql(cx, "INSERT INTO audit_seals (key_id, seq, hash, sealed_at, mac) VALUES (?, ?, ?, ?, ?)",
        key_id(cx), seq, digest, "2026-11-20 01:40:00.000000", "ab" * 32)
    report = cx.audit.verify()
    assert not report.intact
    assert report.seals.problem == f"第 2 号封存（至第 {seq} 条，2026-11-20 09:40）签名无效：封存记录被伪造或改动。"
    # a MAC made with another key is no better
    sql(cx, "DELETE FROM audit_seals WHERE id = 2")
    other = Seal.make(b"k" * 32, seq=seq, hash=digest, sealed_at=T0, key_id=key_id(cx))
    sql(cx, "INSERT INTO audit_seals (key_id, seq, hash, sealed_at, mac) VALUES (?, ?, ?, ?, ?)",
        key_id(cx), seq, digest, "2026-11-20 01:30:00.000000", other.mac)
    assert "签名无效" in cx.audit.verify().seals.problem
    # and a seal whose sealed seq was moved is caught by its MAC too
    sql(cx, "DELETE FROM audit_seals WHERE id = 3")
    sql(cx, "UPDATE audit_seals SET seq = seq + 1 WHERE id = 1")
    assert cx.audit.verify().seals.problem.startswith(
        f"第 1 号封存（至第 {seal.seq + 1} 条")


def test_other_counters_seals_are_reported_as_not_checked(cx):
    touch(cx)
    cx.audit.seal(actor(cx))
    for i, counter in enumerate(("02", "03", "03")):
        sql(cx, "INSERT INTO audit_seals (key_id, seq, hash, sealed_at, mac) VALUES (?, 1, ?, ?, ?)",
            f"140802-001-{counter}", "0" * 64, f"2026-11-20 01:0{i}:00.000000", "0" * 64)
    report = cx.audit.verify()
    assert report.intact, report.message
    assert (report.seals.checked, report.seals.others) == (1, 3)
    assert report.lines()[-1] == "由其他窗口封存，本机无法校验：3 个"


def test_without_a_keyring_the_seals_are_not_checked_but_the_chain_is(cx):
    from keyring.backends import fail

    touch(cx)
    cx.audit.seal(actor(cx))
    keyring.set_keyring(fail.Keyring())
    report = cx.audit.verify()
    assert report.intact and report.seals.unavailable
    assert report.lines()[1] == ("未能校验封存：本机没有可用的系统密钥环，无法使用审计日志封存密钥。"
                                 "审计链已照常校验。")
    sql(cx, "UPDATE audit_log SET detail = '{}' WHERE seq = 2")
    report = cx.audit.verify()
    assert report.broken == 2 and not report.intact
    assert report.lines()[0] == "第 2 条记录被篡改或缺失"
    # sealing without a keyring writes nothing
    n = len(audit_rows(cx))
    touch(cx)
    with pytest.raises(SealKeysUnavailable, match="本机没有可用的系统密钥环"):
        cx.audit.seal(actor(cx))
    assert len(audit_rows(cx)) == n + 1 and sql(cx, "SELECT COUNT(*) FROM audit_seals")[0][0] == 1


def test_a_plaintext_keyring_is_refused(cx):
    class PlainText(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise AssertionError("must not be written")

        def delete_password(self, service, username):
            pass

    PlainText.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlainText())
    touch(cx)
    with pytest.raises(SealKeysUnavailable, match="明文"):
        cx.audit.seal(actor(cx))


def test_a_lost_seal_key_is_reported(cx):
    touch(cx)
    cx.audit.seal(actor(cx))
    keyring.get_keyring().delete_password("CounterDesk", KEY_PREFIX + key_id(cx))
    report = cx.audit.verify()
    assert not report.intact
    assert report.seals.problem.startswith(f"系统密钥环中没有本窗口（{key_id(cx)}）的封存密钥，1 个封存无法校验")


def test_a_store_opened_elsewhere_notes_that_deleted_seals_cannot_be_found(cx):
    touch(cx)
    cx.audit.seal(actor(cx))
    store = cx.audit.store_id()
    keyring.get_keyring().delete_password("CounterDesk", f"{LATEST_PREFIX}{key_id(cx)}:{store}")
    report = cx.audit.verify()
    assert report.intact and report.seals.checked == 1
    assert "无法发现被删除的封存" in report.message


def test_a_fresh_store_has_no_seals_yet(cx):
    report = cx.audit.verify()
    assert report.intact and report.lines()[1] == f"本窗口（{key_id(cx)}）尚无审计日志封存"
    assert not any(name.startswith(KEY_PREFIX) for _s, name in keyring.get_keyring().store)


# -- permission -----------------------------------------------------------------------------


def test_sealing_needs_a_logged_in_unlocked_user(template, tmp_path):
    from counter.permissions import PermissionDenied

    c = access_context(template, tmp_path / "data", FixedClock(T0), enforce=True,
                       seal_keys=KeyringSealKeys())
    try:
        users = c.users
        clerk_actor = c.site.get().actor(CLERK[0], "clerk")
        with pytest.raises(PermissionDenied, match="尚未登录"):
            c.audit.seal(clerk_actor)
        assert keyring.get_keyring().store == {}  # refused before the keyring is touched
        assert (audit_rows(c)[-1].action, audit_rows(c)[-1].result) == (SEAL_ACTION, "refused")
        s = users.login(CLERK[0], CLERK[2])
        out = c.audit.seal(s.actor, reason="start")
        assert out.sealed and audit_rows(c)[-1].user_id == CLERK[0]
        users.lock(s, reason="manual")
        with pytest.raises(PermissionDenied, match="锁定"):
            c.audit.seal(s.actor)
        assert c.audit.verify().intact
        admin = users.login(ADMIN[0], ADMIN[2])
        report = c.audit.verify_as(admin.actor)
        assert report.intact
        assert audit_rows(c)[-1].action == "audit.verify"
    finally:
        c.close()


def test_a_damaged_key_is_refused_without_showing_it(cx):
    touch(cx)
    bad = "zz" + "c0ffee" * 10
    keyring.get_keyring().set_password("CounterDesk", KEY_PREFIX + key_id(cx), bad)
    with pytest.raises(SealKeysUnavailable) as err:
        cx.audit.seal(actor(cx))
    assert "已损坏" in str(err.value) and "c0ffee" not in str(err.value)
    assert sql(cx, "SELECT COUNT(*) FROM audit_seals")[0][0] == 0
    assert audit_rows(cx)[-1].action != SEAL_ACTION


def test_appending_audit_entries_never_touches_the_keyring(cx):
    """The per-write cost of seals is zero: only seal and verify reach the keyring."""

    class Untouchable(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise AssertionError("keyring read on an audited write")

        def set_password(self, service, username, password):
            raise AssertionError("keyring write on an audited write")

        def delete_password(self, service, username):
            raise AssertionError("keyring delete on an audited write")

    touch(cx)
    cx.audit.seal(actor(cx))
    keyring.set_keyring(Untouchable())
    n = len(audit_rows(cx))
    touch(cx, 5)
    assert len(audit_rows(cx)) == n + 5


def test_a_store_without_catalog_or_site_still_verifies_its_chain(tmp_path):
    """``audit verify`` on a store nobody set up yet: no region for the key id — the chain is
    checked, the seals are said to be unchecked."""
    from tests.helpers.context import build_context

    c = build_context(tmp_path / "empty", clock=FixedClock(T0), load_sample=False,
                      seal_keys=KeyringSealKeys())
    try:
        report = c.audit.verify()
        assert report.intact and report.seals.unavailable
        assert report.lines() == ["审计链完整，共 0 条",
                                  "未能校验封存：无法确定本窗口的封存密钥（尚未导入事项目录，请由管理员导入目录文件）。"
                                  "审计链已照常校验。"]
    finally:
        c.close()


# -- the key id comes from the keyring, never from the store (issue 12) -----------------------


def test_a_rewritten_chain_plus_a_changed_site_profile_is_still_caught(cx):
    """The bypass: rewrite the whole chain consistently, then change the counter code in the
    site profile so that verification would look for another counter's key and seals."""
    touch(cx, 3)
    sealed = cx.audit.seal(actor(cx)).seal
    original = key_id(cx)
    rewrite_whole_chain(cx, change_seq=2)
    sql(cx, "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_profile', ?)",
        '{"region_code": "140802", "site_code": "009", "counter_code": "42"}')
    assert key_id(cx) != original
    report = cx.audit.verify()
    assert report.broken is None and not report.intact
    assert report.seals.key_id == original
    assert report.seals.problem.startswith(f"第 1 号封存（至第 {sealed.seq} 条")
    # with the seal rows deleted too, the keyring's latest seal still names what is missing
    sql(cx, "DELETE FROM audit_seals")
    report = cx.audit.verify()
    assert not report.intact and "在数据库中不存在" in report.seals.problem


def test_a_catalog_for_another_region_does_not_change_the_key(cx):
    """No saved profile: the default profile takes the region of the active catalog."""
    sql(cx, "DELETE FROM settings WHERE key = 'site_profile'")
    touch(cx, 2)
    sealed = cx.audit.seal(actor(cx)).seal
    rewrite_whole_chain(cx, change_seq=1)
    sql(cx, "DELETE FROM audit_seals")
    cx.site._default_region = lambda: "110101"  # what a Beijing catalog would do
    assert key_id(cx).startswith("110101-")
    report = cx.audit.verify()
    assert not report.intact and report.seals.key_id == sealed.key_id
    assert "在数据库中不存在" in report.seals.problem


def test_the_key_id_is_recorded_once_and_kept_when_the_profile_changes(cx):
    touch(cx)
    first = cx.audit.seal(actor(cx)).seal
    store = cx.audit.store_id()
    ring = keyring.get_keyring()
    assert ring.get_password("CounterDesk", f"{ID_PREFIX}{store}") == first.key_id
    cx.site.update(counter_code="05")  # a legitimate change by the administrator
    touch(cx)
    second = cx.audit.seal(actor(cx)).seal
    assert second.key_id == first.key_id  # the seals of this store go on with the same key
    assert ring.get_password("CounterDesk", f"{ID_PREFIX}{store}") == first.key_id
    report = cx.audit.verify()
    assert report.intact and report.seals.checked == 2, report.message


def test_a_store_sealed_before_the_key_id_was_recorded_adopts_its_seals(cx):
    """Stores sealed by an older version: the keyring has the key and the latest seal but no
    recorded key id; the profile changed since — the seals in the keyring still decide."""
    touch(cx, 2)
    sealed = cx.audit.seal(actor(cx)).seal
    store = cx.audit.store_id()
    keyring.get_keyring().delete_password("CounterDesk", f"{ID_PREFIX}{store}")
    sql(cx, "INSERT OR REPLACE INTO settings (key, value) VALUES ('site_profile', ?)",
        '{"region_code": "140802", "site_code": "001", "counter_code": "77"}')
    rewrite_whole_chain(cx, change_seq=1)
    report = cx.audit.verify()
    assert not report.intact and report.seals.key_id == sealed.key_id
    touch(cx)
    assert cx.audit.seal(actor(cx)).seal.key_id == sealed.key_id
    assert keyring.get_keyring().get_password("CounterDesk", f"{ID_PREFIX}{store}") == sealed.key_id
