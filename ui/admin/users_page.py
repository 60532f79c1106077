"""The users page (用户管理): list, create, disable and enable, reset password, roles."""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import ROLES, Actor
from counter.users import ROLE_PRECEDENCE, User
from ui import ops
from ui.errors import show_error
from ui.login import FormDialog
from ui.screen import Screen

log = logging.getLogger(__name__)

COLUMNS = ("工号", "姓名", "角色", "状态", "最近登录")


def state_label(user: User, now) -> str:
    """启用 / 停用, with 锁定中 and 临时密码 when they apply."""
    parts = ["启用" if user.active else "停用"]
    if user.is_locked(now):
        parts.append("锁定中")
    if user.must_change:
        parts.append("临时密码")
    return "，".join(parts)


class _RoleBoxes(QWidget):
    """One check box per role."""

    def __init__(self, roles=(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for role in ROLE_PRECEDENCE:
            box = QCheckBox(ROLES[role], self)
            box.setObjectName(f"role_{role}")
            box.setChecked(role in roles)
            self.boxes[role] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def roles(self) -> list[str]:
        return [r for r, b in self.boxes.items() if b.isChecked()]


def _write(dialog: FormDialog, call: Callable[[Actor], object],
           done: Callable[[object], None]) -> bool:
    """Run a user change ``call(actor)`` of ``dialog`` on the runner's worker (password
    hashing takes a while; key ``save``: a second 确定 meanwhile does nothing); ``done`` with
    its result on the GUI thread, a refusal on the dialog's error line."""
    refused = ops.on_error_line(dialog)

    try:
        actor = dialog._actor()
    except CounterError as exc:
        refused(exc)
        return False
    return ops.run(dialog, lambda: call(actor), success=done, failure=refused, key="save",
                   triggers=(dialog.ok_button,))


class NewUserDialog(FormDialog):
    """新建用户: 工号, 姓名, 角色, 临时密码 (twice). The service call happens on submit."""

    def __init__(self, users, actor: Callable[[], Actor], parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("新建用户"), self.tr("创建"))
        self._users, self._actor = users, actor
        self.user = None
        self.set_heading(self.tr("新用户首次登录时须修改临时密码。"))
        self.user_id_edit = self.add_user_id_row()
        self.name_edit = self.add_name_row()
        self.role_boxes = _RoleBoxes(("clerk",), self)
        self.form.addRow(self.tr("角色："), self.role_boxes)
        self.password_edit = self.add_password_row(self.tr("临时密码(&P)："), "password")
        self.repeat_edit = self.add_password_row(self.tr("确认密码(&R)："), "repeat")
        self.user_id_edit.setFocus()

    def submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.show_error(self.tr("两次输入的密码不一致。"))
            return
        user_id, name = self.user_id_edit.text(), self.name_edit.text()
        roles, password = self.role_boxes.roles(), self.password_edit.text()

        def created(user: User) -> None:
            self.user = user
            self.accept()

        _write(self, lambda actor: self._users.create_user(actor, user_id, name, roles, password),
               created)


class ResetPasswordDialog(FormDialog):
    """重置密码: a temporary password (twice) for ``user_id``."""

    def __init__(self, users, actor: Callable[[], Actor], user: User,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("重置密码"), self.tr("重置"))
        self._users, self._actor, self._user = users, actor, user
        self.set_heading(self.tr("为 {name}（{user_id}）设置临时密码；该用户下次登录时须修改。"
                                 "重置也会解除因密码错误造成的锁定。").format(
            name=user.name, user_id=user.user_id))
        self.password_edit = self.add_password_row(self.tr("临时密码(&P)："), "password")
        self.repeat_edit = self.add_password_row(self.tr("确认密码(&R)："), "repeat")
        self.password_edit.setFocus()

    def submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.show_error(self.tr("两次输入的密码不一致。"))
            return
        user_id, password = self._user.user_id, self.password_edit.text()
        _write(self, lambda actor: self._users.reset_password(actor, user_id, password),
               lambda _none: self.accept())


class RolesDialog(FormDialog):
    """设置角色 of one user."""

    def __init__(self, users, actor: Callable[[], Actor], user: User,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("设置角色"), self.tr("保存"))
        self._users, self._actor, self._user = users, actor, user
        self.set_heading(self.tr("{name}（{user_id}）的角色：").format(name=user.name,
                                                                  user_id=user.user_id))
        self.role_boxes = _RoleBoxes(user.roles, self)
        self.form.addRow(self.role_boxes)

    def submit(self) -> None:
        user_id, roles = self._user.user_id, self.role_boxes.roles()
        _write(self, lambda actor: self._users.set_roles(actor, user_id, roles),
               lambda _none: self.accept())


class UsersPage(Screen):
    """用户管理.

    Args:
        users: the user service.
        actor: who acts (an administrator; see :func:`ui.admin.acting_as`).
        clock: the source of "now" (for the 锁定中 state).
        parent: the parent widget.

    Attributes:
        table: the users, one per row (the 工号 in column 0).
        new_button, toggle_button, reset_button, roles_button, refresh_button: the actions.

    Signals:
        changed(): an account was created or changed.
    """

    screen_id = "admin.users"
    changed = Signal()

    def __init__(self, users, actor: Callable[[], Actor], clock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._users, self._actor, self._clock = users, actor, clock
        self._rows: list[User] = []

        heading = QLabel(self.tr("用户管理"), self)
        heading.setObjectName("heading")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.new_button = QPushButton(self.tr("新建用户(&N)"), self)
        self.toggle_button = QPushButton(self.tr("停用(&D)"), self)
        self.reset_button = QPushButton(self.tr("重置密码(&R)"), self)
        self.roles_button = QPushButton(self.tr("设置角色(&O)"), self)
        self.refresh_button = QPushButton(self.tr("刷新"), self)
        for name, button in (("new", self.new_button), ("toggle", self.toggle_button),
                             ("reset", self.reset_button), ("roles", self.roles_button),
                             ("refresh", self.refresh_button)):
            button.setObjectName(name)
        self.new_button.clicked.connect(self.new_user)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.roles_button.clicked.connect(self.edit_roles)
        self.refresh_button.clicked.connect(self.refresh)

        buttons = QHBoxLayout()
        for b in (self.new_button, self.toggle_button, self.reset_button, self.roles_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._update_buttons()

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("用户管理")

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    # -- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list from the service (refusals are shown, e.g. after a lock)."""
        selected = self.selected()
        try:
            self._rows = self._users.list_users(self._actor())
        except CounterError as exc:
            self._rows = []
            self._fill()
            show_error(self, exc)
            return
        self._fill()
        if selected is not None:
            self.select(selected.user_id)

    def _fill(self) -> None:
        now = self._clock.now()
        self.table.setRowCount(len(self._rows))
        for r, user in enumerate(self._rows):
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "—"
            for c, text in enumerate((user.user_id, user.name, user.roles_label,
                                      state_label(user, now), last)):
                item = QTableWidgetItem(text)
                if not user.active:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(r, c, item)
        self._update_buttons()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self._rows[rows[0].row()]

    def select(self, user_id: str) -> None:
        for r, user in enumerate(self._rows):
            if user.user_id == user_id:
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        user = self.selected()
        for b in (self.toggle_button, self.reset_button, self.roles_button):
            b.setEnabled(user is not None)
        self.toggle_button.setText(self.tr("启用(&A)") if user is not None and not user.active
                                   else self.tr("停用(&D)"))

    # -- actions ---------------------------------------------------------------------------

    def new_user(self) -> None:
        dialog = NewUserDialog(self._users, self._actor, self)
        if dialog.exec():
            self._after_change(dialog.user.user_id)

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        try:
            actor = self._actor()
        except CounterError as exc:
            show_error(self, exc)
            return
        change = self._users.disable if user.active else self._users.enable
        ops.run(self, lambda: change(actor, user.user_id),
                success=lambda _none: self._after_change(user.user_id), key="toggle_active",
                triggers=(self.toggle_button,), label=self.tr("正在保存…"))

    def reset_password(self) -> None:
        user = self.selected()
        if user is not None and ResetPasswordDialog(self._users, self._actor, user, self).exec():
            self._after_change(user.user_id)

    def edit_roles(self) -> None:
        user = self.selected()
        if user is not None and RolesDialog(self._users, self._actor, user, self).exec():
            self._after_change(user.user_id)

    def _after_change(self, user_id: str) -> None:
        self.refresh()
        self.select(user_id)
        self.changed.emit()
