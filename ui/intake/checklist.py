"""The material checklist (材料清单) of an intake and what was received (材料收取).

One :class:`MaterialRow` per material that applies now: its name, necessity, the paper copies
required, the original's handling, the items it serves (in a package) and its audit points
(审核要点) as check boxes. The clerk records:

* the status — 1 已收取 (with the copies received), 2 免提交（电子证照） when the material can
  come from the e-licence library, or 3 未提交 — with the digits, arrows or the mouse;
* whether the original was checked (原件核验) or kept (收取原件);
* which audit points were checked.

Every change goes straight into the intake's :class:`counter.intake.MaterialState`; the panel
then emits :attr:`ChecklistPanel.changed` so that the screen saves the draft. Rows of materials
that no longer apply are hidden, their states kept (they come back as they were).

One material is *selected* (the first at the start; a click or the focus entering a row
selects another): scanned pages go to it. The screen hands the panel one page strip
(:class:`ui.capture.pages.MaterialPagesWidget`, :meth:`ChecklistPanel.set_pages_widget`),
which is shown right below the selected row; each row shows its page count (已扫描 N 页).
Selecting a row never moves it under the pointer (:meth:`ChecklistPanel._place_strip`); the
strip's controls are in the tab order after the row's; ``Ctrl+O`` anywhere in a row imports
pages for that material.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QCheckBox, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from counter.catalog.model import Catalog, Necessity, Original
from counter.intake.intake import MaterialState, MaterialStatus
from counter.intake.merge import MergedMaterial
from ui.intake.guide import OptionSelector

__all__ = ["MaterialRow", "ChecklistPanel", "necessity_text", "original_text"]

_NECESSITY_COLOURS = {Necessity.REQUIRED: "#c62828", Necessity.TOLERABLE: "#ef6c00",
                      Necessity.OPTIONAL: "#616161"}
#: Most copies the spin box allows.
MAX_COPIES = 99


translate = QCoreApplication.translate


def necessity_text(necessity: Necessity) -> str:
    """必要 / 容缺后补 / 非必要."""
    return {Necessity.REQUIRED: translate("checklist", "必要"), Necessity.TOLERABLE: translate("checklist", "容缺后补"),
            Necessity.OPTIONAL: translate("checklist", "非必要")}[necessity]


def original_text(original: Original) -> str:
    """无需原件 / 原件核验 / 收取原件."""
    return {Original.NONE: translate("checklist", "无需原件"), Original.CHECK: translate("checklist", "原件核验"),
            Original.KEEP: translate("checklist", "收取原件")}[original]


class MaterialRow(QFrame):
    """One material of the checklist and the controls to record it.

    Args:
        merged: the material as it applies now.
        state: its state in the intake (changed in place).
        item_names: item code → short name (to say which items it serves).
        show_items: say which items it serves (in a package).
        parent: the parent widget.

    Signals:
        changed(): the clerk changed something in ``state``.
        clicked(): the clerk clicked the row (select it).
        importRequested(): ``Ctrl+O`` (导入文件) anywhere in the row: import pages for it.
    """

    changed = Signal()
    clicked = Signal()
    importRequested = Signal()

    def __init__(self, merged: MergedMaterial, state: MaterialState,
                 item_names: Mapping[str, str], show_items: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"material:{merged.id}")
        self.merged = merged
        self.state = state
        self._item_names = dict(item_names)
        self._show_items = show_items
        self._updating = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.facts = QLabel(self)
        self.facts.setStyleSheet("color: #555;")
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)

        controls = QHBoxLayout()
        controls.setSpacing(12)
        self._statuses: list[MaterialStatus] = [MaterialStatus.RECEIVED]
        options = [(MaterialStatus.RECEIVED.value, self.tr("已收取"))]
        if merged.material.e_licence_type:
            self._statuses.append(MaterialStatus.E_LICENCE)
            options.append((MaterialStatus.E_LICENCE.value, self.tr("免提交（电子证照）")))
        self._statuses.append(MaterialStatus.MISSING)
        options.append((MaterialStatus.MISSING.value, self.tr("未提交")))
        self.status = OptionSelector(options, self)
        self.status.setAccessibleName(self.tr("{name}收取情况").format(name=merged.name))
        self.status.chosen.connect(self._status_chosen)
        controls.addWidget(self.status)

        self.copies_label = QLabel(self.tr("收取份数"), self)
        self.copies = QSpinBox(self)
        self.copies.setRange(0, MAX_COPIES)
        self.copies.setAccessibleName(self.tr("收取份数"))
        self.copies_label.setBuddy(self.copies)
        self.copies.valueChanged.connect(self._copies_changed)
        controls.addWidget(self.copies_label)
        controls.addWidget(self.copies)

        self.original = QCheckBox(self)
        self.original.toggled.connect(self._original_toggled)
        controls.addWidget(self.original)

        self.licence_number = QLineEdit(self)
        self.licence_number.setPlaceholderText(self.tr("电子证照编号（可不填）"))
        self.licence_number.setAccessibleName(self.tr("电子证照编号"))
        self.licence_number.textEdited.connect(self._licence_edited)
        controls.addWidget(self.licence_number)
        controls.addStretch(1)
        self.pages_label = QLabel(self)
        self.pages_label.setObjectName("materialPageCount")
        self.pages_label.setStyleSheet("color: #1565c0;")
        controls.addWidget(self.pages_label)
        layout.addLayout(controls)

        self.audit_box = QWidget(self)
        self._audit_layout = QGridLayout(self.audit_box)
        self._audit_layout.setContentsMargins(0, 0, 0, 0)
        self._audit_layout.setHorizontalSpacing(16)
        self.audit_checks: list[QCheckBox] = []
        layout.addWidget(self.audit_box)

        self.set_merged(merged)
        self.set_selected(False)
        shortcut = QShortcut(QKeySequence("Ctrl+O"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.importRequested)

    # -- showing ---------------------------------------------------------------------------

    def set_merged(self, merged: MergedMaterial) -> None:
        """Show the material as it applies now (necessity, copies … may change with answers)."""
        self.merged = merged
        colour = _NECESSITY_COLOURS[merged.necessity]
        name = merged.name.replace("&", "&amp;").replace("<", "&lt;")
        self.title.setText(f'<b>{name}</b> <span style="color:{colour}">'
                           f'[{necessity_text(merged.necessity)}]</span>')
        facts = [self.tr("份数：{n}").format(n=merged.copies),
                 self.tr("原件：{handling}").format(handling=original_text(merged.original))]
        if merged.supplement_limit is not None:
            facts.append(self.tr("容缺补交时限：{limit}").format(limit=merged.supplement_limit.label()))
        if merged.material.e_licence_type:
            facts.append(self.tr("可调取电子证照：{type}").format(type=merged.material.e_licence_type))
        if self._show_items:
            names = "、".join(self._item_names.get(c, c) for c in merged.items)
            facts.append(self.tr("服务事项：{items}").format(items=names))
        self.facts.setText(" · ".join(facts))
        if merged.original is Original.KEEP:
            self.original.setText(self.tr("已收取原件"))
        elif merged.original is Original.CHECK:
            self.original.setText(self.tr("已核验原件"))
        self._rebuild_audit(merged.audit_points)
        self.refresh()

    def _rebuild_audit(self, points: Sequence[str]) -> None:
        if [c.text() for c in self.audit_checks] == list(points):
            return
        for check in self.audit_checks:
            self._audit_layout.removeWidget(check)
            check.deleteLater()
        self.audit_checks = []
        for n, point in enumerate(points):
            check = QCheckBox(point, self.audit_box)
            check.toggled.connect(lambda on, p=point: self._audit_toggled(p, on))
            self._audit_layout.addWidget(check, n // 2, n % 2)
            self.audit_checks.append(check)
        self.audit_box.setVisible(bool(points))

    def refresh(self) -> None:
        """Show :attr:`state` in the controls (without emitting :attr:`changed`)."""
        self._updating = True
        try:
            st = self.state
            self.status.set_value(st.status.value if st.status in self._statuses else "")
            received = st.status is MaterialStatus.RECEIVED
            self.copies.setValue(st.copies_received)
            self.copies.setEnabled(received)
            original = self.merged.original
            self.original.setVisible(original is not Original.NONE)
            self.original.setEnabled(received)
            self.original.setChecked(st.original_kept if original is Original.KEEP
                                     else st.original_checked)
            self.licence_number.setVisible(st.status is MaterialStatus.E_LICENCE)
            if self.licence_number.text() != (st.e_licence_number or ""):
                self.licence_number.setText(st.e_licence_number or "")
            for check in self.audit_checks:
                check.setChecked(check.text() in st.audit_checked)
            pages = len(st.pages)
            self.pages_label.setText(self.tr("已扫描 {n} 页").format(n=pages) if pages
                                     else self.tr("纸质，未扫描") if st.paper_only else "")
            self.pages_label.setVisible(bool(pages) or st.paper_only)
        finally:
            self._updating = False

    def page_count(self) -> int:
        """Pages captured for the material."""
        return len(self.state.pages)

    def set_selected(self, selected: bool) -> None:
        """Show the row as the selected material (its pages are shown below it)."""
        # the same border width either way: a thicker one would push the rows below it
        self.setStyleSheet("MaterialRow { border: 2px solid #1976d2; }" if selected
                           else "MaterialRow { border: 2px solid #d6d6d6; }")

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.clicked.emit()
        super().mousePressEvent(event)

    def focus_widgets(self) -> list[QWidget]:
        """The tab stops of the row, in order (hidden ones are skipped by Qt)."""
        return [self.status, self.copies, self.original, self.licence_number, *self.audit_checks]

    # -- recording -------------------------------------------------------------------------

    def set_status(self, status: MaterialStatus) -> None:
        """Record a status as the clerk would (received: the required copies by default)."""
        st = self.state
        if status is st.status:
            return
        st.status = status
        if status is MaterialStatus.RECEIVED:
            if st.copies_received <= 0:
                st.copies_received = self.merged.copies
        else:
            st.copies_received = 0
        if status is not MaterialStatus.E_LICENCE:
            st.e_licence_number = None
        self.refresh()
        self.changed.emit()

    def _status_chosen(self, value: str) -> None:
        if not self._updating:
            self.set_status(MaterialStatus(value))

    def _copies_changed(self, value: int) -> None:
        if not self._updating and self.state.copies_received != value:
            self.state.copies_received = value
            self.changed.emit()

    def _original_toggled(self, on: bool) -> None:
        if self._updating:
            return
        if self.merged.original is Original.KEEP:
            self.state.original_kept = on
            self.state.original_checked = on or self.state.original_checked
        else:
            self.state.original_checked = on
        self.changed.emit()

    def _licence_edited(self, text: str) -> None:
        self.state.e_licence_number = text.strip() or None
        self.changed.emit()

    def _audit_toggled(self, point: str, on: bool) -> None:
        if self._updating:
            return
        checked = [p for p in self.state.audit_checked if p != point]
        if on:
            checked.append(point)
        self.state.audit_checked = checked
        self.changed.emit()


class ChecklistPanel(QWidget):
    """The materials that apply now, with what was received (材料清单).

    Args:
        catalog: the catalog of the intake (item names).
        item_codes: the items of the intake.
        parent: the parent widget.

    Signals:
        changed(): the clerk recorded something about a material.
        selectionChanged(str): another material was selected (its id; "" when none).
    """

    changed = Signal()
    selectionChanged = Signal(str)

    def __init__(self, catalog: Catalog, item_codes: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item_names = {}
        for code in item_codes:
            item = catalog.item(code)
            self._item_names[code] = item.short_name or item.name
        self._show_items = len(item_codes) > 1
        self._rows: dict[str, MaterialRow] = {}
        self._shown: list[str] = []
        self._selected: str | None = None
        self._strip: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.summary = QLabel(self)
        self.summary.setObjectName("checklistSummary")
        self._layout.addWidget(self.summary)
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def rows(self) -> list[MaterialRow]:
        """The rows shown now, in order."""
        return [self._rows[m] for m in self._shown]

    def row(self, material_id: str) -> MaterialRow | None:
        return self._rows.get(material_id) if material_id in self._shown else None

    def shown_ids(self) -> list[str]:
        return list(self._shown)

    def focus_widgets(self) -> list[QWidget]:
        """The tab stops of the rows and of the page strip, in the order they are shown (the
        strip's where it stands, below or above the selected row)."""
        out: list[QWidget] = []
        rows = {id(row): row for row in self.rows()}
        for n in range(self._layout.count()):
            widget = self._layout.itemAt(n).widget()
            if widget is None:
                continue
            if id(widget) in rows:
                out.extend(widget.focus_widgets())
            elif widget is self._strip and not widget.isHidden() \
                    and hasattr(widget, "focus_widgets"):
                out.extend(widget.focus_widgets())
        return out

    def import_into(self, material_id: str) -> None:
        """导入文件 (Ctrl+O in a material's row): select the material, then ask for files for
        it through the page strip."""
        self.select(material_id)
        strip = self._strip
        if self._selected == material_id and strip is not None \
                and hasattr(strip, "choose_files"):
            strip.choose_files()

    def update_checklist(self, checklist: Sequence[tuple[MergedMaterial, MaterialState]]) -> bool:
        """Show ``checklist`` (from :meth:`counter.intake.Intake.checklist`).

        Returns:
            True when the set or order of the materials shown changed.
        """
        wanted = [m.id for m, _ in checklist]
        for merged, state in checklist:
            row = self._rows.get(merged.id)
            if row is None:
                row = MaterialRow(merged, state, self._item_names, self._show_items, self)
                row.changed.connect(self._row_changed)
                row.clicked.connect(lambda mid=merged.id: self.select(mid))
                row.importRequested.connect(lambda mid=merged.id: self.import_into(mid))
                self._rows[merged.id] = row
            else:
                row.state = state
                row.set_merged(merged)
        changed = wanted != self._shown
        if changed:
            for mid in self._shown:
                self._layout.removeWidget(self._rows[mid])
            if self._strip is not None:  # placed again below the selected row, afterwards
                self._layout.removeWidget(self._strip)
            for mid, row in self._rows.items():
                if mid not in wanted:
                    row.hide()
            for mid in wanted:
                self._layout.addWidget(self._rows[mid])
                self._rows[mid].show()
            self._shown = wanted
        if self._selected not in wanted:
            self.select(wanted[0] if wanted else None)
        elif changed:
            self._place_strip()
        self._update_summary()
        return changed

    # -- the selected material and its pages ------------------------------------------------

    def selected_id(self) -> str | None:
        """The selected material (pages go to it), or None when no material applies."""
        return self._selected

    def select(self, material_id: str | None) -> None:
        """Select a material shown (emits :attr:`selectionChanged` when it changes)."""
        if material_id is not None and material_id not in self._shown:
            return
        if material_id == self._selected:
            return
        self._selected = material_id
        for mid, row in self._rows.items():
            row.set_selected(mid == material_id)
        self._place_strip()
        self.selectionChanged.emit(material_id or "")

    def set_pages_widget(self, widget: QWidget | None) -> None:
        """The page strip to show below the selected row (the panel becomes its parent)."""
        if self._strip is not None and self._strip is not widget:
            self._layout.removeWidget(self._strip)
        self._strip = widget
        if widget is not None:
            widget.setParent(self)
        self._place_strip()

    def pages_widget(self) -> QWidget | None:
        return self._strip

    def refresh_rows(self) -> None:
        """Show the states again (after pages were added or removed elsewhere); a material
        that now has pages and is received without copies counts the required copies."""
        for row in self.rows():
            st = row.state
            if st.pages and st.status is MaterialStatus.RECEIVED and st.copies_received <= 0:
                st.copies_received = row.merged.copies
            row.refresh()
        self._update_summary()

    def _place_strip(self) -> None:
        """Put the strip right below the selected row, without moving that row on screen.

        The strip is tall: moved from above the row to below it, it would pull the row up
        under the clerk's pointer. The scroll area the panel is in scrolls by as much instead;
        where it cannot (at the top of the form) the strip stays just above the row.
        """
        strip = self._strip
        if strip is None:
            return
        row = self._rows.get(self._selected) if self._selected else None
        if row is None:
            self._layout.removeWidget(strip)
            strip.hide()
            return
        was_shown = not strip.isHidden() and self._layout.indexOf(strip) >= 0
        self._layout.activate()
        top = row.y()
        self._layout.removeWidget(strip)
        self._layout.insertWidget(self._layout.indexOf(row) + 1, strip)
        strip.show()
        if not was_shown:
            return  # appears below the row: nothing above it moves
        self._layout.activate()
        moved = row.y() - top
        if moved == 0:
            return
        bar = self._scroll_bar()
        if bar is not None and bar.minimum() <= bar.value() + moved <= bar.maximum():
            bar.setValue(bar.value() + moved)
            return
        self._layout.removeWidget(strip)  # cannot scroll that far: just above the row
        self._layout.insertWidget(self._layout.indexOf(row), strip)
        self._layout.activate()

    def _scroll_bar(self):
        """The vertical scroll bar of the scroll area the panel is in (None when none)."""
        widget = self.parentWidget()
        while widget is not None:
            if isinstance(widget, QAbstractScrollArea):
                return widget.verticalScrollBar()
            widget = widget.parentWidget()
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        widget = new
        while widget is not None and widget is not self:
            if isinstance(widget, MaterialRow):
                if widget.merged.id in self._shown:
                    self.select(widget.merged.id)
                return
            widget = widget.parentWidget()

    def receive_all(self) -> int:
        """Mark every applicable material not yet provided as received with the required
        copies (全部收齐); returns how many changed."""
        n = 0
        for row in self.rows():
            if not row.state.status.provided:
                row.set_status(MaterialStatus.RECEIVED)
                n += 1
        return n

    def _row_changed(self) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        rows = self.rows()
        provided = sum(1 for r in rows if r.state.status.provided)
        owed = sum(1 for r in rows if r.merged.necessity is not Necessity.OPTIONAL
                   and not r.state.status.provided)
        self.summary.setText(self.tr("共 {total} 项材料，已收取或免提交 {provided} 项，"
                                     "尚缺必要材料 {owed} 项").format(
            total=len(rows), provided=provided, owed=owed))
        colour = "#2e7d32" if owed == 0 and rows else "#c62828"
        self.summary.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def owed(self) -> list[MergedMaterial]:
        """Materials shown that are required or tolerable and not received or exempt."""
        return [r.merged for r in self.rows() if r.merged.necessity is not Necessity.OPTIONAL
                and not r.state.status.provided]
