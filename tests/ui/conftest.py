"""Fixtures for the widget tests: a small catalog of our own and helpers to type Chinese.

``mini_ctx`` is a real store with a small catalog written here (so that tests can rely on
exact questions, conditions and merges); ``ctx`` has the sample catalog.

The window works for the logged-in user, as in the program: each of these stores has a
user logged in (:func:`log_in`: 工号 ``u0001``, clerk and administrator, cheap hashing) and the
session guard enforcing, so every service call a screen makes is checked as it is in the GUI.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter.security import fast_hasher

AGENT_COND = {"q_agent": "agent"}


def mini_catalog() -> dict:
    """A small catalog document (format v1): two items sharing materials, one package."""
    limit = lambda v, u="WD": {"value": v, "unit": u}  # noqa: E731
    return {
        "format": "counter-catalog",
        "format_version": 1,
        "catalog_version": "2026.11.01-ui",
        "published_at": "2026-11-01T08:00:00+08:00",
        "region": {"code": "330106", "name": "杭州市西湖区"},
        "departments": [
            {"id": "D-SCJ", "name": "区市场监督管理局", "uscc": "11330100MB1234567E"},
            {"id": "D-SWJ", "name": "区税务局", "uscc": "11330100MB1234568H"},
        ],
        "fields": [
            {"key": "applicant.name", "label": "申请人姓名", "type": "text", "max_length": 50},
            {"key": "applicant.id_type", "label": "证件类型", "type": "choice",
             "choices": [{"value": "111", "label": "居民身份证"}, {"value": "414", "label": "普通护照"}]},
            {"key": "applicant.id_number", "label": "证件号码", "type": "id_number",
             "id_type_field": "applicant.id_type"},
            {"key": "applicant.mobile", "label": "手机号码", "type": "mobile"},
            {"key": "agent.name", "label": "代理人姓名", "type": "text"},
            {"key": "business.scope", "label": "经营范围", "type": "textarea"},
        ],
        "materials": [
            {"id": "M-ID-CARD", "name": "申请人身份证件", "kind": "certificate", "medium": "paper"},
            {"id": "M-APPLY", "name": "个体工商户登记（备案）申请书", "kind": "form", "medium": "paper",
             "blank_form": "个体工商户登记申请书"},
            {"id": "M-AGENT", "name": "委托书及代理人身份证件", "kind": "other", "medium": "paper"},
            {"id": "M-PREMISES", "name": "经营场所使用证明", "kind": "certificate", "medium": "either"},
            {"id": "M-TAX-FORM", "name": "税务登记信息确认表", "kind": "form", "medium": "paper"},
        ],
        "items": [
            {
                "code": "11330106MB0000001X4000111700001",
                "name": "个体工商户设立登记",
                "short_name": "个体户开业",
                "type": "07",
                "department": "D-SCJ",
                "service_object": ["person"],
                "case_type": "commitment",
                "legal_limit": limit(15),
                "promised_limit": limit(3),
                "fee": False,
                "bank_point": True,
                "tolerance": True,
                "keywords": ["开店", "营业执照"],
                "questions": [
                    {"id": "q_agent", "text": "是否委托代理人办理",
                     "options": [{"value": "self", "label": "本人办理"},
                                 {"value": "agent", "label": "委托代理人"}]},
                    {"id": "q_agent_id", "text": "代理人是否持有居民身份证",
                     "options": [{"value": "yes", "label": "是"}, {"value": "no", "label": "否"}],
                     "when": AGENT_COND},
                ],
                "fields": [
                    {"field": "applicant.name", "required": True},
                    {"field": "applicant.id_type", "required": True},
                    {"field": "applicant.id_number", "required": True},
                    {"field": "applicant.mobile", "required": True},
                    {"field": "agent.name", "required": True, "when": AGENT_COND},
                    {"field": "business.scope", "required": False},
                ],
                "materials": [
                    {"material": "M-APPLY", "necessity": "required", "copies": 1,
                     "original": "keep", "audit_points": ["申请人签字", "经营范围表述规范"]},
                    {"material": "M-ID-CARD", "necessity": "required", "original": "check",
                     "audit_points": ["证件在有效期内"]},
                    {"material": "M-AGENT", "necessity": "required", "original": "check",
                     "when": AGENT_COND, "audit_points": ["委托事项和权限明确"]},
                    {"material": "M-PREMISES", "necessity": "tolerable", "copies": 1,
                     "supplement_limit": limit(3),
                     "audit_points": ["地址与申请书一致"]},
                ],
            },
            {
                "code": "11330106MB0000002Y4000111700002",
                "name": "个体工商户税务信息确认",
                "type": "20",
                "department": "D-SWJ",
                "service_object": ["person"],
                "case_type": "immediate",
                "legal_limit": limit(5),
                "promised_limit": limit(0),
                "fee": False,
                "tolerance": False,
                "questions": [
                    {"id": "q_agent", "text": "是否委托代理人办理",
                     "options": [{"value": "self", "label": "本人办理"},
                                 {"value": "agent", "label": "委托代理人"}]},
                ],
                "fields": [
                    {"field": "applicant.name", "required": True},
                    {"field": "applicant.mobile", "required": False},
                ],
                "materials": [
                    {"material": "M-ID-CARD", "necessity": "required", "copies": 2,
                     "original": "check", "audit_points": ["复印件与原件一致"]},
                    {"material": "M-TAX-FORM", "necessity": "required", "original": "keep"},
                    {"material": "M-AGENT", "necessity": "optional", "when": AGENT_COND},
                ],
            },
        ],
        "packages": [
            {"id": "PKG-GTKY", "name": "个体工商户开业一件事",
             "items": ["11330106MB0000001X4000111700001", "11330106MB0000002Y4000111700002"],
             "keywords": ["开业"]},
        ],
    }


#: The user logged in for the widget tests: 工号, 姓名, password.
USER = ("u0001", "窗口甲", "Window#Desk2026")


def log_in(ctx, roles=("clerk", "admin"), *, enforce: bool = True):
    """Create (on a context built with a cheap hasher) the user :data:`USER` holding ``roles``
    (the first administrator of the store), log them in and enforce, as the GUI does
    (``enforce=False``: the screens act as that user, while the test's own set-up calls may
    name other actors — the role matrix still applies to them).

    Returns:
        The :class:`counter.auth.LoginSession`.
    """
    users = ctx.users
    uid, name, password = USER
    users.create_first_admin(uid, name, password)
    session = users.login(uid, password)
    if set(roles) != {"admin"}:
        users.set_roles(session.actor, uid, sorted(set(roles) | {"admin"}))
        session = users.login(uid, password)
    ctx.permissions.guard.enforce(enforce)
    return session


def me(ctx):
    """The logged-in user's actor (who the screens act as)."""
    return ctx.permissions.guard.actor()


ITEM_CODE = "11330106MB0000001X4000111700001"
TAX_CODE = "11330106MB0000002Y4000111700002"
PACKAGE_ID = "PKG-GTKY"


@pytest.fixture
def mini_ctx(data_dir, clock):
    """A fresh store holding :func:`mini_catalog` as the active catalog."""
    from bootstrap import QtDevices
    from tests.helpers.context import build_context

    c = build_context(data_dir, clock=clock, load_sample=False, hasher=fast_hasher(),
                      devices=QtDevices)
    c.catalog.import_document(json.dumps(mini_catalog(), ensure_ascii=False).encode("utf-8"),
                              source="test")
    log_in(c)
    yield c
    c.close()


@pytest.fixture
def ctx(data_dir, clock):
    """A fresh store with the sample catalog, on a fixed clock, :data:`USER` logged in."""
    from bootstrap import QtDevices
    from tests.helpers.context import build_context

    c = build_context(data_dir, clock=clock, hasher=fast_hasher(), devices=QtDevices)
    log_in(c)
    yield c
    c.close()


def commit_text(widget: QWidget, text: str) -> None:
    """Type ``text`` the way an input method does (``keyClicks`` aborts on non-ASCII)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def message_boxes(monkeypatch):
    """Message boxes do not block; each shown box is recorded as ``(title, text, informative)``."""
    shown: list[tuple[str, str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def pdf_printer(tmp_path, monkeypatch):
    """Every printer opens as a PDF-file printer (QPrinter PdfFormat works headless): each
    print job becomes a new file, listed in order. A PDF-file printer receives the document's
    own bytes (see :func:`printing.printer.print_pdf`)."""
    from PySide6.QtPrintSupport import QPrinter

    from printing import printer

    jobs: list = []
    folder = tmp_path / "prints"
    folder.mkdir(exist_ok=True)

    def open_printer(name):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = folder / f"job{len(jobs)}.pdf"
        p.setOutputFileName(str(path))
        jobs.append(path)
        return p

    monkeypatch.setattr(printer, "open_printer", open_printer)
    return jobs


@pytest.fixture
def doc_ctx(data_dir, clock):
    """Like ``mini_ctx``, with the decisions archiving their documents (the renderer of
    ``printing`` wired, as ``main.py`` does)."""
    from bootstrap import QtDevices
    from tests.helpers.context import build_context
    from printing.archive import PdfRenderer

    c = build_context(data_dir, clock=clock, load_sample=False,
                      renderer=PdfRenderer.for_data_dir(data_dir), hasher=fast_hasher(),
                      devices=QtDevices)
    c.catalog.import_document(json.dumps(mini_catalog(), ensure_ascii=False).encode("utf-8"),
                              source="test")
    log_in(c)
    yield c
    c.close()


@pytest.fixture(autouse=True)
def _operations_done():
    """No operation of one test runs into the next (:mod:`ui.ops`): wait for them after it."""
    yield
    from tests.helpers.ops import drain

    assert drain(), "an operation of this test still runs"
