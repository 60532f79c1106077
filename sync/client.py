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
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
from dataclasses import dataclass
from typing import Any, Callable

import httpx

from sync.retry import parse_retry_after

log = logging.getLogger(__name__)

API = "/api/v1"
MAX_EVENT_BYTES = 1024 * 1024
MAX_BLOB_BYTES = 20 * 1024 * 1024
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
        timeout: seconds for connecting, each read and each write.
        ca_file: a CA file to trust (the simulator's), else the system's trust store.
        max_connections: the connection pool size (at least the worker's concurrency).
        transport: an httpx transport (tests).
    """

    def __init__(self, base_url: str, client_id: str, secret: Callable[[], str], *,
                 timeout: float = 30.0, ca_file: str | None = None, max_connections: int = 8,
                 transport: httpx.BaseTransport | None = None) -> None:
        verify: ssl.SSLContext | bool = True
        if ca_file:
            verify = ssl.create_default_context(cafile=str(ca_file))
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self._secret = secret
        self._http = httpx.Client(
            base_url=self.base_url + API, timeout=httpx.Timeout(timeout), verify=verify,
            transport=transport, headers={"User-Agent": USER_AGENT},
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections))
        self._token: str | None = None
        self._token_lock = threading.Lock()
        httpx_log = logging.getLogger("httpx")
        if _REDACT not in httpx_log.filters:
            httpx_log.addFilter(_REDACT)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "PlatformClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- auth ---------------------------------------------------------------------------------

    def fetch_token(self) -> str:
        """``POST /token`` with the client secret; the new access token."""
        secret = self._secret()
        response = self._send("POST", "/token", json={"client_id": self.client_id,
                                                      "client_secret": secret}, auth=False)
        del secret
        if response.status_code == 200:
            try:
                token = response.json()["access_token"]
            except (ValueError, KeyError, TypeError):
                raise Transient("平台返回的令牌无法识别。", status=200, code="bad_token_answer") from None
            log.info("platform token obtained for %s", self.client_id)
            return token
        if response.status_code in (400, 401, 403):
            err = _error_of(response)
            raise AuthFailed(f"平台拒绝了本窗口的客户端凭据：{err.message}请管理员核对客户端密钥。",
                             status=response.status_code, code=err.code or "invalid_client")
        raise _transient_of(response)

    def _current_token(self, stale: str | None = None) -> str:
        with self._token_lock:
            if self._token is None or self._token == stale:
                self._token = None
                self._token = self.fetch_token()
            return self._token

    # -- plumbing -----------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, **kw) -> httpx.Response:
        """One request; transport problems become :class:`Transient`."""
        try:
            if auth:
                token = self._current_token()
                headers = dict(kw.pop("headers", None) or {})
                headers["Authorization"] = f"Bearer {token}"
                response = self._http.request(method, path, headers=headers, **kw)
                if response.status_code == 401:  # expired or revoked: one new token, once
                    token = self._current_token(stale=token)
                    headers["Authorization"] = f"Bearer {token}"
                    response = self._http.request(method, path, headers=headers, **kw)
                    if response.status_code == 401:
                        raise AuthFailed("平台仍拒绝新取得的访问令牌，请管理员核对平台配置。",
                                         status=401, code=_error_of(response).code)
                return response
            return self._http.request(method, path, **kw)
        except httpx.TimeoutException:
            raise Transient("平台响应超时。", code="timeout") from None
        except httpx.ConnectError:
            raise Transient("无法连接省级平台（网络不通或地址有误）。", code="connect") from None
        except (httpx.TransportError, httpx.DecodingError) as e:
            raise Transient(f"与平台的连接中断（{type(e).__name__}）。", code="transport") from None

    # -- blobs --------------------------------------------------------------------------------

    def has_blob(self, digest: str) -> bool:
        """``HEAD /blobs/{sha256}``: True when the platform stores it."""
        r = self._send("HEAD", f"/blobs/{digest}")
        if r.status_code == 200:
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
            try:
                received_at = r.json().get("received_at")
            except (ValueError, AttributeError):
                received_at = None
            return EventReceipt(r.status_code, received_at)
        raise _classify(r)

    # -- catalog, calendar, feed --------------------------------------------------------------

    def catalog(self, etag: str | None = None) -> tuple[bytes, str | None] | None:
        """``GET /catalog``: ``(document, etag)``, or None when ``etag`` is still current."""
        headers = {"If-None-Match": etag} if etag else {}
        r = self._send("GET", "/catalog", headers=headers)
        if r.status_code == 304:
            return None
        if r.status_code == 200:
            return r.content, r.headers.get("ETag")
        raise _classify(r)

    def calendar(self, year: int) -> dict | None:
        """``GET /calendar/{year}``: the year's document, or None when not published yet."""
        r = self._send("GET", f"/calendar/{int(year)}")
        if r.status_code == 404:
            return None
        if r.status_code == 200:
            return _json(r)
        raise _classify(r)

    def status_feed(self, after: str | None, limit: int = 100) -> tuple[list[dict], str]:
        """``GET /status-feed``: the items after ``after`` and the next cursor."""
        params = {"limit": str(min(100, max(1, limit)))}
        if after:
            params["after"] = after
        r = self._send("GET", "/status-feed", params=params)
        if r.status_code != 200:
            raise _classify(r)
        data = _json(r)
        items, next_cursor = data.get("items"), data.get("next")
        if not isinstance(items, list) or not isinstance(next_cursor, str):
            raise Transient("平台状态回传格式无法识别。", status=200, code="bad_feed")
        return items, next_cursor

    # -- lookups (optional for the platform; callers degrade gracefully) ----------------------

    def elicences(self, holder_type: str, holder_id: str) -> list[dict]:
        """``GET /elicences``: the holder's e-licences (电子证照)."""
        r = self._send("GET", "/elicences", params={"holder_type": holder_type,
                                                    "holder_id": holder_id})
        if r.status_code != 200:
            raise _classify(r)
        items = _json(r).get("items")
        return items if isinstance(items, list) else []

    def credit(self, subject_id: str) -> dict:
        """``GET /credit``: ``{"dishonest": bool, "checked_at": …}`` (失信 check)."""
        r = self._send("GET", "/credit", params={"subject_id": subject_id})
        if r.status_code != 200:
            raise _classify(r)
        return _json(r)


def _json(r: httpx.Response) -> dict:
    try:
        data = r.json()
    except ValueError:
        raise Transient("平台返回的内容不是有效的 JSON。", status=r.status_code, code="bad_json") from None
    if not isinstance(data, dict):
        raise Transient("平台返回的内容格式无法识别。", status=r.status_code, code="bad_json")
    return data


@dataclass(frozen=True)
class _Err:
    code: str
    message: str
    details: list[dict]
    body: dict


def _error_of(r: httpx.Response) -> _Err:
    """The contract's error body, tolerating anything else."""
    try:
        body = r.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code") if isinstance(body.get("code"), str) else ""
    message = body.get("message") if isinstance(body.get("message"), str) else ""
    details = body.get("details") if isinstance(body.get("details"), list) else []
    details = [d for d in details if isinstance(d, dict)]
    if not message:
        message = f"平台返回 HTTP {r.status_code}。"
    return _Err(code, message, details, body)


def _transient_of(r: httpx.Response) -> Transient:
    err = _error_of(r)
    retry_after = parse_retry_after(r.headers.get("Retry-After")) \
        if r.status_code in (429, 503) else None
    return Transient(err.message, status=r.status_code, code=err.code or str(r.status_code),
                     details=err.details, retry_after=retry_after)


def _classify(r: httpx.Response) -> PlatformError:
    """The exception for a non-success answer (see the module's table)."""
    status = r.status_code
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
