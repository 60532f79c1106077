"""The case state machine (办件状态流转)."""

from __future__ import annotations

import pytest

from counter.cases.model import (FEED_STATUS_ACTIONS, FINAL_STATES, OPEN_STATES, READY_FOR_PICKUP,
                                 TRANSITIONS, CaseAction, CaseState, actions_from, allowed,
                                 transition)
from counter.errors import CounterError

S, A = CaseState, CaseAction


@pytest.mark.parametrize("state,action,expected", [
    (S.DRAFT, A.ACCEPT, S.ACCEPTED),
    (S.DRAFT, A.NOTIFY, S.NOTIFIED),
    (S.DRAFT, A.REJECT, S.REJECTED),
    (S.DRAFT, A.ACCEPT_WITH_TOLERANCE, S.AWAITING_SUPPLEMENT),
    (S.AWAITING_SUPPLEMENT, A.SUPPLEMENT, S.ACCEPTED),
    (S.AWAITING_SUPPLEMENT, A.TERMINATE, S.TERMINATED),
    (S.ACCEPTED, A.IN_REVIEW, S.IN_REVIEW),
    (S.IN_REVIEW, A.CORRECTION_REQUIRED, S.CORRECTION_REQUIRED),
    (S.CORRECTION_REQUIRED, A.IN_REVIEW, S.IN_REVIEW),
    (S.IN_REVIEW, A.APPROVED, S.APPROVED),
    (S.IN_REVIEW, A.DENIED, S.DENIED),
    (S.APPROVED, A.COMPLETED, S.COMPLETED),
    (S.APPROVED, A.PICKUP, S.CLOSED),
    (S.DENIED, A.PICKUP, S.CLOSED),
    (S.COMPLETED, A.PICKUP, S.CLOSED),
    (S.ACCEPTED, A.VOID, S.VOIDED),
    (S.IN_REVIEW, A.VOID, S.VOIDED),
])
def test_allowed_transitions(state, action, expected):
    assert transition(state, action) is expected
    assert transition(state.value, action.value) is expected  # plain strings too
    assert allowed(state, action)


@pytest.mark.parametrize("state,action", [
    (S.NOTIFIED, A.ACCEPT), (S.REJECTED, A.ACCEPT), (S.ACCEPTED, A.ACCEPT),
    (S.ACCEPTED, A.PICKUP), (S.IN_REVIEW, A.PICKUP), (S.CLOSED, A.PICKUP),
    (S.CLOSED, A.VOID), (S.NOTIFIED, A.VOID), (S.DRAFT, A.APPROVED), (S.VOIDED, A.IN_REVIEW),
])
def test_illegal_transitions_are_refused_in_chinese(state, action):
    with pytest.raises(CounterError) as e:
        transition(state, action)
    assert state.label in e.value.message and action.label in e.value.message
    assert not allowed(state, action)


def test_final_states_allow_nothing():
    for state in FINAL_STATES:
        assert actions_from(state) == []


def test_every_state_and_action_has_a_label():
    assert all(s.label for s in CaseState)
    assert all(a.label for a in CaseAction)


def test_only_open_states_can_be_voided_and_ready_ones_picked_up():
    assert {s for (s, a) in TRANSITIONS if a is A.VOID} == set(OPEN_STATES)
    assert {s for (s, a) in TRANSITIONS if a is A.PICKUP} == set(READY_FOR_PICKUP)
    assert all(s.result_ready for s in READY_FOR_PICKUP)


def test_every_state_is_reachable_from_draft():
    seen, todo = {S.DRAFT}, [S.DRAFT]
    while todo:
        s = todo.pop()
        for a in actions_from(s):
            t = transition(s, a)
            if t not in seen:
                seen.add(t)
                todo.append(t)
    assert seen == set(CaseState)


def test_feed_statuses_map_to_actions():
    assert set(FEED_STATUS_ACTIONS) == {"received", "in_review", "correction_required",
                                        "approved", "denied", "completed"}
    assert FEED_STATUS_ACTIONS["received"] is None
