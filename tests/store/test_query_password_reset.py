"""重置查询密码 (issue 11): an applicant who never got or lost the one-time query password gets
a new one at the counter — one transaction: the new hash replaces the old (which no longer
verifies), a history step, an audited entry without the password; the platform learns the new
hash only while the ``accepted`` event has not left the store (no event type is invented)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from counter import audit
from counter.cases.password import ALPHABET, check_password
from counter.errors import CounterError
from counter.permissions import PermissionDenied
from counter.services.cases import PASSWORD_RESET
from counter.store.models import AuditRow, CaseRow, OutboxRow
from tests.store.pg import both_stores
from tests.store.test_cases_service import (approved_case, clerk, cx, events, refused,  # noqa: F401
                                            template)
from tests.unit.cases.helpers import DESK, counts, filled

pytestmark = both_stores


def stored_hash(cx, case_no):
    with cx.uow(read_only=True) as u:
        return u.session.get(CaseRow, case_no).query_password_hash


def last_audit(cx):
    with cx.uow(read_only=True) as u:
        row = u.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
        assert audit.verify(u.session) is None
        return row


def test_reset_replaces_the_password_in_one_audited_transaction(cx, clerk):
    first = cx.cases.accept(filled(cx).id, clerk)
    number, old = first.case.case_no, first.query_password
    cx.clock.advance(hours=2)
    before = counts(cx)
    reset = cx.cases.reset_query_password(number.lower(), clerk)
    after = counts(cx)
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {
        "case_history": 1, "audit_log": 1}
    assert len(reset.query_password) == 10 and set(reset.query_password) <= set(ALPHABET)
    assert reset.reset_at == cx.clock.now() and reset.case.case_no == number
    h = stored_hash(cx, number)
    assert check_password(number, reset.query_password, h)
    assert not check_password(number, old, h) or reset.query_password == old
    assert reset.case.history[-1].action == PASSWORD_RESET
    assert reset.case.history[-1].actor == clerk
    entry = last_audit(cx)
    assert (entry.action, entry.case_no, entry.user_id, entry.result) == (
        "case.reset_query_password", number, clerk.user_id, "ok")
    assert reset.query_password not in entry.detail and h not in entry.detail
    # never sent: the platform will receive the new hash with the accepted event
    assert reset.platform_updated
    assert json.loads(entry.detail) == {"platform": "pending_event_updated"}
    [ev] = events(cx, number)
    assert ev["type"] == "accepted" and ev["payload"]["query_password_hash"] == h
    assert cx.cases.get(number, DESK).query_password is None  # never stored in clear


def test_a_case_with_an_old_sha256_hash_stays_checkable_and_a_reset_moves_it_on(cx, clerk):
    """Cases accepted before Argon2id keep their value (6 digits, sha256 with the case number)."""
    number = cx.cases.accept(filled(cx).id, clerk).case.case_no
    legacy = "sha256:" + hashlib.sha256(f"{number}:042917".encode()).hexdigest()
    with cx.uow() as u:
        u.session.get(CaseRow, number).query_password_hash = legacy
        u.commit()
    assert check_password(number, "042917", stored_hash(cx, number))
    assert not check_password(number, "042918", stored_hash(cx, number))
    reset = cx.cases.reset_query_password(number, clerk)
    assert stored_hash(cx, number).startswith("$argon2id$")
    assert check_password(number, reset.query_password, stored_hash(cx, number))
    assert not check_password(number, "042917", stored_hash(cx, number))


def test_reset_after_the_event_left_is_local_and_leaves_the_event_alone(cx, clerk):
    first = cx.cases.accept(filled(cx).id, clerk)
    number = first.case.case_no
    cx.clock.advance(minutes=1)
    [batch] = cx.sync.claim("worker-1")  # handed to the sync worker: it may be on the wire
    [ev] = events(cx, number)
    assert ev["state"] == "sent"
    cx.clock.advance(minutes=5)
    reset = cx.cases.reset_query_password(number, clerk)
    assert not reset.platform_updated
    assert json.loads(last_audit(cx).detail) == {"platform": "local_only"}
    [again] = events(cx, number)
    assert again["payload"] == ev["payload"]  # same body under the same event_id
    assert check_password(number, reset.query_password, stored_hash(cx, number))
    assert not check_password(number, first.query_password, stored_hash(cx, number)) \
        or reset.query_password == first.query_password


def test_reset_twice_only_the_latest_verifies(cx, clerk):
    number = cx.cases.accept(filled(cx).id, clerk).case.case_no
    one = cx.cases.reset_query_password(number, clerk).query_password
    cx.clock.advance(minutes=1)
    two = cx.cases.reset_query_password(number, clerk).query_password
    assert check_password(number, two, stored_hash(cx, number))
    assert one == two or not check_password(number, one, stored_hash(cx, number))


def test_reset_works_until_pickup_and_is_refused_after(cx, clerk):
    case = approved_case(cx, clerk)
    assert cx.cases.reset_query_password(case.case_no, clerk).case.state.value == "approved"
    cx.clock.advance(days=1)
    cx.cases.pickup(case.case_no, clerk)
    e = refused(cx, lambda: cx.cases.reset_query_password(case.case_no, clerk))
    assert "不能重置查询密码" in e.message


def test_cases_without_a_password_are_refused(cx, clerk):
    notified = cx.cases.notify(filled(cx, materials="missing", seed=5).id, clerk)
    e = refused(cx, lambda: cx.cases.reset_query_password(notified.case_no, clerk))
    assert "没有查询密码" in e.message
    rejected = cx.cases.reject(filled(cx).id, clerk, "REJ-03", "申请人不具备申请资格。")
    refused(cx, lambda: cx.cases.reset_query_password(rejected.case_no, clerk))


def test_an_administrator_may_not_reset(cx, clerk):
    number = cx.cases.accept(filled(cx).id, clerk).case.case_no
    admin = cx.site.get().actor("a0001", role="admin")
    before = stored_hash(cx, number)
    with pytest.raises(PermissionDenied):
        cx.cases.reset_query_password(number, admin)
    assert stored_hash(cx, number) == before
    entry = last_audit(cx)
    assert (entry.action, entry.result) == ("case.reset_query_password", "refused")
