"""The documented shapes of the platform's answers (接口应答校验), ``contracts/platform-api.md``.

Small explicit validators, one per endpoint, used by :mod:`sync.client` on every 2xx answer
(contract 1.1, "Answers the client must check"). Each takes the parsed JSON body and returns
what the caller needs, or raises :class:`BadAnswer` naming (in English, for the log; never
with the platform's text) what does not match. The client turns that into
:class:`sync.client.NonConforming` — a transient failure shown as :data:`NON_CONFORMING`.

The checks are of shape and types (and, for receipts, of the echoed identifiers); they are
deliberately no stricter than the contract, so that a platform adding a key is still
understood. The catalog's content is the catalog validator's business
(``counter/catalog``); here only its top level is looked at. Status-feed *items* are checked
where they are applied (:mod:`sync.feed`); here only the page's envelope.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["BadAnswer", "NON_CONFORMING", "loads", "token", "event_receipt", "blob_receipt",
           "catalog", "is_etag", "calendar", "feed_page", "elicences", "credit"]

#: What a person sees when an answer is not the documented one.
NON_CONFORMING = "平台应答不符合接口规范"

#: The longest string any answer field may carry (a token, a cursor, a message).
MAX_TEXT = 8192
#: Items of one e-licence answer the client accepts.
MAX_ELICENCES = 500


class BadAnswer(ValueError):
    """An answer that is not the documented one; ``what`` says which check failed."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _reject_constant(name: str):
    raise ValueError(f"JSON constant {name} is not allowed")


def loads(content: bytes) -> Any:
    """JSON of an answer: UTF-8, no ``NaN``/``Infinity``; ValueError for anything else, also
    for nesting too deep to parse and integers too long to convert."""
    try:
        return json.loads(content.decode("utf-8"), parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _obj(data: Any, what: str) -> dict:
    if not isinstance(data, dict):
        raise BadAnswer(f"{what}: not a JSON object")
    return data


def _text(data: dict, key: str, what: str, *, optional: bool = False, empty: bool = False,
          limit: int = MAX_TEXT) -> str | None:
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or (not empty and not value) or len(value) > limit:
        raise BadAnswer(f"{what}: {key} is not a string as documented")
    return value


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def token(data: Any) -> str:
    """``POST /token`` → ``{"access_token", "token_type": "Bearer", "expires_in"}``."""
    d = _obj(data, "token")
    access = _text(d, "access_token", "token")
    if any(ord(c) < 0x21 or ord(c) > 0x7e for c in access):
        raise BadAnswer("token: access_token is not a printable ASCII token")
    if _text(d, "token_type", "token").lower() != "bearer":
        raise BadAnswer("token: token_type is not Bearer")
    if not _int(d.get("expires_in")) or d["expires_in"] <= 0:
        raise BadAnswer("token: expires_in is not a positive integer")
    return access


def event_receipt(data: Any, event_id: Any, seq: Any) -> str:
    """``POST …/events`` 200/201 → ``{"event_id", "seq", "received_at"}`` echoing what was
    sent; the ``received_at``."""
    d = _obj(data, "event receipt")
    if d.get("event_id") != event_id or not isinstance(d.get("event_id"), str):
        raise BadAnswer("event receipt: event_id does not echo the event sent")
    if not _int(d.get("seq")) or d["seq"] != seq:
        raise BadAnswer("event receipt: seq does not echo the event sent")
    return _text(d, "received_at", "event receipt", limit=64)


def blob_receipt(data: Any, digest: str) -> None:
    """``PUT /blobs/{sha256}`` 200/201 → ``{"sha256"}`` equal to the path's hash."""
    d = _obj(data, "blob receipt")
    echoed = d.get("sha256")
    if not isinstance(echoed, str) or echoed.lower() != digest.lower():
        raise BadAnswer("blob receipt: sha256 does not echo the blob's hash")


def catalog(data: Any) -> None:
    """``GET /catalog`` 200 → a catalog document's top level (the content is checked on
    import)."""
    d = _obj(data, "catalog")
    if d.get("format") != "counter-catalog":
        raise BadAnswer("catalog: format is not counter-catalog")
    _text(d, "catalog_version", "catalog", limit=64)
    for key in ("items", "fields", "materials"):
        if not isinstance(d.get(key), list):
            raise BadAnswer(f"catalog: {key} is not a list")


_ETAG = re.compile(r'(W/)?"[\x21\x23-\x7e]{0,256}"')


def is_etag(value: str) -> bool:
    """Whether ``value`` is an HTTP entity tag (``"…"`` or ``W/"…"``, printable ASCII)."""
    return bool(_ETAG.fullmatch(value.strip()))


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar(data: Any, year: int) -> dict:
    """``GET /calendar/{year}`` 200 → ``{"year", "overrides": [{"date", "workday", "name"}]}``
    of the year asked for; the document."""
    d = _obj(data, "calendar")
    if not _int(d.get("year")) or d["year"] != year:
        raise BadAnswer("calendar: year is not the year asked for")
    overrides = d.get("overrides")
    if not isinstance(overrides, list) or len(overrides) > 366:
        raise BadAnswer("calendar: overrides is not a list of at most 366 days")
    for o in overrides:
        o = _obj(o, "calendar override")
        if not isinstance(o.get("date"), str) or not _DATE.fullmatch(o["date"]):
            raise BadAnswer("calendar override: date is not YYYY-MM-DD")
        if not isinstance(o.get("workday"), bool):
            raise BadAnswer("calendar override: workday is not a boolean")
        _text(o, "name", "calendar override", empty=True, limit=200)
    return d


def feed_page(data: Any, limit: int) -> tuple[list, str]:
    """``GET /status-feed`` 200 → ``{"items": [...] (at most ``limit``), "next": cursor}``;
    ``(items, next)``. The items themselves are checked one by one where they are applied."""
    d = _obj(data, "status feed")
    items = d.get("items")
    if not isinstance(items, list) or len(items) > limit:
        raise BadAnswer("status feed: items is not a list within the page limit")
    cursor = _text(d, "next", "status feed", empty=True, limit=512)
    return items, cursor


def elicences(data: Any) -> list[dict]:
    """``GET /elicences`` 200 → ``{"items": [{"type", "number", "holder_name", "issuer",
    "valid_until"}]}``; the items."""
    d = _obj(data, "elicences")
    items = d.get("items")
    if not isinstance(items, list) or len(items) > MAX_ELICENCES:
        raise BadAnswer("elicences: items is not a list")
    for item in items:
        item = _obj(item, "elicence")
        for key in ("type", "number"):
            _text(item, key, "elicence", limit=200)
        for key in ("holder_name", "issuer", "valid_until"):
            _text(item, key, "elicence", optional=True, empty=True, limit=200)
    return items


def credit(data: Any) -> dict:
    """``GET /credit`` 200 → ``{"dishonest": bool, "checked_at": RFC 3339}``."""
    d = _obj(data, "credit")
    if not isinstance(d.get("dishonest"), bool):
        raise BadAnswer("credit: dishonest is not a boolean")
    _text(d, "checked_at", "credit", limit=64)
    return d
