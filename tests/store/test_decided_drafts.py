"""Decided drafts (办结草稿) keep their identity only: the case holds the content."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from counter.store.models import AuditRow, DraftRow
from tests.unit.cases.helpers import DESK, context_from_template, filled, make_template


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("decided-drafts"))


@pytest.fixture
def cx(template, tmp_path):
    c = context_from_template(template, tmp_path / "data")
    yield c
    c.close()


def _row(cx, draft_id):
    with cx.uow(read_only=True) as u:
        row = u.session.get(DraftRow, draft_id)
        return row.status, row.case_no, row.json


def _audit_count(cx):
    with cx.uow(read_only=True) as u:
        return u.session.scalar(select(func.count()).select_from(AuditRow))


def test_the_decision_empties_the_draft_in_its_own_transaction(cx):
    intake = filled(cx)
    full = _row(cx, intake.id)[2]
    case = cx.cases.accept(intake.id, cx.site.get().actor("c0001")).case
    status, case_no, json_text = _row(cx, intake.id)
    assert (status, case_no) == ("decided", case.case_no)
    assert len(json_text) < len(full) / 3
    for personal in (case.applicant.name, case.applicant.id_number):
        assert personal not in json_text
    kept = cx.intake.load(intake.id, DESK)
    assert (kept.id, kept.kind, kept.key, kept.catalog_version) == (
        intake.id, intake.kind, intake.key, intake.catalog_version)
    assert kept.form == {} and kept.answers == {} and kept.materials == {}
    # the case has everything: opening it does not need the draft
    again = cx.cases.get(case.case_no, DESK)
    assert again.form == case.form and again.materials == case.materials


def test_a_notified_draft_is_emptied_too_and_cannot_be_decided_again(cx):
    intake = filled(cx, materials="missing")
    clerk = cx.site.get().actor("c0001")
    cx.cases.notify(intake.id, clerk)
    assert '"materials":{}' in _row(cx, intake.id)[2]
    with pytest.raises(Exception, match="已办结"):
        cx.cases.accept(intake.id, clerk)


def test_trim_decided_empties_old_drafts_once(cx):
    clerk = cx.site.get().actor("c0001")
    old = [filled(cx, seed=s) for s in (1, 2, 3)]
    for intake in old:
        cx.cases.accept(intake.id, clerk)
    open_one = filled(cx, seed=4)
    with cx.uow() as u:  # as an older version left them: decided with their whole content
        for intake in old:
            u.session.execute(text("UPDATE drafts SET json = :j WHERE id = :i"),
                              {"j": intake.to_json(), "i": intake.id})
        u.commit()
    open_json = _row(cx, open_one.id)[2]
    audits = _audit_count(cx)
    total, after, batches = 0, "", 0
    while after is not None:
        n, after = cx.intake.trim_decided(after, limit=2)
        total, batches = total + n, batches + 1
    assert total == 3 and batches == 2
    assert _audit_count(cx) == audits + 2  # one entry per batch, counts only
    for intake in old:
        assert '"answers":{},"form":{},"materials":{}' in _row(cx, intake.id)[2]
    assert _row(cx, open_one.id)[2] == open_json  # an open draft is never touched
    assert cx.intake.trim_decided() == (0, None)  # nothing left: no write, no audit entry
    assert _audit_count(cx) == audits + 2


def test_an_unreadable_decided_draft_is_left_as_it_is(cx):
    intake = filled(cx)
    cx.cases.accept(intake.id, cx.site.get().actor("c0001"))
    with cx.uow() as u:
        u.session.execute(text("UPDATE drafts SET json = '{broken' WHERE id = :i"),
                          {"i": intake.id})
        u.commit()
    assert cx.intake.trim_decided() == (0, None)
    assert _row(cx, intake.id)[2] == "{broken"


def test_the_command_line_trims_old_drafts(cx, capsys, monkeypatch, tmp_path):
    from cli import main
    from tests.cli_login import ADMIN, accounts, login_env

    accounts(cx.data_dir)
    for key, value in login_env(tmp_path / "login", ADMIN, base={}).items():
        monkeypatch.setenv(key, value)

    intake = filled(cx)
    cx.cases.accept(intake.id, cx.site.get().actor("c0001"))
    with cx.uow() as u:
        u.session.execute(text("UPDATE drafts SET json = :j WHERE id = :i"),
                          {"j": intake.to_json(), "i": intake.id})
        u.commit()
    assert main(["store", "trim-drafts", "--data-dir", str(cx.data_dir), "--vacuum"]) == 0
    out = capsys.readouterr().out
    assert "已清理 1 份" in out and "已整理" in out
    assert '"form":{}' in _row(cx, intake.id)[2]
    with cx.uow(read_only=True) as u:  # in the name of the administrator logged in
        last = u.session.execute(text("SELECT user_id, role, action, detail FROM audit_log "
                                      "ORDER BY seq DESC LIMIT 1")).one()
    assert tuple(last) == (ADMIN, "admin", "draft.trim", '{"drafts":1}')
