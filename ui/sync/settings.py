"""The platform configuration (同步设置), for administrators.

平台地址 and CA 文件 are plain configuration, saved in the store (``SyncService.set_config``).
The client secret (客户端密钥) goes to the operating system's keyring and nowhere else
(``sync.secrets.set_client_secret``): the field is a password field, it is emptied as soon as
the secret was handed to the keyring, it is never shown again (only whether one is stored),
never logged, never written to the store or a settings file. With no usable keyring the
dialog says so in Chinese and saves no secret — there is no plaintext fallback.

After a save the background worker reads the configuration again (:attr:`SyncSettingsDialog.
saved`, connected to ``SyncBridge.restart``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import Actor
from ui import ops

log = logging.getLogger(__name__)

__all__ = ["SyncSettingsDialog"]


class SyncSettingsDialog(QDialog):
    """平台地址, CA 文件 and 客户端密钥 of this counter.

    Args:
        sync: the sync service (``ctx.sync``).
        client_id: this counter's client id (``<region>-<site>-<counter>``).
        actor: returns who saves (an administrator; the service checks ``platform.configure``
            and audits the change).
        parent: the parent widget.
        secrets: the secret store functions (default :mod:`sync.secrets`; tests may pass
            another module with ``set_client_secret``, ``has_client_secret``,
            ``keyring_problem``, ``ENV_VAR`` and ``SecretUnavailable``).

    Attributes:
        url_edit, ca_edit, secret_edit: the fields; secret_state: whether a secret is stored;
        problem: what went wrong (red), if anything.

    Signals:
        saved(): the configuration was saved (restart the worker).
    """

    saved = Signal()

    def __init__(self, sync, client_id: str, actor: Callable[[], Actor],
                 parent: QWidget | None = None, *, secrets=None) -> None:
        super().__init__(parent)
        if secrets is None:
            from sync import secrets
        self._secrets = secrets
        self._sync = sync
        self._client_id = client_id
        self._actor = actor
        self.setWindowTitle(self.tr("同步设置"))
        self.setMinimumWidth(560)

        config = sync.config()
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("本窗口与省级一体化政务服务平台同步所需的地址和凭据。"
                               "客户端密钥只保存在本机操作系统的密钥环中。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.url_edit = QLineEdit(config.platform_url or "", self)
        self.url_edit.setObjectName("platformUrl")
        self.url_edit.setPlaceholderText("https://zwfw.example.gov.cn/counter")
        form.addRow(self.tr("平台地址"), self.url_edit)

        ca_row = QHBoxLayout()
        self.ca_edit = QLineEdit(config.ca_file or "", self)
        self.ca_edit.setObjectName("caFile")
        self.ca_edit.setPlaceholderText(self.tr("留空则使用系统信任的证书"))
        self.ca_button = QPushButton(self.tr("选择…"), self)
        self.ca_button.setAutoDefault(False)
        self.ca_button.clicked.connect(self._choose_ca)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        form.addRow(self.tr("CA 文件"), ca_row)

        client = QLabel(client_id, self)
        client.setObjectName("clientId")
        client.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("客户端编号"), client)

        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("clientSecret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        form.addRow(self.tr("客户端密钥"), self.secret_edit)
        self.secret_state = QLabel(self)
        self.secret_state.setObjectName("secretState")
        self.secret_state.setWordWrap(True)
        form.addRow("", self.secret_state)
        layout.addLayout(form)

        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._keyring_problem = secrets.keyring_problem()
        self._show_secret_state()
        self.url_edit.setFocus()

    def _show_secret_state(self) -> None:
        from_env = bool(os.environ.get(self._secrets.ENV_VAR))
        if self._keyring_problem:
            self.secret_edit.setEnabled(False)
            self.secret_edit.setPlaceholderText(self.tr("无法保存"))
            text, colour = self._keyring_problem, "#c62828"
        elif self._secrets.has_client_secret(self._client_id):
            self.secret_edit.setPlaceholderText(self.tr("已保存；留空则不修改"))
            text, colour = self.tr("密钥已保存在系统密钥环中（不显示）。输入新密钥可替换。"), "#2e7d32"
        else:
            self.secret_edit.setPlaceholderText(self.tr("由平台分配的客户端密钥"))
            text, colour = self.tr("尚未保存密钥：同步不能开始。"), "#ef6c00"
        if from_env:
            text += self.tr("（当前进程由环境变量 {name} 提供密钥，优先使用。）").format(
                name=self._secrets.ENV_VAR)
        self.secret_state.setText(text)
        self.secret_state.setStyleSheet(f"color: {colour};")

    def _choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择 CA 证书文件"), self.ca_edit.text(),
            self.tr("证书 (*.pem *.crt *.cer);;所有文件 (*)"))
        if path:
            self.ca_edit.setText(path)

    def _fail(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def save(self) -> bool:
        """Save the address and CA file (the service checks the administrator first), then
        hand a newly typed secret to the keyring — only once that succeeded. Both are written
        on the runner's worker (key ``save``: a second 保存 meanwhile does nothing); the
        outcome shows in the dialog, which closes when everything was saved.

        Returns False when refused at once (no administrator, no CA file) or a save still
        runs, True when the save started.
        """
        self.problem.hide()
        actor = self._actor()
        if actor is None:
            self._fail(self.tr("仅管理员可修改同步设置，请以管理员身份登录。"))
            return False
        url = self.url_edit.text().strip()
        ca = self.ca_edit.text().strip()
        if ca and not Path(ca).is_file():
            self._fail(self.tr("找不到 CA 文件：{path}").format(path=ca))
            self.ca_edit.setFocus()
            return False
        secret = self.secret_edit.text()
        sync, secrets, client_id = self._sync, self._secrets, self._client_id

        def work():
            sync.set_config(url or None, ca or None, actor=actor)
            if secret.strip():
                try:
                    secrets.set_client_secret(client_id, secret)
                except secrets.SecretUnavailable as exc:
                    return exc
            return None

        def refused(exc: BaseException) -> None:
            if isinstance(exc, CounterError):
                self._fail(exc.message)
                self.url_edit.setFocus()
            else:  # not a refusal: shown with an incident id
                from ui.errors import show_error

                show_error(self, exc)

        def stored(unavailable) -> None:
            self.secret_edit.clear()  # the secret stays nowhere but in the keyring
            if unavailable is not None:
                self._show_secret_state()
                self._fail(self.tr("平台地址已保存，但客户端密钥未保存：{reason}").format(
                    reason=unavailable.message))
                self.saved.emit()
                return
            log.info("sync settings saved in the dialog (url set: %s)", bool(url))
            self.saved.emit()
            self.accept()

        return ops.run(self, work, success=stored, failure=refused, key="save",
                       triggers=(self.save_button,), label=self.tr("正在保存…"))
