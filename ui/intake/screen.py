"""The intake screen (受理): one application, from the guide questions to the decision.

Top to bottom: the header (the item or package, its items, the promised limit), the tool row
(读身份证 F2, 全部收齐 Ctrl+Shift+A, 暂存 Ctrl+S), the prefill banner (免填写) when a known
applicant was recognised, then in one scrolling column the guide questions (情形引导), the one
form (一表申请) and the material checklist (材料清单), and at the bottom the decisions
(:mod:`ui.intake.decisions`).

Answering a question updates the questions after it, the fields and the checklist at once:
widgets of fields that stay are kept (with what was typed), values of fields that disappear
stay in ``intake.form``. Tab follows the order on screen; Enter moves on like Tab.

Saving (草稿自动保存): every change marks the draft dirty; it is saved 300 ms after the last
keystroke (debounced with a ``QTimer``), at once after an answer, whenever a field is left and
whenever the focus moves on while a save is pending — so a killed process loses at most the
field being typed. Saving goes through ``ctx.intake.save``; the screen never
touches the store itself.

Scanned pages (材料采集, docs/capture.md): when ``ctx.capture`` is wired, the
selected material of the checklist shows one page strip (:class:`MaterialPagesWidget`: 导入文件…,
drag and drop, reorder, rotate, delete), all imports of the screen run on one
:class:`CaptureWorker`; after every change of pages the draft is saved at once and the rows
are refreshed (a material with pages is received). With ``capture.hot_folder`` set for this
counter, a :class:`HotFolderWatcher` brings new files to the selected material.

An import still running when the clerk parks the intake, opens another, decides it, hands the
window to another user or closes it is not lost: it ends in the draft it was started for
(the strip's writer, :meth:`IntakeScreen._write_draft`) — the intake on screen, or the stored
draft by id in one transaction (``intake.update``). A draft decided or discarded meanwhile
takes nothing, and the clerk is told so and where the files are. Results that end while no
one may save (screen locked) are held and stored once someone may; closing the window waits
for running imports (wait cursor) and stores them first.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QScrollArea, QVBoxLayout, QWidget)

from counter.catalog.conditions import FIELD_PREFIX, references
from counter.errors import CounterError, DeviceNotReady
from counter.identity import Actor
from counter.intake.intake import Intake
from counter.intake.merge import IntakeSpec, is_empty
from counter.intake.validate import QUESTION_PREFIX, form_problems
from ui import ops
from ui.errors import show_error
from ui.intake.checklist import ChecklistPanel
from ui.intake.decisions import DecisionActions, DecisionBar, default_actor
from ui.intake.form import FormPanel
from ui.intake.guide import GuidePanel, OptionSelector
from ui.screen import Screen

log = logging.getLogger(__name__)

__all__ = ["IntakeScreen", "PrefillBanner", "SAVE_DEBOUNCE_MS", "READ_CARD_KEY",
           "RECEIVE_ALL_KEY", "PARK_KEY", "HOT_FOLDER_SETTING"]

#: Milliseconds after the last keystroke before the draft is saved.
SAVE_DEBOUNCE_MS = 300
#: Milliseconds between two tries to store an import that ended while no one could save
#: (the screen locked, 切换用户 under way).
HELD_RETRY_MS = 1000
READ_CARD_KEY = "F2"
RECEIVE_ALL_KEY = "Ctrl+Shift+A"
PARK_KEY = "Ctrl+S"
#: The site setting (``ctx.site.setting``) naming this counter's hot folder (热文件夹).
HOT_FOLDER_SETTING = "capture.hot_folder"
#: The site setting naming this counter's document-camera driver (高拍仪驱动服务): a WebSocket
#: URL or a JSON object of DriverConfig fields; unset: ws://127.0.0.1:12345, main camera.
DOCUMENT_CAMERA_SETTING = "capture.document_camera"

#: The field that identifies the applicant, by applicant kind (prefill is offered on it).
_APPLICANT_ID_FIELDS = {"applicant.id_number": "person", "enterprise.uscc": "organisation",
                        "org.uscc": "organisation"}


class PrefillBanner(QFrame):
    """A non-blocking offer to fill in the applicant's previous values (免填写).

    Signals:
        use(): 使用 (Alt+U) — fill the empty fields.
        ignore(): 忽略 (Alt+I).
    """

    use = Signal()
    ignore = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prefillBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#prefillBanner { background: #fff8e1; border: 1px solid #ffb300; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.use_button = QPushButton(self.tr("使用(&U)"), self)
        self.ignore_button = QPushButton(self.tr("忽略(&I)"), self)
        for button in (self.use_button, self.ignore_button):
            button.setAutoDefault(False)
            layout.addWidget(button)
        self.use_button.clicked.connect(self.use)
        self.ignore_button.clicked.connect(self.ignore)
        self.hide()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.show()


class IntakeScreen(Screen):
    """The intake of one application (受理).

    Args:
        ctx: the application context; uses ``intake``, ``cases``,
            ``site``, ``catalog`` and ``clock``.
        parent: the parent widget.
        actor: returns the acting clerk (default: the logged-in user,
            :func:`ui.intake.decisions.default_actor`).
        id_reader: the ID-card reader port of this counter, chosen where the screen is wired
            (``ctx.id_card_reader()``, :func:`bootstrap.choose_id_card_reader`;
            :meth:`set_id_reader` changes it); None: no reader is configured and 读身份证 says so (未配置身份证阅读器).
        debounce_ms: delay of the automatic save after the last keystroke.

    Attributes:
        guide: the guide questions; form: the one form; checklist: the materials;
        decisions: the decision buttons; actions: runs the decisions;
        banner: the prefill offer; status: a one-line message (saved, card read …).

    Signals:
        saved(): the draft was saved.
        decided(str, str): a decision went through (action, case number).
        finished(str): the clerk closed the decision's result (case number): next applicant.
        parked(str): the clerk set the intake aside with 暂存 (its id); it stays a draft.
        message(str): a short message for the status bar.
    """

    screen_id = "intake"
    saved = Signal()
    decided = Signal(str, str)
    finished = Signal(str)
    parked = Signal(str)
    message = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None, *,
                 actor: Callable[[], Actor] | None = None, id_reader=None,
                 debounce_ms: int = SAVE_DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._intakes = ctx.intake
        self._actor = actor or self._default_actor
        self._reader = id_reader
        self._intake: Intake | None = None
        self._spec: IntakeSpec | None = None
        self._closed = False
        self._dirty = False
        self._condition_fields: set[str] = set()
        self._prefill_checked: str | None = None
        self._prefill_offer: dict[str, Any] = {}
        self.guide: GuidePanel | None = None
        self.form: FormPanel | None = None
        self.checklist: ChecklistPanel | None = None
        self.kind_selector: OptionSelector | None = None
        self._capture = ctx.capture
        self.pages = None  # the page strip of the selected material (MaterialPagesWidget)
        self._capture_worker = None
        if self._capture is not None:
            from ui.capture.worker import CaptureWorker

            self._capture_worker = CaptureWorker(self)
        self.hot_folder = None  # the HotFolderWatcher when capture.hot_folder is set
        # imports that ended for a draft no longer on screen (docs/capture.md)
        self._stored_elsewhere: set[str] = set()  # drafts changed in the store meanwhile
        self._held: list[Callable[[], None]] = []  # results to store once the user may again
        self._held_timer = QTimer(self)
        self._held_timer.setInterval(HELD_RETRY_MS)
        self._held_timer.timeout.connect(self._store_held)
        self._watched_window: QWidget | None = None  # whose closing waits for imports
        self._closing = False
        self.not_stored_box: QMessageBox | None = None  # the last "页面未保存" message

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(debounce_ms)
        self._save_timer.timeout.connect(self.save_now)

        outer = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("intakeHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        outer.addWidget(self.header)

        tools = QHBoxLayout()
        self.kind_row = QHBoxLayout()
        tools.addLayout(self.kind_row)
        tools.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("intakeStatus")
        self.status.setStyleSheet("color: #555;")
        tools.addWidget(self.status)
        self.read_card_button = QPushButton(self.tr("读身份证 (F2)"), self)
        self.receive_all_button = QPushButton(self.tr("全部收齐 (Ctrl+Shift+A)"), self)
        self.park_button = QPushButton(self.tr("暂存 (Ctrl+S)"), self)
        self.receive_all_button.setToolTip(self.tr("把尚未收取的材料全部记为已收取（按要求份数）"))
        self.park_button.setToolTip(self.tr("保存草稿并返回事项查询，稍后可继续"))
        for button in (self.read_card_button, self.receive_all_button, self.park_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.setAutoDefault(False)
            tools.addWidget(button)
        outer.addLayout(tools)
        self.read_card_button.clicked.connect(self.read_id_card)
        self.receive_all_button.clicked.connect(self.receive_all)
        self.park_button.clicked.connect(self.park)

        self.banner = PrefillBanner(self)
        self.banner.use.connect(self.apply_prefill)
        self.banner.ignore.connect(self._dismiss_prefill)
        outer.addWidget(self.banner)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll, 1)
        self._content: QWidget | None = None

        self.decisions = DecisionBar(self, self)
        outer.addWidget(self.decisions)
        self.actions = DecisionActions(ctx.cases, lambda: self._actor(), self)
        self.actions.triggers = self.decisions.triggers()
        self.decisions.accept_requested.connect(self.accept)
        self.decisions.notify_requested.connect(self.notify)
        self.decisions.reject_requested.connect(self.reject)
        self.actions.decided.connect(self._decided)
        self.actions.done.connect(self._done)
        self.actions.refused.connect(self._refused)

        for key, slot in ((READ_CARD_KEY, self.read_id_card), (RECEIVE_ALL_KEY, self.receive_all),
                          (PARK_KEY, self.park)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._start_hot_folder()
        self._show_empty()

    # -- Screen ----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("受理")

    def activate(self) -> None:
        """Focus where work starts: the first unanswered question, else the first empty field."""
        target = self._first_open_widget()
        if target is not None:
            self._focus(target)
        else:
            self.setFocus()

    # -- the intake ------------------------------------------------------------------------

    def intake(self) -> Intake | None:
        """The intake on screen (``None`` when none, or after a decision)."""
        return None if self._closed else self._intake

    def spec(self) -> IntakeSpec | None:
        return self._spec

    def start(self, kind: str, key: str) -> Intake:
        """Start a new intake for an item (``kind="item"``) or a package and show it.

        Raises:
            CounterError: the item or package cannot be taken (shown by the caller).
        """
        intake = self._intakes.start(kind, key, self._actor())
        self.open(intake)
        return intake

    def open(self, intake: Intake) -> None:
        """Show ``intake`` (new, or resumed exactly as it was saved)."""
        self._leave_intake()
        if intake.id in self._stored_elsewhere:  # an import finished for it meanwhile
            self._stored_elsewhere.discard(intake.id)
            try:
                intake = self._intakes.load(intake.id, self._actor())
            except CounterError as exc:
                log.warning("draft not reloaded: %s", exc.message)
        spec = self._intakes.spec(intake)
        self._intake, self._spec = intake, spec
        self._closed = False
        self._dirty = False
        self._prefill_checked = None
        self._prefill_offer = {}
        self.banner.hide()
        self.status.clear()
        self._condition_fields = _condition_fields(spec)
        intake.sync_materials(spec)
        self._build(intake, spec)
        self.decisions.set_enabled(True)
        self._refresh(force_order=True)

    def _build(self, intake: Intake, spec: IntakeSpec) -> None:
        self._keep_pages_widget()
        if self._content is not None:
            self._content.deleteLater()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        codes = spec.item_codes
        self.guide = GuidePanel(spec.catalog, codes, content)
        self.form = FormPanel(self._form_values, self._today, content)
        self.checklist = ChecklistPanel(spec.catalog, codes, content)
        for title, panel in ((self.tr("一、情形引导"), self.guide),
                             (self.tr("二、申请表"), self.form),
                             (self.tr("三、材料清单"), self.checklist)):
            heading = QLabel(title, content)
            font = heading.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            heading.setFont(font)
            layout.addWidget(heading)
            layout.addWidget(panel)
        layout.addStretch(1)
        self.guide.answered.connect(self._answered)
        self.form.value_changed.connect(self._field_changed)
        self.form.field_left.connect(self._field_left)
        self.checklist.changed.connect(self._checklist_changed)
        self.checklist.selectionChanged.connect(self._material_selected)
        if self.pages is not None:
            self.checklist.set_pages_widget(self.pages)
        self.scroll.setWidget(content)
        self._content = content

        names = "、".join(f"{n}. {i.name}" for n, i in enumerate(spec.items, start=1))
        kind = self.tr("一件事") if spec.kind == "package" else self.tr("事项")
        self.header.setText(
            f'<span style="font-size:large; font-weight:bold">{_esc(spec.name)}</span>'
            f'&nbsp;&nbsp;<span style="color:#555">[{kind}] '
            + self.tr("承诺时限：{limit}").format(limit=spec.promised_limit.label())
            + "</span>"
            + (f'<br/><span style="color:#555">{self.tr("包含事项：")}{_esc(names)}</span>'
               if spec.kind == "package" else ""))

        while self.kind_row.count():
            item = self.kind_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.kind_selector = None
        if len(spec.service_objects) > 1:
            label = QLabel(self.tr("申请人类型"), self)
            selector = OptionSelector([("person", self.tr("自然人")),
                                       ("organisation", self.tr("法人或其他组织"))], self)
            selector.setAccessibleName(self.tr("申请人类型"))
            selector.set_value(intake.applicant_kind)
            selector.chosen.connect(self._kind_chosen)
            label.setBuddy(selector)
            self.kind_row.addWidget(label)
            self.kind_row.addWidget(selector)
            self.kind_selector = selector

    def _show_empty(self) -> None:
        label = QLabel(self.tr("请先在“事项查询”中选择事项或一件事（Enter 开始受理）。"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(label)
        self._content = label
        self.header.setText(self.tr("受理"))
        self.decisions.set_enabled(False)

    # -- keeping the screen in step with the situation --------------------------------------

    def _refresh(self, *, force_order: bool = False) -> None:
        intake, spec = self._intake, self._spec
        if intake is None or spec is None:
            return
        answers, form = intake.answers, intake.form
        changed = self.guide.update_questions(spec.questions(answers, form), answers)
        changed |= self.form.update_fields(spec.fields(answers, form), form)
        changed |= self.checklist.update_checklist(intake.checklist(spec))
        if changed or force_order:
            self._update_tab_order()

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = []
        if self.kind_selector is not None:
            chain.append(self.kind_selector)
        chain += self.guide.focus_widgets() + self.form.focus_widgets()
        chain += self.checklist.focus_widgets() + self.decisions.focus_widgets()
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _answered(self, question_id: str, value: str) -> None:
        if self._intake is None or self._closed:
            return
        self._intake.set_answer(question_id, value)
        self._intake.sync_materials(self._spec)
        self._refresh()
        self._dirty = True
        self.save_now()

    def _kind_chosen(self, value: str) -> None:
        if self._intake is None or self._closed:
            return
        self._intake.applicant_kind = value
        self._prefill_checked = None
        self._dirty = True
        self.save_now()

    def _field_changed(self, key: str) -> None:
        if self._intake is None or self._closed:
            return
        widget = self.form.any_widget(key)
        self._intake.set_value(self._spec.field(key), widget.value())
        if key in self._condition_fields:
            self._intake.sync_materials(self._spec)
            self._refresh()
        self._schedule_save()

    def _field_left(self, key: str) -> None:
        if self._intake is None or self._closed:
            return
        widget = self.form.any_widget(key)
        if widget is not None:
            # a value tidied on leaving (e.g. a date shown as 2026-11-21) is already stored
            self._intake.set_value(self._spec.field(key), widget.value())
        for other in self.form.widgets():  # e.g. the ID number after its document type
            if other.field.id_type_field == key and not is_empty(other.value()):
                other.validate()
        if key in _APPLICANT_ID_FIELDS and widget is not None and widget.problem() is None:
            self._offer_prefill(key, widget.value())
        self.save_now()

    def _checklist_changed(self) -> None:
        self._schedule_save()

    # -- saving ----------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def save_pending(self) -> bool:
        """True while a change waits for the debounced save."""
        return self._dirty

    def save_now(self) -> None:
        """Save the draft now if anything changed (``intake`` service); never raises."""
        self._save_timer.stop()
        if self._intake is None or self._closed or not self._dirty or self.actions.busy():
            return  # (while a decision runs the draft is not written: saved after a refusal)
        try:
            self._intakes.save(self._intake, self._actor())
        except CounterError as exc:
            log.warning("draft not saved: %s", exc.message)
            self._set_status(self.tr("草稿未保存：{reason}").format(reason=exc.message), error=True)
            return
        except Exception:  # noqa: BLE001 - never lose the screen over a failed save
            log.exception("draft not saved")
            self._set_status(self.tr("草稿保存失败，已记录日志；请勿关闭程序并联系管理员。"),
                             error=True)
            return
        self._dirty = False
        self._set_status(self.tr("草稿已自动保存 {time}").format(
            time=self._intake.updated_at.strftime("%H:%M:%S")))
        self.saved.emit()

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self._dirty and old is not None and self.isAncestorOf(old):
            self.save_now()

    def park(self) -> None:
        """暂存 (Ctrl+S): save the draft and leave it for later (emits :attr:`parked`)."""
        if self._intake is None or self._closed or self.actions.busy():
            return
        self._dirty = True
        self.save_now()
        intake_id = self._intake.id
        self._close_intake()
        self.message.emit(self.tr("已暂存，可在“继续未完成的受理”中继续。"))
        self.parked.emit(intake_id)

    # -- ID card and prefill ----------------------------------------------------------------

    def set_id_reader(self, reader) -> None:
        """Use ``reader`` (an :class:`counter.idcard.IdCardReader`, or None: none configured)
        for 读身份证 from now on."""
        self._reader = reader

    def id_reader(self):
        """The ID-card reader in use, or None when none is configured."""
        return self._reader

    def read_id_card(self) -> None:
        """读身份证 (F2): fill the applicant's name, ID number, sex, nation and address.

        The reader is read off the GUI thread (:mod:`ui.ops`; a device may take a second);
        the fields are filled when it answers, if the same intake is still on screen.

        With no reader configured the clerk is told so (未配置身份证阅读器) and nothing changes.
        """
        if self._intake is None or self._closed:
            return
        if self._reader is None:
            text = self.tr("未配置身份证阅读器，请联系管理员在“采集设备设置”中设置。")
            self._set_status(text, error=True)
            self.message.emit(text)
            return
        intake_id = self._intake.id
        ops.run(self, self._reader.read, key="read_card", triggers=(self.read_card_button,),
                success=lambda card: self._card_read(intake_id, card),
                label=self.tr("正在读取身份证…"))

    def _card_read(self, intake_id: str, card) -> None:
        """The reader answered (GUI thread): fill the intake it was read for, if still open."""
        if self._intake is None or self._closed or self._intake.id != intake_id:
            return
        if card is None:
            self._set_status(self.tr("未检测到身份证，请将身份证放在阅读器上再读。"), error=True)
            return
        values = dict(card.form_values())
        values["applicant.birth_date"] = card.birth_date.isoformat()
        filled = [k for k in values if self._spec.has_field(k)]
        for key in filled:
            self._intake.set_value(self._spec.field(key), values[key])
            self.form.set_value(key, self._intake.form.get(key))
        self._intake.sync_materials(self._spec)
        self._refresh()
        for key in filled:
            widget = self.form.widget(key)
            if widget is not None:
                widget.validate()
        self._dirty = True
        self.save_now()
        text = self.tr("已读取身份证，填入 {n} 项。").format(n=len(filled))
        if card.expired(self._today()):
            text += self.tr("注意：该身份证已过有效期。")
        self._set_status(text, error=card.expired(self._today()))
        self.message.emit(text)
        if "applicant.id_number" in filled:
            self._offer_prefill("applicant.id_number", card.id_number)

    def _offer_prefill(self, key: str, number: str) -> None:
        if is_empty(number) or number == self._prefill_checked:
            return
        self._prefill_checked = number
        try:
            values = self._intakes.prefill_for(number, self._actor(),
                                               applicant_type=_APPLICANT_ID_FIELDS[key],
                                               keys=self._spec.field_keys())
        except CounterError as exc:
            log.info("no prefill: %s", exc.message)
            return
        offer = {k: v for k, v in (values or {}).items()
                 if is_empty(self._intake.form.get(k)) and self._spec.has_field(k)}
        self._prefill_offer = offer
        if not offer:
            self.banner.hide()
            return
        labels = [self._spec.field(k).label for k in offer]
        shown = "、".join(labels[:4]) + ("等" if len(labels) > 4 else "")
        self.banner.offer(self.tr("该申请人办理过业务，可带出上次填写的 {n} 项信息（{fields}）。"
                                  "使用 Alt+U，忽略 Alt+I。").format(n=len(offer), fields=shown))

    def apply_prefill(self) -> None:
        """使用: fill the offered values into the fields that are still empty."""
        if self._intake is None or self._closed:
            return
        filled = 0
        for key, value in self._prefill_offer.items():
            if is_empty(self._intake.form.get(key)):
                self._intake.set_value(self._spec.field(key), value)
                self.form.set_value(key, self._intake.form.get(key))
                filled += 1
        self._prefill_offer = {}
        self.banner.hide()
        self._intake.sync_materials(self._spec)
        self._refresh()
        self._dirty = True
        self.save_now()
        self._set_status(self.tr("已带出上次填写的 {n} 项信息，请与申请人核对。").format(n=filled))

    def _dismiss_prefill(self) -> None:
        self._prefill_offer = {}
        self.banner.hide()

    # -- materials -------------------------------------------------------------------------

    def _material_selected(self, material_id: str) -> None:
        if self._capture is None or self._intake is None or self.checklist is None:
            return
        row = self.checklist.row(material_id) if material_id else None
        if row is None:
            return
        from counter.services.capture import colour_for

        colour = colour_for(row.merged.material)
        if self.pages is None:
            from ui.capture.pages import MaterialPagesWidget

            self.pages = MaterialPagesWidget(self._capture, self._intake, material_id,
                                             self.checklist, colour=colour,
                                             worker=self._capture_worker,
                                             actor=lambda: self._actor(),
                                             devices=self._ctx.devices)
            self._apply_driver_config()
            self.pages.writer = self._write_draft
            self.pages.changed.connect(self._pages_changed)
            self.pages.message.connect(self._pages_message)
            self.pages.notStored.connect(self._pages_not_stored)
            self.checklist.set_pages_widget(self.pages)
        else:
            self.pages.set_material(self._intake, material_id, colour=colour)
            if self.checklist.pages_widget() is not self.pages:
                self.checklist.set_pages_widget(self.pages)
        self._update_tab_order()  # the strip's controls follow the selected row's

    def _pages_changed(self) -> None:
        """Pages were added, moved, turned or removed: refresh the rows and save at once."""
        if self._intake is None or self._closed or self.checklist is None:
            return
        self.checklist.refresh_rows()
        self._dirty = True
        self.save_now()

    def _pages_message(self, text: str) -> None:
        self._set_status(text)
        self.message.emit(text)

    def _pages_not_stored(self, text: str) -> None:
        """An import ended after its draft was decided or discarded: say it where it cannot
        be missed (status line, status bar and a box that does not block the work)."""
        self._set_status(text, error=True)
        self.message.emit(text)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("页面未保存"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.not_stored_box = box

    # -- imports that end after the clerk moved on ------------------------------------------

    def imports_running(self) -> bool:
        """True while a capture job (import, turn, thumbnails) is queued or running."""
        return self._capture_worker is not None and self._capture_worker.is_busy()

    def _write_draft(self, draft_id: str, change, again) -> tuple[Any, bool]:
        """The page strip's writer (:data:`ui.capture.pages.DraftWriter`): a job's result goes
        to the draft it was started for — the intake on screen (saved by
        :meth:`_pages_changed`), else the stored draft (``intake.update``: one transaction).

        Raises:
            CounterError: that draft was decided or discarded meanwhile (``DraftClosed``),
                or is gone; nothing was stored.
        """
        if self._intake is not None and not self._closed and self._intake.id == draft_id:
            return change(self._intake), True
        if not self._may_save():
            self._hold(again)
            return None, False
        result = self._intakes.update(draft_id, change, self._actor())
        self._stored_elsewhere.add(draft_id)
        return result, False

    def _may_save(self) -> bool:
        """Whether drafts can be saved now (logged in, not locked, allowed); no audit entry."""
        permissions = self._ctx.permissions
        try:
            actor = self._actor()
        except CounterError:
            return False
        return permissions is None or permissions.allows(actor, "draft.edit")

    def _hold(self, again) -> None:
        self._held.append(again)
        self._held_timer.start()
        text = self.tr("导入已完成，但当前无法保存（屏幕已锁定或未登录）；"
                       "解锁后将自动保存到原受理草稿，请勿退出程序。")
        self._set_status(text, error=True)
        self.message.emit(text)

    def _store_held(self) -> None:
        """Store the results held while no one could save, in the order they ended."""
        if not self._held or not self._may_save():
            if not self._held:
                self._held_timer.stop()
            return
        held, self._held = self._held, []
        self._held_timer.stop()
        for again in held:
            again()  # stores it, or holds it again

    def _leave_intake(self) -> None:
        """Save the intake on screen before another takes its place (or none does). An
        import still running for it will be stored with it: so it must be in the store."""
        if self._intake is not None and not self._closed and self.imports_running():
            self._dirty = True
        self.save_now()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        window = self.window()
        if window is not self._watched_window:
            if self._watched_window is not None:
                self._watched_window.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Closing the window waits for imports still running (they are stored first)."""
        if obj is self._watched_window and event.type() == QEvent.Type.Close \
                and self._close_later():
            event.ignore()
            return True
        return super().eventFilter(obj, event)

    def _close_later(self) -> bool:
        """True while imports run: the window closes once they were stored."""
        if not self.imports_running():
            self._store_held()
            if self._held:
                log.warning("%d finished import(s) not stored at exit: no user may save",
                            len(self._held))
            self._leave_intake()
            return False
        if not self._closing:
            self._closing = True
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self._capture_worker.busyChanged.connect(self._close_when_idle)
            self._set_status(self.tr("正在保存导入的页面，完成后关闭窗口…"))
        return True

    def _close_when_idle(self, busy: bool) -> None:
        if busy or not self._closing:
            return
        self._closing = False
        self._capture_worker.busyChanged.disconnect(self._close_when_idle)
        QApplication.restoreOverrideCursor()
        window = self._watched_window
        if window is not None:
            QTimer.singleShot(0, window.close)

    def selected_material(self) -> str | None:
        """The material selected in the checklist (pages and e-licence scans go to it)."""
        return self.checklist.selected_id() if self.checklist is not None else None

    def pages_target(self):
        """The page strip of the selected material, or None (for the hot folder)."""
        if self._intake is None or self._closed or self.pages is None \
                or not self.selected_material():
            return None
        return self.pages

    def apply_scanned_code(self, code) -> str | None:
        """Record a scanned e-licence, ID QR code or queue ticket
        (:func:`counter.capture.codes.apply_to_intake`) in the intake on screen and save it.

        An e-licence makes its material 免提交（电子证照）; the holder's or the ID's values fill
        the form fields still empty. Returns the message for the clerk, or None when no intake
        is on screen (nothing changed).
        """
        if self._intake is None or self._closed or self.checklist is None:
            return None
        from counter.capture.codes import apply_to_intake

        materials = {row.merged.id: row.merged.material for row in self.checklist.rows()}
        applied = apply_to_intake(code, self._intake, materials=materials,
                                  selected_material=self.selected_material())
        changed = applied.changed
        filled = [k for k, v in applied.form_values.items()
                  if self._spec.has_field(k) and is_empty(self._intake.form.get(k))]
        for key in filled:
            self._intake.set_value(self._spec.field(key), applied.form_values[key])
            self.form.set_value(key, self._intake.form.get(key))
        if filled:
            self._intake.sync_materials(self._spec)
            self._refresh()
            for key in filled:
                widget = self.form.widget(key)
                if widget is not None:
                    widget.validate()
            changed = True
        if not changed:
            return applied.message
        self.checklist.refresh_rows()
        self._dirty = True
        self.save_now()
        message = applied.message
        if filled:
            message += self.tr("已填入 {n} 项。").format(n=len(filled))
        self._set_status(message)
        return message

    def _start_hot_folder(self) -> None:
        """Watch this counter's hot folder (``capture.hot_folder``) when one is set, through
        ``ctx.devices``; one that is missing or not writable is said on the status line and
        to the window (设备未就绪：热文件夹不存在或不可写：…), not created."""
        site = self._ctx.site
        if self._capture is None or site is None:
            return
        try:
            path = site.setting(HOT_FOLDER_SETTING)
        except CounterError as exc:
            log.warning("hot folder setting not read: %s", exc.message)
            return
        if not path or not path.strip():
            return
        if self._ctx.devices is None:
            return  # no devices at this counter (a screen without the GUI's)
        try:
            self.hot_folder = self._ctx.devices.hot_folder(path.strip(), self.pages_target, self)
        except DeviceNotReady as exc:  # missing or not writable: the clerk is told, not fooled
            log.warning("hot folder not ready")
            self._hot_folder_error(exc.message)
            return
        self.hot_folder.error.connect(self._hot_folder_error)
        self.hot_folder.start()
        log.info("hot folder watched")

    def _driver_config(self):
        """This counter's document-camera driver (``capture.document_camera``, read by
        :meth:`counter.services.settings.DocumentCameraSettings.from_setting`), and whether
        it is enabled."""
        from counter.services.settings import DocumentCameraSettings
        from ui.capture.webchannel import DriverConfig

        site = self._ctx.site
        try:
            value = site.setting(DOCUMENT_CAMERA_SETTING) if site else None
        except CounterError as exc:
            log.warning("document camera setting not read: %s", exc.message)
            value = None
        camera = DocumentCameraSettings.from_setting(value)
        return DriverConfig(**camera.driver_fields()), camera.enabled

    def _apply_driver_config(self) -> None:
        config, enabled = self._driver_config()
        self.pages.driver_config = config
        button = self.pages.document_camera_button
        button.setEnabled(enabled)
        button.setToolTip(
            QCoreApplication.translate("MaterialPagesWidget", "用高拍仪主摄像头拍摄一页")
            if enabled else self.tr("管理员已停用本窗口的高拍仪"))

    def reload_capture_settings(self) -> None:
        """The administrator saved the capture devices (采集设备设置): watch the new hot folder
        and use the new document-camera driver from now on."""
        if self.hot_folder is not None:
            self.hot_folder.stop()  # kept until the screen goes: imports may still report
            self.hot_folder.error.disconnect(self._hot_folder_error)
            self.hot_folder = None
        self._start_hot_folder()
        if self.pages is not None:
            self._apply_driver_config()

    def _hot_folder_error(self, text: str) -> None:
        self._set_status(text, error=True)
        self.message.emit(text)

    def _keep_pages_widget(self) -> None:
        """Take the strip out of the content about to be deleted (it outlives one intake)."""
        if self.pages is not None:
            self.pages.hide()
            self.pages.setParent(self)
            self.pages.hide()

    def receive_all(self) -> None:
        """全部收齐 (Ctrl+Shift+A): every applicable material not yet provided → received."""
        if self.checklist is None or self._closed or self._intake is None:
            return
        n = self.checklist.receive_all()
        if n:
            self._dirty = True
            self.save_now()
        self._set_status(self.tr("已将 {n} 项材料记为已收取。").format(n=n))

    # -- decisions -------------------------------------------------------------------------

    def accept(self) -> None:
        """受理 (Ctrl+Enter / F9)."""
        if self._ready():
            self.actions.accept(self._intake)

    def notify(self) -> None:
        """一次性告知 (F10)."""
        if self._ready():
            self.actions.notify(self._intake)

    def reject(self) -> None:
        """不予受理 (F11)."""
        if self._ready():
            self.actions.reject(self._intake, self._spec.catalog.reasons_for(
                "reject", [i.type for i in self._spec.items]))

    def _ready(self) -> bool:
        if self._intake is None or self._closed or self.actions.busy():
            return False
        if self.pages is not None and self.pages.is_busy():
            # a decision now would leave the pages still being processed out of the case
            self._set_status(self.tr("材料页面仍在处理中（导入或旋转），请待处理完成后再作决定。"),
                             error=True)
            return False
        self._sync_focused_field()
        self.save_now()
        return True

    def _sync_focused_field(self) -> None:
        """Store the value of the field being typed in (it has not been left yet)."""
        focus = QApplication.focusWidget()
        for widget in self.form.widgets():
            if widget.editor() is focus:
                self._intake.set_value(widget.field, widget.value())
                self._dirty = True

    def _decided(self, action: str, case_no: str) -> None:
        self._save_timer.stop()
        self._closed = True
        self.decisions.set_enabled(False)
        self.decided.emit(action, case_no)

    def _done(self, case_no: str) -> None:
        self._close_intake()
        self.finished.emit(case_no)

    def _refused(self, _exc: CounterError) -> None:
        if self._dirty:  # typed while the decision ran: saved now
            self._schedule_save()
        self.show_form_problems()

    def show_form_problems(self) -> dict[str, str]:
        """Mark every problem of the form beside its field and focus the first one.

        Unanswered questions come first, then fields; when the form is fine, the focus goes
        to the first material still owed.

        Returns:
            The problems (key → reason) as :func:`form_problems` gives them.
        """
        if self._intake is None or self._spec is None:
            return {}
        problems = form_problems(self._spec, self._intake.answers, self._intake.form,
                                 today=self._today())
        first_field = self.form.show_problems(problems)
        target: QWidget | None = None
        for key in problems:
            if key.startswith(QUESTION_PREFIX):
                qid = key[len(QUESTION_PREFIX):]
                if self.guide.is_shown(qid):
                    target = self.guide.row(qid).selector
                    break
        if target is None and first_field is not None:
            target = first_field.editor()
        if target is None and not problems:
            owed = self.checklist.owed()
            if owed:
                row = self.checklist.row(owed[0].id)
                target = row.status if row is not None else None
        if target is not None:
            self._focus(target)
        return problems

    def reset(self) -> None:
        """Put the intake on screen away (another user logged in): it stays a saved draft,
        found among the unfinished ones."""
        self._leave_intake()
        if self._intake is not None:
            self._close_intake()

    def _close_intake(self) -> None:
        self._save_timer.stop()
        self._intake = None
        self._spec = None
        self._closed = False
        self._dirty = False
        self.banner.hide()
        self._keep_pages_widget()
        self.guide = self.form = self.checklist = None
        self.kind_selector = None
        while self.kind_row.count():
            item = self.kind_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if self._content is not None:
            self._content.deleteLater()
            self._content = None
        self._show_empty()

    # -- helpers ---------------------------------------------------------------------------

    def _default_actor(self) -> Actor:
        return default_actor(self._ctx)

    def _today(self) -> date:
        return self._ctx.clock.now().date()

    def _form_values(self) -> dict[str, Any]:
        return dict(self._intake.form) if self._intake is not None else {}

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "color: #555;")

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(widget)

    def _first_open_widget(self) -> QWidget | None:
        if self._intake is None or self.guide is None:
            return None
        for row in self.guide.rows():
            if not row.selector.value():
                return row.selector
        for widget in self.form.widgets():
            if is_empty(widget.value()):
                return widget.editor()
        widgets = self.form.widgets()
        return widgets[0].editor() if widgets else None


def _condition_fields(spec: IntakeSpec) -> set[str]:
    """Field keys that some condition of the spec looks at (``field:KEY``)."""
    out: set[str] = set()
    for item in spec.items:
        conditions = [q.when for q in item.questions] + [f.when for f in item.fields] \
            + [m.when for m in item.materials]
        for condition in conditions:
            for ref in references(condition):
                if ref.startswith(FIELD_PREFIX):
                    out.add(ref[len(FIELD_PREFIX):])
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
