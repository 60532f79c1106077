"""The status feed and a tolerance case whose material is still owed (容缺材料未补齐): every
status is applied and flagged — never skipped — and 出件 waits for the material."""

from __future__ import annotations

from datetime import timedelta

import pytest

from counter.cases.model import TOLERANCE_OWED, CaseState
from counter.intake.intake import MaterialStatus
from counter.services.cases import ToleranceOwed
from counter.services.sync import SyncService
from sync.feed import Puller
from sync.simulator import Progression
from tests.capture import images
from tests.sync.helpers import SUPERVISOR, T0, make_worker
from tests.unit.cases.helpers import DESK, filled

#: 食品经营许可 with M-FOOD-RULES tolerable (3 WD) — in the sample catalog.
FOOD = "11140802MB1937209W4000101003000"
RULES = "M-FOOD-RULES"


def tolerance_case(cx) -> str:
    """A case accepted with tolerance (M-FOOD-RULES owed); its number."""
    service = cx.tolerance
    intake = filled(cx, "item", FOOD, seed=3)
    intake.materials[RULES].status = MaterialStatus.MISSING
    intake.materials[RULES].copies_received = 0
    cx.intake.save(intake, DESK)
    signed = cx.blobs.put(images.encode(images.text_page((300, 420), seed=1, lines=4)))
    request = service.request(intake, DESK, [RULES], "制度文本正在修订",
                              commitment_pages=[signed])
    case = service.approve(request.id, SUPERVISOR).case
    assert case.state is CaseState.AWAITING_SUPPLEMENT
    return case.case_no


def test_the_simulator_approves_a_case_with_material_owed_applied_and_flagged(cx, start_sim):
    sim = start_sim(progression=Progression(0, 0, deny_rate=0.0))
    number = tolerance_case(cx)
    moved = []
    from sync.worker import SyncCallbacks

    run = make_worker(cx, sim, callbacks=SyncCallbacks(
        on_case_status=lambda c, st: moved.append((c, st)))).run_once(max_wait=3)
    assert (run.feed.applied, run.feed.skipped) == (3, 0)
    assert moved == [(number, "received"), (number, "in_review"), (number, "approved")]
    case = cx.cases.get(number, DESK)
    assert case.state is CaseState.APPROVED
    assert [m.material for m in case.tolerance_owed] == [RULES]
    notes = {h.action: h.note for h in case.history}
    assert TOLERANCE_OWED in notes["platform.in_review"]
    assert TOLERANCE_OWED in notes["platform.approved"]
    assert TOLERANCE_OWED not in notes["platform.received"]  # no move, no flag
    with pytest.raises(ToleranceOwed, match="出件前须补齐容缺材料"):
        cx.cases.pickup(number, DESK)
    cx.tolerance.supplement(number, DESK, {RULES: []})
    assert cx.cases.get(number, DESK).tolerance_owed == ()
    assert cx.cases.pickup(number, DESK).state is CaseState.CLOSED


class FeedPage:
    """A platform client answering one page of the status feed."""

    def __init__(self, items):
        self.items = items

    def status_feed(self, cursor, limit):
        return (self.items, "1") if not cursor else ([], cursor)


@pytest.mark.parametrize("status", ["approved", "denied", "completed", "correction_required"])
def test_a_direct_status_on_a_case_awaiting_supplement_is_never_skipped(cx, status):
    """即办件 and the like: the platform decides without a review step while the material is
    owed. The item is applied (not skipped as an illegal move, which would lose it: the
    cursor moves on)."""
    number = tolerance_case(cx)
    at = (T0 + timedelta(hours=2)).isoformat()
    client = FeedPage([{"case_no": number, "status": status, "at": at, "message": "平台决定"}])
    puller = Puller(SyncService(cx.uow, cx.clock), cx.cases, cx.catalog, cx.calendar, client)
    result = puller.pull_feed()
    assert (result.applied, result.skipped, result.cases) == (1, 0, [number])
    case = cx.cases.get(number, DESK)
    assert case.state.value == status
    assert case.history[-1].note == f"平台决定（{TOLERANCE_OWED}）"
    assert [m.material for m in case.tolerance_owed] == [RULES]
