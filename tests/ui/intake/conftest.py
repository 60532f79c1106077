"""Fixtures for the intake screen tests: a shown screen on a real store, a save spy."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from counter.idcard import IdCardData, SimulatedIdCardReader
from counter.ids import make_id_number
from ui.intake.screen import IntakeScreen

CARD = IdCardData(name="王芳", id_number=make_id_number("330106", date(1990, 7, 2), 22), sex="女",
                  birth_date=date(1990, 7, 2), address="浙江省杭州市西湖区文三路1号", nation="汉",
                  issuer="杭州市公安局西湖分局", valid_until=date(2036, 6, 30))


class SaveSpy:
    """Wraps the real intake service and records every save (duck-typed like the service)."""

    def __init__(self, service) -> None:
        self._service = service
        self.saves: list[dict] = []

    def save(self, intake, actor) -> None:
        self._service.save(intake, actor)
        self.saves.append(dict(intake.form))

    def __getattr__(self, name):
        return getattr(self._service, name)


def show_screen(qtbot, ctx, **kw) -> IntakeScreen:
    screen = IntakeScreen(ctx, **kw)
    qtbot.addWidget(screen)
    screen.resize(1100, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    return screen


@pytest.fixture
def spy(mini_ctx):
    spy = SaveSpy(mini_ctx.intake)
    mini_ctx.intake = spy
    return spy


@pytest.fixture
def reader():
    return SimulatedIdCardReader([CARD])


@pytest.fixture
def screen(qtbot, mini_ctx, spy, reader):
    return show_screen(qtbot, mini_ctx, id_reader=reader)
