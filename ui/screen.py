"""The base class of a screen the main window arranges (事项查询, later 受理, 办件 …)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Screen(QWidget):
    """A full-size screen of the main window.

    Subclasses set :attr:`screen_id` and implement :meth:`title`; the main window puts each
    screen in its stack and adds a menu entry (and a ``Ctrl+<n>`` shortcut) to switch to it.

    Attributes:
        screen_id: a stable name used for navigation (``catalog``, ``intake`` …).
    """

    screen_id: str = ""

    def title(self) -> str:
        """The screen's name in the navigation (translated)."""
        raise NotImplementedError

    def activate(self) -> None:
        """Called when the screen becomes the current one: put the focus where work starts."""
        self.setFocus()
