"""Rows ``accept``, ``lookup`` and ``db_bytes_per_case``: the case store at scale (办件库).

All three work on one prepared store holding 1,000,000 decided cases (``--quick``: 2,000).
Filling that through the services would take hours, so the store is made like this:

1. a fresh store (migrations, sample catalog) takes ~150 *template* cases through the real
   services (``IntakeService``, ``CaseService.accept/notify/reject``) with the training data
   generator, so every row shape is exactly what the services write;
2. the template rows are read back and the store is emptied of them;
3. N cases are bulk-inserted with plain SQL (``executemany`` in chunks of 20,000 cases, the
   non-unique indexes dropped and rebuilt afterwards): each a copy of a template with its own
   case number (20 counters of one site, ~500 working days before 2026-11-20), its own
   applicant (valid identifiers), its own times; older accepted cases moved on as the platform
   would (in review, approved, closed with a pickup), with their history, outbox events
   (``acked``) and a valid audit chain;
4. the file is checkpointed and kept under ``<tmp>/counterdesk-bench/``, keyed by the schema
   revision, N and :data:`GEN_VERSION`; the next run reuses it (``cached`` in the figures).

``accept`` times :meth:`CaseService.accept` (the whole service call: validation, number,
calendar, case rows, ledger, history, audit, outbox, commit with ``synchronous=FULL``) on
drafts prepared beforehand by a bench counter (code ``99``), 20 (clock) seconds apart as at a
counter: before each timed call the bench waits, untimed, until the next query password has been
made ahead in the background (:mod:`counter.cases.password` makes it between applicants; its
cost is reported apart as ``password_hash_ms``); afterwards its cases are deleted
again, so the cached store stays as built. ``lookup`` times :meth:`CaseService.get` for random
case numbers (and, as a side figure, ``find`` by an applicant's ID number).
``db_bytes_per_case`` is the size of the bulk-loaded, checkpointed file (no ``VACUUM``)
divided by the number of cases.

Besides wall-clock percentiles, ``accept`` and ``lookup`` report ``cpu_p95_ms`` (the thread's
CPU time per call: without waiting for the disk or for other processes) and ``load_avg``:
on a shared machine the wall-clock tail mostly measures the neighbours.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path
from typing import Callable

from bench import percentile

log = logging.getLogger(__name__)

FULL_CASES, QUICK_CASES = 1_000_000, 2_000
ACCEPTS, QUICK_ACCEPTS = 200, 20
#: Decided cases taken through the services to serve as row templates.
TEMPLATES, QUICK_TEMPLATES = 150, 40
LOOKUPS, QUICK_LOOKUPS = 2_000, 100
TARGET_ACCEPT_P95_MS = 50.0
TARGET_LOOKUP_P95_MS = 2.0
#: Bump when the generated rows change shape, so that cached stores are rebuilt.
#: 2: decided drafts keep their identity only (``repository.decided_draft_json``).
GEN_VERSION = 2
TODAY = date(2026, 11, 20)  # a Friday; the bulk cases lie on the working days before it
COUNTERS = 20
#: Above this many cases the base is written once and copied to further sites with SQL.
BASE_MAX = 50_000
SITES = 20
BENCH_COUNTER = "99"
CHUNK = 20_000
UTC = timezone.utc

Progress = Callable[[str], None]


def _quiet(progress: Progress | None) -> Progress:
    return progress or (lambda message: None)


# -- the rows --------------------------------------------------------------------------------

def run(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """Row ``accept``: p95 of the accept service call with N cases in the store."""
    return bench_accept(QUICK_CASES if quick else FULL_CASES,
                        QUICK_ACCEPTS if quick else ACCEPTS, progress=progress,
                        templates=QUICK_TEMPLATES if quick else TEMPLATES)


def run_lookup(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """Row ``lookup``: p95 of opening a case by its number."""
    return bench_lookup(QUICK_CASES if quick else FULL_CASES,
                        QUICK_LOOKUPS if quick else LOOKUPS, progress=progress,
                        templates=QUICK_TEMPLATES if quick else TEMPLATES)


def run_db_bytes(*, quick: bool = False, progress: Progress | None = None) -> dict:
    """Row ``db_bytes_per_case``: store file size per case."""
    return bench_db_bytes(QUICK_CASES if quick else FULL_CASES, progress=progress,
                          templates=QUICK_TEMPLATES if quick else TEMPLATES)


class _no_gc:
    """Garbage collection paused while timing (as :mod:`timeit` does)."""

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


def _load() -> float | None:
    """The 1-minute load average (the machine may be shared: it explains the tails)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):  # Windows
        return None


def bench_accept(n: int, accepts: int, *, progress: Progress | None = None,
                 cache_root: Path | None = None, templates: int = TEMPLATES) -> dict:
    """Time ``accepts`` calls of :meth:`CaseService.accept` on a store of ``n`` cases."""
    from counter.cases.password import new_password, password_hash, wait_for_next_password
    from counter.cases.demo import (DemoPeople, FormFiller, choose_applicant_kind, receive_all,
                                    targets)

    progress = _quiet(progress)
    store, built_s = prepared_store(n, progress=progress, cache_root=cache_root,
                                    templates=templates)
    ctx, clock = _open(store)
    try:
        restore(ctx)
        in_store = ctx.cases.count()
        actor = ctx.site.get().actor("bench01")
        rng = random.Random(11)
        filler = FormFiller(DemoPeople(rng, TODAY))
        choices = targets(ctx.catalog.active())
        drafts = []
        for i in range(accepts):
            intake = ctx.intake.start(*choices[i % len(choices)], actor)
            spec = ctx.intake.spec(intake)
            intake.applicant_kind = choose_applicant_kind(spec, rng)
            filler.fill(intake, spec)
            receive_all(intake, spec)
            ctx.intake.save(intake, actor)
            drafts.append(intake.id)
        progress(f"准备了 {accepts} 份受理草稿，开始计时受理")
        hashing = []  # what one query password costs to make (made ahead, off the accept call)
        for _ in range(20):
            started = time.perf_counter()
            password_hash(new_password())
            hashing.append((time.perf_counter() - started) * 1000)
        timings, cpu = [], []
        with _no_gc():
            for draft_id in drafts:
                clock.advance(seconds=20)
                # the 20 s between applicants, in which a counter makes the next query password
                # in the background (counter.cases.password): waited for, not timed
                wait_for_next_password()
                started, started_cpu = time.perf_counter(), time.thread_time()
                ctx.cases.accept(draft_id, actor)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
        restore(ctx)
    finally:
        ctx.close()
    p95 = percentile(timings, 95)
    return {"cases_in_store": in_store, "accepts": len(timings),
            "p50_ms": round(statistics.median(timings), 2), "p95_ms": round(p95, 2),
            "max_ms": round(max(timings), 2), "target_p95_ms": TARGET_ACCEPT_P95_MS,
            "within_target": p95 <= TARGET_ACCEPT_P95_MS,
            "cpu_p95_ms": round(percentile(cpu, 95), 2), "load_avg": _load(),
            "password_hash_ms": round(statistics.median(hashing), 2),
            "setup": "bulk SQL insert of service-made template rows (cached)",
            "setup_s": round(built_s, 1), "store": str(store)}


def bench_lookup(n: int, lookups: int, *, progress: Progress | None = None,
                 cache_root: Path | None = None, templates: int = TEMPLATES) -> dict:
    """Time :meth:`CaseService.get` of ``lookups`` random cases (and ``find`` by ID number)."""
    progress = _quiet(progress)
    store, built_s = prepared_store(n, progress=progress, cache_root=cache_root,
                                    templates=templates)
    ctx, _ = _open(store)
    try:
        restore(ctx)
        numbers, id_numbers = _sample(store, lookups)
        actor = ctx.site.get().actor("bench01")
        for no in numbers[:20]:  # warm up the code paths (not the data)
            ctx.cases.get(no, actor)
        timings, cpu, find_timings = [], [], []
        with _no_gc():
            for no in numbers:
                started, started_cpu = time.perf_counter(), time.thread_time()
                case = ctx.cases.get(no, actor)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
                assert case.case_no == no
            for number in id_numbers:
                started = time.perf_counter()
                ctx.cases.find(number, actor)
                find_timings.append((time.perf_counter() - started) * 1000)
        in_store = ctx.cases.count()
    finally:
        ctx.close()
    p95 = percentile(timings, 95)
    return {"cases_in_store": in_store, "lookups": len(timings),
            "p50_ms": round(statistics.median(timings), 3), "p95_ms": round(p95, 3),
            "max_ms": round(max(timings), 3), "target_p95_ms": TARGET_LOOKUP_P95_MS,
            "within_target": p95 <= TARGET_LOOKUP_P95_MS,
            "cpu_p95_ms": round(percentile(cpu, 95), 3), "load_avg": _load(),
            "find_id_p95_ms": round(percentile(find_timings, 95), 3),
            "setup_s": round(built_s, 1)}


def bench_db_bytes(n: int, *, progress: Progress | None = None,
                   cache_root: Path | None = None, templates: int = TEMPLATES) -> dict:
    """Size of the store file (bulk-loaded, checkpointed, not vacuumed) per case."""
    progress = _quiet(progress)
    store, built_s = prepared_store(n, progress=progress, cache_root=cache_root,
                                    templates=templates)
    db = store / "counter.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cases = conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        tables = {}
        try:
            for name, size in conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
                tables[name] = size
        except sqlite3.OperationalError:  # dbstat not compiled in
            pass
    conn.close()
    size = db.stat().st_size + sum(p.stat().st_size for p in store.glob("counter.sqlite3-*"))
    figures = {"cases": cases, "db_bytes": size, "bytes_per_case": round(size / max(cases, 1)),
               "vacuumed": False, "page_size": page, "setup_s": round(built_s, 1)}
    for table in ("cases", "drafts", "outbox", "case_materials", "audit_log"):
        if table in tables:
            figures[f"{table}_bytes_per_case"] = round(tables[table] / max(cases, 1))
    return figures


# -- the prepared store ----------------------------------------------------------------------

def cache_dir(cache_root: Path | None = None) -> Path:
    root = cache_root or Path(os.environ.get("COUNTERDESK_BENCH_CACHE",
                                             Path(tempfile.gettempdir()) / "counterdesk-bench"))
    root.mkdir(parents=True, exist_ok=True)
    return root


def schema_head() -> str:
    from alembic.script import ScriptDirectory

    from counter.store.db import alembic_config

    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def prepared_store(n: int, *, progress: Progress | None = None, cache_root: Path | None = None,
                   templates: int = TEMPLATES) -> tuple[Path, float]:
    """The data directory of a store with ``n`` bulk cases, and how long it took to build
    (0 when it came from the cache)."""
    progress = _quiet(progress)
    final = cache_dir(cache_root) / f"cases-{schema_head()}-{n}-t{templates}-g{GEN_VERSION}"
    _wait_for_other_builds(final, progress)
    if (final / "counter.sqlite3").exists():
        progress(f"使用缓存的办件库：{final}")
        return final, 0.0
    started = time.perf_counter()
    if _upgrade_older(final, n, templates, progress):
        return final, time.perf_counter() - started
    building = final.with_name(final.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    progress(f"生成办件库（{n} 件，批量 SQL 写入；仅首次）：{building}")
    _build(building, n, templates, progress)
    if final.exists():  # another run finished first
        shutil.rmtree(building)
    else:
        os.replace(building, final)
    for stale in final.parent.glob(f"cases-*-{n}-t{templates}-g*"):
        if stale != final and ".building-" not in stale.name:  # an older schema or generator
            shutil.rmtree(stale, ignore_errors=True)
    return final, time.perf_counter() - started


def _upgrade_older(final: Path, n: int, templates: int, progress: Progress) -> bool:
    """A cached store of an older schema (same size and generator) is migrated in place and
    renamed, instead of being rebuilt (minutes) — a new migration only adds to the schema.
    False when there is none or its migration fails (it is then removed and rebuilt)."""
    from counter.store.db import make_engine, migrate, sqlite_url

    for older in sorted(final.parent.glob(f"cases-*-{n}-t{templates}-g{GEN_VERSION}")):
        if older == final or ".building-" in older.name \
                or not (older / "counter.sqlite3").exists():
            continue
        migrating = final.with_name(final.name + f".building-{os.getpid()}")
        os.replace(older, migrating)
        progress(f"把缓存的办件库升级到当前结构：{older.name} → {final.name}")
        try:
            engine = make_engine(sqlite_url(migrating / "counter.sqlite3"))
            try:
                migrate(engine)
            finally:
                engine.dispose()
        except Exception as exc:  # noqa: BLE001 - a cache: rebuild instead
            progress(f"升级失败（{type(exc).__name__}），重新生成")
            shutil.rmtree(migrating, ignore_errors=True)
            return False
        os.replace(migrating, final)
        return True
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_for_other_builds(final: Path, progress: Progress) -> None:
    """Another process building the same store: wait for it (two builds would only slow
    each other down); what a dead build left behind is removed."""
    for other in final.parent.glob(final.name + ".building-*"):
        pid = int(other.name.rsplit("-", 1)[1])
        if pid != os.getpid() and _alive(pid):
            progress(f"另一进程（{pid}）正在生成同一办件库，等待其完成 …")
            while _alive(pid) and other.exists():
                time.sleep(5)
        elif pid != os.getpid():
            shutil.rmtree(other, ignore_errors=True)


def _open(store: Path):
    from bootstrap import open_context
    from counter.clock import CST, FixedClock

    clock = FixedClock(datetime.combine(TODAY, dtime(9, 0), tzinfo=CST))
    return open_context(store, clock=clock, load_sample=False, renderer=None), clock


def restore(ctx) -> None:
    """Remove what a bench run added (its counter's cases, drafts, audit entries)."""
    from sqlalchemy import text

    with ctx.uow() as u:
        s = u.session
        base = json.loads(s.execute(text("SELECT value FROM settings WHERE key='bench_base'"))
                          .scalar())
        prefix = base["prefix"] + "%"
        for table in ("case_items", "case_materials", "case_history", "outbox"):
            s.execute(text(f"DELETE FROM {table} WHERE case_no LIKE :p"), {"p": prefix})
        s.execute(text("DELETE FROM cases WHERE case_no LIKE :p"), {"p": prefix})
        s.execute(text("DELETE FROM case_serials WHERE prefix LIKE :p"), {"p": prefix})
        s.execute(text("DELETE FROM drafts WHERE status = 'open' OR case_no LIKE :p"),
                  {"p": prefix})
        s.execute(text("DELETE FROM audit_log WHERE seq > :seq"), {"seq": base["seq"]})
        s.execute(text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"), base)
        u.commit()


def _sample(store: Path, k: int) -> tuple[list[str], list[str]]:
    rng = random.Random(5)
    with sqlite3.connect(store / "counter.sqlite3") as conn:
        top = conn.execute("SELECT MAX(rowid) FROM cases").fetchone()[0]
        rowids = rng.sample(range(1, top + 1), min(k, top))
        rows = []
        for i in range(0, len(rowids), 500):
            chunk = rowids[i:i + 500]
            rows += conn.execute(f"SELECT case_no, applicant_id_number FROM cases WHERE rowid IN "
                                 f"({','.join('?' * len(chunk))})", chunk).fetchall()
    conn.close()
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows[:200]]


# -- building ----------------------------------------------------------------------------------

_CASE_TABLES = ("cases", "case_items", "case_materials", "case_history", "outbox", "drafts",
                "audit_log", "audit_head", "case_serials")
#: The columns the bulk rows fill, in the order of their tuples.
_COLUMNS = {
    "cases": ("case_no", "state", "kind", "key", "name", "catalog_version", "draft_id",
              "applicant_type", "applicant_name", "applicant_id_type", "applicant_id_number",
              "contact", "form", "answers", "missing", "decided_at", "decided_by", "accepted_at",
              "promised_at", "query_password_hash", "reason_code", "reason_text", "result",
              "status_message", "picked_up", "created_at", "updated_at"),
    "case_items": ("case_no", "position", "code", "name"),
    "case_materials": ("case_no", "position", "material", "name", "status", "necessity",
                       "copies", "original", "pages", "items"),
    "case_history": ("case_no", "at", "action", "actor", "note"),
    "outbox": ("event_id", "case_no", "seq", "type", "occurred_at", "actor", "payload", "state",
               "attempts", "last_error", "next_attempt_at", "created_at", "updated_at"),
    "drafts": ("id", "kind", "key", "json", "status", "case_no", "created_at", "updated_at"),
    "audit_log": ("seq", "at", "user_id", "role", "action", "case_no", "result", "detail",
                  "prev_hash", "hash"),
    "audit_head": ("id", "seq", "hash"),
    "case_serials": ("prefix", "last"),
}


def _build(directory: Path, n: int, templates: int, progress: Progress) -> None:
    from bootstrap import open_context
    from counter.clock import CST, FixedClock

    copies = SITES if n > BASE_MAX and n % SITES == 0 else 1
    base = n // copies
    clock = FixedClock(datetime.combine(TODAY, dtime(9, 0), tzinfo=CST))
    ctx = open_context(directory, clock=clock, renderer=None)
    try:
        ctx.site.update(counter_code=BENCH_COUNTER, site_name="基准测试大厅")
        ctx.site.set_training(True)
        workdays = _workdays(ctx, days=max(5, min(500, base // (COUNTERS * 5))))
        rows = _templates(ctx, templates, progress)
        profile = ctx.site.get()
    finally:
        ctx.close()
    conn = sqlite3.connect(directory / "counter.sqlite3", isolation_level=None)
    try:
        # bulk load: no journal (a failed build is thrown away), WAL again at the end
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-262144")
        for table in _CASE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({','.join('?' * len(_CASE_TABLES))})", _CASE_TABLES).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        bulk = _Bulk(conn, rows, workdays, profile.region_code, profile.site_code,
                     random.Random(2026))
        bulk.insert(base, progress)
        for k in range(1, copies):
            bulk.copy_site(k, progress)
        bulk.finish()
        progress("重建索引 …")
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench_base', ?)",
                     (json.dumps({"seq": bulk.audit_seq, "hash": bulk.audit_hash,
                                  "prefix": f"{profile.region_code}{profile.site_code}"
                                            f"{BENCH_COUNTER}"}),))
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def _workdays(ctx, days: int) -> list[date]:
    out, d = [], TODAY
    while len(out) < days:
        d -= timedelta(days=1)
        if ctx.calendar.is_workday(d):
            out.append(d)
    return list(reversed(out))


def _templates(ctx, count: int, progress: Progress) -> dict[str, list[dict]]:
    """``count`` decided cases made by the services, read back as raw rows per table."""
    from counter.cases.demo import (DemoPeople, FormFiller, choose_applicant_kind, leave_missing,
                                    receive_all, targets)

    rng = random.Random(1)
    filler = FormFiller(DemoPeople(rng, TODAY))
    catalog = ctx.catalog.active()
    choices = targets(catalog)
    reasons = catalog.reasons_of("reject")
    actor = ctx.site.get().actor("c0001")
    numbers = {"S": [], "G": [], "B": []}
    for i in range(count):
        kind, key = choices[i % len(choices)]
        intake = ctx.intake.start(kind, key, actor)
        spec = ctx.intake.spec(intake)
        intake.applicant_kind = choose_applicant_kind(spec, rng)
        filler.fill(intake, spec)
        roll = i % 10
        if roll < 7:
            receive_all(intake, spec)
            ctx.intake.save(intake, actor)
            numbers["S"].append(ctx.cases.accept(intake.id, actor).case.case_no)
        elif roll < 9:
            leave_missing(intake, spec, rng)
            ctx.intake.save(intake, actor)
            numbers["G"].append(ctx.cases.notify(intake.id, actor).case_no)
        else:
            receive_all(intake, spec)
            ctx.intake.save(intake, actor)
            types = [item.type for item in spec.items]
            usable = [r.code for r in reasons if r.applies_to(types) and not r.names_authority]
            numbers["B"].append(ctx.cases.reject(intake.id, actor, rng.choice(usable),
                                                 "经审查，申请人不符合申请条件，已当面说明。").case_no)
        ctx.clock.advance(seconds=30)
    progress(f"模板办件：{sum(len(v) for v in numbers.values())} 件（经受理服务生成）")
    conn = sqlite3.connect(ctx.data_dir / "counter.sqlite3")
    conn.row_factory = sqlite3.Row
    out: dict[str, list[dict]] = {s: [] for s in numbers}
    try:
        for series, nos in numbers.items():
            for no in nos:
                t = {"case": dict(conn.execute("SELECT * FROM cases WHERE case_no=?",
                                               (no,)).fetchone())}
                for table in ("case_items", "case_materials", "case_history", "outbox"):
                    t[table] = [dict(r) for r in conn.execute(
                        f"SELECT * FROM {table} WHERE case_no=? ORDER BY rowid", (no,))]
                t["draft"] = dict(conn.execute("SELECT * FROM drafts WHERE case_no=?",
                                               (no,)).fetchone())
                out[series].append(t)
    finally:
        conn.close()
    return out


_DETAIL_DECISION = '{"catalog_version":"2026.11.01"}'
_EIGHT_HOURS = timedelta(hours=8)


def _ts(utc: datetime) -> str:
    """A naive UTC moment as SQLAlchemy stores a ``Moment`` on SQLite."""
    return utc.isoformat(" ", "microseconds")


def _audit_hash(seq: int, at: datetime, user_id: str, role: str, action: str, case_no: str,
                detail: str, prev: str) -> str:
    """:func:`counter.audit.entry_hash` for the plain ASCII values of the bulk rows, without
    building a dict per entry (checked against it in :meth:`_Bulk.finish`)."""
    body = (f'{{"action":"{action}","at":"{at.isoformat("T", "microseconds")}",'
            f'"case_no":"{case_no}","detail":{json.dumps(detail)},"prev_hash":"{prev}",'
            f'"result":"ok","role":"{role}","seq":{seq},"user_id":"{user_id}"}}')
    return hashlib.sha256(body.encode()).hexdigest()


_UUID_SQL = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
             "substr(hex(randomblob(2)), 2) || '-' || "
             "substr('89ab', 1 + (abs(random()) % 4), 1) || "
             "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


class _Template:
    """The rows of one service-made case, ready to be copied."""

    def __init__(self, t: dict) -> None:
        c = t["case"]
        self.case = c
        self.items = [(r["position"], r["code"], r["name"]) for r in t["case_items"]]
        self.materials = [(r["position"], r["material"], r["name"], r["status"], r["necessity"],
                           r["copies"], r["original"], r["pages"], r["items"])
                          for r in t["case_materials"]]
        self.note = t["case_history"][0]["note"]
        self.event_type = t["outbox"][0]["type"]
        self.payload = t["outbox"][0]["payload"]
        self.draft = t["draft"]
        #: calendar days from the decision to the promised day (promised: 23:59:59 that day)
        self.promise_days = None
        if c["promised_at"]:
            local = [(datetime.fromisoformat(c[k]) + _EIGHT_HOURS).date()
                     for k in ("decided_at", "promised_at")]
            self.promise_days = (local[1] - local[0]).days


class _Bulk:
    """Writes the cases: a base of copies of the templates (Python), then further sites as
    copies of the base (SQL); see the module docstring."""

    def __init__(self, conn, templates, workdays, region, site, rng) -> None:
        from counter.cases.demo import DemoPeople

        self.conn, self.workdays = conn, workdays
        self.templates = {k: [_Template(t) for t in v] for k, v in templates.items()}
        self.region, self.site, self.rng = region, site, rng
        people = DemoPeople(random.Random(7), TODAY)
        self.persons = [(p.name, p.id_number) for p in (people.person() for _ in range(20_000))]
        self.orgs = [(o.name, o.uscc) for o in (people.organisation() for _ in range(4_000))]
        self.serials: dict[str, int] = {}
        self.actors: dict[tuple[str, str], str] = {}
        self.audit_seq, self.audit_hash = 0, "0" * 64
        self.base_audit: list[tuple] = []
        self.base_rowid: dict[str, int] = {}
        self.rows: dict[str, list[tuple]] = {t: [] for t in _COLUMNS}

    def insert(self, n: int, progress: Progress) -> None:
        per_day = -(-n // len(self.workdays))
        minutes = 8 * 60 / max(1, -(-per_day // COUNTERS))
        last = time.perf_counter()
        for i in range(n):
            day_index, k = divmod(i, per_day)
            day = self.workdays[day_index]
            counter = f"{k % COUNTERS + 1:02d}"
            at = datetime.combine(day, dtime(1, 0)) + timedelta(  # 09:00 CST in UTC
                minutes=(k // COUNTERS) * minutes, seconds=self.rng.randrange(60))
            self._case(day, counter, at, (TODAY - day).days)
            if (i + 1) % CHUNK == 0 or i + 1 == n:
                self._flush()
                if time.perf_counter() - last > 10 or i + 1 == n:
                    progress(f"已写入 {i + 1}/{n} 件")
                    last = time.perf_counter()
        for prefix, serial in self.serials.items():
            self.rows["case_serials"].append((prefix, serial))
        self._flush()
        for table in ("cases", "case_items", "case_materials", "case_history", "outbox", "drafts"):
            self.base_rowid[table] = self.conn.execute(
                f"SELECT MAX(rowid) FROM {table}").fetchone()[0]

    def copy_site(self, k: int, progress: Progress) -> None:
        """The base cases again, as decided at site ``001 + k`` (SQL copies, new numbers)."""
        from counter.cases.numbering import check_char

        conn, site = self.conn, f"{int(self.site) + k:03d}"
        old_site, new_site = f'"site":"{self.region}-{self.site}"', f'"site":"{self.region}-{site}"'
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS nomap (old TEXT PRIMARY KEY, new TEXT)")
        conn.execute("DELETE FROM nomap")
        mapping = {}
        for (old,) in conn.execute("SELECT case_no FROM cases WHERE rowid <= ?",
                                   (self.base_rowid["cases"],)).fetchall():
            body = old[:6] + site + old[9:23]
            mapping[old] = body + check_char(body)
        conn.executemany("INSERT INTO nomap VALUES (?, ?)", mapping.items())
        cols = [c for c in _COLUMNS["cases"] if c != "case_no"]
        select_cols = ", ".join(f"replace(c.{c}, :old, :new)" if c in ("decided_by", "picked_up")
                                else f"c.{c}" for c in cols)
        conn.execute(f"INSERT INTO cases (case_no, {', '.join(cols)}) SELECT m.new, {select_cols} "
                     "FROM cases c JOIN nomap m ON m.old = c.case_no WHERE c.rowid <= :top",
                     {"old": old_site, "new": new_site, "top": self.base_rowid["cases"]})
        for table, extra in (("case_items", ""), ("case_materials", ""), ("case_history", "actor"),
                             ("outbox", "actor"), ("drafts", "")):
            cols = [c for c in _COLUMNS[table] if c not in ("case_no", "event_id", "id")]
            select_cols = ", ".join(f"replace(t.{c}, :old, :new)" if c == extra else f"t.{c}"
                                    for c in cols)
            new_keys = {"outbox": ("event_id, ", f"{_UUID_SQL}, "),
                        "drafts": ("id, ", "lower(hex(randomblob(16))), ")}
            key, key_value = new_keys.get(table, ("", ""))
            conn.execute(f"INSERT INTO {table} ({key}case_no, {', '.join(cols)}) "
                         f"SELECT {key_value}m.new, {select_cols} FROM {table} t "
                         "JOIN nomap m ON m.old = t.case_no WHERE t.rowid <= :top",
                         {"old": old_site, "new": new_site, "top": self.base_rowid[table]})
        conn.execute("INSERT INTO case_serials (prefix, last) SELECT substr(prefix, 1, 6) || ? "
                     "|| substr(prefix, 10), last FROM case_serials WHERE substr(prefix, 7, 3) = ?",
                     (site, self.site))
        for at, user_id, role, action, case_no, detail in self.base_audit:
            self._audit(at, user_id, role, action, mapping[case_no], detail, base=False)
        self._flush_rows()
        conn.execute("COMMIT")
        progress(f"复制为第 {int(self.site) + k:03d} 号站点的办件：共 {(k + 1) * len(mapping)} 件")

    def finish(self) -> None:
        from counter.audit import entry_hash

        at, user_id, role, action, case_no, detail = self.base_audit[0]
        assert _audit_hash(1, at, user_id, role, action, case_no, detail, "0" * 64) == entry_hash(
            seq=1, at=at.replace(tzinfo=UTC), user_id=user_id, role=role, action=action,
            case_no=case_no, result="ok", detail=detail, prev_hash="0" * 64)
        self.rows["audit_head"].append((1, self.audit_seq, self.audit_hash))
        self._flush()

    def _flush(self) -> None:
        self.conn.execute("BEGIN")
        self._flush_rows()
        self.conn.execute("COMMIT")

    def _flush_rows(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                columns = _COLUMNS[table]
                self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "
                                      f"VALUES ({','.join('?' * len(columns))})", rows)
        self.rows = {t: [] for t in _COLUMNS}

    def _audit(self, at: datetime, user_id: str, role: str, action: str, case_no: str,
               detail: str, base: bool = True) -> None:
        self.audit_seq += 1
        digest = _audit_hash(self.audit_seq, at, user_id, role, action, case_no, detail,
                             self.audit_hash)
        self.rows["audit_log"].append((self.audit_seq, _ts(at), user_id, role, action, case_no,
                                       "ok", detail, self.audit_hash, digest))
        self.audit_hash = digest
        if base:
            self.base_audit.append((at, user_id, role, action, case_no, detail))

    def _actor(self, counter: str, user: str) -> str:
        key = (counter, user)
        if key not in self.actors:
            self.actors[key] = json.dumps({"counter": counter, "role": "clerk",
                                           "site": f"{self.region}-{self.site}", "user_id": user},
                                          sort_keys=True, separators=(",", ":"))
        return self.actors[key]

    def _case(self, day: date, counter: str, at: datetime, age: int) -> None:
        """One case decided at ``at`` (naive UTC) by a clerk of ``counter``."""
        from counter.cases.numbering import check_char

        rng, rows = self.rng, self.rows
        roll = rng.random()
        series = "S" if roll < 0.7 else "G" if roll < 0.9 else "B"
        t = rng.choice(self.templates[series])
        c = t.case
        prefix = f"{self.region}{self.site}{counter}{day:%y%m%d}{series}"
        serial = self.serials.get(prefix, 0) + 1
        self.serials[prefix] = serial
        body = f"{prefix}{serial:05d}"
        case_no = body + check_char(body)
        org = c["applicant_type"] == "organisation"
        name, number = rng.choice(self.orgs if org else self.persons)
        old_name, old_number = c["applicant_name"], c["applicant_id_number"]

        def swap(text):
            return text.replace(old_name, name).replace(old_number, number)

        user = f"c{rng.randrange(1, 60):04d}"
        actor = self._actor(counter, user)
        ts = _ts(at)
        action = "accept" if series == "S" else "notify" if series == "G" else "reject"
        history = [(action, at)]
        state, picked = c["state"], None
        if series == "S":
            state, steps = self._progress(age)
            history += [(f"platform.{step}", at + timedelta(hours=2 * j))
                        for j, step in enumerate(steps, 1)]
            if state == "closed":
                moment = at + timedelta(days=min(age, 5))
                history.append(("pickup", moment))
                cst = (moment + _EIGHT_HOURS).isoformat() + "+08:00"
                picked = (f'{{"actor":{actor},"at":"{cst}","by_applicant":true,'
                          f'"id_number":"{number}","id_type":"{c["applicant_id_type"]}",'
                          f'"name":{json.dumps(name, ensure_ascii=False)}}}')
        promised = None
        if t.promise_days is not None:  # 23:59:59 CST of the promised day, in UTC
            promised = _ts(datetime.combine(day + timedelta(days=t.promise_days),
                                            dtime(15, 59, 59)))
        result = '{"approved":true}' if state in ("approved", "closed", "completed") else None
        rows["cases"].append((
            case_no, state, c["kind"], c["key"], c["name"], c["catalog_version"], None,
            c["applicant_type"], name, c["applicant_id_type"], number, swap(c["contact"]),
            swap(c["form"]), c["answers"], c["missing"], ts, actor,
            ts if series == "S" else None, promised,
            f"sha256:{rng.getrandbits(256):064x}" if series == "S" else None,
            c["reason_code"], c["reason_text"], result, None, picked, ts,
            _ts(history[-1][1]) if len(history) > 1 else ts))
        rows["case_items"].extend((case_no, *r) for r in t.items)
        rows["case_materials"].extend((case_no, *r) for r in t.materials)
        for act, moment in history:
            if act.startswith("platform."):
                rows["case_history"].append((case_no, _ts(moment), act, None, ""))
                self._audit(moment, "platform", "platform", f"case.status.{act[9:]}", case_no, "{}")
            else:
                rows["case_history"].append((case_no, _ts(moment), act, actor,
                                             t.note if act == action else ""))
                self._audit(moment, user, "clerk", f"case.{act}", case_no, _DETAIL_DECISION)
        acked = age > 1
        state_ = "acked" if acked else "pending"
        rows["outbox"].append((_uuid(rng), case_no, 1, t.event_type, ts, actor, swap(t.payload),
                               state_, int(acked), None, None, ts, ts))
        if picked:
            payload = (f'{{"picked_up_by":{{"id_number":"{number}",'
                       f'"id_type":"{c["applicant_id_type"]}",'
                       f'"name":{json.dumps(name, ensure_ascii=False)}}}}}')
            moment = _ts(history[-1][1])
            rows["outbox"].append((_uuid(rng), case_no, 2, "picked_up", moment, actor, payload,
                                   state_, int(acked), None, None, moment, moment))
        d = t.draft
        rows["drafts"].append((f"{rng.getrandbits(128):032x}", d["kind"], d["key"],
                               swap(d["json"]), "decided", case_no, ts, ts))

    def _progress(self, age: int) -> tuple[str, list[str]]:
        """Where an accepted case of ``age`` days stands now (as the platform reported)."""
        r = self.rng.random()
        if age <= 2:
            return "accepted", []
        if age <= 30:
            if r < 0.4:
                return "in_review", ["received", "in_review"]
            if r < 0.7:
                return "approved", ["received", "in_review", "approved"]
            return "closed", ["received", "in_review", "approved"]
        if r < 0.8:
            return "closed", ["received", "in_review", "approved"]
        if r < 0.9:
            return "completed", ["received", "in_review", "completed"]
        return "denied", ["received", "in_review", "denied"]
