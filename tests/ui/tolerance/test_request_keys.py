"""The 容缺受理 request dialog at the keyboard: Ctrl+O (导入文件) takes the signed page from
anywhere in the dialog, not only from the page strip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from ui.tolerance.request import RequestDialog


def test_ctrl_o_imports_the_signed_page_from_anywhere_in_the_dialog(qtbot, tctx, page_file,
                                                                    monkeypatch):
    files = [page_file("签字页1.jpg", seed=1), page_file("签字页2.jpg", seed=2)]
    asked = []

    def choose(*_args, **_kw):
        asked.append(QApplication.focusWidget())
        return [str(files[len(asked) - 1])], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    dialog = RequestDialog("个体工商户设立登记", [], tctx.capture,
                           tctx.clock.now())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for widget in (dialog.reason, dialog.pages.list):  # the reason box, and the strip itself
        widget.setFocus()
        with qtbot.waitSignal(dialog.pages.changed, timeout=20000):
            qtbot.keyClick(widget, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not dialog.pages.is_busy())
    assert asked == [dialog.reason, dialog.pages.list]
    assert len(dialog.signed_pages()) == 2
