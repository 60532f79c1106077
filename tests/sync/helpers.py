"""Helpers of the sync tests (同步测试工具): stores with outbox backlogs, workers, checks.

Backlogs are written straight into the outbox with ``counter.outbox.append_event`` (valid
contract payloads, pages in the blob store): the sync worker only ever sees outbox rows, and
this is much faster than taking thousands of cases through the decision services. Tests that
need real cases (status feed, reconciliation) take them through ``CaseService``.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from counter.clock import CST, FixedClock, SystemClock
from counter.identity import Actor
from tests.unit.cases.helpers import DESK

#: An administrator of the sample counter (configuration, resend: the calls that name one).
ADMIN = Actor(user_id="a0001", role="admin", site="140802-001", counter="01")
#: A supervisor of the sample counter (the reads that name one: refused events, case sync
#: state, 日结).
SUPERVISOR = Actor(user_id="s0001", role="supervisor", site="140802-001", counter="01")

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=CST)  # a Friday
SECRET = "platform-sim-secret"
SITE = "140802-001"
CLIENT_ID = "140802-001-01"
#: 社会保障卡申领 (person, 10 working days) — in the sample catalog.
CARD = "11140802MB1941531L4000220013000"

_template: dict[str, Path] = {}


def make_template(base: Path) -> Path:
    """A data directory with a migrated store and the sample catalog (built once)."""
    from tests.helpers.context import build_context

    if "dir" not in _template:
        d = base / "template"
        build_context(d, clock=FixedClock(T0)).close()
        _template["dir"] = d
    return _template["dir"]


def context_from_template(template: Path, data_dir: Path, clock=None):
    from counter.security import fast_hasher
    from tests.helpers.context import build_context

    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    return build_context(data_dir, clock=clock or FixedClock(T0), hasher=fast_hasher())


def page(rng: random.Random, size: int = 3000) -> bytes:
    """A scanned page: JPEG magic and random bytes (every page distinct)."""
    return b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)


def backlog(ctx, cases: int, *, events_per_case: int = 3, pages: int = 1, seed: int = 1,
            at: datetime = T0, page_size: int = 3000, prefix: str = "T",
            item_code: str | None = None) -> list[str]:
    """Write ``cases`` synthetic cases' events into the outbox (one transaction).

    Each case: ``accepted`` (with ``pages`` pages of ``M-ID-CARD``), then ``supplemented``
    (one more page), ``rated``, ``picked_up`` … up to ``events_per_case``. Returns the case
    numbers.
    """
    from counter import outbox
    from counter.identity import Actor
    from counter.ids import make_id_number

    rng = random.Random(seed)
    catalog = ctx.catalog.active()
    item = catalog.item(item_code) if item_code else catalog.items[0]
    actor = Actor("c0001", "clerk", SITE, "01")
    numbers = []
    with ctx.uow() as u:
        for i in range(cases):
            case_no = f"{prefix}{seed:03d}{i:07d}"
            numbers.append(case_no)
            when = at + timedelta(seconds=i)
            shas = [ctx.blobs.put(page(rng, page_size)) for _ in range(pages)]
            applicant = {"type": "person", "name": "测试" + "甲乙丙丁"[i % 4], "id_type": "111",
                         "id_number": make_id_number("140802", date(1970 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000)}
            stamp = when.isoformat(timespec="seconds")
            types = ["accepted", "supplemented", "rated", "picked_up"]
            for k in range(events_per_case):
                kind = types[k] if k < len(types) else "rated"
                if kind == "accepted":
                    payload = {"items": [{"code": item.code, "name": item.name}],
                               "applicant": applicant, "contact": {"name": applicant["name"], "mobile": "13800138000"},
                               "form": {"applicant.name": applicant["name"]}, "answers": {},
                               "materials": [{"material": "M-ID-CARD", "status": "received",
                                              "copies": 1, "original": "check", "blobs": shas}],
                               "accepted_at": stamp, "promised_at": stamp,
                               "query_password_hash": "argon2-test"}
                elif kind == "supplemented":
                    payload = {"materials": [{"material": "M-ID-CARD",
                                              "blobs": [ctx.blobs.put(page(rng, page_size))]}]}
                elif kind == "picked_up":
                    payload = {"picked_up_by": {"name": applicant["name"], "id_type": "111",
                                                "id_number": applicant["id_number"]}}
                else:
                    payload = {"level": 1 + (i + k) % 5}
                outbox.append_event(u.session, case_no, kind, actor, payload, when + timedelta(minutes=k))
        u.commit()
    return numbers


def local_events(ctx) -> dict[str, dict]:
    """Every outbox event: event_id → {case_no, seq, state, body}."""
    from sqlalchemy import select

    from counter import outbox
    from counter.store.models import OutboxRow

    with ctx.uow(read_only=True) as u:
        return {r.event_id: {"case_no": r.case_no, "seq": r.seq, "state": r.state,
                             "body": outbox.event_body(r)}
                for r in u.session.scalars(select(OutboxRow))}


def assert_platform_has_exactly(ctx, sim) -> None:
    """The platform stored exactly the local events: none missing, none twice, no gaps,
    identical bodies — and every local event is acknowledged."""
    from sync.simulator.store import canonical

    local = local_events(ctx)
    stored = sim.store.events()
    by_id = {e.event_id: e for e in stored}
    assert len(by_id) == len(stored), "an event_id stored twice"
    missing = sorted(set(local) - set(by_id))
    extra = sorted(set(by_id) - set(local))
    assert not missing, f"{len(missing)} events never reached the platform"
    assert not extra, f"{len(extra)} events on the platform that do not exist locally"
    per_case: dict[str, list[int]] = {}
    for e in stored:
        per_case.setdefault(e.case_no, []).append(e.seq)
        mine = local[e.event_id]
        assert (mine["case_no"], mine["seq"]) == (e.case_no, e.seq)
        assert canonical(mine["body"]) == e.body, f"body of {e.event_id} differs"
    for case_no, seqs in per_case.items():
        assert seqs == list(range(1, len(seqs) + 1)), f"gap in {case_no}: {seqs}"
    not_acked = [v for v in local.values() if v["state"] != "acked"]
    assert not not_acked, f"{len(not_acked)} local events not acknowledged"
    for body in (v["body"] for v in local.values()):
        from sync.events import referenced_blobs

        for digest in referenced_blobs(body):
            assert sim.store.has_blob(digest)


def fast_options(**kw):
    """Worker options for tests: quick retries, small batches."""
    from sync.retry import RetryPolicy
    from sync.worker import WorkerOptions

    base = dict(concurrency=4, retry=RetryPolicy(base=0.02, factor=2.0, cap=0.3, floor=0.01),
                idle_interval=0.1, flush_seconds=0.05)
    base.update(kw)
    return WorkerOptions(**base)


def make_worker(ctx, sim, *, clock=None, options=None, sleep=None, callbacks=None, timeout=2.0,
                secret=SECRET):
    """A worker on ``ctx`` talking to ``sim`` (its own SyncService on ``clock``)."""
    from counter.services.sync import SyncService
    from sync.client import PlatformClient
    from sync.worker import SyncWorker

    clock = clock or SystemClock()
    client = PlatformClient(sim.base_url, ctx.site.get().client_id, lambda: secret,
                            timeout=timeout, ca_file=str(sim.ca_file) if sim.ca_file else None)
    worker = SyncWorker(sync=SyncService(ctx.uow, clock), cases=ctx.cases, catalog=ctx.catalog,
                        calendar=ctx.calendar, blobs=ctx.blobs, client=client, clock=clock,
                        options=options or fast_options(), sleep=sleep, callbacks=callbacks,
                        rng=random.Random(5))
    return worker


def dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, sort_keys=True)


def accept_cases(ctx, n: int, *, seed: int = 1, key: str = CARD) -> list[str]:
    """Take ``n`` applications through the intake and case services (受理); their numbers."""
    from counter.cases.demo import DemoPeople, FormFiller, choose_applicant_kind, receive_all

    rng = random.Random(seed)
    clerk = ctx.site.get().actor("c0012")
    numbers = []
    for _ in range(n):
        intake = ctx.intake.start("item", key, DESK)
        spec = ctx.intake.spec(intake)
        intake.applicant_kind = choose_applicant_kind(spec, rng)
        FormFiller(DemoPeople(rng, ctx.clock.now().date())).fill(intake, spec, agent_share=0.0)
        receive_all(intake, spec)
        ctx.intake.save(intake, DESK)
        numbers.append(ctx.cases.accept(intake.id, clerk).case.case_no)
    return numbers


def notify_cases(ctx, n: int, *, seed: int = 2, key: str = CARD) -> list[str]:
    """``n`` applications told what is missing (一次性告知); their numbers."""
    from counter.cases.demo import DemoPeople, FormFiller, choose_applicant_kind, leave_missing

    rng = random.Random(seed)
    clerk = ctx.site.get().actor("c0012")
    numbers = []
    for _ in range(n):
        intake = ctx.intake.start("item", key, DESK)
        spec = ctx.intake.spec(intake)
        intake.applicant_kind = choose_applicant_kind(spec, rng)
        FormFiller(DemoPeople(rng, ctx.clock.now().date())).fill(intake, spec, agent_share=0.0)
        leave_missing(intake, spec, rng)
        ctx.intake.save(intake, DESK)
        numbers.append(ctx.cases.notify(intake.id, clerk).case_no)
    return numbers
