"""A print preview that needs no printer (预览，无需打印机).

On a counter's first day there is often no printer yet — none installed, none chosen, or the
system has none at all. The documents still have to be looked at and handed over (the first
受理通知书 carries the one-time query password; the 容缺受理告知承诺书 must be signed before the
case exists). :class:`PdfPreviewDialog` shows the rendered PDF with QtPdf (no ``QPrinter``
involved) and offers 另存为 PDF (``Ctrl+Shift+S``): the file is the document's own bytes, to be
printed later on any machine or sent to the applicant.

:func:`printing.printer.print_document` falls back to it when a preview is asked for and no
printer can be opened; with a printer the Qt print preview is used as before.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

__all__ = ["PdfPreviewDialog", "NO_PRINTER_NOTE", "SAVE_KEY"]

#: Saves the previewed document as PDF (the same key as in 办件查询).
SAVE_KEY = "Ctrl+Shift+S"
#: Said above the pages when no printer could be opened.
NO_PRINTER_NOTE = "本机未配置可用的打印机：可在此预览，并另存为 PDF 后在其他电脑打印或交给申请人。"


class PdfPreviewDialog(QDialog):
    """The pages of a rendered document, fitted to the window's width, and 另存为 PDF.

    Args:
        pdf: the document's bytes.
        title: the window title (kind and case number; no personal data).
        suggested_name: the file name offered by 另存为 PDF.
        note: a line shown above the pages (e.g. :data:`NO_PRINTER_NOTE`).
        parent: the parent widget.

    Attributes:
        view: the page view; save_button, close_button; saved: the files written.
    """

    def __init__(self, pdf: bytes, *, title: str = "", suggested_name: str = "文书.pdf",
                 note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印预览" + (f" — {title}" if title else ""))
        self._pdf = pdf
        self._suggested = suggested_name
        self.saved: list[Path] = []
        layout = QVBoxLayout(self)
        self.note = QLabel(note, self)
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #ef6c00;")
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("previewPages")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("另存为 PDF (Ctrl+Shift+S)",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("previewSave")
        self.close_button = buttons.addButton("关闭 (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence(SAVE_KEY), self).activated.connect(self.save)
        screen = self.screen()
        if screen is not None:
            avail = screen.availableGeometry()
            self.resize(min(720, avail.width() - 48), avail.height() - 64)

    @property
    def page_count(self) -> int:
        """The pages shown (0 when the bytes are not a readable PDF)."""
        return self.document.pageCount()

    def save(self) -> Path | None:
        """另存为 PDF: ask where, write the document's bytes; the path, or None."""
        from printing.printer import PrintFailed, save_pdf

        try:
            path = save_pdf(self, self._pdf, self._suggested)
        except PrintFailed as exc:  # the file could not be written: say so, keep the preview
            QMessageBox.warning(self, "另存为 PDF", exc.message)
            return None
        if path is not None:
            self.saved.append(path)
        return path
