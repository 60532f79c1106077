"""One widget per field type of the catalog (表单控件), with a common interface.

Every widget is a :class:`FieldWidget`:

* ``value()`` / ``set_value(v)`` — the value as the form holds it (text; a list of values for
  ``multi_choice``; ``""`` when empty). ``set_value`` never emits :attr:`FieldWidget.changed`.
* ``changed`` — the clerk edited the value; ``left`` — the clerk left the field (after it was
  validated with :func:`counter.intake.validate.field_problem`).
* ``show_problem(text | None)`` — the reason shown below the field, in red.
* ``label`` — a :class:`QLabel` for the form layout, with a red ``*`` when the field is
  required (``set_required``).

Keyboard: Enter moves to the next field like Tab (in a multi-line field Enter is a new line and
Tab moves on); Space ticks an option of a multi-choice list; Up/Down choose in a drop-down.
Dates accept ``20261121``, ``2026-11-21``, ``2026/11/21`` and ``2026年11月21日`` and are shown as
``2026-11-21`` once left; a year-month field (a text field whose pattern is ``YYYY-MM``) likewise
takes ``202612`` and shows ``2026-12``. ID numbers and credit codes are upper-cased as they are
typed. Every field with a format says it in its placeholder (如 2026-12-07, 11 位手机号 …).

A ``division`` field (:class:`DivisionFieldWidget`) takes a 6-digit code or opens the
province → city → county picker (:class:`ui.intake.division_picker.DivisionPicker`) with F4,
Alt+↓, the button at its end, or Enter after a name (``盐湖`` Enter); below it the full name of
the code (山西省 运城市 盐湖区) or why it is refused.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Mapping

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject,
                            QRegularExpression, Qt, Signal)
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QSizePolicy, QStyle, QVBoxLayout, QWidget)

from counter.catalog.model import Field
from counter.divisions import default_table
from counter.intake.merge import is_empty
from counter.intake.validate import field_problem, normalise_value, year_month_example

log = logging.getLogger(__name__)

__all__ = ["FieldWidget", "LineFieldWidget", "DateFieldWidget", "NumberFieldWidget",
           "TextAreaFieldWidget", "ChoiceFieldWidget", "MultiChoiceFieldWidget",
           "DivisionFieldWidget", "make_field_widget", "PROBLEM_COLOUR"]

#: Colour of problems and of the required marker.
PROBLEM_COLOUR = "#c62828"

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.KeypadModifier

#: Placeholders that tell the clerk what is expected (translated in FieldWidget.placeholder).
_PLACEHOLDERS = {
    "date": QT_TRANSLATE_NOOP("FieldWidget", "如 2026-12-07，也可输入 20261207"),
    "mobile": QT_TRANSLATE_NOOP("FieldWidget", "11 位手机号"),
    "phone": QT_TRANSLATE_NOOP("FieldWidget", "如 0359-1234567"),
    "id_number": QT_TRANSLATE_NOOP("FieldWidget", "18 位身份证号码"),
    "uscc": QT_TRANSLATE_NOOP("FieldWidget", "18 位统一社会信用代码"),
    "division": QT_TRANSLATE_NOOP("FieldWidget", "6 位代码，或输入名称后按 Enter / F4 选择"),
    "email": QT_TRANSLATE_NOOP("FieldWidget", "如 name@example.com"),
    "postcode": QT_TRANSLATE_NOOP("FieldWidget", "6 位邮政编码"),
}
_YEAR_MONTH = QT_TRANSLATE_NOOP("FieldWidget", "如 {example}，也可输入 {compact}")
_RANGE = QT_TRANSLATE_NOOP("FieldWidget", "{min} 至 {max}")
_AT_LEAST = QT_TRANSLATE_NOOP("FieldWidget", "不小于 {min}")
_AT_MOST = QT_TRANSLATE_NOOP("FieldWidget", "不大于 {max}")

#: Characters a number field accepts while typing (full-width from a Chinese input method too).
_INTEGER_CHARS = QRegularExpression(r"[+\-＋－]?[0-9０-９]*")
_DECIMAL_CHARS = QRegularExpression(r"[+\-＋－]?[0-9０-９]*[.．]?[0-9０-９]*")
_DATE_CHARS = QRegularExpression(r"[0-9０-９\-/.．年月日 ]{0,16}")

Context = Callable[[], Mapping[str, Any]]
Today = Callable[[], date | None]


class FieldWidget(QWidget):
    """Base of the field widgets: the editor, the problem line and the label.

    Args:
        field: the catalog field it edits.
        required: whether the field is required now (red ``*``).
        parent: the parent widget.
        context: returns the other form values (an ID number reads its document type there).
        today: returns today's date (bounds birth dates in ID numbers); ``None`` skips that.

    Signals:
        changed(): the clerk edited the value (never emitted by :meth:`set_value`).
        left(): the clerk left the field; it has been validated and its problem shown.
        advance(): Enter asks to go to the next field (the widget moves the focus itself).
    """

    changed = Signal()
    left = Signal()
    advance = Signal()

    def __init__(self, field: Field, required: bool = False, parent: QWidget | None = None, *,
                 context: Context | None = None, today: Today | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._required = required
        self._context = context or (lambda: {})
        self._today = today or (lambda: None)
        self._problem: str | None = None
        self._setting = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._editor = self._make_editor()
        self._editor.setObjectName(f"field:{field.key}")
        self._editor.setAccessibleName(field.label)
        self._layout.addWidget(self._editor)
        self._problem_label = QLabel(self)
        self._problem_label.setObjectName("problem")
        self._problem_label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self._problem_label.setWordWrap(True)
        self._problem_label.hide()
        self._layout.addWidget(self._problem_label)
        # No focus proxy: Qt would then treat this container as a tab stop of its own, at its
        # own place in the focus chain, and Tab would not follow the form's tab order.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._editor.installEventFilter(self)
        self.label = QLabel()
        self.label.setBuddy(self._editor)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self._update_label()

    # -- the common interface ---------------------------------------------------------------

    @property
    def key(self) -> str:
        return self.field.key

    def editor(self) -> QWidget:
        """The widget that takes the keyboard focus."""
        return self._editor

    def value(self) -> Any:
        """The value as typed (``""`` when empty; a list for multi-choice)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting :attr:`changed`."""
        self._setting = True
        try:
            self._set(value)
        finally:
            self._setting = False

    def is_required(self) -> bool:
        return self._required

    def set_required(self, required: bool) -> None:
        """Mark the field required (red ``*`` after the label) or not."""
        if required != self._required:
            self._required = required
            self._update_label()

    def problem(self) -> str | None:
        """The problem shown now, if any."""
        return self._problem

    def show_problem(self, text: str | None) -> None:
        """Show ``text`` below the field in red, or hide the problem line (``None``)."""
        self._problem = text or None
        self._problem_label.setText(text or "")
        self._problem_label.setVisible(bool(text))
        self._editor.setAccessibleDescription(text or "")
        self._editor.setProperty("invalid", bool(text))

    def validate(self) -> str | None:
        """Check the value with :func:`field_problem`, show the result and return it.

        Requiredness is not checked here (an empty field is not wrong while being filled);
        the decision on the whole form reports missing required fields.
        """
        form = dict(self._context())
        form[self.key] = self.value()
        try:
            problem = field_problem(self.field, self.value(), form, today=self._today())
        except Exception:  # a broken rule must never block the counter: log and accept
            log.exception("validating field %s failed", self.key)
            problem = None
        self.show_problem(problem)
        return problem

    def label_text(self) -> str:
        """The plain label (for problem lists)."""
        return self.field.label

    # -- for subclasses ---------------------------------------------------------------------

    def _make_editor(self) -> QWidget:
        raise NotImplementedError

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def _tidy(self) -> None:
        """On leaving a valid value: show it the way it is stored (normalised)."""

    def _enter_advances(self) -> bool:
        return True

    def placeholder(self) -> str:
        """The format the field expects, shown greyed while it is empty (如 2026-12 …)."""
        field = self.field
        tr = lambda text: QCoreApplication.translate("FieldWidget", text)  # noqa: E731
        example = year_month_example(field)
        if example:
            return tr(_YEAR_MONTH).format(example=example, compact=example.replace("-", ""))
        if field.type in ("integer", "decimal") and (field.min is not None
                                                     or field.max is not None):
            low, high = (None if n is None else format(Decimal(str(n)).normalize(), "f")
                         for n in (field.min, field.max))  # 10000000, never 1e+07
            if low is not None and high is not None:
                return tr(_RANGE).format(min=low, max=high)
            return tr(_AT_LEAST).format(min=low) if low is not None else \
                tr(_AT_MOST).format(max=high)
        text = _PLACEHOLDERS.get(field.type)
        return tr(text) if text else ""

    def _emit_changed(self, *_args) -> None:
        if not self._setting:
            self.changed.emit()

    def _update_label(self) -> None:
        text = self.field.label.replace("&", "&amp;").replace("<", "&lt;")
        if self._required:
            text += f'<span style="color:{PROBLEM_COLOUR}"> *</span>'
        self.label.setText(text)
        self.label.setToolTip(QCoreApplication.translate("FieldWidget", "必填")
                              if self._required else "")

    def _on_left(self) -> None:
        if self.validate() is None:
            self._tidy()
        self.left.emit()

    def move_to_next(self) -> None:
        """Move the keyboard focus to the next field (as Tab would)."""
        self.advance.emit()
        self.focusNextPrevChild(True)

    # -- events -----------------------------------------------------------------------------

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        """``setFocus()`` on the field puts the focus in its editor."""
        self._editor.setFocus(event.reason())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        etype = event.type()
        if etype == QEvent.Type.KeyPress and self._enter_advances():
            if event.key() in _ENTER_KEYS and not (event.modifiers() & ~_PLAIN):
                self.move_to_next()
                return True
        elif etype == QEvent.Type.FocusOut:
            if event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                      Qt.FocusReason.ActiveWindowFocusReason):
                self._on_left()
        return super().eventFilter(obj, event)


class LineFieldWidget(FieldWidget):
    """A single-line field: text and the code types (mobile, phone, ID number, USCC, division,
    email, postcode). ID numbers and credit codes are upper-cased as they are typed."""

    _UPPER = ("id_number", "uscc")

    def _make_editor(self) -> QWidget:
        edit = QLineEdit(self)
        if (self.field.type == "text" and self.field.max_length
                and not year_month_example(self.field)):  # 2026年12月 is longer than 2026-12
            edit.setMaxLength(self.field.max_length)
        edit.setPlaceholderText(self.placeholder())
        edit.textEdited.connect(self._edited)
        return edit

    def _edited(self, text: str) -> None:
        if self.field.type in self._UPPER and text != text.upper():
            edit: QLineEdit = self._editor
            pos = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(pos)
        self._emit_changed()

    def value(self) -> str:
        return self._editor.text()

    def _set(self, value: Any) -> None:
        text = "" if is_empty(value) else str(value)
        if self.field.type in self._UPPER:
            text = text.upper()
        self._editor.setText(text)

    def _tidy(self) -> None:
        text = self._editor.text()
        if is_empty(text):
            return
        shown = str(normalise_value(self.field, text))
        if shown != text:
            self._editor.setText(shown)
            self._emit_changed()


class DateFieldWidget(LineFieldWidget):
    """A date typed by the clerk: ``20261121`` or ``2026-11-21`` (shown as ``2026-11-21``)."""

    def _make_editor(self) -> QWidget:
        edit = super()._make_editor()
        edit.setValidator(QRegularExpressionValidator(_DATE_CHARS, edit))
        return edit


class NumberFieldWidget(LineFieldWidget):
    """An integer or a decimal; only digits (and a sign, a decimal point) can be typed."""

    def _make_editor(self) -> QWidget:
        edit = super()._make_editor()
        pattern = _INTEGER_CHARS if self.field.type == "integer" else _DECIMAL_CHARS
        edit.setValidator(QRegularExpressionValidator(pattern, edit))
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return edit


class TextAreaFieldWidget(FieldWidget):
    """Multi-line text; Tab moves to the next field instead of inserting a tab."""

    def _make_editor(self) -> QWidget:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        edit.textChanged.connect(self._emit_changed)
        return edit

    def _enter_advances(self) -> bool:
        return False

    def value(self) -> str:
        return self._editor.toPlainText()

    def _set(self, value: Any) -> None:
        self._editor.setPlainText("" if is_empty(value) else str(value))


class ChoiceFieldWidget(FieldWidget):
    """A drop-down with an empty "请选择" entry first; Up/Down choose without opening it."""

    def _make_editor(self) -> QWidget:
        combo = QComboBox(self)
        combo.addItem(self.tr("请选择"), "")
        for choice in self.field.choices:
            combo.addItem(choice.label, choice.value)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        combo.currentIndexChanged.connect(self._emit_changed)
        return combo

    def value(self) -> str:
        data = self._editor.currentData()
        return "" if data is None else str(data)

    def _set(self, value: Any) -> None:
        index = self._editor.findData("" if is_empty(value) else str(value))
        self._editor.setCurrentIndex(max(index, 0))


class MultiChoiceFieldWidget(FieldWidget):
    """A list of options with check boxes; Space ticks the current option."""

    def _make_editor(self) -> QWidget:
        view = QListWidget(self)
        for choice in self.field.choices:
            item = QListWidgetItem(choice.label, view)
            item.setData(Qt.ItemDataRole.UserRole, choice.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = max(1, min(len(self.field.choices), 6))
        view.setFixedHeight(view.sizeHintForRow(0) * rows + 2 * view.frameWidth() + 4)
        if view.count():
            view.setCurrentRow(0)
        view.itemChanged.connect(self._emit_changed)
        return view

    def value(self) -> list[str]:
        view: QListWidget = self._editor
        return [view.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.count())
                if view.item(i).checkState() == Qt.CheckState.Checked]

    def _set(self, value: Any) -> None:
        wanted = set(normalise_value(self.field, value))
        view: QListWidget = self._editor
        for i in range(view.count()):
            item = view.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def toggle(self, value: str) -> None:
        """Tick or untick one option as the clerk would (emits :attr:`changed`)."""
        view: QListWidget = self._editor
        for i in range(view.count()):
            item = view.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == value:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)


class DivisionFieldWidget(LineFieldWidget):
    """住所所在行政区划: a GB/T 2260 code, typed or chosen in the province → city → county
    picker (F4, Alt+↓, the button at the end of the field, or Enter after typing a name).

    Below the field: the code's full name (山西省 运城市 盐湖区), or the reason it is refused
    (also for a code that was prefilled or stored in a draft and is no longer in the table).

    Attributes:
        picker: the picker opened last (for tests), or None.
        name_label: the full name of the code.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.picker = None
        super().__init__(*args, **kwargs)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("divisionName")
        self.name_label.setStyleSheet("color: #555;")
        self.name_label.setWordWrap(True)
        self.name_label.hide()
        self._layout.insertWidget(1, self.name_label)

    def _make_editor(self) -> QWidget:
        edit = super()._make_editor()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogListView)
        action = edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        action.setObjectName("pickDivision")
        action.setToolTip(self.tr("按省、市、县选择 (F4)"))
        action.triggered.connect(self.open_picker)
        self.pick_action = action
        return edit

    def open_picker(self):
        """Open the picker at the code in the field, or filtered by the name typed there."""
        from ui.intake.division_picker import DivisionPicker

        text = self.value().strip()
        code = str(normalise_value(self.field, text)) if text else ""
        is_code = code.isdigit()
        picker = DivisionPicker(code if is_code else "", self.window(),
                                text="" if is_code else text)
        self.picker = picker
        picker.accepted.connect(lambda: self._picked(picker.chosen_code()))
        picker.finished.connect(lambda _r: self._editor.setFocus(
            Qt.FocusReason.OtherFocusReason))
        picker.open()
        return picker

    def _picked(self, code: str) -> None:
        if not code:
            return
        self._editor.setText(code)
        self._emit_changed()
        self.validate()

    def validate(self) -> str | None:
        problem = super().validate()
        self._show_name(None if problem else self.value())
        return problem

    def _set(self, value: Any) -> None:
        super()._set(value)
        if is_empty(value):
            self.show_problem(None)
            self._show_name(None)
        else:  # prefilled or from a draft: say at once when the code is not (any more) valid
            self.validate()

    def _show_name(self, value: Any) -> None:
        code = "" if is_empty(value) else str(normalise_value(self.field, value))
        name = default_table().full_name(code, " ") if code else ""
        self.name_label.setText(name)
        self.name_label.setVisible(bool(name))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self._editor and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key == Qt.Key.Key_F4 and not mods or (
                    key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier):
                self.open_picker()
                return True
            if key in _ENTER_KEYS and not mods:
                text = self.value().strip()
                if text and not str(normalise_value(self.field, text)).isdigit():
                    self.open_picker()  # a name: find it in the picker
                    return True
        return super().eventFilter(obj, event)


_CLASSES: dict[str, type[FieldWidget]] = {
    "text": LineFieldWidget, "textarea": TextAreaFieldWidget, "choice": ChoiceFieldWidget,
    "multi_choice": MultiChoiceFieldWidget, "date": DateFieldWidget,
    "integer": NumberFieldWidget, "decimal": NumberFieldWidget, "division": DivisionFieldWidget,
}


def make_field_widget(field: Field, required: bool = False, parent: QWidget | None = None, *,
                      context: Context | None = None, today: Today | None = None) -> FieldWidget:
    """The widget for ``field``'s type (every other type is a single line).

    Args:
        field: the catalog field.
        required: required now.
        parent: the parent widget.
        context: returns the other form values (for cross-field checks).
        today: returns today's date.
    """
    cls = _CLASSES.get(field.type, LineFieldWidget)
    return cls(field, required, parent, context=context, today=today)
