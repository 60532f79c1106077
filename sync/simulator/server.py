"""The simulated provincial platform (省级平台模拟器): a real HTTP server on loopback.

Implements ``contracts/platform-api.md`` with its own store (:mod:`sync.simulator.store`),
including its errors, so that training, demos and tests talk HTTP to something that behaves
like the platform. It binds only ``127.0.0.1``.

Where the contract is silent, the simulator chooses (``docs/sync.md`` lists the choices):

* a client id is ``<region>-<site>-<counter>`` (6, 3 and 2 digits); every client shares the
  simulator's one client secret (``--client-secret``);
* an event's ``actor.site`` must be the token's site (else ``403``), and a case belongs to
  the site that sent its first event; the status feed shows each site its own cases;
* the first event of a case must be a decision (``accepted``, ``notified``, ``rejected``);
* a ``seq`` already taken by another ``event_id`` is an ``event_conflict`` like a changed body;
* a feed ``limit`` above 100 is refused (``400``), the cursor is opaque;
* a hall record belongs to the site that sent it (another site's update gets ``403``); its
  updates are numbered from 1, contiguous (``409 seq_gap`` with ``expected_seq``);
* ``/verify`` needs no token (anyone holding a printed document may check it) and answers an
  unknown case exactly like an unknown document (``200``, ``valid: false``), so that case
  numbers cannot be probed; a document of a ``voided`` case is ``valid: false``.

Progression (办理进度): an ``accepted`` case gets ``received`` at once, ``in_review`` after
the first delay and ``approved`` (or, for ``deny_rate`` of them, ``denied``) after the second;
a ``voided`` or ``terminated`` case stops. Draws are seeded per case.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from counter.clock import CST
from counter.resources import resource_path
from sync.simulator.faults import Fault, FaultConfig, FaultPlan
from sync.simulator.store import SimStore, canonical
from sync.simulator.validate import (DECISIONS, Problems, check_envelope, check_hall_record,
                                     check_hall_update, check_payload)

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
API = "/api/v1"
DEFAULT_CLIENT_SECRET = "platform-sim-secret"
MAX_BLOB = 20 * 1024 * 1024
MAX_EVENT = 1024 * 1024
MAX_FEED_LIMIT = 100
BLOB_TYPES = ("image/jpeg", "image/png", "application/pdf")
_CLIENT_ID = re.compile(r"^(\d{6}-\d{3})-(\d{2})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
SAMPLE_CATALOG = resource_path("catalog", "sample-catalog.json")

_HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                  "Labour Day": "劳动节", "Dragon Boat Festival": "端午节",
                  "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
                  "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"}


@dataclass(frozen=True)
class Progression:
    """How accepted cases move on (办理进度模拟).

    Attributes:
        review_after: seconds from ``received`` to ``in_review``.
        decide_after: seconds from ``in_review`` to ``approved``/``denied``.
        deny_rate: share of cases denied.
        seed: seeds each case's draw (with its case number).
    """

    review_after: float = 10.0
    decide_after: float = 60.0
    deny_rate: float = 0.1
    seed: int = 1


@dataclass
class SimConfig:
    """Everything a simulator is started with.

    Attributes:
        data_dir: its store (SQLite file, blobs, TLS files).
        port: 0 picks a free port.
        tls: serve HTTPS with a loopback certificate (CA in ``data_dir/tls/ca.pem``).
        client_secret: the secret every client id must present.
        token_ttl: seconds a token lives (``expires_in``).
        catalog: the catalog document served (default: the sample catalog).
        faults: fault injection.
        progression: how accepted cases move on.
        clock: epoch seconds (tests may pass a fake).
        answer_mode: how every answer is given (:data:`ANSWER_MODES`; changeable while
            running with :meth:`PlatformSimulator.set_answer_mode`): ``normal`` as the
            contract says; ``html`` a proxy or captive portal answering ``200 text/html`` to
            everything (nothing is processed); ``wrong_echo`` processed, but the receipts echo
            another ``event_id``/``seq``/``sha256`` and ``HEAD`` another hash; ``drip`` processed,
            then the body sent one byte every ``drip_interval`` seconds.
        drip_interval: seconds between the bytes of a ``drip`` answer.
        accept_1_0_ratings: accept ``rated`` payloads of contract 1.0 (``level`` only, no
            ``channel``/``clerk``/``items``), as the counter still writes them; off: 1.1 only.
    """

    data_dir: Path
    port: int = 0
    tls: bool = False
    client_secret: str = DEFAULT_CLIENT_SECRET
    token_ttl: int = 3600
    catalog: bytes | None = None
    faults: FaultConfig = field(default_factory=FaultConfig)
    progression: Progression = field(default_factory=Progression)
    clock: Callable[[], float] = time.time
    answer_mode: str = "normal"
    drip_interval: float = 0.5
    accept_1_0_ratings: bool = True

    def __post_init__(self) -> None:
        if self.answer_mode not in ANSWER_MODES:
            raise ValueError(f"unknown answer mode {self.answer_mode!r} "
                             f"(known: {', '.join(ANSWER_MODES)})")


#: How the simulator answers (see :class:`SimConfig`).
ANSWER_MODES = ("normal", "html", "wrong_echo", "drip")

#: What a proxy or captive portal in front of the platform answers in ``html`` mode.
PROXY_PAGE = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>网络认证</title></head>"
              "<body><h1>请先登录本网络</h1><p>Gateway portal</p></body></html>").encode("utf-8")


class _Response:
    __slots__ = ("status", "body", "headers")

    def __init__(self, status: int, body: bytes | dict | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.headers = dict(headers or {})
        if isinstance(body, dict):
            self.body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.headers.setdefault("Content-Type", "application/json; charset=utf-8")
        else:
            self.body = body or b""


def error(status: int, code: str, message: str, details: list[dict] | None = None,
          headers: dict[str, str] | None = None, **extra) -> _Response:
    """The contract's error body ``{"code", "message", "details"}`` (plus ``extra`` keys)."""
    body = {"code": code, "message": message, "details": list(details or []), **extra}
    return _Response(status, body, headers)


_FAULT_ERRORS = {
    500: ("internal_error", "平台内部错误，请稍后重试。"),
    502: ("bad_gateway", "平台网关错误，请稍后重试。"),
    503: ("unavailable", "平台繁忙或维护中，请稍后重试。"),
    504: ("gateway_timeout", "平台网关超时，请稍后重试。"),
    429: ("too_many_requests", "请求过于频繁，请稍后重试。"),
}


class PlatformSimulator:
    """The platform on ``127.0.0.1`` (``with PlatformSimulator(cfg) as sim: sim.url …``).

    Attributes:
        config: as given.
        store: the simulator's store (tests read what the platform received from it).
        faults: the fault plan (its rate may be changed while running).
        base_url: ``http(s)://127.0.0.1:<port>`` — the client's platform URL.
        ca_file: the CA to trust with ``tls``, else None.
    """

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.store = SimStore(config.data_dir)
        self.faults = FaultPlan(config.faults)
        self._dishonest: set[str] = set()
        #: answers given, by ``"<METHOD> <endpoint> <status>"`` (faults not included)
        self.answers: dict[str, int] = {}
        self._answers_lock = threading.Lock()
        self._publish_lock = threading.Lock()
        document = config.catalog if config.catalog is not None else SAMPLE_CATALOG.read_bytes()
        if self.store.latest_catalog() is None or config.catalog is not None:
            self.publish_catalog(document)
        self._httpd = _Server((HOST, config.port), _Handler)
        self._httpd.sim = self
        self.ca_file: Path | None = None
        if config.tls:
            from sync.simulator.tls import ensure_tls_files

            files = ensure_tls_files(Path(config.data_dir) / "tls")
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_cert_chain(files.cert, files.key)
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
            self.ca_file = files.ca
        self.port = self._httpd.server_address[1]
        self.base_url = f"{'https' if config.tls else 'http'}://{HOST}:{self.port}"
        self._thread: threading.Thread | None = None
        self._ticker_stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- running ------------------------------------------------------------------------------

    def start(self) -> "PlatformSimulator":
        """Serve in background threads (tests, in-process demos)."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="platform-sim",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        self._start_ticker()
        log.info("platform simulator listening on %s", self.base_url)
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until :meth:`stop` (or KeyboardInterrupt)."""
        self._start_ticker()
        log.info("platform simulator listening on %s", self.base_url)
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        self._ticker_stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.store.close()

    def __enter__(self) -> "PlatformSimulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _start_ticker(self) -> None:
        def tick() -> None:
            while not self._ticker_stop.wait(0.5):
                try:
                    self.tick()
                except Exception:  # noqa: BLE001 - a closing store ends the ticker
                    if self._ticker_stop.is_set():
                        return
                    log.exception("platform-sim progression tick failed")

        self._ticker = threading.Thread(target=tick, name="platform-sim-progress", daemon=True)
        self._ticker.start()

    # -- for tests and demos -----------------------------------------------------------------

    def count_answer(self, method: str, path: str, status: int) -> None:
        at = path.find(API + "/")
        endpoint = path[at + len(API) + 1:].split("/")[0] if at >= 0 else "?"
        if endpoint == "cases":
            endpoint = "events"
        key = f"{method} {endpoint} {status}"
        with self._answers_lock:
            self.answers[key] = self.answers.get(key, 0) + 1

    def tick(self) -> int:
        """Release the progression statuses that are due into the feed."""
        return self.store.release_due(self.config.clock(), self._at_text)

    def expire_tokens(self) -> None:
        """Invalidate every token: the next call of each client gets ``401``."""
        self.store.expire_tokens()

    def set_fault_rate(self, rate: float) -> None:
        self.faults.set_rate(rate)

    def set_answer_mode(self, mode: str, drip_interval: float | None = None) -> None:
        """Answer from now on as ``mode`` (:data:`ANSWER_MODES`); tests switch a running
        simulator into a proxy, a wrong echo or a drip and back."""
        if mode not in ANSWER_MODES:
            raise ValueError(f"unknown answer mode {mode!r} (known: {', '.join(ANSWER_MODES)})")
        self.config.answer_mode = mode
        if drip_interval is not None:
            self.config.drip_interval = drip_interval

    def publish_catalog(self, document: bytes) -> str:
        """Serve ``document`` as the newest catalog; its ETag."""
        doc = json.loads(document.decode("utf-8"))
        codes = [i["code"] for i in doc.get("items", []) if isinstance(i, dict) and "code" in i]
        with self._publish_lock:
            return self.store.publish_catalog(document, iter(codes), self.config.clock())

    def inject_feed_item(self, site: str, item) -> None:
        """Append ``item`` to ``site``'s status feed exactly as given (tests, training).

        Any JSON value is served as it is — a mistyped status, an ``at`` without offset, a
        number where an object belongs, a case another platform numbered — so that the
        client's handling of a malformed item (kept aside, never stopping the items behind
        it) can be tried against the real HTTP path. ``site`` is the client's site
        (``140802-001`` for client ``140802-001-01``).
        """
        self.store.add_raw_feed(site, json.dumps(item, ensure_ascii=False))

    def publish_calendar(self, doc: dict) -> None:
        """Publish a year's holiday arrangement (``{"year", "overrides"}``)."""
        self.store.publish_calendar(doc)

    def mark_dishonest(self, subject_id: str) -> None:
        """The credit lookup reports this subject as 失信 from now on."""
        self._dishonest.add(subject_id)

    # -- helpers -----------------------------------------------------------------------------

    def now_text(self) -> str:
        return self._at_text(self.config.clock())

    @staticmethod
    def _at_text(epoch: float) -> str:
        return datetime.fromtimestamp(epoch, CST).isoformat(timespec="seconds")

    def builtin_calendar(self, year: int) -> dict | None:
        """The State Council arrangement ``chinesecalendar`` knows for ``year``, if any."""
        try:
            import chinese_calendar
        except ImportError:  # pragma: no cover
            return None
        overrides = [{"date": d.isoformat(), "workday": False, "name": _HOLIDAY_NAMES.get(n, n)}
                     for d, n in chinese_calendar.holidays.items() if d.year == year]
        overrides += [{"date": d.isoformat(), "workday": True,
                       "name": f"{_HOLIDAY_NAMES.get(n, n)}调休上班"}
                      for d, n in chinese_calendar.workdays.items() if d.year == year]
        if not overrides:
            return None
        return {"year": year, "overrides": sorted(overrides, key=lambda o: o["date"])}

    # -- endpoint logic (called by the handler) -----------------------------------------------

    def token(self, body: bytes) -> _Response:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return error(400, "malformed_json", "请求体不是有效的 JSON。")
        if not isinstance(data, dict):
            return error(400, "malformed_json", "请求体应为 JSON 对象。")
        client_id, secret = data.get("client_id"), data.get("client_secret")
        if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id) \
                or not isinstance(secret, str) or secret != self.config.client_secret:
            return error(401, "invalid_client", "客户端标识或密钥错误，请联系管理员核对平台凭据。")
        ttl = self.config.token_ttl
        token = self.store.issue_token(client_id, self.config.clock() + ttl)
        return _Response(200, {"access_token": token, "token_type": "Bearer", "expires_in": ttl})

    def client_of(self, authorization: str | None) -> str | None:
        if not authorization or not authorization.startswith("Bearer "):
            return None
        return self.store.token_client(authorization[7:].strip(), self.config.clock())

    def catalog(self, if_none_match: str | None) -> _Response:
        latest = self.store.latest_catalog()
        if latest is None:  # pragma: no cover - a catalog is published at start
            return error(404, "not_found", "平台尚未发布事项目录。")
        etag, document = latest
        if if_none_match:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            if "*" in tags or etag in tags:
                return _Response(304, None, {"ETag": etag})
        return _Response(200, document, {"ETag": etag,
                                         "Content-Type": "application/json; charset=utf-8"})

    def calendar(self, year_text: str) -> _Response:
        if not re.fullmatch(r"\d{4}", year_text):
            return error(400, "invalid_year", "年份应为 4 位数字。",
                         [{"path": "year", "message": "年份应为 4 位数字"}])
        year = int(year_text)
        doc = self.store.calendar(year) or self.builtin_calendar(year)
        if doc is None:
            return error(404, "not_published", f"{year} 年节假日安排尚未发布。")
        return _Response(200, doc)

    def elicences(self, query: dict[str, list[str]]) -> _Response:
        holder_type = (query.get("holder_type") or [""])[0]
        holder_id = (query.get("holder_id") or [""])[0]
        details = []
        if holder_type not in ("person", "organisation"):
            details.append({"path": "holder_type", "message": "应为 person 或 organisation"})
        if not holder_id:
            details.append({"path": "holder_id", "message": "不能为空"})
        if details:
            return error(400, "invalid_query", "查询参数有误。", details)
        digest = hashlib.sha256(holder_id.encode("utf-8")).digest()
        name = self.store.holder_name(holder_id) or ""
        types = (("居民身份证", "公安厅"), ("户口簿", "公安厅"), ("结婚证", "民政厅"),
                 ("不动产权证书", "自然资源厅")) if holder_type == "person" else \
                (("营业执照", "市场监督管理局"), ("食品经营许可证", "市场监督管理局"),
                 ("开户许可证", "中国人民银行"))
        items = []
        for i, (kind, issuer) in enumerate(types):
            if i and digest[i] % 2:  # the first type always; the others for about half
                continue
            valid = date(2027 + digest[i + 8] % 15, 1 + digest[i + 9] % 12, 1 + digest[i + 10] % 28)
            number = holder_id if i == 0 else f"{kind[:2]}{int.from_bytes(digest[i:i + 5], 'big'):012d}"
            items.append({"type": kind, "number": number, "holder_name": name,
                          "issuer": f"山西省{issuer}", "valid_until": valid.isoformat()})
        return _Response(200, {"items": items})

    def credit(self, query: dict[str, list[str]]) -> _Response:
        subject = (query.get("subject_id") or [""])[0]
        if not subject:
            return error(400, "invalid_query", "查询参数有误。",
                         [{"path": "subject_id", "message": "不能为空"}])
        dishonest = subject in self._dishonest or hashlib.sha256(subject.encode()).digest()[0] < 3
        return _Response(200, {"dishonest": dishonest, "checked_at": self.now_text()})

    def head_blob(self, digest: str) -> _Response:
        if not _SHA.match(digest):
            return _Response(404)
        if not self.store.has_blob(digest):
            return _Response(404)
        return _Response(200, None, {"X-Content-SHA256": digest})

    def put_blob(self, digest: str, content_type: str | None, body: bytes) -> _Response:
        if not _SHA.match(digest):
            return error(400, "invalid_digest", "附件标识应为 64 位小写十六进制 SHA-256。",
                         [{"path": "sha256", "message": "格式错误"}])
        ctype = (content_type or "").split(";")[0].strip().lower()
        if ctype not in BLOB_TYPES:
            return error(422, "unsupported_media_type", "附件类型不受支持，仅接受 JPEG、PNG 与 PDF。",
                         [{"path": "Content-Type", "message": f"不支持的类型：{ctype or '缺失'}"}])
        if hashlib.sha256(body).hexdigest() != digest:
            return error(422, "hash_mismatch", "附件内容与其 SHA-256 标识不符。",
                         [{"path": "sha256", "message": "内容哈希与地址不一致"}])
        created = self.store.put_blob(digest, body, ctype, self.now_text())
        return _Response(201 if created else 200, {"sha256": digest})

    def post_event(self, client_id: str, case_no: str, body: bytes) -> _Response:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return error(400, "malformed_json", "请求体不是有效的 JSON。")
        problems = Problems()
        check_envelope(data, problems)
        if problems.invalid:
            return error(422, "invalid_event", "事件内容不符合接口规范。", problems.invalid)
        site = _CLIENT_ID.match(client_id).group(1)
        if data["actor"]["site"] != site:
            return error(403, "forbidden", "本窗口无权报送其他站点的办件事件。",
                         [{"path": "actor.site", "message": "与客户端所属站点不一致"}])
        text = canonical(data)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        store = self.store
        with store.locked():
            owner = store.case_site(case_no)
            if owner is not None and owner != site:
                return error(403, "forbidden", "该办件属于其他站点，本窗口无权报送。")
            existing = store.event(data["event_id"])
            if existing is not None:
                if existing.case_no == case_no and existing.body_sha256 == digest:
                    return _Response(200, {"event_id": data["event_id"], "seq": data["seq"],
                                           "received_at": existing.received_at})
                return error(409, "event_conflict",
                             "同一事件标识已以不同内容报送，平台拒绝覆盖，请人工核查。")
            expected = store.next_seq(case_no)
            seq = data["seq"]
            if seq > expected:
                return error(409, "seq_gap", f"事件序号不连续：平台期待第 {expected} 号事件，请先补报缺失事件。",
                             expected_seq=expected)
            if seq < expected:
                return error(409, "event_conflict",
                             f"该办件第 {seq} 号事件已由另一事件占用，平台拒绝覆盖，请人工核查。")
            if seq == 1 and data["type"] not in DECISIONS:
                return error(422, "invalid_event", "办件的首个事件应为受理、一次性告知或不予受理。",
                             [{"path": "type", "message": "首个事件应为受理决定"}])
            check_payload(data, problems, known_item=store.known_item, has_blob=store.has_blob,
                          rated_event=lambda event_id: store.is_rated_event(case_no, event_id),
                          rated_1_0=self.config.accept_1_0_ratings)
            first = problems.first()
            if first is not None:
                code, message, details = first
                return error(422, code, message, details)
            received_at = self.now_text()
            store.insert_event(event_id=data["event_id"], case_no=case_no, seq=seq,
                               type=data["type"], body=text, occurred_at=data["occurred_at"],
                               received_at=received_at, client_id=client_id, site=site,
                               **self._progress(case_no, data))
        if data["type"] == "accepted":
            p = self.config.progression
            if p.review_after <= 0 and p.decide_after <= 0:
                self.tick()
        return _Response(201, {"event_id": data["event_id"], "seq": seq,
                               "received_at": received_at})

    def _progress(self, case_no: str, data: dict) -> dict:
        """What an event sets off on the platform: feed entries, scheduled statuses."""
        kind = data["type"]
        if kind in ("voided", "terminated"):
            return {"cancel": True}
        if kind != "accepted":
            return {}
        applicant = data["payload"].get("applicant") or {}
        holder = None
        if isinstance(applicant, dict) and applicant.get("id_number") and applicant.get("name"):
            holder = (applicant["id_number"], applicant["name"])
        p = self.config.progression
        now = self.config.clock()
        rng = random.Random(f"{p.seed}:{case_no}")
        decided = now + p.review_after + p.decide_after
        year = datetime.fromtimestamp(now, CST).year
        if rng.random() < p.deny_rate:
            decision = ("denied", decided,
                        "经审查，申请不符合法定条件，不予许可。请到窗口领取不予许可决定书。",
                        {"decision": "denied", "document": "不予行政许可决定书",
                         "document_no": f"不许字〔{year}〕{rng.randrange(1, 9999):04d}号"})
        else:
            decision = ("approved", decided,
                        "经审查，准予许可。请持受理通知书到窗口领取办理结果。",
                        {"decision": "approved", "document": "准予行政许可决定书",
                         "document_no": f"准许字〔{year}〕{rng.randrange(1, 9999):04d}号"})
        return {"feed": [("received", self._at_text(now), "省级平台已接收办件。", None)],
                "schedule": [("in_review", now + p.review_after, "已分送审批部门审查。", None),
                             decision],
                "holder": holder}

    def post_hall_record(self, client_id: str, record_id: str, body: bytes) -> _Response:
        """``POST /hall-records/{record_id}``: idempotent by id, answered like an event."""
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return error(400, "malformed_json", "请求体不是有效的 JSON。")
        problems = Problems()
        check_hall_record(data, record_id, problems, known_item=self.store.known_item)
        site = _CLIENT_ID.match(client_id).group(1)
        if not problems.invalid and data["actor"]["site"] != site:
            return error(403, "forbidden", "本窗口无权报送其他站点的大厅记录。",
                         [{"path": "actor.site", "message": "与客户端所属站点不一致"}])
        text = canonical(data) if isinstance(data, dict) else ""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        store = self.store
        with store.locked():
            existing = store.hall_record(record_id)
            if existing is not None:
                if existing.site != site:
                    return error(403, "forbidden", "该记录属于其他站点，本窗口无权报送。")
                if existing.body_sha256 == digest:
                    return _Response(200, {"record_id": record_id,
                                           "received_at": existing.received_at})
                if not problems.invalid:
                    return error(409, "event_conflict",
                                 "同一记录标识已以不同内容报送，平台拒绝覆盖，请人工核查。")
            first = problems.first()
            if first is not None:
                code, message, details = first
                return error(422, code, message, details)
            received_at = self.now_text()
            store.insert_hall_record(record_id=record_id, kind=data["kind"], body=text,
                                     received_at=received_at, client_id=client_id, site=site)
        return _Response(201, {"record_id": record_id, "received_at": received_at})

    def post_hall_update(self, client_id: str, record_id: str, n_text: str,
                         body: bytes) -> _Response:
        """``POST /hall-records/{record_id}/updates/{n}``: ``n`` contiguous from 1."""
        if not re.fullmatch(r"[1-9]\d{0,8}", n_text):
            return error(400, "invalid_update_no", "更新序号应为从 1 开始的整数。",
                         [{"path": "n", "message": "应为从 1 开始的整数"}])
        n = int(n_text)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return error(400, "malformed_json", "请求体不是有效的 JSON。")
        problems = Problems()
        check_hall_update(data, record_id, problems)
        if problems.invalid:
            return error(422, "invalid_event", "记录内容不符合接口规范。", problems.invalid)
        site = _CLIENT_ID.match(client_id).group(1)
        if data["actor"]["site"] != site:
            return error(403, "forbidden", "本窗口无权报送其他站点的大厅记录。",
                         [{"path": "actor.site", "message": "与客户端所属站点不一致"}])
        text = canonical(data)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        store = self.store
        with store.locked():
            record = store.hall_record(record_id)
            if record is None:
                return error(404, "not_found", "该大厅记录尚未报送，请先报送记录本身。")
            if record.site != site:
                return error(403, "forbidden", "该记录属于其他站点，本窗口无权报送。")
            existing = store.hall_update(record_id, n)
            if existing is not None:
                if existing[0] == digest:
                    return _Response(200, {"record_id": record_id, "n": n,
                                           "received_at": existing[1]})
                return error(409, "event_conflict",
                             f"该记录第 {n} 号更新已以不同内容报送，平台拒绝覆盖，请人工核查。")
            expected = record.last_update + 1
            if n != expected:
                return error(409, "seq_gap", f"更新序号不连续：平台期待第 {expected} 号更新，请先补报缺失更新。",
                             expected_seq=expected)
            received_at = self.now_text()
            store.insert_hall_update(record_id=record_id, n=n, body=text,
                                     received_at=received_at, client_id=client_id)
        return _Response(201, {"record_id": record_id, "n": n, "received_at": received_at})

    #: Documents a case's events reference: ``(event type, payload path) → document kind``
    #: (the keys of ``counter.documents.DOCUMENT_KINDS``).
    VERIFIABLE = {("notified", ("notice_blob",)): "notice",
                  ("rejected", ("notice_blob",)): "rejection",
                  ("accepted", ("tolerance", "commitment_blob")): "commitment",
                  ("picked_up", ("signature_blob",)): "pickup"}

    def verify(self, case_no: str, query: dict[str, list[str]]) -> _Response:
        """``GET /verify/{case_no}?doc=<sha256>`` (no token: see the module docstring)."""
        doc = (query.get("doc") or [""])[0]
        if not _SHA.match(doc):
            return error(400, "invalid_query", "查询参数有误。",
                         [{"path": "doc", "message": "应为 64 位小写十六进制 SHA-256"}])
        found, voided = None, False
        for event in self.store.events(case_no) if case_no else []:
            body = json.loads(event.body)
            if event.type == "voided":
                voided = True
            for (kind, path), document in self.VERIFIABLE.items():
                if event.type != kind:
                    continue
                value = body.get("payload")
                for key in path:
                    value = value.get(key) if isinstance(value, dict) else None
                if value == doc and found is None:
                    found = (document, body["occurred_at"])
        if found is None:
            return _Response(200, {"case_no": case_no, "kind": None, "issued_at": None,
                                   "valid": False})
        return _Response(200, {"case_no": case_no, "kind": found[0], "issued_at": found[1],
                               "valid": not voided})

    def status_feed(self, client_id: str, query: dict[str, list[str]]) -> _Response:
        after_text = (query.get("after") or [""])[0]
        limit_text = (query.get("limit") or [str(MAX_FEED_LIMIT)])[0]
        details = []
        if after_text and not after_text.isdigit():
            details.append({"path": "after", "message": "游标无效"})
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_FEED_LIMIT:
            details.append({"path": "limit", "message": f"应为 1 至 {MAX_FEED_LIMIT} 的整数"})
        if details:
            return error(400, "invalid_query", "查询参数有误。", details)
        self.tick()
        after = int(after_text or 0)
        rows = self.store.feed(_CLIENT_ID.match(client_id).group(1), after, int(limit_text))
        next_cursor = str(rows[-1][0]) if rows else str(after)
        return _Response(200, {"items": [item for _id, item in rows], "next": next_cursor})


def _wrong_echo(response: _Response) -> _Response:
    """``response`` with its echoes changed (``wrong_echo`` mode): what a broken gateway or a
    platform answering for another request would send."""
    if response.status not in (200, 201):
        return response
    headers = dict(response.headers)
    if "X-Content-SHA256" in headers:
        headers["X-Content-SHA256"] = "0" * 64
    body = response.body
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, dict) and ("event_id" in data or "sha256" in data):
        if "event_id" in data:
            data["event_id"] = str(uuid.uuid4())
            data["seq"] = data.get("seq", 0) + 1 if isinstance(data.get("seq"), int) else 0
        if "sha256" in data:
            data["sha256"] = "0" * 64
        headers.pop("Content-Type", None)
        return _Response(response.status, data, headers)
    return _Response(response.status, body, headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True
    sim: PlatformSimulator

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which may wait on DNS.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = HOST, self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        # Clients that go away (timeouts, dropped connections) are part of the job.
        log.debug("platform-sim: connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "platform-sim/1"
    timeout = 60
    disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed ACK)
    wbufsize = 64 * 1024
    server: _Server

    # never log query strings or bodies: they carry ID numbers
    def log_message(self, fmt: str, *args) -> None:
        log.debug("platform-sim %s %s", self.command, urlsplit(self.path).path)

    def do_GET(self) -> None:  # noqa: N802
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def do_PUT(self) -> None:  # noqa: N802
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle()

    # -- the request cycle ------------------------------------------------------------------

    def _handle(self) -> None:
        sim = self.server.sim
        fault = sim.faults.draw()
        if fault is not None and fault.kind == "drop" and not fault.after:
            self._drop()  # before reading the body: the client sees a reset
            return
        length = self.headers.get("Content-Length")
        limit = MAX_BLOB if self.command == "PUT" else MAX_EVENT
        try:
            size = int(length) if length is not None else 0
        except ValueError:
            size = -1
        if size < 0 or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send(error(400, "bad_request", "请求须带有效的 Content-Length。"), head=False)
            return
        if size > limit:
            if size <= 4 * limit:
                self._discard(size)
            else:
                self.close_connection = True
            what = "附件超过 20 MiB 上限。" if self.command == "PUT" else "事件请求体超过 1 MiB 上限。"
            self._send(error(413, "too_large", what), head=False)
            return
        body = self.rfile.read(size) if size else b""
        mode = sim.config.answer_mode
        if mode == "html":  # a proxy answers in the platform's name; nothing reaches it
            self._send(_Response(200, PROXY_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
                       head=self.command == "HEAD")
            return
        if fault is not None and not fault.after:
            self._fault_before(fault)
            if fault.kind != "slow":
                return
        try:
            response = self._route(body)
        except Exception:  # noqa: BLE001 - a bug in the simulator answers 500, logged
            log.exception("platform-sim: %s %s failed", self.command, urlsplit(self.path).path)
            response = error(500, "internal_error", "平台内部错误。")
        sim.count_answer(self.command, urlsplit(self.path).path, response.status)
        if fault is not None and fault.after:
            self._fault_after(fault, response)
            return
        if mode == "wrong_echo":
            response = _wrong_echo(response)
        if mode == "drip":
            self._send(response, head=self.command == "HEAD", drip=sim.config.drip_interval)
            return
        self._send(response, head=self.command == "HEAD")

    def _route(self, body: bytes) -> _Response:
        sim = self.server.sim
        parts = urlsplit(self.path)
        path = parts.path
        at = path.find(API + "/")
        if at < 0:
            return error(404, "not_found", "接口不存在。")
        path = path[at + len(API):]
        query = parse_qs(parts.query)
        method = self.command
        if path == "/token" and method == "POST":
            return sim.token(body)
        segments = path.strip("/").split("/")
        if len(segments) == 2 and segments[0] == "verify" and method == "GET":
            return sim.verify(segments[1], query)  # no token: anyone with a printed document
        client_id = sim.client_of(self.headers.get("Authorization"))
        if client_id is None:
            return error(401, "invalid_token", "访问令牌缺失或已过期，请重新获取。")
        if path == "/catalog" and method == "GET":
            return sim.catalog(self.headers.get("If-None-Match"))
        if len(segments) == 2 and segments[0] == "calendar" and method == "GET":
            return sim.calendar(segments[1])
        if path == "/elicences" and method == "GET":
            return sim.elicences(query)
        if path == "/credit" and method == "GET":
            return sim.credit(query)
        if len(segments) == 2 and segments[0] == "blobs":
            if method == "HEAD":
                return sim.head_blob(segments[1])
            if method == "PUT":
                return sim.put_blob(segments[1], self.headers.get("Content-Type"), body)
        if len(segments) == 3 and segments[0] == "cases" and segments[2] == "events" \
                and method == "POST":
            return sim.post_event(client_id, segments[1], body)
        if path == "/status-feed" and method == "GET":
            return sim.status_feed(client_id, query)
        if segments[0] == "hall-records" and method == "POST":
            if len(segments) == 2:
                return sim.post_hall_record(client_id, segments[1], body)
            if len(segments) == 4 and segments[2] == "updates":
                return sim.post_hall_update(client_id, segments[1], segments[3], body)
        return error(404, "not_found", "接口不存在。")

    # -- faults -------------------------------------------------------------------------------

    def _fault_response(self, fault: Fault) -> _Response:
        code, message = _FAULT_ERRORS[fault.status]
        headers = {}
        if fault.status in (429, 503):
            headers["Retry-After"] = str(self.server.sim.faults.config.retry_after)
        return error(fault.status, code, message, headers=headers)

    def _fault_before(self, fault: Fault) -> None:
        cfg = self.server.sim.faults.config
        if fault.status:
            self._send(self._fault_response(fault), head=self.command == "HEAD")
        elif fault.kind == "timeout":
            time.sleep(cfg.timeout_sleep)
            self._drop()
        elif fault.kind == "slow":
            time.sleep(cfg.slow_delay)

    def _fault_after(self, fault: Fault, response: _Response) -> None:
        cfg = self.server.sim.faults.config
        if fault.status:
            self._send(self._fault_response(fault), head=self.command == "HEAD")
        elif fault.kind == "timeout":
            time.sleep(cfg.timeout_sleep)
            self._send(response, head=self.command == "HEAD")
        elif fault.kind == "slow":
            time.sleep(cfg.slow_delay)
            self._send(response, head=self.command == "HEAD")
        elif fault.kind == "drop":
            # the status line and half of the body, then the connection goes away
            try:
                self._send(response, head=self.command == "HEAD",
                           truncate=max(0, len(response.body) // 2))
            finally:
                self._drop()

    # -- writing --------------------------------------------------------------------------------

    def _send(self, response: _Response, *, head: bool, truncate: int | None = None,
              drip: float | None = None) -> None:
        try:
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            length = len(response.body)
            if response.status != 304:
                self.send_header("Content-Length", str(length))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if not head and response.status not in (204, 304):
                body = response.body if truncate is None else response.body[:truncate]
                if drip is None:
                    self.wfile.write(body)
                else:  # one byte at a time, slowly: a client must give up by its deadline
                    self.wfile.flush()
                    for i in range(len(body)):
                        time.sleep(drip)
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def _discard(self, size: int) -> None:
        while size > 0:
            chunk = self.rfile.read(min(size, 1 << 20))
            if not chunk:
                break
            size -= len(chunk)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
