"""Sync with the provincial platform (与省级平台同步).

* :mod:`sync.client` — the HTTP client of ``contracts/platform-api.md`` (httpx);
* :mod:`sync.worker` — the transactional-outbox worker: pushes events, pulls statuses,
  catalog and calendar years;
* :mod:`sync.retry` — back-off with jitter and ``Retry-After``;
* :mod:`sync.secrets` — the client secret in the OS keyring (or ``COUNTER_CLIENT_SECRET``);
* :mod:`sync.simulator` — a reference platform on loopback for training, demos and tests.

This package knows no Qt: progress goes out through plain callbacks (``docs/sync.md``). It
reads and writes the store only through ``counter`` services.
"""
