"""The provincial platform's HTTP client (平台接口客户端), ``contracts/platform-api.md``.

One :class:`PlatformClient` per worker, shared by its threads (httpx's connection pool is
thread-safe). Every answer is turned into a return value or one of the exceptions below, so
that the worker decides by kind, exactly as the contract's table says:

=====================================  ==========================================
answer                                 raised
=====================================  ==========================================
400, 403, 413, 422 (not blob_missing)  :class:`Refused` — a person must look at it
409 ``event_conflict``                 :class:`Refused`
409 ``seq_gap``                        :class:`SeqGap` (``expected_seq``)
422 ``blob_missing``                   :class:`BlobMissing`
401                                    a new token once, then the call again;
                                       :class:`AuthFailed` if that fails too
429, 503                               :class:`Transient` with ``retry_after``
5xx, timeouts, resets, other answers   :class:`Transient`
=====================================  ==========================================

Nothing here logs a body: event payloads carry names and ID numbers; lookups carry ID
numbers in their query strings, which are cut from httpx's own log lines as well.

Answers are checked, never assumed (contract 1.1, "Answers the client must check"):

* every 2xx answer with a body must be ``application/json`` with the documented shape (the
  validators in :mod:`sync.answers`); an event is delivered only when the answer echoes its
  ``event_id`` and ``seq``; a blob is stored only on ``HEAD`` 200 with ``X-Content-SHA256``
  equal to its hash or ``PUT`` 200/201 echoing ``sha256``. Anything else — an HTML page of a
  proxy, an empty or truncated body, wrong types, a mismatch — raises :class:`NonConforming`
  (a :class:`Transient`: retried with back-off, never taken as success) with the message
  :data:`NON_CONFORMING` (平台应答不符合接口规范);
* an answer is read as a stream and never beyond its cap (:data:`MAX_ANSWER_BYTES`, the
  catalog :data:`MAX_CATALOG_BYTES`);
* each call has a total deadline (``timeout`` seconds from its start, covering the token, the
  connection and every read), checked while the body streams in, so that a server dripping a
  byte at a time cannot hold the worker; and :meth:`PlatformClient.set_cutoff` lets a bounded
  run (``sync --once``) refuse to start new calls after its end;
* the base URL must be ``https://`` unless its host is loopback, and certificates are always
  verified (a CA file may be added, never verification switched off).
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import httpcore
import httpx

from counter.platform_url import check_platform_url
from sync import answers
from counter.logsafe import platform_text
from sync.retry import parse_retry_after

log = logging.getLogger(__name__)

API = "/api/v1"
MAX_EVENT_BYTES = 1024 * 1024
MAX_BLOB_BYTES = 20 * 1024 * 1024
#: The most of one answer the client reads (every endpoint but the catalog).
MAX_ANSWER_BYTES = 1024 * 1024
#: The most of a catalog document the client reads (the sample catalog is ~100 KiB).
MAX_CATALOG_BYTES = 32 * 1024 * 1024
#: Shown for an answer that is not the documented one (contract 1.1).
NON_CONFORMING = answers.NON_CONFORMING
USER_AGENT = "CounterDesk-sync/1"


class PlatformError(Exception):
    """An answer (or no answer) that is not what was asked for.

    Attributes:
        message: Chinese, for a person (the platform's own message when it sent one).
        status: the HTTP status (0 when there was no answer).
        code: the platform's error code (or a local one such as ``timeout``).
        details: the platform's ``details`` list.
    """

    def __init__(self, message: str, *, status: int = 0, code: str = "",
                 details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code
        self.details: list[dict] = list(details or [])


class Transient(PlatformError):
    """Try again later (``retry_after`` seconds when the platform said so)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class NonConforming(Transient):
    """A 2xx (or other) answer that is not the documented one: never taken as success."""

    def __init__(self, what: str = "", *, status: int = 0) -> None:
        super().__init__(NON_CONFORMING, status=status, code="non_conforming")
        self.what = what  # which check failed (English, no platform text), for the log


class OutOfTime(Transient):
    """The bounded run this client serves has ended: no new call is started."""


class AuthFailed(Transient):
    """The platform does not accept this client's credentials (configuration problem)."""


class Refused(PlatformError):
    """The platform refused the content; retrying the same content will not help."""


class SeqGap(PlatformError):
    """Events before this one are missing on the platform; ``expected_seq`` comes next."""

    def __init__(self, message: str, *, expected_seq: int, **kw) -> None:
        super().__init__(message, **kw)
        self.expected_seq = expected_seq


class BlobMissing(PlatformError):
    """A referenced blob is not stored on the platform yet."""


@dataclass(frozen=True)
class EventReceipt:
    """``201`` stored now, ``200`` stored before (a replay)."""

    status: int
    received_at: str | None

    @property
    def replay(self) -> bool:
        return self.status == 200


class _RedactQuery(logging.Filter):
    """Drops query strings from httpx's request log lines (they may hold ID numbers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(a.copy_with(query=None) if isinstance(a, httpx.URL) else a
                                for a in record.args)
        return True


_REDACT = _RedactQuery()


# -- the deadline at the socket ------------------------------------------------------------------
#
# httpx's timeouts are per step (connect, each read, each write), so a server sending one byte
# just within the read timeout, over and over, could hold a call for ever. The calling thread
# sets its call's deadline in ``_DEADLINE``; every socket operation of the connection pool then
# waits at most until that deadline (and never longer than httpx's own timeout for the step).
# A thread-local works because the sync connection pool does all I/O of a request on the
# thread that sends it. (httpx 0.28 takes no network backend as a parameter: the transport's
# pool is replaced by one with this backend; httpx and httpcore are pinned.)

_DEADLINE = threading.local()


def _capped(timeout: float | None, exc: type[Exception]) -> float | None:
    deadline = getattr(_DEADLINE, "value", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exc("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _capped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _capped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> "_DeadlineStream":
        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _capped(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._inner.connect_tcp(
            host, port, _capped(timeout, httpcore.ConnectTimeout), local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        return _DeadlineStream(self._inner.connect_unix_socket(
            path, _capped(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - retries are off
        self._inner.sleep(seconds)


def _deadline_transport(ssl_context: ssl.SSLContext, limits: httpx.Limits) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(verify=ssl_context, limits=limits)
    transport._pool.close()  # noqa: SLF001 - see the comment above
    transport._pool = httpcore.ConnectionPool(  # noqa: SLF001
        ssl_context=ssl_context, max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry, network_backend=_DeadlineBackend())
    return transport


class _Answer:
    """An answer read within its cap and deadline (what the methods below look at)."""

    __slots__ = ("status_code", "headers", "content")

    def __init__(self, status_code: int, headers: httpx.Headers, content: bytes) -> None:
        self.status_code, self.headers, self.content = status_code, headers, content

    def json(self) -> Any:
        return json.loads(self.content.decode("utf-8"))


def sniff_content_type(data: bytes) -> str:
    """The blob's type from its first bytes (``image/jpeg``, ``image/png``, ``application/pdf``)."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:5] == b"%PDF-":
        return "application/pdf"
    return "application/octet-stream"


class PlatformClient:
    """Talks to the platform as one counter (``<region>-<site>-<counter>``).

    Args:
        base_url: e.g. ``https://zwfw.example.gov.cn/counter`` (``/api/v1`` is added).
        client_id: this counter's client id.
        secret: returns the client secret when a token is needed (read from the keyring or
            the environment at that moment, never kept by the client).
        timeout: the total deadline of one call in seconds (token, connecting, sending and
            every read together); also httpx's timeout of each step.
        ca_file: a CA file to trust instead of the system's trust store (the simulator's, a
            provincial CA); without it, the system's. Verification is always on.
        max_connections: the connection pool size (at least the worker's concurrency).
        transport: an httpx transport (tests).
    """

    def __init__(self, base_url: str, client_id: str, secret: Callable[[], str], *,
                 timeout: float = 30.0, ca_file: str | None = None, max_connections: int = 8,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = check_platform_url(base_url)
        verify = platform_ssl_context(ca_file)
        self.client_id = client_id
        self._secret = secret
        self.timeout = float(timeout)
        self._cutoff: float | None = None
        limits = httpx.Limits(max_connections=max_connections,
                              max_keepalive_connections=max_connections)
        self._http = httpx.Client(
            base_url=self.base_url + API, timeout=httpx.Timeout(timeout), verify=verify,
            transport=transport or _deadline_transport(verify, limits),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}, limits=limits)
        self._token: str | None = None
        self._token_lock = threading.Lock()
        httpx_log = logging.getLogger("httpx")
        if _REDACT not in httpx_log.filters:
            httpx_log.addFilter(_REDACT)

    def close(self) -> None:
        self._http.close()

    def set_cutoff(self, monotonic_end: float | None) -> None:
        """No new call starts after ``monotonic_end`` (a :func:`time.monotonic` value; None:
        no limit); a call started before runs to its own deadline at most."""
        self._cutoff = monotonic_end

    def __enter__(self) -> "PlatformClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- auth ---------------------------------------------------------------------------------

    def fetch_token(self, deadline: float | None = None) -> str:
        """``POST /token`` with the client secret; the new access token."""
        secret = self._secret()
        response = self._send("POST", "/token", json={"client_id": self.client_id,
                                                      "client_secret": secret}, auth=False,
                              deadline=deadline)
        del secret
        if response.status_code == 200:
            token = _validated(response, answers.token)
            log.info("platform token obtained for %s", self.client_id)
            return token
        if response.status_code in (400, 401, 403):
            err = _error_of(response)
            raise AuthFailed(f"平台拒绝了本窗口的客户端凭据：{err.message}请管理员核对客户端密钥。",
                             status=response.status_code, code=err.code or "invalid_client")
        raise _transient_of(response)

    def _current_token(self, stale: str | None = None, deadline: float | None = None) -> str:
        with self._token_lock:
            if self._token is None or self._token == stale:
                self._token = None
                self._token = self.fetch_token(deadline)
            return self._token

    # -- plumbing -----------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, cap: int = MAX_ANSWER_BYTES,
              deadline: float | None = None, **kw) -> _Answer:
        """One call (with its token, and one new token on 401) within one total deadline;
        transport problems, the deadline and an answer over ``cap`` become :class:`Transient`."""
        now = time.monotonic()
        if self._cutoff is not None and now >= self._cutoff:
            raise OutOfTime("本轮同步时间已到，余下的请求留待下一轮。", code="out_of_time")
        if deadline is None:
            deadline = now + self.timeout
        try:
            if auth:
                token = self._current_token(deadline=deadline)
                headers = dict(kw.pop("headers", None) or {})
                headers["Authorization"] = f"Bearer {token}"
                response = self._exchange(method, path, deadline, cap, headers=headers, **kw)
                if response.status_code == 401:  # expired or revoked: one new token, once
                    token = self._current_token(stale=token, deadline=deadline)
                    headers["Authorization"] = f"Bearer {token}"
                    response = self._exchange(method, path, deadline, cap, headers=headers, **kw)
                    if response.status_code == 401:
                        raise AuthFailed("平台仍拒绝新取得的访问令牌，请管理员核对平台配置。",
                                         status=401, code=_error_of(response).code)
                return response
            return self._exchange(method, path, deadline, cap, **kw)
        except httpx.TimeoutException:
            raise Transient("平台响应超时。", code="timeout") from None
        except httpx.ConnectError:
            raise Transient("无法连接省级平台（网络不通或地址有误）。", code="connect") from None
        except (httpx.TransportError, httpx.DecodingError) as e:
            raise Transient(f"与平台的连接中断（{type(e).__name__}）。", code="transport") from None

    def _exchange(self, method: str, path: str, deadline: float, cap: int, **kw) -> _Answer:
        """One HTTP exchange: the answer streamed in, never beyond ``cap`` bytes, never past
        ``deadline`` (every socket operation waits at most until it, see ``_DEADLINE``; it is
        also checked between chunks)."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise Transient("平台响应超时。", code="timeout")
        _DEADLINE.value = deadline
        try:
            return self._read_answer(method, path, deadline, cap, left, **kw)
        finally:
            _DEADLINE.value = None

    def _read_answer(self, method: str, path: str, deadline: float, cap: int, left: float,
                     **kw) -> _Answer:
        with self._http.stream(method, path, timeout=httpx.Timeout(min(self.timeout, left)),
                               **kw) as r:
            length = r.headers.get("Content-Length")
            if method != "HEAD" and length is not None and length.strip().isdigit() \
                    and int(length) > cap:  # (a HEAD may announce the blob's own size)
                log.warning("platform answer to %s %s announced %s bytes, over the cap of %d",
                            method, _path_only(path), platform_text(length, 20), cap)
                raise NonConforming("answer over the size cap", status=r.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > cap:
                    log.warning("platform answer to %s %s over the cap of %d bytes; not read further",
                                method, _path_only(path), cap)
                    raise NonConforming("answer over the size cap", status=r.status_code)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    log.warning("platform answer to %s %s not complete within the deadline",
                                method, _path_only(path))
                    raise Transient("平台响应超时。", code="timeout")
            return _Answer(r.status_code, r.headers, b"".join(chunks))

    # -- blobs --------------------------------------------------------------------------------

    def has_blob(self, digest: str) -> bool:
        """``HEAD /blobs/{sha256}``: True when the platform stores it — only on ``200`` with
        ``X-Content-SHA256`` equal to ``digest``; a ``200`` without it counts as not stored."""
        r = self._send("HEAD", f"/blobs/{digest}")
        if r.status_code == 200:
            echoed = r.headers.get("X-Content-SHA256")
            if echoed is None or echoed.strip().lower() != digest.lower():
                # not proof that it is stored (a proxy, a gateway): upload it; the PUT is
                # idempotent and its answer is checked in turn
                log.warning("platform HEAD answer without the matching X-Content-SHA256 header "
                            "(%s); the blob is uploaded", platform_text(r.headers.get("Content-Type"), 60))
                return False
            return True
        if r.status_code == 404:
            return False
        raise _classify(r)

    def put_blob(self, digest: str, data: bytes, content_type: str | None = None) -> int:
        """``PUT /blobs/{sha256}``: 201 stored now, 200 stored before."""
        if len(data) > MAX_BLOB_BYTES:
            raise Refused("附件超过平台 20 MiB 的上限，无法上传。", status=413, code="too_large")
        r = self._send("PUT", f"/blobs/{digest}", content=data,
                       headers={"Content-Type": content_type or sniff_content_type(data)})
        if r.status_code in (200, 201):
            _validated(r, answers.blob_receipt, digest)
            return r.status_code
        raise _classify(r)

    # -- events -------------------------------------------------------------------------------

    def post_event(self, case_no: str, body: dict[str, Any]) -> EventReceipt:
        """``POST /cases/{case_no}/events``."""
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(content) > MAX_EVENT_BYTES:
            raise Refused("事件内容超过平台 1 MiB 的上限。", status=413, code="too_large")
        r = self._send("POST", f"/cases/{case_no}/events", content=content,
                       headers={"Content-Type": "application/json; charset=utf-8"})
        if r.status_code in (200, 201):
            received_at = _validated(r, answers.event_receipt, body.get("event_id"), body.get("seq"))
            return EventReceipt(r.status_code, received_at)
        raise _classify(r)

    # -- catalog, calendar, feed --------------------------------------------------------------

    def catalog(self, etag: str | None = None) -> tuple[bytes, str | None] | None:
        """``GET /catalog``: ``(document, etag)``, or None when ``etag`` is still current."""
        headers = {"If-None-Match": etag} if etag else {}
        r = self._send("GET", "/catalog", headers=headers, cap=MAX_CATALOG_BYTES)
        if r.status_code == 304:
            return None
        if r.status_code == 200:
            _validated(r, answers.catalog)
            etag = r.headers.get("ETag")
            if etag is not None and not answers.is_etag(etag):
                _non_conforming(r, "catalog ETag malformed")
            return r.content, etag
        raise _classify(r)

    def calendar(self, year: int) -> dict | None:
        """``GET /calendar/{year}``: the year's document, or None when not published yet."""
        r = self._send("GET", f"/calendar/{int(year)}")
        if r.status_code == 404:
            return None
        if r.status_code == 200:
            return _validated(r, answers.calendar, int(year))
        raise _classify(r)

    def status_feed(self, after: str | None, limit: int = 100) -> tuple[list[dict], str]:
        """``GET /status-feed``: the items after ``after`` and the next cursor."""
        params = {"limit": str(min(100, max(1, limit)))}
        if after:
            params["after"] = after
        r = self._send("GET", "/status-feed", params=params)
        if r.status_code != 200:
            raise _classify(r)
        return _validated(r, answers.feed_page, int(params["limit"]))

    # -- lookups (optional for the platform; callers degrade gracefully) ----------------------

    def elicences(self, holder_type: str, holder_id: str) -> list[dict]:
        """``GET /elicences``: the holder's e-licences (电子证照)."""
        r = self._send("GET", "/elicences", params={"holder_type": holder_type,
                                                    "holder_id": holder_id})
        if r.status_code != 200:
            raise _classify(r)
        return _validated(r, answers.elicences)

    def credit(self, subject_id: str) -> dict:
        """``GET /credit``: ``{"dishonest": bool, "checked_at": …}`` (失信 check)."""
        r = self._send("GET", "/credit", params={"subject_id": subject_id})
        if r.status_code != 200:
            raise _classify(r)
        return _validated(r, answers.credit)


def platform_ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """The TLS context of every platform connection: certificates and host names verified,
    with the system's trust store or, when given, the CA file (a :class:`Transient` with a
    Chinese message when that file cannot be read). There is no way to switch it off."""
    try:
        context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    except (OSError, ssl.SSLError, ValueError):
        raise Transient("配置的 CA 证书文件无法读取或不是有效的 PEM 证书，请管理员检查同步配置。",
                        code="ca_file") from None
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _path_only(path: str) -> str:
    return path.split("?", 1)[0]


def _non_conforming(r: _Answer, what: str):
    log.warning("platform answer not as the contract says (HTTP %d, %s, %s)", r.status_code,
                platform_text(r.headers.get("Content-Type"), 60), what)
    raise NonConforming(what, status=r.status_code)


def _validated(r: _Answer, check: Callable[..., Any], *args) -> Any:
    """``check(json_body, *args)`` (a validator of :mod:`sync.answers`); an answer that fails
    it is :class:`NonConforming`."""
    data = _json_any(r)
    try:
        return check(data, *args)
    except answers.BadAnswer as e:
        _non_conforming(r, e.what)


def _json_any(r: _Answer) -> Any:
    """The body of a 2xx answer as JSON, only when it says ``application/json`` and parses."""
    ctype = (r.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if ctype != "application/json":
        _non_conforming(r, "not application/json")
    if not r.content:
        _non_conforming(r, "empty body")
    try:
        return answers.loads(r.content)
    except ValueError:
        _non_conforming(r, "body is not valid JSON")


@dataclass(frozen=True)
class _Err:
    code: str
    message: str
    details: list[dict]
    body: dict
    documented: bool  # application/json {"code": str, "message": str, …}


#: The most of the platform's ``message`` (and of each detail) kept; the rest is cut.
MAX_MESSAGE = 2000
MAX_DETAILS = 100


def _error_of(r: _Answer) -> _Err:
    """The contract's error body, tolerating anything else (``documented`` says whether it
    was the contract's)."""
    ctype = (r.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    try:
        body = answers.loads(r.content) if r.content else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code") if isinstance(body.get("code"), str) else ""
    message = body.get("message") if isinstance(body.get("message"), str) else ""
    documented = ctype == "application/json" and bool(code) and bool(message)
    details = body.get("details") if isinstance(body.get("details"), list) else []
    details = [d for d in details[:MAX_DETAILS] if isinstance(d, dict)]
    details = [{k: v[:MAX_MESSAGE] if isinstance(v, str) else v for k, v in d.items()}
               for d in details]
    if not message:
        message = f"平台返回 HTTP {r.status_code}。"
    return _Err(code[:200], message[:MAX_MESSAGE], details, body, documented)


def _transient_of(r: _Answer) -> Transient:
    err = _error_of(r)
    retry_after = parse_retry_after(r.headers.get("Retry-After")) \
        if r.status_code in (429, 503) else None
    return Transient(err.message, status=r.status_code, code=err.code or str(r.status_code),
                     details=err.details, retry_after=retry_after)


def _classify(r: _Answer) -> PlatformError:
    """The exception for a non-success answer (see the module's table).

    Only the contract's own error body (``application/json`` with ``code`` and ``message``)
    can refuse an event or ask for other events first: a proxy's ``403`` page or an empty
    ``422`` is :class:`NonConforming` (transient), never ``refused``."""
    status = r.status_code
    if status in (400, 403, 409, 413, 422) and not _error_of(r).documented:
        log.warning("platform error answer not as the contract says (HTTP %d, %s)", status,
                    platform_text(r.headers.get("Content-Type"), 60))
        return NonConforming("error answer without the documented body", status=status)
    if status == 409:
        err = _error_of(r)
        if err.code == "seq_gap" and isinstance(err.body.get("expected_seq"), int):
            return SeqGap(err.message, expected_seq=err.body["expected_seq"], status=409,
                          code="seq_gap", details=err.details)
        return Refused(err.message, status=409, code=err.code or "conflict", details=err.details)
    if status == 422:
        err = _error_of(r)
        if err.code == "blob_missing":
            return BlobMissing(err.message, status=422, code=err.code, details=err.details)
        return Refused(err.message, status=422, code=err.code or "invalid", details=err.details)
    if status in (400, 403, 413):
        err = _error_of(r)
        return Refused(err.message, status=status, code=err.code or str(status), details=err.details)
    if status == 401:
        return AuthFailed("平台拒绝访问令牌。", status=401, code=_error_of(r).code)
    # 429, 503 with Retry-After; 5xx; and anything the contract does not name (404 of a
    # misconfigured address, 405 …): never drop an event on an answer we do not understand.
    return _transient_of(r)
