"""Is every label of a window readable? (:func:`assert_no_clipped_labels`)

Self-contained test helper: lay the window out as it is shown (call it after ``show()`` and
``qtbot.waitExposed``), then for every label the user can see check, with Qt's own text
metrics, that

* a one-line label is as wide and as high as its text needs (``minimumSizeHint``);
* a word-wrapped label is as high as its text needs at the width it was given
  (``heightForWidth``);
* the label lies inside every widget it is in (a parent does not cut it off) and inside the
  window.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

__all__ = ["clipped_labels", "assert_no_clipped_labels"]


def _shown_to(label: QLabel, window: QWidget) -> bool:
    return label.isVisibleTo(window) and bool(label.text().strip())


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _why_clipped(label: QLabel, window: QWidget) -> str | None:
    size = label.size()
    if label.wordWrap():
        needed = label.heightForWidth(size.width())
        if needed > size.height():
            return f"wrapped text needs {needed} px height at width {size.width()}, has {size.height()}"
    else:
        hint = label.minimumSizeHint()
        if hint.width() > size.width() or hint.height() > size.height():
            return f"text needs {hint.width()}×{hint.height()}, has {size.width()}×{size.height()}"
    if _inside_scroll_area(label, window):
        return None  # scrolled into view by the user: cut off by design
    rect = QRect(label.mapTo(window, label.rect().topLeft()), size)
    if not window.rect().contains(rect):
        return f"lies at {rect.getRect()} outside the window {window.rect().getRect()}"
    parent = label.parentWidget()
    while parent is not None and parent is not window:
        inner = QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size())
        if not inner.contains(rect):
            return f"cut off by its container {type(parent).__name__} {inner.getRect()}"
        parent = parent.parentWidget()
    return None


def clipped_labels(widget: QWidget) -> list[str]:
    """The labels of ``widget``'s window whose text is cut off, with the reason (empty when
    none)."""
    QApplication.processEvents()
    window = widget.window()
    out = []
    for label in window.findChildren(QLabel):
        if not _shown_to(label, window):
            continue
        why = _why_clipped(label, window)
        if why:
            out.append(f"{label.objectName() or type(label).__name__} "
                       f"{label.text()[:30]!r}: {why}")
    return out


def assert_no_clipped_labels(widget: QWidget) -> None:
    """Fail naming every label of ``widget``'s window whose text is not wholly readable."""
    problems = clipped_labels(widget)
    assert not problems, "clipped labels:\n" + "\n".join(problems)
