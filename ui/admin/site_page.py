"""The site page (站点设置): hall or 政银合作 point, codes, names printed on documents, the idle
lock; and the audit-trail check (审计日志校验)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from counter.errors import CounterError
from counter.identity import SITE_KINDS, Actor, SiteProfile
from counter.services.settings import IDLE_MAX, IDLE_MIN
from ui import ops
from ui.errors import show_error
from ui.login import error_text, make_error_label
from ui.screen import Screen

log = logging.getLogger(__name__)


class SitePage(Screen):
    """站点设置.

    Args:
        settings: the settings service (:class:`counter.services.settings.SettingsService`).
        audit: the audit service (:class:`counter.services.audit.AuditService`).
        actor: who acts (an administrator; see :func:`ui.admin.acting_as`).
        parent: the parent widget.

    Attributes:
        kind, region, site_code, counter_code, site_name, counter_name, contact_phone,
        review_body, court, query_url, idle_minutes: the fields (``review_body`` and ``court``
        are printed on 不予受理 and 终止办理 notices when the catalog names none).
        save_button, verify_button: the actions.
        status_label: what the last save did; audit_label: the last check's result.

    Signals:
        saved(object): the profile was saved (the new :class:`SiteProfile`).
        idle_minutes_changed(int): the idle-lock time was changed.
    """

    screen_id = "admin.site"
    saved = Signal(object)
    idle_minutes_changed = Signal(int)

    def __init__(self, settings, audit, actor: Callable[[], Actor],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings, self._audit, self._actor = settings, audit, actor
        self._profile: SiteProfile | None = None
        self._idle = None

        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for key, label in SITE_KINDS.items():
            self.kind.addItem(label, key)

        def line(name: str, max_length: int, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setMaxLength(max_length)
            edit.setPlaceholderText(placeholder)
            return edit

        self.region = line("region", 6, self.tr("6 位区划代码"))
        self.site_code = line("siteCode", 3, self.tr("3 位数字"))
        self.counter_code = line("counterCode", 2, self.tr("2 位数字"))
        self.site_name = line("siteName", 64, self.tr("印在文书上，如：某某区政务服务中心"))
        self.counter_name = line("counterName", 64, self.tr("如：综合受理 7 号窗口"))
        self.contact_phone = line("contactPhone", 32, self.tr("对外咨询电话"))
        self.review_body = line("reviewBody", 200,
                                self.tr("目录未写明时使用，如：运城市盐湖区人民政府"))
        self.court = line("court", 200, self.tr("目录未写明时使用，如：运城市盐湖区人民法院"))
        self.query_url = line("queryUrl", 256, "https://…?case={case_no}")
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(IDLE_MIN, IDLE_MAX)
        self.idle_minutes.setSuffix(self.tr(" 分钟"))

        form = QFormLayout()
        form.addRow(self.tr("站点类型(&K)："), self.kind)
        form.addRow(self.tr("区划代码："), self.region)
        form.addRow(self.tr("站点编号："), self.site_code)
        form.addRow(self.tr("窗口编号："), self.counter_code)
        form.addRow(self.tr("站点名称："), self.site_name)
        form.addRow(self.tr("窗口名称："), self.counter_name)
        form.addRow(self.tr("联系电话："), self.contact_phone)
        form.addRow(self.tr("行政复议机关："), self.review_body)
        form.addRow(self.tr("行政诉讼法院："), self.court)
        form.addRow(self.tr("查询网址模板："), self.query_url)
        form.addRow(self.tr("空闲锁屏："), self.idle_minutes)
        hint = QLabel(self.tr("政银合作服务点只能办理目录中委托给服务点的事项；其他事项显示为"
                              "“请到政务服务大厅办理”。区划、站点、窗口编号组成办件编号，"
                              "请勿与其他窗口重复。"), self)
        hint.setWordWrap(True)
        self.error_label = make_error_label(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.save_button = QPushButton(self.tr("保存(&S)"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status_label, 1)

        site_box = QGroupBox(self.tr("站点与窗口"), self)
        site_layout = QVBoxLayout(site_box)
        site_layout.addLayout(form)
        site_layout.addWidget(hint)
        site_layout.addWidget(self.error_label)
        site_layout.addLayout(save_row)

        audit_box = QGroupBox(self.tr("审计日志"), self)
        self.verify_button = QPushButton(self.tr("校验审计日志(&A)"), audit_box)
        self.verify_button.setObjectName("verify")
        self.verify_button.clicked.connect(self.verify)
        self.audit_label = QLabel(audit_box)
        self.audit_label.setObjectName("auditResult")
        audit_layout = QHBoxLayout(audit_box)
        audit_layout.addWidget(self.verify_button)
        audit_layout.addWidget(self.audit_label, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(site_box)
        layout.addWidget(audit_box)
        layout.addStretch(1)

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("站点设置")

    def activate(self) -> None:
        self.load()
        self.kind.setFocus()

    # -- data ------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the saved profile and settings."""
        p = self._settings.profile()
        self._profile = p
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))
        for edit, value in ((self.region, p.region_code), (self.site_code, p.site_code),
                            (self.counter_code, p.counter_code), (self.site_name, p.site_name),
                            (self.counter_name, p.counter_name),
                            (self.contact_phone, p.contact_phone),
                            (self.review_body, p.review_body), (self.court, p.court),
                            (self.query_url, p.query_url_template)):
            edit.setText(value)
        self._idle = self._settings.idle_minutes()
        self.idle_minutes.setValue(self._idle)
        self.error_label.hide()
        self.status_label.clear()

    def profile(self) -> SiteProfile:
        """The profile as the fields show it."""
        base = self._profile or self._settings.profile()
        return replace(base, kind=self.kind.currentData(), region_code=self.region.text().strip(),
                       site_code=self.site_code.text().strip(),
                       counter_code=self.counter_code.text().strip(),
                       site_name=self.site_name.text().strip(),
                       counter_name=self.counter_name.text().strip(),
                       contact_phone=self.contact_phone.text().strip(),
                       review_body=self.review_body.text().strip(),
                       court=self.court.text().strip(),
                       query_url_template=self.query_url.text().strip())

    def save(self) -> bool:
        """Save the profile and, when changed, the idle time, on the runner's worker (key
        ``save``: a second press while it is written does nothing); refusals are shown on the
        page, ``saved`` / ``idle_minutes_changed`` emitted for what was saved.

        Returns whether the save started (False: refused at once, or one still runs).
        """
        self.error_label.hide()
        profile, minutes = self.profile(), self.idle_minutes.value()
        old_profile, old_idle = self._profile, self._idle
        try:
            actor = self._actor()
        except CounterError as exc:
            self._refused(exc)
            return False

        def work() -> tuple[bool, bool, CounterError | None]:
            profile_saved = idle_saved = False
            try:
                if profile != old_profile:
                    self._settings.save_profile(actor, profile)
                    profile_saved = True
                if minutes != old_idle:
                    self._settings.set_idle_minutes(actor, minutes)
                    idle_saved = True
            except CounterError as exc:  # what was saved before still counts
                return profile_saved, idle_saved, exc
            return profile_saved, idle_saved, None

        def done(result: tuple[bool, bool, CounterError | None]) -> None:
            profile_saved, idle_saved, error = result
            if profile_saved:
                self._profile = profile
                self.saved.emit(profile)
            if idle_saved:
                self._idle = minutes
                self.idle_minutes_changed.emit(minutes)
            if error is not None:
                self._refused(error)
            else:
                self.status_label.setText(self.tr("已保存。"))

        return ops.run(self, work, success=done, key="save", triggers=(self.save_button,),
                       label=self.tr("正在保存…"))

    def _refused(self, exc: CounterError) -> None:
        self.error_label.setText(error_text(exc))
        self.error_label.show()
        self.status_label.clear()

    def verify(self) -> None:
        """Recompute the audit chain and show the result."""
        try:
            report = self._audit.verify_as(self._actor())
        except CounterError as exc:
            show_error(self, exc)
            return
        self.audit_label.setText(report.message)
        self.audit_label.setStyleSheet("" if report.intact else "color: #b00020;")
