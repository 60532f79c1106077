"""Retry policy (重试策略): exponential back-off with full jitter, capped, and ``Retry-After``.

A transient failure (5xx, timeout, reset, 429/503 without ``Retry-After``) is retried after
``random(0, min(cap, base * factor ** (attempt - 1)))`` seconds, but at least ``floor``;
retries go on for days and an event is never dropped. ``Retry-After`` from the platform wins
(bounded by ``max_retry_after`` against a confused server).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait before the next try.

    Attributes:
        base: seconds of the first back-off window.
        factor: growth of the window per attempt.
        cap: the largest window (seconds); retries continue at this pace for as long as needed.
        floor: the smallest wait (seconds).
        max_retry_after: the longest ``Retry-After`` honoured (seconds).
    """

    base: float = 2.0
    factor: float = 2.0
    cap: float = 15 * 60.0
    floor: float = 0.5
    max_retry_after: float = 3600.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """The wait after the ``attempt``-th failure (1 for the first)."""
        rng = rng or random
        window = min(self.cap, self.base * self.factor ** max(0, attempt - 1))
        return max(self.floor, rng.uniform(0, window))

    def after(self, attempt: int, retry_after: float | None,
              rng: random.Random | None = None) -> float:
        """``Retry-After`` when the platform sent one, else :meth:`delay`."""
        if retry_after is not None:
            return min(max(0.0, retry_after), self.max_retry_after)
        return self.delay(attempt, rng)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())
