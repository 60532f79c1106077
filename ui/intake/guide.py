"""The guide questions (情形引导) of an intake, as keyboard-friendly option rows.

Each question is an :class:`OptionSelector`: one tab stop showing its options as radio
buttons numbered 1, 2, 3 …. With the focus on it, a digit picks that option, Left/Right or
Up/Down move the choice, Space picks the first option when none is chosen, and Enter moves to
the next question or field. The mouse works as usual.

:class:`GuidePanel` shows the questions that apply now. It keeps the row of every question it
has shown (and its answer) and only rearranges them when the situation changes, so that the
focus and the answers stay where they are.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton,
                               QSizePolicy, QVBoxLayout, QWidget)

from counter.catalog.model import Catalog
from counter.intake.merge import MergedQuestion

__all__ = ["OptionSelector", "QuestionRow", "GuidePanel"]

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Up)
_NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down)

_FOCUS_STYLE = """
OptionSelector { border: 1px solid transparent; border-radius: 4px; }
OptionSelector[focused="true"] { border: 2px solid #1565c0; background: #e3f2fd; }
"""


class OptionSelector(QFrame):
    """One choice among a few options, operated with digits or arrows (单选).

    Args:
        options: ``(value, label)`` pairs in display order.
        parent: the parent widget.

    Signals:
        chosen(str): the clerk chose an option (its value); not emitted by :meth:`set_value`.
    """

    chosen = Signal(str)

    def __init__(self, options: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_FOCUS_STYLE)
        self.setProperty("focused", False)
        self._values: list[str] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # so that "nothing chosen" can be shown again
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(16)
        for n, (value, label) in enumerate(options, start=1):
            text = f"{n}. {label}" if n <= 9 else label
            button = QRadioButton(text, self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoExclusive(False)
            self._group.addButton(button, n - 1)
            layout.addWidget(button)
            self._values.append(value)
        layout.addStretch(1)
        self._group.idClicked.connect(self._clicked)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # -- value ------------------------------------------------------------------------------

    def options(self) -> list[str]:
        return list(self._values)

    def value(self) -> str:
        """The chosen value, ``""`` when none."""
        for button in self._group.buttons():
            if button.isChecked():
                return self._values[self._group.id(button)]
        return ""

    def set_value(self, value: str | None) -> None:
        """Show ``value`` as chosen (``None``/``""``: none) without emitting :attr:`chosen`."""
        for button in self._group.buttons():
            button.setChecked(self._values[self._group.id(button)] == value and bool(value))

    def choose(self, index: int) -> None:
        """Choose the option at ``index`` as the clerk would (emits :attr:`chosen`)."""
        if 0 <= index < len(self._values):
            value = self._values[index]
            changed = value != self.value()
            self.set_value(value)
            if changed:
                self.chosen.emit(value)

    def _clicked(self, index: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_value("")  # the click toggled one button: make it the only one
        self.set_value(self._values[index])
        self.chosen.emit(self._values[index])

    def _index(self) -> int:
        value = self.value()
        return self._values.index(value) if value else -1

    # -- keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        text = event.text()
        if text.isdigit() and text != "0" and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = int(text) - 1
            if index < len(self._values):
                self.choose(index)
                return
        elif key in _PREVIOUS_KEYS and self._values:
            current = self._index()
            self.choose((current - 1) % len(self._values) if current >= 0 else len(self._values) - 1)
            return
        elif key in _NEXT_KEYS and self._values:
            self.choose((self._index() + 1) % len(self._values))
            return
        elif key == Qt.Key.Key_Space:
            if self._index() < 0:
                self.choose(0)
            return
        elif key in _ENTER_KEYS:
            self.focusNextPrevChild(True)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._set_focused(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._set_focused(False)
        super().focusOutEvent(event)

    def _set_focused(self, focused: bool) -> None:
        self.setProperty("focused", focused)
        self.style().unpolish(self)
        self.style().polish(self)


class QuestionRow(QWidget):
    """A guide question: its text, which items ask it (in a package), and its options.

    Args:
        merged: the question (merged over the items that ask it).
        item_names: item code → short name, to say which items ask it.
        parent: the parent widget.
    """

    def __init__(self, merged: MergedQuestion, item_names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = merged.question
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        self.text_label = QLabel(merged.question.text, self)
        self.text_label.setWordWrap(True)
        font = self.text_label.font()
        font.setBold(True)
        self.text_label.setFont(font)
        layout.addWidget(self.text_label)
        self.items_label = QLabel(self)
        self.items_label.setStyleSheet("color: #666;")
        self.items_label.setWordWrap(True)
        layout.addWidget(self.items_label)
        self.selector = OptionSelector([(o.value, o.label) for o in merged.question.options], self)
        self.selector.setAccessibleName(merged.question.text)
        self.text_label.setBuddy(self.selector)
        layout.addWidget(self.selector)
        self._item_names = dict(item_names or {})
        self.set_items(merged.items, show=False)

    @property
    def id(self) -> str:  # noqa: A003 - catalog vocabulary
        return self.question.id

    def set_items(self, codes: Iterable[str], *, show: bool) -> None:
        """Say which items ask the question (only in a package where not all of them do)."""
        names = [self._item_names.get(c, c) for c in codes]
        self.items_label.setText(self.tr("适用事项：{items}").format(items="、".join(names)))
        self.items_label.setVisible(show and bool(names))


class GuidePanel(QWidget):
    """The guide questions that apply now (情形引导).

    Args:
        catalog: the catalog of the intake (for item names).
        item_codes: the items of the intake, in order.
        parent: the parent widget.

    Signals:
        answered(str, str): the clerk chose an option (question id, value).
    """

    answered = Signal(str, str)

    def __init__(self, catalog: Catalog, item_codes: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_codes = tuple(item_codes)
        self._item_names = {}
        for code in item_codes:
            item = catalog.item(code)
            self._item_names[code] = item.short_name or item.name
        self._rows: dict[str, QuestionRow] = {}
        self._shown: list[str] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.empty_label = QLabel(self.tr("本事项无需情形引导。"), self)
        self.empty_label.setStyleSheet("color: #666;")
        self._layout.addWidget(self.empty_label)

    def rows(self) -> list[QuestionRow]:
        """The rows shown now, in order."""
        return [self._rows[qid] for qid in self._shown]

    def row(self, question_id: str) -> QuestionRow:
        return self._rows[question_id]

    def is_shown(self, question_id: str) -> bool:
        return question_id in self._shown

    def focus_widgets(self) -> list[QWidget]:
        """The tab stops, in order."""
        return [row.selector for row in self.rows()]

    def update_questions(self, questions: Sequence[MergedQuestion],
                         answers: Mapping[str, str]) -> bool:
        """Show ``questions`` (those that apply now) with ``answers``.

        Rows of questions that stay are kept as they are; rows of questions that no longer
        apply are hidden (kept for when they apply again).

        Returns:
            True when the set or order of the questions shown changed.
        """
        wanted = [q.id for q in questions]
        multi = len(self._item_codes) > 1
        for merged in questions:
            row = self._rows.get(merged.id)
            if row is None:
                row = QuestionRow(merged, self._item_names, self)
                row.selector.chosen.connect(lambda value, qid=merged.id: self.answered.emit(qid, value))
                self._rows[merged.id] = row
            row.set_items(merged.items, show=multi and len(merged.items) < len(self._item_codes))
            row.selector.set_value(answers.get(merged.id, ""))
        changed = wanted != self._shown
        if changed:
            for qid in self._shown:
                self._layout.removeWidget(self._rows[qid])
            for qid, row in self._rows.items():
                if qid not in wanted:
                    row.hide()
            for qid in wanted:
                self._layout.addWidget(self._rows[qid])
                self._rows[qid].show()
            self._shown = wanted
        self.empty_label.setVisible(not wanted)
        return changed
