"""show_error and the uncaught-exception hook."""

from __future__ import annotations

import logging
import re
import sys

from PySide6.QtWidgets import QWidget

from counter.errors import CounterError, NotFound
from ui.errors import install_excepthook, show_error


def test_counter_error_shows_its_chinese_message(qtbot, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    incident = show_error(parent, NotFound("事项目录中没有该事项。"))
    assert incident is None
    assert message_boxes == [("综窗受理台", "事项目录中没有该事项。", "")]


def test_counter_error_lists_its_problems(qtbot, message_boxes):
    show_error(None, CounterError("表单填写有误。", problems=["证件号码校验位不正确", "手机号码应为11位"]))
    _title, text, informative = message_boxes[0]
    assert text == "表单填写有误。"
    assert informative == "• 证件号码校验位不正确\n• 手机号码应为11位"


def test_unexpected_error_is_logged_with_an_incident_id(qtbot, message_boxes, caplog):
    try:
        raise ZeroDivisionError("boom with details")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger="ui.errors"):
            incident = show_error(None, exc)
    assert re.fullmatch(r"[0-9a-f]{8}", incident)
    _title, text, informative = message_boxes[0]
    assert text == "发生了意外错误，当前操作未完成。"
    assert incident in informative and "boom" not in text + informative
    record = caplog.records[-1]
    assert incident in record.getMessage() and record.exc_info[0] is ZeroDivisionError


def test_excepthook_routes_uncaught_exceptions(qtbot, message_boxes, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    previous = install_excepthook()
    assert sys.excepthook is not previous
    try:
        raise NotFound("没有找到该办件。")
    except NotFound as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert message_boxes[0][1] == "没有找到该办件。"
