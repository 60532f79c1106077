"""No dialog is taller than a 1366×768 screen with a task bar: every dialog that can be built on
its own, with a realistic amount of content, needs no more than the screen has (so the clamp of
:mod:`ui.guard` never squeezes one), and once shown it lies within the screen."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QRect

from counter.catalog.model import Reason
from counter.clock import CST
from counter.limit import Limit, LimitUnit
from counter.tolerance import ToleratedMaterial
from tests.ui.test_guard import SMALL_SCREEN
from ui import guard as ui_guard

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
#: what the window frame leaves of a 1366×768 screen with a 40-pixel task bar
ROOM_HEIGHT = SMALL_SCREEN.height() - ui_guard.FRAME_ALLOWANCE.height()


def materials(n: int = 4) -> list[ToleratedMaterial]:
    return [ToleratedMaterial(material=f"M-{k}", name=f"经营场所使用证明（租赁合同及产权证明）{k}",
                              limit=Limit(5, LimitUnit.WD), items=("X",), copies=1,
                              original="check", deadline=date(2026, 11, 27))
            for k in range(n)]


def reasons(kind: str, n: int = 12) -> list[Reason]:
    return [Reason(f"R{k:02d}", kind, "申请事项依法不属于本行政机关职权范围，应当即时作出不予受理的决定"
                   + "并告知申请人向有关行政机关申请" * (k % 2)) for k in range(n)]


def build(name: str, ctx, session):
    from ui.admin.users_page import NewUserDialog, ResetPasswordDialog
    from ui.intake.decisions import RejectDialog
    from ui.login import ChangePasswordDialog, FirstAdminDialog, LoginDialog
    from ui.printer_settings import PrinterSettingsDialog
    from ui.tolerance.approval import RefuseDialog, SupervisorConfirmDialog
    from ui.tolerance.deadlines import TerminateDialog
    from ui.tolerance.request import RequestDialog
    from ui.tolerance.supplement import SupplementDialog

    users, capture = ctx.users, ctx.capture
    return {
        "request": lambda: RequestDialog("个体工商户设立登记", materials(), capture, NOW),
        "supplement": lambda: SupplementDialog("140802-001-01-2611-00001", "个体工商户设立登记",
                                               materials(), capture, NOW),
        "reject": lambda: RejectDialog(reasons("reject")),
        "refuse": lambda: RefuseDialog(reasons("tolerance_refuse")),
        "terminate": lambda: TerminateDialog("140802-001-01-2611-00001", "个体工商户设立登记"),
        "first_admin": lambda: FirstAdminDialog(users),
        "login": lambda: LoginDialog(users),
        "change_password": lambda: ChangePasswordDialog(users, session, forced=True),
        "new_user": lambda: NewUserDialog(users, lambda: session.actor),
        "reset_password": lambda: ResetPasswordDialog(users, lambda: session.actor, session.user),
        "supervisor_confirm": lambda: SupervisorConfirmDialog(users),
        "printer_settings": lambda: PrinterSettingsDialog(ctx.site, names=lambda: ["A4-1"],
                                                          default_name=lambda: "A4-1"),
    }[name]()


NAMES = ["request", "supplement", "reject", "refuse", "terminate", "first_admin", "login",
         "change_password", "new_user", "reset_password", "supervisor_confirm",
         "printer_settings"]


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(ui_guard, "available_geometry", lambda _w=None: QRect(SMALL_SCREEN))
    g = ui_guard.install_guard()
    yield
    ui_guard.remove_guard()


@pytest.mark.parametrize("name", NAMES)
def test_a_dialog_fits_a_1366x768_screen(qtbot, ctx, small, name):
    from tests.ui.conftest import USER

    session = ctx.users.login(USER[0], USER[2])
    dialog = build(name, ctx, session)
    qtbot.addWidget(dialog)
    needed = max(dialog.minimumSizeHint().height(), dialog.minimumHeight())
    assert needed <= ROOM_HEIGHT, f"{name} needs {needed} px, the screen has {ROOM_HEIGHT}"
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= ROOM_HEIGHT
    assert SMALL_SCREEN.contains(dialog.geometry())
