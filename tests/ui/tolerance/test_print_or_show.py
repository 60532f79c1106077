"""print_or_show: the one place where a tolerance document's print failure is shown."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from printing.printer import PrintFailed
from ui.tolerance.documents import print_or_show


def test_printed_document_says_so(qtbot, message_boxes):
    calls = []
    assert print_or_show(None, lambda: calls.append("printed")) is True
    assert calls == ["printed"] and message_boxes == []


def test_failed_print_is_shown_over_the_parent_not_raised(qtbot, message_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)

    def fail():
        raise PrintFailed("打印失败：未找到打印机。")

    assert print_or_show(parent, fail) is False
    assert [text for _title, text, _info in message_boxes] == ["打印失败：未找到打印机。"]
