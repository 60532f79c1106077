"""What no widget of the program may do to the clerk, enforced once for the whole application.

:class:`UiGuard` is one event filter installed on the ``QApplication`` (:func:`install_guard`,
called by :func:`ui.app.run_gui`); it covers every window, screen and dialog, the ones to come
included:

* **The wheel scrolls, it never edits.** A wheel turn over a combo box, a spin box, a date or
  time edit or a slider (:data:`WHEEL_EDITORS`) is passed on to the widget below it — the form's
  scroll area scrolls — and the value stays as it was. Only an editor the clerk *clicked*
  (it has the focus, and got it by the mouse) takes the wheel, as a deliberate choice. These
  editors take the focus by click and Tab (``Qt.StrongFocus``), never by a wheel turn.
* **No dialog is taller or wider than the screen.** When a dialog (or message box, file
  dialog …) is shown, :func:`fit_to_screen` clamps it to the available geometry of its screen
  (what the task bar leaves) and moves it inside; its minimum size is lowered when it asked for
  more than the screen has. A message box with a long list (every problem of a form) shows the
  list in a scroll area instead of growing past the screen.

:func:`available_geometry` is the one place that asks the screen; tests replace it to stand for
a 1366×768 screen with a task bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox,
                               QDialog, QFrame, QGridLayout, QLabel, QLineEdit, QMessageBox,
                               QScrollArea, QScrollBar, QWidget)

log = logging.getLogger(__name__)

__all__ = ["UiGuard", "install_guard", "remove_guard", "fit_to_screen", "keep_inside",
           "available_geometry",
           "WHEEL_EDITORS", "FRAME_ALLOWANCE"]

#: Widgets whose value a wheel turn would change (QDateEdit, QTimeEdit and QDoubleSpinBox are
#: QAbstractSpinBox; scroll bars are exempt: scrolling is their job).
WHEEL_EDITORS = (QComboBox, QAbstractSpinBox, QAbstractSlider)

#: Room kept for the window frame (title bar and borders) the window manager adds around a
#: top-level window: its frame is not known before it is first shown.
FRAME_ALLOWANCE = QSize(16, 40)

#: Set on an editor that got the focus by a mouse click (it then takes the wheel).
_CLICKED = "_wheelArmed"


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available geometry (without task bars) of the screen ``widget`` is on, or of the
    primary screen."""
    screen = QWidget.screen(widget) if widget is not None else None  # not a subclass's screen()
    if screen is None:
        screen = QApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def _wheel_editor(obj: QObject, *, inner: bool = False) -> QWidget | None:
    """``obj`` when it is a wheel editor; with ``inner`` also the editor whose line edit
    ``obj`` is (a spin box's or an editable combo box's text)."""
    if isinstance(obj, WHEEL_EDITORS) and not isinstance(obj, QScrollBar):
        return obj
    if inner and isinstance(obj, QLineEdit):
        return _wheel_editor(obj.parentWidget())
    return None


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> QRect:
    """Size and place a top-level window inside its screen's available geometry.

    Args:
        window: the window (a dialog, the main window).
        preferred: the size wanted (default: the window's current size); it is shrunk to what
            the screen has, never grown.

    Returns:
        The available geometry used.
    """
    area = available_geometry(window)
    room = QSize(max(area.width() - FRAME_ALLOWANCE.width(), 200),
                 max(area.height() - FRAME_ALLOWANCE.height(), 150))
    minimum = window.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        window.setMinimumSize(minimum.boundedTo(room))
    wanted = (preferred or window.size()).boundedTo(room)
    if wanted != window.size():
        window.resize(wanted)
    keep_inside(window, area)
    return area


def keep_inside(window: QWidget, area: QRect | None = None) -> None:
    """Move a top-level window so that it lies within the available geometry (as far as its
    size allows: the top left corner stays on the screen)."""
    area = area or available_geometry(window)
    size = window.size()
    frame = window.frameGeometry() if window.isVisible() else QRect(window.pos(), size)
    x = min(frame.x(), area.right() - size.width() - FRAME_ALLOWANCE.width() + 1)
    y = min(frame.y(), area.bottom() - size.height() - FRAME_ALLOWANCE.height() + 1)
    x, y = max(x, area.x()), max(y, area.y())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def _pass_on(editor: QWidget, event: QWheelEvent) -> None:
    """Deliver a wheel event to the editor's parents, nearest first, until one takes it (the
    scroll area of the form scrolls), as Qt hands on a wheel event a widget ignores. Done here
    rather than by ignoring it: Qt propagates only events from the window system."""
    widget, pos = editor, event.position()
    while not widget.isWindow() and widget.parentWidget() is not None:
        pos = widget.mapToParent(pos)
        widget = widget.parentWidget()
        passed = QWheelEvent(pos, event.globalPosition(), event.pixelDelta(),
                             event.angleDelta(), event.buttons(), event.modifiers(),
                             event.phase(), event.inverted(), event.source(),
                             event.pointingDevice())
        QApplication.sendEvent(widget, passed)
        if passed.isAccepted():
            break
    event.accept()


def _scroll_long_text(box: QMessageBox) -> None:
    """A message box with a long list (e.g. every problem of a form) would be taller than the
    screen, and a message box fixes its own size: its informative text goes into a scroll
    area as high as the screen leaves, before the box sizes itself."""
    label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    grid = box.layout()
    if label is None or not isinstance(grid, QGridLayout) or grid.indexOf(label) < 0:
        return
    area = available_geometry(box)
    room = area.height() - FRAME_ALLOWANCE.height()
    if box.sizeHint().height() <= room:
        return
    row, column, rows, columns = grid.getItemPosition(grid.indexOf(label))
    grid.removeWidget(label)
    scroll = QScrollArea(box)
    scroll.setObjectName("informativeScroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(label)
    lines = label.text().splitlines() or [label.text()]
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in lines)
    width = min(widest + 2 * label.margin() + 24, area.width() // 2)
    scroll.setFixedWidth(width + scroll.verticalScrollBar().sizeHint().width())
    others = box.sizeHint().height() - label.heightForWidth(width)
    scroll.setFixedHeight(max(120, min(label.heightForWidth(width), room - max(others, 120))))
    grid.addWidget(scroll, row, column, rows, columns)


class UiGuard(QObject):
    """The application-wide event filter (see the module docstring)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype == QEvent.Type.Wheel:
            editor = _wheel_editor(obj, inner=True)
            if editor is not None and not (editor.hasFocus() and editor.property(_CLICKED)):
                _pass_on(editor, event)  # not for this editor: to the form, which scrolls
                return True
        elif etype == QEvent.Type.FocusIn:
            editor = _wheel_editor(obj)
            if editor is not None:
                editor.setProperty(_CLICKED,
                                   event.reason() == Qt.FocusReason.MouseFocusReason)
        elif etype == QEvent.Type.FocusOut:
            editor = _wheel_editor(obj)
            if editor is not None and event.reason() != Qt.FocusReason.PopupFocusReason:
                editor.setProperty(_CLICKED, False)
        elif etype == QEvent.Type.Polish:
            editor = _wheel_editor(obj)
            if editor is not None and editor.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                editor.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif etype == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow() \
                and not obj.windowState() & (Qt.WindowState.WindowFullScreen
                                             | Qt.WindowState.WindowMaximized):
            if isinstance(obj, QMessageBox):
                _scroll_long_text(obj)  # before it sizes itself (fixed) in its showEvent
            fit_to_screen(obj)  # (the lock screen covers the whole screen: left as it is)
        elif etype == QEvent.Type.Resize and isinstance(obj, QDialog) and obj.isWindow() \
                and obj.isVisible() and not obj.windowState() & (
                    Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMaximized):
            keep_inside(obj)  # grown after it was shown (a message box sizes itself late)
        return False


def install_guard(app: QApplication | None = None) -> UiGuard:
    """Install one :class:`UiGuard` on the application (again: the one installed)."""
    app = app or QApplication.instance()
    guard = getattr(app, "_counter_guard", None)
    if guard is None:
        guard = UiGuard(app)
        app.installEventFilter(guard)
        app._counter_guard = guard
    return guard


def remove_guard(app: QApplication | None = None) -> None:
    """Remove the guard again (tests)."""
    app = app or QApplication.instance()
    guard = getattr(app, "_counter_guard", None)
    if guard is not None:
        app.removeEventFilter(guard)
        app._counter_guard = None
        guard.deleteLater()
