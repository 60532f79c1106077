"""The renderer the decision services archive with (文书存档渲染器).

:class:`PdfRenderer` implements the :class:`counter.documents.DocumentRenderer` port: the
decision services (accept, notify, reject) call it inside their transaction and archive what it
returns, so that the ``notified`` / ``rejected`` events reference the notice they handed out.

What it archives never holds the query password (查询密码): a receipt rendered here says
"见首次打印的受理通知书（回执）；遗失的，可凭有效身份证件到窗口重置" where the first paper printed the password (the password is known only
to the accept call's caller, which prints it once — :meth:`printing.desk.DocumentDesk.
issue_and_print`). Everything else is exactly what the applicant got.

The composition root (:func:`bootstrap.build`, ``renderer=bootstrap.PDF``, the default)
wires it lazily, so that reportlab is imported by the first decision rather than at start-up::

    from counter.documents import DeferredRenderer
    renderer = DeferredRenderer(lambda: PdfRenderer.for_data_dir(data_dir))
"""

from __future__ import annotations

from pathlib import Path

from counter.cases.model import Case
from counter.documents import RenderedDocument
from counter.identity import SiteProfile
from printing import sources
from printing.model import RenderOptions, Snapshot, without_password
from printing.render import render

__all__ = ["PdfRenderer"]


class PdfRenderer:
    """Renders a decided case's document to an A4 PDF plus its snapshot, for the archive.

    Args:
        wording_dir: an administrator's wording override folder (``<data dir>/documents``);
            used when it exists at render time.
    """

    def __init__(self, wording_dir: Path | None = None) -> None:
        self._wording_dir = wording_dir

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> "PdfRenderer":
        return cls(Path(data_dir) / "documents")

    def render(self, kind: str, case: Case, profile: SiteProfile, catalog, *,
               training: bool = False) -> RenderedDocument:
        """The ``kind`` document of ``case`` (A4), without the query password.

        Raises:
            CounterError: the kind does not fit the case.
        """
        doc = without_password(sources.document_for(kind, case, profile, catalog=catalog))
        options = RenderOptions(layout="a4", training=training)
        wording = self._wording_dir if self._wording_dir and self._wording_dir.is_dir() else None
        pdf = render(doc, options, wording_dir=wording)
        snapshot = Snapshot(kind=kind, doc=doc, options=options).to_bytes()
        return RenderedDocument(pdf=pdf, snapshot=snapshot, layout="a4")
