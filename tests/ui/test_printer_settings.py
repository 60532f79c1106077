"""文件 → 打印机设置… (ui/printer_settings.py): a printer per paper, remembered per counter."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from printing import printer
from tests.helpers.ops import wait_idle
from ui.main_window import MainWindow
from ui.printer_settings import PrinterSettingsDialog

NAMES = ["HP-LaserJet-A4", "XP-80C"]


def settings(qtbot, ctx, names=NAMES, default="HP-LaserJet-A4") -> PrinterSettingsDialog:
    dialog = PrinterSettingsDialog(ctx.site, names=lambda: list(names),
                                   default_name=lambda: default)
    qtbot.addWidget(dialog)
    return dialog


def test_choose_and_remember_per_paper(qtbot, ctx):
    dialog = settings(qtbot, ctx)
    a4, roll = dialog.combos["a4"], dialog.combos["roll80"]
    assert a4.itemText(0) == "系统默认打印机（HP-LaserJet-A4）" and a4.currentIndex() == 0
    assert roll.itemText(0).startswith("不使用") and roll.currentIndex() == 0
    a4.setCurrentIndex(a4.findData("HP-LaserJet-A4"))
    roll.setCurrentIndex(roll.findData("XP-80C"))
    dialog.save()
    wait_idle(qtbot)
    assert dialog.result() == PrinterSettingsDialog.DialogCode.Accepted
    assert printer.remembered_printer(ctx.site, "a4") == "HP-LaserJet-A4"
    assert printer.remembered_printer(ctx.site, "roll80") == "XP-80C"
    # shown again: the choices are selected; choosing "none" forgets the roll printer
    again = settings(qtbot, ctx)
    assert again.choice("a4") == "HP-LaserJet-A4" and again.choice("roll80") == "XP-80C"
    again.combos["roll80"].setCurrentIndex(0)
    again.save()
    wait_idle(qtbot)
    assert printer.remembered_printer(ctx.site, "roll80") is None


def test_a_remembered_printer_that_is_gone_stays_marked(qtbot, ctx):
    printer.remember_printer(ctx.site, "旧打印机", "a4")
    dialog = settings(qtbot, ctx, names=[], default=None)
    assert dialog.combos["a4"].currentText() == "旧打印机（未找到）"
    assert dialog.choice("a4") == "旧打印机"
    assert dialog.combos["a4"].itemText(0) == "系统默认打印机（本机未设置）"


def test_the_file_menu_opens_it(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.printer_action in file_menu.actions()
    assert window.printer_action.text() == "打印机设置(&P)…"
    window.printer_action.trigger()
    dialog = window.findChild(PrinterSettingsDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.reject()
