"""Sync with the provincial platform in the desktop client (同步).

* :mod:`ui.sync.bridge` — the background worker's callbacks as Qt signals on the GUI thread;
* :mod:`ui.sync.indicator` — the status-bar indicator (online, pending, last success, refused);
* :mod:`ui.sync.refused` — the events the platform refused, with its reasons, and 重新发送;
* :mod:`ui.sync.case_line` — the per-case line 同步：… of the 办件查询 screen;
* :mod:`ui.sync.settings` — 平台地址, CA 文件 and the client secret (keyring only), for admins;
* :mod:`ui.sync.reconcile` — the daily reconciliation (日结);
* :mod:`ui.sync.wiring` — :class:`~ui.sync.wiring.SyncDesk`, which puts all this into the main
  window.

The worker itself (``sync/``) knows no Qt; see ``docs/sync.md``.
"""
