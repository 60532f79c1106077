"""PDFs made in the tests with QPdfWriter (no files shipped)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter


def three_page_pdf(pages: int = 3) -> bytes:
    """An A4 PDF with ``pages`` pages, each with a heading and a bar at its own height."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    for n in range(pages):
        if n:
            writer.newPage()
        font = painter.font()
        font.setPointSize(20)
        painter.setFont(font)
        painter.drawText(80, 100, f"Page {n + 1}")
        painter.fillRect(80, 200 + n * 60, 300, 20, "black")
    painter.end()
    buffer.close()
    return bytes(buffer.data())
