"""Fault injection (故障注入): what goes wrong with a request, decided by a seeded RNG.

A fault is decided per request, before the request is handled. Some faults strike *after*
the request was processed (the event or blob is stored, then the answer is lost or turned
into an error), which is exactly what makes a client's replay safety matter.

Kinds:

* ``500``, ``502``, ``503``, ``504``, ``429`` — that status with the contract's error body;
  ``503`` and ``429`` carry ``Retry-After``;
* ``timeout`` — the answer comes only after ``timeout_sleep`` seconds (past the client's
  timeout);
* ``drop`` — the connection is closed: before any answer, or half-way through the body;
* ``slow`` — a normal answer after ``slow_delay`` seconds (within the client's timeout).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

KINDS = ("500", "502", "503", "504", "429", "timeout", "drop", "slow")
#: The default mix when ``--faults`` is not given.
DEFAULT_KINDS = ("500", "503", "429", "timeout", "drop", "slow")


@dataclass(frozen=True)
class Fault:
    """One injected fault.

    Attributes:
        kind: one of :data:`KINDS`.
        after: True when the request is processed first and the fault hits the answer.
    """

    kind: str
    after: bool

    @property
    def status(self) -> int | None:
        return int(self.kind) if self.kind.isdigit() else None


@dataclass(frozen=True)
class FaultConfig:
    """How often and how things go wrong.

    Attributes:
        rate: the share of requests that get a fault (0 … 1).
        kinds: the kinds drawn from, with equal weight.
        seed: the RNG seed (the same seed and the same request order give the same faults).
        retry_after: the ``Retry-After`` seconds sent with ``429``/``503`` (0 allowed).
        timeout_sleep: how long a ``timeout`` holds the answer (seconds).
        slow_delay: how long a ``slow`` answer is delayed (seconds).
        after_share: the share of faults that strike after processing.
    """

    rate: float = 0.0
    kinds: tuple[str, ...] = DEFAULT_KINDS
    seed: int = 1
    retry_after: int = 2
    timeout_sleep: float = 35.0
    slow_delay: float = 1.0
    after_share: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("fault rate must be between 0 and 1")
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown fault kinds: {', '.join(unknown)} (known: {', '.join(KINDS)})")
        if self.rate and not self.kinds:
            raise ValueError("a fault rate needs at least one fault kind")


class FaultPlan:
    """Draws the fault of each request from a seeded RNG (thread-safe)."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def draw(self) -> Fault | None:
        cfg = self.config
        if cfg.rate <= 0:
            return None
        with self._lock:
            if self._rng.random() >= cfg.rate:
                return None
            kind = self._rng.choice(cfg.kinds)
            after = self._rng.random() < cfg.after_share
            self.counts[kind] = self.counts.get(kind, 0) + 1
        return Fault(kind, after)

    def set_rate(self, rate: float) -> None:
        """Change the rate while running (tests: turn faults off to finish a drain)."""
        from dataclasses import replace

        self.config = replace(self.config, rate=rate)


def parse_kinds(text: str) -> tuple[str, ...]:
    """``"500,503,timeout"`` → the kinds; ValueError naming an unknown one."""
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown fault kinds: {', '.join(unknown)} (known: {', '.join(KINDS)})")
    return kinds
