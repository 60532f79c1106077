"""The sync state of one case as one line (办件同步状态), for the 办件查询 screen.

``同步：已送达平台`` (every event acknowledged), ``同步：待发送 (n)`` (n events not yet
acknowledged; with the last failure when sending failed), ``同步：被退回：<the platform's
reason>`` (a person must look at it, see 同步 → 被退回的事件).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from counter.errors import CounterError
from counter.identity import Actor
from counter.services.sync import CaseSync

log = logging.getLogger(__name__)

__all__ = ["case_sync_text", "show_case_sync"]

GREEN = "#2e7d32"
AMBER = "#ef6c00"
RED = "#c62828"
GREY = "#616161"

translate = QCoreApplication.translate


def case_sync_text(state: CaseSync) -> tuple[str, str]:
    """The line and its colour for a case's sync state."""
    waiting = sum(1 for e in state.events if e.state != "acked")
    if state.state == "synced":
        return translate("case_sync", "同步：已送达平台"), GREEN
    if state.state == "refused":
        return translate("case_sync", "同步：被退回：{reason}").format(
            reason=state.message or translate("case_sync", "平台未说明原因")), RED
    if state.state == "failed":
        return translate("case_sync", "同步：待发送 ({n})，上次发送失败：{reason}").format(
            n=waiting, reason=state.message or "—"), AMBER
    if state.state == "pending":
        return translate("case_sync", "同步：待发送 ({n})").format(n=waiting), GREY
    return translate("case_sync", "同步：无需同步"), GREY


def show_case_sync(label: QLabel, sync, case_no: str | None, actor: Actor | None) -> None:
    """Put the sync line of ``case_no`` in ``label`` (hidden without a case or a service).

    Args:
        label: the label to fill.
        sync: the sync service (``ctx.sync``), or None when sync is not wired.
        case_no: the case shown, or None.
        actor: who reads (``case.view``, checked by the service); None (nobody logged in):
            the line says it cannot be read.
    """
    if case_no is None or sync is None:
        label.clear()
        label.hide()
        return
    try:
        if actor is None:  # nobody logged in: nothing is read
            text, colour = translate("case_sync", "同步：状态暂不可读"), GREY
        else:
            text, colour = case_sync_text(sync.case_sync(case_no, actor))
    except CounterError as exc:  # refused (recorded by the service): the case is shown anyway
        log.info("sync state of a case not read: %s", type(exc).__name__)
        text, colour = translate("case_sync", "同步：状态暂不可读"), GREY
    except Exception:  # noqa: BLE001 - the case is shown anyway; the line is a courtesy
        log.exception("sync state of %s could not be read", case_no)
        text, colour = translate("case_sync", "同步：状态暂不可读"), GREY
    label.setText(text)
    label.setStyleSheet(f"color: {colour}; padding-left: 4px;")  # in line with the details
    label.setToolTip(translate("case_sync", "本办件各事件与省级平台的同步情况"))
    label.show()
