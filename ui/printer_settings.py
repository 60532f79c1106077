"""打印机设置 (文件 → 打印机设置…): this counter's printer for each paper.

Two choices, remembered per counter in the store's settings through the site service
(:func:`printing.printer.remember_printer`, key ``printer.<region>-<site>-<counter>.<paper>``):

* **A4 文书打印机** — every document; "系统默认打印机" uses the system's default printer;
* **80 毫米回执打印机** — when set, receipts (受理回执) and pickup slips (出件单) are printed on
  the roll; "不使用" prints them on A4 too.

A remembered printer that the system no longer lists stays selected, marked "（未找到）", so
that a printer switched off today is not silently forgotten; printing to it fails with a
clear message until it is back or another one is chosen.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QVBoxLayout, QWidget)

from ui import ops

log = logging.getLogger(__name__)

__all__ = ["PrinterSettingsDialog"]


class PrinterSettingsDialog(QDialog):
    """Choose this counter's printers (A4 and the 80 mm roll) and remember them.

    Args:
        site: the site service (profile and settings).
        parent: the parent widget.
        names: returns the printers the system knows (default
            :func:`printing.printer.printer_names`).
        default_name: returns the system's default printer, or None.

    Attributes:
        combos: the choice per paper (``a4``, ``roll80``); each item's data is the printer
            name, ``""`` for the system default (A4) or none (roll).
    """

    def __init__(self, site, parent: QWidget | None = None, *,
                 names: Callable[[], list[str]] | None = None,
                 default_name: Callable[[], str | None] | None = None) -> None:
        super().__init__(parent)
        from printing import printer

        self._site = site
        self._printer = printer
        names = names or printer.printer_names
        default_name = default_name or printer.default_printer_name
        self.setWindowTitle(self.tr("打印机设置"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        profile = site.get()
        intro = QLabel(self.tr("本窗口（{counter}）打印文书使用的打印机，按纸张分别设置，"
                               "保存在本机数据库中。").format(counter=profile.client_id), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        available = list(names())
        default = default_name()
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        empty = {"a4": self.tr("系统默认打印机") + (f"（{default}）" if default else
                                                  self.tr("（本机未设置）")),
                 "roll80": self.tr("不使用（回执和出件单用 A4 打印）")}
        for paper, label in printer.PAPERS.items():
            combo = QComboBox(self)
            combo.setObjectName(f"printer_{paper}")
            combo.addItem(empty[paper], "")
            for name in available:
                combo.addItem(name, name)
            current = printer.remembered_printer(site, paper) or ""
            if current and current not in available:
                combo.addItem(self.tr("{name}（未找到）").format(name=current), current)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            form.addRow(label, combo)
            self.combos[paper] = combo
        layout.addLayout(form)
        if not available:
            note = QLabel(self.tr("系统中没有找到打印机：请先安装打印机；文书仍可在办件查询中"
                                  "另存为 PDF。"), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #c62828;")
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.combos["a4"].setFocus()

    def choice(self, paper: str) -> str:
        """The printer chosen for ``paper`` (``""``: system default / none)."""
        return self.combos[paper].currentData() or ""

    def save(self) -> bool:
        """Remember the choices for this counter (written on the runner's worker, key
        ``save``: a second 保存 meanwhile does nothing) and close. Returns whether it
        started."""
        choices = {paper: self.choice(paper) for paper in self.combos}
        site, remember = self._site, self._printer.remember_printer

        def work() -> None:
            for paper, name in choices.items():
                remember(site, name, paper)

        def saved(_none) -> None:
            log.info("printers of this counter saved")
            self.accept()

        # failure: CounterError as it is, else an incident (ui.errors.show_error, the default)
        return ops.run(self, work, success=saved, key="save", triggers=(self.save_button,),
                       label=self.tr("正在保存…"))
