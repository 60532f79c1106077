"""Row ``sync``: drain an outbox backlog to the loopback simulator (同步吞吐).

10,000 events of 2,500 cases (``accepted`` with one 200 KB page for 2,000 of them, then
``supplemented``, ``picked_up``, ``rated``) are sent to the simulator, which runs as its own
process (``main.py platform-sim``) on a free loopback port. Three phases, each against a fresh
simulator started the same way in the same run:

* ``bare`` — a plain httpx loop in a child process: one token, then for every event in case
  and ``seq`` order ``HEAD`` its page, ``PUT`` it when missing, ``POST`` the event. The event
  bodies are read from the store beforehand; the pages are read from disk as they are sent.
* ``worker`` — the real :class:`sync.worker.SyncWorker` in a child process with one case at a
  time (``concurrency=1``): the same requests in the same order plus everything the worker
  does around them (claims, outcome records with ``synchronous=FULL``, blob store reads).
* ``worker_c4`` — the same with the default concurrency of 4 (a side figure).

``ratio`` = bare time / worker time, i.e. the worker's throughput as a share of the bare loop's
(target ≥ 0.7). ``peak_rss_mb`` is the worker child's peak resident memory
(``resource.getrusage``; target ≤ 300 MB). The counter store is prepared once and kept under
``<tmp>/counterdesk-bench/`` keyed by its size and the schema revision; between phases its
outbox is reset to ``pending``.

``--quick``: 200 events, 40 pages of 20 KB (shape tests; the figures then say little).
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable

from counter.resources import code_path

log = logging.getLogger(__name__)

ROOT = code_path()  # the checkout (or bundle) top: main.py and bench/ run from there
FULL = {"cases": 2500, "pages": 2000, "page_kb": 200}
QUICK = {"cases": 50, "pages": 40, "page_kb": 20}
EVENTS_PER_CASE = 4
TARGET_RATIO = 0.7
TARGET_RSS_MB = 300.0
GEN_VERSION = 1
SECRET = "bench-sync-secret"
CLIENT_ID = "140802-001-01"

Progress = Callable[[str], None]


def run(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """Row ``sync``: worker throughput against a bare httpx loop, and peak memory."""
    return bench_sync(**(QUICK if quick else FULL), progress=progress)


def bench_sync(cases: int, pages: int, page_kb: int, *, progress: Progress | None = None,
               cache_root: Path | None = None) -> dict:
    progress = progress or (lambda m: None)
    cache_root = cache_root or Path(tempfile.gettempdir()) / "counterdesk-bench"
    store, built = prepared_store(cases, pages, page_kb, cache_root, progress)
    events = cases * EVENTS_PER_CASE
    figures: dict = {"events": events, "pages": pages, "page_kb": page_kb}
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        results = {}
        for phase, args in (("bare", ["bare"]), ("worker", ["worker", "1"]),
                            ("worker_c4", ["worker", "4"])):
            _reset_outbox(store)
            progress(f"[sync] {phase}: 启动模拟平台并发送 {events} 条事件、{pages} 个附件")
            with _Simulator(work / f"sim-{phase}") as sim:
                results[phase] = _child(args + [str(store), sim.url])
                stored = sim.count()
            if stored["events"] != events or stored["blobs"] != pages:
                raise RuntimeError(f"{phase}: platform stored {stored}, expected {events} events "
                                   f"and {pages} blobs")
            progress(f"[sync] {phase}: {results[phase]['seconds']:.2f} 秒")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    bare, worker, c4 = results["bare"], results["worker"], results["worker_c4"]
    mb = pages * page_kb / 1024
    figures.update({
        "bare_s": round(bare["seconds"], 3),
        "worker_s": round(worker["seconds"], 3),
        "ratio": round(bare["seconds"] / worker["seconds"], 3),
        "events_per_s": round(events / worker["seconds"], 1),
        "mb_per_s": round(mb / worker["seconds"], 1),
        "worker_c4_s": round(c4["seconds"], 3),
        "ratio_c4": round(bare["seconds"] / c4["seconds"], 3),
        "peak_rss_mb": round(max(worker["peak_rss_mb"], c4["peak_rss_mb"]), 1),
        "bare_rss_mb": round(bare["peak_rss_mb"], 1),
        "target_ratio": TARGET_RATIO,
        "target_rss_mb": TARGET_RSS_MB,
        "within_target": (bare["seconds"] / worker["seconds"] >= TARGET_RATIO
                          and max(worker["peak_rss_mb"], c4["peak_rss_mb"]) <= TARGET_RSS_MB),
        "store_cached": built is False,
        "load_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    })
    return figures


# -- the prepared counter store ---------------------------------------------------------------------

def prepared_store(cases: int, pages: int, page_kb: int, cache_root: Path,
                   progress: Progress) -> tuple[Path, bool]:
    """A counter data directory with the backlog; ``(path, built_now)``."""
    revision = _head_revision()
    d = cache_root / f"sync-{cases}-{pages}-{page_kb}-{revision}-v{GEN_VERSION}"
    if (d / "ready").exists():
        return d, False
    shutil.rmtree(d, ignore_errors=True)
    progress(f"[sync] 准备发件箱：{cases} 件办件、{cases * EVENTS_PER_CASE} 条事件、{pages} 个附件")
    _build_store(d, cases, pages, page_kb)
    (d / "ready").write_text("ok", encoding="ascii")
    return d, True


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from counter.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head() or "none"


def _build_store(d: Path, cases: int, pages: int, page_kb: int) -> None:
    from bootstrap import open_context
    from counter.clock import CST, FixedClock

    t0 = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    ctx = open_context(d, clock=FixedClock(t0), renderer=None)
    try:
        write_backlog(ctx, cases=cases, pages=pages, page_kb=page_kb, start=t0)
    finally:
        ctx.close()


def write_backlog(ctx, *, cases: int, pages: int, page_kb: int, start: datetime,
                  prefix: str = "B", seed: int = 6) -> list[str]:
    """Write ``cases`` cases' events straight into the outbox (one transaction).

    Each case: ``accepted`` (the first ``pages`` cases with one page of ``page_kb`` KB),
    ``supplemented``, ``picked_up``, ``rated`` — valid contract payloads for the sample
    catalog, with valid invented ID numbers. Returns the case numbers (``prefix`` + 9 digits).
    Used by this row and by ``scripts/sync_soak.py``.
    """
    from counter import outbox
    from counter.identity import Actor
    from counter.ids import make_id_number

    rng = random.Random(seed)
    catalog = ctx.catalog.active()
    items = [i for i in catalog.items if "person" in i.service_object] or catalog.items
    site = ctx.site.get()
    actor = Actor("c0001", "clerk", site.site, site.counter_code)
    surnames, given = "王李张刘陈杨赵黄周吴", "伟芳娜敏静丽强磊军洋"
    numbers = []
    with ctx.uow() as u:
        for i in range(cases):
            case_no = f"{prefix}{i:09d}"
            numbers.append(case_no)
            when = start + timedelta(seconds=7 * i)
            stamp = when.isoformat(timespec="seconds")
            item = items[i % len(items)]
            name = surnames[i % 10] + given[(i // 10) % 10]
            number = make_id_number("140802", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), i % 1000)
            shas = []
            if i < pages:
                data = b"\xff\xd8\xff\xe0" + rng.randbytes(page_kb * 1024 - 4)
                shas.append(ctx.blobs.put(data))
            applicant = {"type": "person", "name": name, "id_type": "111", "id_number": number}
            evs = [
                ("accepted", {"items": [{"code": item.code, "name": item.name}],
                              "applicant": applicant,
                              "contact": {"name": name, "mobile": f"138{i:08d}"[:11]},
                              "form": {"applicant.name": name, "applicant.address":
                                       "山西省运城市盐湖区解放北路" + str(i % 300) + "号"},
                              "answers": {"q_agent": "self"},
                              "materials": [{"material": "M-ID-CARD", "status": "received",
                                             "copies": 1, "original": "check", "blobs": shas}],
                              "accepted_at": stamp, "promised_at": stamp,
                              "query_password_hash": "$argon2id$v=19$m=65536,t=3,p=4$bench"}),
                ("supplemented", {"materials": [{"material": "M-ID-CARD", "blobs": []}]}),
                ("picked_up", {"picked_up_by": {"name": name, "id_type": "111",
                                                "id_number": number}}),
                ("rated", {"level": 1 + i % 5}),
            ]
            for k, (kind, payload) in enumerate(evs):
                outbox.append_event(u.session, case_no, kind, actor, payload,
                                    when + timedelta(minutes=k))
        u.commit()
    return numbers


def _reset_outbox(store: Path) -> None:
    import sqlite3

    db = sqlite3.connect(store / "counter.sqlite3")
    try:
        db.execute("UPDATE outbox SET state = 'pending', attempts = 0, last_error = NULL,"
                   " next_attempt_at = NULL")
        for table in ("sync_claims", "sync_refusals", "sync_state"):
            db.execute(f"DELETE FROM {table}")
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


# -- the simulator and the children ------------------------------------------------------------------

class _Simulator:
    """``main.py platform-sim`` in its own process on a free port."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __enter__(self) -> "_Simulator":
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "platform-sim", "--port", "0",
             "--data-dir", str(self.data_dir), "--client-secret", SECRET,
             "--progress-delays", "86400,86400"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.proc.kill()
            raise RuntimeError("the simulator did not start")
        return self

    def count(self) -> dict:
        import sqlite3

        db = sqlite3.connect(self.data_dir / "platform.sqlite3")
        try:
            return {"events": db.execute("SELECT count(*) FROM events").fetchone()[0],
                    "blobs": db.execute("SELECT count(*) FROM blobs").fetchone()[0]}
        finally:
            db.close()

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _child(args: list[str]) -> dict:
    env = dict(os.environ, COUNTER_CLIENT_SECRET=SECRET)
    r = subprocess.run([sys.executable, "-m", "bench.sync", *args], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=3600)
    if r.returncode != 0:
        raise RuntimeError(f"bench child {args[0]} failed: {r.stderr.strip()[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def _bare(store: Path, url: str) -> dict:
    """The bare loop: the same requests, no outbox, no store writes."""
    import sqlite3

    import httpx

    from sync.events import referenced_blobs

    db = sqlite3.connect(store / "counter.sqlite3")
    rows = db.execute("SELECT event_id, case_no, seq, type, occurred_at, actor, payload FROM outbox"
                      " ORDER BY created_at, case_no, seq").fetchall()
    db.close()
    from counter.store.models import Moment
    from counter.clock import to_rfc3339

    moment = Moment()
    requests = []
    for event_id, case_no, seq, kind, occurred_at, actor, payload in rows:
        when = moment.process_result_value(datetime.fromisoformat(occurred_at), None)
        body = {"event_id": event_id, "seq": seq, "type": kind, "occurred_at": to_rfc3339(when),
                "actor": json.loads(actor), "payload": json.loads(payload)}
        requests.append((case_no, json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
                         referenced_blobs(body)))
    blob_root = store / "blobs"
    started = time.perf_counter()
    with httpx.Client(base_url=url + "/api/v1", timeout=30) as c:
        token = c.post("/token", json={"client_id": CLIENT_ID, "client_secret": SECRET}).json()
        c.headers["Authorization"] = "Bearer " + token["access_token"]
        for case_no, content, blobs in requests:
            for digest in blobs:
                if c.head(f"/blobs/{digest}").status_code == 404:
                    data = (blob_root / digest[:2] / digest[2:4] / digest).read_bytes()
                    r = c.put(f"/blobs/{digest}", content=data, headers={"Content-Type": "image/jpeg"})
                    r.raise_for_status()
            r = c.post(f"/cases/{case_no}/events", content=content,
                       headers={"Content-Type": "application/json; charset=utf-8"})
            if r.status_code not in (200, 201):
                raise RuntimeError(f"bare loop: HTTP {r.status_code} {r.text[:200]}")
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": _peak_rss_mb()}


def _worker(store: Path, url: str, concurrency: int) -> dict:
    from bootstrap import open_context
    from counter.clock import SystemClock
    from sync.worker import WorkerOptions

    ctx = open_context(store, load_sample=False, renderer=None)
    clock = SystemClock()
    client = ctx.platform.client(url, CLIENT_ID, max_connections=concurrency + 2)
    worker = ctx.sync_worker(client, clock=clock,
                             options=WorkerOptions(concurrency=concurrency))
    started = time.perf_counter()
    summary = worker.run_once(max_wait=600, pull=False)
    seconds = time.perf_counter() - started
    client.close()
    ctx.close()
    if summary.status.pending or summary.refused:
        raise RuntimeError(f"worker left {summary.status.pending} pending, {summary.refused} refused")
    return {"seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "acked": summary.acked}


def _main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    if argv[0] == "bare":
        result = _bare(Path(argv[1]), argv[2])
    elif argv[0] == "worker":
        result = _worker(Path(argv[2]), argv[3], int(argv[1]))
    else:
        raise SystemExit(f"unknown bench child {argv[0]!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
