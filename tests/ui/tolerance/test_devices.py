"""The tolerance screens take their printer from the devices at the counter
(``ctx.devices.printers``, the :class:`counter.ports.Printers` port): the A4 printer is the
one the port names."""

from __future__ import annotations

from bootstrap import QtDevices
from counter.ports import Printers


class FakePrinters(Printers):
    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.asked: list[str] = []

    def printer_name(self, paper: str = "a4") -> str | None:
        self.asked.append(paper)
        return "柜台A4打印机"

    def tolerance_printer(self):
        return QtDevices(self.ctx).printers.tolerance_printer()


def test_the_tolerance_documents_print_on_the_printer_the_port_names(tctx, monkeypatch):
    from printing import printer

    sent: list[tuple] = []
    monkeypatch.setattr(printer, "print_document",
                        lambda parent, pdf, name, **kw: sent.append((pdf, name, kw)))
    tctx.devices.printers = FakePrinters(tctx)
    documents = tctx.devices.printers.tolerance_printer()
    documents.print_pdf(None, b"%PDF-1.4", "容缺受理通知书")
    assert tctx.devices.printers.asked == ["a4"]
    assert sent == [(b"%PDF-1.4", "柜台A4打印机", {"title": "容缺受理通知书", "preview": False})]


def test_a_screen_without_a_printer_given_asks_the_devices(qtbot, tctx):
    from ui.tolerance.documents import TolerancePrinter
    from ui.tolerance.queue import ApprovalQueueScreen

    screen = ApprovalQueueScreen(tctx, lambda: None)
    qtbot.addWidget(screen)
    assert isinstance(screen.printer, TolerancePrinter)
