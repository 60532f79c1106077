"""The shape of a status-feed item (平台状态回传条目), checked before anything is applied.

Contract (``platform-api.md`` "Status feed", 1.1): ``{"case_no", "status", "at", "message",
"result"?}``. The platform is not trusted to send it so: :func:`check_feed_item` turns one
item as decoded from JSON into a :class:`FeedItem` or raises :class:`MalformedFeedItem` with a
Chinese reason for the administrator (平台数据问题). The reasons never repeat the platform's
text (it may carry anything); the item itself is kept beside them.

What is checked, and the bounds chosen where the contract is silent:

* the item is a JSON object; keys not in the contract are ignored (a newer platform may add);
* ``case_no``: a string that is a valid case number (format and check character,
  :func:`counter.cases.numbering.parse_case_no`); lower case and blanks are tolerated as
  everywhere a case number is read;
* ``status``: one of ``received``, ``in_review``, ``correction_required``, ``approved``,
  ``denied``, ``completed``, and since 1.1 ``suspended``, ``resumed``;
* ``at``: an RFC 3339 date-time *with* its offset (``Z`` or ``±hh:mm``);
* ``message``: a string of at most :data:`MAX_MESSAGE` characters; absent or ``null`` means
  no message (harmless, and some platforms leave it out for ``received``);
* ``result``: absent, ``null`` or an object whose JSON is at most :data:`MAX_RESULT` bytes.

Pure Python: no store, no HTTP.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from counter.cases.model import FEED_STATUS_ACTIONS
from counter.cases.numbering import clean, parse_case_no
from counter.errors import InvalidInput

__all__ = ["FeedItem", "MalformedFeedItem", "check_feed_item", "FEED_STATUSES", "MAX_MESSAGE",
           "MAX_RESULT"]

#: Every status the contract documents (1.0 and the 1.1 additions).
FEED_STATUSES = frozenset(FEED_STATUS_ACTIONS) | {"suspended", "resumed"}
#: The longest ``message`` taken (characters): a status note, not a document.
MAX_MESSAGE = 2000
#: The largest ``result`` taken (bytes of its JSON).
MAX_RESULT = 16 * 1024

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})")
_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?")


class MalformedFeedItem(InvalidInput):
    """A status-feed item without the documented shape (平台状态回传格式不符)."""


@dataclass(frozen=True)
class FeedItem:
    """One status-feed item, checked: what :meth:`CaseService.apply_status` takes."""

    case_no: str
    status: str
    at: datetime
    message: str | None
    result: Mapping[str, Any] | None


def check_feed_item(item: Any) -> FeedItem:
    """``item`` (decoded JSON) as a :class:`FeedItem`; raises :class:`MalformedFeedItem`."""
    if not isinstance(item, dict):
        raise MalformedFeedItem("条目不是 JSON 对象。")
    case_no = item.get("case_no")
    if case_no is None or case_no == "":
        raise MalformedFeedItem("缺少办件编号（case_no）。")
    if not isinstance(case_no, str) or len(case_no) > 64 or parse_case_no(case_no) is None:
        raise MalformedFeedItem("办件编号（case_no）不是有效的办件编号。")
    status = item.get("status")
    if status is None or status == "":
        raise MalformedFeedItem("缺少办件状态（status）。")
    if not isinstance(status, str) or status not in FEED_STATUSES:
        raise MalformedFeedItem("办件状态（status）不在接口规范所列的状态之中。")
    at = _moment(item.get("at"))
    message = item.get("message")
    if message is not None:
        if not isinstance(message, str):
            raise MalformedFeedItem("平台说明（message）应为文字。")
        if len(message) > MAX_MESSAGE:
            raise MalformedFeedItem(f"平台说明（message）超过 {MAX_MESSAGE} 个字符。")
    result = item.get("result")
    if result is not None:
        if not isinstance(result, dict):
            raise MalformedFeedItem("办理结果（result）应为 JSON 对象。")
        if len(json.dumps(result, ensure_ascii=False).encode("utf-8")) > MAX_RESULT:
            raise MalformedFeedItem(f"办理结果（result）超过 {MAX_RESULT // 1024} KiB。")
    return FeedItem(clean(case_no), status, at, message, result)


def _moment(value: Any) -> datetime:
    if value is None or value == "":
        raise MalformedFeedItem("缺少状态时间（at）。")
    if not isinstance(value, str) or len(value) > 40:
        raise MalformedFeedItem("状态时间（at）应为 RFC 3339 格式的文字。")
    if not _RFC3339.fullmatch(value):
        if _LOCAL.fullmatch(value):
            raise MalformedFeedItem("状态时间（at）缺少时区。")
        raise MalformedFeedItem("状态时间（at）不是 RFC 3339 格式。")
    text = value[:-1] + "+00:00" if value[-1] in "Zz" else value
    try:
        return datetime.fromisoformat(text.replace("t", "T"))
    except ValueError:  # a month 13, a day 32 …
        raise MalformedFeedItem("状态时间（at）不是有效的日期时间。") from None
