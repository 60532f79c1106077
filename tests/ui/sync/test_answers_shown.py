"""A proxy answering in the platform's name is shown to the clerk, not believed (issue 12):
the status-bar indicator says the platform is not reachable as documented, and why."""

from __future__ import annotations

from sync.client import NON_CONFORMING
from tests.sync.helpers import backlog


def test_an_html_proxy_shows_as_a_problem_in_the_indicator(qtbot, window, cx, start_sim,
                                                           configure):
    sim = start_sim(answer_mode="html")
    backlog(cx, 2, events_per_case=1, pages=0)
    configure(cx, sim)
    desk = window.sync_desk

    def shown(status) -> bool:
        return status.online is False and NON_CONFORMING in (status.last_error or "")

    with qtbot.waitSignal(desk.bridge.status_changed, check_params_cb=shown, timeout=20000):
        desk.start()
    assert desk.stop()
    assert desk.indicator.text.text().startswith("平台离线 · 待发送 2 条")
    assert NON_CONFORMING in desk.indicator.toolTip()
    assert cx.sync.status().pending == 2 and sim.store.events() == []
