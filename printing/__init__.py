"""Documents and printing (文书与打印): domain objects → PDF bytes → a printer.

* :mod:`printing.model` — what a document says (JSON-serialisable, masked, labelled);
* :mod:`printing.sources` — builds that content from a case, the site profile and the catalog;
* :mod:`printing.render` — renders it to PDF (reportlab, bundled CJK font embedded), A4 or an
  80 mm roll, with page numbers, 补打 and 培训 marks;
* :mod:`printing.wording` — the texts, in ``resources/documents/*.toml``;
* :mod:`printing.printer` — Qt printing, preview and the remembered printer per counter.

Everything here only reads: documents are archived by :class:`counter.documents.DocumentService`.
"""

from printing.model import KINDS, LAYOUTS, ROLL_KINDS, RenderOptions, Snapshot
from printing.render import render, render_snapshot

__all__ = ["KINDS", "LAYOUTS", "ROLL_KINDS", "RenderOptions", "Snapshot", "render",
           "render_snapshot", "issue_snapshot"]


def issue_snapshot(doc, options: RenderOptions | None = None) -> tuple[bytes, bytes]:
    """Render ``doc`` and return ``(pdf, snapshot)`` — what
    :meth:`counter.documents.DocumentService.issue` archives."""
    options = options or RenderOptions()
    snap = Snapshot(kind=doc.head.kind, doc=doc, options=options)
    return render(doc, options), snap.to_bytes()
