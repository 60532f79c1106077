"""Login (登录), the first-start administrator and changing one's password.

:func:`ensure_login` is what start-up calls before the main window exists: on a store without
any user it asks for the first administrator (no default account, no default password), then
shows the login dialog, then — for a temporary password set by an administrator — insists on a
new one. It returns the :class:`counter.auth.LoginSession`, or None when the user quits.

Every dialog submits with Enter and shows refusals in Chinese inside itself (a red line under
the fields), never in a separate box: the clerk retypes and goes on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.security import MIN_LENGTH

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"


def make_password_edit(parent: QWidget, name: str) -> QLineEdit:
    """A password field (echo hidden, ASCII, at most 64 characters) called ``name``."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(64)
    # a password is typed in ASCII whatever the input method says
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return edit


def make_error_label(parent: QWidget) -> QLabel:
    """The red line for a refusal (object name ``error``), hidden while empty."""
    label = QLabel(parent)
    label.setObjectName("error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def error_text(exc: CounterError) -> str:
    """The message of a refusal with its problems, one per line."""
    lines = [exc.message] + [f"• {p}" for p in exc.problems]
    return "\n".join(lines)


class FormDialog(QDialog):
    """A small dialog: a form, an error line, OK and Cancel; Enter submits."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str,
                 cancel_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.heading.hide()
        self.error_label = make_error_label(self)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            cancel_text or self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        # wide enough that a heading or a refusal wraps into a few readable lines
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("汉") * 28)

    def set_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setVisible(bool(text))
        self.fit_text()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.fit_text()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def fit_text(self) -> None:
        """Make the dialog as tall as its wrapped lines need at its width (Qt does not count
        a word-wrapped label's height in a window's minimum size: the rows get squeezed)."""
        layout = self.layout()
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalMinimumSize().height())
        self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(width, needed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.fit_text()

    def error(self) -> str:
        """The error shown now ('' when none)."""
        return self.error_label.text() if self.error_label.isVisible() else ""

    def submit(self) -> None:
        raise NotImplementedError

    # -- rows ------------------------------------------------------------------------------

    def add_user_id_row(self, name: str = "userId", text: str = "", *,
                        placeholder: bool = False) -> QLineEdit:
        """Add the 工号 row (at most 32 characters) and return its field.

        Args:
            name: the field's object name.
            text: the 工号 filled in.
            placeholder: show 工号 in the empty field.
        """
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setMaxLength(32)
        if placeholder:
            edit.setPlaceholderText(self.tr("工号"))
        self.form.addRow(self.tr("工号(&U)："), edit)
        return edit

    def add_name_row(self) -> QLineEdit:
        """Add the 姓名 row (at most 32 characters, object name ``name``) and return its field."""
        edit = QLineEdit(self)
        edit.setObjectName("name")
        edit.setMaxLength(32)
        self.form.addRow(self.tr("姓名(&N)："), edit)
        return edit

    def add_password_row(self, label: str, name: str) -> QLineEdit:
        """Add a password row (see :func:`make_password_edit`) and return its field.

        Args:
            label: the row's label, translated by the caller (密码, 临时密码, 确认密码 …).
            name: the field's object name.
        """
        edit = make_password_edit(self, name)
        self.form.addRow(label, edit)
        return edit


class CredentialsDialog(FormDialog):
    """A form for someone's 工号 and 密码 (登录, 值班长当面确认); Enter submits.

    An empty field is pointed at without asking the service; a refusal clears the password
    and puts the cursor back there. Subclasses make the service call in :meth:`verify`.

    Args:
        parent, title, ok_text, cancel_text: as for :class:`FormDialog`.
        user_id: prefilled 工号 (the cursor then starts in the password).
        user_id_name, password_name: the fields' object names.

    Attributes:
        user_id_edit, password_edit: the fields.
    """

    def __init__(self, parent: QWidget | None, title: str, ok_text: str,
                 cancel_text: str | None = None, *, user_id: str = "",
                 user_id_name: str = "userId", password_name: str = "password") -> None:
        super().__init__(parent, title, ok_text, cancel_text)
        self.user_id_edit = self.add_user_id_row(user_id_name, user_id, placeholder=True)
        self.password_edit = self.add_password_row(self.tr("密码(&P)："), password_name)
        (self.password_edit if user_id else self.user_id_edit).setFocus()

    def verify(self, user_id: str, password: str) -> bool:
        """The service call with the typed 工号 and 密码.

        Returns:
            True to close the dialog; False to stay open (the subclass has said why).

        Raises:
            CounterError: the service refused (shown in the dialog).
        """
        raise NotImplementedError

    def submit(self) -> None:
        user_id = self.user_id_edit.text().strip()
        password = self.password_edit.text()
        if not user_id:
            self.show_error(self.tr("请输入工号。"))
            self.user_id_edit.setFocus()
            return
        if not password:
            self.show_error(self.tr("请输入密码。"))
            self.password_edit.setFocus()
            return
        try:
            done = self.verify(user_id, password)
        except CounterError as exc:
            self.password_edit.clear()
            self.show_error(error_text(exc))
            self.password_edit.setFocus()
            return
        if done:
            self.clear_error()
            self.accept()


class LoginDialog(CredentialsDialog):
    """工号 + 密码 (登录).

    Args:
        users: the user service.
        parent: the parent widget.
        title: the window title (default 登录).
        user_id: prefilled 工号.

    Attributes:
        session: the login session after a successful login (None before).
        user_id_edit, password_edit: the fields.
    """

    def __init__(self, users, parent: QWidget | None = None, *, title: str | None = None,
                 user_id: str = "") -> None:
        super().__init__(parent, title or self.tr("登录 — 综窗受理台"), self.tr("登录"),
                         self.tr("退出"), user_id=user_id)
        self._users = users
        self.session = None

    def verify(self, user_id: str, password: str) -> bool:
        session = self._users.login(user_id, password)
        if session.user.must_change:
            change = ChangePasswordDialog(self._users, session, self, forced=True)
            if change.exec() != QDialog.DialogCode.Accepted:
                self._users.logout(session)
                self.password_edit.clear()
                self.show_error(self.tr("须先修改临时密码才能使用。"))
                return False
        self.session = session
        return True


class FirstAdminDialog(FormDialog):
    """First start (首次启动): create the system administrator.

    Attributes:
        user: the administrator created (None before).
        session: the administrator's login session (logged in right after creation).
    """

    def __init__(self, users, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("首次启动 — 创建系统管理员"), self.tr("创建"),
                         self.tr("退出"))
        self._users = users
        self.user = None
        self.session = None
        self.set_heading(self.tr(
            "本机尚无任何用户。请创建系统管理员账号，之后由管理员为窗口人员创建账号。\n"
            "密码至少 {n} 位，含大写字母、小写字母、数字、符号中的至少三类。").format(n=MIN_LENGTH))
        self.user_id_edit = self.add_user_id_row()
        self.name_edit = self.add_name_row()
        self.password_edit = self.add_password_row(self.tr("密码(&P)："), "password")
        self.repeat_edit = self.add_password_row(self.tr("确认密码(&R)："), "repeat")
        self.user_id_edit.setFocus()

    def submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.show_error(self.tr("两次输入的密码不一致。"))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        password = self.password_edit.text()
        try:
            self.user = self._users.create_first_admin(
                self.user_id_edit.text(), self.name_edit.text(), password)
            self.session = self._users.login(self.user.user_id, password)
        except CounterError as exc:
            self.show_error(error_text(exc))
            return
        self.accept()


class ChangePasswordDialog(FormDialog):
    """修改密码: the current password, the new one twice.

    Args:
        forced: the current password is a temporary one (the dialog says so).
    """

    def __init__(self, users, session, parent: QWidget | None = None, *,
                 forced: bool = False) -> None:
        super().__init__(parent, self.tr("修改密码"), self.tr("修改"))
        self._users = users
        self._session = session
        if forced:
            self.set_heading(self.tr("您的密码是管理员设置的临时密码，请先设置自己的密码。"))
        self.old_edit = self.add_password_row(self.tr("当前密码(&O)："), "oldPassword")
        self.new_edit = self.add_password_row(self.tr("新密码(&N)："), "newPassword")
        self.repeat_edit = self.add_password_row(self.tr("确认新密码(&R)："), "repeat")
        self.old_edit.setFocus()

    def submit(self) -> None:
        if self.new_edit.text() != self.repeat_edit.text():
            self.show_error(self.tr("两次输入的新密码不一致。"))
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return
        try:
            self._users.change_password(self._session, self.old_edit.text(),
                                        self.new_edit.text())
        except CounterError as exc:
            self.show_error(error_text(exc))
            self.old_edit.clear()
            self.old_edit.setFocus()
            return
        self.accept()


def ensure_login(users, parent: QWidget | None = None):
    """First-start administrator if needed, then login: the session, or None to quit.

    Args:
        users: the user service (:class:`counter.services.users.UserService`).
        parent: the parent of the dialogs (normally none: the main window does not exist yet).
    """
    if users.needs_first_admin():
        first = FirstAdminDialog(users, parent)
        if first.exec() != QDialog.DialogCode.Accepted:
            return None
        return first.session
    dialog = LoginDialog(users, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.session
