"""Fixtures of the tolerance widget tests: the small catalog (its 个体工商户设立登记 tolerates
经营场所使用证明 for 3 working days), a clerk and a supervisor, the main window, and printers
that write PDF files."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from counter.ids import make_id_number
from counter.ports import CreditChecker
from counter.intake.intake import MaterialStatus
from counter.security import fast_hasher
from tests.capture import images
from tests.ui.conftest import ITEM_CODE, mini_catalog

ADMIN = ("a0001", "管理员甲", "Admin#Desk2026")
CLERK = ("c0012", "综窗乙", "Clerk#Desk2026")
SUPERVISOR = ("s0003", "值班长丙", "Super#Desk2026")
TEMP = "Temp#Pass2026"
PREMISES = "M-PREMISES"
ID_NUMBER = make_id_number("330106", date(1985, 3, 14), 11)


class FakeCredit(CreditChecker):
    """The platform's credit lookup, answering what the test says (default: offline)."""

    def __init__(self) -> None:
        from counter.credit import CreditResult

        self.result = CreditResult.unchecked("未配置省级平台地址")

    def check(self, id_type, subject_id):
        return self.result


@pytest.fixture
def credit():
    return FakeCredit()


def tolerance_catalog() -> dict:
    """The small catalog with the reasons a supervisor refuses tolerance with."""
    doc = mini_catalog()
    doc["catalog_version"] = "2026.11.01-ui-tolerance"
    doc["reasons"] = [
        {"code": "TR-01", "kind": "tolerance_refuse", "text": "所缺材料为核心要件，不属于容缺材料。"},
        {"code": "TR-02", "kind": "tolerance_refuse", "text": "申请人有未按期补交容缺材料的记录。"},
    ]
    return doc


@pytest.fixture
def mini_ctx(data_dir, clock, credit):
    """A fresh store holding :func:`tolerance_catalog` as the active catalog (fast password
    hashing, the test's credit checker)."""
    from bootstrap import QtDevices
    from tests.helpers.context import build_context

    c = build_context(data_dir, clock=clock, load_sample=False, hasher=fast_hasher(),
                      devices=QtDevices, credit=credit)
    c.catalog.import_document(json.dumps(tolerance_catalog(), ensure_ascii=False)
                              .encode("utf-8"), source="test")
    yield c
    c.close()


@pytest.fixture
def tctx(mini_ctx, credit):
    """The small catalog's store with a clerk and a supervisor, the clerk logged in (the
    session guard enforcing, as in the GUI)."""
    users = mini_ctx.users
    users.create_first_admin(*ADMIN)
    admin = users.login(ADMIN[0], ADMIN[2])
    for (uid, name, _pw), roles in ((CLERK, ["clerk"]), (SUPERVISOR, ["supervisor"])):
        users.create_user(admin.actor, uid, name, roles, TEMP)
    users.logout(admin)
    for uid, _name, pw in (CLERK, SUPERVISOR):
        s = users.login(uid, TEMP)
        users.change_password(s, TEMP, pw)
        users.logout(s)
    mini_ctx.permissions.guard.enforce(True)
    users.login(CLERK[0], CLERK[2])
    return mini_ctx


def login(ctx, who):
    return ctx.users.login(who[0], who[2])


@pytest.fixture
def printed(pdf_printer):
    """Every print job goes to a new PDF file (``pdf_printer`` of tests/ui/conftest.py)."""
    return pdf_printer


@pytest.fixture
def page_file(tmp_path):
    """A scanned page on disk (a signed sheet)."""
    def make(name: str = "签字页.jpg", seed: int = 1):
        path = tmp_path / name
        path.write_bytes(images.encode(images.text_page((420, 600), seed=seed, lines=6)))
        return path
    return make


@pytest.fixture
def window(qtbot, tctx):
    from ui.main_window import MainWindow

    w = MainWindow(tctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def case_of(ctx, case_no: str):
    """The stored case (read straight from the store, as the store tests do)."""
    from counter.cases import repository

    with ctx.uow(read_only=True) as u:
        return repository.load_case(u.session, case_no)


def ready_intake(ctx, *, save: bool = True):
    """A complete intake of the item but for the premises proof (tolerable, 3 WD)."""
    import inspect

    service = ctx.intake
    named = "actor" in inspect.signature(service.save).parameters  # drafts name their actor
    actor = ctx.permissions.guard.current.actor
    intake = service.start("item", ITEM_CODE, actor) if named else service.start("item", ITEM_CODE)
    spec = service.spec(intake)
    intake.set_answer("q_agent", "self")
    for key, value in (("applicant.name", "张三"), ("applicant.id_type", "111"),
                       ("applicant.id_number", ID_NUMBER), ("applicant.mobile", "13800138000")):
        intake.set_value(spec.field(key), value)
    for m, state in intake.checklist(spec):
        state.status = (MaterialStatus.MISSING if m.id == PREMISES
                        else MaterialStatus.RECEIVED)
        state.copies_received = 0 if m.id == PREMISES else m.copies
    if save:
        if named:
            service.save(intake, actor)
        else:  # pragma: no cover - before drafts named their actor
            service.save(intake)
    return intake
