"""Changing a stored draft by id (``IntakeService.update``): how an import that finished after
the clerk moved on reaches its draft — one transaction, nothing stored when it cannot be."""

from __future__ import annotations

import pytest

from counter.errors import NotFound
from counter.identity import Actor
from counter.permissions import PermissionDenied
from counter.services.intake import DraftClosed
from tests.unit.cases.helpers import DESK, counts, filled
from tests.store.test_drafts import cx, template  # noqa: F401 - fixtures


def _add_note(intake):
    intake.form["applicant.name"] = "补录"
    return "done"


def test_update_changes_the_stored_draft_and_returns_the_result(cx):  # noqa: F811
    intake = filled(cx)
    cx.clock.advance(seconds=30)
    assert cx.intake.update(intake.id, _add_note, DESK) == "done"
    again = cx.intake.load(intake.id, DESK)
    assert again.form["applicant.name"] == "补录"
    assert again.updated_at == cx.clock.now()
    assert intake.form["applicant.name"] != "补录"  # the caller's copy is not the stored one


def test_a_failing_change_stores_nothing(cx):  # noqa: F811
    intake = filled(cx)
    before = cx.intake.load(intake.id, DESK).to_json()

    def half_done(draft):
        draft.form["applicant.name"] = "半截"
        raise NotFound("本次受理没有这项材料，请刷新材料清单后重试。")

    with pytest.raises(NotFound):
        cx.intake.update(intake.id, half_done, DESK)
    assert cx.intake.load(intake.id, DESK).to_json() == before


def test_a_decided_draft_takes_nothing_and_names_its_case(cx):  # noqa: F811
    intake = filled(cx)
    case = cx.cases.accept(intake.id, cx.site.get().actor("c0001")).case
    before = counts(cx)
    with pytest.raises(DraftClosed, match=case.case_no) as refused:
        cx.intake.update(intake.id, _add_note, DESK)
    assert refused.value.status == "decided" and refused.value.case_no == case.case_no
    assert counts(cx) == before
    assert cx.intake.load(intake.id, DESK).form.get("applicant.name") != "补录"


def test_a_discarded_or_unknown_draft_takes_nothing(cx):  # noqa: F811
    intake = filled(cx)
    cx.intake.discard(intake.id, DESK)
    with pytest.raises(DraftClosed, match="已放弃") as refused:
        cx.intake.update(intake.id, _add_note, DESK)
    assert refused.value.status == "discarded" and refused.value.case_no is None
    with pytest.raises(NotFound):
        cx.intake.update("no-such-draft", _add_note, DESK)


def test_the_actor_must_be_allowed_to_edit_drafts(cx):  # noqa: F811
    intake = filled(cx)
    admin = Actor(user_id="a0001", role="admin", site=DESK.site, counter=DESK.counter)
    with pytest.raises(PermissionDenied):
        cx.intake.update(intake.id, _add_note, admin)
    assert cx.intake.load(intake.id, DESK).form["applicant.name"] != "补录"
