"""The one form (一表申请) of an intake: the fields that apply now, grouped.

Fields are grouped by the first part of their key (``applicant.*`` 申请人, ``agent.*`` 代理人,
``enterprise.*`` 企业信息 …), groups in the order their first field appears in the form.

:class:`FormPanel` keeps the widget of every field it has shown. When the situation changes
(an answer, or a value a condition looks at), fields that stay keep their widget — and with it
what was typed and where the cursor is; fields that no longer apply are hidden, and their
values stay in the intake (``intake.form``) for when they apply again.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from counter.intake.merge import MergedField
from ui.intake.field_widgets import FieldWidget, make_field_widget

__all__ = ["FormPanel", "group_of", "group_title"]

#: Titles of the field groups, by the first part of the field key.
_GROUP_TITLES = {
    "applicant": QT_TRANSLATE_NOOP("form", "申请人信息"),
    "agent": QT_TRANSLATE_NOOP("form", "代理人信息"),
    "contact": QT_TRANSLATE_NOOP("form", "联系方式"),
    "enterprise": QT_TRANSLATE_NOOP("form", "企业（单位）信息"),
    "org": QT_TRANSLATE_NOOP("form", "单位信息"),
    "business": QT_TRANSLATE_NOOP("form", "个体工商户信息"),
    "food": QT_TRANSLATE_NOOP("form", "食品经营信息"),
    "seal": QT_TRANSLATE_NOOP("form", "印章刻制信息"),
    "social": QT_TRANSLATE_NOOP("form", "社会保险信息"),
    "gjj": QT_TRANSLATE_NOOP("form", "住房公积金信息"),
    "pension": QT_TRANSLATE_NOOP("form", "养老保险信息"),
    "card": QT_TRANSLATE_NOOP("form", "社会保障卡信息"),
    "bank": QT_TRANSLATE_NOOP("form", "银行账户信息"),
    "family": QT_TRANSLATE_NOOP("form", "家庭情况"),
    "hukou": QT_TRANSLATE_NOOP("form", "户籍信息"),
    "project": QT_TRANSLATE_NOOP("form", "工程项目信息"),
    "newborn": QT_TRANSLATE_NOOP("form", "新生儿信息"),
}
_OTHER = "other"


def group_of(key: str) -> str:
    """The group of a field key (its first part; unknown parts go to "其他信息")."""
    head = key.split(".", 1)[0]
    return head if head in _GROUP_TITLES else _OTHER


def group_title(group: str) -> str:
    """The Chinese title of a group."""
    if group == _OTHER:
        return QCoreApplication.translate("form", "其他信息")
    return QCoreApplication.translate("form", _GROUP_TITLES[group])


class _Group(QGroupBox):
    def __init__(self, group: str, parent: QWidget) -> None:
        super().__init__(group_title(group), parent)
        self.group = group
        self.layout_ = QFormLayout(self)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.keys: list[str] = []


class FormPanel(QWidget):
    """The fields of the one form that apply now, grouped.

    Args:
        context: returns the current form values (for cross-field checks).
        today: returns today's date (for ID-number birth dates).
        parent: the parent widget.

    Signals:
        value_changed(str): the clerk edited a field (its key).
        field_left(str): the clerk left a field (its key); it was validated.
    """

    value_changed = Signal(str)
    field_left = Signal(str)

    def __init__(self, context: Callable[[], Mapping[str, Any]],
                 today: Callable[[], date | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._today = today
        self._widgets: dict[str, FieldWidget] = {}
        self._groups: dict[str, _Group] = {}
        self._shown: list[str] = []
        #: the keys shown, in visual order (group by group)
        self._visual: list[str] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)

    # -- reading ---------------------------------------------------------------------------

    def widget(self, key: str) -> FieldWidget | None:
        """The widget of a field shown now (``None`` when it is not shown)."""
        return self._widgets.get(key) if key in self._shown else None

    def any_widget(self, key: str) -> FieldWidget | None:
        """The widget of a field, also when it is hidden now."""
        return self._widgets.get(key)

    def shown_keys(self) -> list[str]:
        """The keys of the fields shown, in the order they appear on screen."""
        return list(self._visual)

    def widgets(self) -> list[FieldWidget]:
        """The widgets shown now, in the order they appear on screen (group by group)."""
        return [self._widgets[k] for k in self._visual]

    def focus_widgets(self) -> list[QWidget]:
        """The tab stops, in order."""
        return [w.editor() for w in self.widgets()]

    # -- updating --------------------------------------------------------------------------

    def update_fields(self, fields: Sequence[MergedField], values: Mapping[str, Any]) -> bool:
        """Show ``fields`` (those that apply now).

        New widgets take their value from ``values``; widgets that stay keep theirs; the
        required marker follows the situation.

        Returns:
            True when the set or order of the fields shown changed.
        """
        wanted = [f.key for f in fields]
        for merged in fields:
            widget = self._widgets.get(merged.key)
            if widget is None:
                widget = make_field_widget(merged.field, merged.required, self,
                                           context=self._context, today=self._today)
                widget.set_value(values.get(merged.key))
                widget.changed.connect(lambda key=merged.key: self.value_changed.emit(key))
                widget.left.connect(lambda key=merged.key: self.field_left.emit(key))
                self._widgets[merged.key] = widget
            elif merged.key not in self._shown:
                widget.set_value(values.get(merged.key))  # the value may have been prefilled
            widget.set_required(merged.required)
        if wanted == self._shown:
            return False
        self._arrange(wanted)
        return True

    def _arrange(self, wanted: list[str]) -> None:
        by_group: dict[str, list[str]] = {}
        for key in wanted:
            by_group.setdefault(group_of(key), []).append(key)
        for group, keys in by_group.items():
            if group not in self._groups:
                self._groups[group] = _Group(group, self)
        # take every row out (the widgets stay, as children of their group box)
        for box in self._groups.values():
            while box.layout_.rowCount():
                box.layout_.takeRow(0)
            box.keys = []
        for key, widget in self._widgets.items():
            if key not in wanted:
                widget.hide()
                widget.label.hide()
        # groups in the order their first field appears
        while self._layout.count():
            self._layout.takeAt(0)
        for group, keys in by_group.items():
            box = self._groups[group]
            for key in keys:
                widget = self._widgets[key]
                if widget.parent() is not box:
                    widget.setParent(box)
                    widget.label.setParent(box)
                box.layout_.addRow(widget.label, widget)
                widget.label.show()
                widget.show()
            box.keys = keys
            self._layout.addWidget(box)
            box.show()
        for group, box in self._groups.items():
            if group not in by_group:
                box.hide()
        self._shown = wanted
        self._visual = [key for keys in by_group.values() for key in keys]

    def set_value(self, key: str, value: Any) -> None:
        """Show ``value`` in a field's widget (shown or hidden) without emitting signals."""
        widget = self._widgets.get(key)
        if widget is not None:
            widget.set_value(value)

    def show_problems(self, problems: Mapping[str, str]) -> FieldWidget | None:
        """Show ``problems`` (field key → reason) beside the fields; clear the others.

        Returns:
            The first shown widget with a problem (in screen order), to put the focus there.
        """
        first = None
        for key in self._visual:
            widget = self._widgets[key]
            widget.show_problem(problems.get(key))
            if first is None and key in problems:
                first = widget
        return first
