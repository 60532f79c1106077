"""Is every label readable? A check for dialogs rendered offscreen.

:func:`assert_no_clipped_labels` fails when a visible :class:`QLabel` of a widget is smaller
than its text needs — its width or height below its size hint (for a word-wrapped label: its
height below ``heightForWidth`` of its width) — or when it reaches outside its window. Show
the widget first and let the layouts settle (``qtbot.waitExposed``); the check reads the
geometry Qt actually gave each label.

    dialog.show()
    qtbot.waitExposed(dialog)
    assert_no_clipped_labels(dialog)
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget

__all__ = ["assert_no_clipped_labels", "clipped_labels"]


def _describe(label: QLabel) -> str:
    name = label.objectName() or type(label).__name__
    text = label.text().replace("\n", " ")
    return f"{name} «{text[:40]}{'…' if len(text) > 40 else ''}»"


def clipped_labels(widget: QWidget) -> list[str]:
    """What is wrong with the visible labels of ``widget`` (and ``widget`` itself if it is a
    label), one line each; empty when every label shows all of its text."""
    QApplication.processEvents()
    window = widget.window()
    labels = [widget] if isinstance(widget, QLabel) else []
    labels += widget.findChildren(QLabel)
    problems: list[str] = []
    for label in labels:
        if not label.isVisible() or not label.text():
            continue
        size = label.size()
        hint = label.sizeHint()
        if label.wordWrap():
            needed = label.heightForWidth(size.width())
            if needed > size.height():
                problems.append(f"{_describe(label)}: height {size.height()} < {needed} "
                                f"needed at width {size.width()}")
            if size.width() < label.minimumSizeHint().width():
                problems.append(f"{_describe(label)}: width {size.width()} < "
                                f"{label.minimumSizeHint().width()}")
        else:
            if size.width() < hint.width() or size.height() < hint.height():
                problems.append(f"{_describe(label)}: {size.width()}×{size.height()} < "
                                f"{hint.width()}×{hint.height()}")
        top_left = label.mapTo(window, QPoint(0, 0))
        if not window.rect().contains(QRect(top_left, size)):
            problems.append(f"{_describe(label)}: outside its window "
                            f"({QRect(top_left, size)} not in {window.rect()})")
    return problems


def assert_no_clipped_labels(widget: QWidget) -> None:
    """Fail, naming each label, when a visible label of ``widget`` is clipped."""
    problems = clipped_labels(widget)
    assert not problems, "clipped labels:\n" + "\n".join(problems)
